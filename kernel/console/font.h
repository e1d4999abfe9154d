/* SPDX-License-Identifier: MIT */
/* The console font: 8x16 glyphs indexed by byte value, generated at build
 * time from font8x16.txt by gen_font.py.
 *
 *   one glyph = 16 bytes, one per row, top row first
 *   bit 7 of a row byte = leftmost pixel (column 0)
 *
 * Bytes without a drawn glyph hold a copy of the replacement glyph, so
 * font8x16[c] is always safe to draw for any c. */
#ifndef TERN_CONSOLE_FONT_H
#define TERN_CONSOLE_FONT_H
#include <stdbool.h>
#include <stdint.h>

#define FONT_WIDTH  8
#define FONT_HEIGHT 16

extern const uint8_t font8x16[256][16];
/* Bit (c % 8) of byte c / 8 is set if glyph c was drawn (not replaced). */
extern const uint8_t font8x16_defined[32];

static inline const uint8_t *font_glyph(unsigned char c)
{
	return font8x16[c];
}

static inline bool font_has_glyph(unsigned char c)
{
	return font8x16_defined[c / 8] & (1u << (c % 8));
}
#endif
