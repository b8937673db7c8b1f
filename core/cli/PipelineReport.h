#pragma once

#include <ostream>
#include <string>

namespace ig {

struct PipelineResult;

// What `gadget run` and `gadget demo` print after a pipeline run: patterns, features, the
// chosen labeler and the weak labels, with the next command to try.
void printPipelineResult(std::ostream& out, const PipelineResult& result,
                         const std::string& projectPath);

} // namespace ig
