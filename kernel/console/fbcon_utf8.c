/* SPDX-License-Identifier: MIT */
/* UTF-8 decoding and code point -> glyph mapping (see fbcon_utf8.h). */
#include "fbcon_utf8.h"

#include <stddef.h>

/* Unicode block elements and box drawing (U+2500 block) that the font has
 * at their CP437 positions. */
static const struct {
	uint16_t cp;
	uint8_t glyph;
} extra[] = {
    {0x2013, 0xc4}, {0x2014, 0xc4}, {0x2500, 0xc4}, {0x2502, 0xb3},
    {0x250c, 0xda}, {0x2510, 0xbf}, {0x2514, 0xc0}, {0x2518, 0xd9},
    {0x251c, 0xc3}, {0x2524, 0xb4}, {0x252c, 0xc2}, {0x2534, 0xc1},
    {0x253c, 0xc5}, {0x2580, 0xdf}, {0x2584, 0xdc}, {0x2588, 0xdb},
    {0x258c, 0xdd}, {0x2590, 0xde}, {0x2591, 0xb0}, {0x2592, 0xb1},
    {0x2593, 0xb2},
};

uint8_t fbcon_utf8_glyph(uint32_t cp)
{
	if (cp >= 0x20 && cp < 0x7f)
		return (uint8_t)cp;
	for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
		if (extra[i].cp == cp)
			return extra[i].glyph;
	return FBCON_REPLACEMENT;
}

/* Starts a sequence at lead byte b; false if b cannot start one. */
static bool start(struct fbcon_utf8 *u, uint8_t b)
{
	if (b >= 0xc2 && b <= 0xdf) {
		u->need = 1;
		u->cp = b & 0x1f;
		u->min = 0x80;
	} else if (b >= 0xe0 && b <= 0xef) {
		u->need = 2;
		u->cp = b & 0x0f;
		u->min = 0x800;
	} else if (b >= 0xf0 && b <= 0xf4) {
		u->need = 3;
		u->cp = b & 0x07;
		u->min = 0x10000;
	} else {
		return false;
	}
	return true;
}

bool fbcon_utf8_feed(struct fbcon_utf8 *u, uint8_t b, uint8_t *glyph)
{
	bool cont = (b & 0xc0) == 0x80;

	*glyph = FBCON_REPLACEMENT;
	if (u->need == 0 || !cont) {
		bool was_open = u->need != 0;

		u->need = 0;
		if (cont || !start(u, b))
			return true; /* stray or invalid byte */
		return was_open;     /* a broken sequence ended here */
	}
	u->cp = (u->cp << 6) | (b & 0x3f);
	if (--u->need)
		return false;
	if (u->cp >= u->min && u->cp <= 0x10ffff &&
	    !(u->cp >= 0xd800 && u->cp <= 0xdfff))
		*glyph = fbcon_utf8_glyph(u->cp);
	return true;
}

bool fbcon_utf8_abort(struct fbcon_utf8 *u)
{
	bool open = u->need != 0;

	u->need = 0;
	return open;
}
