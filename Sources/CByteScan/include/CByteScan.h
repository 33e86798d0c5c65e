#ifndef C_BYTE_SCAN_H
#define C_BYTE_SCAN_H

#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Where the bytes a CSV record is split at lie in 32 bytes: bit i of each mask is set when
/// byte i is the field delimiter, a line break (LF or CR), or a double quote.
typedef struct {
    uint32_t delimiters;
    uint32_t breaks;
    uint32_t quotes;
} StrataByteMasks;

/// The masks of the 32 bytes at `p` (which must all be readable): with SSE2 two 16-byte
/// compares per kind of byte, elsewhere a byte at a time.
static inline StrataByteMasks strata_byte_masks(const uint8_t *p, uint8_t delimiter) {
    StrataByteMasks m;
#if defined(__SSE2__)
    const __m128i low = _mm_loadu_si128((const __m128i *)p);
    const __m128i high = _mm_loadu_si128((const __m128i *)(p + 16));
    const __m128i d = _mm_set1_epi8((char)delimiter), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'), q = _mm_set1_epi8('"');
    m.delimiters = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(low, d)) | (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(high, d)) << 16;
    m.breaks = (uint32_t)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(low, lf), _mm_cmpeq_epi8(low, cr)))
        | (uint32_t)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(high, lf), _mm_cmpeq_epi8(high, cr))) << 16;
    m.quotes = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(low, q)) | (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(high, q)) << 16;
#else
    m.delimiters = 0;
    m.breaks = 0;
    m.quotes = 0;
    for (int i = 0; i < 32; i++) {
        const uint8_t c = p[i];
        m.delimiters |= (uint32_t)(c == delimiter) << i;
        m.breaks |= (uint32_t)(c == '\n' || c == '\r') << i;
        m.quotes |= (uint32_t)(c == '"') << i;
    }
#endif
    return m;
}

#endif
