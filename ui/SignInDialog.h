#pragma once

#include "project/Records.h"

#include <QDialog>
#include <QString>

#include <optional>
#include <vector>

class QComboBox;
class QDialogButtonBox;
class QLabel;

namespace ig::ui {

// Who is working: a name and a role (worker, expert, QA), asked when a project opens. There are
// no passwords: the name only tells whose boxes and votes are whose. The last sign-in is
// remembered per project file (QSettings), so the next opening skips the dialog.
//
// Threading: GUI thread only.
class SignInDialog : public QDialog {
    Q_OBJECT
public:
    struct Identity {
        QString name;
        Role role = Role::Worker;
    };

    // `known`: the project's workers, offered by name (choosing one shows their role).
    SignInDialog(const QString& projectName, const std::vector<WorkerRecord>& known,
                 QWidget* parent = nullptr);

    Identity identity() const;
    void setIdentity(const Identity& identity);
    QComboBox* nameBox() const { return name_; }
    QComboBox* roleBox() const { return role_; }

    // The identity remembered for the project file at `projectPath`.
    static std::optional<Identity> remembered(const QString& projectPath);
    static void remember(const QString& projectPath, const Identity& identity);
    static void forget(const QString& projectPath);

private:
    void nameChanged(const QString& name);
    void updateRoleHint();

    std::vector<WorkerRecord> known_;
    QComboBox* name_;
    QComboBox* role_;
    QLabel* roleHint_;
    QDialogButtonBox* buttons_;
};

} // namespace ig::ui
