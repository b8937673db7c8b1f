// Merging the boxes several crowd workers drew on one image: links by IoU, one box per worker
// and group, chains, the three ways of combining, agreement, support and the majority type.
#include "crowd/BoxMerger.h"
#include "crowd/RectGeometry.h"
#include "util/Error.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

using namespace ig;

namespace {

CrowdBox box(Id id, Id worker, double x, double y, double w, double h, std::string type = "crack") {
    return CrowdBox{id, worker, Rect{x, y, w, h}, std::move(type)};
}

std::set<Id> memberIds(const MergedGroup& group) {
    std::set<Id> ids;
    for (const auto& member : group.members)
        ids.insert(member.id);
    return ids;
}

std::set<Id> outlierIds(const MergeResult& result) {
    std::set<Id> ids;
    for (const auto& outlier : result.outliers)
        ids.insert(outlier.id);
    return ids;
}

void compareRect(const Rect& actual, const Rect& expected) {
    QVERIFY2(std::abs(actual.x - expected.x) < 1e-9 && std::abs(actual.y - expected.y) < 1e-9 &&
                 std::abs(actual.w - expected.w) < 1e-9 && std::abs(actual.h - expected.h) < 1e-9,
             qPrintable(QString("got %1 %2 %3 %4, expected %5 %6 %7 %8")
                            .arg(actual.x)
                            .arg(actual.y)
                            .arg(actual.w)
                            .arg(actual.h)
                            .arg(expected.x)
                            .arg(expected.y)
                            .arg(expected.w)
                            .arg(expected.h)));
}

} // namespace

