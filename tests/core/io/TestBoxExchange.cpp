// Boxes in and out in CSV, Pascal VOC, YOLO and COCO on real data: NEU-DET images with their
// own VOC files and KolektorSDD images with their CSV boxes.
#include "io/BoxExchange.h"
#include "io/BoxFormat.h"
#include "io/CsvImport.h"
#include "io/ImageImporter.h"
#include "project/Project.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <set>
#include <tuple>

using namespace ig;

namespace {

const QString kData = QString(IG_SHARED_DATA);

const QStringList kNeu = {"crazing_1",         "crazing_2",        "inclusion_1",
                          "inclusion_2",       "patches_1",        "patches_2",
                          "pitted_surface_1",  "pitted_surface_2", "rolled-in_scale_1",
                          "rolled-in_scale_2", "scratches_1",      "scratches_2"};

// (image file name, x, y, w, h in micro-pixels, type): a box as the tests compare them.
using BoxKey = std::tuple<std::string, long long, long long, long long, long long, std::string>;

std::string fileNameOf(const std::string& path) {
    return path.substr(path.find_last_of('/') + 1);
}

std::multiset<BoxKey> boxesOf(const Project& project, const std::string& worker) {
    const auto w = project.workerByName(worker);
    std::multiset<BoxKey> keys;
    if (!w)
        return keys;
    for (const BoxRecord& b : project.boxes())
        if (b.workerId == w->id) {
            const auto micro = [](double v) { return std::llround(v * 1e6); };
            keys.insert({fileNameOf(project.image(b.imageId)->path), micro(b.rect.x),
                         micro(b.rect.y), micro(b.rect.w), micro(b.rect.h), b.defectType});
        }
    return keys;
}

QString writeText(const QString& path, const QByteArray& text) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    file.write(text);
    return path;
}

// Runs `work`, which must throw ig::Error of `kind` whose message holds every one of `parts`.
template <typename Work>
QString expectError(Work work, Error::Kind kind, const QStringList& parts) {
    try {
        work();
    } catch (const Error& e) {
        const QString message = QString::fromStdString(e.what());
        if (e.kind() != kind)
            return "wrong kind: " + message;
        for (const QString& part : parts)
            if (!message.contains(part))
                return "'" + part + "' missing from: " + message;
        return {};
    } catch (const std::exception& e) {
        return QString("not an ig::Error: ") + e.what();
    }
    return "no error";
}

} // namespace

class TestBoxExchange : public QObject {
    Q_OBJECT

    QTemporaryDir temp_;
    std::vector<std::string> imageFiles_; // 12 NEU + 6 KSDD images, absolute
    QString vocFolder_;                   // the NEU images' own VOC files
    SilentFeedback quiet_;

    Project freshProject(const QString& name, bool reversed = false) {
        Project project = Project::create((temp_.path() + "/" + name).toStdString());
        std::vector<std::string> files = imageFiles_;
        if (reversed) // other ids for the same images
            std::reverse(files.begin(), files.end());
        const ImportReport report = importImages(project, files, quiet_);
        if (report.added != int(files.size()))
            qFatal("test images did not import");
        return project;
    }

