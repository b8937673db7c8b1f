#include "project/Project.h"
#include "project/ScratchCopy.h"
#include "util/Error.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/wait.h>
#include <unistd.h>

using namespace ig;

namespace {

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void writeFile(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

// Makes an SQLite file with raw SQL (for foreign and future files).
void makeSqlite(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    const QString message = err ? QString::fromUtf8(err) : QString();
    sqlite3_free(err);
    sqlite3_close(db);
    QVERIFY2(rc == SQLITE_OK, qPrintable(message));
}

Error::Kind openKind(const std::string& path) {
    try {
        Project::open(path);
    } catch (const Error& e) {
        return e.kind();
    }
    return Error::Kind::Internal;
}

ImageRecord sampleImage(const std::string& name, const std::string& hash) {
    ImageRecord r;
    r.path = "images/" + name;
    r.width = 500;
    r.height = 1240;
    r.channels = 1;
    r.bitDepth = 8;
    r.contentHash = hash;
    return r;
}

} // namespace

class TestProject : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string file(const char* name) const { return dir_.filePath(name).toStdString(); }

private Q_SLOTS:
    void createAndReopen() {
        const std::string path = file("a.gadget");
        {
            Project p = Project::create(path);
            QCOMPARE(p.schemaVersion(), Project::kSchemaVersion);
            QCOMPARE(p.checkIntegrity(), std::string("ok"));
        }
        Project p = Project::open(path);
        QCOMPARE(p.summary().images, 0LL);
        QVERIFY(!std::filesystem::exists(path + ".creating"));
        QVERIFY_THROWS_EXCEPTION(Error, Project::create(path)); // exists
    }

