/* SPDX-License-Identifier: MIT */
/* A malloc'ed stand-in for the GOP framebuffer, for host tests and tools.
 *
 *   pixels:  height lines of pitch bytes; pixels [0, width) are visible,
 *            the rest of each line is padding filled with FAKE_FB_CANARY
 *            that the console must never touch. */
#ifndef TERN_TEST_FAKE_FB_H
#define TERN_TEST_FAKE_FB_H
#include <stdbool.h>
#include <stdint.h>

#include <tern/bootinfo.h>

#define FAKE_FB_CANARY 0xa5a5a5a5u

struct fake_fb {
	struct tern_framebuffer fb;
	uint32_t *mem;
};

/* Allocates a framebuffer of width x height with pitch_pad extra bytes per
 * line (a multiple of 4) in format, filled with the canary. For
 * TERN_FB_BITMASK, r/g/b are the masks. Aborts if malloc fails. */
void fake_fb_create(struct fake_fb *f, uint32_t width, uint32_t height,
                    uint32_t pitch_pad, uint32_t format, uint32_t r, uint32_t g,
                    uint32_t b);
void fake_fb_destroy(struct fake_fb *f);

uint32_t fake_fb_pixel(const struct fake_fb *f, uint32_t x, uint32_t y);

/* The pixel value of palette colour i in f's format. */
uint32_t fake_fb_color(const struct fake_fb *f, unsigned i);

/* Whether cell (col, row) shows glyph ch in fg on bg (palette indices);
 * prints the first differing pixel if not. */
bool fake_fb_cell_is(const struct fake_fb *f, unsigned col, unsigned row,
                     uint8_t ch, unsigned fg, unsigned bg);

/* Whether all padding bytes still hold the canary. */
bool fake_fb_padding_intact(const struct fake_fb *f);

/* Writes a NUL-terminated string to the console. */
void fbcon_puts(const char *s);
#endif
