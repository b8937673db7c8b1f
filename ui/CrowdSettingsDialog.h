#pragma once

#include "crowd/CrowdSettings.h"

#include <QDialog>

class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QSpinBox;

namespace ig {
class Project;
}

namespace ig::ui {

// QA's settings of the crowd workflow (see CrowdSettings): the defect types (one per line; the
// first nine get the keys 1-9), the target of defective images, workers per image, the review
// quorum and the merge overlap. OK stores them in the project; a value the project refuses is
// explained in the dialog, which then stays open.
//
// Threading: GUI thread only.
class CrowdSettingsDialog : public QDialog {
    Q_OBJECT
public:
    CrowdSettingsDialog(Project& project, QWidget* parent = nullptr);

    CrowdSettings settings() const;
    void setSettings(const CrowdSettings& settings);

    void accept() override;

private:
    Project& project_;
    CrowdSettings loaded_;
    QPlainTextEdit* types_;
    QSpinBox* target_;
    QSpinBox* workersPerImage_;
    QSpinBox* quorum_;
    QDoubleSpinBox* mergeIou_;
    QLabel* error_;
};

} // namespace ig::ui
