// Test helper: writes to a project until killed or done, printing "committed <kind> <id>" after
// each commit so the parent knows exactly what must survive. Usage:
//   project_writer PROJECT ITERATIONS WORKER_NAME [BUSY_TIMEOUT_MS]
// Exit codes: 0 done, 4 busy (with the message on stderr), 1 other error.
#include "project/Project.h"
#include "util/Error.h"

#include <cstdio>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: project_writer PROJECT ITERATIONS WORKER [BUSY_TIMEOUT_MS]\n";
        return 2;
    }
    try {
        const int timeout = argc > 4 ? std::stoi(argv[4]) : 5000;
        ig::Project project = ig::Project::open(argv[1], timeout);
        const int iterations = std::stoi(argv[2]);
        const ig::Id worker = project.ensureWorker(argv[3], ig::Role::Worker);
        const ig::Id image = project.images().front().id;
        for (int i = 0; i < iterations; ++i) {
            ig::BoxRecord box;
            box.imageId = image;
            box.workerId = worker;
            box.rect = {double(i % 100), double(i % 50), 10.0 + i % 7, 5.0 + i % 3};
            box.defectType = "crack";
            const ig::Id id = project.addBox(box);
            std::printf("committed box %lld\n", static_cast<long long>(id));
            // A transaction of several statements: all of it survives a kill, or none.
            project.transaction([&] {
                project.setSetting("counter-" + std::string(argv[3]), std::to_string(i));
                project.beginRun("writer", "{\"i\":" + std::to_string(i) + "}");
            });
            std::printf("committed run %d\n", i);
            std::fflush(stdout);
        }
        return 0;
    } catch (const ig::Error& e) {
        std::cerr << e.what() << "\n";
        return e.kind() == ig::Error::Kind::Busy ? 4 : 1;
    }
}
