#include "io/Sha256.h"
#include "util/Error.h"

#include <QCryptographicHash>
#include <QFile>
#include <QtTest>

#include <string>

using ig::Sha256;

class TestSha256 : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void knownVectors_data() {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("expected");
        // FIPS 180-4 / NIST CAVS examples.
        QTest::newRow("empty")
            << QByteArray() << "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        QTest::newRow("abc") << QByteArray("abc")
                             << "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        QTest::newRow("448 bits")
            << QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            << "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
        QTest::newRow("896 bits")
            << QByteArray("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnop"
                          "jklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")
            << "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1";
        QTest::newRow("million a")
            << QByteArray(1000000, 'a')
            << "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    }
    void knownVectors() {
        QFETCH(QByteArray, input);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(Sha256::hex(input.constData(), std::size_t(input.size()))),
                 expected);
    }

    // Feeding the bytes in pieces of any size gives the same digest (block boundaries).
    void incrementalMatchesOneShot() {
        QByteArray data;
        for (int i = 0; i < 1000; ++i)
            data.append(char(i * 7 + 3));
        const std::string oneShot = Sha256::hex(data.constData(), std::size_t(data.size()));
        for (int piece : {1, 3, 55, 56, 63, 64, 65, 127, 999}) {
            Sha256 sha;
            for (int offset = 0; offset < data.size(); offset += piece)
                sha.update(data.constData() + offset,
                           std::size_t(std::min(piece, int(data.size()) - offset)));
            QCOMPARE(sha.hexDigest(), oneShot);
        }
        // Lengths around the padding boundary agree with Qt's implementation.
        for (int length = 50; length < 140; ++length) {
            const QByteArray part = data.left(length);
            QCOMPARE(QString::fromStdString(Sha256::hex(part.constData(), std::size_t(length))),
                     QString(QCryptographicHash::hash(part, QCryptographicHash::Sha256).toHex()));
        }
    }

    void fileHashOfRealImage() {
        const QString path = QString(IG_SHARED_DATA) + "/ksdd/images/kos01_Part0.png";
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString expected =
            QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex();
        QCOMPARE(QString::fromStdString(Sha256::hexOfFile(path.toStdString())), expected);
    }

    void missingFileThrowsInputError() {
        try {
            Sha256::hexOfFile("/nonexistent/file.png");
            QFAIL("expected an error");
        } catch (const ig::Error& e) {
            QCOMPARE(e.kind(), ig::Error::Kind::Input);
            QVERIFY(std::string(e.what()).find("/nonexistent/file.png") != std::string::npos);
        }
    }
};

QTEST_GUILESS_MAIN(TestSha256)
#include "TestSha256.moc"
