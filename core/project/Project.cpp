#include "project/Project.h"

#include "project/Schema.h"
#include "project/Statement.h"
#include "util/Error.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace ig {

std::string utcNow() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

namespace {

struct DbCloser {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbHandle = std::unique_ptr<sqlite3, DbCloser>;

// True when the file starts with SQLite's magic header (or is empty, which SQLite also opens).
bool looksLikeSqlite(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char header[16] = {};
    in.read(header, sizeof header);
    return in.gcount() == 16 && std::string(header, 15) == "SQLite format 3";
}

int pragmaInt(sqlite3* db, const char* name) {
    Statement s(db, std::string("PRAGMA ") + name);
    return s.step() ? s.int32(0) : 0;
}

void configureConnection(sqlite3* db, int busyTimeoutMs) {
    sqlite3_busy_timeout(db, busyTimeoutMs);
    sqlite3_extended_result_codes(db, 1);
    execSql(db, "PRAGMA foreign_keys = ON");
    // WAL: readers never block the writer, and a crash loses nothing that was committed.
    // synchronous=FULL syncs the WAL at every commit, so a power cut loses no commit either.
    Statement wal(db, "PRAGMA journal_mode = WAL");
    if (!wal.step() || wal.text(0) != "wal")
        throw Error(Error::Kind::Project,
                    "The project could not be switched to write-ahead logging; check that its "
                    "folder is writable and on a local disk.");
    execSql(db, "PRAGMA synchronous = FULL");
}

std::string projectName(const std::string& path) {
    return "'" + path + "'";
}

ImageRecord readImage(const Statement& s) {
    ImageRecord r;
    r.id = s.int64(0);
    r.path = s.text(1);
    r.width = s.int32(2);
    r.height = s.int32(3);
    r.channels = s.int32(4);
    r.bitDepth = s.int32(5);
    r.contentHash = s.text(6);
    r.goldLabel = s.optText(7);
    r.isDev = s.int64(8) != 0;
    r.addedAt = s.text(9);
    return r;
}
const char* kImageColumns =
    "SELECT id, path, width, height, channels, bit_depth, content_hash, gold_label, is_dev, "
    "added_at FROM images ";

BoxRecord readBox(const Statement& s) {
    BoxRecord b;
    b.id = s.int64(0);
    b.imageId = s.int64(1);
    b.workerId = s.int64(2);
    b.rect = {s.real(3), s.real(4), s.real(5), s.real(6)};
    b.defectType = s.text(7);
    b.createdAt = s.text(8);
    return b;
}
const char* kBoxColumns =
    "SELECT id, image_id, worker_id, x, y, w, h, defect_type, created_at FROM boxes ";

FeatureRecord readFeature(const Statement& s) {
    return {s.int64(0), s.int64(1), s.real(2), s.int32(3), s.int32(4), s.real(5)};
}

long long count(sqlite3* db, const std::string& sql) {
    Statement s(db, sql);
    return s.step() ? s.int64(0) : 0;
}

std::vector<std::pair<std::string, long long>> groupCounts(sqlite3* db, const std::string& sql) {
    std::vector<std::pair<std::string, long long>> out;
    Statement s(db, sql);
    while (s.step())
        out.emplace_back(s.text(0), s.int64(1));
    return out;
}

} // namespace

struct Project::Impl {
    DbHandle db;
    std::string path;
    int depth = 0; // open transaction()s on this connection
};

Project::Project(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Project::Project(Project&&) noexcept = default;
Project& Project::operator=(Project&&) noexcept = default;
Project::~Project() = default;

Project Project::create(const std::string& path) {
    std::error_code ec;
    if (fs::exists(path, ec))
        throw Error(Error::Kind::Usage,
                    projectName(path) + " already exists. Choose another name, or open it.");
    // Built under a temporary name and renamed, so a crash never leaves a half-made project.
    const std::string temp = path + ".creating";
    fs::remove(temp, ec);
    {
        sqlite3* raw = nullptr;
        const int rc = sqlite3_open_v2(temp.c_str(), &raw,
                                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
        DbHandle db(raw);
        if (rc != SQLITE_OK)
            throwSqlite(db.get(), rc, "Creating " + projectName(path));
        execSql(db.get(), "PRAGMA application_id = " + std::to_string(schema::kApplicationId));
        execSql(db.get(), "BEGIN");
        schema::createCurrent(db.get());
        execSql(db.get(), "COMMIT");
    }
    fs::rename(temp, path, ec);
    if (ec)
        throw Error(Error::Kind::Input, "Cannot create " + projectName(path) + ": " + ec.message() +
                                            ". Check the folder is writable.");
    return open(path);
}

Project Project::open(const std::string& path, int busyTimeoutMs) {
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw Error(Error::Kind::Input, projectName(path) +
                                            " does not exist. Create it with 'gadget new " + path +
                                            "'.");
    if (fs::is_directory(path, ec))
        throw Error(Error::Kind::Input, projectName(path) + " is a folder, not a project file.");
    if (!looksLikeSqlite(path))
        throw Error(Error::Kind::Project, projectName(path) +
                                              " is not an Inspector Gadget project (not an SQLite "
                                              "file). It was left untouched.");
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
    DbHandle db(raw);
    if (rc != SQLITE_OK)
        throwSqlite(db.get(), rc, "Opening " + projectName(path));
    sqlite3_busy_timeout(db.get(), busyTimeoutMs);

    // Look before writing anything: files from elsewhere stay untouched.
    int appId = 0, version = 0;
    try {
        appId = pragmaInt(db.get(), "application_id");
        version = pragmaInt(db.get(), "user_version");
    } catch (const Error& e) {
        if (e.kind() == Error::Kind::Busy)
            throw;
        if (e.kind() == Error::Kind::Input) // read-only folder, no permission, full disk
            throw Error(Error::Kind::Input, "Cannot open " + projectName(path) + ". " + e.what());
        throw Error(Error::Kind::Project, projectName(path) + " is damaged or not a project: " +
                                              e.what() + " It was left untouched.");
    }
    if (appId != schema::kApplicationId)
        throw Error(Error::Kind::Project,
                    projectName(path) + " is an SQLite file but not an Inspector Gadget project. "
                                        "It was left untouched.");
    if (version > schema::kCurrentVersion)
        throw Error(Error::Kind::Project,
                    projectName(path) + " was made by a newer Inspector Gadget (schema " +
                        std::to_string(version) + "; this version reads up to " +
                        std::to_string(schema::kCurrentVersion) +
                        "). Update Inspector Gadget to open it. It was left untouched.");
    if (version < 1)
        throw Error(Error::Kind::Project, projectName(path) +
                                              " is an unfinished project file (no schema). "
                                              "Create the project again.");

    configureConnection(db.get(), busyTimeoutMs);
    auto impl = std::make_unique<Impl>();
    impl->db = std::move(db);
    impl->path = path;
    Project project(std::move(impl));
    if (version < schema::kCurrentVersion)
        project.transaction([&] {
            // Re-read under the write lock: another process may have migrated meanwhile.
            const int now = pragmaInt(project.impl_->db.get(), "user_version");
            if (now < schema::kCurrentVersion)
                schema::migrate(project.impl_->db.get(), now);
        });
    return project;
}

const std::string& Project::path() const {
    return impl_->path;
}

std::string Project::folder() const {
    return fs::absolute(impl_->path).parent_path().lexically_normal().string();
}

int Project::schemaVersion() const {
    return pragmaInt(impl_->db.get(), "user_version");
}

void Project::transaction(const std::function<void()>& work) {
    sqlite3* db = impl_->db.get();
    const int level = impl_->depth;
    const std::string savepoint = "sp" + std::to_string(level);
    execSql(db, level == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT " + savepoint);
    ++impl_->depth;
    try {
        work();
        --impl_->depth;
        execSql(db, level == 0 ? "COMMIT" : "RELEASE " + savepoint);
    } catch (...) {
        impl_->depth = level;
        try {
            execSql(db, level == 0 ? "ROLLBACK"
                                   : "ROLLBACK TO " + savepoint + "; RELEASE " + savepoint);
        } catch (...) {
            // The original error is the one the user needs; SQLite rolls back on close anyway.
        }
        throw;
    }
}

// ---- Images ----

Id Project::addImage(const ImageRecord& image) {
    Id id = 0;
    transaction([&] {
        Statement s(impl_->db.get(),
                    "INSERT INTO images (path, file_name, width, height, channels, bit_depth, "
                    "content_hash, gold_label, is_dev, added_at) VALUES (?,?,?,?,?,?,?,?,?,?)");
        if (image.path.empty() || image.width <= 0 || image.height <= 0)
            throw Error(Error::Kind::Internal, "An image needs a path and a positive size.");
        s.bind(1, image.path)
            .bind(2, fs::path(image.path).filename().string())
            .bind(3, image.width)
            .bind(4, image.height)
            .bind(5, image.channels)
            .bind(6, image.bitDepth)
            .bind(7, image.contentHash)
            .bind(8, image.goldLabel)
            .bind(9, image.isDev ? 1 : 0)
            .bind(10, image.addedAt.empty() ? utcNow() : image.addedAt);
        s.run();
        id = sqlite3_last_insert_rowid(impl_->db.get());
    });
    return id;
}

std::optional<ImageRecord> Project::image(Id id) const {
    Statement s(impl_->db.get(), std::string(kImageColumns) + "WHERE id = ?");
    s.bind(1, id);
    if (!s.step())
        return std::nullopt;
    return readImage(s);
}

std::optional<ImageRecord> Project::imageByHash(const std::string& contentHash) const {
    Statement s(impl_->db.get(),
                std::string(kImageColumns) + "WHERE content_hash = ? ORDER BY id LIMIT 1");
    s.bind(1, contentHash);
    if (!s.step())
        return std::nullopt;
    return readImage(s);
}

std::optional<ImageRecord> Project::imageByPath(const std::string& storedPath) const {
    Statement s(impl_->db.get(), std::string(kImageColumns) + "WHERE path = ? ORDER BY id LIMIT 1");
    s.bind(1, storedPath);
    if (!s.step())
        return std::nullopt;
    return readImage(s);
}

std::optional<ImageRecord> Project::imageByName(const std::string& fileName) const {
    // An exact stored path wins over a file name shared by images in several folders.
    Statement s(impl_->db.get(), std::string(kImageColumns) +
                                     "WHERE path = ?1 OR file_name = ?1 "
                                     "ORDER BY (path = ?1) DESC, id LIMIT 1");
    s.bind(1, fileName);
    if (!s.step())
        return std::nullopt;
    return readImage(s);
}

std::vector<ImageRecord> Project::images() const {
    std::vector<ImageRecord> out;
    Statement s(impl_->db.get(), std::string(kImageColumns) + "ORDER BY id");
    while (s.step())
        out.push_back(readImage(s));
    return out;
}

void Project::setGoldLabel(Id imageId, const std::optional<std::string>& label) {
    transaction([&] {
        Statement s(impl_->db.get(), "UPDATE images SET gold_label = ? WHERE id = ?");
        s.bind(1, label).bind(2, imageId).run();
    });
}

void Project::setDev(Id imageId, bool isDev) {
    transaction([&] {
        Statement s(impl_->db.get(), "UPDATE images SET is_dev = ? WHERE id = ?");
        s.bind(1, isDev ? 1 : 0).bind(2, imageId).run();
    });
}

void Project::clearDev() {
    transaction([&] { execSql(impl_->db.get(), "UPDATE images SET is_dev = 0"); });
}

std::string Project::absoluteImagePath(const ImageRecord& image) const {
    const fs::path p(image.path);
    if (p.is_absolute())
        return p.string();
    return (fs::path(folder()) / p).lexically_normal().string();
}

// ---- Workers ----

Id Project::addWorker(const std::string& name, Role role) {
    if (name.empty())
        throw Error(Error::Kind::Usage, "A worker needs a name.");
    Id id = 0;
    transaction([&] {
        Statement s(impl_->db.get(), "INSERT INTO workers (name, role, created_at) VALUES (?,?,?)");
        s.bind(1, name).bind(2, toString(role)).bind(3, utcNow()).run();
        id = sqlite3_last_insert_rowid(impl_->db.get());
    });
    return id;
}

std::optional<WorkerRecord> Project::workerByName(const std::string& name) const {
    Statement s(impl_->db.get(), "SELECT id, name, role, created_at FROM workers WHERE name = ?");
    s.bind(1, name);
    if (!s.step())
        return std::nullopt;
    return WorkerRecord{s.int64(0), s.text(1), roleFromString(s.text(2)), s.text(3)};
}

Id Project::ensureWorker(const std::string& name, Role role) {
    Id id = 0;
    transaction([&] {
        if (auto w = workerByName(name))
            id = w->id;
        else
            id = addWorker(name, role);
    });
    return id;
}

std::vector<WorkerRecord> Project::workers() const {
    std::vector<WorkerRecord> out;
    Statement s(impl_->db.get(), "SELECT id, name, role, created_at FROM workers ORDER BY id");
    while (s.step())
        out.push_back({s.int64(0), s.text(1), roleFromString(s.text(2)), s.text(3)});
    return out;
}

// ---- Boxes and votes ----

Id Project::addBox(const BoxRecord& box) {
    Id id = 0;
    transaction([&] {
        Statement s(impl_->db.get(),
                    "INSERT INTO boxes (image_id, worker_id, x, y, w, h, defect_type, created_at) "
                    "VALUES (?,?,?,?,?,?,?,?)");
        s.bind(1, box.imageId)
            .bind(2, box.workerId)
            .bind(3, box.rect.x)
            .bind(4, box.rect.y)
            .bind(5, box.rect.w)
            .bind(6, box.rect.h)
            .bind(7, box.defectType)
            .bind(8, box.createdAt.empty() ? utcNow() : box.createdAt);
        s.run();
        id = sqlite3_last_insert_rowid(impl_->db.get());
    });
    return id;
}

void Project::removeBox(Id boxId) {
    transaction([&] {
        Statement s(impl_->db.get(), "DELETE FROM boxes WHERE id = ?");
        s.bind(1, boxId).run();
    });
}

void Project::updateBox(const BoxRecord& box) {
    transaction([&] {
        Statement s(impl_->db.get(),
                    "UPDATE boxes SET x = ?, y = ?, w = ?, h = ?, defect_type = ? WHERE id = ?");
        s.bind(1, box.rect.x)
            .bind(2, box.rect.y)
            .bind(3, box.rect.w)
            .bind(4, box.rect.h)
            .bind(5, box.defectType)
            .bind(6, box.id)
            .run();
    });
}

std::vector<BoxRecord> Project::boxes() const {
    std::vector<BoxRecord> out;
    Statement s(impl_->db.get(), std::string(kBoxColumns) + "ORDER BY id");
    while (s.step())
        out.push_back(readBox(s));
    return out;
}

std::vector<BoxRecord> Project::boxesOfImage(Id imageId) const {
    std::vector<BoxRecord> out;
    Statement s(impl_->db.get(), std::string(kBoxColumns) + "WHERE image_id = ? ORDER BY id");
    s.bind(1, imageId);
    while (s.step())
        out.push_back(readBox(s));
    return out;
}

Id Project::addVote(const VoteRecord& vote) {
    Id id = 0;
    transaction([&] {
        Statement s(impl_->db.get(),
                    "INSERT INTO review_votes (box_id, worker_id, vote, defect_type, created_at) "
                    "VALUES (?,?,?,?,?) ON CONFLICT (box_id, worker_id) DO UPDATE SET "
                    "vote = excluded.vote, defect_type = excluded.defect_type, "
                    "created_at = excluded.created_at");
        s.bind(1, vote.boxId)
            .bind(2, vote.workerId)
            .bind(3, toString(vote.vote))
            .bind(4, vote.defectType)
            .bind(5, vote.createdAt.empty() ? utcNow() : vote.createdAt)
            .run();
        Statement q(impl_->db.get(),
                    "SELECT id FROM review_votes WHERE box_id = ? AND worker_id = ?");
        q.bind(1, vote.boxId).bind(2, vote.workerId);
        if (q.step())
            id = q.int64(0);
    });
    return id;
}

std::vector<VoteRecord> Project::votes() const {
    std::vector<VoteRecord> out;
    Statement s(impl_->db.get(), "SELECT id, box_id, worker_id, vote, defect_type, created_at "
                                 "FROM review_votes ORDER BY id");
    while (s.step())
        out.push_back(
            {s.int64(0), s.int64(1), s.int64(2), voteFromString(s.text(3)), s.text(4), s.text(5)});
    return out;
}

// ---- Patterns ----

Id Project::addPattern(const PatternRecord& p) {
    if (p.png.empty() || p.width <= 0 || p.height <= 0)
        throw Error(Error::Kind::Internal, "A pattern needs pixels and a positive size.");
    Id id = 0;
    transaction([&] {
        Statement s(impl_->db.get(),
                    "INSERT INTO patterns (png, width, height, origin, parent_id, "
                    "source_image_id, source_x, source_y, source_w, source_h, defect_type, "
                    "created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
        s.bind(1, p.png)
            .bind(2, p.width)
            .bind(3, p.height)
            .bind(4, toString(p.origin))
            .bind(5, p.parentId)
            .bind(6, p.sourceImageId);
        if (p.sourceRect)
            s.bind(7, p.sourceRect->x)
                .bind(8, p.sourceRect->y)
                .bind(9, p.sourceRect->w)
                .bind(10, p.sourceRect->h);
        else
            s.bindNull(7).bindNull(8).bindNull(9).bindNull(10);
        s.bind(11, p.defectType).bind(12, p.createdAt.empty() ? utcNow() : p.createdAt).run();
        id = sqlite3_last_insert_rowid(impl_->db.get());
    });
    return id;
}

std::vector<PatternRecord> Project::patterns() const {
    std::vector<PatternRecord> out;
    Statement s(impl_->db.get(),
                "SELECT id, png, width, height, origin, parent_id, source_image_id, source_x, "
                "source_y, source_w, source_h, defect_type, created_at FROM patterns ORDER BY id");
    while (s.step()) {
        PatternRecord p;
        p.id = s.int64(0);
        p.png = s.blob(1);
        p.width = s.int32(2);
        p.height = s.int32(3);
        p.origin = patternOriginFromString(s.text(4));
        p.parentId = s.optInt64(5);
        p.sourceImageId = s.optInt64(6);
        if (!s.isNull(7))
            p.sourceRect = Rect{s.real(7), s.real(8), s.real(9), s.real(10)};
        p.defectType = s.text(11);
        p.createdAt = s.text(12);
        out.push_back(std::move(p));
    }
    return out;
}

void Project::removePatterns(PatternOrigin origin) {
    transaction([&] {
        Statement s(impl_->db.get(), "DELETE FROM patterns WHERE origin = ?");
        s.bind(1, toString(origin)).run();
    });
}

// ---- Features ----

void Project::putFeatures(const std::vector<FeatureRecord>& features) {
    transaction([&] {
        Statement s(impl_->db.get(), "INSERT OR REPLACE INTO features (image_id, pattern_id, "
                                     "score, x, y, prominence) VALUES (?,?,?,?,?,?)");
        for (const auto& f : features) {
            s.bind(1, f.imageId).bind(2, f.patternId).bind(3, f.score).bind(4, f.x).bind(5, f.y);
            s.bind(6, f.prominence);
            s.run();
        }
    });
}

std::vector<FeatureRecord> Project::features() const {
    std::vector<FeatureRecord> out;
    Statement s(impl_->db.get(),
                "SELECT image_id, pattern_id, score, x, y, prominence FROM features "
                "ORDER BY image_id, pattern_id");
    while (s.step())
        out.push_back(readFeature(s));
    return out;
}

std::vector<FeatureRecord> Project::featuresOfImage(Id imageId) const {
    std::vector<FeatureRecord> out;
    Statement s(impl_->db.get(),
                "SELECT image_id, pattern_id, score, x, y, prominence FROM features "
                "WHERE image_id = ? ORDER BY pattern_id");
    s.bind(1, imageId);
    while (s.step())
        out.push_back(readFeature(s));
    return out;
}

void Project::clearFeatures() {
    transaction([&] { execSql(impl_->db.get(), "DELETE FROM features"); });
}

// ---- Models and weak labels ----

Id Project::addAugmenter(const AugmenterRecord& a) {
    Id id = 0;
    transaction([&] {
        Statement s(impl_->db.get(), "INSERT INTO augmenters (kind, defect_type, params, blob, "
                                     "created_at) VALUES (?,?,?,?,?)");
        s.bind(1, std::string(a.kind == AugmenterKind::Gan ? "gan" : "policy"))
            .bind(2, a.defectType)
            .bind(3, a.paramsJson)
            .bind(4, a.blob)
            .bind(5, a.createdAt.empty() ? utcNow() : a.createdAt)
            .run();
        id = sqlite3_last_insert_rowid(impl_->db.get());
    });
    return id;
}

void Project::saveCopyAs(const std::string& path) const {
    if (std::ifstream(path).good())
        throw Error(Error::Kind::Input, "Cannot copy the project to " + path +
                                            ": the file exists. Remove it or choose another name.");
    Statement s(impl_->db.get(), "VACUUM INTO ?");
    s.bind(1, path);
    try {
        s.run();
    } catch (const Error& e) {
        throw Error(Error::Kind::Input, "Cannot copy the project to " + path + ": " + e.what());
    }
}

std::vector<AugmenterRecord> Project::augmenters() const {
    std::vector<AugmenterRecord> out;
    Statement s(impl_->db.get(), "SELECT id, kind, defect_type, params, blob, created_at FROM "
                                 "augmenters ORDER BY id");
    while (s.step())
        out.push_back({s.int64(0), s.text(1) == "gan" ? AugmenterKind::Gan : AugmenterKind::Policy,
                       s.text(2), s.text(3), s.blob(4), s.text(5)});
    return out;
}

void Project::removeAugmenter(Id id) {
    transaction([&] {
        Statement s(impl_->db.get(), "DELETE FROM augmenters WHERE id = ?");
        s.bind(1, id).run();
    });
}

Id Project::addModel(const LabelerModelRecord& m) {
    Id id = 0;
    transaction([&] {
        Statement s(impl_->db.get(), "INSERT INTO labeler_models (params, cv_score, weights, "
                                     "created_at) VALUES (?,?,?,?)");
        s.bind(1, m.paramsJson)
            .bind(2, m.cvScore)
            .bind(3, m.weights)
            .bind(4, m.createdAt.empty() ? utcNow() : m.createdAt)
            .run();
        id = sqlite3_last_insert_rowid(impl_->db.get());
    });
    return id;
}

std::optional<LabelerModelRecord> Project::latestModel() const {
    Statement s(impl_->db.get(), "SELECT id, params, cv_score, weights, created_at FROM "
                                 "labeler_models ORDER BY id DESC LIMIT 1");
    if (!s.step())
        return std::nullopt;
    return LabelerModelRecord{s.int64(0), s.text(1), s.real(2), s.blob(3), s.text(4)};
}

void Project::putWeakLabels(const std::vector<WeakLabelRecord>& labels) {
    transaction([&] {
        Statement s(impl_->db.get(), "INSERT OR REPLACE INTO weak_labels (image_id, model_id, "
                                     "label, probability, evidence) VALUES (?,?,?,?,?)");
        for (const auto& l : labels) {
            s.bind(1, l.imageId)
                .bind(2, l.modelId)
                .bind(3, l.label)
                .bind(4, l.probability)
                .bind(5, l.evidenceJson);
            s.run();
        }
    });
}

std::vector<WeakLabelRecord> Project::weakLabels() const {
    std::vector<WeakLabelRecord> out;
    Statement s(impl_->db.get(), "SELECT image_id, model_id, label, probability, evidence FROM "
                                 "weak_labels ORDER BY image_id");
    while (s.step())
        out.push_back({s.int64(0), s.int64(1), s.text(2), s.real(3), s.text(4)});
    return out;
}

void Project::clearWeakLabels() {
    transaction([&] { execSql(impl_->db.get(), "DELETE FROM weak_labels"); });
}

// ---- Runs ----

Id Project::beginRun(const std::string& command, const std::string& paramsJson) {
    Id id = 0;
    transaction([&] {
        Statement s(impl_->db.get(), "INSERT INTO runs (command, params, started_at, outcome) "
                                     "VALUES (?,?,?, 'running')");
        s.bind(1, command).bind(2, paramsJson).bind(3, utcNow()).run();
        id = sqlite3_last_insert_rowid(impl_->db.get());
    });
    return id;
}

void Project::finishRun(Id runId, RunOutcome outcome, const std::string& message) {
    transaction([&] {
        Statement s(impl_->db.get(),
                    "UPDATE runs SET finished_at = ?, outcome = ?, message = ? WHERE id = ?");
        s.bind(1, utcNow()).bind(2, toString(outcome)).bind(3, message).bind(4, runId).run();
    });
}

std::vector<RunRecord> Project::runs() const {
    std::vector<RunRecord> out;
    Statement s(impl_->db.get(), "SELECT id, command, params, started_at, finished_at, outcome, "
                                 "message FROM runs ORDER BY id");
    while (s.step())
        out.push_back({s.int64(0), s.text(1), s.text(2), s.text(3), s.optText(4).value_or(""),
                       runOutcomeFromString(s.text(5)), s.text(6)});
    return out;
}

// ---- Settings ----

void Project::setSetting(const std::string& key, const std::string& value) {
    transaction([&] {
        Statement s(impl_->db.get(), "INSERT OR REPLACE INTO settings (key, value) VALUES (?,?)");
        s.bind(1, key).bind(2, value).run();
    });
}

std::optional<std::string> Project::setting(const std::string& key) const {
    Statement s(impl_->db.get(), "SELECT value FROM settings WHERE key = ?");
    s.bind(1, key);
    if (!s.step())
        return std::nullopt;
    return s.text(0);
}

ProjectSummary Project::summary() const {
    sqlite3* db = impl_->db.get();
    ProjectSummary r;
    r.images = count(db, "SELECT COUNT(*) FROM images");
    r.devImages = count(db, "SELECT COUNT(*) FROM images WHERE is_dev");
    r.labelledImages = count(db, "SELECT COUNT(*) FROM images WHERE gold_label IS NOT NULL");
    r.workers = count(db, "SELECT COUNT(*) FROM workers");
    r.boxes = count(db, "SELECT COUNT(*) FROM boxes");
    r.votes = count(db, "SELECT COUNT(*) FROM review_votes");
    r.patterns = count(db, "SELECT COUNT(*) FROM patterns");
    r.features = count(db, "SELECT COUNT(*) FROM features");
    r.models = count(db, "SELECT COUNT(*) FROM labeler_models");
    r.weakLabels = count(db, "SELECT COUNT(*) FROM weak_labels");
    r.runs = count(db, "SELECT COUNT(*) FROM runs");
    r.goldClasses = groupCounts(db, "SELECT gold_label, COUNT(*) FROM images WHERE gold_label "
                                    "IS NOT NULL GROUP BY gold_label ORDER BY gold_label");
    r.devClasses = groupCounts(db, "SELECT COALESCE(gold_label, '(unlabelled)'), COUNT(*) FROM "
                                   "images WHERE is_dev GROUP BY 1 ORDER BY 1");
    r.boxTypes = groupCounts(db, "SELECT defect_type, COUNT(*) FROM boxes GROUP BY defect_type "
                                 "ORDER BY defect_type");
    return r;
}

std::string Project::checkIntegrity() const {
    std::string problems;
    Statement s(impl_->db.get(), "PRAGMA integrity_check");
    while (s.step())
        if (s.text(0) != "ok")
            problems += s.text(0) + "\n";
    Statement fk(impl_->db.get(), "PRAGMA foreign_key_check");
    while (fk.step())
        problems += "foreign key violation in table " + fk.text(0) + "\n";
    return problems.empty() ? "ok" : problems;
}

// ---- Crowd workflow ----

namespace {

const char* toString(Project::BoxEditOp op) {
    switch (op) {
    case Project::BoxEditOp::Add:
        return "add";
    case Project::BoxEditOp::Change:
        return "change";
    case Project::BoxEditOp::Remove:
        break;
    }
    return "remove";
}

Project::BoxEditOp boxEditOpFromString(const std::string& text) {
    if (text == "add")
        return Project::BoxEditOp::Add;
    if (text == "change")
        return Project::BoxEditOp::Change;
    if (text == "remove")
        return Project::BoxEditOp::Remove;
    throw Error(Error::Kind::Project, "The project's box edit journal holds an unknown edit '" +
                                          text + "'. Check the file with 'gadget info'.");
}

// nlohmann writes doubles so that they read back bit for bit; SQLite's json_object does not.
std::string boxJson(const BoxRecord& b) {
    const nlohmann::json j = {{"image_id", b.imageId},
                              {"worker_id", b.workerId},
                              {"x", b.rect.x},
                              {"y", b.rect.y},
                              {"w", b.rect.w},
                              {"h", b.rect.h},
                              {"defect_type", b.defectType},
                              {"created_at", b.createdAt}};
    return j.dump();
}

BoxRecord boxFromJson(Id boxId, const std::string& text) {
    try {
        const nlohmann::json j = nlohmann::json::parse(text);
        BoxRecord b;
        b.id = boxId;
        b.imageId = j.at("image_id").get<Id>();
        b.workerId = j.at("worker_id").get<Id>();
        b.rect = {j.at("x").get<double>(), j.at("y").get<double>(), j.at("w").get<double>(),
                  j.at("h").get<double>()};
        b.defectType = j.at("defect_type").get<std::string>();
        b.createdAt = j.at("created_at").get<std::string>();
        return b;
    } catch (const nlohmann::json::exception&) {
        throw Error(Error::Kind::Project,
                    "An entry of the project's box edit journal is damaged, so it cannot be "
                    "undone or redone. Check the file with 'gadget info'.");
    }
}

std::optional<BoxRecord> boxById(sqlite3* db, Id boxId) {
    Statement s(db, std::string(kBoxColumns) + "WHERE id = ?");
    s.bind(1, boxId);
    if (!s.step())
        return std::nullopt;
    return readBox(s);
}

bool imageExists(sqlite3* db, Id imageId) {
    Statement s(db, "SELECT 1 FROM images WHERE id = ?");
    s.bind(1, imageId);
    return s.step();
}

void checkBoxArea(const Rect& r) {
    if (!(std::isfinite(r.x) && std::isfinite(r.y) && std::isfinite(r.w) && std::isfinite(r.h) &&
          r.w > 0 && r.h > 0))
        throw Error(Error::Kind::Usage, "A box needs a positive width and height.");
}

BoxRecord ownBox(sqlite3* db, Id workerId, Id boxId) {
    const std::optional<BoxRecord> box = boxById(db, boxId);
    if (!box)
        throw Error(Error::Kind::Usage, "Box " + std::to_string(boxId) +
                                            " is no longer in the project; reload the image.");
    if (box->workerId != workerId)
        throw Error(Error::Kind::Usage, "Box " + std::to_string(boxId) +
                                            " belongs to another worker; only its author can "
                                            "change it.");
    return *box;
}

// no_defect of a finished image follows the worker's later edits of it.
void refreshNoDefect(sqlite3* db, Id imageId, Id workerId) {
    Statement s(db, "UPDATE image_done SET no_defect = NOT EXISTS (SELECT 1 FROM boxes WHERE "
                    "image_id = ?1 AND worker_id = ?2) WHERE image_id = ?1 AND worker_id = ?2");
    s.bind(1, imageId).bind(2, workerId).run();
}

void writeBox(sqlite3* db, const BoxRecord& b) {
    Statement s(db, "UPDATE boxes SET x = ?, y = ?, w = ?, h = ?, defect_type = ? WHERE id = ?");
    s.bind(1, b.rect.x)
        .bind(2, b.rect.y)
        .bind(3, b.rect.w)
        .bind(4, b.rect.h)
        .bind(5, b.defectType)
        .bind(6, b.id)
        .run();
}

void deleteBox(sqlite3* db, Id boxId) {
    Statement s(db, "DELETE FROM boxes WHERE id = ?");
    s.bind(1, boxId).run();
}

// Puts a removed box back under its old id, or under a new one when another box took the old
// id meanwhile; then the worker's journal follows the box to its new id. Returns the id.
Id restoreBox(sqlite3* db, Id oldId, const BoxRecord& b) {
    const bool taken = boxById(db, oldId).has_value();
    Statement s(db, "INSERT INTO boxes (id, image_id, worker_id, x, y, w, h, defect_type, "
                    "created_at) VALUES (?,?,?,?,?,?,?,?,?)");
    if (taken)
        s.bindNull(1);
    else
        s.bind(1, oldId);
    s.bind(2, b.imageId)
        .bind(3, b.workerId)
        .bind(4, b.rect.x)
        .bind(5, b.rect.y)
        .bind(6, b.rect.w)
        .bind(7, b.rect.h)
        .bind(8, b.defectType)
        .bind(9, b.createdAt)
        .run();
    const Id id = taken ? sqlite3_last_insert_rowid(db) : oldId;
    if (id != oldId) {
        Statement remap(db, "UPDATE box_edits SET box_id = ? WHERE worker_id = ? AND box_id = ?");
        remap.bind(1, id).bind(2, b.workerId).bind(3, oldId).run();
    }
    return id;
}

void journal(sqlite3* db, Id workerId, Id boxId, Project::BoxEditOp op,
             const std::optional<BoxRecord>& before, const std::optional<BoxRecord>& after) {
    Statement clear(db, "DELETE FROM box_edits WHERE worker_id = ? AND undone = 1");
    clear.bind(1, workerId).run();
    Statement s(db, "INSERT INTO box_edits (worker_id, box_id, op, before_json, after_json, "
                    "undone, at) VALUES (?,?,?,?,?,0,?)");
    s.bind(1, workerId).bind(2, boxId).bind(3, toString(op));
    if (before)
        s.bind(4, boxJson(*before));
    else
        s.bindNull(4);
    if (after)
        s.bind(5, boxJson(*after));
    else
        s.bindNull(5);
    s.bind(6, utcNow()).run();
}

const char* kEditColumns =
    "SELECT id, worker_id, box_id, op, before_json, after_json, undone, at FROM box_edits ";

Project::BoxEdit readEdit(const Statement& s) {
    Project::BoxEdit e;
    e.id = s.int64(0);
    e.workerId = s.int64(1);
    e.boxId = s.int64(2);
    e.op = boxEditOpFromString(s.text(3));
    if (auto before = s.optText(4))
        e.before = boxFromJson(e.boxId, *before);
    if (auto after = s.optText(5))
        e.after = boxFromJson(e.boxId, *after);
    e.undone = s.int64(6) != 0;
    e.at = s.text(7);
    return e;
}

std::optional<Project::BoxEdit> editById(sqlite3* db, Id editId) {
    Statement s(db, std::string(kEditColumns) + "WHERE id = ?");
    s.bind(1, editId);
    if (!s.step())
        return std::nullopt;
    return readEdit(s);
}

Id imageOfEdit(const Project::BoxEdit& e) {
    return e.after ? e.after->imageId : e.before ? e.before->imageId : 0;
}

// Applies an edit (forward) or its inverse (backward) to the boxes table.
void applyEdit(sqlite3* db, const Project::BoxEdit& e, bool forward) {
    using Op = Project::BoxEditOp;
    const bool creates = (e.op == Op::Add && forward) || (e.op == Op::Remove && !forward);
    const bool deletes = (e.op == Op::Add && !forward) || (e.op == Op::Remove && forward);
    if (creates) {
        restoreBox(db, e.boxId, forward ? *e.after : *e.before);
    } else if (deletes) {
        const std::optional<BoxRecord> box = boxById(db, e.boxId);
        if (box && box->workerId == e.workerId)
            deleteBox(db, e.boxId);
    } else { // change
        const std::optional<BoxRecord> box = boxById(db, e.boxId);
        if (box && box->workerId == e.workerId) {
            BoxRecord target = forward ? *e.after : *e.before;
            target.id = e.boxId;
            writeBox(db, target);
        }
    }
}

} // namespace

std::optional<WorkerRecord> Project::worker(Id workerId) const {
    Statement s(impl_->db.get(), "SELECT id, name, role, created_at FROM workers WHERE id = ?");
    s.bind(1, workerId);
    if (!s.step())
        return std::nullopt;
    return WorkerRecord{s.int64(0), s.text(1), roleFromString(s.text(2)), s.text(3)};
}

void Project::setWorkerRole(Id workerId, Role role) {
    transaction([&] {
        Statement s(impl_->db.get(), "UPDATE workers SET role = ? WHERE id = ?");
        s.bind(1, toString(role)).bind(2, workerId).run();
    });
}

Id Project::addBoxJournaled(const BoxRecord& box) {
    checkBoxArea(box.rect);
    sqlite3* db = impl_->db.get();
    Id id = 0;
    transaction([&] {
        if (!imageExists(db, box.imageId))
            throw Error(Error::Kind::Usage, "Image " + std::to_string(box.imageId) +
                                                " is no longer in the project; reload it.");
        if (!worker(box.workerId))
            throw Error(Error::Kind::Usage, "Worker " + std::to_string(box.workerId) +
                                                " is not in the project; sign in again.");
        id = addBox(box);
        journal(db, box.workerId, id, BoxEditOp::Add, std::nullopt, boxById(db, id));
        refreshNoDefect(db, box.imageId, box.workerId);
    });
    return id;
}

void Project::changeBoxJournaled(Id workerId, const BoxRecord& box) {
    checkBoxArea(box.rect);
    sqlite3* db = impl_->db.get();
    transaction([&] {
        const BoxRecord before = ownBox(db, workerId, box.id);
        BoxRecord after = before;
        after.rect = box.rect;
        after.defectType = box.defectType;
        writeBox(db, after);
        journal(db, workerId, box.id, BoxEditOp::Change, before, after);
    });
}

void Project::removeBoxJournaled(Id workerId, Id boxId) {
    sqlite3* db = impl_->db.get();
    transaction([&] {
        const BoxRecord before = ownBox(db, workerId, boxId);
        deleteBox(db, boxId);
        journal(db, workerId, boxId, BoxEditOp::Remove, before, std::nullopt);
        refreshNoDefect(db, before.imageId, workerId);
    });
}

std::optional<Project::BoxEdit> Project::undoBoxEdit(Id workerId) {
    return stepBoxEdit(workerId, false);
}

std::optional<Project::BoxEdit> Project::redoBoxEdit(Id workerId) {
    return stepBoxEdit(workerId, true);
}

// Undo takes the worker's newest edit not undone and applies its inverse; redo takes the oldest
// undone one and applies it again. Edits whose image was removed meanwhile are skipped (marked,
// not applied), so one key press always changes something the worker can see.
std::optional<Project::BoxEdit> Project::stepBoxEdit(Id workerId, bool redo) {
    sqlite3* db = impl_->db.get();
    std::optional<BoxEdit> result;
    transaction([&] {
        for (;;) {
            Statement s(db, std::string(kEditColumns) +
                                (redo ? "WHERE worker_id = ? AND undone = 1 ORDER BY id LIMIT 1"
                                      : "WHERE worker_id = ? AND undone = 0 ORDER BY id DESC "
                                        "LIMIT 1"));
            s.bind(1, workerId);
            if (!s.step())
                return;
            const BoxEdit edit = readEdit(s);
            const Id imageId = imageOfEdit(edit);
            const bool applies = imageExists(db, imageId);
            if (applies)
                applyEdit(db, edit, redo);
            Statement mark(db, "UPDATE box_edits SET undone = ? WHERE id = ?");
            mark.bind(1, redo ? 0 : 1).bind(2, edit.id).run();
            if (applies) {
                refreshNoDefect(db, imageId, workerId);
                result = editById(db, edit.id);
                return;
            }
        }
    });
    return result;
}

bool Project::canUndoBoxEdit(Id workerId) const {
    Statement s(impl_->db.get(), "SELECT 1 FROM box_edits WHERE worker_id = ? AND undone = 0");
    s.bind(1, workerId);
    return s.step();
}

bool Project::canRedoBoxEdit(Id workerId) const {
    Statement s(impl_->db.get(), "SELECT 1 FROM box_edits WHERE worker_id = ? AND undone = 1");
    s.bind(1, workerId);
    return s.step();
}

std::vector<Project::BoxEdit> Project::boxEdits(Id workerId) const {
    std::vector<BoxEdit> out;
    Statement s(impl_->db.get(), std::string(kEditColumns) + "WHERE worker_id = ? ORDER BY id");
    s.bind(1, workerId);
    while (s.step())
        out.push_back(readEdit(s));
    return out;
}

std::vector<BoxRecord> Project::boxesOfImageBy(Id imageId, Id workerId) const {
    std::vector<BoxRecord> out;
    Statement s(impl_->db.get(),
                std::string(kBoxColumns) + "WHERE image_id = ? AND worker_id = ? ORDER BY id");
    s.bind(1, imageId).bind(2, workerId);
    while (s.step())
        out.push_back(readBox(s));
    return out;
}

void Project::markImageDone(Id imageId, Id workerId) {
    sqlite3* db = impl_->db.get();
    transaction([&] {
        if (!imageExists(db, imageId))
            throw Error(Error::Kind::Usage, "Image " + std::to_string(imageId) +
                                                " is no longer in the project; reload it.");
        Statement s(db, "INSERT INTO image_done (image_id, worker_id, done_at, no_defect) "
                        "VALUES (?1, ?2, ?3, NOT EXISTS (SELECT 1 FROM boxes WHERE image_id = ?1 "
                        "AND worker_id = ?2)) ON CONFLICT (image_id, worker_id) DO UPDATE SET "
                        "done_at = excluded.done_at, no_defect = excluded.no_defect");
        s.bind(1, imageId).bind(2, workerId).bind(3, utcNow()).run();
    });
}

namespace {
const char* kDoneColumns = "SELECT image_id, worker_id, done_at, no_defect FROM image_done ";
Project::ImageDone readDone(const Statement& s) {
    return {s.int64(0), s.int64(1), s.text(2), s.int64(3) != 0};
}
} // namespace

std::optional<Project::ImageDone> Project::imageDone(Id imageId, Id workerId) const {
    Statement s(impl_->db.get(),
                std::string(kDoneColumns) + "WHERE image_id = ? AND worker_id = ?");
    s.bind(1, imageId).bind(2, workerId);
    if (!s.step())
        return std::nullopt;
    return readDone(s);
}

std::vector<Project::ImageDone> Project::imagesDone() const {
    std::vector<ImageDone> out;
    Statement s(impl_->db.get(), std::string(kDoneColumns) + "ORDER BY image_id, worker_id");
    while (s.step())
        out.push_back(readDone(s));
    return out;
}

std::vector<Project::ImageDone> Project::imagesDoneBy(Id workerId) const {
    std::vector<ImageDone> out;
    Statement s(impl_->db.get(), std::string(kDoneColumns) + "WHERE worker_id = ? ORDER BY rowid");
    s.bind(1, workerId);
    while (s.step())
        out.push_back(readDone(s));
    return out;
}

} // namespace ig
