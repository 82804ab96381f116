// The block pool (block_pool.h).
#include "common/block_pool.h"

#include <sys/mman.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <new>
#include <utility>
#include <vector>

namespace inventory::internal {
namespace {

constexpr size_t kLine = 64;
constexpr size_t kHugePage = size_t{2} << 20;
constexpr size_t kRegion = size_t{32} << 20;
constexpr size_t kClasses = kMaxPooled / kLine;

size_t LinesOf(size_t bytes) { return bytes == 0 ? 1 : (bytes + kLine - 1) / kLine; }

}  // namespace

void AdviseHugePages(void* p, size_t bytes) {
  const auto start = reinterpret_cast<uintptr_t>(p);
  const uintptr_t begin = (start + kHugePage - 1) & ~(kHugePage - 1);
  const uintptr_t end = (start + bytes) & ~(kHugePage - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);  // a hint
}

namespace {

// Maps `bytes` (a multiple of kHugePage) starting on a huge page boundary
// (the unaligned ends of a slightly larger mapping are unmapped again) and
// asks for huge pages. Throws std::bad_alloc.
void* MapHuge(size_t bytes) {
  void* mapped = mmap(nullptr, bytes + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<uintptr_t>(mapped);
  const uintptr_t aligned = (start + kHugePage - 1) & ~(kHugePage - 1);
  if (aligned > start) munmap(mapped, aligned - start);
  if (const uintptr_t tail = start + bytes + kHugePage - (aligned + bytes); tail > 0) {
    munmap(reinterpret_cast<void*>(aligned + bytes), tail);
  }
  AdviseHugePages(reinterpret_cast<void*>(aligned), bytes);
  return reinterpret_cast<void*>(aligned);
}

class Pool {
 public:
  void* Allocate(size_t bytes) {
    const size_t lines = LinesOf(bytes);
    const size_t size = lines * kLine;
    std::lock_guard<std::mutex> lock(mu_);
    void* block = free_[lines - 1];
    if (block != nullptr) {
      free_[lines - 1] = free_[lines - 1]->next;
    } else {
      block = Carve(size);
    }
    in_use_ += size;
    return block;
  }

  void Free(void* p, size_t bytes) {
    const size_t lines = LinesOf(bytes);
    std::lock_guard<std::mutex> lock(mu_);
    in_use_ -= lines * kLine;
    free_[lines - 1] = new (p) FreeBlock{free_[lines - 1]};
  }

  // A chunk (more than kMaxPooled bytes, at most a region): from the
  // regions too, reused through a free list per size (a few sizes).
  void* AllocateChunk(size_t bytes) {
    const size_t size = LinesOf(bytes) * kLine;
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [chunk_size, head] : chunk_free_) {
      if (chunk_size == size && head != nullptr) {
        FreeBlock* block = head;
        head = head->next;
        in_use_ += size;
        return block;
      }
    }
    void* block = Carve(size);
    in_use_ += size;
    return block;
  }

  void FreeChunk(void* p, size_t bytes) {
    const size_t size = LinesOf(bytes) * kLine;
    std::lock_guard<std::mutex> lock(mu_);
    in_use_ -= size;
    for (auto& [chunk_size, head] : chunk_free_) {
      if (chunk_size == size) {
        head = new (p) FreeBlock{head};
        return;
      }
    }
    chunk_free_.emplace_back(size, new (p) FreeBlock{nullptr});
  }

  size_t in_use() {
    std::lock_guard<std::mutex> lock(mu_);
    return in_use_;
  }

 private:
  struct FreeBlock {
    FreeBlock* next;
  };

  // `size` bytes from the current region, or from a new one when it has
  // fewer left (mu_ held).
  void* Carve(size_t size) {
    if (left_ < size) NewRegion();
    void* block = next_;
    next_ += size;
    left_ -= size;
    return block;
  }

  // A new region; the rest of the old one, if any, is abandoned (less than
  // one block or chunk).
  void NewRegion() {
    next_ = static_cast<char*>(MapHuge(kRegion));
    left_ = kRegion;
  }

  std::mutex mu_;
  std::array<FreeBlock*, kClasses> free_{};  // by size in lines, from one
  std::vector<std::pair<size_t, FreeBlock*>> chunk_free_;  // by chunk size
  char* next_ = nullptr;                    // the current region's unused part
  size_t left_ = 0;
  size_t in_use_ = 0;
};

// Never destroyed: blocks may be freed by static destructors that run after
// this file's.
Pool& ThePool() {
  static Pool* pool = new Pool();
  return *pool;
}

}  // namespace

void* PoolAllocate(size_t bytes) {
  if (!kPooling || bytes > kMaxPooled) return ::operator new(bytes);
  return ThePool().Allocate(bytes);
}

void PoolFree(void* p, size_t bytes) {
  if (!kPooling || bytes > kMaxPooled) return ::operator delete(p);
  ThePool().Free(p, bytes);
}

void* ChunkAllocate(size_t bytes) {
  if (!kPooling || bytes <= kMaxPooled || bytes > kRegion) return ::operator new(bytes);
  return ThePool().AllocateChunk(bytes);
}

void ChunkFree(void* p, size_t bytes) {
  if (!kPooling || bytes <= kMaxPooled || bytes > kRegion) return ::operator delete(p);
  ThePool().FreeChunk(p, bytes);
}

size_t PoolBytesInUse() { return kPooling ? ThePool().in_use() : 0; }

namespace {
std::atomic<size_t> huge_in_use{0};
size_t HugeRounded(size_t bytes) { return (bytes + kHugePage - 1) & ~(kHugePage - 1); }
}  // namespace

void* HugeAllocate(size_t bytes) {
  if (!kPooling || bytes < kHugePage) return ::operator new(bytes);
  const size_t rounded = HugeRounded(bytes);
  void* p = MapHuge(rounded);
  huge_in_use.fetch_add(rounded, std::memory_order_relaxed);
  return p;
}

void HugeFree(void* p, size_t bytes) {
  if (!kPooling || bytes < kHugePage) return ::operator delete(p);
  munmap(p, HugeRounded(bytes));
  huge_in_use.fetch_sub(HugeRounded(bytes), std::memory_order_relaxed);
}

size_t HugeBytesInUse() { return huge_in_use.load(std::memory_order_relaxed); }

size_t PoolBlockBytes(size_t bytes) {
  return !kPooling || bytes > kMaxPooled ? bytes : LinesOf(bytes) * kLine;
}

}  // namespace inventory::internal
