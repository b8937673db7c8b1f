#include "cli/InterruptGuard.h"

#include "util/Feedback.h"

#include <atomic>
#include <unistd.h>

namespace ig {
namespace {

std::atomic<Feedback*> g_target{nullptr};
volatile std::sig_atomic_t g_interrupts = 0;

// Async-signal-safe: an atomic store, write() and _exit() only.
void onInterrupt(int) {
    Feedback* target = g_target.load();
    if (g_interrupts++ > 0 || target == nullptr)
        _exit(130);
    target->cancel();
    static const char message[] =
        "\nStopping at the next safe point... (press Ctrl+C again to quit at once)\n";
    [[maybe_unused]] const ssize_t written = write(STDERR_FILENO, message, sizeof message - 1);
}

} // namespace

InterruptGuard::InterruptGuard(Feedback& feedback) {
    static_assert(std::atomic<Feedback*>::is_always_lock_free, "needed in a signal handler");
    g_interrupts = 0;
    g_target.store(&feedback);
    struct sigaction action = {};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, &previousInterrupt_);
    sigaction(SIGTERM, &action, &previousTerminate_);
}

InterruptGuard::~InterruptGuard() {
    sigaction(SIGTERM, &previousTerminate_, nullptr);
    sigaction(SIGINT, &previousInterrupt_, nullptr);
    g_target.store(nullptr);
}

} // namespace ig
