#pragma once

#include "project/Records.h"
#include "project/Schema.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ig {

// Counts per table, for `gadget info` and the app's status bar.
struct ProjectSummary {
    long long images = 0, devImages = 0, labelledImages = 0;
    long long workers = 0, boxes = 0, votes = 0, patterns = 0, features = 0;
    long long models = 0, weakLabels = 0, runs = 0;
    std::vector<std::pair<std::string, long long>> goldClasses; // class -> images
    std::vector<std::pair<std::string, long long>> devClasses;  // class -> dev images
    std::vector<std::pair<std::string, long long>> boxTypes;    // defect type -> boxes
};

// One Inspector Gadget project: a single SQLite file (*.gadget) in WAL mode with foreign keys on.
// Every public write runs in its own transaction, or inside the caller's transaction() when one
// is open. A file that is not a project, or that has a newer schema, is refused without writing.
//
// Threading: a Project is one SQLite connection; use it from one thread at a time. For parallel
// work open one Project per thread (or per process): SQLite's locking serialises writers, and a
// writer that cannot get the lock within busyTimeoutMs gets an ig::Error of Kind::Busy.
class Project {
public:
    static constexpr int kSchemaVersion = schema::kCurrentVersion;

    // Creates a new, empty project file; fails when `path` exists.
    static Project create(const std::string& path);
    // Opens an existing project, migrating an older schema in place (in one transaction).
    static Project open(const std::string& path, int busyTimeoutMs = 5000);

    Project(Project&&) noexcept;
    Project& operator=(Project&&) noexcept;
    ~Project();

    const std::string& path() const;
    std::string folder() const; // folder of the project file; image paths are relative to it
    int schemaVersion() const;

    // Runs `work` in one transaction (BEGIN IMMEDIATE at the outermost level, a savepoint when
    // nested): all of it is committed, or none when it throws.
    void transaction(const std::function<void()>& work);

    // Images
    Id addImage(const ImageRecord& image); // returns the new id
    std::optional<ImageRecord> image(Id id) const;
    std::optional<ImageRecord> imageByHash(const std::string& contentHash) const; // first one
    std::optional<ImageRecord> imageByPath(const std::string& storedPath) const;
    std::optional<ImageRecord> imageByName(const std::string& fileName) const; // by file name
    std::vector<ImageRecord> images() const;
    void setGoldLabel(Id imageId, const std::optional<std::string>& label);
    void setDev(Id imageId, bool isDev);
    void clearDev();
    std::string absoluteImagePath(const ImageRecord& image) const;

    // Workers
    Id addWorker(const std::string& name, Role role);
    std::optional<WorkerRecord> workerByName(const std::string& name) const;
    Id ensureWorker(const std::string& name, Role role); // existing id, or a new worker
    std::vector<WorkerRecord> workers() const;

    // Boxes and review votes
    Id addBox(const BoxRecord& box);
    void removeBox(Id boxId);
    void updateBox(const BoxRecord& box);
    std::vector<BoxRecord> boxes() const;
    std::vector<BoxRecord> boxesOfImage(Id imageId) const;
    Id addVote(const VoteRecord& vote); // one vote per (box, expert); a new vote replaces the old
    std::vector<VoteRecord> votes() const;

    // Patterns
    Id addPattern(const PatternRecord& pattern);
    std::vector<PatternRecord> patterns() const; // with pixels
    void removePatterns(PatternOrigin origin);   // and their features

    // Features: the best match of each pattern on each image
    void putFeatures(const std::vector<FeatureRecord>& features); // insert or replace
    std::vector<FeatureRecord> features() const;
    std::vector<FeatureRecord> featuresOfImage(Id imageId) const;
    void clearFeatures();

    // Augmenters: what the augmentation learnt (policy search results, GAN generators), kept
    // to be reused while their inputs stay the same
    Id addAugmenter(const AugmenterRecord& augmenter);
    std::vector<AugmenterRecord> augmenters() const; // in the order they were added
    void removeAugmenter(Id id);

