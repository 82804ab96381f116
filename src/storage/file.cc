#include "storage/file.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <utility>

#include "common/block_pool.h"
#include "common/text.h"

namespace inventory {
namespace {

using internal::Cat;

absl::Status IoError(std::string_view what, const std::string& path, int err) {
  return absl::InternalError(Cat(what, " ", path, ": ", std::strerror(err)));
}

// The alignment of direct I/O: a page, the unit the page cache writes too.
constexpr uint64_t kDirectBlock = 4096;

// What both appendable files share: the descriptor (closed with the file),
// Sync, Close, and writing every byte at an offset.
class PosixAppendFile : public WritableFile {
 public:
  PosixAppendFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~PosixAppendFile() override {
    if (fd_ >= 0) ::close(fd_);
  }
  absl::Status Sync() override {
    if (::fdatasync(fd_) != 0) return IoError("fdatasync", path_, errno);
    return absl::OkStatus();
  }
  absl::Status Close() override {
    if (fd_ < 0) return absl::OkStatus();
    const int rc = ::close(fd_);
    fd_ = -1;
    if (rc != 0) return IoError("close", path_, errno);
    return absl::OkStatus();
  }

 protected:
  absl::Status WriteAll(const char* data, uint64_t size, uint64_t at) {
    while (size > 0) {
      const ssize_t n = ::pwrite(fd_, data, size, static_cast<off_t>(at));
      if (n < 0) {
        if (errno == EINTR) continue;
        return IoError("write", path_, errno);
      }
      data += n;
      size -= static_cast<uint64_t>(n);
      at += static_cast<uint64_t>(n);
    }
    return absl::OkStatus();
  }
  // Writes zeros from `*allocated` up to `end`, moving `*allocated` along,
  // from one zeroed block aligned for direct I/O.
  absl::Status ZeroFill(uint64_t* allocated, uint64_t end) {
    constexpr uint64_t kZeroBytes = uint64_t{1} << 20;
    static char* const zeros = [] {
      void* p = nullptr;
      if (::posix_memalign(&p, kDirectBlock, kZeroBytes) != 0) std::abort();
      std::memset(p, 0, kZeroBytes);
      return static_cast<char*>(p);
    }();
    while (*allocated < end) {
      const uint64_t n = std::min<uint64_t>(kZeroBytes, end - *allocated);
      if (absl::Status s = WriteAll(zeros, n, *allocated); !s.ok()) return s;
      *allocated += n;
    }
    return absl::OkStatus();
  }

  std::string path_;
  int fd_;
};

// Appends at its own offset (pwrite), so that the file may be longer than
// what was appended: Preallocate writes zeros ahead of it.
class PosixWritableFile : public PosixAppendFile {
 public:
  PosixWritableFile(std::string path, int fd, uint64_t size)
      : PosixAppendFile(std::move(path), fd), offset_(size), allocated_(size) {}

  absl::Status Append(std::string_view data) override {
    if (absl::Status s = WriteAll(data.data(), data.size(), offset_); !s.ok()) return s;
    offset_ += data.size();
    allocated_ = std::max(allocated_, offset_);
    return absl::OkStatus();
  }
  absl::Status Preallocate(uint64_t bytes) override { return ZeroFill(&allocated_, offset_ + bytes); }

 private:
  uint64_t offset_;     // where the next Append writes
  uint64_t allocated_;  // the file's length
};

// Appends with O_DIRECT: each Append writes the blocks it touches from an
// aligned buffer, the last one padded with zeros (the file is zero-filled
// ahead, so the padding is what was there), and keeps that last partial
// block to write again with the next Append. A sync then flushes only the
// disk's cache: no page cache to write back first.
class DirectWritableFile : public PosixAppendFile {
 public:
  static constexpr uint64_t kBlock = kDirectBlock;

  DirectWritableFile(std::string path, int fd, uint64_t size, std::string tail)
      : PosixAppendFile(std::move(path), fd), offset_(size), allocated_(RoundUp(size)), tail_(std::move(tail)) {}
  ~DirectWritableFile() override { std::free(buffer_); }

  absl::Status Append(std::string_view data) override {
    const uint64_t start = offset_ - tail_.size();  // block-aligned
    const uint64_t length = tail_.size() + data.size();
    const uint64_t rounded = RoundUp(length);
    if (absl::Status s = Reserve(rounded); !s.ok()) return s;
    std::memcpy(buffer_, tail_.data(), tail_.size());
    std::memcpy(buffer_ + tail_.size(), data.data(), data.size());
    std::memset(buffer_ + length, 0, rounded - length);
    // (A short direct write ends on a block boundary; WriteAll writes the rest.)
    if (absl::Status s = WriteAll(buffer_, rounded, start); !s.ok()) return s;
    offset_ += data.size();
    allocated_ = std::max(allocated_, start + rounded);
    tail_.assign(buffer_ + (length - offset_ % kBlock), offset_ % kBlock);
    return absl::OkStatus();
  }
  absl::Status Preallocate(uint64_t bytes) override { return ZeroFill(&allocated_, RoundUp(offset_ + bytes)); }

