#pragma once

namespace ig {

// LibTorch's intra-op thread count, kept out of the public headers. With LibTorch's OpenMP
// backend the count is per calling thread (and the default for threads that start later).
int torchThreads();
void setTorchThreads(int threads);

// Sets the calling thread's LibTorch thread count while alive and restores it after; does
// nothing when the count is already right. The labeler runs every LibTorch call with one
// thread: on a busy 2-core machine two OpenMP threads made a training 20x slower (measured),
// and tuneMlp gets its parallelism from whole trainings side by side instead.
class ScopedTorchThreads {
public:
    explicit ScopedTorchThreads(int threads);
    ~ScopedTorchThreads();
    ScopedTorchThreads(const ScopedTorchThreads&) = delete;
    ScopedTorchThreads& operator=(const ScopedTorchThreads&) = delete;

private:
    int saved_;
    bool changed_;
};

} // namespace ig
