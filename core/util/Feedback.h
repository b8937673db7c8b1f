#pragma once

#include <atomic>
#include <mutex>
#include <string>

namespace ig {

// The one progress/cancel channel for all long work (after QGIS's QgsFeedback). The engine
// reports through it; the CLI subclasses it to draw a terminal progress line, the GUI to emit
// Qt signals.
//
// Threading: every method may be called from any thread at any time. Subclasses get
// onProgress()/onMessage() calls serialised by an internal mutex, on whichever worker thread
// reported, so they must not touch widgets directly (the GUI subclass queues a signal).
class Feedback {
public:
    virtual ~Feedback() = default;

    // Starts a named stage of `total` steps (0 = unknown); resets the step count.
    void beginStage(const std::string& name, long long total);
    // Marks `n` more steps of the current stage done.
    void advance(long long n = 1);
    // A line for the user (warnings, skipped files); not a progress update.
    void message(const std::string& text);

    void cancel() { canceled_.store(true); }
    bool isCanceled() const { return canceled_.load(); }
    // Throws ig::CanceledError when cancel() was called; long loops call it between items.
    void throwIfCanceled() const;

    std::string stage() const;
    long long done() const { return done_.load(); }
    long long total() const { return total_.load(); }

protected:
    virtual void onProgress(const std::string& /*stage*/, long long /*done*/, long long /*total*/) {
    }
    virtual void onMessage(const std::string& /*text*/) {}

private:
    std::atomic<bool> canceled_{false};
    std::atomic<long long> done_{0};
    std::atomic<long long> total_{0};
    mutable std::mutex mutex_;
    std::string stage_;
};

// A Feedback that reports nothing; for callers that do not care.
class SilentFeedback : public Feedback {};

} // namespace ig
