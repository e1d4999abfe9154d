/* SPDX-License-Identifier: MIT */
/* UTF-8 input for the framebuffer console: decodes byte by byte (RFC 3629)
 * and maps each code point to a font index (font.h).
 *
 *   U+0020-U+007E            the ASCII glyph
 *   shades, blocks, boxes    their CP437 positions in the font, e.g.
 *                            U+2591 -> 0xB0, U+2588 -> 0xDB, U+2500 -> 0xC4
 *   U+2013, U+2014 dashes    0xC4 (a full-width line)
 *   anything else            FBCON_REPLACEMENT, one cell per code point
 *   malformed input          FBCON_REPLACEMENT per bad sequence: stray
 *                            continuation bytes, C0/C1/F5-FF, overlong forms,
 *                            surrogates, > U+10FFFF, truncated sequences */
#ifndef TERN_CONSOLE_FBCON_UTF8_H
#define TERN_CONSOLE_FBCON_UTF8_H
#include <stdbool.h>
#include <stdint.h>

/* A font index without a glyph of its own: drawn as the replacement. */
#define FBCON_REPLACEMENT 0x00

struct fbcon_utf8 {
	uint32_t cp;  /* bits collected so far */
	uint32_t min; /* smallest code point this length may encode */
	uint8_t need; /* continuation bytes still expected, 0 = idle */
};

/* Feeds one byte >= 0x80. Returns true and sets *glyph when a character
 * is complete (or a malformed one must be shown as FBCON_REPLACEMENT);
 * false while a sequence is still open. */
bool fbcon_utf8_feed(struct fbcon_utf8 *u, uint8_t b, uint8_t *glyph);

/* Ends an open sequence early (an ASCII byte arrived). Returns true if one
 * was open: the caller shows FBCON_REPLACEMENT for it. */
bool fbcon_utf8_abort(struct fbcon_utf8 *u);

/* The font index for code point cp. */
uint8_t fbcon_utf8_glyph(uint32_t cp);
#endif
