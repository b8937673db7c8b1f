#include "ui/DefectTypeBar.h"

namespace ig::ui {

DefectTypeBar::DefectTypeBar(QWidget* parent) : QLabel(parent) {
    setTextFormat(Qt::RichText);
    setObjectName(QStringLiteral("defectTypeBar"));
}

void DefectTypeBar::setTypes(const QStringList& types, const QVector<QColor>& colors) {
    types_ = types;
    colors_ = colors;
    render();
}

void DefectTypeBar::setCurrent(const QString& type) {
    current_ = type;
    render();
}

void DefectTypeBar::render() {
    QStringList chips;
    for (int i = 0; i < types_.size(); ++i) {
        const QColor color = colors_.value(i, QColor(0xe8, 0xea, 0xed));
        const bool current = types_[i] == current_;
        const QString key = i < 9 ? QString::number(i + 1) : QStringLiteral("·");
        const QString text =
            QStringLiteral("&nbsp;%1&nbsp;%2&nbsp;").arg(key, types_[i].toHtmlEscaped());
        chips << (current ? QStringLiteral("<span style=\"background:%1;color:#14161a;\"><b>%2"
                                           "</b></span>")
                                .arg(color.name(), text)
                          : QStringLiteral("<span style=\"color:%1;\">%2</span>")
                                .arg(color.darker(125).name(), text));
    }
    setText(tr("Type:") + QStringLiteral("&nbsp;") + chips.join(QStringLiteral("&nbsp;")));
    setToolTip(tr("Press 1-9 to choose the defect type of the selected box, or of the next box "
                  "you draw."));
}

} // namespace ig::ui
