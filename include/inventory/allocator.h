// The allocator of the lines of the documents the engine keeps (transfer
// orders and bundles in stock.h, sales and purchase documents in
// documents.h): the engine's block pool, not malloc. A stored document keeps
// its lines as long as it lives, and lines from malloc made each new sale
// touch fresh 4 KiB pages at the top of the heap, where a page fault can
// cost microseconds (bench/README.md, "The POS sale's page faults, to the
// end"); the pool's regions fault in 2 MiB at a time, ahead of use.
// Stateless and thread-safe: lines are built, moved, copied and compared as
// in any std::vector, on any thread. Freed lines go back to the pool for
// later lines and ledger blocks, not to the system. The engine's own
// containers of pool blocks use it too (src/common/block_pool.h).
#ifndef INVENTORY_ALLOCATOR_H_
#define INVENTORY_ALLOCATOR_H_

#include <cstddef>

namespace inventory {

namespace internal {
// Memory for `bytes` (> 0) from the engine's block pool
// (src/common/block_pool.h), aligned to 64 bytes when pooled and at least
// to alignof(std::max_align_t) otherwise. Throws std::bad_alloc.
void* PoolAllocate(std::size_t bytes);
// Gives back a block PoolAllocate(bytes) returned, with the same `bytes`.
void PoolFree(void* p, std::size_t bytes);
}  // namespace internal

template <class T>
struct DocumentAllocator {
  using value_type = T;
  DocumentAllocator() = default;
  template <class U>
  DocumentAllocator(const DocumentAllocator<U>&) {}  // NOLINT: rebinding converts implicitly
  T* allocate(std::size_t n) { return static_cast<T*>(internal::PoolAllocate(n * sizeof(T))); }
  void deallocate(T* p, std::size_t n) { internal::PoolFree(p, n * sizeof(T)); }
  friend bool operator==(const DocumentAllocator&, const DocumentAllocator&) { return true; }
};

}  // namespace inventory

#endif  // INVENTORY_ALLOCATOR_H_
