#pragma once

// A small real KolektorSDD project for pipeline tests: 36 images (10 defective), a dev set of
// 17 (4 defective) with their crack boxes.
#include "io/CsvImport.h"
#include "io/ImageImporter.h"
#include "project/Project.h"
#include "util/Feedback.h"

#include <QDir>
#include <QString>

#include <fstream>
#include <map>
#include <string>
#include <vector>

inline std::string makeKolektorSubset(const QString& folder) {
    const QString data = QStringLiteral(IG_SHARED_DATA);
    std::map<std::string, int> labels;
    {
        std::ifstream in((data + "/ksdd/labels.csv").toStdString());
        std::string line;
        std::getline(in, line);
        while (std::getline(in, line))
            labels[line.substr(0, line.find(','))] = line.back() - '0';
    }
    std::vector<std::string> defective, clean;
    for (const auto& [name, label] : labels)
        (label ? defective : clean).push_back(name);
    std::vector<std::string> chosen(defective.begin(), defective.begin() + 10);
    chosen.insert(chosen.end(), clean.begin(), clean.begin() + 26);
    const QDir dir(folder);
    {
        std::ofstream list(dir.filePath("images.txt").toStdString());
        std::ofstream dev(dir.filePath("dev.csv").toStdString());
        dev << "image\n";
        for (size_t i = 0; i < chosen.size(); ++i) {
            list << (data + "/ksdd/images/").toStdString() << chosen[i] << "\n";
            if ((i < 10 && i % 3 == 0) || (i >= 10 && i % 2 == 0))
                dev << chosen[i] << "\n";
        }
    }
    const std::string path = dir.filePath("ksdd.gadget").toStdString();
    ig::Project p = ig::Project::create(path);
    ig::SilentFeedback quiet;
    ig::importImages(p, {dir.filePath("images.txt").toStdString()}, quiet);
    ig::importLabels(p, (data + "/ksdd/labels.csv").toStdString(), quiet);
    ig::importBoxes(p, (data + "/ksdd/boxes.csv").toStdString(), ig::BoxImportOptions{}, quiet);
    ig::importDevSplit(p, dir.filePath("dev.csv").toStdString(), quiet);
    return path;
}