    void roundTripEveryTable() {
        const std::string path = file("roundtrip.gadget");
        Id img1 = 0, img2 = 0, worker = 0, expert = 0, box = 0, pattern = 0, child = 0, model = 0,
           run = 0;
        {
            Project p = Project::create(path);
            ImageRecord a = sampleImage("kos01_Part0.png", "h1");
            a.goldLabel = "1";
            a.isDev = true;
            img1 = p.addImage(a);
            ImageRecord b = sampleImage("crazing_1.jpg", "h2");
            b.channels = 3;
            b.bitDepth = 16;
            img2 = p.addImage(b);
            p.setGoldLabel(img2, std::string("crazing"));
            worker = p.addWorker("ana", Role::Worker);
            expert = p.addWorker("ben", Role::Expert);
            QCOMPARE(p.ensureWorker("ana", Role::Qa), worker);
            BoxRecord bx;
            bx.imageId = img1;
            bx.workerId = worker;
            bx.rect = {1.5, 2.5, 30, 40};
            bx.defectType = "crack";
            box = p.addBox(bx);
            p.addVote({0, box, expert, Vote::Reject, "", ""});
            p.addVote({0, box, expert, Vote::Accept, "crack", ""}); // replaces the first vote
            PatternRecord pr;
            pr.png = {0x89, 'P', 'N', 'G', 0, 1, 2};
            pr.width = 30;
            pr.height = 40;
            pr.sourceImageId = img1;
            pr.sourceRect = Rect{1.5, 2.5, 30, 40};
            pr.defectType = "crack";
            pattern = p.addPattern(pr);
            PatternRecord aug = pr;
            aug.origin = PatternOrigin::Gan;
            aug.parentId = pattern;
            aug.sourceRect.reset();
            child = p.addPattern(aug);
            p.putFeatures({{img1, pattern, 0.93, 10, 20}, {img2, pattern, -0.25, 0, 1}});
            p.putFeatures({{img2, pattern, 0.31, 3, 4, 6.5}}); // replaces
            model = p.addModel({0, "{\"hidden\":[8]}", 0.81, {1, 2, 3}, ""});
            p.putWeakLabels({{img2, model, "1", 0.7, "{\"pattern\":1}"}});
            run = p.beginRun("run", "{}");
            p.finishRun(run, RunOutcome::Succeeded, "done");
            p.setSetting("target", "10");
        }
        Project p = Project::open(path);
        const auto images = p.images();
        QCOMPARE(images.size(), size_t(2));
        QCOMPARE(images[0].path, std::string("images/kos01_Part0.png"));
        QCOMPARE(images[0].goldLabel.value(), std::string("1"));
        QVERIFY(images[0].isDev);
        QCOMPARE(images[1].bitDepth, 16);
        QCOMPARE(images[1].channels, 3);
        QCOMPARE(images[1].goldLabel.value(), std::string("crazing"));
        QVERIFY(!images[1].isDev);
        QCOMPARE(p.imageByHash("h2")->id, img2);
        QCOMPARE(p.imageByName("kos01_Part0.png")->id, img1);
        QCOMPARE(p.imageByName("images/crazing_1.jpg")->id, img2);
        QVERIFY(!p.imageByName("missing.png"));
        QCOMPARE(
            p.absoluteImagePath(images[0]),
            (std::filesystem::path(dir_.path().toStdString()) / "images/kos01_Part0.png").string());

        const auto workers = p.workers();
        QCOMPARE(workers.size(), size_t(2));
        QCOMPARE(workers[1].role, Role::Expert);
        const auto boxes = p.boxesOfImage(img1);
        QCOMPARE(boxes.size(), size_t(1));
        QCOMPARE(boxes[0].rect.x, 1.5);
        QCOMPARE(boxes[0].rect.h, 40.0);
        QCOMPARE(boxes[0].defectType, std::string("crack"));
        QVERIFY(!boxes[0].createdAt.empty());
        const auto votes = p.votes();
        QCOMPARE(votes.size(), size_t(1));
        QCOMPARE(votes[0].vote, Vote::Accept);
        QCOMPARE(votes[0].defectType, std::string("crack"));

        const auto patterns = p.patterns();
        QCOMPARE(patterns.size(), size_t(2));
        QCOMPARE(patterns[0].png, (std::vector<std::uint8_t>{0x89, 'P', 'N', 'G', 0, 1, 2}));
        QCOMPARE(patterns[0].sourceRect->w, 30.0);
        QCOMPARE(patterns[1].origin, PatternOrigin::Gan);
        QCOMPARE(patterns[1].parentId.value(), pattern);
        QVERIFY(!patterns[1].sourceRect);
        QCOMPARE(patterns[1].id, child);

        const auto features = p.features();
        QCOMPARE(features.size(), size_t(2));
        QCOMPARE(p.featuresOfImage(img2).at(0).score, 0.31);
        QCOMPARE(p.featuresOfImage(img2).at(0).y, 4);
        QCOMPARE(p.featuresOfImage(img2).at(0).prominence, 6.5);
        QCOMPARE(p.featuresOfImage(img1).at(0).prominence, 0.0);

        const auto m = p.latestModel();
        QCOMPARE(m->id, model);
        QCOMPARE(m->cvScore, 0.81);
        QCOMPARE(m->weights, (std::vector<std::uint8_t>{1, 2, 3}));
        QCOMPARE(p.weakLabels().at(0).probability, 0.7);
        QCOMPARE(p.runs().at(0).outcome, RunOutcome::Succeeded);
        QVERIFY(!p.runs().at(0).finishedAt.empty());
        QCOMPARE(p.setting("target").value(), std::string("10"));

        const auto s = p.summary();
        QCOMPARE(s.images, 2LL);
        QCOMPARE(s.devImages, 1LL);
        QCOMPARE(s.labelledImages, 2LL);
        QCOMPARE(s.goldClasses.size(), size_t(2));
        QCOMPARE(s.boxTypes.at(0).first, std::string("crack"));

        // Cascades: removing GAN patterns drops their features, removing a box its votes.
        p.removePatterns(PatternOrigin::Crowd);
        QCOMPARE(p.patterns().size(), size_t(0));
        QCOMPARE(p.features().size(), size_t(0));
        p.removeBox(box);
        QCOMPARE(p.votes().size(), size_t(0));
        QCOMPARE(p.checkIntegrity(), std::string("ok"));
    }

    // One statement bound and run many times in a transaction: every row lands, none repeats.
    void manyRowsInOneCall() {
        Project p = Project::create(file("many.gadget"));
        std::vector<Id> images;
        for (int i = 0; i < 20; ++i)
            images.push_back(
                p.addImage(sampleImage("m" + std::to_string(i) + ".png", "m" + std::to_string(i))));
        PatternRecord pr;
        pr.png = {1};
        pr.width = pr.height = 4;
        const Id a = p.addPattern(pr), b = p.addPattern(pr);
        std::vector<FeatureRecord> features;
        for (size_t i = 0; i < images.size(); ++i) {
            features.push_back({images[i], a, 0.01 * double(i), int(i), 1});
            features.push_back({images[i], b, 0.5, 2, int(i)});
        }
        p.putFeatures(features);
        const auto stored = p.features();
        QCOMPARE(stored.size(), size_t(40));
        QCOMPARE(stored[2].imageId, images[1]);
        QCOMPARE(stored[2].patternId, a);
        QCOMPARE(stored[2].x, 1);
        QCOMPARE(stored[39].y, 19);
        const Id model = p.addModel({0, "{}", 0, {1}, ""});
        std::vector<WeakLabelRecord> labels;
        for (size_t i = 0; i < images.size(); ++i)
            labels.push_back({images[i], model, i % 2 ? "1" : "0", 0.5 + 0.01 * double(i), "{}"});
        p.putWeakLabels(labels);
        const auto weak = p.weakLabels();
        QCOMPARE(weak.size(), size_t(20));
        QCOMPARE(weak[19].probability, 0.69);
        QCOMPARE(weak[19].label, std::string("1"));
    }

