#include "cli/TerminalFeedback.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ig {
namespace {

constexpr auto kRedrawInterval = std::chrono::milliseconds(100);
constexpr auto kPlainInterval = std::chrono::seconds(10);

double secondsBetween(std::chrono::steady_clock::time_point a,
                      std::chrono::steady_clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
}

} // namespace

std::string formatDuration(double seconds) {
    const long long total = std::llround(std::max(0.0, seconds));
    const long long h = total / 3600, m = (total / 60) % 60, s = total % 60;
    char text[32];
    if (h > 0)
        std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", h, m, s);
    else
        std::snprintf(text, sizeof text, "%lld:%02lld", m, s);
    return text;
}

std::string formatProgressLine(const std::string& stage, long long done, long long total,
                               double elapsedSeconds) {
    std::string line = "[" + stage + "] " + std::to_string(done);
    if (total > 0) {
        const int percent = int(100.0 * double(done) / double(total));
        line += "/" + std::to_string(total) + " (" + std::to_string(percent) + "%)";
    }
    if (done > 0 && elapsedSeconds > 0.2) {
        const double rate = double(done) / elapsedSeconds;
        char text[32];
        std::snprintf(text, sizeof text, " %.1f/s", rate);
        line += text;
        if (total > 0 && done < total)
            line += " ETA " + formatDuration(double(total - done) / rate);
    }
    return line;
}

TerminalFeedback::TerminalFeedback(std::ostream& stream, bool interactive)
    : stream_(stream), interactive_(interactive) {}

void TerminalFeedback::draw(const std::string& line) {
    stream_ << '\r' << line << "\x1b[K" << std::flush; // \x1b[K clears the rest of the line
    lastLine_ = line;
    lineOpen_ = true;
}

void TerminalFeedback::onProgress(const std::string& stage, long long done, long long total) {
    if (!progressEnabled_)
        return;
    const Clock::time_point now = Clock::now();
    if (done == 0 || stage != stage_) { // a new stage
        if (lineOpen_)
            finishLine();
        stage_ = stage;
        stageStart_ = now;
        lastDraw_ = now;
    }
    const bool complete = total > 0 && done >= total;
    const double elapsed = secondsBetween(stageStart_, now);
    if (interactive_) {
        if (!complete && done != 0 && now - lastDraw_ < kRedrawInterval)
            return;
        lastDraw_ = now;
        draw(formatProgressLine(stage, done, total, elapsed));
        if (complete)
            finishLine();
        return;
    }
    if (complete) {
        char took[32];
        std::snprintf(took, sizeof took, "%.1f", elapsed);
        stream_ << "[" << stage << "] " << done << "/" << total << " done in " << took << " s"
                << std::endl;
    } else if (done > 0 && now - lastDraw_ >= kPlainInterval) {
        lastDraw_ = now;
        stream_ << formatProgressLine(stage, done, total, elapsed) << std::endl;
    }
}

void TerminalFeedback::onMessage(const std::string& text) {
    if (interactive_ && lineOpen_) {
        stream_ << "\r\x1b[K" << text << '\n';
        draw(lastLine_);
        return;
    }
    stream_ << text << std::endl;
}

void TerminalFeedback::finishLine() {
    if (!lineOpen_)
        return;
    stream_ << '\n' << std::flush;
    lineOpen_ = false;
}

} // namespace ig
