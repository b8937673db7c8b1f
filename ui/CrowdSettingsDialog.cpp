#include "ui/CrowdSettingsDialog.h"

#include "project/Project.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include <exception>

namespace ig::ui {

CrowdSettingsDialog::CrowdSettingsDialog(Project& project, QWidget* parent)
    : QDialog(parent), project_(project), types_(new QPlainTextEdit(this)),
      target_(new QSpinBox(this)), workersPerImage_(new QSpinBox(this)),
      quorum_(new QSpinBox(this)), mergeIou_(new QDoubleSpinBox(this)), error_(new QLabel(this)) {
    setWindowTitle(tr("Crowd Settings"));
    types_->setPlaceholderText(tr("crack\nscratch\n…"));
    types_->setMaximumHeight(110);
    types_->setToolTip(tr("One defect type per line; the first nine get the keys 1-9."));
    target_->setRange(0, 1000000);
    target_->setSpecialValueText(tr("no target"));
    target_->setToolTip(tr("Workers get images until this many images hold an accepted defect."));
    workersPerImage_->setRange(1, 100);
    workersPerImage_->setToolTip(tr("How many workers annotate each image."));
    quorum_->setRange(1, 100);
    quorum_->setToolTip(tr("A box nobody else confirmed is decided by the experts' majority once "
                           "it has this many votes."));
    mergeIou_->setRange(0.01, 1.0);
    mergeIou_->setDecimals(2);
    mergeIou_->setSingleStep(0.05);
    mergeIou_->setToolTip(tr("Boxes of different workers belong together from this overlap "
                             "(intersection over union) on."));
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("color: #d9363e;"));
    error_->hide();

    auto* form = new QFormLayout;
    form->addRow(tr("Defect &types:"), types_);
    form->addRow(tr("&Target of defective images:"), target_);
    form->addRow(tr("&Workers per image:"), workersPerImage_);
    form->addRow(tr("Review &quorum (votes):"), quorum_);
    form->addRow(tr("&Merge overlap (IoU):"), mergeIou_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(error_);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &CrowdSettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    try {
        loaded_ = loadCrowdSettings(project_);
    } catch (const std::exception& e) {
        error_->setText(QString::fromStdString(e.what()));
        error_->show();
    }
    setSettings(loaded_);
}

CrowdSettings CrowdSettingsDialog::settings() const {
    CrowdSettings s = loaded_; // keeps the sampler's seed
    s.defectTypes.clear();
    for (const QString& line : types_->toPlainText().split(QLatin1Char('\n'))) {
        const QString type = line.trimmed();
        if (!type.isEmpty())
            s.defectTypes.push_back(type.toStdString());
    }
    s.targetDefectiveImages = target_->value();
    s.workersPerImage = workersPerImage_->value();
    s.reviewQuorum = quorum_->value();
    s.mergeIouThreshold = mergeIou_->value();
    return s;
}

void CrowdSettingsDialog::setSettings(const CrowdSettings& s) {
    QStringList types;
    for (const auto& type : s.defectTypes)
        types << QString::fromStdString(type);
    types_->setPlainText(types.join(QLatin1Char('\n')));
    target_->setValue(s.targetDefectiveImages);
    workersPerImage_->setValue(s.workersPerImage);
    quorum_->setValue(s.reviewQuorum);
    mergeIou_->setValue(s.mergeIouThreshold);
}

void CrowdSettingsDialog::accept() {
    try {
        saveCrowdSettings(project_, settings());
    } catch (const std::exception& e) {
        error_->setText(QString::fromStdString(e.what()));
        error_->show();
        return;
    }
    QDialog::accept();
}

} // namespace ig::ui
