/* SPDX-License-Identifier: MIT */
/* fbcon end to end on fake framebuffers: pixel formats, framebuffer
 * validation, glyphs at the right place in the right colours, scrolling. */
#include "fake_fb.h"
#include "fbcon.h"
#include "fbcon_pixel.h"
#include "fbcon_term.h"
#include "test.h"

static void test_pixfmt(void)
{
	struct fbcon_pixfmt f;

	CHECK(fbcon_pixfmt_init(&f, TERN_FB_RGBX8888, 0, 0, 0));
	CHECK_EQ(fbcon_pixfmt_pack(&f, 0x123456), 0x563412);
	CHECK(fbcon_pixfmt_init(&f, TERN_FB_BGRX8888, 0, 0, 0));
	CHECK_EQ(fbcon_pixfmt_pack(&f, 0x123456), 0x123456);
	/* 5-6-5 */
	CHECK(fbcon_pixfmt_init(&f, TERN_FB_BITMASK, 0xf800, 0x07e0, 0x001f));
	CHECK_EQ(fbcon_pixfmt_pack(&f, 0xffffff), 0xffff);
	CHECK_EQ(fbcon_pixfmt_pack(&f, 0xff0000), 0xf800);
	CHECK_EQ(fbcon_pixfmt_pack(&f, 0x00ff00), 0x07e0);
	CHECK_EQ(fbcon_pixfmt_pack(&f, 0x000000), 0);
	/* 10-10-10, blue high */
	CHECK(
	    fbcon_pixfmt_init(&f, TERN_FB_BITMASK, 0x3ff, 0xffc00, 0x3ff00000));
	CHECK_EQ(fbcon_pixfmt_pack(&f, 0x0000ff), 0x3ff00000);
	CHECK_EQ(fbcon_pixfmt_pack(&f, 0x800000), 0x202);
	/* bad ones */
	CHECK(!fbcon_pixfmt_init(&f, TERN_FB_NONE, 0, 0, 0));
	CHECK(!fbcon_pixfmt_init(&f, 99, 0xff, 0xff00, 0xff0000));
	CHECK(!fbcon_pixfmt_init(&f, TERN_FB_BITMASK, 0, 0xff00, 0xff0000));
	CHECK(!fbcon_pixfmt_init(&f, TERN_FB_BITMASK, 0xf0f, 0xf000, 0xf0000));
	CHECK(!fbcon_pixfmt_init(&f, TERN_FB_BITMASK, 0xff, 0x1f0, 0xff0000));
}

static void expect_rejected(struct fake_fb *f, const char *why)
{
	fbcon_init(&f->fb);
	if (fbcon_active())
		test_fail(__FILE__, __LINE__, "accepted: %s", why);
	test_checks++;
}

static void test_validation(void)
{
	struct fake_fb f;
	unsigned cols = 1, rows = 1;

	fbcon_init(NULL);
	CHECK(!fbcon_active());
	fake_fb_create(&f, 64, 32, 0, TERN_FB_RGBX8888, 0, 0, 0);
	fbcon_init(&f.fb);
	CHECK(fbcon_active());
	f.fb.format = TERN_FB_NONE;
	expect_rejected(&f, "no format");
	f.fb.format = TERN_FB_BITMASK;
	expect_rejected(&f, "zero masks");
	f.fb.format = TERN_FB_RGBX8888;
	f.fb.width = 0;
	expect_rejected(&f, "zero width");
	f.fb.width = 7;
	expect_rejected(&f, "narrower than a cell");
	f.fb.width = 64;
	f.fb.height = 15;
	expect_rejected(&f, "shorter than a cell");
	f.fb.height = 32;
	f.fb.pitch = 63 * 4;
	expect_rejected(&f, "pitch < width * 4");
	f.fb.pitch = 64 * 4 + 2;
	expect_rejected(&f, "pitch not a multiple of 4");
	f.fb.pitch = 64 * 4;
	f.fb.size = 64 * 4 * 32 - 1;
	expect_rejected(&f, "size too small");
	f.fb.size = 64 * 4 * 32;
	f.fb.virt = 0;
	expect_rejected(&f, "no mapping");
	/* inactive: everything is a harmless no-op */
	fbcon_puts("ignored");
	fbcon_clear();
	fbcon_get_size(&cols, &rows);
	CHECK_EQ(cols, 0);
	CHECK_EQ(rows, 0);
	fake_fb_destroy(&f);
}

/* Draws text in one format with an odd size and padded pitch and checks
 * glyphs, colours, the cursor, margins and padding. */
