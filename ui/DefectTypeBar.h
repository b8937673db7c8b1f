#pragma once

#include <QColor>
#include <QLabel>
#include <QStringList>
#include <QVector>

namespace ig::ui {

// The project's defect types as coloured chips with their keys, "1 crack  2 spot ...", the
// current one marked; colours match the boxes (BoxEditorView::colorOfType).
//
// Threading: GUI thread only.
class DefectTypeBar : public QLabel {
    Q_OBJECT
public:
    explicit DefectTypeBar(QWidget* parent = nullptr);

    void setTypes(const QStringList& types, const QVector<QColor>& colors);
    void setCurrent(const QString& type);
    QString current() const { return current_; }

private:
    void render();

    QStringList types_;
    QVector<QColor> colors_;
    QString current_;
};

} // namespace ig::ui
