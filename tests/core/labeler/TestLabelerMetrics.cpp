// Metrics and stratified splits: hand-computed confusion matrices, and the folds and subsets on
// the real class labels of KolektorSDD and NEU.
#include "labeler/Metrics.h"
#include "labeler/StratifiedSplit.h"
#include "util/Error.h"

#include <QtTest>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

using namespace ig;

namespace {

// Reads `image,label` rows of a CSV with a header line.
std::vector<std::pair<std::string, std::string>> readPairs(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::pair<std::string, std::string>> rows;
    std::string line;
    std::getline(in, line); // header
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        const size_t comma = line.find(',');
        rows.emplace_back(line.substr(0, comma),
                          comma == std::string::npos ? "" : line.substr(comma + 1));
    }
    return rows;
}

std::map<std::string, int> ksddLabels() {
    std::map<std::string, int> labels;
    for (const auto& [image, label] : readPairs(IG_SHARED_DATA "/ksdd/labels.csv"))
        labels[image] = std::stoi(label);
    return labels;
}

// The paper's 78-image KolektorSDD dev set: 10 defective.
std::vector<int> ksddDevLabels() {
    const std::map<std::string, int> all = ksddLabels();
    std::vector<int> labels;
    for (const auto& [image, unused] : readPairs(IG_SHARED_DATA "/ksdd/paper_dev_split.csv"))
        labels.push_back(all.at(image));
    return labels;
}

std::vector<int> neuLabels() {
    std::map<std::string, int> classIndex;
    std::vector<int> labels;
    for (const auto& [image, cls] : readPairs(IG_SHARED_DATA "/neu/labels.csv")) {
        const auto it = classIndex.emplace(cls, static_cast<int>(classIndex.size())).first;
        labels.push_back(it->second);
    }
    return labels;
}

int countOf(const std::vector<int>& labels, const std::vector<int>& rows, int cls) {
    int n = 0;
    for (int r : rows)
        n += labels[static_cast<size_t>(r)] == cls;
    return n;
}

} // namespace

class TestLabelerMetrics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void confusionMatrixByHand() {
        // truth:     0 0 0 0 1 1 1 2 2 2
        // predicted: 0 0 1 2 1 1 0 2 2 1
        const std::vector<int> truth{0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
        const std::vector<int> predicted{0, 0, 1, 2, 1, 1, 0, 2, 2, 1};
        const ConfusionMatrix m = ConfusionMatrix::from(truth, predicted, 3);
        QCOMPARE(m.at(0, 0), 2LL);
        QCOMPARE(m.at(0, 1), 1LL);
        QCOMPARE(m.at(0, 2), 1LL);
        QCOMPARE(m.at(1, 0), 1LL);
        QCOMPARE(m.at(1, 1), 2LL);
        QCOMPARE(m.at(2, 1), 1LL);
        QCOMPARE(m.at(2, 2), 2LL);
        QCOMPARE(m.total(), 10LL);
        QCOMPARE(accuracy(m), 0.6);

        // class 0: P = 2/3, R = 2/4, F1 = 2*(2/3)(1/2)/(2/3+1/2) = 4/7
        // class 1: P = 2/4, R = 2/3, F1 = 4/7
        // class 2: P = 2/3, R = 2/3, F1 = 2/3
        const std::vector<ClassMetrics> c = perClassMetrics(m);
        QCOMPARE(c[0].precision, 2.0 / 3.0);
        QCOMPARE(c[0].recall, 0.5);
        QVERIFY(qFuzzyCompare(c[0].f1, 4.0 / 7.0));
        QCOMPARE(c[1].precision, 0.5);
        QCOMPARE(c[1].recall, 2.0 / 3.0);
        QVERIFY(qFuzzyCompare(c[1].f1, 4.0 / 7.0));
        QVERIFY(qFuzzyCompare(c[2].f1, 2.0 / 3.0));
        QCOMPARE(c[0].support, 4LL);
        QCOMPARE(c[2].support, 3LL);
        QVERIFY(qFuzzyCompare(macroF1(m), (4.0 / 7.0 + 4.0 / 7.0 + 2.0 / 3.0) / 3.0));
        QVERIFY(qFuzzyCompare(binaryF1(m, 2), 2.0 / 3.0));
    }

    void binaryF1ByHand() {
        // 3 true positives, 1 false positive, 2 false negatives, 4 true negatives.
        ConfusionMatrix m(2);
        m.add(1, 1, 3);
        m.add(0, 1, 1);
        m.add(1, 0, 2);
        m.add(0, 0, 4);
        // P = 3/4, R = 3/5, F1 = 2PR/(P+R) = 2/3
        QVERIFY(qFuzzyCompare(binaryF1(m, 1), 2.0 / 3.0));
        // class 0: P = 4/6, R = 4/5, F1 = 8/11
        QVERIFY(qFuzzyCompare(binaryF1(m, 0), 8.0 / 11.0));
        QVERIFY(qFuzzyCompare(macroF1(m), (2.0 / 3.0 + 8.0 / 11.0) / 2.0));
    }

