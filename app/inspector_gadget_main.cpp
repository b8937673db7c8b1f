// inspector-gadget [PROJECT.gadget]: the desktop app. All behaviour lives in ui/ and core/.
#include "ui/MainWindow.h"

#include "util/Version.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Inspector Gadget"));
    QApplication::setApplicationName(QStringLiteral("Inspector Gadget"));
    QApplication::setApplicationVersion(QLatin1String(ig::kVersion));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Label industrial images with data programming."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("project"),
                                 QApplication::translate("main", "Project file to open."),
                                 QStringLiteral("[PROJECT.gadget]"));
    parser.process(app);

    ig::ui::MainWindow window;
    QApplication::setWindowIcon(window.windowIcon());
    window.show();
    if (!parser.positionalArguments().isEmpty())
        window.openProject(parser.positionalArguments().constFirst());
    return app.exec();
}
