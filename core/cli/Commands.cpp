#include "cli/Commands.h"

namespace ig {

const std::vector<AddCommand>& allCommands() {
    static const std::vector<AddCommand> commands = {
        addNewCommand,    addImportImagesCommand, addImportLabelsCommand, addImportBoxesCommand,
        addSetDevCommand, addInfoCommand,         addRunCommand,          addEvalCommand,
        addExportCommand, addDemoCommand,         addBenchMatchCommand,   addBenchSplitsCommand,
        addBenchAugmentCommand,
        addBenchGanCommand,
    };
    return commands;
}

} // namespace ig
