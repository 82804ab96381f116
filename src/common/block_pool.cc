// The block pool (block_pool.h).
#include "common/block_pool.h"

#include <pthread.h>
#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <new>
#include <thread>
#include <utility>
#include <vector>

namespace inventory::internal {
namespace {

constexpr size_t kLine = 64;
constexpr size_t kHugePage = size_t{2} << 20;
constexpr size_t kRegion = size_t{32} << 20;
constexpr size_t kClasses = kMaxPooled / kLine;
// How far past the pool's next block its memory is kept faulted in.
constexpr size_t kAhead = 2 * kHugePage;

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

// Faults in ranges of the pool's regions on a thread of its own
// (MADV_POPULATE_WRITE), so that the thread carving blocks from them finds
// them faulted in. On the benchmark VM one fault of a fresh 2 MiB page
// took about 2.4 ms, the kernel clearing the page while the hypervisor
// backs it, a third of a POS sale's mean time, paid by one sale in about
// 1400 (bench/README.md, "The POS sale's page faults, to the end"). The
// thread starts with the first request (in a child made by fork(), with
// the child's first) and then waits for more; it is never joined, as the
// pool is never destroyed. Kernels without MADV_POPULATE_WRITE (before
// 5.14) refuse it with EINVAL, and then nothing is faulted ahead.
class Populator {
 public:
  void Request(char* begin, size_t bytes) {
    if (!works_.load(std::memory_order_relaxed)) return;
    std::lock_guard<std::mutex> lock(mu_);
    if (!started_) {
      started_ = true;
      std::thread([this] { Run(); }).detach();
    }
    ranges_.emplace_back(begin, bytes);
    cv_.notify_one();
  }
  // fork(): the forking thread holds mu_ across it (Lock, then Unlock in
  // the parent). The child has no thread: it drops what was asked, and
  // starts a thread of its own with its next request. Its condition
  // variable is made anew, as the parent's thread may have been waiting on
  // it.
  void Lock() { mu_.lock(); }
  void Unlock() { mu_.unlock(); }
  void ResetInChild() {
    ranges_.clear();
    started_ = false;
    new (&cv_) std::condition_variable();
    mu_.unlock();
  }
  bool works() const { return works_.load(std::memory_order_relaxed); }

 private:
  void Run() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      cv_.wait(lock, [this] { return !ranges_.empty(); });
      const auto [begin, bytes] = ranges_.front();
      ranges_.pop_front();
      lock.unlock();
      if (madvise(begin, bytes, MADV_POPULATE_WRITE) != 0 && errno == EINVAL) {
        works_.store(false, std::memory_order_relaxed);
      }
      lock.lock();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::pair<char*, size_t>> ranges_;
  bool started_ = false;
  std::atomic<bool> works_{true};
};

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

  // fork(), through pthread_atfork: the forking thread holds the pool's
  // locks across it, so that the child finds them free and the state
  // whole. In the child, what the parent's thread had not faulted in yet
  // is asked for again, from the next block on.
  void BeforeFork() {
    mu_.lock();
    populator_.Lock();
  }
  void AfterForkInParent() {
    populator_.Unlock();
    mu_.unlock();
  }
  void AfterForkInChild() {
    if (next_ != nullptr) {
      char* const page = reinterpret_cast<char*>(reinterpret_cast<uintptr_t>(next_) & ~uintptr_t{4095});
      requested_ = std::min(requested_, page);
    }
    if (spare_ != nullptr) spare_requested_ = spare_;
    populator_.ResetInChild();
    mu_.unlock();
  }

  size_t in_use() {
    std::lock_guard<std::mutex> lock(mu_);
    return in_use_;
  }
  bool populates_ahead() const { return populator_.works(); }

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
    PopulateAhead();
    return block;
  }

  // A new region: the spare one, whose start may be faulted in already, or
  // a new mapping. The rest of the old one, if any, is abandoned (less
  // than one block or chunk).
  void NewRegion() {
    if (spare_ != nullptr) {
      next_ = std::exchange(spare_, nullptr);
      requested_ = std::exchange(spare_requested_, nullptr);
    } else {
      next_ = static_cast<char*>(MapHuge(kRegion));
      requested_ = next_;
    }
    left_ = kRegion;
  }

  // Asks the populator for what it was not asked for yet of the huge pages
  // up to kAhead bytes past next_; past the region's end, for the spare
  // region's first kAhead bytes, mapping it now.
  void PopulateAhead() {
    if (!populator_.works()) return;
    const uintptr_t end = reinterpret_cast<uintptr_t>(next_) + left_;  // on a huge page boundary
    const uintptr_t want = (reinterpret_cast<uintptr_t>(next_) + kAhead + kHugePage - 1) & ~(kHugePage - 1);
    if (const uintptr_t here = std::min(want, end); reinterpret_cast<uintptr_t>(requested_) < here) {
      populator_.Request(requested_, here - reinterpret_cast<uintptr_t>(requested_));
      requested_ = reinterpret_cast<char*>(here);
    }
    if (want > end && spare_ == nullptr) {
      spare_ = static_cast<char*>(MapHuge(kRegion));
      spare_requested_ = spare_ + kAhead;
      populator_.Request(spare_, kAhead);
    }
  }

  std::mutex mu_;
  std::array<FreeBlock*, kClasses> free_{};  // by size in lines, from one
  std::vector<std::pair<size_t, FreeBlock*>> chunk_free_;  // by chunk size
  char* next_ = nullptr;                    // the current region's unused part
  size_t left_ = 0;
  size_t in_use_ = 0;
  // The current region is asked to be faulted in up to requested_; the
  // spare region (the next one, mapped once the current one's end is less
  // than kAhead away) up to spare_requested_.
  char* requested_ = nullptr;
  char* spare_ = nullptr;
  char* spare_requested_ = nullptr;
  Populator populator_;
};

// Never destroyed: blocks may be freed by static destructors that run after
// this file's.
Pool& ThePool() {
  static Pool* pool = [] {
    auto* made = new Pool();
    pthread_atfork([] { ThePool().BeforeFork(); }, [] { ThePool().AfterForkInParent(); },
                   [] { ThePool().AfterForkInChild(); });
    return made;
  }();
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

bool PoolPopulatesAhead() { return kPooling && ThePool().populates_ahead(); }

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
