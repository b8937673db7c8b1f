// Soak tests of the project file with real child processes (soak_writer):
// - crash soak: a writer importing images and labels, drawing boxes, voting and writing weak
//   labels is SIGKILLed at random moments; after every kill the project opens, passes
//   PRAGMA integrity_check and holds everything the writer reported committed.
// - concurrency soak: several processes, each with several threads (workers drawing and moving
//   boxes, experts voting with a short busy timeout, a pipeline writing features), write to one
//   project at once for a fixed time: no corruption, no lost or stale write, busy errors are
//   clear and retried, nobody hangs.
// Short in CI; the documented soak (README "Reliability") sets IG_SOAK_KILLS / IG_SOAK_SECONDS.
#include "project/Project.h"
#include "util/Error.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <map>
#include <set>
#include <tuple>

using namespace ig;

namespace {

int envInt(const char* name, int fallback) {
    const int value = qEnvironmentVariableIntValue(name);
    return value > 0 ? value : fallback;
}

// Whole lines only: a line cut by the kill (none should be: one write per line) is ignored.
QList<QList<QByteArray>> committedLines(const QByteArray& out) {
    QList<QList<QByteArray>> lines;
    const int end = out.lastIndexOf('\n');
    if (end < 0)
        return lines;
    for (const QByteArray& line : out.left(end).split('\n'))
        if (line.startsWith("committed "))
            lines.append(line.split(' '));
    return lines;
}

std::string rectText(const Rect& r) {
    return std::to_string(int(r.x)) + " " + std::to_string(int(r.y)) + " " +
           std::to_string(int(r.w)) + " " + std::to_string(int(r.h));
}

// What the writers reported committed; later lines for the same key replace earlier ones.
struct Expected {
    std::set<std::string> images;
    std::map<std::string, std::string> labels;                    // stored path -> label
    std::map<long long, std::string> boxes;                       // id -> "x y w h"
    std::map<std::pair<long long, long long>, std::string> votes; // (box, expert) -> vote
    long long weakGeneration = 0, weakMaxImage = 0;
    std::map<std::pair<long long, long long>, double> features; // (image, pattern) -> score

