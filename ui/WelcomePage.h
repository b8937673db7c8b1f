#pragma once

#include <QStringList>
#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;

namespace ig::ui {

// What the window shows with no project open: create a project (and import a folder), open
// one, or pick a recent one.
//
// Threading: GUI thread only.
class WelcomePage : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePage(QWidget* parent = nullptr);

    void setRecentProjects(const QStringList& paths);
    QListWidget* recentList() const { return recentList_; }
    QPushButton* newProjectButton() const { return newButton_; }
    QPushButton* openProjectButton() const { return openButton_; }

Q_SIGNALS:
    void newProjectRequested();
    void openProjectRequested();
    void recentProjectChosen(const QString& path);

private:
    QPushButton* newButton_;
    QPushButton* openButton_;
    QLabel* recentTitle_;
    QLabel* noRecentLabel_;
    QListWidget* recentList_;
};

} // namespace ig::ui
