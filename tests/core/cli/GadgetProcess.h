#pragma once

// Running the built `gadget` from CLI tests, and reading the shared data's CSVs.
#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace {

const QString kData = QString(IG_SHARED_DATA);
const QString kGadget = QString(IG_BIN_DIR) + "/gadget";

struct Run {
    int code = -1; // -1: crashed or timed out
    QString out;
    QString err;
};

Run gadget(const QStringList& args, int timeoutMs = 120000) {
    QProcess process;
    process.start(kGadget, args);
    Run run;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
    }
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    if (process.exitStatus() == QProcess::NormalExit)
        run.code = process.exitCode();
    return run;
}

QString describe(const Run& run) {
    return QString("exit %1\n--- stdout\n%2--- stderr\n%3").arg(run.code).arg(run.out, run.err);
}

// The data rows of a shared CSV (they quote nothing).
QList<QStringList> csvRows(const QString& path) {
    QFile file(path);
    file.open(QIODevice::ReadOnly | QIODevice::Text);
    QList<QStringList> rows;
    file.readLine();
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (!line.isEmpty())
            rows.append(line.split(','));
    }
    return rows;
}

} // namespace
