#include "cli/Gadget.h"

int main(int argc, char** argv) {
    return ig::runGadget(argc, argv);
}
