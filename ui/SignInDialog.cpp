#include "ui/SignInDialog.h"

#include <QComboBox>
#include <QCryptographicHash>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace ig::ui {

namespace {

// QSettings keys may not hold the path's slashes: one group per project, by the path's hash.
QString settingsGroup(const QString& projectPath) {
    const QByteArray path = QFileInfo(projectPath).absoluteFilePath().toUtf8();
    return QStringLiteral("signIn/") +
           QString::fromLatin1(QCryptographicHash::hash(path, QCryptographicHash::Sha1).toHex());
}

constexpr int kMaxNameLength = 64;

} // namespace

SignInDialog::SignInDialog(const QString& projectName, const std::vector<WorkerRecord>& known,
                           QWidget* parent)
    : QDialog(parent), known_(known), name_(new QComboBox(this)), role_(new QComboBox(this)),
      roleHint_(new QLabel(this)),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setWindowTitle(tr("Sign In"));
    setObjectName(QStringLiteral("signInDialog"));

    auto* intro = new QLabel(tr("<b>Who is working on %1?</b><br>Your name goes with every box "
                                "and vote you make. No password is needed.")
                                 .arg(projectName.toHtmlEscaped()),
                             this);
    intro->setWordWrap(true);

    name_->setEditable(true);
    name_->setInsertPolicy(QComboBox::NoInsert);
    name_->lineEdit()->setMaxLength(kMaxNameLength);
    name_->lineEdit()->setPlaceholderText(tr("Your name"));
    for (const WorkerRecord& worker : known_)
        name_->addItem(QString::fromStdString(worker.name));
    name_->setCurrentIndex(-1);
    name_->setMinimumWidth(260);

    role_->addItem(tr("Worker"), int(Role::Worker));
    role_->addItem(tr("Expert"), int(Role::Expert));
    role_->addItem(tr("QA"), int(Role::Qa));
    roleHint_->setWordWrap(true);
    roleHint_->setForegroundRole(QPalette::PlaceholderText);
    roleHint_->setMinimumHeight(roleHint_->fontMetrics().height() * 2 + 4);

    buttons_->button(QDialogButtonBox::Ok)->setText(tr("Sign In"));
    buttons_->button(QDialogButtonBox::Cancel)->setText(tr("Browse Only"));
    buttons_->button(QDialogButtonBox::Cancel)
        ->setToolTip(tr("Look at the images without drawing or voting."));

    auto* form = new QFormLayout;
    form->addRow(tr("&Name:"), name_);
    form->addRow(tr("&Role:"), role_);
    form->addRow(QString(), roleHint_);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 18, 20, 14);
    layout->setSpacing(12);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(buttons_);
    setMinimumWidth(440);

    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(name_, &QComboBox::currentTextChanged, this, &SignInDialog::nameChanged);
    connect(role_, &QComboBox::currentIndexChanged, this, &SignInDialog::updateRoleHint);
    nameChanged(QString());
    updateRoleHint();
}

SignInDialog::Identity SignInDialog::identity() const {
    return {name_->currentText().trimmed(), Role(role_->currentData().toInt())};
}

void SignInDialog::setIdentity(const Identity& identity) {
    name_->setCurrentText(identity.name);
    role_->setCurrentIndex(role_->findData(int(identity.role)));
}

void SignInDialog::nameChanged(const QString& name) {
    const QString trimmed = name.trimmed();
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(!trimmed.isEmpty());
    for (const WorkerRecord& worker : known_)
        if (QString::fromStdString(worker.name) == trimmed) {
            role_->setCurrentIndex(role_->findData(int(worker.role)));
            break;
        }
}

void SignInDialog::updateRoleHint() {
    switch (Role(role_->currentData().toInt())) {
    case Role::Worker:
        roleHint_->setText(tr("Draws boxes around the defects on the images handed out."));
        break;
    case Role::Expert:
        roleHint_->setText(tr("Also reviews the boxes no other worker confirmed."));
        break;
    case Role::Qa:
        roleHint_->setText(tr("Also sets up the crowd work: defect types, targets, tutorial."));
        break;
    }
}

std::optional<SignInDialog::Identity> SignInDialog::remembered(const QString& projectPath) {
    QSettings settings;
    settings.beginGroup(settingsGroup(projectPath));
    const QString name = settings.value(QStringLiteral("name")).toString();
    const QString role = settings.value(QStringLiteral("role")).toString();
    if (name.isEmpty())
        return std::nullopt;
    try {
        return Identity{name, roleFromString(role.toStdString())};
    } catch (const std::exception&) {
        return std::nullopt; // a damaged entry: ask again
    }
}

void SignInDialog::remember(const QString& projectPath, const Identity& identity) {
    QSettings settings;
    settings.beginGroup(settingsGroup(projectPath));
    settings.setValue(QStringLiteral("name"), identity.name);
    settings.setValue(QStringLiteral("role"), QString::fromLatin1(toString(identity.role)));
}

void SignInDialog::forget(const QString& projectPath) {
    QSettings settings;
    settings.remove(settingsGroup(projectPath));
}

} // namespace ig::ui
