#include "cli/Commands.h"

namespace ig {

const std::vector<AddCommand>& allCommands() {
    static const std::vector<AddCommand> commands = {
        addNewCommand,         addImportImagesCommand, addImportLabelsCommand,
        addImportBoxesCommand, addSetDevCommand,       addInfoCommand,
    };
    return commands;
}

} // namespace ig