    void zeroDivisionGivesZero() {
        // Nothing predicted positive and no positives: precision, recall and F1 of class 1 are 0.
        const ConfusionMatrix m = ConfusionMatrix::from({0, 0, 0}, {0, 0, 0}, 2);
        const std::vector<ClassMetrics> c = perClassMetrics(m);
        QCOMPARE(c[1].precision, 0.0);
        QCOMPARE(c[1].recall, 0.0);
        QCOMPARE(binaryF1(m, 1), 0.0);
        QCOMPARE(binaryF1(m, 0), 1.0);
        QCOMPARE(accuracy(ConfusionMatrix(2)), 0.0);
    }

    void metricsRejectBadInput() {
        QVERIFY_THROWS_EXCEPTION(Error, ConfusionMatrix::from({0, 1}, {0}, 2));
        QVERIFY_THROWS_EXCEPTION(Error, ConfusionMatrix::from({0, 2}, {0, 1}, 2));
        QVERIFY_THROWS_EXCEPTION(Error, ConfusionMatrix::from({0, 1}, {0, -1}, 2));
        QVERIFY_THROWS_EXCEPTION(Error, binaryF1(ConfusionMatrix(2), 2));
        QVERIFY_THROWS_EXCEPTION(Error, ConfusionMatrix(0));
    }

    void rocAucByHand() {
        // Positives 0.35 and 0.8 against negatives 0.1 and 0.4: 3 of the 4 pairs ordered right.
        QCOMPARE(rocAuc({0.1, 0.4, 0.35, 0.8}, {false, false, true, true}), 0.75);
        QCOMPARE(rocAuc({0.1, 0.2, 0.3, 0.4}, {false, false, true, true}), 1.0);
        QCOMPARE(rocAuc({0.1, 0.2, 0.3, 0.4}, {true, true, false, false}), 0.0);
        // Ties count half: the positive 0.5 ties one of the two negatives and beats the other.
        QCOMPARE(rocAuc({0.5, 0.5, 0.2}, {true, false, false}), 0.75);
        QCOMPARE(rocAuc({0.3, 0.3, 0.3, 0.3}, {true, false, true, false}), 0.5);
        // One group empty: nothing to rank.
        QCOMPARE(rocAuc({0.1, 0.9}, {true, true}), 0.5);
        QCOMPARE(rocAuc({}, {}), 0.5);
        QVERIFY_THROWS_EXCEPTION(Error, rocAuc({0.1, 0.2}, {true}));

        // Binary: both one-vs-rest terms are the AUC of class 1.
        const std::vector<std::vector<double>> binary{
            {0.9, 0.1}, {0.6, 0.4}, {0.65, 0.35}, {0.2, 0.8}};
        QCOMPARE(macroRocAuc(binary, {0, 0, 1, 1}, 2), 0.75);
        // Three classes: class 0 ranked perfectly (1), class 1 with 0.5 (its positive 0.3 beats
        // the 0.2 and loses to the 0.4), class 2 absent from the truth (skipped).
        const std::vector<std::vector<double>> three{
            {0.6, 0.2, 0.2}, {0.5, 0.4, 0.1}, {0.3, 0.3, 0.4}};
        QCOMPARE(macroRocAuc(three, {0, 0, 1}, 3), (1.0 + 0.5) / 2.0);
        QVERIFY_THROWS_EXCEPTION(Error, macroRocAuc(three, {0, 1}, 3));
        QVERIFY_THROWS_EXCEPTION(Error, macroRocAuc({{0.5, 0.5}}, {0}, 3));
    }

