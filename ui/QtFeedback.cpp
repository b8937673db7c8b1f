#include "ui/QtFeedback.h"

namespace ig::ui {

void QtFeedback::onProgress(const std::string& stage, long long done, long long total) {
    Q_EMIT progressChanged(QString::fromStdString(stage), done, total);
}

void QtFeedback::onMessage(const std::string& text) {
    Q_EMIT messageReported(QString::fromStdString(text));
}

} // namespace ig::ui