    // Labeler models and weak labels
    Id addModel(const LabelerModelRecord& model);
    std::optional<LabelerModelRecord> latestModel() const;
    void putWeakLabels(const std::vector<WeakLabelRecord>& labels); // insert or replace
    std::vector<WeakLabelRecord> weakLabels() const;
    void clearWeakLabels();

    // Runs: what ran, with what parameters, when, and how it ended
    Id beginRun(const std::string& command, const std::string& paramsJson);
    void finishRun(Id runId, RunOutcome outcome, const std::string& message);
    std::vector<RunRecord> runs() const;

    // Free key/value settings of the project (targets, options, chosen policies...)
    void setSetting(const std::string& key, const std::string& value);
    std::optional<std::string> setting(const std::string& key) const;

    // Writes a consistent copy of the whole project to `path` (SQLite's VACUUM INTO), e.g. a
    // scratch copy for experiments. Image paths are relative, so keep the copy in the same
    // folder. Throws ig::Error(Input) when `path` exists or cannot be written.
    void saveCopyAs(const std::string& path) const;

    ProjectSummary summary() const;
    // PRAGMA integrity_check and foreign_key_check; returns "ok" or the problems found.
    std::string checkIntegrity() const;

    // ---- Crowd workflow ----
    // Workers edit only their own boxes. Each edit is journaled (table box_edits) in the same
    // transaction as the change, so undo and redo work across restarts; undo applies the inverse
    // and marks the edit undone; a new edit drops that worker's undone edits (the redo tail).
    enum class BoxEditOp { Add, Change, Remove };
    struct BoxEdit {
        Id id = 0;
        Id workerId = 0;
        Id boxId = 0; // the box's id now (a restored box may get a new id)
        BoxEditOp op = BoxEditOp::Add;
        std::optional<BoxRecord> before; // none for Add
        std::optional<BoxRecord> after;  // none for Remove
        bool undone = false;
        std::string at;
    };
    // An image a worker finished; noDefect: without any box of theirs on it.
    struct ImageDone {
        Id imageId = 0;
        Id workerId = 0;
        std::string doneAt;
        bool noDefect = false;
    };

    std::optional<WorkerRecord> worker(Id workerId) const;
    void setWorkerRole(Id workerId, Role role);

    // box.workerId's new box; returns its id. Throws ig::Error(Usage) for a box without area.
    Id addBoxJournaled(const BoxRecord& box);
    // Moves, resizes or retypes box.id (its image and worker stay). Throws ig::Error(Usage) when
    // the box is missing or not `workerId`'s.
    void changeBoxJournaled(Id workerId, const BoxRecord& box);
    // Throws ig::Error(Usage) when the box is missing or not `workerId`'s.
    void removeBoxJournaled(Id workerId, Id boxId);
    // Undoes the worker's latest edit not undone yet / redoes their earliest undone edit, and
    // returns it (as it reads afterwards); none when there is nothing to undo / redo. An edit
    // whose image was removed meanwhile is skipped over (marked, not applied).
    std::optional<BoxEdit> undoBoxEdit(Id workerId);
    std::optional<BoxEdit> redoBoxEdit(Id workerId);
    bool canUndoBoxEdit(Id workerId) const;
    bool canRedoBoxEdit(Id workerId) const;
    std::vector<BoxEdit> boxEdits(Id workerId) const; // oldest first
    std::vector<BoxRecord> boxesOfImageBy(Id imageId, Id workerId) const;

    // Records that the worker finished the image (again: the time is updated); noDefect is
    // whether they have no box on it, and follows their later edits of that image.
    void markImageDone(Id imageId, Id workerId);
    std::optional<ImageDone> imageDone(Id imageId, Id workerId) const;
    std::vector<ImageDone> imagesDone() const;              // by image, then worker
    std::vector<ImageDone> imagesDoneBy(Id workerId) const; // in the order they were done

private:
    std::optional<BoxEdit> stepBoxEdit(Id workerId, bool redo);

    struct Impl;
    explicit Project(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// The current UTC time as ISO 8601 text.
std::string utcNow();

} // namespace ig
