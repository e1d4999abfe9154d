/* SPDX-License-Identifier: MIT */
/* Sanity of the generated font table and of the metrics font8x16.txt
 * promises (baseline, cap height, x-height, spacing column). */
#include <ctype.h>
#include <string.h>

#include "font.h"
#include "test.h"

static bool row_has_ink(unsigned char c, unsigned row)
{
	return font_glyph(c)[row] != 0;
}

static bool empty(unsigned char c)
{
	for (unsigned r = 0; r < FONT_HEIGHT; r++)
		if (row_has_ink(c, r))
			return false;
	return true;
}

static void test_coverage(void)
{
	for (int c = 0x20; c < 0x7f; c++) {
		CHECK(font_has_glyph((unsigned char)c));
		if (c == ' ')
			CHECK(empty((unsigned char)c));
		else if (empty((unsigned char)c))
			test_fail(__FILE__, __LINE__, "glyph %#x is empty", c);
	}
	/* undrawn bytes show the (non-empty) replacement glyph */
	CHECK(!font_has_glyph(0x00));
	CHECK(!font_has_glyph(0x7f));
	CHECK(!font_has_glyph(0x80));
	CHECK(!empty(0x00));
	CHECK_MEMEQ(font_glyph(0x00), font_glyph(0x7f), 16);
	CHECK_MEMEQ(font_glyph(0x00), font_glyph(0xff), 16);
	/* the CP437 shade and block glyphs */
	CHECK(font_has_glyph(0xb0) && font_has_glyph(0xb1));
	CHECK(font_has_glyph(0xb2) && font_has_glyph(0xdb));
	for (unsigned r = 0; r < FONT_HEIGHT; r++)
		CHECK_EQ(font_glyph(0xdb)[r], 0xff);
}

/* No two printable glyphs look the same. */
static void test_distinct(void)
{
	for (int a = 0x20; a < 0x7f; a++)
		for (int b = a + 1; b < 0x7f; b++)
			if (!memcmp(font_glyph((unsigned char)a),
			            font_glyph((unsigned char)b), 16))
				test_fail(__FILE__, __LINE__,
				          "'%c' and '%c' are identical", a, b);
	test_checks++;
}

static bool descends(int c)
{
	return strchr("gjpqyQ,;_", c) != NULL;
}

static void test_metrics(void)
{
	for (int c = 0x21; c < 0x7f; c++) {
		unsigned char u = (unsigned char)c;

		/* row 0 and row 15 are spacing; column 7 too for alnums */
		CHECK(!row_has_ink(u, 0) && !row_has_ink(u, 15));
		if (isalnum(c))
			for (unsigned r = 0; r < FONT_HEIGHT; r++)
				CHECK(!(font_glyph(u)[r] & 1));
		if (!isalnum(c))
			continue;
		/* sit on the baseline; only descenders go below it */
		CHECK(row_has_ink(u, 11));
		if (descends(c) != row_has_ink(u, 13))
			test_fail(__FILE__, __LINE__, "'%c' descender", c);
		/* capitals, digits and ascenders reach row 2, nothing higher */
		CHECK(!row_has_ink(u, 1));
		if (isupper(c) || isdigit(c) || strchr("bdfhkl", c))
			CHECK(row_has_ink(u, 2));
		/* x-height letters start at row 5 */
		if (strchr("acemnorsuvwxz", c) &&
		    (!row_has_ink(u, 5) || row_has_ink(u, 4)))
			test_fail(__FILE__, __LINE__, "'%c' x-height", c);
	}
}

int main(void)
{
	test_coverage();
	test_distinct();
	test_metrics();
	return test_finish();
}
