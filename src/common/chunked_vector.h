// An append-only array stored in fixed-size chunks: growing never moves or
// copies what is stored, so elements keep their addresses and a large array
// grows one chunk at a time, touching each page once (a std::vector that
// doubles copies everything and touches twice the memory it ends with).
//
// For trivially copyable T; an element is default-constructed when pushed.
// May call: common/block_pool.h (chunk memory).
#ifndef INVENTORY_SRC_COMMON_CHUNKED_VECTOR_H_
#define INVENTORY_SRC_COMMON_CHUNKED_VECTOR_H_

#include <cstddef>
#include <iterator>
#include <memory>
#include <new>
#include <type_traits>
#include <vector>

#include "common/block_pool.h"

namespace inventory::internal {

template <class T, size_t kChunkBits = 14>
class ChunkedVector {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

 public:
  static constexpr size_t kChunkSize = size_t{1} << kChunkBits;

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  T& operator[](size_t i) { return chunks_[i >> kChunkBits][i & (kChunkSize - 1)]; }
  const T& operator[](size_t i) const { return chunks_[i >> kChunkBits][i & (kChunkSize - 1)]; }
  T& back() { return (*this)[size_ - 1]; }
  const T& back() const { return (*this)[size_ - 1]; }

  void push_back(const T& value) {
    if ((size_ >> kChunkBits) == chunks_.size()) {
      // Uninitialized: the pages are touched as elements arrive.
      chunks_.emplace_back(static_cast<T*>(ChunkAllocate(kChunkSize * sizeof(T))));
    }
    ::new (&chunks_[size_ >> kChunkBits][size_ & (kChunkSize - 1)]) T(value);
    ++size_;
  }
  // Keeps the chunks it empties: later pushes reuse them.
  void pop_back() { --size_; }
  void resize_down(size_t n) {
    if (n < size_) size_ = n;
  }

  // A read-only view of elements [begin, end), which may span chunks.
  class Range {
   public:
    class Iterator {
     public:
      using iterator_category = std::forward_iterator_tag;
      using value_type = T;
      using difference_type = std::ptrdiff_t;
      using pointer = const T*;
      using reference = const T&;
      Iterator() = default;
      Iterator(const ChunkedVector* v, size_t i) : v_(v), i_(i) {}
      const T& operator*() const { return (*v_)[i_]; }
      const T* operator->() const { return &(*v_)[i_]; }
      Iterator& operator++() {
        ++i_;
        return *this;
      }
      Iterator operator++(int) {
        Iterator before = *this;
        ++i_;
        return before;
      }
      friend bool operator==(const Iterator& a, const Iterator& b) { return a.i_ == b.i_; }

     private:
      const ChunkedVector* v_ = nullptr;
      size_t i_ = 0;
    };

    Range(const ChunkedVector* v, size_t begin, size_t end) : v_(v), begin_(begin), end_(end) {}
    Iterator begin() const { return Iterator(v_, begin_); }
    Iterator end() const { return Iterator(v_, end_); }
    size_t size() const { return end_ - begin_; }
    bool empty() const { return end_ == begin_; }
    const T& operator[](size_t k) const { return (*v_)[begin_ + k]; }

   private:
    const ChunkedVector* v_;
    size_t begin_, end_;
  };
  Range range(size_t begin, size_t end) const { return Range(this, begin, end); }

  // The bytes held: every chunk made, and the table of chunks.
  size_t memory_bytes() const {
    return chunks_.size() * kChunkSize * sizeof(T) + chunks_.capacity() * sizeof(chunks_[0]);
  }

 private:
  struct Free {
    void operator()(T* p) const { ChunkFree(p, kChunkSize * sizeof(T)); }
  };
  std::vector<std::unique_ptr<T[], Free>> chunks_;
  size_t size_ = 0;
};

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_COMMON_CHUNKED_VECTOR_H_
