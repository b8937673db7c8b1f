#pragma once

#include <optional>
#include <string>
#include <vector>

namespace ig {

class Project;

// The classes a project's labeler predicts, taken from the gold labels of its dev images.
// Binary projects ("0"/"1": defect-free / defective) are scored by the F1 of the defective
// class; others by macro F1 over all classes.
struct LabelSpace {
    std::vector<std::string> classes; // sorted; index = class index of the labeler
    bool binary = false;              // classes are exactly {"0", "1"}
    int positiveClass = 1;            // index of "1" when binary

    std::optional<int> indexOf(const std::string& label) const;
    std::string metricName() const { return binary ? "F1 (defective class)" : "macro F1"; }

    // Throws ig::Error(Input) saying what to do when the dev set has fewer than two labelled
    // classes.
    static LabelSpace ofDevSet(const Project& project);
};

} // namespace ig
