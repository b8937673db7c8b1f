// Builds the seed corpora of the fuzz targets from the shared data sets (nothing large is kept in
// the repository). Usage: fuzz_seeds SHARED_DATA OUT_DIR
// Writes OUT_DIR/<target>/<seed> for every target: small crops of real KolektorSDD, NEU and
// crowd images in every supported format and depth, slices of the data sets' CSV files, and small
// project files (512-byte pages) in WAL and rollback-journal mode.
#include "project/Project.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

int written = 0;

void writeSeed(const fs::path& folder, const std::string& name, const std::string& bytes) {
    fs::create_directories(folder);
    std::ofstream(folder / name, std::ios::binary) << bytes;
    ++written;
}

void encodeSeed(const fs::path& folder, const std::string& name, const cv::Mat& image,
                const std::vector<int>& params = {}) {
    const std::string ext = fs::path(name).extension().string();
    std::vector<std::uint8_t> bytes;
    if (!cv::imencode(ext, image, bytes, params)) {
        std::cerr << "fuzz_seeds: cannot encode " << name << "\n";
        return;
    }
    writeSeed(folder, name, std::string(bytes.begin(), bytes.end()));
}

std::string readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The header and the first `rows` lines of a CSV file.
std::string headOf(const fs::path& path, int rows) {
    std::ifstream in(path, std::ios::binary);
    std::string line, out;
    for (int i = 0; i <= rows && std::getline(in, line); ++i)
        out += line + "\n";
    return out;
}

cv::Mat read(const fs::path& path) {
    cv::Mat image = cv::imread(path.string(), cv::IMREAD_UNCHANGED);
    if (image.empty()) {
        std::cerr << "fuzz_seeds: cannot read " << path << "\n";
        std::exit(1);
    }
    return image;
}

void imageSeeds(const fs::path& data, const fs::path& out) {
    const cv::Mat ksdd = read(data / "ksdd/images/kos01_Part5.png");         // grey, with a crack
    const cv::Mat neu = read(data / "neu/images/crazing_1.jpg");             // 3 equal channels
    const cv::Mat crowd = read(data / "crowd_sample/marked_by_worker0.png"); // RGBA
    const cv::Mat grey = ksdd(cv::Rect(224, 569, 48, 24)).clone();
    cv::Mat grey16;
    grey.convertTo(grey16, CV_16U, 257.0);
    const cv::Mat colour = neu(cv::Rect(10, 10, 24, 16)).clone();
    cv::Mat colour16;
    colour.convertTo(colour16, CV_16U, 257.0);
    cv::Mat rgba = crowd(cv::Rect(600, 200, 20, 20)).clone();
    if (rgba.channels() != 4)
        cv::cvtColor(rgba, rgba, cv::COLOR_BGR2BGRA);
    cv::Mat mask = read(data / "ksdd/masks/kos01_Part5.png")(cv::Rect(224, 569, 32, 16)).clone();
    cv::Mat binary;
    cv::threshold(mask, binary, 0, 255, cv::THRESH_BINARY);

    for (const fs::path& folder : {out / "image_header", out / "image_decode"}) {
        encodeSeed(folder, "grey8.png", grey);
        encodeSeed(folder, "grey16.png", grey16);
        encodeSeed(folder, "colour8.png", colour);
        encodeSeed(folder, "colour16.png", colour16);
        encodeSeed(folder, "rgba8.png", rgba);
        encodeSeed(folder, "mask1bit.png", binary, {cv::IMWRITE_PNG_BILEVEL, 1});
        encodeSeed(folder, "grey.jpg", grey, {cv::IMWRITE_JPEG_QUALITY, 80});
        encodeSeed(folder, "colour.jpg", colour, {cv::IMWRITE_JPEG_QUALITY, 80});
        encodeSeed(folder, "progressive.jpg", colour, {cv::IMWRITE_JPEG_PROGRESSIVE, 1});
        encodeSeed(folder, "grey8.bmp", grey);
        encodeSeed(folder, "colour24.bmp", colour);
        encodeSeed(folder, "rgba32.bmp", rgba);
        encodeSeed(folder, "grey8-none.tif", grey, {cv::IMWRITE_TIFF_COMPRESSION, 1});
        encodeSeed(folder, "grey8-lzw.tif", grey);
        encodeSeed(folder, "grey16.tif", grey16, {cv::IMWRITE_TIFF_COMPRESSION, 1});
        encodeSeed(folder, "colour8.tif", colour, {cv::IMWRITE_TIFF_COMPRESSION, 1});
        encodeSeed(folder, "colour16-lzw.tif", colour16);
        encodeSeed(folder, "rgba8.tif", rgba, {cv::IMWRITE_TIFF_COMPRESSION, 1});
    }
    // The paper's smallest pattern as it is stored (a real JPEG from outside OpenCV).
    writeSeed(out / "image_header", "pattern.jpg",
              readText(data / "ksdd/patterns/kos02_Part6_paper.jpg"));
}