class TestCrowdMerge : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void iouOfKnownBoxes() {
        QCOMPARE(rectIoU(Rect{0, 0, 10, 10}, Rect{0, 0, 10, 10}), 1.0);
        QCOMPARE(rectIoU(Rect{0, 0, 10, 10}, Rect{10, 0, 10, 10}), 0.0); // touching edges
        QCOMPARE(rectIoU(Rect{0, 0, 10, 10}, Rect{5, 0, 10, 10}), 50.0 / 150.0);
        QCOMPARE(rectIoU(Rect{0, 0, 10, 10}, Rect{2, 2, 5, 5}), 25.0 / 100.0); // contained
        QCOMPARE(rectIoU(Rect{0, 0, 0, 10}, Rect{0, 0, 10, 10}), 0.0);
        QVERIFY(!rectHasArea(Rect{0, 0, std::numeric_limits<double>::quiet_NaN(), 3}));
    }

    void twoWorkersSameBoxFormAGroup() {
        const auto result = mergeBoxes({box(1, 10, 5, 5, 20, 10), box(2, 11, 5, 5, 20, 10)}, {});
        QCOMPARE(result.groups.size(), size_t(2 - 1));
        QVERIFY(result.outliers.empty());
        const auto& group = result.groups.front();
        compareRect(group.rect, Rect{5, 5, 20, 10});
        QCOMPARE(group.agreement, 1.0);
        QCOMPARE(group.support, 1.0); // both workers who saw the image drew it
        QCOMPARE(group.defectType, std::string("crack"));
        QCOMPARE(memberIds(group), (std::set<Id>{1, 2}));
    }

    void supportCountsWorkersWhoSawTheImage() {
        MergeOptions options;
        options.workersWhoSawImage = 4;
        const auto result =
            mergeBoxes({box(1, 10, 5, 5, 20, 10), box(2, 11, 5, 5, 20, 10)}, options);
        QCOMPARE(result.groups.front().support, 0.5);
        options.workersWhoSawImage = 1; // fewer than drew boxes: the boxes' workers count
        QCOMPARE(mergeBoxes({box(1, 10, 5, 5, 20, 10), box(2, 11, 5, 5, 20, 10)}, options)
                     .groups.front()
                     .support,
                 1.0);
    }

    void sameWorkerTwiceIsNotMergedWithItself() {
        const auto result = mergeBoxes({box(1, 10, 5, 5, 20, 10), box(2, 10, 5, 5, 20, 10)}, {});
        QVERIFY(result.groups.empty());
        QCOMPARE(outlierIds(result), (std::set<Id>{1, 2}));
    }

    void workersSecondBoxLeavesTheGroupToTheBetterOne() {
        // Worker 10 drew two boxes over worker 11's box; the closer one (IoU 0.9) joins it.
        const auto result = mergeBoxes(
            {box(1, 10, 0, 0, 100, 20), box(2, 10, 0, 0, 90, 20), box(3, 11, 0, 0, 100, 20)}, {});
        QCOMPARE(result.groups.size(), size_t(1));
        QCOMPARE(memberIds(result.groups.front()), (std::set<Id>{1, 3}));
        QCOMPARE(outlierIds(result), (std::set<Id>{2}));
    }

    void workersSecondBoxJoinsAnotherGroup() {
        // As above, but worker 12 confirms the second box: two groups, no outlier.
        const auto result = mergeBoxes({box(1, 10, 0, 0, 100, 20), box(2, 10, 0, 0, 90, 20),
                                        box(3, 11, 0, 0, 100, 20), box(4, 12, 0, 0, 90, 20)},
                                       {});
        QCOMPARE(result.groups.size(), size_t(2));
        QCOMPARE(memberIds(result.groups[0]), (std::set<Id>{1, 3}));
        QCOMPARE(memberIds(result.groups[1]), (std::set<Id>{2, 4}));
        QVERIFY(result.outliers.empty());
    }

    void chainOfOverlapsIsOneGroup() {
        // A overlaps B, B overlaps C, A and C do not touch.
        const std::vector<CrowdBox> boxes{box(1, 10, 0, 0, 10, 10), box(2, 11, 6, 0, 10, 10),
                                          box(3, 12, 12, 0, 10, 10)};
        QCOMPARE(rectIoU(boxes[0].rect, boxes[2].rect), 0.0);
        MergeOptions options;
        options.iouThreshold = 0.2; // A-B and B-C have 4/16 = 0.25
        const auto average = mergeBoxes(boxes, options);
        QCOMPARE(average.groups.size(), size_t(1));
        QCOMPARE(average.groups.front().members.size(), size_t(3));
        compareRect(average.groups.front().rect, Rect{6, 0, 10, 10});
        QCOMPARE(average.groups.front().agreement, (0.25 + 0.25 + 0.0) / 3);
        // No area common to all three: the intersection falls back to the average.
        options.mode = CombineMode::Intersection;
        compareRect(mergeBoxes(boxes, options).groups.front().rect, Rect{6, 0, 10, 10});
        options.mode = CombineMode::Union;
        compareRect(mergeBoxes(boxes, options).groups.front().rect, Rect{0, 0, 22, 10});
        // Above the links' IoU nothing links.
        options.iouThreshold = 0.3;
        QCOMPARE(mergeBoxes(boxes, options).outliers.size(), size_t(3));
    }

    void averageUnionIntersectionGeometry() {
        const std::vector<CrowdBox> boxes{box(1, 10, 10, 20, 40, 30), box(2, 11, 14, 16, 40, 30),
                                          box(3, 12, 12, 24, 38, 28)};
        MergeOptions options;
        options.mode = CombineMode::Average;
        compareRect(mergeBoxes(boxes, options).groups.front().rect,
                    Rect{12, 20, 118.0 / 3, 88.0 / 3});
        options.mode = CombineMode::Union;
        compareRect(mergeBoxes(boxes, options).groups.front().rect, Rect{10, 16, 44, 36});
        options.mode = CombineMode::Intersection;
        // x: max(10,14,12)=14 .. min(50,54,50)=50; y: max(20,16,24)=24 .. min(50,46,52)=46
        compareRect(mergeBoxes(boxes, options).groups.front().rect, Rect{14, 24, 36, 22});
    }

    void thresholdIsInclusive() {
        // IoU exactly 0.5: linked at 0.5, not above.
        const std::vector<CrowdBox> boxes{box(1, 10, 0, 0, 20, 10), box(2, 11, 0, 0, 10, 10)};
        MergeOptions options;
        options.iouThreshold = 0.5;
        QCOMPARE(mergeBoxes(boxes, options).groups.size(), size_t(1));
        options.iouThreshold = 0.5000001;
        QCOMPARE(mergeBoxes(boxes, options).groups.size(), size_t(0));
    }

    void defectTypeByMajority() {
        const auto twoToOne =
            mergeBoxes({box(1, 10, 0, 0, 10, 10, "scratch"), box(2, 11, 0, 0, 10, 10, "crack"),
                        box(3, 12, 0, 0, 10, 10, "crack")},
                       {});
        QCOMPARE(twoToOne.groups.front().defectType, std::string("crack"));
        // Untyped boxes do not vote.
        const auto untyped = mergeBoxes({box(1, 10, 0, 0, 10, 10, ""), box(2, 11, 0, 0, 10, 10, ""),
                                         box(3, 12, 0, 0, 10, 10, "spot")},
                                        {});
        QCOMPARE(untyped.groups.front().defectType, std::string("spot"));
        const auto none =
            mergeBoxes({box(1, 10, 0, 0, 10, 10, ""), box(2, 11, 0, 0, 10, 10, "")}, {});
        QCOMPARE(none.groups.front().defectType, std::string());
        // A tie goes to the type whose box lies closer to the combined box...
        // (the average is 10.5 wide: the spots' boxes overlap it by 2 x 0.952, the cracks' by
        // 0.952 + 0.833, so "spot" wins although "crack" comes first in the alphabet).
        const auto tie =
            mergeBoxes({box(1, 10, 0, 0, 10, 10, "crack"), box(2, 11, 0, 0, 10, 10, "spot"),
                        box(3, 12, 0, 0, 10, 10, "spot"), box(4, 13, 0, 0, 12, 10, "crack")},
                       {});
        QCOMPARE(tie.groups.front().defectType, std::string("spot"));
        // ...and a full tie to the alphabetically first.
        const auto fullTie =
            mergeBoxes({box(1, 10, 0, 0, 10, 10, "spot"), box(2, 11, 0, 0, 10, 10, "crack")}, {});
        QCOMPARE(fullTie.groups.front().defectType, std::string("crack"));
    }

    void boxesWithoutAreaAreOutliers() {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const auto result = mergeBoxes({box(1, 10, 0, 0, 0, 10), box(2, 11, 0, 0, 0, 10),
                                        box(3, 12, nan, 0, 5, 5), box(4, 13, 0, 0, -5, 5)},
                                       {});
        QVERIFY(result.groups.empty());
        QCOMPARE(outlierIds(result), (std::set<Id>{1, 2, 3, 4}));
        QVERIFY(mergeBoxes({}, {}).groups.empty());
    }

    void badThresholdIsRefused() {
        for (double threshold : {0.0, -0.1, 1.5, std::numeric_limits<double>::quiet_NaN()}) {
            MergeOptions options;
            options.iouThreshold = threshold;
            try {
                mergeBoxes({box(1, 10, 0, 0, 10, 10)}, options);
                QFAIL("a threshold outside (0, 1] was accepted");
            } catch (const Error& error) {
                QCOMPARE(error.kind(), Error::Kind::Usage);
            }
        }
    }

    void resultDoesNotDependOnInputOrder() {
        std::vector<CrowdBox> boxes{box(1, 10, 0, 0, 100, 20),    box(2, 10, 0, 0, 90, 20),
                                    box(3, 11, 0, 0, 100, 20),    box(4, 12, 0, 0, 90, 20),
                                    box(5, 13, 300, 300, 10, 10), box(6, 14, 2, 1, 95, 19)};
        auto signature = [](const MergeResult& result) {
            std::set<std::set<Id>> groups;
            for (const auto& group : result.groups)
                groups.insert(memberIds(group));
            return std::make_pair(groups, outlierIds(result));
        };
        const auto expected = signature(mergeBoxes(boxes, {}));
        std::sort(boxes.begin(), boxes.end(),
                  [](const CrowdBox& a, const CrowdBox& b) { return a.id > b.id; });
        QVERIFY(signature(mergeBoxes(boxes, {})) == expected);
        std::rotate(boxes.begin(), boxes.begin() + 2, boxes.end());
        QVERIFY(signature(mergeBoxes(boxes, {})) == expected);
    }
};

QTEST_APPLESS_MAIN(TestCrowdMerge)
#include "TestCrowdMerge.moc"
