// Test helper for TestProjectSoak: writes to a project the way the app's people and the pipeline
// do, printing one "committed ..." line after each commit returned, so that the parent knows what
// must be in the file whatever happens next (a SIGKILL, other writers).
//
//   soak_writer PROJECT MODE NAME LIMIT [THREADS] [BUSY_TIMEOUT_MS] [IMAGE_DIR]
//
// MODE mixed     LIMIT iterations, one thread: import the next image file of IMAGE_DIR, import a
//                labels CSV naming it, draw a journaled box, vote on it as an expert, store weak
//                labels for every image (the crash soak)
// MODE draw      THREADS workers (NAME-t) draw and move journaled boxes for LIMIT seconds
// MODE vote      THREADS experts (NAME-t) vote on random boxes for LIMIT seconds
// MODE features  THREADS threads store feature batches, thread t for pattern number t, LIMIT s
//
// Lines: "committed image PATH" | "committed label PATH LABEL" |
//        "committed box ID X Y W H" (latest line per id = the box's rectangle) |
//        "committed vote BOX EXPERT accept|reject" | "committed weak GENERATION MAX_IMAGE_ID" |
//        "committed feature IMAGE PATTERN SCORE" | "busy MESSAGE" (a Busy error; retried) |
//        "done THREAD COMMITS BUSY" | "ready" (mixed: the project is open, writing starts).
// A busy writer retries until LIMIT + 20 s, then exits 4. Exit 1 on any other error.
#include "io/CsvImport.h"
#include "io/ImageImporter.h"
#include "project/Project.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::mutex outputMutex;

// One whole line per write(2), so a kill never leaves half a line.
void say(const std::string& line) {
    const std::lock_guard<std::mutex> lock(outputMutex);
    std::fputs((line + "\n").c_str(), stdout);
    std::fflush(stdout);
}

struct GiveUp {
    std::string message;
};

// Runs `work`, retrying after a Busy error until `giveUpAt`.
template <typename Work> auto retryBusy(Work&& work, Clock::time_point giveUpAt, int& busy) {
    for (;;) {
        try {
            return work();
        } catch (const ig::Error& e) {
            if (e.kind() != ig::Error::Kind::Busy)
                throw;
            ++busy;
            say(std::string("busy ") + e.what());
            if (Clock::now() > giveUpAt)
                throw GiveUp{e.what()};
            std::this_thread::sleep_for(std::chrono::milliseconds(1 + busy % 7));
        }
    }
}

std::string rectText(const ig::Rect& r) {
    return std::to_string(int(r.x)) + " " + std::to_string(int(r.y)) + " " +
           std::to_string(int(r.w)) + " " + std::to_string(int(r.h));
}