    void autoFoldCountRule() {
        const std::vector<int> ksdd = ksddDevLabels();
        QCOMPARE(ksdd.size(), size_t(78));
        QCOMPARE(std::count(ksdd.begin(), ksdd.end(), 1), 10L);
        QCOMPARE(autoFoldCount(ksdd, 2), 5);
        QCOMPARE(autoFoldCount({0, 0, 0, 1, 1, 1}, 2), 3);
        QCOMPARE(autoFoldCount({0, 0, 0, 1, 1}, 2), 2);
        QCOMPARE(autoFoldCount(ksdd, 2, 10), 10);
        try {
            autoFoldCount({0, 0, 0, 1}, 2);
            QFAIL("a class with one example must not be cross-validated");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), Error::Kind::Input);
            QVERIFY(std::string(e.what()).find("Class 1 has 1") != std::string::npos);
        }
        QVERIFY_THROWS_EXCEPTION(Error, autoFoldCount({0, 0, 0}, 2)); // class 1 absent
    }

    void stratifiedKFoldKeepsProportions() {
        const std::vector<int> labels = ksddDevLabels(); // 68 good, 10 defective
        const std::vector<Fold> folds = stratifiedKFold(labels, 2, 5, 42);
        QCOMPARE(folds.size(), size_t(5));
        std::vector<int> timesInTest(labels.size(), 0);
        for (const Fold& fold : folds) {
            QCOMPARE(countOf(labels, fold.test, 1), 2);
            const int negatives = countOf(labels, fold.test, 0);
            QVERIFY2(negatives == 13 || negatives == 14, qPrintable(QString::number(negatives)));
            QVERIFY(fold.test.size() == 15 || fold.test.size() == 16);
            QCOMPARE(fold.train.size() + fold.test.size(), labels.size());
            QVERIFY(std::is_sorted(fold.test.begin(), fold.test.end()));
            QVERIFY(std::is_sorted(fold.train.begin(), fold.train.end()));
            std::set<int> train(fold.train.begin(), fold.train.end());
            for (int r : fold.test) {
                QVERIFY(!train.count(r));
                ++timesInTest[static_cast<size_t>(r)];
            }
        }
        for (int times : timesInTest)
            QCOMPARE(times, 1);

        // Same seed, same folds; another seed, other folds.
        const std::vector<Fold> again = stratifiedKFold(labels, 2, 5, 42);
        const std::vector<Fold> other = stratifiedKFold(labels, 2, 5, 43);
        bool allSame = true;
        for (size_t f = 0; f < folds.size(); ++f) {
            QCOMPARE(again[f].test, folds[f].test);
            allSame = allSame && other[f].test == folds[f].test;
        }
        QVERIFY(!allSame);
    }

    void stratifiedKFoldMultiClass() {
        const std::vector<int> labels = neuLabels(); // 6 classes x 300
        QCOMPARE(labels.size(), size_t(1800));
        const std::vector<Fold> folds = stratifiedKFold(labels, 6, 5, 7);
        for (const Fold& fold : folds)
            for (int c = 0; c < 6; ++c)
                QCOMPARE(countOf(labels, fold.test, c), 60);
        QVERIFY_THROWS_EXCEPTION(Error, stratifiedKFold(labels, 6, 1, 7));
        QVERIFY_THROWS_EXCEPTION(Error, stratifiedKFold({0, 0, 1, 1, 1}, 2, 3, 7));
        QVERIFY_THROWS_EXCEPTION(Error, stratifiedKFold({0, 3}, 2, 2, 7));
    }

    void stratifiedSubsetKeepsProportions() {
        std::vector<int> all;
        for (const auto& [image, label] : ksddLabels())
            all.push_back(label);
        QCOMPARE(all.size(), size_t(399));
        QCOMPARE(std::count(all.begin(), all.end(), 1), 52L);

        // 78 of 399 with 52 defective: 78 * 52 / 399 = 10.2 -> 10 defective, 68 good.
        std::set<std::vector<int>> distinct;
        for (std::uint64_t seed = 1; seed <= 5; ++seed) {
            const std::vector<int> subset = stratifiedSubset(all, 2, 78, seed);
            QCOMPARE(subset.size(), size_t(78));
            QCOMPARE(countOf(all, subset, 1), 10);
            QVERIFY(std::is_sorted(subset.begin(), subset.end()));
            QCOMPARE(std::set<int>(subset.begin(), subset.end()).size(), subset.size());
            QCOMPARE(stratifiedSubset(all, 2, 78, seed), subset);
            distinct.insert(subset);
        }
        QCOMPARE(distinct.size(), size_t(5));

        const std::vector<int> neu = neuLabels();
        const std::vector<int> neuSubset = stratifiedSubset(neu, 6, 600, 3);
        for (int c = 0; c < 6; ++c)
            QCOMPARE(countOf(neu, neuSubset, c), 100);

        // A rare class keeps one example: 1 of 20 rows, subset of 5 (exact share 0.25).
        std::vector<int> rare(19, 0);
        rare.push_back(1);
        const std::vector<int> small = stratifiedSubset(rare, 2, 5, 9);
        QCOMPARE(countOf(rare, small, 1), 1);
        QCOMPARE(small.size(), size_t(5));

        QVERIFY_THROWS_EXCEPTION(Error, stratifiedSubset(rare, 2, 0, 1));
        QVERIFY_THROWS_EXCEPTION(Error, stratifiedSubset(rare, 2, 21, 1));
        QCOMPARE(stratifiedSubset(rare, 2, 20, 1).size(), size_t(20));
    }
};

QTEST_GUILESS_MAIN(TestLabelerMetrics)
#include "TestLabelerMetrics.moc"
