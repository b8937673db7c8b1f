#pragma once

#include <string>

namespace ig {

class Project;

enum class ExportFormat { Csv, Json };

// Writes the project's weak labels (image path, label, probability, the best match as evidence;
// JSON also every class's probability and all kept matches) to `path` atomically: a reader sees
// the old file or the complete new one. Returns the number of labels written.
int exportWeakLabels(const Project& project, ExportFormat format, const std::string& path);

} // namespace ig
