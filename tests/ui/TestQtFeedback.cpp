// QtFeedback: progress reported on a worker thread arrives as queued signals on the GUI thread,
// and cancel from the GUI thread stops the worker.
#include "ui/QtFeedback.h"

#include "util/Error.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>
#include <thread>

using ig::ui::QtFeedback;

class TestQtFeedback : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void progressArrivesOnTheReceiverThread() {
        QtFeedback feedback;
        QList<qint64> done;
        QList<bool> onGuiThread;
        QObject receiver;
        connect(&feedback, &QtFeedback::progressChanged, &receiver,
                [&](const QString& stage, qint64 d, qint64 total) {
                    QCOMPARE(stage, QStringLiteral("import images"));
                    QCOMPARE(total, 5);
                    done.append(d);
                    onGuiThread.append(QThread::currentThread() == qApp->thread());
                });
        QSignalSpy messages(&feedback, &QtFeedback::messageReported);
        std::thread worker([&] {
            feedback.beginStage("import images", 5);
            for (int i = 0; i < 5; ++i)
                feedback.advance();
            feedback.message("skipped broken.png");
        });
        worker.join();
        QTRY_COMPARE(done.size(), 6);
        QCOMPARE(done.last(), 5);
        QVERIFY(!onGuiThread.contains(false));
        QTRY_COMPARE(messages.size(), 1);
        QCOMPARE(messages.at(0).at(0).toString(), QStringLiteral("skipped broken.png"));
    }

    void cancelStopsTheWorker() {
        QtFeedback feedback;
        std::atomic<bool> canceled{false};
        std::thread worker([&] {
            try {
                for (;;) {
                    feedback.throwIfCanceled();
                    std::this_thread::yield();
                }
            } catch (const ig::CanceledError&) {
                canceled = true;
            }
        });
        QMetaObject::invokeMethod(&feedback, "requestCancel");
        worker.join();
        QVERIFY(canceled);
        QVERIFY(feedback.isCanceled());
    }
};

QTEST_GUILESS_MAIN(TestQtFeedback)
#include "TestQtFeedback.moc"