 private:
  static uint64_t RoundUp(uint64_t n) { return (n + kBlock - 1) / kBlock * kBlock; }

  absl::Status Reserve(uint64_t bytes) {
    if (bytes <= capacity_) return absl::OkStatus();
    std::free(buffer_);
    buffer_ = nullptr;
    capacity_ = 0;
    void* p = nullptr;
    const uint64_t want = std::max<uint64_t>(bytes, uint64_t{64} << 10);
    if (::posix_memalign(&p, kBlock, want) != 0) return IoError("allocate a buffer for", path_, ENOMEM);
    buffer_ = static_cast<char*>(p);
    capacity_ = want;
    return absl::OkStatus();
  }
  uint64_t offset_;     // where the next Append's data goes
  uint64_t allocated_;  // the file's length (block-aligned once written)
  std::string tail_;    // the bytes of offset_'s block before offset_
  char* buffer_ = nullptr;
  uint64_t capacity_ = 0;
};

class PosixFileLock : public FileLock {
 public:
  explicit PosixFileLock(int fd) : fd_(fd) {}
  ~PosixFileLock() override {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }

 private:
  int fd_;
};

class Posix : public FileSystem {
 public:
  absl::StatusOr<std::unique_ptr<WritableFile>> OpenAppendable(const std::string& path) override {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return IoError("open", path, errno);
    const off_t size = ::lseek(fd, 0, SEEK_END);
    if (size < 0) {
      const int err = errno;
      ::close(fd);
      return IoError("lseek", path, err);
    }
    return std::unique_ptr<WritableFile>(new PosixWritableFile(path, fd, static_cast<uint64_t>(size)));
  }
  absl::StatusOr<std::unique_ptr<WritableFile>> OpenSyncedAppendable(const std::string& path) override {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return IoError("open", path, errno);
    const off_t size = ::lseek(fd, 0, SEEK_END);
    // The bytes of the last partial block, which the first Append rewrites.
    std::string tail(static_cast<uint64_t>(size < 0 ? 0 : size) % DirectWritableFile::kBlock, '\0');
    const bool read = size >= 0 && ::pread(fd, tail.data(), tail.size(), size - static_cast<off_t>(tail.size())) ==
                                       static_cast<ssize_t>(tail.size());
    if (!read) {
      const int err = errno;
      ::close(fd);
      return IoError("read", path, err);
    }
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_DIRECT) != 0) {
      // A file system without direct I/O (tmpfs): through the page cache.
      return std::unique_ptr<WritableFile>(new PosixWritableFile(path, fd, static_cast<uint64_t>(size)));
    }
    return std::unique_ptr<WritableFile>(
        new DirectWritableFile(path, fd, static_cast<uint64_t>(size), std::move(tail)));
  }
  absl::StatusOr<std::string> ReadFile(const std::string& path) override {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT) return absl::NotFoundError(Cat("No such file: ", path));
      return IoError("open", path, errno);
    }
    std::string out;
    // Room for the whole file at once: growing by doubling would copy a log
    // of 60 MB several times and fault in every new page (recovery spent a
    // third of its page faults here; bench/README.md).
    struct stat st;
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
      out.reserve(static_cast<size_t>(st.st_size));
      // Before it is filled: a 60 MB log then faults in 2 MiB at a time
      // (about 15k faults fewer in recovery; bench/README.md).
      internal::AdviseHugePages(out.data(), out.capacity());
    }
    char buf[1 << 16];
    for (;;) {
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0) {
        if (errno == EINTR) continue;
        const int err = errno;
        ::close(fd);
        return IoError("read", path, err);
      }
      if (n == 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    return out;
  }
  absl::Status Truncate(const std::string& path, uint64_t size) override {
    if (::truncate(path.c_str(), static_cast<off_t>(size)) != 0) return IoError("truncate", path, errno);
    return absl::OkStatus();
  }
  absl::Status Rename(const std::string& from, const std::string& to) override {
    if (::rename(from.c_str(), to.c_str()) != 0) return IoError("rename", from, errno);
    return absl::OkStatus();
  }
  absl::Status Remove(const std::string& path) override {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) return IoError("unlink", path, errno);
    return absl::OkStatus();
  }
  absl::Status SyncDir(const std::string& dir) override {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return IoError("open", dir, errno);
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0) return IoError("fsync", dir, err);
    return absl::OkStatus();
  }
  absl::Status CreateDir(const std::string& dir) override {
    if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) return IoError("mkdir", dir, errno);
    return absl::OkStatus();
  }
  absl::StatusOr<std::vector<std::string>> List(const std::string& dir) override {
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) return IoError("opendir", dir, errno);
    std::vector<std::string> names;
    while (const dirent* e = ::readdir(d)) {
      std::string_view name = e->d_name;
      if (name != "." && name != "..") names.emplace_back(name);
    }
    ::closedir(d);
    return names;
  }
  absl::StatusOr<std::unique_ptr<FileLock>> Lock(const std::string& path) override {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return IoError("open", path, errno);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int err = errno;
      ::close(fd);
      if (err == EWOULDBLOCK) {
        return absl::FailedPreconditionError(Cat("The data directory is in use by another engine (", path, ")."));
      }
      return IoError("flock", path, err);
    }
    return std::unique_ptr<FileLock>(new PosixFileLock(fd));
  }
};

