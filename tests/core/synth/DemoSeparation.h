#pragma once

// Reads a demo data set back and measures what the pipeline will do on it: patterns cut from
// the dev set's boxes, each matched on every non-dev image by normalised cross-correlation.
// Shared by TestDemoDataset and the synth_demo_separation tool.

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace demo {

struct Csv {
    std::string header;
    std::vector<std::vector<std::string>> rows;
};

inline Csv readCsv(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot read " + path.string());
    Csv csv;
    std::getline(in, csv.header);
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> fields;
        std::stringstream stream(line);
        std::string field;
        while (std::getline(stream, field, ','))
            fields.push_back(field);
        csv.rows.push_back(fields);
    }
    return csv;
}

struct Dataset {
    std::map<std::string, int> labels;
    std::map<std::string, std::vector<std::pair<cv::Rect, std::string>>> boxes;
    std::set<std::string> dev;
};

inline Dataset readDataset(const std::filesystem::path& folder) {
    Dataset data;
    const Csv labels = readCsv(folder / "labels.csv");
    const Csv boxes = readCsv(folder / "boxes.csv");
    const Csv dev = readCsv(folder / "dev_split.csv");
    if (labels.header != "image,label" || boxes.header != "image,x,y,w,h,class" ||
        dev.header != "image")
        throw std::runtime_error("unexpected CSV headers in " + folder.string());
    for (const auto& row : labels.rows)
        data.labels[row.at(0)] = std::stoi(row.at(1));
    for (const auto& row : boxes.rows)
        data.boxes[row.at(0)].push_back({cv::Rect(std::stoi(row.at(1)), std::stoi(row.at(2)),
                                                  std::stoi(row.at(3)), std::stoi(row.at(4))),
                                         row.at(5)});
    for (const auto& row : dev.rows)
        data.dev.insert(row.at(0));
    return data;
}

// Best absolute normalised cross-correlation of a pattern anywhere in an image (what the
// pipeline keeps as one feature).
inline double bestMatch(const cv::Mat& image, const cv::Mat& pattern) {
    cv::Mat scores;
    cv::matchTemplate(image, pattern, scores, cv::TM_CCOEFF_NORMED);
    double low, high;
    cv::minMaxLoc(scores, &low, &high);
    return std::max(std::abs(low), std::abs(high));
}

struct Separation {
    int patterns = 0;
    int defectiveImages = 0, cleanImages = 0;
    double meanDefective = 0, meanClean = 0; // per image: mean over patterns of the best score
    double auc = 0; // chance that a defective image scores above a clean one
    // Per pattern type: mean best score on images holding that type, and on clean images.
    std::map<std::string, std::pair<double, double>> perType;
};

inline Separation measureSeparation(const std::filesystem::path& folder) {
    const Dataset data = readDataset(folder);
    struct Pattern {
        cv::Mat pixels;
        std::string type;
    };
    std::vector<Pattern> patterns;
    for (const auto& image : data.dev)
        if (data.boxes.count(image)) {
            const cv::Mat pixels =
                cv::imread((folder / "images" / image).string(), cv::IMREAD_GRAYSCALE);
            for (const auto& [box, type] : data.boxes.at(image))
                patterns.push_back({pixels(box).clone(), type});
        }
    Separation result;
    result.patterns = int(patterns.size());
    std::vector<double> defective, clean;
    std::map<std::string, std::pair<double, int>> sameType, cleanByType;
    for (const auto& [image, label] : data.labels) {
        if (data.dev.count(image) || patterns.empty())
            continue;
        const cv::Mat pixels =
            cv::imread((folder / "images" / image).string(), cv::IMREAD_GRAYSCALE);
        std::set<std::string> typesHere;
        if (data.boxes.count(image))
            for (const auto& box : data.boxes.at(image))
                typesHere.insert(box.second);
        double sum = 0;
        for (const auto& pattern : patterns) {
            const double score = bestMatch(pixels, pattern.pixels);
            sum += score;
            if (label == 0)
                cleanByType[pattern.type].first += score, ++cleanByType[pattern.type].second;
            else if (typesHere.count(pattern.type))
                sameType[pattern.type].first += score, ++sameType[pattern.type].second;
        }
        (label ? defective : clean).push_back(sum / patterns.size());
    }
    auto mean = [](const std::vector<double>& values) {
        double sum = 0;
        for (double v : values)
            sum += v;
        return values.empty() ? 0.0 : sum / values.size();
    };
    result.defectiveImages = int(defective.size());
    result.cleanImages = int(clean.size());
    result.meanDefective = mean(defective);
    result.meanClean = mean(clean);
    double wins = 0;
    for (double d : defective)
        for (double c : clean)
            wins += d > c ? 1 : d == c ? 0.5 : 0;
    result.auc =
        defective.empty() || clean.empty() ? 0 : wins / (double(defective.size()) * clean.size());
    for (const auto& [type, sum] : sameType)
        result.perType[type] = {
            sum.first / sum.second,
            cleanByType[type].second ? cleanByType[type].first / cleanByType[type].second : 0.0};
    return result;
}

} // namespace demo