// ---- mixed: the crash soak's writer ----
void runMixed(const std::string& projectPath, const std::string& name, int iterations,
              int busyTimeout, const std::string& imageDir) {
    ig::Project project = ig::Project::open(projectPath, busyTimeout);
    ig::SilentFeedback feedback;
    const ig::Id worker = project.ensureWorker(name + "-worker", ig::Role::Worker);
    const ig::Id expert = project.ensureWorker(name + "-expert", ig::Role::Expert);
    std::optional<ig::LabelerModelRecord> model = project.latestModel();
    if (!model) {
        ig::LabelerModelRecord m;
        m.paramsJson = "{}";
        m.weights = {1, 2, 3};
        m.id = project.addModel(m);
        model = m;
    }
    const ig::Id canvas = project.imageByPath("canvas.png")->id; // a big image to draw boxes on
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(imageDir))
        files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    say("ready");
    const std::string labelsCsv =
        (fs::path(projectPath).parent_path() / ("labels-" + std::to_string(getpid()) + ".csv"))
            .string();
    for (int i = 0; i < iterations; ++i) {
        // Import: the first image file not in the project yet, then a labels CSV naming it.
        for (const std::string& file : files) {
            const std::string stored = "images/" + fs::path(file).filename().string();
            if (project.imageByPath(stored))
                continue;
            const ig::ImportReport report = ig::importImages(project, {file}, feedback);
            if (report.added != 1)
                throw ig::Error(ig::Error::Kind::Internal, "importing " + file + " added nothing");
            say("committed image " + stored);
            const std::string label = i % 2 ? "1" : "0";
            std::ofstream(labelsCsv, std::ios::trunc) << "image,label\n"
                                                      << stored << "," << label << "\n";
            const ig::CsvImportReport labels = ig::importLabels(project, labelsCsv, feedback);
            if (labels.applied != 1)
                throw ig::Error(ig::Error::Kind::Internal, "the label of " + stored + " was lost");
            say("committed label " + stored + " " + label);
            break;
        }
        // Draw a box and review it.
        ig::BoxRecord box;
        box.imageId = canvas;
        box.workerId = worker;
        box.rect = {double(i % 500), double(i % 300), double(5 + i % 40), double(3 + i % 20)};
        box.defectType = "crack";
        box.id = project.addBoxJournaled(box);
        say("committed box " + std::to_string(box.id) + " " + rectText(box.rect));
        ig::VoteRecord vote;
        vote.boxId = box.id;
        vote.workerId = expert;
        vote.vote = i % 3 ? ig::Vote::Accept : ig::Vote::Reject;
        vote.defectType = "crack";
        project.addVote(vote);
        say("committed vote " + std::to_string(box.id) + " " + std::to_string(expert) + " " +
            ig::toString(vote.vote));
        // Weak labels for every image, as the labeler stage writes them.
        const long long generation = std::chrono::duration_cast<std::chrono::microseconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count();
        std::vector<ig::WeakLabelRecord> labels;
        ig::Id maxId = 0;
        for (const ig::ImageRecord& image : project.images()) {
            labels.push_back(
                {image.id, model->id, "g" + std::to_string(generation), 0.5, "{\"matches\":[]}"});
            maxId = std::max(maxId, image.id);
        }
        project.putWeakLabels(labels);
        say("committed weak " + std::to_string(generation) + " " + std::to_string(maxId));
    }
}

// ---- draw / vote / features: the concurrency soak's writers ----
struct ThreadResult {
    int commits = 0;
    int busy = 0;
    std::string error;
    int exitCode = 0;
};

void drawLoop(ig::Project& project, const std::string& workerName, Clock::time_point end,
              Clock::time_point giveUpAt, ThreadResult& result) {
    const ig::Id worker = retryBusy(
        [&] { return project.ensureWorker(workerName, ig::Role::Worker); }, giveUpAt, result.busy);
    const std::vector<ig::ImageRecord> images = project.images();
    std::mt19937 random(std::hash<std::string>()(workerName));
    ig::Id lastBox = 0;
    for (int i = 0; Clock::now() < end; ++i) {
        const ig::ImageRecord& image = images[random() % images.size()];
        ig::BoxRecord box;
        box.imageId = image.id;
        box.workerId = worker;
        box.rect = {double(random() % 50), double(random() % 50), double(1 + random() % 40),
                    double(1 + random() % 40)};
        box.defectType = "crack";
        if (i % 3 == 2 && lastBox != 0) { // move the previous box
            box.id = lastBox;
            retryBusy([&] { project.changeBoxJournaled(worker, box); }, giveUpAt, result.busy);
        } else {
            box.id = retryBusy([&] { return project.addBoxJournaled(box); }, giveUpAt, result.busy);
            lastBox = box.id;
        }
        say("committed box " + std::to_string(box.id) + " " + rectText(box.rect));
        ++result.commits;
        if (i % 5 == 4)
            retryBusy([&] { project.markImageDone(image.id, worker); }, giveUpAt, result.busy);
    }
}

void voteLoop(ig::Project& project, const std::string& expertName, Clock::time_point end,
              Clock::time_point giveUpAt, ThreadResult& result) {
    const ig::Id expert = retryBusy(
        [&] { return project.ensureWorker(expertName, ig::Role::Expert); }, giveUpAt, result.busy);
    std::mt19937 random(std::hash<std::string>()(expertName));
    std::vector<ig::BoxRecord> boxes;
    for (int i = 0; Clock::now() < end; ++i) {
        if (boxes.empty() || i % 20 == 0)
            boxes = project.boxes();
        if (boxes.empty()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            continue;
        }
        ig::VoteRecord vote;
        vote.boxId = boxes[random() % boxes.size()].id;
        vote.workerId = expert;
        vote.vote = random() % 2 ? ig::Vote::Accept : ig::Vote::Reject;
        vote.defectType = "crack";
        retryBusy([&] { return project.addVote(vote); }, giveUpAt, result.busy);
        say("committed vote " + std::to_string(vote.boxId) + " " + std::to_string(expert) + " " +
            ig::toString(vote.vote));
        ++result.commits;
    }
}

