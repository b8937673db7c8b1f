#pragma once

#include <QString>
#include <QStringList>

namespace ig::ui {

// The most recently opened project files, newest first, kept in QSettings ("recentProjects")
// under the application's organisation and name.
//
// Threading: GUI thread (QSettings is reentrant, but the list is read-modify-written).
class RecentProjects {
public:
    static constexpr int kMaxEntries = 10;

    // The stored list, without files that no longer exist.
    static QStringList list();
    // Moves `path` (made absolute) to the front.
    static void add(const QString& path);
    static void remove(const QString& path);
};

} // namespace ig::ui
