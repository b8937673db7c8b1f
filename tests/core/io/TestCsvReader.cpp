#include "io/CsvReader.h"
#include "util/Error.h"

#include <QtTest>

#include <sstream>

using ig::CsvReader;
using ig::CsvRow;

namespace {

std::vector<CsvRow> readAll(const std::string& text, std::vector<std::string>* header = nullptr) {
    std::istringstream in(text);
    CsvReader reader(in, "test.csv");
    if (header)
        *header = reader.header();
    std::vector<CsvRow> rows;
    CsvRow row;
    while (reader.next(row))
        rows.push_back(row);
    return rows;
}

// The message of the ig::Error(Input) that reading `text` throws; fails the test otherwise.
std::string errorOf(const std::string& text) {
    try {
        readAll(text);
    } catch (const ig::Error& e) {
        if (e.kind() != ig::Error::Kind::Input)
            return "wrong kind: " + std::string(e.what());
        return e.what();
    }
    return "no error";
}

using Fields = std::vector<std::string>;

} // namespace

class TestCsvReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void plainRowsWithLineNumbers() {
        std::vector<std::string> header;
        const auto rows = readAll("image,label\na.png,0\nb.png,1\n", &header);
        QCOMPARE(header, (Fields{"image", "label"}));
        QCOMPARE(rows.size(), std::size_t(2));
        QCOMPARE(rows[0].fields, (Fields{"a.png", "0"}));
        QCOMPARE(rows[0].line, 2);
        QCOMPARE(rows[1].line, 3);
    }

    void crlfBomAndNoFinalNewline() {
        std::vector<std::string> header;
        const auto rows = readAll("\xEF\xBB\xBFimage,label\r\na.png,0\r\nb.png,1", &header);
        QCOMPARE(header, (Fields{"image", "label"}));
        QCOMPARE(rows.size(), std::size_t(2));
        QCOMPARE(rows[1].fields, (Fields{"b.png", "1"}));
        QCOMPARE(rows[1].line, 3);
    }

    void blankLinesAreSkippedButCounted() {
        const auto rows = readAll("\n\nimage\n\na.png\n  \n\r\nb.png\n\n");
        QCOMPARE(rows.size(), std::size_t(2));
        QCOMPARE(rows[0].line, 5);
        QCOMPARE(rows[1].line, 8);
    }

    void quotedFields() {
        const auto rows = readAll("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"\"\n"
                                  "\"two\nlines\",z,\" padded \"\nlast,1,2\n");
        QCOMPARE(rows.size(), std::size_t(3));
        QCOMPARE(rows[0].fields, (Fields{"x, y", "say \"hi\"", ""}));
        QCOMPARE(rows[1].fields, (Fields{"two\nlines", "z", " padded "}));
        QCOMPARE(rows[1].line, 3);
        QCOMPARE(rows[2].line, 5); // the quoted newline used up line 4
    }

    void unquotedSpacesTrimmedAndEmptyFieldsKept() {
        const auto rows = readAll("a , b,c\n  x ,, z  \n,,\n");
        QCOMPARE(rows[0].fields, (Fields{"x", "", "z"}));
        QCOMPARE(rows[1].fields, (Fields{"", "", ""}));
    }

    void shortAndLongRowsAreReturnedAsTheyAre() {
        const auto rows = readAll("a,b,c\n1\n1,2,3,4\n");
        QCOMPARE(rows[0].fields.size(), std::size_t(1));
        QCOMPARE(rows[1].fields.size(), std::size_t(4));
    }

    void columnLookupIgnoresCase() {
        std::istringstream in("Image, LABEL\n");
        CsvReader reader(in, "t.csv");
        QCOMPARE(reader.column("image").value(), std::size_t(0));
        QCOMPARE(reader.column("label").value(), std::size_t(1));
        QVERIFY(!reader.column("class"));
    }

    void oldMacLineEnds() {
        const auto rows = readAll("a\rx\ry\r");
        QCOMPARE(rows.size(), std::size_t(2));
        QCOMPARE(rows[1].fields, (Fields{"y"}));
    }

    void errorsNameSourceAndLine() {
        std::string e = errorOf("a,b\n1,2\n3,\"open\n4,5\n");
        QVERIFY2(e.find("test.csv:3") != std::string::npos, e.c_str());
        QVERIFY2(e.find("never closed") != std::string::npos, e.c_str());
        e = errorOf("a,b\n1,2\n\"x\"y,2\n");
        QVERIFY2(e.find("test.csv:3") != std::string::npos, e.c_str());
        e = errorOf("");
        QVERIFY2(e.find("empty") != std::string::npos, e.c_str());
        e = errorOf("\n\r\n\n");
        QVERIFY2(e.find("empty") != std::string::npos, e.c_str());
    }

    void openReportsMissingFile() {
        try {
            CsvReader::open("/nonexistent/labels.csv");
            QFAIL("expected an error");
        } catch (const ig::Error& e) {
            QCOMPARE(e.kind(), ig::Error::Kind::Input);
            QVERIFY(std::string(e.what()).find("/nonexistent/labels.csv") != std::string::npos);
        }
    }

    // Every CSV shipped with the shared data sets reads as it is, with the documented columns.
    void readsSharedDataCsvs_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("header");
        QTest::addColumn<int>("rows");
        QTest::newRow("ksdd labels") << "ksdd/labels.csv"
                                     << "image,label" << 399;
        QTest::newRow("ksdd boxes") << "ksdd/boxes.csv"
                                    << "image,x,y,w,h,class" << 54;
        QTest::newRow("ksdd dev") << "ksdd/paper_dev_split.csv"
                                  << "image" << 78;
        QTest::newRow("ksdd patterns") << "ksdd/patterns/patterns.csv"
                                       << "pattern,source_image" << 10;
        QTest::newRow("neu labels") << "neu/labels.csv"
                                    << "image,class" << 1800;
        QTest::newRow("neu boxes") << "neu/boxes.csv"
                                   << "image,x,y,w,h,class" << 4189;
        QTest::newRow("neu dev") << "neu/dev_split.csv"
                                 << "image" << 600;
    }
    void readsSharedDataCsvs() {
        QFETCH(QString, file);
        QFETCH(QString, header);
        QFETCH(int, rows);
        CsvReader reader = CsvReader::open(std::string(IG_SHARED_DATA) + "/" + file.toStdString());
        std::string joined;
        for (const std::string& column : reader.header())
            joined += (joined.empty() ? "" : ",") + column;
        QCOMPARE(QString::fromStdString(joined), header);
        int count = 0;
        CsvRow row;
        while (reader.next(row)) {
            ++count;
            QCOMPARE(row.fields.size(), reader.header().size());
            QCOMPARE(row.line, count + 1);
        }
        QCOMPARE(count, rows);
    }
};

QTEST_GUILESS_MAIN(TestCsvReader)
#include "TestCsvReader.moc"