    void add(const QByteArray& out) {
        for (const QList<QByteArray>& f : committedLines(out)) {
            const QByteArray kind = f.value(1);
            if (kind == "image" && f.size() == 3) {
                images.insert(f[2].toStdString());
            } else if (kind == "label" && f.size() == 4) {
                labels[f[2].toStdString()] = f[3].toStdString();
            } else if (kind == "box" && f.size() == 7) {
                boxes[f[2].toLongLong()] =
                    (f[3] + " " + f[4] + " " + f[5] + " " + f[6]).toStdString();
            } else if (kind == "vote" && f.size() == 5) {
                votes[{f[2].toLongLong(), f[3].toLongLong()}] = f[4].toStdString();
            } else if (kind == "weak" && f.size() == 4) {
                weakGeneration = std::max(weakGeneration, f[2].toLongLong());
                weakMaxImage = std::max(weakMaxImage, f[3].toLongLong());
            } else if (kind == "feature" && f.size() == 5) {
                features[{f[2].toLongLong(), f[3].toLongLong()}] = f[4].toDouble();
            } else {
                QFAIL(qPrintable("malformed writer line: " + f.join(' ')));
            }
        }
    }
};

// Everything in `expected` is in the project, with its latest reported value.
QString missingFrom(const Project& p, const Expected& expected) {
    std::map<std::string, ImageRecord> images;
    for (ImageRecord& image : p.images())
        images.emplace(image.path, std::move(image));
    for (const std::string& path : expected.images)
        if (!images.count(path))
            return QString("image %1 was lost").arg(path.c_str());
    for (const auto& [path, label] : expected.labels)
        if (!images.count(path) || images.at(path).goldLabel != label)
            return QString("the label %1 of %2 was lost").arg(label.c_str(), path.c_str());
    std::map<long long, std::string> boxes;
    for (const BoxRecord& b : p.boxes())
        boxes[b.id] = rectText(b.rect);
    for (const auto& [id, rect] : expected.boxes) {
        if (!boxes.count(id))
            return QString("box %1 was lost").arg(id);
        if (boxes.at(id) != rect)
            return QString("box %1 is %2, not its last committed %3")
                .arg(id)
                .arg(boxes.at(id).c_str(), rect.c_str());
    }
    std::map<std::pair<long long, long long>, std::string> votes;
    for (const VoteRecord& v : p.votes())
        votes[{v.boxId, v.workerId}] = toString(v.vote);
    for (const auto& [key, vote] : expected.votes)
        if (!votes.count(key) || votes.at(key) != vote)
            return QString("the %1 vote of expert %2 on box %3 was lost")
                .arg(vote.c_str())
                .arg(key.second)
                .arg(key.first);
    if (expected.weakGeneration > 0) {
        std::map<long long, long long> weak;
        for (const WeakLabelRecord& w : p.weakLabels())
            weak[w.imageId] = std::stoll(w.label.substr(1));
        for (const auto& [path, image] : images)
            if (image.id <= expected.weakMaxImage &&
                (!weak.count(image.id) || weak.at(image.id) < expected.weakGeneration))
                return QString("the weak label of %1 is older than the last committed batch")
                    .arg(path.c_str());
    }
    std::map<std::pair<long long, long long>, double> features;
    for (const FeatureRecord& f : p.features())
        features[{f.imageId, f.patternId}] = f.score;
    for (const auto& [key, score] : expected.features)
        if (!features.count(key) || std::abs(features.at(key) - score) > 1e-5)
            return QString("feature (image %1, pattern %2) lost its score %3")
                .arg(key.first)
                .arg(key.second)
                .arg(score);
    return {};
}

// A project with a canvas image to draw on, `images` image rows and two patterns.
std::string makeProject(const QString& path, int images) {
    Project p = Project::create(path.toStdString());
    ImageRecord canvas;
    canvas.path = "canvas.png";
    canvas.width = 1000;
    canvas.height = 1000;
    canvas.channels = 1;
    canvas.contentHash = "canvas";
    p.addImage(canvas);
    for (int i = 0; i < images; ++i) {
        ImageRecord image = canvas;
        image.path = "row" + std::to_string(i) + ".png";
        image.contentHash = "hash" + std::to_string(i);
        p.addImage(image);
    }
    for (int i = 0; i < 2; ++i) {
        PatternRecord pattern;
        std::vector<std::uint8_t> png;
        cv::imencode(".png", cv::Mat(4, 4, CV_8U, cv::Scalar(i * 50)), png);
        pattern.png = png;
        pattern.width = pattern.height = 4;
        pattern.defectType = "crack";
        p.addPattern(pattern);
    }
    return path.toStdString();
}

} // namespace

