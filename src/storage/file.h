// The storage layer's view of files: the public FileSystem
// (inventory/file_system.h) and the atomic whole-file replace built on it.
// Owns: file handles. May call: POSIX, common/.
#ifndef INVENTORY_SRC_STORAGE_FILE_H_
#define INVENTORY_SRC_STORAGE_FILE_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "inventory/file_system.h"

namespace inventory::internal {

using inventory::Fault;
using inventory::FaultInjectingFileSystem;
using inventory::FaultPoint;
using inventory::FileLock;
using inventory::FileSystem;
using inventory::PosixFileSystem;
using inventory::WritableFile;

// Replaces the file `dir`/`name` with `contents` so that a crash at any
// moment leaves either the old file or the new one, whole: writes
// `name`.tmp, syncs it, renames it over `name`, and syncs `dir`. On any
// error the temporary file is removed (best effort) and `name` is as it
// was, unless the error came from the final directory sync, when the new
// file is in place but may not survive a power loss.
absl::Status WriteFileAtomically(FileSystem& fs, const std::string& dir, const std::string& name,
                                 std::string_view contents);

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_STORAGE_FILE_H_
