#include "cli/TerminalFeedback.h"

#include <QtTest>

#include <sstream>

using ig::formatDuration;
using ig::formatProgressLine;
using ig::TerminalFeedback;

class TestTerminalFeedback : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void durations() {
        QCOMPARE(formatDuration(0), std::string("0:00"));
        QCOMPARE(formatDuration(21.4), std::string("0:21"));
        QCOMPARE(formatDuration(725), std::string("12:05"));
        QCOMPARE(formatDuration(3723), std::string("1:02:03"));
        QCOMPARE(formatDuration(-5), std::string("0:00"));
    }

    void progressLines() {
        QCOMPARE(formatProgressLine("import images", 123, 399, 10.0),
                 std::string("[import images] 123/399 (30%) 12.3/s ETA 0:22"));
        QCOMPARE(formatProgressLine("import images", 0, 399, 0.0),
                 std::string("[import images] 0/399 (0%)"));
        QCOMPARE(formatProgressLine("match", 400, 400, 20.0),
                 std::string("[match] 400/400 (100%) 20.0/s"));
        QCOMPARE(formatProgressLine("import labels", 50, 0, 2.0),
                 std::string("[import labels] 50 25.0/s"));
        QCOMPARE(formatProgressLine("x", 5, 10, 0.01), std::string("[x] 5/10 (50%)"));
    }

    // Not a terminal: no carriage returns or escape codes, one line when a stage completes.
    void plainOutputForPipes() {
        std::ostringstream out;
        TerminalFeedback feedback(out, false);
        feedback.beginStage("import images", 3);
        feedback.advance();
        feedback.message("Skipped a.png: the file is empty.");
        feedback.advance(2);
        feedback.finishLine();
        const std::string text = out.str();
        QVERIFY2(text.find('\r') == std::string::npos, text.c_str());
        QVERIFY2(text.find('\x1b') == std::string::npos, text.c_str());
        QVERIFY2(text.rfind("Skipped a.png: the file is empty.\n[import images] 3/3 done in ", 0) ==
                     0,
                 text.c_str());
        QCOMPARE(text.back(), '\n');
    }

    // A terminal: the line is redrawn in place and messages appear above it.
    void redrawnLineOnATerminal() {
        std::ostringstream out;
        TerminalFeedback feedback(out, true);
        feedback.beginStage("import images", 2);
        feedback.message("Skipped b.png: truncated.");
        feedback.advance(2);
        feedback.finishLine();
        const std::string text = out.str();
        QVERIFY2(text.rfind("\r[import images] 0/2 (0%)\x1b[K", 0) == 0, text.c_str());
        QVERIFY2(text.find("\r\x1b[KSkipped b.png: truncated.\n\r[import images] 0/2 (0%)") !=
                     std::string::npos,
                 text.c_str());
        QVERIFY2(text.find("\r[import images] 2/2 (100%)") != std::string::npos, text.c_str());
        QCOMPARE(text.back(), '\n');
        QCOMPARE(std::count(text.begin(), text.end(), '\n'), 2L); // message + finished line
    }

    void redrawsAreThrottled() {
        std::ostringstream out;
        TerminalFeedback feedback(out, true);
        feedback.beginStage("count", 100000);
        for (int i = 0; i < 99999; ++i)
            feedback.advance();
        const std::string text = out.str();
        QVERIFY2(std::count(text.begin(), text.end(), '\r') < 50, "too many redraws");
        feedback.advance();
        QVERIFY(out.str().find("100000/100000 (100%)") != std::string::npos);
    }

    void progressCanBeSwitchedOff() {
        std::ostringstream out;
        TerminalFeedback feedback(out, true);
        feedback.setProgressEnabled(false);
        feedback.beginStage("s", 2);
        feedback.advance(2);
        feedback.message("note");
        feedback.finishLine();
        QCOMPARE(out.str(), std::string("note\n"));
    }
};

QTEST_GUILESS_MAIN(TestTerminalFeedback)
#include "TestTerminalFeedback.moc"