    // Gold boxes: NEU's VOC files and KSDD's CSV rows, plus two fractional boxes (as averaging
    // makes them), all by worker "gold".
    Project goldProject(const QString& name) {
        Project project = freshProject(name);
        BoxFileImportOptions voc;
        voc.format = BoxFormat::Voc;
        voc.workerName = "gold";
        const BoxFileImportReport fromVoc =
            importBoxFile(project, vocFolder_.toStdString(), voc, quiet_);
        if (fromVoc.applied == 0 || fromVoc.unknownImageCount != 0)
            qFatal("NEU VOC boxes did not import");
        BoxImportOptions csv;
        csv.workerName = "gold";
        importBoxes(project, (kData + "/ksdd/boxes.csv").toStdString(), csv, quiet_);
        const Id gold = project.workerByName("gold")->id;
        const ImageRecord image = *project.imageByName("kos01_Part0.png");
        project.addBox({0, image.id, gold, Rect{10.25, 100.125, 33.333333333, 17.7}, "crack", ""});
        project.addBox(
            {0, image.id, gold, Rect{0.1, 0.2, 0.30000000000000004, 499.5}, "crack", ""});
        return project;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(temp_.isValid());
        vocFolder_ = temp_.path() + "/neu-voc";
        QVERIFY(QDir().mkpath(vocFolder_));
        for (const QString& name : kNeu) {
            imageFiles_.push_back((kData + "/neu/images/" + name + ".jpg").toStdString());
            QVERIFY(QFile::copy(kData + "/neu/annotations/" + name + ".xml",
                                vocFolder_ + "/" + name + ".xml"));
        }
        for (const char* name : {"kos01_Part0", "kos01_Part5", "kos02_Part6", "kos03_Part2",
                                 "kos04_Part3", "kos05_Part5"})
            imageFiles_.push_back((kData + "/ksdd/images/" + QString(name) + ".png").toStdString());
    }

    void detectsTheFormat() {
        QCOMPARE(detectBoxFormat("a/boxes.csv"), std::optional<BoxFormat>(BoxFormat::Csv));
        QCOMPARE(detectBoxFormat("a/x.XML"), std::optional<BoxFormat>(BoxFormat::Voc));
        QCOMPARE(detectBoxFormat("a/x.txt"), std::optional<BoxFormat>(BoxFormat::Yolo));
        QCOMPARE(detectBoxFormat("a/coco.json"), std::optional<BoxFormat>(BoxFormat::Coco));
        QCOMPARE(detectBoxFormat("a/boxes.dat"), std::optional<BoxFormat>());
        QCOMPARE(detectBoxFormat(vocFolder_.toStdString()),
                 std::optional<BoxFormat>(BoxFormat::Voc));
        QCOMPARE(boxFormatFromString("coco"), BoxFormat::Coco);
        QVERIFY(
            expectError([] { boxFormatFromString("kitti"); }, Error::Kind::Usage, {"kitti", "voc"})
                .isEmpty());
    }

    // NEU's VOC files give exactly the boxes of the data set's boxes.csv (made from them with
    // x = xmin, w = xmax - xmin).
    void vocMatchesTheDataSetsCsv() {
        Project project = freshProject("voc-vs-csv.gadget");
        BoxFileImportOptions voc;
        voc.format = BoxFormat::Voc;
        voc.workerName = "voc";
        const BoxFileImportReport report =
            importBoxFile(project, vocFolder_.toStdString(), voc, quiet_);
        QCOMPARE(report.images, 12LL);
        QCOMPARE(report.matchedImages, 12LL);
        QVERIFY(report.boxes >= 12);
        QCOMPARE(report.applied, report.boxes);
        BoxImportOptions csv;
        csv.workerName = "csv";
        importBoxes(project, (kData + "/neu/boxes.csv").toStdString(), csv, quiet_);
        const auto fromVoc = boxesOf(project, "voc"), fromCsv = boxesOf(project, "csv");
        QCOMPARE(int(fromVoc.size()), int(report.boxes));
        QVERIFY(fromVoc == fromCsv);
    }

    void roundTrip_data() {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("out");
        QTest::newRow("csv") << "csv"
                             << "boxes.csv";
        QTest::newRow("voc") << "voc"
                             << "voc";
        QTest::newRow("yolo") << "yolo"
                              << "yolo";
        QTest::newRow("coco") << "coco"
                              << "coco.json";
    }

