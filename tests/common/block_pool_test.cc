#include "common/block_pool.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <thread>
#include <chrono>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "inventory/documents.h"
#include "inventory/stock.h"

namespace inventory::internal {
namespace {

bool OnLine(const void* p) { return reinterpret_cast<uintptr_t>(p) % 64 == 0; }

TEST(BlockPoolTest, RoundsSizesUpToWholeCacheLines) {
  if (!kPooling) GTEST_SKIP() << "blocks go to operator new under AddressSanitizer";
  EXPECT_EQ(PoolBlockBytes(1), 64u);
  EXPECT_EQ(PoolBlockBytes(64), 64u);
  EXPECT_EQ(PoolBlockBytes(296), 320u);
  EXPECT_EQ(PoolBlockBytes(kMaxPooled), kMaxPooled);
  EXPECT_EQ(PoolBlockBytes(kMaxPooled + 1), kMaxPooled + 1);  // operator new's
}

TEST(BlockPoolTest, BlocksStartOnACacheLineAndDoNotOverlap) {
  if (!kPooling) GTEST_SKIP() << "blocks go to operator new under AddressSanitizer";
  std::vector<std::pair<char*, size_t>> blocks;
  for (size_t bytes : {1u, 48u, 64u, 65u, 296u, 536u, 4096u, 100u, 3000u}) {
    auto* p = static_cast<char*>(PoolAllocate(bytes));
    EXPECT_TRUE(OnLine(p)) << bytes;
    std::memset(p, static_cast<int>(bytes & 0x7F), bytes);
    blocks.emplace_back(p, bytes);
  }
  for (const auto& [p, bytes] : blocks) {
    for (size_t i = 0; i < bytes; ++i) ASSERT_EQ(p[i], static_cast<char>(bytes & 0x7F)) << bytes << " at " << i;
  }
  for (const auto& [p, bytes] : blocks) PoolFree(p, bytes);
}

TEST(BlockPoolTest, AFreedBlockIsHandedOutAgainForTheSameSize) {
  if (!kPooling) GTEST_SKIP() << "blocks go to operator new under AddressSanitizer";
  void* a = PoolAllocate(300);
  const size_t in_use = PoolBytesInUse();
  PoolFree(a, 300);
  EXPECT_EQ(PoolBytesInUse(), in_use - 320);
  void* b = PoolAllocate(260);  // also five lines
  EXPECT_EQ(b, a);
  EXPECT_EQ(PoolBytesInUse(), in_use);
  PoolFree(b, 260);
}

TEST(BlockPoolTest, LargeBlocksComeFromOperatorNewAndAreNotCounted) {
  const size_t in_use = PoolBytesInUse();
  void* p = PoolAllocate(kMaxPooled + 1);
  ASSERT_NE(p, nullptr);
  std::memset(p, 1, kMaxPooled + 1);
  EXPECT_EQ(PoolBytesInUse(), in_use);
  PoolFree(p, kMaxPooled + 1);
}

TEST(BlockPoolTest, ChunksComeFromTheRegionsAndAreReusedBySize) {
  if (!kPooling) GTEST_SKIP() << "blocks go to operator new under AddressSanitizer";
  constexpr size_t kBig = size_t{512} << 10, kSmall = size_t{160} << 10;
  const size_t in_use = PoolBytesInUse();
  auto* a = static_cast<char*>(ChunkAllocate(kBig));
  auto* b = static_cast<char*>(ChunkAllocate(kSmall));
  EXPECT_TRUE(OnLine(a) && OnLine(b));
  EXPECT_EQ(PoolBytesInUse(), in_use + kBig + kSmall);
  std::memset(a, 1, kBig);
  std::memset(b, 2, kSmall);
  EXPECT_EQ(a[kBig - 1], 1);  // the two do not overlap
  ChunkFree(a, kBig);
  EXPECT_EQ(PoolBytesInUse(), in_use + kSmall);
  void* again = ChunkAllocate(kBig);  // the freed chunk of that size
  EXPECT_EQ(again, a);
  ChunkFree(again, kBig);
  ChunkFree(b, kSmall);
  EXPECT_EQ(PoolBytesInUse(), in_use);
  // Small and huge sizes are operator new's, and not counted.
  void* small = ChunkAllocate(kMaxPooled);
  EXPECT_EQ(PoolBytesInUse(), in_use);
  ChunkFree(small, kMaxPooled);
}

// Whether every 4 KiB page of [p, p + bytes) is in memory (mincore).
bool Resident(const char* p, size_t bytes) {
  const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const uintptr_t begin = reinterpret_cast<uintptr_t>(p) & ~(page - 1);
  const uintptr_t end = reinterpret_cast<uintptr_t>(p) + bytes;
  std::vector<unsigned char> pages((end - begin + page - 1) / page);
  if (mincore(reinterpret_cast<void*>(begin), end - begin, pages.data()) != 0) return false;
  for (unsigned char r : pages) {
    if ((r & 1) == 0) return false;
  }
  return true;
}

// The pool's thread faults in the memory of a chunk that nobody touches:
// it keeps up to 4 MiB past the next block faulted in, and a chunk carved
// past what it was asked for is asked for as a whole.
TEST(BlockPoolTest, ItsThreadFaultsTheRegionInAheadOfTheBlocks) {
  if (!PoolPopulatesAhead()) GTEST_SKIP() << "no MADV_POPULATE_WRITE (or under AddressSanitizer)";
  constexpr size_t kChunk = (size_t{6} << 20) + (size_t{64} << 10);  // a size no other test frees
  auto* chunk = static_cast<char*>(ChunkAllocate(kChunk));
  bool resident = false;
  for (int tries = 0; tries < 1000 && !(resident = Resident(chunk, kChunk)); ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (!PoolPopulatesAhead()) GTEST_SKIP() << "the kernel refused MADV_POPULATE_WRITE";
  EXPECT_TRUE(resident);
  ChunkFree(chunk, kChunk);
}

// A child made by fork() has no copy of the parent's thread: its first
// request starts one of its own, which faults in the child's chunk.
TEST(BlockPoolTest, AForkedChildFaultsAheadWithAThreadOfItsOwn) {
  if (!PoolPopulatesAhead()) GTEST_SKIP() << "no MADV_POPULATE_WRITE (or under AddressSanitizer)";
  void* warm = ChunkAllocate(size_t{5} << 20);  // the parent's thread is running
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    constexpr size_t kChunk = (size_t{7} << 20) + (size_t{64} << 10);
    auto* chunk = static_cast<char*>(ChunkAllocate(kChunk));
    for (int tries = 0; tries < 1000; ++tries) {
      if (Resident(chunk, kChunk)) _exit(0);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    _exit(1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  ChunkFree(warm, size_t{5} << 20);
}

// The lines of every kind of stored document come from the pool, counted
// in whole cache lines.
TEST(BlockPoolTest, DocumentLinesComeFromThePool) {
  if (!kPooling) GTEST_SKIP() << "blocks go to operator new under AddressSanitizer";
  const size_t in_use = PoolBytesInUse();
  {
    DocumentLines sale(3);
    TransferLines transfer(2);
    BundleLines bundle(10);
    EXPECT_EQ(PoolBytesInUse() - in_use, PoolBlockBytes(3 * sizeof(DocumentLine)) +
                                             PoolBlockBytes(2 * sizeof(TransferLine)) +
                                             PoolBlockBytes(10 * sizeof(BundleLine)));
    const DocumentLines copy = sale;
    EXPECT_EQ(copy.size(), 3u);
  }
  EXPECT_EQ(PoolBytesInUse(), in_use);
}

TEST(BlockPoolTest, ContainersGrowThroughTheAllocator) {
  absl::InlinedVector<int64_t, 1, PoolAllocator<int64_t>> v;
  for (int64_t i = 0; i < 2000; ++i) v.push_back(i);  // grows past kMaxPooled
  for (int64_t i = 0; i < 2000; ++i) ASSERT_EQ(v[static_cast<size_t>(i)], i);
  v.erase(v.begin() + 1, v.end());
  v.shrink_to_fit();
  EXPECT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0], 0);
}

TEST(BlockPoolTest, ThreadsAllocateAndFreeConcurrently) {
  const size_t in_use = PoolBytesInUse();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t] {
      std::vector<std::pair<uint64_t*, size_t>> mine;
      for (int i = 0; i < 5000; ++i) {
        const size_t bytes = 8 * static_cast<size_t>(1 + (i * 7 + t) % 200);
        auto* p = static_cast<uint64_t*>(PoolAllocate(bytes));
        for (size_t k = 0; k < bytes / 8; ++k) p[k] = static_cast<uint64_t>(t) << 32 | static_cast<uint64_t>(i);
        mine.emplace_back(p, bytes);
        if (i % 3 == 0) {  // give one back now and then, so that free lists are shared
          auto [q, n] = mine[mine.size() / 2];
          for (size_t k = 0; k < n / 8; ++k) ASSERT_EQ(q[k] >> 32, static_cast<uint64_t>(t));
          PoolFree(q, n);
          mine.erase(mine.begin() + static_cast<std::ptrdiff_t>(mine.size() / 2));
        }
      }
      for (auto [p, n] : mine) PoolFree(p, n);
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(PoolBytesInUse(), in_use);
}

TEST(BlockPoolTest, HugeArraysAreMappedOnHugePageBoundariesAndCounted) {
  if (!kPooling) GTEST_SKIP() << "arrays go to operator new under AddressSanitizer";
  constexpr size_t kHuge = size_t{2} << 20;
  const size_t in_use = HugeBytesInUse();
  const size_t bytes = 3 * kHuge + 8;  // four huge pages
  auto* p = static_cast<uint64_t*>(HugeAllocate(bytes));
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % kHuge, 0u);
  EXPECT_EQ(HugeBytesInUse(), in_use + 4 * kHuge);
  for (size_t i = 0; i < bytes / 8; ++i) ASSERT_EQ(p[i], 0u) << i;  // fresh mappings are zero
  for (size_t i = 0; i < bytes / 8; ++i) p[i] = i;
  for (size_t i = 0; i < bytes / 8; ++i) ASSERT_EQ(p[i], i) << i;
  HugeFree(p, bytes);
  EXPECT_EQ(HugeBytesInUse(), in_use);

  // Under a huge page: operator new, not counted.
  void* small = HugeAllocate(kHuge - 1);
  std::memset(small, 1, kHuge - 1);
  EXPECT_EQ(HugeBytesInUse(), in_use);
  HugeFree(small, kHuge - 1);
}

}  // namespace
}  // namespace inventory::internal
