// The crowd commands as a user runs them, on 30 KolektorSDD images: export-boxes and
// import-boxes in every format, merge-project, and the simulated-crowd ablation bench-crowd.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include "GadgetProcess.h"

namespace {

void writeText(const QString& path, const QByteArray& text) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    file.write(text);
}

QJsonObject infoOf(const QString& project) {
    const Run run = gadget({"info", project, "--json"});
    return QJsonDocument::fromJson(run.out.toUtf8()).object();
}

} // namespace

#define CHECK_RUN(run, expectedCode)                                                               \
    QVERIFY2((run).code == (expectedCode), qPrintable(describe(run)))

class TestCrowdCommands : public QObject {
    Q_OBJECT

    QTemporaryDir temp_;
    QString project_;
    QStringList images_; // absolute paths of the 30 images
    int goldBoxes_ = 0;

    QString newProject(const QString& name) {
        const QString path = temp_.path() + "/" + name;
        const Run made = gadget({"new", path});
        if (made.code != 0)
            qFatal("%s", qPrintable(describe(made)));
        const Run imported = gadget(QStringList{"import-images", path} + images_);
        if (imported.code != 0)
            qFatal("%s", qPrintable(describe(imported)));
        return path;
    }

private Q_SLOTS:
    // 20 images of the paper's dev split (5 with a crack) and 10 others (5 with a crack), with
    // their gold labels and the data set's boxes by worker "gold".
    void initTestCase() {
        QVERIFY2(QFile::exists(kGadget), qPrintable(kGadget + " is not built"));
        QVERIFY(temp_.isValid());
        QMap<QString, QString> label;
        for (const QStringList& row : csvRows(kData + "/ksdd/labels.csv"))
            label[row[0]] = row[1];
        QSet<QString> devSplit;
        QStringList dev, defectiveDev, others, defectiveOthers;
        for (const QStringList& row : csvRows(kData + "/ksdd/paper_dev_split.csv")) {
            devSplit.insert(row[0]);
            (label[row[0]] == "1" ? defectiveDev : dev).append(row[0]);
        }
        for (auto it = label.begin(); it != label.end(); ++it)
            if (!devSplit.contains(it.key()))
                (it.value() == "1" ? defectiveOthers : others).append(it.key());
        QStringList devNames = defectiveDev.mid(0, 5) + dev.mid(0, 15);
        QStringList names = devNames + defectiveOthers.mid(0, 5) + others.mid(0, 5);
        QCOMPARE(names.size(), 30);
        for (const QString& name : names)
            images_.append(kData + "/ksdd/images/" + name);
        for (const QStringList& row : csvRows(kData + "/ksdd/boxes.csv"))
            goldBoxes_ += names.contains(row[0]) ? 1 : 0;

        project_ = newProject("ksdd30.gadget");
        CHECK_RUN(gadget({"import-labels", project_, kData + "/ksdd/labels.csv"}), 0);
        CHECK_RUN(gadget({"import-boxes", project_, kData + "/ksdd/boxes.csv", "--worker", "gold"}),
                  0);
        writeText(temp_.path() + "/dev.csv", ("image\n" + devNames.join("\n") + "\n").toUtf8());
        CHECK_RUN(gadget({"set-dev", project_, temp_.path() + "/dev.csv"}), 0);
        QCOMPARE(infoOf(project_)["boxes"].toInt(), goldBoxes_);
    }

    void helpListsTheCommands() {
        const Run run = gadget({"--help"});
        CHECK_RUN(run, 0);
        for (const char* command : {"export-boxes", "merge-project", "bench-crowd"})
            QVERIFY2(run.out.contains(command), command);
        CHECK_RUN(gadget({"import-boxes", "--help"}), 0);
        QVERIFY(gadget({"import-boxes", "--help"}).out.contains("--format"));
    }

    void exportThenImportEveryFormat_data() {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("out");
        QTest::addColumn<QString>("outFormat"); // what to pass as --format on export
        QTest::newRow("csv") << "csv"
                             << "b.csv"
                             << "auto";
        QTest::newRow("voc") << "voc"
                             << "voc"
                             << "voc";
        QTest::newRow("yolo") << "yolo"
                              << "yolo"
                              << "yolo";
        QTest::newRow("coco") << "coco"
                              << "b.json"
                              << "auto";
    }
    void exportThenImportEveryFormat() {
        QFETCH(QString, format);
        QFETCH(QString, out);
        QFETCH(QString, outFormat);
        const QString path = temp_.path() + "/export-" + out;
        Run run = gadget(
            {"export-boxes", project_, "--format", outFormat, "--out", path, "--worker", "gold"});
        CHECK_RUN(run, 0);
        QVERIFY2(run.out.contains(QString("Wrote %1 boxes").arg(goldBoxes_)) &&
                     run.out.contains("as " + format),
                 qPrintable(describe(run)));
        const QString fresh = newProject("from-" + format + ".gadget");
        run = gadget({"import-boxes", fresh, path, "--worker", "gold"}); // format detected
        CHECK_RUN(run, 0);
        QVERIFY2(run.out.contains(QString("Added %1 boxes").arg(goldBoxes_)),
                 qPrintable(describe(run)));
        run = gadget({"import-boxes", fresh, path, "--worker", "gold", "--format", format});
        CHECK_RUN(run, 0);
        QVERIFY2(run.out.contains(QString("Added 0 boxes by worker 'gold' from '%1' (%2 already")
                                      .arg(path)
                                      .arg(goldBoxes_)),
                 qPrintable(describe(run)));
        QCOMPARE(infoOf(fresh)["boxes"].toInt(), goldBoxes_);
    }