    void constraintsAndRollback() {
        Project p = Project::create(file("rollback.gadget"));
        const Id img = p.addImage(sampleImage("x.png", "hx"));
        // Same content under another name is allowed by the schema (the importer decides).
        const Id twin = p.addImage(sampleImage("y.png", "hx"));
        QCOMPARE(p.imageByHash("hx")->id, img);
        QCOMPARE(p.imageByPath("images/y.png")->id, twin);
        QVERIFY(!p.imageByPath("y.png"));
        // A box for an image that does not exist violates a foreign key.
        BoxRecord bad;
        bad.imageId = 999;
        bad.workerId = p.addWorker("w", Role::Worker);
        bad.rect = {0, 0, 1, 1};
        QVERIFY_THROWS_EXCEPTION(Error, p.addBox(bad));
        // A failing transaction leaves nothing behind, nested ones included.
        try {
            p.transaction([&] {
                p.setSetting("a", "1");
                p.transaction([&] { p.setSetting("b", "2"); });
                throw std::runtime_error("boom");
            });
        } catch (const std::runtime_error&) {
        }
        QVERIFY(!p.setting("a"));
        QVERIFY(!p.setting("b"));
        // An inner failure caught inside keeps the outer work.
        p.transaction([&] {
            p.setSetting("c", "3");
            try {
                p.transaction([&] {
                    p.setSetting("d", "4");
                    throw std::runtime_error("inner");
                });
            } catch (const std::runtime_error&) {
            }
        });
        QCOMPARE(p.setting("c").value(), std::string("3"));
        QVERIFY(!p.setting("d"));
        QCOMPARE(p.images().at(0).id, img);
        QCOMPARE(p.images().size(), size_t(2));
    }

