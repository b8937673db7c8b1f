#include "cli/Commands.h"

namespace ig {

const std::vector<AddCommand>& allCommands() {
    static const std::vector<AddCommand> commands = {
        addNewCommand,        addImportImagesCommand, addImportLabelsCommand, addImportBoxesCommand,
        addSetDevCommand,     addInfoCommand,         addRunCommand,          addEvalCommand,
        addExportCommand,     addExportBoxesCommand,  addMergeProjectCommand, addDemoCommand,
        addBenchMatchCommand, addBenchSplitsCommand,  addBenchAugmentCommand, addBenchGanCommand,
        addBenchCrowdCommand,
    };
    return commands;
}

} // namespace ig
