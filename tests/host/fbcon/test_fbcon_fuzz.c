/* SPDX-License-Identifier: MIT */
/* fbcon under random input: nothing crashes (ASan/UBSan watch), the cursor
 * stays inside the grid and the framebuffer padding is never written. */
#include <string.h>

#include "fake_fb.h"
#include "fbcon.h"
#include "fbcon_term.h"
#include "test.h"

#define FUZZ_BYTES 100000

static struct fbcon_term t;

/* Random bytes biased toward the ones the escape parser cares about. */
static uint8_t fuzz_byte(void)
{
	static const char interesting[] =
	    "\e[;0123456789?mJKHfABCD\n\r\t\b\x18";

	if (test_rand_below(3) == 0)
		return (uint8_t)test_rand_below(256);
	return (uint8_t)interesting[test_rand_below(sizeof(interesting) - 1)];
}

static void fill(char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)fuzz_byte();
}

static void fuzz_term(unsigned cols, unsigned rows)
{
	char buf[97];
	unsigned long bad = 0;

	fbcon_term_init(&t, cols, rows);
	for (size_t done = 0; done < FUZZ_BYTES; done += sizeof(buf)) {
		fill(buf, sizeof(buf));
		fbcon_term_write(&t, buf, sizeof(buf));
		if (t.cx >= t.cols || t.cy >= t.rows ||
		    t.p.nparams > FBCON_MAX_PARAMS ||
		    t.p.len > FBCON_SEQ_MAX + 1)
			bad++;
	}
	CHECK_EQ(bad, 0);
}

static void fuzz_screen(uint32_t format, uint32_t r, uint32_t g, uint32_t b)
{
	struct fake_fb f;
	char buf[61];
	unsigned cols, rows;

	fake_fb_create(&f, 83, 70, 20, format, r, g, b);
	fbcon_init(&f.fb);
	CHECK(fbcon_active());
	fbcon_get_size(&cols, &rows);
	CHECK_EQ(cols, 10);
	CHECK_EQ(rows, 4);
	for (size_t done = 0; done < FUZZ_BYTES / 4; done += sizeof(buf)) {
		fill(buf, sizeof(buf));
		fbcon_write(buf, sizeof(buf));
	}
	CHECK(fake_fb_padding_intact(&f));
	fake_fb_destroy(&f);
}

int main(void)
{
	test_rng_seed();
	fuzz_term(80, 25);
	fuzz_term(1, 1);
	fuzz_term(3, 2);
	fuzz_term(FBCON_MAX_COLS, FBCON_MAX_ROWS);
	fuzz_screen(TERN_FB_BGRX8888, 0, 0, 0);
	fuzz_screen(TERN_FB_BITMASK, 0xf800, 0x07e0, 0x001f);
	return test_finish();
}