    void refusesForeignFilesUntouched() {
        const std::string text = file("notes.gadget");
        writeFile(text, "hello, this is not a database\n");
        QCOMPARE(openKind(text), Error::Kind::Project);
        QCOMPARE(readAll(text), std::string("hello, this is not a database\n"));

        const std::string other = file("other.gadget");
        makeSqlite(other, "CREATE TABLE t(x); INSERT INTO t VALUES (1);");
        const std::string before = readAll(other);
        QCOMPARE(openKind(other), Error::Kind::Project);
        QCOMPARE(readAll(other), before);
        QVERIFY(!std::filesystem::exists(other + "-wal"));

        const std::string newer = file("newer.gadget");
        makeSqlite(newer, "PRAGMA application_id = 1229407303; PRAGMA user_version = 99; "
                          "CREATE TABLE future(x);");
        const std::string newerBefore = readAll(newer);
        try {
            Project::open(newer);
            QFAIL("a newer schema must be refused");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), Error::Kind::Project);
            QVERIFY(std::string(e.what()).find("newer") != std::string::npos);
        }
        QCOMPARE(readAll(newer), newerBefore);

        QCOMPARE(openKind(file("missing.gadget")), Error::Kind::Input);
        writeFile(file("empty.gadget"), "");
        QCOMPARE(openKind(file("empty.gadget")), Error::Kind::Project);
    }

    void truncatedFileIsRefused() {
        const std::string path = file("trunc.gadget");
        {
            Project p = Project::create(path);
            for (int i = 0; i < 200; ++i)
                p.addImage(sampleImage("i" + std::to_string(i) + ".png", "t" + std::to_string(i)));
        }
        std::filesystem::resize_file(path, 1500);
        std::filesystem::remove(path + "-wal");
        try {
            Project p = Project::open(path);
            // If the header survived, reading must fail cleanly rather than crash.
            p.images();
            QVERIFY(p.checkIntegrity() != "ok");
        } catch (const Error& e) {
            QVERIFY(e.kind() == Error::Kind::Project || e.kind() == Error::Kind::Internal);
        }
    }

    // digiKam-style: a fixture per released schema version must open and migrate.
    void openFixturesOfEveryVersion() {
        const QDir fixtures(IG_FIXTURES);
        const auto sqlFiles = fixtures.entryList({"schema-v*.sql"}, QDir::Files, QDir::Name);
        QVERIFY(!sqlFiles.isEmpty());
        for (const QString& name : sqlFiles) {
            QFile f(fixtures.filePath(name));
            QVERIFY(f.open(QIODevice::ReadOnly));
            const std::string path = file(qPrintable(name + ".gadget"));
            makeSqlite(path, f.readAll().toStdString());
            Project p = Project::open(path);
            QCOMPARE(p.schemaVersion(), Project::kSchemaVersion);
            QVERIFY(p.images().size() >= 2);
            QVERIFY(!p.boxes().empty());
            // Version 2 added the augmenters table: empty after migrating v1, usable in all.
            const size_t augmenters = p.augmenters().size();
            QCOMPARE(augmenters, name == "schema-v1.sql" ? size_t(0) : size_t(1));
            // Version 3 gave features a prominence and dropped the older ones (derived data,
            // computed again by the next run).
            const auto features = p.features();
            if (name == "schema-v3.sql") {
                QCOMPARE(features.size(), size_t(1));
                QCOMPARE(features[0].prominence, 2.5);
            } else {
                QVERIFY(features.empty());
            }
            p.addAugmenter({0, AugmenterKind::Gan, "crack", "{}", {1, 2, 3}, ""});
            QCOMPARE(p.augmenters().size(), augmenters + 1);
            QCOMPARE(p.checkIntegrity(), std::string("ok"));
        }
    }

    void augmentersRoundTrip() {
        const std::string path = file("augmenters.gadget");
        {
            Project p = Project::create(path);
            p.addAugmenter({0, AugmenterKind::Policy, "", R"({"best":[]})", {}, ""});
            p.addAugmenter({0, AugmenterKind::Gan, "spot", R"({"epochs":3})", {9, 0, 255}, ""});
        }
        Project p = Project::open(path);
        const auto a = p.augmenters();
        QCOMPARE(a.size(), size_t(2));
        QVERIFY(a[0].kind == AugmenterKind::Policy && a[0].blob.empty());
        QVERIFY(a[1].kind == AugmenterKind::Gan);
        QCOMPARE(a[1].defectType, std::string("spot"));
        QCOMPARE(a[1].paramsJson, std::string(R"({"epochs":3})"));
        QVERIFY((a[1].blob == std::vector<std::uint8_t>{9, 0, 255}));
        QVERIFY(!a[1].createdAt.empty());
        p.removeAugmenter(a[0].id);
        QCOMPARE(p.augmenters().size(), size_t(1));
        QCOMPARE(p.augmenters()[0].id, a[1].id);
    }

    // A scratch copy holds everything and refuses to overwrite.
    void saveCopyAsWritesAWholeProject() {
        const std::string path = file("original.gadget");
        Project p = Project::create(path);
        p.setSetting("k", "v");
        const std::string copy = file("copy.gadget");
        p.saveCopyAs(copy);
        QCOMPARE(*Project::open(copy).setting("k"), std::string("v"));
        try {
            p.saveCopyAs(copy);
            QFAIL("overwrote an existing file");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), Error::Kind::Input);
        }
    }

    // A scratch copy goes with its owner; one a killed process left is removed by the next.
    void scratchCopiesOfDeadProcessesAreRemoved() {
        const std::string path = file("scratch.gadget");
        Project::create(path).setSetting("k", "v");
        const pid_t child = fork(); // a pid that is surely no longer running
        if (child == 0)
            _exit(0);
        QVERIFY(child > 0);
        waitpid(child, nullptr, 0);
        const auto touch = [](const std::string& name) { std::ofstream(name) << "x"; };
        const std::string stale = path + ".ablation-" + std::to_string(child) + "-0.tmp";
        const std::string live = path + ".ablation-" + std::to_string(getpid()) + "-999.tmp";
        const std::string otherPurpose = path + ".merge-" + std::to_string(child) + "-0.tmp";
        const std::string notAPid = path + ".ablation-99999999999999999999-0.tmp";
        for (const auto& name : {stale, stale + "-wal", live, otherPurpose, notAPid})
            touch(name);
        std::string scratchPath;
        {
            const ScratchCopy scratch(path, "ablation");
            scratchPath = scratch.path();
            QCOMPARE(*Project::open(scratchPath).setting("k"), std::string("v"));
            QVERIFY(!std::filesystem::exists(stale));
            QVERIFY(!std::filesystem::exists(stale + "-wal"));
            QVERIFY(std::filesystem::exists(live));         // its process runs
            QVERIFY(std::filesystem::exists(otherPurpose)); // not this purpose's
            QVERIFY(std::filesystem::exists(notAPid));
            const ScratchCopy second(path, "ablation");
            QVERIFY(second.path() != scratchPath);
        }
        QVERIFY(!std::filesystem::exists(scratchPath));
        QVERIFY(!std::filesystem::exists(scratchPath + "-wal"));
    }

public:
    TestProject() { QVERIFY(dir_.isValid()); }
};

QTEST_GUILESS_MAIN(TestProject)
#include "TestProject.moc"