absl::Status Injected(std::string_view what) { return absl::InternalError(Cat("injected fault: ", what)); }

class FaultyWritableFile : public WritableFile {
 public:
  FaultyWritableFile(FaultInjectingFileSystem& fs, std::unique_ptr<WritableFile> base)
      : fs_(fs), base_(std::move(base)) {}

  absl::Status Append(std::string_view data) override {
    if (fs_.crashed()) return absl::OkStatus();
    std::optional<Fault> fault = fs_.Next(FaultPoint::kWrite);
    if (!fault) return base_->Append(data);
    if (*fault == Fault::kFail) return Injected("write");
    absl::Status s = base_->Append(data.substr(0, data.size() / 2));
    if (!s.ok()) return s;
    return *fault == Fault::kTear ? absl::OkStatus() : Injected("short write");
  }
  absl::Status Sync() override {
    if (fs_.crashed()) return absl::OkStatus();
    std::optional<Fault> fault = fs_.Next(FaultPoint::kSync);
    if (!fault) return base_->Sync();
    return *fault == Fault::kTear ? absl::OkStatus() : Injected("sync");
  }
  absl::Status Preallocate(uint64_t bytes) override {
    return fs_.crashed() ? absl::OkStatus() : base_->Preallocate(bytes);
  }
  absl::Status Close() override { return base_->Close(); }

 private:
  FaultInjectingFileSystem& fs_;
  std::unique_ptr<WritableFile> base_;
};

}  // namespace

FileSystem* PosixFileSystem() {
  static Posix* fs = new Posix();
  return fs;
}

namespace internal {

absl::Status WriteFileAtomically(FileSystem& fs, const std::string& dir, const std::string& name,
                                 std::string_view contents) {
  const std::string path = Cat(dir, "/", name);
  const std::string tmp = path + ".tmp";
  if (absl::Status s = fs.Remove(tmp); !s.ok()) return s;  // a leftover of a crash
  absl::Status s = [&]() -> absl::Status {
    auto file = fs.OpenAppendable(tmp);
    if (!file.ok()) return file.status();
    if (absl::Status w = (*file)->Append(contents); !w.ok()) return w;
    if (absl::Status w = (*file)->Sync(); !w.ok()) return w;
    if (absl::Status w = (*file)->Close(); !w.ok()) return w;
    return fs.Rename(tmp, path);
  }();
  if (!s.ok()) {
    (void)fs.Remove(tmp);
    return s;
  }
  return fs.SyncDir(dir);
}

}  // namespace internal

void FaultInjectingFileSystem::Arm(FaultPoint point, int nth, Fault fault) {
  std::lock_guard<std::mutex> lock(mu_);
  armed_ = true;
  fired_ = false;
  crashed_ = false;
  point_ = point;
  remaining_ = nth;
  fault_ = fault;
}

void FaultInjectingFileSystem::Disarm() {
  std::lock_guard<std::mutex> lock(mu_);
  armed_ = false;
}

bool FaultInjectingFileSystem::fired() const {
  std::lock_guard<std::mutex> lock(mu_);
  return fired_;
}

bool FaultInjectingFileSystem::crashed() const {
  std::lock_guard<std::mutex> lock(mu_);
  return crashed_;
}

std::optional<Fault> FaultInjectingFileSystem::Next(FaultPoint point) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!armed_ || point != point_ || --remaining_ > 0) return std::nullopt;
  armed_ = false;
  fired_ = true;
  if (fault_ == Fault::kTear) crashed_ = true;
  return fault_;
}

absl::StatusOr<std::unique_ptr<WritableFile>> FaultInjectingFileSystem::OpenAppendable(const std::string& path) {
  auto base = base_->OpenAppendable(path);
  if (!base.ok()) return base.status();
  return std::unique_ptr<WritableFile>(new FaultyWritableFile(*this, std::move(*base)));
}

absl::StatusOr<std::unique_ptr<WritableFile>> FaultInjectingFileSystem::OpenSyncedAppendable(
    const std::string& path) {
  auto base = base_->OpenSyncedAppendable(path);
  if (!base.ok()) return base.status();
  return std::unique_ptr<WritableFile>(new FaultyWritableFile(*this, std::move(*base)));
}

absl::Status FaultInjectingFileSystem::Rename(const std::string& from, const std::string& to) {
  if (crashed()) return absl::OkStatus();
  std::optional<Fault> fault = Next(FaultPoint::kRename);
  if (!fault) return base_->Rename(from, to);
  return *fault == Fault::kTear ? absl::OkStatus() : Injected("rename");
}

absl::Status FaultInjectingFileSystem::SyncDir(const std::string& dir) {
  if (crashed()) return absl::OkStatus();
  std::optional<Fault> fault = Next(FaultPoint::kSync);
  if (!fault) return base_->SyncDir(dir);
  return *fault == Fault::kTear ? absl::OkStatus() : Injected("sync");
}

}  // namespace inventory
