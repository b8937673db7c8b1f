// Test helper for TestExportAtomic: replaces one file again and again with writeFileAtomically,
// printing "committed G" after generation G is in place. Usage: atomic_writer PATH KILOBYTES
// Generation G's file: "generation G\n", KILOBYTES KiB of bytes that depend on G, "end G\n"
// (TestExportAtomic rebuilds it the same way to compare).
#include "util/AtomicFile.h"
#include "util/Error.h"

#include <cstdio>
#include <iostream>
#include <string>

namespace {

std::string generationContents(long long g, long long kilobytes) {
    std::string text = "generation " + std::to_string(g) + "\n";
    const std::size_t bodyStart = text.size();
    text.resize(bodyStart + std::size_t(kilobytes) * 1024);
    for (std::size_t i = bodyStart; i < text.size(); ++i)
        text[i] = char('a' + (i * 7 + std::size_t(g)) % 26);
    return text + "end " + std::to_string(g) + "\n";
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: atomic_writer PATH KILOBYTES\n";
        return 2;
    }
    try {
        for (long long g = 1;; ++g) {
            ig::writeFileAtomically(argv[1], generationContents(g, std::stoll(argv[2])));
            std::printf("committed %lld\n", g);
            std::fflush(stdout);
        }
    } catch (const ig::Error& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
}
