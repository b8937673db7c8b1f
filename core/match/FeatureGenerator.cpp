#include "match/FeatureGenerator.h"

#include "match/MatchInput.h"
#include "match/PreparedImage.h"
#include "match/PreparedPattern.h"
#include "match/PyramidMatcher.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

namespace ig {

int matchThreadCount(const MatchOptions& options) {
    return options.threads > 0 ? options.threads : std::max(1, cv::getNumThreads());
}

namespace {

// Shared state between the calling thread (delivers results in order) and the workers
// (claim, load, match). Everything is guarded by `mutex`.
struct Pipeline {
    std::mutex mutex;
    std::condition_variable changed;
    size_t nextToClaim = 0;
    size_t nextToDeliver = 0;
    std::map<size_t, std::vector<MatchResult>> finished; // waiting for delivery
    bool stop = false;                                   // error, cancel or caller gone
    std::exception_ptr error;
};

std::vector<MatchResult> matchImage(const cv::Mat& image,
                                    const std::vector<PreparedPattern>& patterns,
                                    const MatchOptions& options, const Feedback& feedback) {
    std::vector<MatchResult> results;
    if (image.empty())
        return results;
    const PreparedImage prepared(image, options);
    results.reserve(patterns.size());
    for (const PreparedPattern& pattern : patterns) {
        if (feedback.isCanceled())
            break; // the partial result is dropped by the worker
        results.push_back(matchPyramid(prepared, pattern, options));
    }
    return results;
}

void worker(Pipeline& p, size_t imageCount, size_t inFlight, const MatchImageLoader& loadImage,
            const std::vector<PreparedPattern>& patterns, const MatchOptions& options,
            const Feedback& feedback) {
    for (;;) {
        size_t index;
        {
            std::unique_lock<std::mutex> lock(p.mutex);
            // Stay at most `inFlight` images ahead of delivery: bounds memory and buffering.
            p.changed.wait(lock, [&] {
                return p.stop || feedback.isCanceled() || p.nextToClaim >= imageCount ||
                       p.nextToClaim < p.nextToDeliver + inFlight;
            });
            if (p.stop || feedback.isCanceled() || p.nextToClaim >= imageCount)
                return;
            index = p.nextToClaim++;
        }
        try {
            std::vector<MatchResult> results =
                matchImage(loadImage(index), patterns, options, feedback);
            if (feedback.isCanceled()) {
                std::lock_guard<std::mutex> lock(p.mutex);
                p.changed.notify_all();
                return;
            }
            std::lock_guard<std::mutex> lock(p.mutex);
            p.finished.emplace(index, std::move(results));
            p.changed.notify_all();
        } catch (...) {
            std::lock_guard<std::mutex> lock(p.mutex);
            if (!p.error)
                p.error = std::current_exception();
            p.stop = true;
            p.changed.notify_all();
            return;
        }
    }
}

// Joins the workers however the calling thread leaves (normal end, error, cancel).
class WorkerGroup {
public:
    explicit WorkerGroup(Pipeline& p) : pipeline_(p) {}
    ~WorkerGroup() {
        {
            std::lock_guard<std::mutex> lock(pipeline_.mutex);
            pipeline_.stop = true;
        }
        pipeline_.changed.notify_all();
        for (std::thread& t : threads_)
            t.join();
    }
    template <typename F> void start(F&& f) { threads_.emplace_back(std::forward<F>(f)); }

private:
    Pipeline& pipeline_;
    std::vector<std::thread> threads_;
};

} // namespace

void generateFeatures(size_t imageCount, const MatchImageLoader& loadImage,
                      const std::vector<cv::Mat>& patterns, const MatchOptions& options,
                      const MatchImageHandler& onImageDone, Feedback& feedback) {
    std::vector<PreparedPattern> prepared;
    prepared.reserve(patterns.size());
    for (size_t i = 0; i < patterns.size(); ++i) {
        detail::requireGrey8(patterns[i], "pattern " + std::to_string(i + 1));
        prepared.emplace_back(patterns[i], options);
    }
    feedback.beginStage("Matching patterns", static_cast<long long>(imageCount));
    if (imageCount == 0)
        return;

    const int threads = static_cast<int>(
        std::min<size_t>(static_cast<size_t>(matchThreadCount(options)), imageCount));
    const size_t inFlight = static_cast<size_t>(
        std::max(threads, options.imagesInFlight > 0 ? options.imagesInFlight : 2 * threads));

    Pipeline p;
    {
        WorkerGroup group(p);
        for (int t = 0; t < threads; ++t)
            group.start(
                [&] { worker(p, imageCount, inFlight, loadImage, prepared, options, feedback); });

        // Deliver in order on this thread until done, failed or canceled.
        std::unique_lock<std::mutex> lock(p.mutex);
        while (p.nextToDeliver < imageCount) {
            // Wake up now and then to notice a cancel (Feedback has no way to notify us).
            p.changed.wait_for(lock, std::chrono::milliseconds(50),
                               [&] { return p.error || p.finished.count(p.nextToDeliver) > 0; });
            if (p.error || feedback.isCanceled())
                break;
            auto it = p.finished.find(p.nextToDeliver);
            if (it == p.finished.end())
                continue;
            const std::vector<MatchResult> results = std::move(it->second);
            p.finished.erase(it);
            const size_t index = p.nextToDeliver++;
            p.changed.notify_all(); // a slot for one more image
            lock.unlock();
            onImageDone(index, results); // an exception here joins the workers and propagates
            feedback.advance();
            lock.lock();
        }
    } // workers joined here

    if (p.error)
        std::rethrow_exception(p.error);
    // Canceled: images finished while the workers wound down are delivered, in order.
    for (auto it = p.finished.begin(); it != p.finished.end() && it->first == p.nextToDeliver;
         it = p.finished.erase(it)) {
        onImageDone(p.nextToDeliver++, it->second);
        feedback.advance();
    }
    if (p.nextToDeliver < imageCount)
        feedback.throwIfCanceled();
}

} // namespace ig
