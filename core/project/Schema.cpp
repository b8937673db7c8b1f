#include "project/Schema.h"

#include "project/Statement.h"
#include "util/Error.h"

#include <functional>
#include <vector>

namespace ig::schema {
namespace {

// Version 1: the first release. Later versions append a migration below and bump
// kCurrentVersion; tests/core/project/fixtures keeps one file per released version.
const char* kVersion1 = R"sql(
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE images (
    id           INTEGER PRIMARY KEY,
    path         TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    width        INTEGER NOT NULL CHECK (width > 0),
    height       INTEGER NOT NULL CHECK (height > 0),
    channels     INTEGER NOT NULL,
    bit_depth    INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    gold_label   TEXT,
    is_dev       INTEGER NOT NULL DEFAULT 0,
    added_at     TEXT NOT NULL
);
CREATE INDEX images_path ON images(path);
CREATE INDEX images_file_name ON images(file_name);
CREATE INDEX images_content_hash ON images(content_hash);
CREATE TABLE workers (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL CHECK (role IN ('worker', 'expert', 'qa')),
    created_at TEXT NOT NULL
);
CREATE TABLE boxes (
    id          INTEGER PRIMARY KEY,
    image_id    INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
    worker_id   INTEGER NOT NULL REFERENCES workers(id),
    x REAL NOT NULL, y REAL NOT NULL,
    w REAL NOT NULL CHECK (w > 0), h REAL NOT NULL CHECK (h > 0),
    defect_type TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX boxes_image ON boxes(image_id);
CREATE TABLE review_votes (
    id          INTEGER PRIMARY KEY,
    box_id      INTEGER NOT NULL REFERENCES boxes(id) ON DELETE CASCADE,
    worker_id   INTEGER NOT NULL REFERENCES workers(id),
    vote        TEXT NOT NULL CHECK (vote IN ('accept', 'reject')),
    defect_type TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    UNIQUE (box_id, worker_id)
);
CREATE TABLE patterns (
    id              INTEGER PRIMARY KEY,
    png             BLOB NOT NULL,
    width           INTEGER NOT NULL CHECK (width > 0),
    height          INTEGER NOT NULL CHECK (height > 0),
    origin          TEXT NOT NULL CHECK (origin IN ('crowd', 'reviewed', 'policy', 'gan')),
    parent_id       INTEGER REFERENCES patterns(id) ON DELETE CASCADE,
    source_image_id INTEGER REFERENCES images(id) ON DELETE SET NULL,
    source_x REAL, source_y REAL, source_w REAL, source_h REAL,
    defect_type     TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL
);
CREATE TABLE features (
    image_id   INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
    pattern_id INTEGER NOT NULL REFERENCES patterns(id) ON DELETE CASCADE,
    score      REAL NOT NULL,
    x          INTEGER NOT NULL,
    y          INTEGER NOT NULL,
    PRIMARY KEY (image_id, pattern_id)
) WITHOUT ROWID;
CREATE INDEX features_pattern ON features(pattern_id);
CREATE TABLE labeler_models (
    id         INTEGER PRIMARY KEY,
    params     TEXT NOT NULL,
    cv_score   REAL NOT NULL,
    weights    BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE weak_labels (
    image_id    INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
    model_id    INTEGER NOT NULL REFERENCES labeler_models(id) ON DELETE CASCADE,
    label       TEXT NOT NULL,
    probability REAL NOT NULL,
    evidence    TEXT NOT NULL
);
CREATE TABLE runs (
    id          INTEGER PRIMARY KEY,
    command     TEXT NOT NULL,
    params      TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    outcome     TEXT NOT NULL CHECK (outcome IN ('running', 'succeeded', 'failed', 'canceled')),
    message     TEXT NOT NULL DEFAULT ''
);
-- Images a worker finished; no_defect: finished without drawing a box ("nothing here").
CREATE TABLE image_done (
    image_id  INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
    worker_id INTEGER NOT NULL REFERENCES workers(id),
    done_at   TEXT NOT NULL,
    no_defect INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (image_id, worker_id)
);
CREATE INDEX image_done_worker ON image_done(worker_id);
-- Every box edit of every worker, so that undo and redo survive restarts of the app. box_id has
-- no foreign key: the journal outlives the boxes it removed, to restore them.
CREATE TABLE box_edits (
    id          INTEGER PRIMARY KEY,
    worker_id   INTEGER NOT NULL REFERENCES workers(id),
    box_id      INTEGER NOT NULL,
    op          TEXT NOT NULL CHECK (op IN ('add', 'change', 'remove')),
    before_json TEXT,
    after_json  TEXT,
    undone      INTEGER NOT NULL DEFAULT 0,
    at          TEXT NOT NULL
);
CREATE INDEX box_edits_worker ON box_edits(worker_id, id);
)sql";

// Version 2: what the augmenters learnt (the policy search's scores and choice, the GAN's
// generator weights), so a run can be explained and repeated without searching or training again.
const char* kVersion2 = R"sql(
CREATE TABLE augmenters (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('policy', 'gan')),
    defect_type TEXT NOT NULL DEFAULT '',
    params      TEXT NOT NULL,
    blob        BLOB,
    created_at  TEXT NOT NULL
);
)sql";

// Version 3: a feature is the best score and its prominence (how far it stands out of the
// image's score map). Features are derived from patterns and images, so the older ones, which
// lack the prominence, are dropped and the next run computes them again; nothing made by people
// (images, boxes, votes, labels) is touched.
const char* kVersion3 = R"sql(
DELETE FROM features;
ALTER TABLE features ADD COLUMN prominence REAL NOT NULL DEFAULT 0;
)sql";

// migrations[i] brings a file from version i+1 to i+2.
const std::vector<std::function<void(sqlite3*)>>& migrations() {
    static const std::vector<std::function<void(sqlite3*)>> steps{
        [](sqlite3* db) { execSql(db, kVersion2); },
        [](sqlite3* db) { execSql(db, kVersion3); },
    };
    return steps;
}

} // namespace

void createCurrent(sqlite3* db) {
    execSql(db, kVersion1);
    migrate(db, 1);
}

void migrate(sqlite3* db, int fromVersion) {
    if (fromVersion < 1 || fromVersion > kCurrentVersion)
        throw Error(Error::Kind::Project, "Cannot migrate a project of schema version " +
                                              std::to_string(fromVersion) + ".");
    for (int v = fromVersion; v < kCurrentVersion; ++v)
        migrations().at(static_cast<size_t>(v - 1))(db);
    execSql(db, "PRAGMA user_version = " + std::to_string(kCurrentVersion));
}

} // namespace ig::schema
