#pragma once

#include "util/Feedback.h"

#include <chrono>
#include <ostream>
#include <string>

namespace ig {

// Feedback for the command line. On a terminal it redraws one progress line in place
// ("\r[import images] 123/399 (31%) 12.3/s ETA 0:21", at most ~10 times a second) and prints
// messages above it; otherwise (a pipe, a log file, CI) it writes plain lines: one when a stage
// completes and one every 10 seconds while it runs, so logs stay short.
//
// Threading: as Feedback (report from any thread). finishLine() and setProgressEnabled() are
// for the main thread while no work is running.
class TerminalFeedback : public Feedback {
public:
    // `interactive`: the stream is a terminal (isatty), so lines can be redrawn in place.
    TerminalFeedback(std::ostream& stream, bool interactive);

    // Without progress only messages are printed (for --no-progress).
    void setProgressEnabled(bool enabled) { progressEnabled_ = enabled; }
    // Ends an open progress line so that the next output starts on a line of its own.
    void finishLine();

protected:
    void onProgress(const std::string& stage, long long done, long long total) override;
    void onMessage(const std::string& text) override;

private:
    using Clock = std::chrono::steady_clock;
    void draw(const std::string& line);

    std::ostream& stream_;
    bool interactive_;
    bool progressEnabled_ = true;
    bool lineOpen_ = false; // a progress line is on screen without its newline
    std::string lastLine_;
    std::string stage_;
    Clock::time_point stageStart_;
    Clock::time_point lastDraw_;
};

// "[stage] 123/399 (31%) 12.3/s ETA 0:21"; with total 0 (unknown) "[stage] 123 12.3/s". Rate
// and ETA appear once there is something to measure.
std::string formatProgressLine(const std::string& stage, long long done, long long total,
                               double elapsedSeconds);

// "0:21", "12:05", "1:02:03".
std::string formatDuration(double seconds);

} // namespace ig
