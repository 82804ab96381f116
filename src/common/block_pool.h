// Memory for the ledger's long-lived, randomly read blocks (an item's totals
// and cells, a cell's array of lots) and for the stock state's document
// nodes and the documents' lines (DocumentAllocator, inventory/allocator.h,
// which also declares PoolAllocate and PoolFree: new sales would otherwise
// fault them in from malloc's heap a page at a time), carved from large regions
// that the kernel is asked to back with transparent huge pages
// (MADV_HUGEPAGE), and faulted in ahead of use by a thread of the pool's
// (PoolPopulatesAhead). A posting's misses land on
// these blocks; with 2 MiB pages each miss walks fewer page tables, which on
// the benchmark VM made one random load in a 1 GiB buffer 208 ns instead of
// 356 (bench/README.md, "The machine's floor").
//
// Sizes up to kMaxPooled bytes are rounded up to a whole number of 64-byte
// cache lines, and a block starts on a line; a freed block goes to the free
// list of its size and is handed out again before the region grows. Regions
// (32 MiB of address space each) are never given back to the system, as
// malloc keeps its heap. Larger sizes go to operator new. Process-wide and
// thread-safe (one mutex: blocks are taken when an item gets a cell or a lot
// array grows, not on every posting). Under AddressSanitizer every block
// goes to operator new, so that the sanitizer still sees each one.
// ChunkAllocate gives the chunks of the append-only tables (ChunkedVector)
// from the same regions, so that they fault in 2 MiB at a time.
// HugeAllocate gives the large arrays read at random (the catalog's key
// indexes) mappings of their own on huge pages, for the same reason.
// Owns: the regions and those mappings. May call: the standard library,
// mmap/madvise.
#ifndef INVENTORY_SRC_COMMON_BLOCK_POOL_H_
#define INVENTORY_SRC_COMMON_BLOCK_POOL_H_

#include <cstddef>

#include "inventory/allocator.h"

namespace inventory::internal {

inline constexpr size_t kMaxPooled = 4096;

// Whether blocks come from the pool at all (not under AddressSanitizer).
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kPooling = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kPooling = false;
#else
inline constexpr bool kPooling = true;
#endif
#else
inline constexpr bool kPooling = true;
#endif

// PoolAllocate and PoolFree: declared in inventory/allocator.h.
// Memory for a chunk of a large append-only array (ChunkedVector): from
// the same huge-page regions when more than kMaxPooled bytes and at most a
// region (32 MiB), else operator new. A freed chunk goes to a free list of
// its size, for the next chunk of that size. So a growing ledger or
// adjustment table takes one page fault per 2 MiB instead of one per 4 KiB
// (which cost recovery half its time on the VM of bench/README.md,
// "Recovery on the AMD machine").
void* ChunkAllocate(size_t bytes);
void ChunkFree(void* p, size_t bytes);
// Asks the kernel to back the whole 2 MiB pages inside [p, p + bytes) with
// transparent huge pages, for memory not yet touched: it then faults in
// 2 MiB at a time. A hint: failure is harmless.
void AdviseHugePages(void* p, size_t bytes);
// The bytes a block of `bytes` really takes (its size rounded up).
size_t PoolBlockBytes(size_t bytes);
// The bytes of the pooled blocks handed out and not given back (the blocks
// that went to operator new are malloc's to count).
size_t PoolBytesInUse();
// Whether a thread of the pool faults its regions in ahead of the blocks
// carved from them (MADV_POPULATE_WRITE, Linux 5.14 and later; false under
// AddressSanitizer, or once the kernel refused it), up to 4 MiB past the
// next block, so that the thread taking a block seldom waits for the
// kernel to clear a fresh page.
bool PoolPopulatesAhead();

// A stateless allocator over the pool, for containers of such blocks: the
// one the public document lines use.
template <class T>
using PoolAllocator = DocumentAllocator<T>;

// Large arrays read at random (the catalog's key indexes): `bytes` of their
// own mapping, 2 MiB aligned and asked to be backed by huge pages, when at
// least one huge page; else (and under AddressSanitizer) operator new.
// Unmapped when freed. Throws std::bad_alloc.
void* HugeAllocate(size_t bytes);
void HugeFree(void* p, size_t bytes);
// The bytes mapped by HugeAllocate and not freed (whole huge pages; what
// went to operator new is malloc's to count).
size_t HugeBytesInUse();

template <class T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT: rebinding converts implicitly
  T* allocate(size_t n) { return static_cast<T*>(HugeAllocate(n * sizeof(T))); }
  void deallocate(T* p, size_t n) { HugeFree(p, n * sizeof(T)); }
  friend bool operator==(const HugePageAllocator&, const HugePageAllocator&) { return true; }
};

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_COMMON_BLOCK_POOL_H_
