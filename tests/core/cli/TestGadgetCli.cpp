#include "project/Project.h"

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

#include <csignal>
#include <map>

#define CHECK_RUN(run, expectedCode)                                                               \
    QVERIFY2((run).code == (expectedCode), qPrintable(describe(run)))

class TestGadgetCli : public QObject {
    Q_OBJECT

    QTemporaryDir temp_;
    QString project_;
    QString images_;
    QString broken_;
    QStringList names_;      // the 20 KSDD images
    QSet<QString> devNames_; // those of them in the paper's dev split

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(QFile::exists(kGadget), qPrintable(kGadget + " is not built"));
        QVERIFY(temp_.isValid());
        project_ = temp_.path() + "/ksdd.gadget";
        images_ = temp_.path() + "/images";
        QVERIFY(QDir().mkpath(images_));
        // 14 images of the dev split and 6 others with cracks.
        const QList<QStringList> dev = csvRows(kData + "/ksdd/paper_dev_split.csv");
        QSet<QString> allDev;
        for (const QStringList& row : dev)
            allDev.insert(row[0]);
        for (int i = 0; i < 14; ++i) {
            names_.append(dev[i][0]);
            devNames_.insert(dev[i][0]);
        }
        for (const QStringList& row : csvRows(kData + "/ksdd/boxes.csv"))
            if (names_.size() < 20 && !allDev.contains(row[0]) && !names_.contains(row[0]))
                names_.append(row[0]);
        QCOMPARE(names_.size(), 20);
        for (const QString& name : names_)
            QVERIFY(QFile::copy(kData + "/ksdd/images/" + name, images_ + "/" + name));
        QFile source(kData + "/ksdd/images/" + names_[0]);
        QVERIFY(source.open(QIODevice::ReadOnly));
        broken_ = images_ + "/zz_broken.png";
        QFile broken(broken_);
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write(source.readAll().left(30000));
    }

    void versionAndHelp() {
        Run run = gadget({"--version"});
        CHECK_RUN(run, 0);
        QVERIFY2(run.out.startsWith("gadget (Inspector Gadget) 0."), qPrintable(run.out));

        run = gadget({"--help"});
        CHECK_RUN(run, 0);
        for (const char* part : {"Exit codes:", "130", "new", "import-images", "import-labels",
                                 "import-boxes", "set-dev", "info", "--version"})
            QVERIFY2(run.out.contains(part), part);

        run = gadget({"import-boxes", "--help"});
        CHECK_RUN(run, 0);
        QVERIFY(run.out.contains("--worker"));
        QVERIFY(run.out.contains("Examples:"));
    }

    void usageErrorsExitWithTwo() {
        Run run = gadget({});
        CHECK_RUN(run, 2);
        run = gadget({"frobnicate"});
        CHECK_RUN(run, 2);
        QVERIFY2(run.err.contains("not a gadget command") && run.err.contains("--help"),
                 qPrintable(run.err));
        run = gadget({"new"});
        CHECK_RUN(run, 2);
        run = gadget({"info", project_, "--bogus"});
        CHECK_RUN(run, 2);
        run = gadget({"import-boxes", project_, "b.csv", "--role", "chief"});
        CHECK_RUN(run, 2);
    }

    void newProject() {
        Run run = gadget({"new", project_});
        CHECK_RUN(run, 0);
        QVERIFY(QFile::exists(project_));
        QVERIFY(run.out.contains("import-images"));
        run = gadget({"new", project_});
        QVERIFY2(run.code != 0, qPrintable(describe(run)));
        QVERIFY(run.err.contains(project_));
    }

    void importImagesReportsTheCorruptFile() {
        Run run = gadget({"import-images", project_, images_});
        CHECK_RUN(run, 3);
        QVERIFY2(run.out.contains("Imported 20 images"), qPrintable(describe(run)));
        QVERIFY2(run.err.contains(broken_), qPrintable(describe(run)));
        QVERIFY2(run.err.contains("truncated"), qPrintable(describe(run)));

        run = gadget({"import-images", project_, images_ + "/" + names_[0]});
        CHECK_RUN(run, 0);
        QVERIFY2(run.out.contains("Imported 0 images") && run.out.contains("1 duplicate"),
                 qPrintable(describe(run)));

        run = gadget({"import-images", project_, temp_.path() + "/no-such-folder"});
        CHECK_RUN(run, 1);
    }

    void importLabels() {
        const QString labels = kData + "/ksdd/labels.csv";
        Run run = gadget({"import-labels", project_, labels});
        CHECK_RUN(run, 0); // rows for images not in the project are told, not fatal
        QVERIFY2(run.out.contains("Set 20 gold labels"), qPrintable(describe(run)));
        QVERIFY2(run.err.contains("379 rows name images not in the project"),
                 qPrintable(describe(run)));
        run = gadget({"import-labels", project_, labels, "--strict"});
        CHECK_RUN(run, 3);
        run = gadget({"import-labels", project_, temp_.path() + "/missing.csv"});
        CHECK_RUN(run, 1);
        QVERIFY(run.err.contains("missing.csv"));
    }

    void importBoxes() {
        Run run = gadget({"import-boxes", project_, kData + "/ksdd/boxes.csv"});
        CHECK_RUN(run, 0);
        QVERIFY2(run.out.contains("by worker 'imported'"), qPrintable(describe(run)));

        const QString bad = temp_.path() + "/bad.csv";
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(("image,x,y,w,h,class\n" + names_[0] + ",5,5,20,20,crack\n" + names_[0] +
                    ",490,5,20,20,crack\n")
                       .toUtf8());
        file.close();
        run = gadget({"import-boxes", project_, bad, "--worker", "bob"});
        CHECK_RUN(run, 3);
        QVERIFY2(run.err.contains(bad + ":3:"), qPrintable(describe(run)));
        QVERIFY2(run.out.contains("Added 1 box by worker 'bob'"), qPrintable(describe(run)));
    }

    void setDev() {
        const Run run = gadget({"set-dev", project_, kData + "/ksdd/paper_dev_split.csv"});
        CHECK_RUN(run, 0);
        QVERIFY2(run.out.contains("holds 14 images"), qPrintable(describe(run)));
    }

    void infoJsonMatchesTheData() {
        Run run = gadget({"info", project_, "--json"});
        CHECK_RUN(run, 0);
        QJsonParseError parseError;
        const QJsonObject info = QJsonDocument::fromJson(run.out.toUtf8(), &parseError).object();
        QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(run.out));

        std::map<QString, int> gold, dev;
        for (const QStringList& row : csvRows(kData + "/ksdd/labels.csv"))
            if (names_.contains(row[0])) {
                ++gold[row[1]];
                if (devNames_.contains(row[0]))
                    ++dev[row[1]];
            }
        int boxes = 0;
        for (const QStringList& row : csvRows(kData + "/ksdd/boxes.csv"))
            boxes += names_.contains(row[0]) ? 1 : 0;
        boxes += 1; // bob's box

        QCOMPARE(info["images"].toInt(), 20);
        QCOMPARE(info["labelledImages"].toInt(), 20);
        QCOMPARE(info["devImages"].toInt(), 14);
        QCOMPARE(info["workers"].toInt(), 2);
        QCOMPARE(info["boxes"].toInt(), boxes);
        QCOMPARE(info["boxTypes"].toObject()["crack"].toInt(), boxes);
        QCOMPARE(info["schemaVersion"].toInt(), ig::Project::kSchemaVersion);
        // import-images x3, import-labels x3, import-boxes x2, set-dev x1: every command that
        // opened the project is recorded, the failed ones too.
        QCOMPARE(info["runs"].toInt(), 9);
        const QJsonObject goldClasses = info["goldClasses"].toObject();
        const QJsonObject devClasses = info["devClasses"].toObject();
        QCOMPARE(goldClasses.size(), int(gold.size()));
        for (const auto& [label, count] : gold)
            QCOMPARE(goldClasses[label].toInt(), count);
        for (const auto& [label, count] : dev)
            QCOMPARE(devClasses[label].toInt(), count);

        run = gadget({"info", project_});
        CHECK_RUN(run, 0);
        QVERIFY(run.out.contains("dev set"));
        QVERIFY(run.out.contains("14 images"));
    }

    // The policy search's options reach the search from the command line and are recorded.
    void runPassesThePolicySearchOptions() {
        const QString project = temp_.path() + "/policy.gadget";
        QVERIFY(QFile::copy(project_, project));
        const Run run =
            gadget({"run", project, "--augment", "policy", "--patterns", "4", "--combinations", "2",
                    "--policy-splits", "1", "--policy-score", "auc", "--no-progress"},
                   600000);
        CHECK_RUN(run, 0);
        QVERIFY2(run.out.contains("dev test ROC AUC"), qPrintable(run.out));
        const auto runs = ig::Project::open(project.toStdString()).runs();
        QVERIFY(!runs.empty());
        const QJsonObject params =
            QJsonDocument::fromJson(QByteArray::fromStdString(runs.back().paramsJson)).object();
        QCOMPARE(params["policy_score"].toString(), QString("auc"));
        QCOMPARE(params["combinations"].toInt(), 2);
        QCOMPARE(params["policy_splits"].toInt(), 1);
        QCOMPARE(params["augmented_patterns"].toInt(), 4);
        const Run info = gadget({"info", project});
        CHECK_RUN(info, 0);
        QVERIFY2(info.out.contains("dev test ROC AUC") &&
                     info.out.contains("2 combinations tried, mean of 1 splits"),
                 qPrintable(info.out));

        // The same run called at the dev set's prior: the stored patterns are reused, the
        // decision is reported and recorded.
        const Run prior = gadget({"run", project, "--augment", "policy", "--patterns", "4",
                                  "--combinations", "2", "--policy-splits", "1", "--policy-score",
                                  "auc", "--decision", "dev-prior", "--no-progress"},
                                 600000);
        CHECK_RUN(prior, 0);
        QVERIFY2(prior.out.contains("Decision: the dev set's share of defects ("),
                 qPrintable(prior.out));
        const auto runsAfter = ig::Project::open(project.toStdString()).runs();
        QCOMPARE(QJsonDocument::fromJson(QByteArray::fromStdString(runsAfter.back().paramsJson))
                     .object()["decision"]
                     .toString(),
                 QString("dev-prior"));
        CHECK_RUN(gadget({"run", project, "--decision", "median"}), 2);
    }

    // bench-splits names the decision it scored with, and refuses two ways of making it.
    void benchSplitsReportsItsDecision() {
        const Run both = gadget({"bench-splits", project_, "--splits", "1", "--tune-threshold",
                                 "--decision", "dev-prior", "--no-progress"});
        CHECK_RUN(both, 2);
        QVERIFY2(both.err.contains("give one of them"), qPrintable(describe(both)));
        const Run prior = gadget({"bench-splits", project_, "--splits", "1", "--decision",
                                  "dev-prior", "--json", "--no-progress"},
                                 600000);
        CHECK_RUN(prior, 0);
        const QJsonObject result = QJsonDocument::fromJson(prior.out.toUtf8()).object();
        QCOMPARE(result["decision"].toString(), QString("dev-prior"));
        QCOMPARE(result["random"].toArray().size(), 1);
        const double score = result["given"].toObject()["score"].toDouble(-1);
        QVERIFY(score >= 0 && score <= 1);
    }

    void notAProjectExitsWithFive() {
        const QString text = temp_.path() + "/notes.gadget";
        QFile file(text);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("just some text, not an SQLite database\n");
        file.close();
        Run run = gadget({"info", text});
        CHECK_RUN(run, 5);
        QVERIFY(run.err.contains(text));
        run = gadget({"info", temp_.path() + "/nothing.gadget"});
        CHECK_RUN(run, 1);
        QVERIFY(run.err.contains("gadget new"));
    }

    // While another process holds the write lock, a writing command gives up with 4.
    void busyProjectExitsWithFour() {
        ig::Project holder = ig::Project::open(project_.toStdString());
        Run run;
        holder.transaction([&] {
            holder.setSetting("test.lock", "held");
            run = gadget({"import-labels", project_, kData + "/ksdd/labels.csv"});
        });
        CHECK_RUN(run, 4);
    }

    // Ctrl+C (and SIGTERM, as `kill` or a batch scheduler sends) stops the work at a safe point:
    // exit 130 and a project that still opens.
    void interruptCancelsWithOneThirty_data() {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGINT") << int(SIGINT);
        QTest::newRow("SIGTERM") << int(SIGTERM);
    }

    void interruptCancelsWithOneThirty() {
        QFETCH(int, signal);
        const QString project = temp_.path() + "/cancel-" + QTest::currentDataTag() + ".gadget";
        CHECK_RUN(gadget({"new", project}), 0);
        QStringList args = {"import-images", project};
        for (int i = 0; i < 10; ++i)
            args << kData + "/ksdd/images"; // ~4000 files: far longer than the wait below
        QProcess process;
        process.start(kGadget, args);
        QVERIFY(process.waitForStarted());
        // Interrupt once the import is under way (images committed), not while the binary is
        // still loading its libraries, before the handler is installed.
        QTRY_VERIFY_WITH_TIMEOUT(ig::Project::open(project.toStdString()).summary().images > 0,
                                 30000);
        QCOMPARE(process.state(), QProcess::Running);
        ::kill(pid_t(process.processId()), signal);
        QVERIFY(process.waitForFinished(30000));
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QVERIFY2(process.exitCode() == 130, qPrintable(err));
        QVERIFY2(err.contains("Canceled"), qPrintable(err));
        const Run info = gadget({"info", project, "--json"});
        CHECK_RUN(info, 0);
        const QJsonObject json = QJsonDocument::fromJson(info.out.toUtf8()).object();
        QVERIFY(json["images"].toInt() < 399);
    }
};

QTEST_GUILESS_MAIN(TestGadgetCli)
#include "TestGadgetCli.moc"