void csvSeeds(const fs::path& data, const fs::path& out) {
    const fs::path labels = out / "csv_labels", boxes = out / "csv_boxes",
                   dev = out / "csv_devsplit", reader = out / "csv_reader";
    writeSeed(labels, "ksdd.csv", headOf(data / "ksdd/labels.csv", 20));
    writeSeed(labels, "neu.csv", headOf(data / "neu/labels.csv", 20));
    writeSeed(
        labels, "quoted.csv",
        "\xEF\xBB\xBFimage,label\r\n\"kos01_Part0.png\",1\r\n\"left/same.png\",\"a \"\"b\"\"\"\r\n"
        "kos01_Part0.png,0\r\nmissing.png,1\r\n");
    writeSeed(boxes, "ksdd.csv", headOf(data / "ksdd/boxes.csv", 20));
    writeSeed(boxes, "neu.csv", headOf(data / "neu/boxes.csv", 20));
    writeSeed(boxes, "edge.csv",
              "image,x,y,width,height,type\nkos01_Part0.png,0,0,500,1240,crack\n"
              "kos01_Part0.png,-1,0,5,5,crack\ncrazing_1.jpg,1e308,2,nan,4,\n"
              "same.png,1,1,2,2,x\nleft/same.png,1,1,2,2,\"multi\nline\"\n");
    writeSeed(dev, "ksdd.csv", headOf(data / "ksdd/paper_dev_split.csv", 20));
    writeSeed(dev, "neu.csv", headOf(data / "neu/dev_split.csv", 20));
    writeSeed(dev, "dup.csv", "image\nkos01_Part0.png\nkos01_Part0.png\n\n\"crazing_1.jpg\"\n");
    for (const fs::path& folder : {labels, boxes, dev})
        for (const auto& entry : fs::directory_iterator(folder))
            writeSeed(reader, folder.filename().string() + "-" + entry.path().filename().string(),
                      readText(entry.path()));
}

// VOC files of NEU-DET as they are, YOLO and COCO files made from the same boxes.
void boxFileSeeds(const fs::path& data, const fs::path& out) {
    for (const char* name : {"crazing_1.xml", "inclusion_10.xml", "scratches_300.xml"})
        if (fs::exists(data / "neu/annotations" / name))
            writeSeed(out / "box_voc", name, readText(data / "neu/annotations" / name));
    writeSeed(out / "box_yolo", "plain.txt", "0 0.4875 0.49 0.955 0.96\n1 0.1 0.2 0.05 0.1\n");
    writeSeed(out / "box_yolo", "with-classes.txt",
              "crazing\r\ninclusion\r\n\n---\n1 0.5 0.5 0.25 0.25\r\n\n0 1 1 0.001 0.001\n");
    writeSeed(out / "box_coco", "neu.json",
              R"({"images":[{"id":1,"file_name":"crazing_1.jpg","width":200,"height":200},)"
              R"({"id":2,"file_name":"sub/inclusion_10.jpg","width":200,"height":200}],)"
              R"("annotations":[{"id":1,"image_id":1,"category_id":3,"bbox":[2,2,191,192]},)"
              R"({"id":2,"image_id":2,"category_id":4,"bbox":[60.5,20,134,49.25]}],)"
              R"("categories":[{"id":3,"name":"crazing"},{"id":4,"name":"inclusion"}]})");
}