void featureLoop(ig::Project& project, int thread, Clock::time_point end,
                 Clock::time_point giveUpAt, ThreadResult& result) {
    const std::vector<ig::ImageRecord> images = project.images();
    std::vector<ig::PatternRecord> patterns = project.patterns();
    if (patterns.empty())
        throw ig::Error(ig::Error::Kind::Usage, "the project needs patterns for features");
    const ig::Id pattern = patterns[std::size_t(thread) % patterns.size()].id;
    for (int batch = 0; Clock::now() < end; ++batch) {
        std::vector<ig::FeatureRecord> features;
        for (std::size_t k = 0; k < 16; ++k) {
            const ig::ImageRecord& image = images[(std::size_t(batch) * 16 + k) % images.size()];
            features.push_back(
                {image.id, pattern, double(batch) + 0.001 * double(k), int(k), batch % 100});
        }
        retryBusy([&] { project.putFeatures(features); }, giveUpAt, result.busy);
        for (const ig::FeatureRecord& f : features)
            say("committed feature " + std::to_string(f.imageId) + " " +
                std::to_string(f.patternId) + " " + std::to_string(f.score));
        ++result.commits;
    }
}

int runThreads(const std::string& projectPath, const std::string& mode, const std::string& name,
               int seconds, int threads, int busyTimeout) {
    const Clock::time_point end = Clock::now() + std::chrono::seconds(seconds);
    const Clock::time_point giveUpAt = end + std::chrono::seconds(20);
    std::vector<ThreadResult> results(static_cast<std::size_t>(threads));
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            ThreadResult& result = results[std::size_t(t)];
            try {
                // One connection per thread, as the Project header asks.
                ig::Project project =
                    retryBusy([&] { return ig::Project::open(projectPath, busyTimeout); }, giveUpAt,
                              result.busy);
                const std::string own = name + "-" + std::to_string(t);
                if (mode == "draw")
                    drawLoop(project, own, end, giveUpAt, result);
                else if (mode == "vote")
                    voteLoop(project, own, end, giveUpAt, result);
                else
                    featureLoop(project, t, end, giveUpAt, result);
            } catch (const GiveUp& e) {
                result.error = "gave up waiting for the lock: " + e.message;
                result.exitCode = 4;
            } catch (const std::exception& e) {
                result.error = e.what();
                result.exitCode = 1;
            }
        });
    }
    for (std::thread& t : pool)
        t.join();
    int exitCode = 0;
    for (int t = 0; t < threads; ++t) {
        const ThreadResult& r = results[std::size_t(t)];
        say("done " + std::to_string(t) + " " + std::to_string(r.commits) + " " +
            std::to_string(r.busy));
        if (!r.error.empty())
            std::cerr << "thread " << t << ": " << r.error << "\n";
        exitCode = std::max(exitCode, r.exitCode);
    }
    return exitCode;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 5) {
        std::cerr << "usage: soak_writer PROJECT mixed|draw|vote|features NAME LIMIT [THREADS] "
                     "[BUSY_TIMEOUT_MS] [IMAGE_DIR]\n";
        return 2;
    }
    const std::string project = argv[1], mode = argv[2], name = argv[3];
    const int limit = std::stoi(argv[4]);
    const int threads = argc > 5 ? std::stoi(argv[5]) : 1;
    const int busyTimeout = argc > 6 ? std::stoi(argv[6]) : 5000;
    try {
        if (mode == "mixed") {
            runMixed(project, name, limit, busyTimeout, argc > 7 ? argv[7] : "");
            return 0;
        }
        if (mode == "draw" || mode == "vote" || mode == "features")
            return runThreads(project, mode, name, limit, threads, busyTimeout);
        std::cerr << "unknown mode " << mode << "\n";
        return 2;
    } catch (const ig::Error& e) {
        std::cerr << e.what() << "\n";
        return e.kind() == ig::Error::Kind::Busy ? 4 : 1;
    } catch (const std::exception& e) {
        std::cerr << "unexpected: " << e.what() << "\n";
        return 1;
    }
}
