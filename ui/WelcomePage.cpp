#include "ui/WelcomePage.h"

#include <QDir>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace ig::ui {

WelcomePage::WelcomePage(QWidget* parent)
    : QWidget(parent), newButton_(new QPushButton(tr("New project…"), this)),
      openButton_(new QPushButton(tr("Open project…"), this)),
      recentTitle_(new QLabel(tr("Recent projects"), this)),
      noRecentLabel_(new QLabel(tr("No recent projects yet."), this)),
      recentList_(new QListWidget(this)) {
    auto* icon = new QLabel(this);
    icon->setPixmap(QPixmap(QStringLiteral(":/icons/inspector-gadget-128.png")));
    icon->setAlignment(Qt::AlignCenter);

    auto* title = new QLabel(tr("Inspector Gadget"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 2.2);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);

    auto* subtitle = new QLabel(
        tr("Label industrial images with a few crowd-drawn defect boxes: each box becomes a "
           "pattern, patterns are matched against every image, and a small neural network "
           "labels the rest."),
        this);
    subtitle->setWordWrap(true);
    subtitle->setAlignment(Qt::AlignCenter);
    subtitle->setForegroundRole(QPalette::PlaceholderText);

    newButton_->setToolTip(tr("Create a project file and import a folder of images into it."));
    openButton_->setToolTip(tr("Open an existing project file (*.gadget)."));
    newButton_->setDefault(true);
    for (QPushButton* button : {newButton_, openButton_})
        button->setMinimumSize(160, 36);

    QFont sectionFont = recentTitle_->font();
    sectionFont.setBold(true);
    recentTitle_->setFont(sectionFont);
    noRecentLabel_->setForegroundRole(QPalette::PlaceholderText);
    recentList_->setIconSize(QSize(32, 32));
    recentList_->setSpacing(2);
    recentList_->setAlternatingRowColors(true);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(newButton_);
    buttons->addSpacing(12);
    buttons->addWidget(openButton_);
    buttons->addStretch();

    // A readable column of fixed width in the middle of a wide window.
    auto* card = new QWidget(this);
    card->setFixedWidth(560);
    auto* column = new QVBoxLayout(card);
    column->setContentsMargins(0, 0, 0, 0);
    column->addWidget(icon);
    column->addSpacing(8);
    column->addWidget(title);
    column->addSpacing(4);
    column->addWidget(subtitle);
    column->addSpacing(24);
    column->addLayout(buttons);
    column->addSpacing(28);
    column->addWidget(recentTitle_);
    column->addWidget(noRecentLabel_);
    column->addWidget(recentList_);

    auto* page = new QGridLayout(this);
    page->addWidget(card, 1, 1);
    page->setRowStretch(0, 2);
    page->setRowStretch(2, 3);
    page->setColumnStretch(0, 1);
    page->setColumnStretch(2, 1);

    connect(newButton_, &QPushButton::clicked, this, &WelcomePage::newProjectRequested);
    connect(openButton_, &QPushButton::clicked, this, &WelcomePage::openProjectRequested);
    connect(recentList_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        Q_EMIT recentProjectChosen(item->data(Qt::UserRole).toString());
    });
    setRecentProjects({});
}

void WelcomePage::setRecentProjects(const QStringList& paths) {
    recentList_->clear();
    for (const QString& path : paths) {
        const QFileInfo info(path);
        auto* item = new QListWidgetItem(info.fileName() + QLatin1Char('\n') +
                                             QDir::toNativeSeparators(info.absolutePath()),
                                         recentList_);
        item->setData(Qt::UserRole, path);
        item->setToolTip(QDir::toNativeSeparators(path));
        item->setIcon(QIcon(QStringLiteral(":/icons/inspector-gadget-32.png")));
    }
    // As tall as its rows, up to six; then it scrolls.
    if (!paths.isEmpty()) {
        const int rows = std::min<int>(int(paths.size()), 6);
        recentList_->setFixedHeight(
            rows * (recentList_->sizeHintForRow(0) + 2 * recentList_->spacing()) +
            2 * recentList_->frameWidth());
    }
    recentList_->setVisible(!paths.isEmpty());
    noRecentLabel_->setVisible(paths.isEmpty());
}

} // namespace ig::ui
