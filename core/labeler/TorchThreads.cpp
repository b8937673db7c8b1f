#include "labeler/TorchThreads.h"

#include <ATen/Parallel.h>

#include <algorithm>

namespace ig {

int torchThreads() {
    return at::get_num_threads();
}

void setTorchThreads(int threads) {
    at::set_num_threads(std::max(1, threads));
}

ScopedTorchThreads::ScopedTorchThreads(int threads)
    : saved_(torchThreads()), changed_(saved_ != std::max(1, threads)) {
    if (changed_)
        setTorchThreads(threads);
}

ScopedTorchThreads::~ScopedTorchThreads() {
    if (changed_)
        setTorchThreads(saved_);
}

} // namespace ig
