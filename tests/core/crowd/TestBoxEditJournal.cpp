// The crowd workflow's part of the project file: box edits journaled with undo and redo that
// survive reopening, the redo tail, ids taken meanwhile, workers' own boxes, finished images.
#include "project/Project.h"
#include "util/Error.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

using namespace ig;

namespace {

BoxRecord box(Id imageId, Id workerId, Rect rect, const std::string& type = "crack") {
    BoxRecord b;
    b.imageId = imageId;
    b.workerId = workerId;
    b.rect = rect;
    b.defectType = type;
    return b;
}

bool sameRect(const Rect& a, const Rect& b) {
    return a.x == b.x && a.y == b.y && a.w == b.w && a.h == b.h; // bit for bit
}

} // namespace

class TestBoxEditJournal : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() {
        path_ = dir_.filePath(QStringLiteral("journal-%1.gadget").arg(++n_)).toStdString();
        Project p = Project::create(path_);
        for (int i = 0; i < 3; ++i) {
            ImageRecord image;
            image.path = "images/i" + std::to_string(i) + ".png";
            image.width = 500;
            image.height = 1240;
            image.channels = 1;
            image.contentHash = std::to_string(i);
            images_[i] = p.addImage(image);
        }
        ana_ = p.addWorker("ana", Role::Worker);
        ben_ = p.addWorker("ben", Role::Worker);
    }

    void addChangeRemoveUndoRedo() {
        Project p = Project::open(path_);
        const Rect first{10.25, 20.5, 30, 40};
        const Rect moved{1.0 / 3, 2.0 / 3, 30.125, 40.0 / 7}; // not representable in 15 digits
        const Id id = p.addBoxJournaled(box(images_[0], ana_, first));
        BoxRecord changed = box(images_[0], ana_, moved, "scratch");
        changed.id = id;
        p.changeBoxJournaled(ana_, changed);
        p.removeBoxJournaled(ana_, id);
        QVERIFY(p.boxesOfImage(images_[0]).empty());
        QCOMPARE(p.boxEdits(ana_).size(), size_t(3));
        QVERIFY(p.canUndoBoxEdit(ana_) && !p.canRedoBoxEdit(ana_));

        // Undo the removal: the box is back, with its id, its moved place and type.
        auto undone = p.undoBoxEdit(ana_);
        QVERIFY(undone && undone->op == Project::BoxEditOp::Remove && undone->undone);
        auto boxes = p.boxesOfImage(images_[0]);
        QCOMPARE(boxes.size(), size_t(1));
        QCOMPARE(boxes[0].id, id);
        QVERIFY(sameRect(boxes[0].rect, moved));
        QCOMPARE(boxes[0].defectType, std::string("scratch"));
        // Undo the change: the first place and type, exactly.
        undone = p.undoBoxEdit(ana_);
        QVERIFY(undone && undone->op == Project::BoxEditOp::Change);
        QVERIFY(undone->before && sameRect(undone->before->rect, first));
        boxes = p.boxesOfImage(images_[0]);
        QVERIFY(sameRect(boxes[0].rect, first));
        QCOMPARE(boxes[0].defectType, std::string("crack"));
        // Undo the addition: gone; nothing left to undo.
        QVERIFY(p.undoBoxEdit(ana_));
        QVERIFY(p.boxesOfImage(images_[0]).empty());
        QVERIFY(!p.undoBoxEdit(ana_));
        QVERIFY(!p.canUndoBoxEdit(ana_) && p.canRedoBoxEdit(ana_));

        // Redo twice (add, change): the moved box.
        auto redone = p.redoBoxEdit(ana_);
        QVERIFY(redone && redone->op == Project::BoxEditOp::Add && !redone->undone);
        QVERIFY(p.redoBoxEdit(ana_));
        boxes = p.boxesOfImage(images_[0]);
        QCOMPARE(boxes.size(), size_t(1));
        QVERIFY(sameRect(boxes[0].rect, moved));

        // A new edit drops the redo tail (the removal).
        p.addBoxJournaled(box(images_[1], ana_, {1, 2, 3, 4}));
        QVERIFY(!p.canRedoBoxEdit(ana_));
        QVERIFY(!p.redoBoxEdit(ana_));
        QCOMPARE(p.boxEdits(ana_).size(), size_t(3));
    }

    void undoSurvivesReopening() {
        Id id = 0;
        {
            Project p = Project::open(path_);
            id = p.addBoxJournaled(box(images_[0], ana_, {5, 5, 50, 50}));
            BoxRecord moved = box(images_[0], ana_, {15, 5, 50, 50});
            moved.id = id;
            p.changeBoxJournaled(ana_, moved);
        }
        {
            Project p = Project::open(path_);
            const auto undone = p.undoBoxEdit(ana_);
            QVERIFY(undone && undone->op == Project::BoxEditOp::Change);
            QCOMPARE(p.boxesOfImage(images_[0]).at(0).rect.x, 5.0);
        }
        {
            Project p = Project::open(path_);
            QVERIFY(p.redoBoxEdit(ana_));
            QCOMPARE(p.boxesOfImage(images_[0]).at(0).rect.x, 15.0);
        }
    }

    void workersUndoTheirOwnEditsOnly() {
        Project p = Project::open(path_);
        const Id anas = p.addBoxJournaled(box(images_[0], ana_, {5, 5, 50, 50}));
        p.addBoxJournaled(box(images_[0], ben_, {100, 5, 50, 50}));
        // Ben cannot touch Ana's box.
        BoxRecord stolen = box(images_[0], ben_, {0, 0, 9, 9});
        stolen.id = anas;
        QVERIFY_THROWS_EXCEPTION(Error, p.changeBoxJournaled(ben_, stolen));
        QVERIFY_THROWS_EXCEPTION(Error, p.removeBoxJournaled(ben_, anas));
        // Ana's undo removes her box, not Ben's later one.
        QVERIFY(p.undoBoxEdit(ana_));
        const auto boxes = p.boxesOfImage(images_[0]);
        QCOMPARE(boxes.size(), size_t(1));
        QCOMPARE(boxes[0].workerId, ben_);
        QCOMPARE(p.boxesOfImageBy(images_[0], ben_).size(), size_t(1));
        QVERIFY(p.boxesOfImageBy(images_[0], ana_).empty());
        // Bad boxes are refused without a journal entry.
        QVERIFY_THROWS_EXCEPTION(Error, p.addBoxJournaled(box(images_[0], ana_, {0, 0, 0, 5})));
        QVERIFY_THROWS_EXCEPTION(Error, p.addBoxJournaled(box(9999, ana_, {0, 0, 5, 5})));
        QCOMPARE(p.boxEdits(ana_).size(), size_t(1));
    }

    // Ana removes her newest box; Ben's new box takes its id; Ana's undo restores hers under a
    // new id and her journal follows it, so redo removes the right box.
    void restoredBoxGetsANewIdWhenItsOldOneIsTaken() {
        Project p = Project::open(path_);
        const Id anas = p.addBoxJournaled(box(images_[0], ana_, {5, 5, 50, 50}));
        p.removeBoxJournaled(ana_, anas);
        const Id bens = p.addBoxJournaled(box(images_[0], ben_, {200, 5, 20, 20}));
        QCOMPARE(bens, anas); // SQLite reuses the highest rowid
        const auto undone = p.undoBoxEdit(ana_);
        QVERIFY(undone);
        QVERIFY(undone->boxId != anas);
        QCOMPARE(p.boxesOfImage(images_[0]).size(), size_t(2));
        QVERIFY(p.redoBoxEdit(ana_));
        const auto left = p.boxesOfImage(images_[0]);
        QCOMPARE(left.size(), size_t(1));
        QCOMPARE(left[0].workerId, ben_);
    }

    void finishedImagesAndNoDefect() {
        Project p = Project::open(path_);
        p.markImageDone(images_[1], ana_); // nothing drawn: "no defect"
        auto done = p.imageDone(images_[1], ana_);
        QVERIFY(done && done->noDefect && !done->doneAt.empty());
        const Id id = p.addBoxJournaled(box(images_[0], ana_, {5, 5, 50, 50}));
        p.markImageDone(images_[0], ana_);
        QVERIFY(!p.imageDone(images_[0], ana_)->noDefect);
        // no_defect follows later edits and their undo.
        p.removeBoxJournaled(ana_, id);
        QVERIFY(p.imageDone(images_[0], ana_)->noDefect);
        p.undoBoxEdit(ana_);
        QVERIFY(!p.imageDone(images_[0], ana_)->noDefect);
        p.markImageDone(images_[2], ben_);
        const auto anas = p.imagesDoneBy(ana_);
        QCOMPARE(anas.size(), size_t(2));
        QCOMPARE(anas[0].imageId, images_[1]); // in the order first done
        QCOMPARE(anas[1].imageId, images_[0]);
        QCOMPARE(p.imagesDone().size(), size_t(3));
        QVERIFY(!p.imageDone(images_[2], ana_));
        QVERIFY_THROWS_EXCEPTION(Error, p.markImageDone(12345, ana_));
        QCOMPARE(p.checkIntegrity(), std::string("ok"));
    }

    void undoSkipsEditsOfRemovedImages() {
        Project p = Project::open(path_);
        p.addBoxJournaled(box(images_[0], ana_, {5, 5, 50, 50}));
        p.addBoxJournaled(box(images_[1], ana_, {5, 5, 50, 50}));
        {
            sqlite3* db = nullptr;
            QCOMPARE(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
            QCOMPARE(sqlite3_exec(db, "PRAGMA foreign_keys = ON; DELETE FROM images WHERE id = 2",
                                  nullptr, nullptr, nullptr),
                     SQLITE_OK);
            sqlite3_close(db);
        }
        const auto undone = p.undoBoxEdit(ana_);
        QVERIFY(undone);
        QCOMPARE(undone->after->imageId, images_[0]); // image 2's edit was passed over
        QVERIFY(p.boxes().empty());
        QVERIFY(!p.canUndoBoxEdit(ana_));
    }

    void workerRoles() {
        Project p = Project::open(path_);
        QCOMPARE(p.worker(ana_)->role, Role::Worker);
        p.setWorkerRole(ana_, Role::Expert);
        QCOMPARE(p.worker(ana_)->role, Role::Expert);
        QVERIFY(!p.worker(4242));
    }

private:
    QTemporaryDir dir_;
    std::string path_;
    int n_ = 0;
    Id images_[3] = {};
    Id ana_ = 0, ben_ = 0;
};

QTEST_GUILESS_MAIN(TestBoxEditJournal)
#include "TestBoxEditJournal.moc"