    // Export, then import into a fresh project (other image ids): the same boxes; importing
    // again adds nothing.
    void roundTrip() {
        QFETCH(QString, format);
        QFETCH(QString, out);
        const Project source = goldProject("source-" + format + ".gadget");
        const auto gold = boxesOf(source, "gold");
        QVERIFY(gold.size() > 20);

        const QString path = temp_.path() + "/export-" + out;
        BoxFileExportOptions exportOptions;
        exportOptions.format = boxFormatFromString(format.toStdString());
        exportOptions.workerName = "gold";
        const BoxFileExportReport written =
            exportBoxFile(source, path.toStdString(), exportOptions, quiet_);
        QCOMPARE(written.boxes, (long long)gold.size());
        QCOMPARE(written.images, 18LL);
        QCOMPARE(detectBoxFormat(path.toStdString()), std::optional(exportOptions.format));

        Project target = freshProject("target-" + format + ".gadget", true);
        BoxFileImportOptions importOptions;
        importOptions.format = exportOptions.format;
        importOptions.workerName = "gold";
        BoxFileImportReport read = importBoxFile(target, path.toStdString(), importOptions, quiet_);
        QCOMPARE(read.applied, (long long)gold.size());
        QCOMPARE(read.unknownImageCount, 0LL);
        const auto back = boxesOf(target, "gold");
        if (back != gold) {
            for (const auto& k : gold)
                if (!back.count(k))
                    qWarning("lost %s %lld %lld %lld %lld", std::get<0>(k).c_str(), std::get<1>(k),
                             std::get<2>(k), std::get<3>(k), std::get<4>(k));
            QFAIL("the boxes changed in the round trip");
        }
        read = importBoxFile(target, path.toStdString(), importOptions, quiet_);
        QCOMPARE(read.applied, 0LL);
        QCOMPARE(read.unchanged, (long long)gold.size());
        QCOMPARE(target.summary().boxes, (long long)gold.size());
    }

    // Boxes without a type are called "defect" where the format needs a class name.
    void untypedBoxesBecomeDefect() {
        Project project = freshProject("untyped.gadget");
        const Id w = project.ensureWorker("w", Role::Worker);
        project.addBox(
            {0, project.imageByName("crazing_1.jpg")->id, w, Rect{1, 2, 30, 40}, "", ""});
        const QString path = temp_.path() + "/untyped.json";
        exportBoxFile(project, path.toStdString(), {BoxFormat::Coco, ""}, quiet_);
        Project back = freshProject("untyped-back.gadget");
        importBoxFile(back, path.toStdString(), {BoxFormat::Coco, "w", Role::Worker, ""}, quiet_);
        QCOMPARE(back.boxes().at(0).defectType, std::string("defect"));
    }

    void imagesNotInTheProjectAreListed() {
        Project project = freshProject("unknown.gadget");
        const QString folder = temp_.path() + "/voc-extra";
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(QFile::copy(vocFolder_ + "/crazing_1.xml", folder + "/crazing_1.xml"));
        QVERIFY(QFile::copy(kData + "/neu/annotations/crazing_3.xml", folder + "/crazing_3.xml"));
        const BoxFileImportReport report = importBoxFile(
            project, folder.toStdString(), {BoxFormat::Voc, "w", Role::Worker, ""}, quiet_);
        QCOMPARE(report.images, 2LL);
        QCOMPARE(report.matchedImages, 1LL);
        QCOMPARE(report.unknownImageCount, 1LL);
        QVERIFY(QString::fromStdString(report.unknownImages.at(0)).contains("crazing_3.jpg"));
        QVERIFY(report.applied > 0);
    }

