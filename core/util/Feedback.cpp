#include "util/Feedback.h"

#include "util/Error.h"

namespace ig {

void Feedback::beginStage(const std::string& name, long long total) {
    std::lock_guard<std::mutex> lock(mutex_);
    stage_ = name;
    done_.store(0);
    total_.store(total);
    onProgress(stage_, 0, total);
}

void Feedback::advance(long long n) {
    const long long done = done_.fetch_add(n) + n;
    std::lock_guard<std::mutex> lock(mutex_);
    onProgress(stage_, done, total_.load());
}

void Feedback::message(const std::string& text) {
    std::lock_guard<std::mutex> lock(mutex_);
    onMessage(text);
}

void Feedback::throwIfCanceled() const {
    if (isCanceled())
        throw CanceledError();
}

std::string Feedback::stage() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return stage_;
}

} // namespace ig
