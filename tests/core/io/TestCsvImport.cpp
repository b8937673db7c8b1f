#include "io/CsvImport.h"
#include "io/ImageImporter.h"
#include "project/Project.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <set>

namespace {

const QString kData = QString(IG_SHARED_DATA);

// The data rows of a shared CSV, split on commas (those files quote nothing).
QList<QStringList> csvRows(const QString& path) {
    QFile file(path);
    file.open(QIODevice::ReadOnly | QIODevice::Text);
    QList<QStringList> rows;
    file.readLine(); // header
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (!line.isEmpty())
            rows.append(line.split(','));
    }
    return rows;
}

class CancelAfter : public ig::Feedback {
public:
    explicit CancelAfter(long long after) : after_(after) {}

protected:
    void onProgress(const std::string&, long long done, long long) override {
        if (done >= after_)
            cancel();
    }

private:
    long long after_;
};

std::set<int> linesOf(const std::vector<ig::CsvProblem>& problems) {
    std::set<int> lines;
    for (const ig::CsvProblem& p : problems)
        lines.insert(p.line);
    return lines;
}

QString writeText(const QString& path, const QByteArray& text) {
    QFile file(path);
    file.open(QIODevice::WriteOnly);
    file.write(text);
    return path;
}

} // namespace

class TestCsvImport : public QObject {
    Q_OBJECT

    QTemporaryDir temp_;
    QStringList ksddNames_; // the KSDD images in the test projects

    ig::Project ksddProject(const QString& name) {
        ig::Project project = ig::Project::create((temp_.path() + "/" + name).toStdString());
        std::vector<std::string> files;
        for (const QString& image : ksddNames_)
            files.push_back((kData + "/ksdd/images/" + image).toStdString());
        ig::SilentFeedback feedback;
        const ig::ImportReport report = ig::importImages(project, files, feedback);
        if (report.added != ksddNames_.size())
            qFatal("the KSDD test images did not import");
        return project;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(temp_.isValid());
        // Six images with cracks (from boxes.csv) and the first ten of the dev split.
        QSet<QString> chosen;
        for (const QStringList& row : csvRows(kData + "/ksdd/boxes.csv"))
            if (chosen.size() < 6)
                chosen.insert(row[0]);
        const QList<QStringList> dev = csvRows(kData + "/ksdd/paper_dev_split.csv");
        for (int i = 0; i < 10; ++i)
            chosen.insert(dev[i][0]);
        ksddNames_ = chosen.values();
        ksddNames_.sort();
    }

