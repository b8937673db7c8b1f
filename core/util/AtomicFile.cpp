#include "util/AtomicFile.h"

#include "util/Error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace ig {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& step) {
    throw Error(Error::Kind::Input, "Cannot write '" + path + "' (" + step + ": " +
                                        std::strerror(errno) +
                                        "). Check the folder exists, is writable and has space.");
}

class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    ~FileDescriptor() {
        if (fd_ >= 0)
            ::close(fd_);
    }
    int get() const { return fd_; }
    int release() {
        const int fd = fd_;
        fd_ = -1;
        return fd;
    }

private:
    int fd_;
};

} // namespace

void writeFileAtomically(const std::string& path, const std::string& contents) {
    namespace fs = std::filesystem;
    const fs::path target = fs::absolute(path);
    const fs::path folder = target.parent_path();
    std::string temp = (folder / ("." + target.filename().string() + ".XXXXXX")).string();
    FileDescriptor fd(::mkstemp(temp.data()));
    if (fd.get() < 0)
        fail(path, "creating a temporary file");
    bool renamed = false;
    try {
        const char* data = contents.data();
        size_t left = contents.size();
        while (left > 0) {
            const ssize_t n = ::write(fd.get(), data, left);
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                fail(path, "writing");
            }
            data += n;
            left -= static_cast<size_t>(n);
        }
        ::fchmod(fd.get(), 0644);
        if (::fsync(fd.get()) != 0)
            fail(path, "syncing");
        if (::close(fd.release()) != 0)
            fail(path, "closing");
        if (::rename(temp.c_str(), target.c_str()) != 0)
            fail(path, "renaming");
        renamed = true;
        FileDescriptor dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY));
        if (dir.get() >= 0)
            ::fsync(dir.get());
    } catch (...) {
        if (!renamed)
            ::unlink(temp.c_str());
        throw;
    }
}

} // namespace ig
