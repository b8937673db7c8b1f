#pragma once

#include <stdexcept>
#include <string>

namespace ig {

// Every error that reaches a user is an ig::Error: its what() is a full sentence that says what
// went wrong and, where possible, what to do about it. The kind lets the CLI pick an exit code.
class Error : public std::runtime_error {
public:
    enum class Kind {
        Usage,    // wrong arguments or options
        Input,    // a file given by the user is missing, unreadable or malformed
        Project,  // not a project, newer schema, integrity problem
        Busy,     // another process holds the project's write lock
        Canceled, // the user asked to stop
        Internal, // a bug or an unexpected library failure
    };
    Error(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    Kind kind() const { return kind_; }

private:
    Kind kind_;
};

class CanceledError : public Error {
public:
    CanceledError() : Error(Kind::Canceled, "Canceled by the user.") {}
};

} // namespace ig