class TestProjectSoak : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private Q_SLOTS:
    void crashSoakKeepsEveryCommit() {
        const int kills = envInt("IG_SOAK_KILLS", 10);
        const QString folder = dir_.filePath("crash");
        QVERIFY(QDir().mkpath(folder + "/images"));
        // Small distinct image files to import, more than the writer can get through.
        const int files = 40 * kills + 50;
        for (int i = 0; i < files; ++i) {
            cv::Mat image(8, 8, CV_8U, cv::Scalar(0));
            image.at<std::uint8_t>(i % 8, (i / 8) % 8) = std::uint8_t(1 + i / 64);
            image.at<std::uint8_t>(7, 7) = std::uint8_t(i % 251);
            QVERIFY(cv::imwrite(
                QString("%1/images/f%2.png").arg(folder).arg(i, 5, 10, QChar('0')).toStdString(),
                image));
        }
        const std::string path = makeProject(folder + "/crash.gadget", 0);
        Expected expected;
        int killedAfterCommits = 0;
        QElapsedTimer timer;
        timer.start();
        for (int k = 0; k < kills; ++k) {
            QProcess writer;
            writer.start(IG_SOAK_WRITER, {QString::fromStdString(path), "mixed", "soak", "1000000",
                                          "1", "5000", folder + "/images"});
            QVERIFY(writer.waitForStarted());
            // Most kills land while it writes (after its first commit of this run, however
            // slow the machine), every fifth anywhere from the start (while it opens the file).
            auto* random = QRandomGenerator::global();
            if (k % 5 != 4) {
                QElapsedTimer waiting;
                waiting.start();
                while (!writer.peek(1 << 20).contains("committed ") && waiting.elapsed() < 60000 &&
                       writer.state() == QProcess::Running)
                    writer.waitForReadyRead(100);
            }
            QTest::qWait(random->bounded(k % 5 != 4 ? 300 : 400));
            if (writer.state() != QProcess::Running)
                QFAIL(qPrintable("the writer stopped before the kill: " +
                                 writer.readAllStandardError()));
            writer.kill(); // SIGKILL
            QVERIFY(writer.waitForFinished());
            const QByteArray out = writer.readAllStandardOutput();
            expected.add(out);
            killedAfterCommits += committedLines(out).isEmpty() ? 0 : 1;

            Project p = Project::open(path);
            QCOMPARE(p.checkIntegrity(), std::string("ok"));
            const QString missing = missingFrom(p, expected);
            QVERIFY2(missing.isEmpty(),
                     qPrintable(QString("after kill %1: %2").arg(k + 1).arg(missing)));
        }
        qInfo("%d kills in %.1f s; %d came after the writer committed; survived: %zu images, "
              "%zu labels, %zu boxes, %zu votes, weak labels up to image %lld",
              kills, timer.elapsed() / 1000.0, killedAfterCommits, expected.images.size(),
              expected.labels.size(), expected.boxes.size(), expected.votes.size(),
              expected.weakMaxImage);
        QVERIFY2(killedAfterCommits >= kills / 2,
                 "the writer rarely got to commit before the kill");
        QVERIFY(!expected.images.empty() && !expected.votes.empty() && expected.weakGeneration > 0);
    }

    void concurrentWritersLoseNothing() {
        const int seconds = envInt("IG_SOAK_SECONDS", 4);
        const QString path = QString::fromStdString(makeProject(dir_.filePath("busy.gadget"), 40));
        struct Writer {
            QStringList args;
            std::unique_ptr<QProcess> process;
        };
        const QString s = QString::number(seconds);
        // mode, name, threads, busy timeout (ms): experts and the pipeline give up quickly and
        // retry, so the busy path is exercised; workers use the default 5 s.
        std::vector<Writer> writers;
        for (const QStringList& a :
             {QStringList{"draw", "alice", "2", "5000"}, QStringList{"draw", "bob", "2", "5000"},
              QStringList{"vote", "erin", "2", "20"},
              QStringList{"features", "pipeline", "2", "50"}})
            writers.push_back({{path, a[0], a[1], s, a[2], a[3]}, std::make_unique<QProcess>()});
        QElapsedTimer timer;
        timer.start();
        for (Writer& w : writers) {
            w.process->start(IG_SOAK_WRITER, w.args);
            QVERIFY(w.process->waitForStarted());
        }
        Expected expected;
        int busy = 0, commits = 0;
        for (Writer& w : writers) {
            // Never a hang: everyone is done soon after the fixed time.
            QVERIFY2(w.process->waitForFinished((seconds + 60) * 1000),
                     qPrintable(w.args.join(' ') + " hangs"));
            const QByteArray out = w.process->readAllStandardOutput();
            const QByteArray err = w.process->readAllStandardError();
            QVERIFY2(w.process->exitStatus() == QProcess::NormalExit && w.process->exitCode() == 0,
                     qPrintable(w.args.join(' ') + ": " + err));
            expected.add(out);
            for (const QByteArray& line : out.split('\n')) {
                if (line.startsWith("busy ")) {
                    ++busy;
                    QVERIFY2(line.contains("The project is busy") && line.contains("try again"),
                             line.constData());
                } else if (line.startsWith("done ")) {
                    commits += line.split(' ').value(2).toInt();
                }
            }
        }
        Project p = Project::open(path.toStdString());
        QCOMPARE(p.checkIntegrity(), std::string("ok"));
        const QString missing = missingFrom(p, expected);
        QVERIFY2(missing.isEmpty(), qPrintable(missing));
        // Every journaled box has its add in the journal; nothing else wrote boxes.
        QCOMPARE(p.boxes().size(), expected.boxes.size());
        qInfo("%zu processes x 2 threads for %d s (%.1f s in all): %d commits, %zu boxes, %zu "
              "votes, %zu features, %d busy errors retried",
              writers.size(), seconds, timer.elapsed() / 1000.0, commits, expected.boxes.size(),
              expected.votes.size(), expected.features.size(), busy);
        QVERIFY(!expected.boxes.empty() && !expected.votes.empty() && !expected.features.empty());
    }

public:
    TestProjectSoak() { QVERIFY(dir_.isValid()); }
};

QTEST_GUILESS_MAIN(TestProjectSoak)
#include "TestProjectSoak.moc"
