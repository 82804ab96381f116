// CRC-32C (Castagnoli), the checksum of the write-ahead log's records.
// Owns nothing; calls nothing but the standard library (and the CPU's crc32
// instruction when it has SSE 4.2).
//
//   uint32_t crc = Crc32c(bytes);                 // whole buffer
//   crc = Crc32cExtend(crc, more);                // continued
//   uint32_t stored = MaskCrc(crc);               // as written to disk
#ifndef INVENTORY_SRC_STORAGE_CRC32C_H_
#define INVENTORY_SRC_STORAGE_CRC32C_H_

#include <cstdint>
#include <string_view>

namespace inventory::internal {

// The CRC-32C of `data` continued from `crc` (the CRC of what came before;
// 0 for none).
uint32_t Crc32cExtend(uint32_t crc, std::string_view data);
inline uint32_t Crc32c(std::string_view data) { return Crc32cExtend(0, data); }
// The table-driven computation, whatever the CPU (tests compare it with the
// hardware one).
uint32_t Crc32cExtendPortable(uint32_t crc, std::string_view data);

// A stored CRC is masked (rotated and offset, as LevelDB does), so that the
// CRC of data that itself holds CRCs does not degenerate.
inline uint32_t MaskCrc(uint32_t crc) { return ((crc >> 15) | (crc << 17)) + 0xa282ead8u; }
inline uint32_t UnmaskCrc(uint32_t masked) {
  const uint32_t rot = masked - 0xa282ead8u;
  return (rot >> 17) | (rot << 15);
}

}  // namespace inventory::internal

#endif  // INVENTORY_SRC_STORAGE_CRC32C_H_