    void badBoxFilesAreNamed() {
        const QString voc = temp_.path() + "/bad-voc";
        QVERIFY(QDir().mkpath(voc));
        writeText(voc + "/a.xml", "<annotation>\n<filename>" +
                                      QFileInfo(images_[0]).fileName().toUtf8() +
                                      "</filename>\n<object><name>crack</name>\n"
                                      "<bndbox><xmin>-5</xmin><ymin>1</ymin><xmax>9</xmax>"
                                      "<ymax>9</ymax></bndbox></object>\n</annotation>\n");
        const int before = infoOf(project_)["boxes"].toInt();
        Run run = gadget({"import-boxes", project_, voc});
        CHECK_RUN(run, 1);
        QVERIFY2(run.err.contains(voc + "/a.xml:3:") && run.err.contains("negative"),
                 qPrintable(describe(run)));
        QCOMPARE(infoOf(project_)["boxes"].toInt(), before);

        run = gadget({"import-boxes", project_, temp_.path() + "/boxes.dat"});
        CHECK_RUN(run, 2);
        QVERIFY2(run.err.contains("--format"), qPrintable(describe(run)));
        run = gadget({"export-boxes", project_, "--out", temp_.path() + "/folder"});
        CHECK_RUN(run, 2);
    }

    void mergeProject() {
        const QString alice = newProject("alice.gadget");
        const QString first = QFileInfo(images_[0]).fileName();
        const QString second = QFileInfo(images_[1]).fileName();
        writeText(temp_.path() + "/alice.csv",
                  ("image,x,y,w,h,class\n" + first + ",10,20,30,40,crack\n" + second +
                   ",50,60,70,80,crack\n")
                      .toUtf8());
        CHECK_RUN(gadget({"import-boxes", alice, temp_.path() + "/alice.csv", "--worker", "alice"}),
                  0);
        const QJsonObject before = infoOf(project_);
        Run run = gadget({"merge-project", project_, alice});
        CHECK_RUN(run, 0);
        QVERIFY2(run.out.contains("1 new worker") && run.out.contains("2 new boxes") &&
                     run.out.contains("Images matched: 30 of 30"),
                 qPrintable(describe(run)));
        QCOMPARE(infoOf(project_)["boxes"].toInt(), before["boxes"].toInt() + 2);
        QCOMPARE(infoOf(project_)["workers"].toInt(), before["workers"].toInt() + 1);
        run = gadget({"merge-project", project_, alice});
        CHECK_RUN(run, 0);
        QVERIFY2(run.out.contains("0 new workers") && run.out.contains("0 new boxes (2 already"),
                 qPrintable(describe(run)));
        QCOMPARE(infoOf(project_)["boxes"].toInt(), before["boxes"].toInt() + 2);

        const QString text = temp_.path() + "/notes.gadget";
        writeText(text, "just text\n");
        run = gadget({"merge-project", project_, text});
        CHECK_RUN(run, 5);
        QVERIFY2(run.err.contains("Cannot merge") && run.err.contains(text),
                 qPrintable(describe(run)));
    }

    // The ablation on a scratch copy: four rows with patterns and scores; the project untouched.
    void benchCrowd() {
        const QJsonObject before = infoOf(project_);
        const Run run =
            gadget({"bench-crowd", project_, "--workers", "3", "--seed", "2", "--json"}, 240000);
        CHECK_RUN(run, 0);
        const QJsonObject result = QJsonDocument::fromJson(run.out.toUtf8()).object();
        const QJsonArray rows = result["rows"].toArray();
        QCOMPARE(rows.size(), 4);
        const QJsonObject crowd = result["crowd"].toObject();
        QCOMPARE(crowd["dev_images"].toInt(), 20);
        QCOMPARE(crowd["gold_boxes"].toInt(), rows[0].toObject()["patterns"].toInt());
        QCOMPARE(rows[1].toObject()["patterns"].toInt(),
                 crowd["drawn"].toInt() + crowd["invented"].toInt());
        QVERIFY(crowd["drawn"].toInt() + crowd["missed"].toInt() ==
                3 * crowd["gold_boxes"].toInt());
        for (const QJsonValue& value : rows) {
            const QJsonObject row = value.toObject();
            QVERIFY2(row["patterns"].toInt() > 0, qPrintable(run.out));
            QVERIFY2(row.contains("score") && row["score"].toDouble() >= 0 &&
                         row["score"].toDouble() <= 1,
                     qPrintable(run.out));
        }
        QCOMPARE(rows[3].toObject()["name"].toString(), QString("(c) full workflow"));
        const QJsonObject after = infoOf(project_);
        for (const char* key : {"boxes", "workers", "patterns", "features", "weakLabels", "votes"})
            QCOMPARE(after[key].toInt(), before[key].toInt());
        QCOMPARE(QDir(temp_.path()).entryList({"*.tmp*"}).size(), 0);

        const Run text = gadget({"bench-crowd", project_, "--workers", "0"});
        CHECK_RUN(text, 2);
    }
};

QTEST_GUILESS_MAIN(TestCrowdCommands)
#include "TestCrowdCommands.moc"
