/* SPDX-License-Identifier: MIT */
/* Fake framebuffer for the fbcon host tests (see fake_fb.h). */
#include "fake_fb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fbcon.h"
#include "fbcon_pixel.h"
#include "fbcon_render.h"
#include "font.h"

void fake_fb_create(struct fake_fb *f, uint32_t width, uint32_t height,
                    uint32_t pitch_pad, uint32_t format, uint32_t r, uint32_t g,
                    uint32_t b)
{
	size_t words;

	memset(f, 0, sizeof(*f));
	f->fb.width = width;
	f->fb.height = height;
	f->fb.pitch = width * 4 + pitch_pad;
	f->fb.size = (uint64_t)f->fb.pitch * height;
	f->fb.format = format;
	f->fb.red_mask = r;
	f->fb.green_mask = g;
	f->fb.blue_mask = b;
	words = (size_t)f->fb.size / 4;
	f->mem = malloc(words * 4 + 4);
	if (!f->mem)
		abort();
	for (size_t i = 0; i < words; i++)
		f->mem[i] = FAKE_FB_CANARY;
	f->fb.virt = (uint64_t)(uintptr_t)f->mem;
}

void fake_fb_destroy(struct fake_fb *f)
{
	free(f->mem);
	f->mem = NULL;
}

uint32_t fake_fb_pixel(const struct fake_fb *f, uint32_t x, uint32_t y)
{
	return f->mem[(size_t)y * (f->fb.pitch / 4) + x];
}

uint32_t fake_fb_color(const struct fake_fb *f, unsigned i)
{
	struct fbcon_pixfmt fmt;

	if (!fbcon_pixfmt_init(&fmt, f->fb.format, f->fb.red_mask,
	                       f->fb.green_mask, f->fb.blue_mask))
		abort();
	return fbcon_pixfmt_pack(&fmt, fbcon_palette_rgb(i));
}

bool fake_fb_cell_is(const struct fake_fb *f, unsigned col, unsigned row,
                     uint8_t ch, unsigned fg, unsigned bg)
{
	const uint8_t *glyph = font_glyph(ch);
	uint32_t fgpx = fake_fb_color(f, fg), bgpx = fake_fb_color(f, bg);

	for (unsigned y = 0; y < FONT_HEIGHT; y++) {
		for (unsigned x = 0; x < FONT_WIDTH; x++) {
			uint32_t want = (glyph[y] & (0x80 >> x)) ? fgpx : bgpx;
			uint32_t px = col * FONT_WIDTH + x;
			uint32_t py = row * FONT_HEIGHT + y;
			uint32_t got = fake_fb_pixel(f, px, py);

			if (got == want)
				continue;
			fprintf(stderr,
			        "cell (%u,%u) '%c': pixel (%u,%u) is %#x, "
			        "want %#x\n",
			        col, row, ch, x, y, got, want);
			return false;
		}
	}
	return true;
}

bool fake_fb_padding_intact(const struct fake_fb *f)
{
	uint32_t stride = f->fb.pitch / 4;

	for (uint32_t y = 0; y < f->fb.height; y++)
		for (uint32_t x = f->fb.width; x < stride; x++)
			if (f->mem[(size_t)y * stride + x] != FAKE_FB_CANARY)
				return false;
	return true;
}

void fbcon_puts(const char *s)
{
	fbcon_write(s, strlen(s));
}
