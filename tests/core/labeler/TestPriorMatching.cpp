// Calling a binary batch at the dev set's class prior: how many are called, what the shift does
// to the probabilities, and the edges (empty batch, ties, certain probabilities).
#include "labeler/PriorMatching.h"

#include <QtTest>

#include <cmath>

using namespace ig;

namespace {

int calledPositive(const std::vector<std::vector<double>>& batch, int positiveClass) {
    int n = 0;
    for (const auto& row : batch)
        n += row[static_cast<size_t>(positiveClass)] >= 0.5;
    return n;
}

std::vector<std::vector<double>> batchOf(const std::vector<double>& positive) {
    std::vector<std::vector<double>> batch;
    for (double p : positive)
        batch.push_back({1.0 - p, p});
    return batch;
}

} // namespace

class TestPriorMatching : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // A cautious labeler (every defect below 0.5) gets the prior's share called, the highest
    // ones, and its ranking is kept.
    void theHighestShareIsCalled() {
        auto batch = batchOf({0.30, 0.02, 0.45, 0.01, 0.20, 0.03, 0.04, 0.05, 0.06, 0.07});
        QCOMPARE(calledPositive(batch, 1), 0);
        const double shift = matchPrior(batch, 1, 0.3);
        QCOMPARE(calledPositive(batch, 1), 3);
        QVERIFY(batch[2][1] >= 0.5 && batch[0][1] >= 0.5 && batch[4][1] >= 0.5);
        QVERIFY(batch[9][1] < 0.5);
        // Halfway (in logits) between 0.20 and 0.07: below zero, as the labeler was cautious.
        const double expected = (std::log(0.20 / 0.80) + std::log(0.07 / 0.93)) / 2.0;
        QVERIFY(std::abs(shift - expected) < 1e-9);
        for (size_t i = 0; i < batch.size(); ++i)
            QCOMPARE(batch[i][0] + batch[i][1], 1.0);
        // Order is kept: 0.45 > 0.30 > 0.20 stay in that order after the shift.
        QVERIFY(batch[2][1] > batch[0][1] && batch[0][1] > batch[4][1]);
    }

    // The positive class may be either column; rounding follows round(prior * n).
    void thePositiveClassMayBeTheFirst() {
        std::vector<std::vector<double>> batch = {{0.9, 0.1}, {0.6, 0.4}, {0.2, 0.8}, {0.1, 0.9}};
        matchPrior(batch, 0, 0.3); // round(1.2) = 1
        QCOMPARE(calledPositive(batch, 0), 1);
        QVERIFY(batch[0][0] >= 0.5);
    }

    void shiftZeroChangesNothing() {
        const std::vector<double> row{0.25, 0.75};
        const auto same = shiftPositiveLogit(row, 1, 0.0);
        QVERIFY(std::abs(same[1] - 0.75) < 1e-12 && std::abs(same[0] - 0.25) < 1e-12);
    }

    void classPriorIsTheShareOfThePositiveClass() {
        QCOMPARE(classPrior({0, 1, 1, 0, 0}, 1), 0.4);
        QCOMPARE(classPrior({1, 0, 2}, 0), 1.0 / 3.0);
        QCOMPARE(classPrior({0, 0}, 1), 0.0);
        QCOMPARE(classPrior({}, 1), 0.0);
    }

    void edges() {
        QCOMPARE(priorMatchingShift({}, 0.5), 0.0);
        auto none = batchOf({0.9, 0.8});
        matchPrior(none, 1, 0.0);
        QCOMPARE(calledPositive(none, 1), 0);
        auto all = batchOf({0.1, 0.2});
        matchPrior(all, 1, 1.0);
        QCOMPARE(calledPositive(all, 1), 2);
        // Certain probabilities (0 and 1) still give finite results.
        auto certain = batchOf({1.0, 0.0, 0.0, 0.0});
        matchPrior(certain, 1, 0.25);
        QCOMPARE(calledPositive(certain, 1), 1);
        for (const auto& row : certain)
            QVERIFY(std::isfinite(row[0]) && std::isfinite(row[1]));
        // Ties at the boundary are called alike: all three 0.3s, not one of them.
        auto ties = batchOf({0.9, 0.3, 0.3, 0.3, 0.1});
        matchPrior(ties, 1, 0.4);
        QCOMPARE(calledPositive(ties, 1), 4);
    }
};

QTEST_APPLESS_MAIN(TestPriorMatching)
#include "TestPriorMatching.moc"
