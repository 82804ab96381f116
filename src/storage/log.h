// The write-ahead log's file format: a sequence of records, each
//
//   offset 0  uint32  masked CRC-32C of bytes 4 .. end of the record
//          4  uint32  payload length in bytes
//          8  uint8   format version (kLogFormatVersion)
//          9  uint8   record type (LogRecordType)
//         10  uint32  masked CRC-32C of bytes 4 .. 9 (the header's own check)
//         14  ...     payload
//
// little-endian, with no padding and no file header. Writing appends whole
// records; reading (ScanLog) returns every whole record and tells a torn or
// zero-filled tail (cut off at the last whole record) from corruption in the
// middle (a bad record followed by a good one: kDataLoss with the offset,
// never skipped). The header's own check lets the reader trust a length: a
// record whose checked header says it runs past the end of the file is a
// torn write, whatever its partial payload holds.
// Owns: the record framing. May call: storage/crc32c.
//
//   std::string bytes = EncodeLogRecord(LogRecordType::kTransaction, payload);
//   ...                                              // written by storage/wal
//   absl::StatusOr<LogScan> scan = ScanLog(bytes);  // on open
#ifndef INVENTORY_SRC_STORAGE_LOG_H_
#define INVENTORY_SRC_STORAGE_LOG_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/block_pool.h"

namespace inventory::internal {

// Part of the on-disk format: a reader refuses other versions.
inline constexpr uint8_t kLogFormatVersion = 1;
inline constexpr size_t kLogHeaderSize = 14;
// The largest payload a record may carry (a larger length is corruption).
inline constexpr uint32_t kMaxLogPayload = 1u << 30;

// What a record holds. The values are part of the on-disk format: never
// renumber, only add.
enum class LogRecordType : uint8_t {
  kTransaction = 1,  // one committed transaction's changes
  kSettings = 2,     // the organization's settings; first in every log file
  kSnapshot = 3,     // a whole engine image; the only record of a snapshot file
};

// The bytes of one record, returned or appended to `out`.
std::string EncodeLogRecord(LogRecordType type, std::string_view payload);
void AppendLogRecord(LogRecordType type, std::string_view payload, std::string* out);

struct LogRecord {
  uint64_t offset = 0;  // of its header in the file
  LogRecordType type = LogRecordType::kTransaction;
  // A view of the bytes given to ScanLog: valid while they are.
  std::string_view payload;
};

// A log's records, on huge pages: a million of them are 32 MB, which a
// vector growing on 4 KiB pages faulted in one page at a time.
using LogRecords = std::vector<LogRecord, HugePageAllocator<LogRecord>>;

struct LogScan {
  LogRecords records;
  // Where the last whole record ends: the file's valid length. Less than
  // the file's size when its tail was torn or zero-filled.
  uint64_t valid_size = 0;
};

// Reads a log file's bytes. The first record that does not check out ends
// the log (a torn or zero-filled tail: valid_size is its offset) when
//  - its header checks out and says it runs past the end of the file, or
//  - no whole record follows it: after its end if its header checks out,
//    anywhere after its start if not.
// Otherwise the log is corrupt in the middle: kDataLoss, "The log is corrupt
// at offset 123: a bad record is followed by good ones (at offset 456)."
absl::StatusOr<LogScan> ScanLog(std::string_view bytes);

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_STORAGE_LOG_H_
