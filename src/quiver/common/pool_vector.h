#pragma once

#include <arrow/stl_allocator.h>

#include <vector>

namespace quiver {

/// \brief A std::vector whose memory comes from Arrow's default memory pool (mimalloc in the
/// wheel) instead of glibc's malloc. For the large arrays an operator grows (hash tables, group
/// keys, accumulator states): glibc serves those with fresh mmap'd pages and unmaps them on
/// free, so every table paid kernel page faults and zeroing again; the pool keeps its pages
/// across allocations, like the Arrow buffers the same operators allocate. A refused allocation
/// throws std::bad_alloc (arrow::stl::BadAlloc), as with std::allocator.
template <typename T>
using PoolVector = std::vector<T, arrow::stl::allocator<T>>;

}  // namespace quiver
