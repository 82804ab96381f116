#include "storage/log.h"

#include <cstring>
#include <optional>

#include "common/text.h"
#include "storage/crc32c.h"

namespace inventory::internal {
namespace {

void PutU32(char* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}
uint32_t GetU32(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}

bool KnownType(uint8_t type) {
  return type >= static_cast<uint8_t>(LogRecordType::kTransaction) &&
         type <= static_cast<uint8_t>(LogRecordType::kSnapshot);
}

// The payload length of the record at `offset` if its header is whole and
// checks out (own CRC, version, type, length bound).
std::optional<uint32_t> CheckedLength(std::string_view bytes, uint64_t offset) {
  if (bytes.size() < kLogHeaderSize || offset > bytes.size() - kLogHeaderSize) return std::nullopt;
  const char* h = bytes.data() + offset;
  if (Crc32c(std::string_view(h + 4, 6)) != UnmaskCrc(GetU32(h + 10))) return std::nullopt;
  const uint32_t length = GetU32(h + 4);
  if (static_cast<uint8_t>(h[8]) != kLogFormatVersion || !KnownType(static_cast<uint8_t>(h[9])) ||
      length > kMaxLogPayload) {
    return std::nullopt;
  }
  return length;
}

// The record at `offset`, if a whole, valid one starts there.
std::optional<LogRecord> RecordAt(std::string_view bytes, uint64_t offset) {
  const std::optional<uint32_t> checked = CheckedLength(bytes, offset);
  if (!checked) return std::nullopt;
  const uint32_t length = *checked;
  const char* h = bytes.data() + offset;
  const auto type = static_cast<uint8_t>(h[9]);
  if (length > bytes.size() - offset - kLogHeaderSize) return std::nullopt;
  const std::string_view covered(h + 4, kLogHeaderSize - 4 + length);
  if (Crc32c(covered) != UnmaskCrc(GetU32(h))) return std::nullopt;
  return LogRecord{.offset = offset,
                   .type = static_cast<LogRecordType>(type),
                   .payload = std::string_view(h + kLogHeaderSize, length)};
}

}  // namespace

std::string EncodeLogRecord(LogRecordType type, std::string_view payload) {
  std::string out;
  AppendLogRecord(type, payload, &out);
  return out;
}

void AppendLogRecord(LogRecordType type, std::string_view payload, std::string* out) {
  const size_t at = out->size();
  out->resize(at + kLogHeaderSize);
  char* h = out->data() + at;
  PutU32(h + 4, static_cast<uint32_t>(payload.size()));
  h[8] = static_cast<char>(kLogFormatVersion);
  h[9] = static_cast<char>(type);
  PutU32(h + 10, MaskCrc(Crc32c(std::string_view(h + 4, 6))));
  out->append(payload);
  h = out->data() + at;  // the append may have moved it
  PutU32(h, MaskCrc(Crc32c(std::string_view(h + 4, kLogHeaderSize - 4 + payload.size()))));
}

absl::StatusOr<LogScan> ScanLog(std::string_view bytes) {
  LogScan scan;
  uint64_t at = 0;
  while (at < bytes.size()) {
    std::optional<LogRecord> record = RecordAt(bytes, at);
    if (!record) break;
    at += kLogHeaderSize + record->payload.size();
    scan.records.push_back(std::move(*record));
  }
  scan.valid_size = at;
  if (at == bytes.size()) return scan;
  // The record at `at` is bad. With a header that checks out, its length is
  // trusted: running past the end it is a torn write, else only what follows
  // it is searched (its payload may hold anything).
  uint64_t search_from = at + 1;
  if (std::optional<uint32_t> length = CheckedLength(bytes, at)) {
    const uint64_t end = at + kLogHeaderSize + *length;
    if (end >= bytes.size()) return scan;
    search_from = end;
  }
  // A zero-filled tail (preallocated, or zeroed by the file system after a
  // crash) holds no record: no need to look at every offset of it.
  if (bytes.find_first_not_of('\0', search_from) == std::string_view::npos) return scan;
  for (uint64_t later = search_from; later + kLogHeaderSize <= bytes.size(); ++later) {
    // A cheap look at the version byte first: most offsets fail it.
    if (static_cast<uint8_t>(bytes[later + 8]) != kLogFormatVersion) continue;
    if (RecordAt(bytes, later)) {
      return absl::DataLossError(
          Cat("The log is corrupt at offset ", at, ": a bad record is followed by good ones (at offset ", later,
              ")."));
    }
  }
  return scan;
}

}  // namespace inventory::internal
