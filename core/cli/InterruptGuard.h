#pragma once

#include <csignal>

namespace ig {

class Feedback;

// While alive, Ctrl+C (SIGINT) or SIGTERM (what `kill` and batch schedulers send at a time
// limit) asks `feedback` to cancel instead of killing the process, so the work stops between two
// items, the project stays consistent and scratch copies are removed; a second signal quits at
// once with exit code 130. One guard at a time (the handlers are process-wide).
//
// Threading: create and destroy on the main thread; the handler runs on whichever thread the
// signal lands and only stores an atomic flag and writes a fixed message.
class InterruptGuard {
public:
    explicit InterruptGuard(Feedback& feedback);
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

private:
    struct sigaction previousInterrupt_;
    struct sigaction previousTerminate_;
};

} // namespace ig
