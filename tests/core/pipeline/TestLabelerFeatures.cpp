// The labeler's rows: a pattern's columns side by side, and each pattern masked on the dev image
// it was cut from.
#include "pipeline/FeatureTable.h"
#include "pipeline/LabelerFeatures.h"

#include <QtTest>

using namespace ig;

class TestLabelerFeatures : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void columnsPerPatternFollowTheOptions() {
        LabelerFeatureOptions both;
        std::vector<float> row;
        appendPatternColumns(row, 0.5, 7.0, both);
        appendPatternColumns(row, 0.25, 3.0, both);
        QCOMPARE(row, (std::vector<float>{0.5f, 7.f, 0.25f, 3.f}));
        LabelerFeatureOptions scoreOnly;
        scoreOnly.prominence = false;
        QCOMPARE(scoreOnly.columnsPerPattern(), 1);
        row.clear();
        appendPatternColumns(row, 0.5, 7.0, scoreOnly);
        QCOMPARE(row, (std::vector<float>{0.5f}));
    }

    // Rows 0-2 are defects (class 1), rows 3-4 good. Pattern 0 was cut from row 0, pattern 1
    // from row 2. Each own cell takes the best value of that pattern on the other rows of the
    // same class, computed from the unmasked values; nothing else changes.
    void ownPatternsTakeTheBestOfTheirClass() {
        std::vector<std::vector<float>> rows = {
            {1.0f, 40.f, 0.6f, 5.f}, // pattern 0 cut here: a perfect match
            {0.7f, 9.f, 0.8f, 8.f},
            {0.5f, 6.f, 1.0f, 50.f}, // pattern 1 cut here
            {0.3f, 2.f, 0.2f, 1.f},
            {0.9f, 3.f, 0.95f, 2.f}, // a good image that matches well: not of class 1
        };
        const std::vector<int> labels = {1, 1, 1, 0, 0};
        std::vector<std::vector<size_t>> own(rows.size());
        own[0] = {0};
        own[2] = {1};
        maskOwnPatterns(rows, labels, own, 2);
        QCOMPARE(rows[0], (std::vector<float>{0.7f, 9.f, 0.6f, 5.f}));
        QCOMPARE(rows[2], (std::vector<float>{0.5f, 6.f, 0.8f, 8.f}));
        QCOMPARE(rows[1], (std::vector<float>{0.7f, 9.f, 0.8f, 8.f}));
        QCOMPARE(rows[4], (std::vector<float>{0.9f, 3.f, 0.95f, 2.f}));
    }

    // Which dev image each column's pattern was cut from: the recorded source, an augmented
    // pattern's parent's, and for a pattern file (no source) any image it matches as a copy.
    void patternsAreTracedToTheImagesTheyWereCutFrom() {
        FeatureTable table;
        table.patternIds = {11, 12, 13, 14};
        table.rows[1] = {1.0f, 0.4f, 0.3f, 0.2f};
        table.rows[2] = {0.5f, 0.6f, 0.995f, 0.2f};
        table.rows[3] = {0.5f, 0.6f, 0.5f, 0.98f}; // 0.98: close, but not a copy
        std::vector<PatternRecord> patterns(4);
        patterns[0].id = 11;
        patterns[0].sourceImageId = 1;
        patterns[1].id = 12; // augmented from pattern 11
        patterns[1].parentId = 11;
        patterns[1].origin = PatternOrigin::Policy;
        patterns[2].id = 13; // a pattern file
        patterns[3].id = 14;
        const auto own = table.patternsCutFrom({1, 2, 3}, patterns);
        QCOMPARE(own.size(), size_t(3));
        QCOMPARE(own[0], (std::vector<size_t>{0, 1}));
        QCOMPARE(own[1], (std::vector<size_t>{2}));
        QVERIFY(own[2].empty());
        // An image outside the list (a non-dev source) is nobody's row.
        QVERIFY(table.patternsCutFrom({2, 3}, patterns)[0] == std::vector<size_t>{2});
    }

    // The only image of its class has nothing to borrow from: it keeps its values.
    void aLoneImageOfItsClassKeepsItsValues() {
        std::vector<std::vector<float>> rows = {{1.0f}, {0.2f}, {0.3f}};
        maskOwnPatterns(rows, {1, 0, 0}, {{0}, {}, {}}, 1);
        QCOMPARE(rows[0][0], 1.0f);
    }
};

QTEST_APPLESS_MAIN(TestLabelerFeatures)
#include "TestLabelerFeatures.moc"
