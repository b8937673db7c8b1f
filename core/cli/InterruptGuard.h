#pragma once

#include <csignal>

namespace ig {

class Feedback;

// While alive, Ctrl+C (SIGINT) asks `feedback` to cancel instead of killing the process, so the
// work stops between two items and the project stays consistent; a second Ctrl+C quits at once
// with exit code 130. One guard at a time (the handler is process-wide).
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
    struct sigaction previous_;
};

} // namespace ig
