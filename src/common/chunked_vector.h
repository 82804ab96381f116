// An append-only array stored in fixed-size chunks: growing never moves or
// copies what is stored, so elements keep their addresses and a large array
// grows one chunk at a time, touching each page once (a std::vector that
// doubles copies everything and touches twice the memory it ends with).
//
// For trivially copyable T; an element is default-constructed when pushed.
// May call: nothing.
#ifndef INVENTORY_SRC_COMMON_CHUNKED_VECTOR_H_
#define INVENTORY_SRC_COMMON_CHUNKED_VECTOR_H_

#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>
#include <vector>

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
      chunks_.emplace_back(static_cast<T*>(::operator new(kChunkSize * sizeof(T))));
    }
    ::new (&chunks_[size_ >> kChunkBits][size_ & (kChunkSize - 1)]) T(value);
    ++size_;
  }
  // Keeps the chunks it empties: later pushes reuse them.
  void pop_back() { --size_; }
  void resize_down(size_t n) {
    if (n < size_) size_ = n;
  }
  // How many more elements fit in the chunk the next push goes to: that many
  // pushes are stored contiguously.
  size_t room_in_chunk() const { return kChunkSize - (size_ & (kChunkSize - 1)); }

 private:
  struct Free {
    void operator()(T* p) const { ::operator delete(p); }
  };
  std::vector<std::unique_ptr<T[], Free>> chunks_;
  size_t size_ = 0;
};

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_COMMON_CHUNKED_VECTOR_H_
