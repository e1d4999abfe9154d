/* SPDX-License-Identifier: MIT */
/* fbcon_term: cell grid, cursor, control bytes and escape sequences. */
#include "fbcon_term.h"

#include <string.h>

#include "test.h"

static struct fbcon_term t;

#define CHECK_CURSOR(col, row)                                                 \
	do {                                                                   \
		CHECK_EQ(t.cx, col);                                           \
		CHECK_EQ(t.cy, row);                                           \
	} while (0)

static void put(const char *s)
{
	fbcon_term_write(&t, s, strlen(s));
}

static char ch(unsigned col, unsigned row)
{
	return (char)fbcon_term_cell(&t, col, row)->ch;
}

static unsigned fg(unsigned col, unsigned row)
{
	return FBCON_ATTR_FG(fbcon_term_cell(&t, col, row)->attr);
}

static unsigned bg(unsigned col, unsigned row)
{
	return FBCON_ATTR_BG(fbcon_term_cell(&t, col, row)->attr);
}

/* Whether row holds the n bytes of text followed by blanks. */
static bool row_is_mem(unsigned row, const char *text, size_t n)
{
	for (unsigned c = 0; c < t.cols; c++)
		if (ch(c, row) != (c < n ? text[c] : ' '))
			return false;
	return true;
}

static bool row_is(unsigned row, const char *text)
{
	return row_is_mem(row, text, strlen(text));
}

/* For literals with NUL (FBCON_REPLACEMENT) bytes in them. */
#define ROW_IS_LIT(row, lit) row_is_mem(row, lit, sizeof(lit) - 1)

static void test_init_clamps(void)
{
	fbcon_term_init(&t, 0, 0);
	CHECK_EQ(t.cols, 1);
	CHECK_EQ(t.rows, 1);
	fbcon_term_init(&t, 100000, 100000);
	CHECK_EQ(t.cols, FBCON_MAX_COLS);
	CHECK_EQ(t.rows, FBCON_MAX_ROWS);
	CHECK(row_is(FBCON_MAX_ROWS - 1, ""));
	CHECK_CURSOR(0, 0);
}

static void test_text_and_newlines(void)
{
	fbcon_term_init(&t, 10, 4);
	put("AB");
	CHECK(row_is(0, "AB"));
	CHECK_EQ(t.cx, 2);
	put("\r\nxy\rZ");
	CHECK(row_is(1, "Zy"));
	CHECK_CURSOR(1, 1);
	CHECK_EQ(fg(0, 0), FBCON_DEFAULT_FG);
	CHECK_EQ(bg(0, 0), FBCON_DEFAULT_BG);
}

static void test_wrap(void)
{
	fbcon_term_init(&t, 10, 4);
	put("0123456789");
	/* the cursor waits in the last column */
	CHECK_CURSOR(9, 0);
	CHECK(t.wrap_pending);
	put("X");
	CHECK(row_is(0, "0123456789"));
	CHECK(row_is(1, "X"));
	CHECK_CURSOR(1, 1);
	/* a full line then \n: no blank line in between */
	put("\r012345678Y\nZ");
	CHECK(row_is(1, "012345678Y"));
	CHECK(row_is(2, "Z"));
}

static void test_scroll(void)
{
	fbcon_term_init(&t, 10, 3);
	put("a\nb\nc");
	for (unsigned r = 0; r < t.rows; r++)
		t.dirty[r] = false;
	put("\e[44m\nd");
	CHECK(row_is(0, "b"));
	CHECK(row_is(1, "c"));
	CHECK(row_is(2, "d"));
	CHECK_CURSOR(1, 2);
	/* the new bottom row is blanked in the current background */
	CHECK_EQ(bg(5, 2), FBCON_BLUE);
	CHECK_EQ(bg(5, 1), FBCON_DEFAULT_BG);
	for (unsigned r = 0; r < t.rows; r++)
		CHECK(t.dirty[r]);
	/* wrapping off the bottom scrolls too */
	put("\e[0m\r0123456789!");
	CHECK(row_is(0, "c"));
	CHECK(row_is(1, "0123456789"));
	CHECK(row_is(2, "!"));
}

static void test_tabs(void)
{
	fbcon_term_init(&t, 20, 2);
	put("\tX");
	CHECK_EQ(ch(8, 0), 'X');
	put("\r1234567\tY");
	CHECK_EQ(ch(8, 0), 'Y');
	put("\r12345678\tZ");
	CHECK_EQ(ch(16, 0), 'Z');
	put("\t\t\t");
	CHECK_EQ(t.cx, 19); /* stops at the last column */
	CHECK_EQ(t.cy, 0);
}

