// Every input that once crashed a fuzz target (tests/fuzz/regressions) goes through the same
// readers in the normal suite, which must answer with an ig::Error or a result, never crash or
// throw anything else. Under .ci/sanitize the undefined behaviour these inputs once caused aborts.
#include "io/BoxExchange.h"
#include "io/CsvImport.h"
#include "io/CsvReader.h"
#include "io/ImageFile.h"
#include "io/ImageHeader.h"
#include "project/Project.h"
#include "util/Error.h"
#include "util/Feedback.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/core.hpp>

#include <fstream>

namespace {

const QString kRegressions = QStringLiteral(IG_FUZZ_REGRESSIONS);

std::vector<std::uint8_t> bytesOf(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray data = file.readAll();
    return std::vector<std::uint8_t>(data.begin(), data.end());
}

// The ig::Error message reading the image throws; "" when it decodes.
std::string imageOutcome(const QString& path) {
    const std::string name = path.toStdString();
    try {
        const std::vector<std::uint8_t> bytes = bytesOf(path);
        const ig::MemoryByteSource source(bytes.data(), bytes.size());
        const ig::ImageHeader header = ig::parseImageHeader(source, name);
        ig::checkImageComplete(source, header, name);
        (void)ig::probeImage(name);
        (void)ig::readImageGrey8(name);
        return "";
    } catch (const ig::Error& e) {
        return e.what();
    }
}

} // namespace

class TestFuzzRegressions : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // A PNG whose IHDR claims 3905991811 x 4252958720 pixels: the pixel count overflowed a
    // long long (undefined behaviour) and could wrap below the limit. Now refused as too large.
    void pngPixelCountOverflowIsRefused() {
        const QString path = kRegressions + "/image-png-pixel-count-overflow.png";
        QVERIFY(QFile::exists(path));
        const std::string message = imageOutcome(path);
        QVERIFY2(message.find("3905991811 x 4252958720 pixels, more than the limit") !=
                     std::string::npos,
                 message.c_str());
    }

    // A TIFF with an integer tag of count 0: the reader copied zero bytes into an empty vector's
    // null pointer (memcpy(nullptr, ..., 0) is undefined). Now an ordinary "cannot read" error.
    void tiffWithEmptyTagIsAnInputError() {
        const QString path = kRegressions + "/image-tiff-empty-tag-memcpy-null.tif";
        QVERIFY(QFile::exists(path));
        const std::string message = imageOutcome(path);
        QVERIFY2(message.rfind("Cannot read image '", 0) == 0, message.c_str());
    }

    // Every stored crash input, by the prefix of its name (image-, csv-, box-, project-).
    void everyStoredInputGivesAnErrorOrAResult() {
        const QStringList files = QDir(kRegressions).entryList(QDir::Files, QDir::Name);
        QVERIFY(!files.isEmpty());
        QTemporaryDir scratch;
        QVERIFY(scratch.isValid());
        for (const QString& name : files) {
            const QString path = kRegressions + "/" + name;
            try {
                if (name.startsWith("image-")) {
                    (void)imageOutcome(path);
                } else if (name.startsWith("csv-")) {
                    const std::string copy = scratch.filePath("project.gadget").toStdString();
                    QFile::remove(QString::fromStdString(copy));
                    ig::Project project = ig::Project::create(copy);
                    ig::SilentFeedback feedback;
                    for (int importer = 0; importer < 3; ++importer) {
                        try {
                            if (importer == 0)
                                ig::importLabels(project, path.toStdString(), feedback);
                            else if (importer == 1)
                                ig::importBoxes(project, path.toStdString(), {}, feedback);
                            else
                                ig::importDevSplit(project, path.toStdString(), feedback);
                        } catch (const ig::Error&) {
                        }
                    }
                    QCOMPARE(project.checkIntegrity(), std::string("ok"));
                } else if (name.startsWith("box-")) {
                    const std::string copy = scratch.filePath("boxes.gadget").toStdString();
                    QFile::remove(QString::fromStdString(copy));
                    ig::Project project = ig::Project::create(copy);
                    ig::SilentFeedback feedback;
                    ig::BoxFileImportOptions options;
                    options.format = name.startsWith("box-coco")  ? ig::BoxFormat::Coco
                                     : name.startsWith("box-voc") ? ig::BoxFormat::Voc
                                                                  : ig::BoxFormat::Yolo;
                    try {
                        ig::importBoxFile(project, path.toStdString(), options, feedback);
                    } catch (const ig::Error&) {
                    }
                    QCOMPARE(project.checkIntegrity(), std::string("ok"));
                } else if (name.startsWith("project-")) {
                    const QString copy = scratch.filePath(name);
                    QVERIFY(QFile::copy(path, copy));
                    try {
                        ig::Project project = ig::Project::open(copy.toStdString(), 0);
                        (void)project.summary();
                    } catch (const ig::Error&) {
                    }
                } else {
                    QFAIL(qPrintable("unknown regression input kind: " + name));
                }
            } catch (const ig::Error&) {
            } catch (const std::exception& e) {
                QFAIL(qPrintable(name + ": " + e.what()));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestFuzzRegressions)
#include "TestFuzzRegressions.moc"