void exec(sqlite3* db, const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        std::cerr << "fuzz_seeds: " << sql << ": " << (message ? message : "?") << "\n";
        std::exit(1);
    }
}

// A small project with a row in every table, rewritten with 512-byte pages so seeds stay small.
void projectSeeds(const fs::path& out) {
    const fs::path folder = out / "project_open";
    const fs::path work = out / "project-work";
    fs::remove_all(work);
    fs::create_directories(work);
    const std::string path = (work / "seed.gadget").string();
    {
        ig::Project p = ig::Project::create(path);
        ig::ImageRecord image;
        image.path = "kos01_Part5.png";
        image.width = 500;
        image.height = 1240;
        image.channels = 1;
        image.contentHash = "00ff";
        image.goldLabel = "1";
        image.isDev = true;
        const ig::Id imageId = p.addImage(image);
        const ig::Id worker = p.addWorker("alice", ig::Role::Worker);
        const ig::Id expert = p.addWorker("erin", ig::Role::Expert);
        ig::BoxRecord box;
        box.imageId = imageId;
        box.workerId = worker;
        box.rect = {224, 569, 246, 46};
        box.defectType = "crack";
        box.id = p.addBoxJournaled(box);
        ig::VoteRecord vote;
        vote.boxId = box.id;
        vote.workerId = expert;
        vote.defectType = "crack";
        p.addVote(vote);
        p.markImageDone(imageId, worker);
        ig::PatternRecord pattern;
        std::vector<std::uint8_t> png;
        cv::imencode(".png", cv::Mat(4, 4, CV_8U, cv::Scalar(7)), png);
        pattern.png = png;
        pattern.width = pattern.height = 4;
        pattern.sourceImageId = imageId;
        pattern.sourceRect = ig::Rect{224, 569, 4, 4};
        pattern.defectType = "crack";
        const ig::Id patternId = p.addPattern(pattern);
        p.putFeatures({{imageId, patternId, 0.75, 224, 569}});
        ig::LabelerModelRecord model;
        model.paramsJson = R"({"classes":["0","1"]})";
        model.cvScore = 0.5;
        model.weights = {1, 2, 3, 4};
        const ig::Id modelId = p.addModel(model);
        p.putWeakLabels({{imageId, modelId, "1", 0.9, R"({"best":[]})"}});
        const ig::Id run = p.beginRun("run", "{}");
        p.finishRun(run, ig::RunOutcome::Succeeded, "done");
        p.setSetting("targets", "crack");
    }
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK)
        std::exit(1);
    exec(db, "PRAGMA journal_mode=DELETE");
    exec(db, "PRAGMA page_size=512");
    exec(db, "VACUUM");
    sqlite3_close(db);
    writeSeed(folder, "rollback-journal.gadget", readText(path));
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK)
        std::exit(1);
    exec(db, "PRAGMA journal_mode=WAL");
    sqlite3_close(db);
    writeSeed(folder, "wal.gadget", readText(path));
    // An SQLite file of another program, and a schema-0 file: both must be refused untouched.
    fs::remove(path);
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK)
        std::exit(1);
    exec(db, "PRAGMA page_size=512; CREATE TABLE t(a); INSERT INTO t VALUES (1)");
    sqlite3_close(db);
    writeSeed(folder, "other-program.sqlite", readText(path));
    fs::remove_all(work);
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: fuzz_seeds SHARED_DATA OUT_DIR\n";
        return 2;
    }
    const fs::path data = argv[1], out = argv[2];
    imageSeeds(data, out);
    csvSeeds(data, out);
    boxFileSeeds(data, out);
    projectSeeds(out);
    std::cout << "fuzz_seeds: wrote " << written << " seeds under " << out.string() << "\n";
    return 0;
}