    void ksddLabelsBoxesAndDevSplit() {
        ig::Project project = ksddProject("ksdd.gadget");
        ig::SilentFeedback feedback;
        const long long n = ksddNames_.size();

        // Labels: every image of the project gets its label; the other rows are unknown.
        const std::string labelsCsv = (kData + "/ksdd/labels.csv").toStdString();
        ig::CsvImportReport labels = ig::importLabels(project, labelsCsv, feedback);
        QCOMPARE(labels.rows, 399LL);
        QCOMPARE(labels.applied, n);
        QCOMPARE(labels.unknownCount, 399 - n);
        QCOMPARE(labels.problemCount, 0LL);
        std::map<std::string, std::string> expected;
        for (const QStringList& row : csvRows(kData + "/ksdd/labels.csv"))
            expected[row[0].toStdString()] = row[1].toStdString();
        for (const ig::ImageRecord& image : project.images()) {
            const std::string name = image.path.substr(image.path.find_last_of('/') + 1);
            QVERIFY(image.goldLabel.has_value());
            QCOMPARE(*image.goldLabel, expected.at(name));
        }
        labels = ig::importLabels(project, labelsCsv, feedback);
        QCOMPARE(labels.applied, 0LL);
        QCOMPARE(labels.unchanged, n);

        // Boxes: those of the project's images are added once, credited to "imported".
        const std::string boxesCsv = (kData + "/ksdd/boxes.csv").toStdString();
        long long expectedBoxes = 0;
        for (const QStringList& row : csvRows(kData + "/ksdd/boxes.csv"))
            expectedBoxes += ksddNames_.contains(row[0]) ? 1 : 0;
        QVERIFY(expectedBoxes >= 6);
        ig::CsvImportReport boxes = ig::importBoxes(project, boxesCsv, {}, feedback);
        QCOMPARE(boxes.rows, 54LL);
        QCOMPARE(boxes.applied, expectedBoxes);
        QCOMPARE(boxes.unknownCount, 54 - expectedBoxes);
        QCOMPARE(boxes.problemCount, 0LL);
        const auto worker = project.workerByName("imported");
        QVERIFY(worker.has_value());
        QCOMPARE(worker->role, ig::Role::Worker);
        const std::vector<ig::BoxRecord> stored = project.boxes();
        QCOMPARE(static_cast<long long>(stored.size()), expectedBoxes);
        for (const ig::BoxRecord& box : stored) {
            QCOMPARE(box.defectType, std::string("crack"));
            QCOMPARE(box.workerId, worker->id);
            QVERIFY(box.rect.w > 0 && box.rect.h > 0);
        }
        boxes = ig::importBoxes(project, boxesCsv, {}, feedback);
        QCOMPARE(boxes.applied, 0LL);
        QCOMPARE(boxes.unchanged, expectedBoxes);
        QCOMPARE(static_cast<long long>(project.boxes().size()), expectedBoxes);

        // Dev split: exactly the listed images of the project.
        QSet<QString> devNames;
        for (const QStringList& row : csvRows(kData + "/ksdd/paper_dev_split.csv"))
            devNames.insert(row[0]);
        const ig::CsvImportReport dev = ig::importDevSplit(
            project, (kData + "/ksdd/paper_dev_split.csv").toStdString(), feedback);
        long long expectedDev = 0;
        for (const QString& name : ksddNames_)
            expectedDev += devNames.contains(name) ? 1 : 0;
        QVERIFY(expectedDev >= 10);
        QCOMPARE(dev.rows, 78LL);
        QCOMPARE(dev.applied, expectedDev);
        QCOMPARE(dev.unknownCount, 78 - expectedDev);
        for (const ig::ImageRecord& image : project.images()) {
            const QString name =
                QString::fromStdString(image.path.substr(image.path.find_last_of('/') + 1));
            QCOMPARE(image.isDev, devNames.contains(name));
        }
        QCOMPARE(project.summary().devImages, expectedDev);
    }

    void badBoxRowsAreRefusedWithTheirLineNumbers() {
        ig::Project project = ksddProject("bad-boxes.gadget");
        const QByteArray name = ksddNames_[0].toUtf8();
        const QString csv =
            writeText(temp_.path() + "/bad-boxes.csv",
                      "image,x,y,w,h,class\n" + name + ",10,20,30,40,crack\n" + // 2 ok
                          name + ",450,20,100,40,crack\n" +                     // 3 outside
                          name + ",10,20,0,40,crack\n" +                        // 4 no area
                          "nobody.png,1,1,2,2,crack\n" +                        // 5 unknown image
                          name + ",ten,20,30,40,crack\n" +                      // 6 not a number
                          name + ",-1,20,30,40,crack\n" +                       // 7 outside
                          name + ",1,2\n" +                                     // 8 short row
                          name + ",0,1250,500,40,scratch\n");                   // 9 outside below
        ig::BoxImportOptions options;
        options.workerName = "alice";
        options.role = ig::Role::Expert;
        ig::SilentFeedback feedback;
        const ig::CsvImportReport report =
            ig::importBoxes(project, csv.toStdString(), options, feedback);
        QCOMPARE(report.rows, 8LL);
        QCOMPARE(report.applied, 1LL);
        QCOMPARE(linesOf(report.problems), (std::set<int>{3, 4, 6, 7, 8, 9}));
        QCOMPARE(linesOf(report.unknownImages), (std::set<int>{5}));
        QCOMPARE(report.unknownImages[0].message, std::string("nobody.png"));
        for (const ig::CsvProblem& p : report.problems)
            if (p.line == 3)
                QVERIFY2(p.message.find("outside") != std::string::npos, p.message.c_str());
        QCOMPARE(project.workerByName("alice")->role, ig::Role::Expert);
        QCOMPARE(project.boxes().size(), std::size_t(1));
    }