static void test_backspace(void)
{
	fbcon_term_init(&t, 10, 2);
	put("\b\b");
	CHECK_CURSOR(0, 0);
	put("ab\bX");
	CHECK(row_is(0, "aX"));
	put("\n\bq");
	CHECK(row_is(1, "q")); /* no move back to the previous line */
	/* at the right edge, \b cancels the pending wrap: BS SP BS erases */
	put("\r012345678Z\b \b");
	CHECK(row_is(1, "012345678"));
	CHECK_CURSOR(9, 1);
}

static void test_sgr(void)
{
	fbcon_term_init(&t, 20, 2);
	put("\e[31mR\e[1;32mG\e[0mN\e[32;1mg\e[22;94;103mb\e[1;39mx\e[49my\e["
	    "mz");
	CHECK(row_is(0, "RGNgbxyz"));
	CHECK_EQ(fg(0, 0), FBCON_RED);
	CHECK_EQ(fg(1, 0), FBCON_GREEN | FBCON_BRIGHT);
	CHECK_EQ(fg(2, 0), FBCON_DEFAULT_FG);
	CHECK_EQ(fg(3, 0), FBCON_GREEN | FBCON_BRIGHT);
	CHECK_EQ(fg(4, 0), FBCON_BLUE | FBCON_BRIGHT);
	CHECK_EQ(bg(4, 0), FBCON_YELLOW | FBCON_BRIGHT);
	CHECK_EQ(fg(5, 0), FBCON_DEFAULT_FG | FBCON_BRIGHT); /* still bold */
	CHECK_EQ(bg(5, 0), FBCON_YELLOW | FBCON_BRIGHT);
	CHECK_EQ(bg(6, 0), FBCON_DEFAULT_BG);
	CHECK_EQ(fg(7, 0), FBCON_DEFAULT_FG);
	CHECK_EQ(bg(7, 0), FBCON_DEFAULT_BG);
	put("\r\e[7;36;41mr\e[27;22ms");
	CHECK_EQ(fg(0, 0), FBCON_RED);
	CHECK_EQ(bg(0, 0), FBCON_CYAN);
	CHECK_EQ(fg(1, 0), FBCON_CYAN);
	CHECK_EQ(bg(1, 0), FBCON_RED);
	/* unknown attributes change nothing */
	put("\e[3;4;38;5;200mu");
	CHECK_EQ(fg(2, 0), FBCON_CYAN);
}

static void test_erase_and_move(void)
{
	fbcon_term_init(&t, 10, 3);
	put("aaaa\nbbbb\ncccc");
	put("\e[2;3H");
	CHECK_CURSOR(2, 1);
	put("\e[K");
	CHECK(row_is(1, "bb"));
	put("\e[1K");
	CHECK(row_is(1, ""));
	put("\e[J");
	CHECK(row_is(0, "aaaa"));
	CHECK(row_is(2, ""));
	put("\e[2J");
	CHECK(row_is(0, ""));
	CHECK_EQ(t.cx, 2); /* ED does not move the cursor */
	put("\e[H");
	CHECK_CURSOR(0, 0);
	put("\e[99;99H");
	CHECK_CURSOR(9, 2);
	put("\e[A\e[2D");
	CHECK_CURSOR(7, 1);
	put("\e[9999A\e[9999D\e[B\e[C");
	CHECK_CURSOR(1, 1);
	put("\e[;5H");
	CHECK_CURSOR(4, 0);
}

static void test_cursor_visibility(void)
{
	fbcon_term_init(&t, 10, 3);
	CHECK(t.cursor_visible);
	put("\e[?25l");
	CHECK(!t.cursor_visible);
	put("\e[25h"); /* without '?' it is another command */
	CHECK(!t.cursor_visible);
	put("\e[?25h");
	CHECK(t.cursor_visible);
	CHECK(row_is(0, ""));
}

