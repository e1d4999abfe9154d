/* SPDX-License-Identifier: MIT */
/* The console's line discipline (kernel/proc/ldisc.c): lines, editing,
 * end of file, escape sequences, a full line and random bytes. */
#include <string.h>
#include "proc/ldisc.h"
#include "test.h"

static char echoed[4096];
static size_t echo_len;

static void echo(const char *s, size_t n, void *ctx)
{
	(void)ctx;
	if (echo_len + n < sizeof(echoed)) {
		memcpy(echoed + echo_len, s, n);
		echo_len += n;
	}
}

/* Feed s; the result of the last byte. */
static enum ldisc_result feed(struct ldisc *ld, const char *s, size_t n)
{
	enum ldisc_result r = LDISC_MORE;

	for (size_t i = 0; i < n; i++)
		r = ldisc_feed(ld, (uint8_t)s[i]);
	return r;
}

#define FEED(ld, lit) feed((ld), (lit), sizeof(lit) - 1)

static void fresh(struct ldisc *ld)
{
	echo_len = 0;
	ldisc_init(ld, echo, NULL);
}

static void test_line(void)
{
	struct ldisc ld;

	fresh(&ld);
	CHECK_EQ(FEED(&ld, "ls -l"), LDISC_MORE);
	CHECK_EQ(FEED(&ld, "\r"), LDISC_LINE);
	CHECK_EQ(ld.len, 6);
	CHECK_MEMEQ(ld.line, "ls -l\n", 6);
	CHECK_MEMEQ(echoed, "ls -l\n", 6);
	ldisc_reset(&ld);
	CHECK_EQ(FEED(&ld, "\n"), LDISC_LINE);
	CHECK_EQ(ld.len, 1);
}

static void test_editing(void)
{
	struct ldisc ld;

	fresh(&ld);
	CHECK_EQ(FEED(&ld, "catx\x7f \b\b/etc\r"), LDISC_LINE);
	CHECK_MEMEQ(ld.line, "ca/etc\n", 7);
	ldisc_reset(&ld);
	CHECK_EQ(FEED(&ld, "junk\x15ok\r"), LDISC_LINE); /* Ctrl-U */
	CHECK_MEMEQ(ld.line, "ok\n", 3);
	ldisc_reset(&ld);
	/* a backspace takes a whole UTF-8 character: "é" is 2 bytes */
	CHECK_EQ(FEED(&ld, "a\xc3\xa9\x7f\r"), LDISC_LINE);
	CHECK_MEMEQ(ld.line, "a\n", 2);
	ldisc_reset(&ld);
	CHECK_EQ(FEED(&ld, "\x7f\x7fx\r"), LDISC_LINE); /* nothing to erase */
	CHECK_MEMEQ(ld.line, "x\n", 2);
}

static void test_eof_and_intr(void)
{
	struct ldisc ld;

	fresh(&ld);
	CHECK_EQ(FEED(&ld, "\x04"), LDISC_EOF);
	CHECK_EQ(FEED(&ld, "abc\x04"), LDISC_LINE); /* no newline added */
	CHECK_EQ(ld.len, 3);
	ldisc_reset(&ld);
	CHECK_EQ(FEED(&ld, "abc\x03"), LDISC_MORE);
	CHECK_EQ(ld.len, 0);
	CHECK(strstr(echoed, "^C\n") != NULL);
}

static void test_escapes(void)
{
	struct ldisc ld;

	fresh(&ld);
	/* up arrow, F5 (CSI 15~), SS3 P (F1), then text */
	CHECK_EQ(FEED(&ld, "\x1b[A\x1b[15~\x1bOPhi\r"), LDISC_LINE);
	CHECK_EQ(ld.len, 3);
	CHECK_MEMEQ(ld.line, "hi\n", 3);
	ldisc_reset(&ld);
	CHECK_EQ(FEED(&ld, "\x01\x02x\tz\r"),
	         LDISC_LINE); /* controls dropped */
	CHECK_MEMEQ(ld.line, "x\tz\n", 4);
}

static void test_full_line(void)
{
	struct ldisc ld;

	fresh(&ld);
	for (int i = 0; i < 1000; i++)
		CHECK_EQ(ldisc_feed(&ld, 'a'), LDISC_MORE);
	CHECK_EQ(ld.len, LDISC_MAX - 1);
	CHECK_EQ(FEED(&ld, "\r"), LDISC_LINE);
	CHECK_EQ(ld.len, LDISC_MAX);
	CHECK_EQ(ld.line[LDISC_MAX - 1], '\n');
}

/* Random bytes: the length stays in bounds, every line ends in '\n' or
 * came from Ctrl-D. */
static void test_random(void)
{
	struct ldisc ld;

	fresh(&ld);
	for (int i = 0; i < 200000; i++) {
		uint8_t b = (uint8_t)test_rand();
		enum ldisc_result r = ldisc_feed(&ld, b);

		CHECK(ld.len <= LDISC_MAX);
		if (r == LDISC_LINE) {
			CHECK(ld.len >= 1);
			CHECK(ld.line[ld.len - 1] == '\n' || b == 0x04);
			ldisc_reset(&ld);
		}
		echo_len = 0;
	}
}

int main(void)
{
	test_line();
	test_editing();
	test_eof_and_intr();
	test_escapes();
	test_full_line();
	test_random();
	return test_finish();
}