    void labelConflictsAndMissingColumns() {
        ig::Project project = ksddProject("conflicts.gadget");
        const QByteArray a = ksddNames_[0].toUtf8(), b = ksddNames_[1].toUtf8();
        const QString csv =
            writeText(temp_.path() + "/conflict.csv", "\xEF\xBB\xBF"
                                                      "image,class\r\n" +
                                                          a + ",ok\r\n" + b + ",scratch\r\n" + a +
                                                          ",ok\r\n" + a + ",bad\r\n" + b + ",\r\n");
        ig::SilentFeedback feedback;
        const ig::CsvImportReport report = ig::importLabels(project, csv.toStdString(), feedback);
        QCOMPARE(report.applied, 2LL);
        QCOMPARE(report.unchanged, 1LL);
        QCOMPARE(linesOf(report.problems), (std::set<int>{5, 6}));
        QCOMPARE(*project.imageByName(a.toStdString())->goldLabel, std::string("ok"));

        const QString wrong = writeText(temp_.path() + "/wrong.csv", "file,label\nx.png,1\n");
        try {
            ig::importLabels(project, wrong.toStdString(), feedback);
            QFAIL("expected an error");
        } catch (const ig::Error& e) {
            QCOMPARE(e.kind(), ig::Error::Kind::Input);
            QVERIFY2(std::string(e.what()).find("image,label") != std::string::npos, e.what());
        }
    }

    void cancelRollsBackTheWholeFile() {
        ig::Project project = ksddProject("cancel.gadget");
        CancelAfter feedback(3);
        bool canceled = false;
        try {
            ig::importLabels(project, (kData + "/ksdd/labels.csv").toStdString(), feedback);
        } catch (const ig::CanceledError&) {
            canceled = true;
        }
        QVERIFY(canceled);
        QCOMPARE(project.summary().labelledImages, 0LL);
    }

    void devSplitNamingNoImageChangesNothing() {
        ig::Project project = ksddProject("dev.gadget");
        ig::SilentFeedback feedback;
        const long long dev =
            ig::importDevSplit(project, (kData + "/ksdd/paper_dev_split.csv").toStdString(),
                               feedback)
                .applied;
        const QString none = writeText(temp_.path() + "/none.csv", "image\nnope.png\nnada.png\n");
        try {
            ig::importDevSplit(project, none.toStdString(), feedback);
            QFAIL("expected an error");
        } catch (const ig::Error& e) {
            QCOMPARE(e.kind(), ig::Error::Kind::Input);
        }
        QCOMPARE(project.summary().devImages, dev);
    }

    void neuClassesBoxesAndDevSplit() {
        ig::Project project = ig::Project::create((temp_.path() + "/neu.gadget").toStdString());
        const QStringList classes = {"crazing",        "inclusion",       "patches",
                                     "pitted_surface", "rolled-in_scale", "scratches"};
        QSet<QString> names;
        std::vector<std::string> files;
        for (const QString& c : classes)
            for (int i : {1, 2, 105})
                names.insert(c + "_" + QString::number(i) + ".jpg");
        for (const QString& name : names)
            files.push_back((kData + "/neu/images/" + name).toStdString());
        ig::SilentFeedback feedback;
        QCOMPARE(ig::importImages(project, files, feedback).added, 18);

        const ig::CsvImportReport labels =
            ig::importLabels(project, (kData + "/neu/labels.csv").toStdString(), feedback);
        QCOMPARE(labels.applied, 18LL);
        QCOMPARE(labels.unknownCount, 1800LL - 18);
        for (const auto& [label, count] : project.summary().goldClasses) {
            QVERIFY(classes.contains(QString::fromStdString(label)));
            QCOMPARE(count, 3LL);
        }

        long long expectedBoxes = 0, expectedDev = 0;
        for (const QStringList& row : csvRows(kData + "/neu/boxes.csv"))
            expectedBoxes += names.contains(row[0]) ? 1 : 0;
        for (const QStringList& row : csvRows(kData + "/neu/dev_split.csv"))
            expectedDev += names.contains(row[0]) ? 1 : 0;
        const ig::CsvImportReport boxes =
            ig::importBoxes(project, (kData + "/neu/boxes.csv").toStdString(), {}, feedback);
        QCOMPARE(boxes.applied, expectedBoxes);
        QCOMPARE(boxes.problemCount, 0LL);
        const ig::CsvImportReport dev =
            ig::importDevSplit(project, (kData + "/neu/dev_split.csv").toStdString(), feedback);
        QCOMPARE(dev.applied, expectedDev);
        QVERIFY(expectedDev > 0);
        QCOMPARE(project.summary().devImages, expectedDev);
    }
};

QTEST_GUILESS_MAIN(TestCsvImport)
#include "TestCsvImport.moc"