static void test_malformed(void)
{
	char longseq[200];

	fbcon_term_init(&t, 40, 3);
	/* huge parameters clamp */
	put("\e[99999999999999999999mA");
	CHECK_EQ(ch(0, 0), 'A');
	CHECK_EQ(fg(0, 0), FBCON_DEFAULT_FG);
	/* more than FBCON_MAX_PARAMS: the extra ones are dropped */
	put("\e[1;1;1;1;1;1;1;1;1;31mB");
	CHECK_EQ(fg(1, 0), FBCON_DEFAULT_FG | FBCON_BRIGHT);
	put("\e[0;0;0;0;0;0;0;31;0;0;0mC");
	CHECK_EQ(fg(2, 0), FBCON_RED);
	/* a control byte cancels the sequence and still acts */
	put("\e[0m\e[31\nD");
	CHECK_EQ(ch(0, 1), 'D');
	CHECK_EQ(fg(0, 1), FBCON_DEFAULT_FG);
	/* CAN cancels silently */
	put("\e[31\x18"
	    "E");
	CHECK_EQ(ch(1, 1), 'E');
	CHECK_EQ(fg(1, 1), FBCON_DEFAULT_FG);
	/* ESC + intermediate + final; unknown finals; colon sub-params */
	put("\e(BF\e[5zG\e[1:2mH\e]I");
	CHECK(row_is(1, "DEFGHI"));
	CHECK_EQ(fg(4, 1), FBCON_DEFAULT_FG);
	/* an overlong sequence is abandoned; the parser recovers */
	memset(longseq, '1', sizeof(longseq));
	longseq[0] = 0x1b;
	longseq[1] = '[';
	fbcon_term_init(&t, 40, 10);
	fbcon_term_write(&t, longseq, sizeof(longseq));
	CHECK_EQ(t.p.state, FBCON_GROUND);
	put("\e[32mJ");
	CHECK_EQ(fg(t.cx - 1, t.cy), FBCON_GREEN);
	/* stray bytes show one replacement each; DEL and C0 bytes nothing */
	fbcon_term_init(&t, 10, 2);
	put("\x01\x7f\x80\xff");
	CHECK_EQ(ch(0, 0), FBCON_REPLACEMENT);
	CHECK_EQ(ch(1, 0), FBCON_REPLACEMENT);
	CHECK_EQ(t.cx, 2);
	/* ESC at the very end of a write continues into the next write */
	put("\e");
	put("[31mK");
	CHECK_EQ(ch(2, 0), 'K');
	CHECK_EQ(fg(2, 0), FBCON_RED);
}

static void test_utf8(void)
{
	fbcon_term_init(&t, 20, 2);
	/* box and block characters map to the font's CP437 positions */
	put("\u2500\u2502\u2591\u2588\u2014A");
	CHECK_EQ((uint8_t)ch(0, 0), 0xc4);
	CHECK_EQ((uint8_t)ch(1, 0), 0xb3);
	CHECK_EQ((uint8_t)ch(2, 0), 0xb0);
	CHECK_EQ((uint8_t)ch(3, 0), 0xdb);
	CHECK_EQ((uint8_t)ch(4, 0), 0xc4);
	CHECK_EQ(ch(5, 0), 'A');
	CHECK_CURSOR(6, 0);
	/* one cell per unknown code point, of any length */
	fbcon_term_init(&t, 20, 2);
	put("\u00e9\u4e2d\U0001F600x");
	CHECK(ROW_IS_LIT(0, "\0\0\0x"));
	/* malformed: overlong, surrogate, too large, truncated, stray */
	fbcon_term_init(&t, 20, 2);
	put("\xc0\x80|\xe0\x80\x80|\xed\xa0\x80|\xf4\x90\x80\x80|\xe2\x94|");
	CHECK(ROW_IS_LIT(0, "\0\0|\0|\0|\0|\0|"));
	put("\n\xe2\x94\xe2\x94\x80\xbf");
	CHECK(ROW_IS_LIT(1, "\0\xc4\0"));
	/* a sequence split across writes still decodes */
	put("\r\xe2");
	put("\x96");
	put("\x88");
	CHECK_EQ((uint8_t)ch(0, 1), 0xdb);
	CHECK_CURSOR(1, 1);
}

static void test_one_cell(void)
{
	fbcon_term_init(&t, 1, 1);
	put("abc\n\t\b\e[5;5Hd");
	CHECK_EQ(ch(0, 0), 'd');
	CHECK_CURSOR(0, 0);
}

int main(void)
{
	test_init_clamps();
	test_text_and_newlines();
	test_wrap();
	test_scroll();
	test_tabs();
	test_backspace();
	test_sgr();
	test_erase_and_move();
	test_cursor_visibility();
	test_malformed();
	test_utf8();
	test_one_cell();
	return test_finish();
}
