// Exports are atomic: whatever moment the exporter is killed at, the output path holds the old
// file or the complete new one, never a mix or a prefix.
// - `gadget export` on projects with many weak labels, SIGKILLed at random moments while it
//   alternately exports two projects to one path: the file always equals one full export.
// - a child replacing a file with writeFileAtomically in a loop, SIGKILLed at random moments:
//   the file is always one whole generation, at least the last one reported done.
// IG_EXPORT_KILLS sets the number of kills of each (default 10).
#include "project/Project.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace ig;

namespace {

const QString kGadget = QStringLiteral(IG_BIN_DIR) + "/gadget";

int kills() {
    const int value = qEnvironmentVariableIntValue("IG_EXPORT_KILLS");
    return value > 0 ? value : 10;
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A project with `count` images and a weak label each; `flavour` changes every label.
void makeProject(const QString& path, int count, const std::string& flavour) {
    Project p = Project::create(path.toStdString());
    p.transaction([&] {
        LabelerModelRecord model;
        model.paramsJson = "{}";
        model.weights = {1};
        const Id modelId = p.addModel(model);
        std::vector<WeakLabelRecord> labels;
        for (int i = 0; i < count; ++i) {
            ImageRecord image;
            image.path = "images/part" + std::to_string(i) + ".png";
            image.width = image.height = 100;
            image.channels = 1;
            image.contentHash = std::to_string(i);
            const Id id = p.addImage(image);
            labels.push_back(
                {id, modelId, flavour + std::to_string(i % 2), 0.25 + (i % 50) / 100.0,
                 R"({"matches":[{"pattern":3,"score":0.8,"x":1,"y":2,"w":3,"h":4}]})"});
        }
        p.putWeakLabels(labels);
    });
}

// Same as tests/core/pipeline/AtomicWriter.cpp.
QByteArray generationContents(long long g, long long kilobytes) {
    std::string text = "generation " + std::to_string(g) + "\n";
    const std::size_t bodyStart = text.size();
    text.resize(bodyStart + std::size_t(kilobytes) * 1024);
    for (std::size_t i = bodyStart; i < text.size(); ++i)
        text[i] = char('a' + (i * 7 + std::size_t(g)) % 26);
    text += "end " + std::to_string(g) + "\n";
    return QByteArray::fromStdString(text);
}

// Hidden temporary files writeFileAtomically left behind in `folder` (a kill cannot clean up).
int leftoverTemps(const QString& folder) {
    return int(QDir(folder)
                   .entryList(QDir::Files | QDir::Hidden)
                   .filter(QRegularExpression("^\\."))
                   .size());
}

} // namespace

class TestExportAtomic : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private Q_SLOTS:
    void killedGadgetExportLeavesOldOrNewFile() {
        const QString a = dir_.filePath("a.gadget"), b = dir_.filePath("b.gadget");
        const QString out = dir_.filePath("exports/labels.csv");
        QVERIFY(QDir().mkpath(dir_.filePath("exports")));
        makeProject(a, 30000, "ok");
        makeProject(b, 30000, "defect");
        // The two complete exports, and how long one takes.
        QByteArray full[2];
        qint64 slowest = 0;
        for (int i = 0; i < 2; ++i) {
            QProcess gadget;
            QElapsedTimer timer;
            timer.start();
            gadget.start(kGadget, {"export", i == 0 ? a : b, "--out", out, "--no-progress"});
            QVERIFY(gadget.waitForFinished(120000));
            QVERIFY2(gadget.exitCode() == 0, gadget.readAllStandardError().constData());
            slowest = std::max(slowest, timer.elapsed());
            full[i] = readAll(out);
            QVERIFY(full[i].endsWith("\n") && full[i].count('\n') == 30001);
        }
        QVERIFY(full[0] != full[1]);
        int killedRunning = 0;
        for (int k = 0; k < kills(); ++k) {
            QProcess gadget;
            gadget.start(kGadget, {"export", k % 2 ? a : b, "--out", out, "--no-progress"});
            QVERIFY(gadget.waitForStarted());
            QTest::qWait(QRandomGenerator::global()->bounded(int(slowest * 8 / 10) + 1));
            killedRunning += gadget.state() == QProcess::Running ? 1 : 0;
            gadget.kill();
            // waitForFinished() is false for a process that had already ended (a quick export).
            QVERIFY(gadget.state() == QProcess::NotRunning || gadget.waitForFinished());
            const QByteArray now = readAll(out);
            QVERIFY2(now == full[0] || now == full[1],
                     qPrintable(QString("after kill %1 the export holds %2 bytes, neither whole "
                                        "export (%3 or %4 bytes)")
                                    .arg(k + 1)
                                    .arg(now.size())
                                    .arg(full[0].size())
                                    .arg(full[1].size())));
        }
        qInfo("gadget export of 30000 weak labels takes %lld ms; %d kills, %d of them while it "
              "ran; %d temporary files left behind",
              slowest, kills(), killedRunning, leftoverTemps(dir_.filePath("exports")));
        QVERIFY2(killedRunning >= kills() / 3, "the exporter was rarely killed while running");
    }

    void killedAtomicWriterLeavesAWholeGeneration() {
        const QString folder = dir_.filePath("atomic");
        QVERIFY(QDir().mkpath(folder));
        const QString path = folder + "/out.bin";
        const int kilobytes = 4096;
        long long totalReported = 0;
        for (int k = 0; k < kills(); ++k) {
            long long lastReported = 0; // generations restart at 1 in every writer process
            QProcess writer;
            writer.start(IG_ATOMIC_WRITER, {path, QString::number(kilobytes)});
            QVERIFY(writer.waitForStarted());
            QTest::qWait(20 + QRandomGenerator::global()->bounded(300));
            writer.kill();
            QVERIFY(writer.state() == QProcess::NotRunning || writer.waitForFinished());
            for (const QByteArray& line : writer.readAllStandardOutput().split('\n'))
                if (line.startsWith("committed "))
                    lastReported = std::max(lastReported, line.mid(10).toLongLong());
            totalReported += lastReported;
            if (!QFile::exists(path)) {
                QCOMPARE(totalReported, 0LL); // nothing was ever reported written
                continue;
            }
            const QByteArray now = readAll(path);
            const long long g = now.left(now.indexOf('\n')).mid(11).toLongLong();
            QVERIFY2(g >= 1 && now == generationContents(g, kilobytes),
                     qPrintable(QString("after kill %1 the file holds %2 bytes that are not a "
                                        "whole generation")
                                    .arg(k + 1)
                                    .arg(now.size())));
            QVERIFY2(g >= lastReported, "the file is older than a generation reported done");
        }
        qInfo("%d kills of a writer replacing a %d KiB file; %lld generations reported; %d "
              "temporary files left behind",
              kills(), kilobytes, totalReported, leftoverTemps(folder));
        QVERIFY2(totalReported > 0, "the writer never finished a file");
    }

public:
    TestExportAtomic() { QVERIFY(dir_.isValid()); }
};

QTEST_GUILESS_MAIN(TestExportAtomic)
#include "TestExportAtomic.moc"
