#include "ui/RecentProjects.h"

#include <QFileInfo>
#include <QSettings>

namespace ig::ui {

namespace {
const char* const kKey = "recentProjects";

void store(const QStringList& paths) {
    QSettings().setValue(kKey, paths);
}
} // namespace

QStringList RecentProjects::list() {
    QStringList existing;
    for (const QString& path : QSettings().value(kKey).toStringList())
        if (QFileInfo::exists(path))
            existing.append(path);
    return existing;
}

void RecentProjects::add(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList paths = QSettings().value(kKey).toStringList();
    paths.removeAll(absolute);
    paths.prepend(absolute);
    while (paths.size() > kMaxEntries)
        paths.removeLast();
    store(paths);
}

void RecentProjects::remove(const QString& path) {
    QStringList paths = QSettings().value(kKey).toStringList();
    paths.removeAll(QFileInfo(path).absoluteFilePath());
    store(paths);
}

} // namespace ig::ui