    void badInput_data() {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QStringList>("parts"); // besides the file's path
        const QByteArray head = "<annotation>\n<filename>crazing_1.jpg</filename>\n";
        const auto voc = [&](const QByteArray& box) {
            return head + "<object>\n<name>crazing</name>\n<bndbox>" + box +
                   "</bndbox>\n</object>\n</annotation>\n";
        };
        QTest::newRow("voc negative")
            << "voc"
            << "neg.xml" << voc("<xmin>-3</xmin><ymin>2</ymin><xmax>10</xmax><ymax>10</ymax>")
            << QStringList{":3:", "<object> 1", "negative"};
        QTest::newRow("voc nan")
            << "voc"
            << "nan.xml" << voc("<xmin>nan</xmin><ymin>2</ymin><xmax>10</xmax><ymax>10</ymax>")
            << QStringList{"<xmin>", "'nan', not a number"};
        QTest::newRow("voc missing ymax")
            << "voc"
            << "noymax.xml" << voc("<xmin>1</xmin><ymin>2</ymin><xmax>10</xmax>")
            << QStringList{"<object> 1", "<ymax>"};
        QTest::newRow("voc inverted")
            << "voc"
            << "inverted.xml" << voc("<xmin>20</xmin><ymin>2</ymin><xmax>10</xmax><ymax>10</ymax>")
            << QStringList{"no area"};
        QTest::newRow("voc outside")
            << "voc"
            << "outside.xml" << voc("<xmin>150</xmin><ymin>2</ymin><xmax>250</xmax><ymax>10</ymax>")
            << QStringList{"<object> 1", "outside", "200 x 200"};
        QTest::newRow("voc other size")
            << "voc"
            << "resized.xml"
            << QByteArray(head + "<size><width>416</width><height>416</height></size>\n" +
                          "</annotation>\n")
            << QStringList{"416 x 416", "200 x 200"};
        QTest::newRow("voc broken xml")
            << "voc"
            << "broken.xml" << QByteArray(head + "<object>") << QStringList{"not well-formed"};
        QTest::newRow("voc not voc")
            << "voc"
            << "other.xml" << QByteArray("<svg></svg>") << QStringList{"<annotation>"};
        QTest::newRow("voc two images")
            << "voc"
            << "kos.xml" << QByteArray("<annotation><filename>kos01_Part0</filename></annotation>")
            << QStringList{};
        QTest::newRow("yolo class id")
            << "yolo"
            << "crazing_1.txt" << QByteArray("0 0.5 0.5 0.1 0.1\n7 0.5 0.5 0.1 0.1\n")
            << QStringList{":2:", "class id '7'"};
        QTest::newRow("yolo text") << "yolo"
                                   << "crazing_1.txt" << QByteArray("0 0.5 0.5 wide 0.1\n")
                                   << QStringList{":1:", "'wide' is not a number"};
        QTest::newRow("yolo fields")
            << "yolo"
            << "crazing_1.txt" << QByteArray("0 0.5 0.5 0.1\n") << QStringList{":1:", "found 4"};
        QTest::newRow("yolo past edge")
            << "yolo"
            << "crazing_1.txt" << QByteArray("\n0 0.9 0.5 0.4 0.1\n") << QStringList{":2:", "edge"};
        QTest::newRow("yolo negative") << "yolo"
                                       << "crazing_1.txt" << QByteArray("0 0.05 0.5 0.4 0.1\n")
                                       << QStringList{":1:", "negative"};
        QTest::newRow("yolo infinite") << "yolo"
                                       << "crazing_1.txt" << QByteArray("0 inf 0.5 0.4 0.1\n")
                                       << QStringList{":1:", "not a number"};
        const QByteArray cocoHead =
            R"({"images":[{"id":1,"file_name":"crazing_1.jpg","width":200,"height":200}],
"categories":[{"id":3,"name":"crazing"}],"annotations":[)";
        QTest::newRow("coco bbox type")
            << "coco"
            << "types.json"
            << QByteArray(cocoHead + R"({"image_id":1,"category_id":3,"bbox":["1",2,3,4]}]})")
            << QStringList{"annotations[0].bbox", "not a number"};
        QTest::newRow("coco unknown image")
            << "coco"
            << "image.json"
            << QByteArray(cocoHead + R"({"image_id":2,"category_id":3,"bbox":[1,2,3,4]}]})")
            << QStringList{"annotations[0].image_id", "is 2"};
        QTest::newRow("coco unknown category")
            << "coco"
            << "category.json"
            << QByteArray(cocoHead + R"({"image_id":1,"category_id":3,"bbox":[1,2,3,4]},
{"image_id":1,"category_id":9,"bbox":[1,2,3,4]}]})")
            << QStringList{"annotations[1].category_id"};
        QTest::newRow("coco negative")
            << "coco"
            << "negative.json"
            << QByteArray(cocoHead + R"({"image_id":1,"category_id":3,"bbox":[1,-2,3,4]}]})")
            << QStringList{"annotations[0]", "negative"};
        QTest::newRow("coco image id text")
            << "coco"
            << "imageid.json"
            << QByteArray(R"({"images":[{"id":"one","file_name":"a.jpg"}],"annotations":[],
"categories":[]})")
            << QStringList{"images[0].id", "not a whole number"};
        QTest::newRow("coco not json")
            << "coco"
            << "text.json" << QByteArray("{\"images\": [") << QStringList{"not valid JSON"};
        QTest::newRow("coco no annotations")
            << "coco"
            << "partial.json" << QByteArray(R"({"images":[],"categories":[]})")
            << QStringList{"\"annotations\""};
    }

    // Bad files stop the import with the file and the line or element, and change nothing.
    void badInput() {
        QFETCH(QString, format);
        QFETCH(QString, file);
        QFETCH(QByteArray, text);
        QFETCH(QStringList, parts);
        static int n = 0;
        const QString folder = temp_.path() + "/bad" + QString::number(++n);
        QVERIFY(QDir().mkpath(folder));
        const QString path = writeText(folder + "/" + file, text);
        if (format == "yolo")
            writeText(folder + "/classes.txt", "crazing\ninclusion\n");
        Project project = freshProject("bad" + QString::number(n) + ".gadget");
        if (file == "kos.xml") { // a name two images share (a stem here): refused, not guessed
            QVERIFY(QFile::copy(kData + "/ksdd/images/kos01_Part0.png",
                                temp_.path() + "/kos01_Part0.jpg"));
            std::vector<std::string> twin = {(temp_.path() + "/kos01_Part0.jpg").toStdString()};
            importImages(project, twin, quiet_, {true});
            parts << "2 images";
        }
        const long long before = project.summary().boxes;
        const BoxFileImportOptions options{boxFormatFromString(format.toStdString()), "w",
                                           Role::Worker, ""};
        parts << path;
        const QString problem =
            expectError([&] { importBoxFile(project, path.toStdString(), options, quiet_); },
                        Error::Kind::Input, parts);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(project.summary().boxes, before);
    }

    void yoloNeedsAClassList() {
        Project project = freshProject("noclasses.gadget");
        const QString folder = temp_.path() + "/yolo-no-classes";
        QVERIFY(QDir().mkpath(folder));
        writeText(folder + "/crazing_1.txt", "0 0.5 0.5 0.1 0.1\n");
        const QString problem = expectError(
            [&] {
                importBoxFile(project, folder.toStdString(),
                              {BoxFormat::Yolo, "w", Role::Worker, ""}, quiet_);
            },
            Error::Kind::Usage, {"--classes", folder});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        // Given explicitly, a list elsewhere works.
        const QString list = writeText(temp_.path() + "/names.list", "crazing\n");
        const BoxFileImportReport report =
            importBoxFile(project, folder.toStdString(),
                          {BoxFormat::Yolo, "w", Role::Worker, list.toStdString()}, quiet_);
        QCOMPARE(report.applied, 1LL);
        const BoxRecord box = project.boxes().at(0);
        QCOMPARE(box.rect.x, 90.0);
        QCOMPARE(box.rect.w, 20.0);
        QCOMPARE(box.defectType, std::string("crazing"));
    }

    void exportNamesAnUnknownWorker() {
        const Project project = freshProject("noworker.gadget");
        const QString problem = expectError(
            [&] {
                exportBoxFile(project, (temp_.path() + "/x.csv").toStdString(),
                              {BoxFormat::Csv, "nobody"}, quiet_);
            },
            Error::Kind::Usage, {"nobody"});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
};

QTEST_GUILESS_MAIN(TestBoxExchange)
#include "TestBoxExchange.moc"