static void test_draw(uint32_t format, uint32_t r, uint32_t g, uint32_t b)
{
	struct fake_fb f;
	unsigned cols, rows;

	fake_fb_create(&f, 203, 100, 12, format, r, g, b);
	fbcon_init(&f.fb);
	CHECK(fbcon_active());
	fbcon_get_size(&cols, &rows);
	CHECK_EQ(cols, 25);
	CHECK_EQ(rows, 6);
	fbcon_puts("Hi\n\e[1;31mR\e[44mB\e[0m");
	CHECK(fake_fb_cell_is(&f, 0, 0, 'H', FBCON_DEFAULT_FG, 0));
	CHECK(fake_fb_cell_is(&f, 1, 0, 'i', FBCON_DEFAULT_FG, 0));
	CHECK(fake_fb_cell_is(&f, 0, 1, 'R', FBCON_RED | FBCON_BRIGHT, 0));
	CHECK(fake_fb_cell_is(&f, 1, 1, 'B', FBCON_RED | FBCON_BRIGHT,
	                      FBCON_BLUE));
	/* the cursor is a reversed cell, and it moves */
	CHECK(fake_fb_cell_is(&f, 2, 1, ' ', 0, FBCON_DEFAULT_FG));
	fbcon_puts("\e[?25l");
	CHECK(fake_fb_cell_is(&f, 2, 1, ' ', FBCON_DEFAULT_FG, 0));
	fbcon_puts("\e[?25h\r");
	CHECK(fake_fb_cell_is(&f, 1, 1, 'B', FBCON_RED | FBCON_BRIGHT,
	                      FBCON_BLUE));
	CHECK(fake_fb_cell_is(&f, 0, 1, 'R', 0, FBCON_RED | FBCON_BRIGHT));
	/* the right and bottom margins stay background, padding untouched */
	CHECK_EQ(fake_fb_pixel(&f, 202, 5), fake_fb_color(&f, 0));
	CHECK_EQ(fake_fb_pixel(&f, 10, 99), fake_fb_color(&f, 0));
	CHECK(fake_fb_padding_intact(&f));
	fake_fb_destroy(&f);
}

static void test_scroll_pixels(void)
{
	struct fake_fb f;

	fake_fb_create(&f, 80, 96, 4, TERN_FB_BGRX8888, 0, 0, 0);
	fbcon_init(&f.fb);
	fbcon_puts("0\n1\n2\n\e[32m3\e[0m\n4\n5");
	CHECK(fake_fb_cell_is(&f, 0, 0, '0', FBCON_DEFAULT_FG, 0));
	CHECK(fake_fb_cell_is(&f, 0, 5, '5', FBCON_DEFAULT_FG, 0));
	fbcon_puts("\n6");
	for (unsigned row = 0; row < 5; row++)
		CHECK(fake_fb_cell_is(&f, 0, row, (uint8_t)('1' + row),
		                      row == 2 ? FBCON_GREEN : FBCON_DEFAULT_FG,
		                      0));
	CHECK(fake_fb_cell_is(&f, 0, 5, '6', FBCON_DEFAULT_FG, 0));
	/* the rest of the new last row is blank (cursor at column 1) */
	for (unsigned col = 2; col < 10; col++)
		CHECK(fake_fb_cell_is(&f, col, 5, ' ', FBCON_DEFAULT_FG, 0));
	fbcon_clear();
	for (unsigned row = 0; row < 6; row++)
		CHECK(fake_fb_cell_is(&f, 1, row, ' ', FBCON_DEFAULT_FG, 0));
	CHECK(fake_fb_cell_is(&f, 0, 0, ' ', 0, FBCON_DEFAULT_FG));
	CHECK(fake_fb_padding_intact(&f));
	fake_fb_destroy(&f);
}

/* A screen beyond 4K uses at most FBCON_MAX_COLS x FBCON_MAX_ROWS. */
static void test_huge_screen(void)
{
	struct fake_fb f;
	unsigned cols, rows;

	fake_fb_create(&f, 4000, 2200, 0, TERN_FB_RGBX8888, 0, 0, 0);
	fbcon_init(&f.fb);
	fbcon_get_size(&cols, &rows);
	CHECK_EQ(cols, FBCON_MAX_COLS);
	CHECK_EQ(rows, FBCON_MAX_ROWS);
	fbcon_puts("\e[?25l\e[135;480Hz");
	CHECK(fake_fb_cell_is(&f, 479, 134, 'z', FBCON_DEFAULT_FG, 0));
	CHECK_EQ(fake_fb_pixel(&f, 3999, 2199), fake_fb_color(&f, 0));
	fake_fb_destroy(&f);
}

int main(void)
{
	test_pixfmt();
	test_validation();
	test_draw(TERN_FB_RGBX8888, 0, 0, 0);
	test_draw(TERN_FB_BGRX8888, 0, 0, 0);
	test_draw(TERN_FB_BITMASK, 0x00ff0000, 0x0000ff00, 0x000000ff);
	test_draw(TERN_FB_BITMASK, 0xf800, 0x07e0, 0x001f);
	test_scroll_pixels();
	test_huge_screen();
	return test_finish();
}
