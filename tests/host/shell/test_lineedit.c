/* SPDX-License-Identifier: MIT */
/* The line editor: editing keys, escape sequences, history, completion,
 * overlong lines and garbage. */
#include <stdlib.h>
#include "shell/lineedit.h"
#include "test.h"

static char outbuf[1 << 16];
static size_t outlen;

static void out(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	if (outlen + n < sizeof(outbuf)) {
		memcpy(outbuf + outlen, s, n);
		outlen += n;
		outbuf[outlen] = 0;
	}
}

static const char *const names[] = {"help",  "mem", "memmap",
                                    "lspci", "log", "poweroff"};

static size_t complete(void *ctx, const char *p, size_t len, const char **o,
                       size_t max)
{
	size_t n = 0;

	(void)ctx;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strncmp(names[i], p, len)) {
			if (n < max)
				o[n] = names[i];
			n++;
		}
	}
	return n;
}

static struct ledit ed;

static void start(void)
{
	ledit_init(&ed, "> ", out, complete, NULL);
	ledit_start(&ed);
	outlen = 0;
}

/* Feed s; return the last result. */
static enum ledit_result type(const char *s, size_t n)
{
	enum ledit_result r = LEDIT_MORE;

	for (size_t i = 0; i < n; i++) {
		r = ledit_feed(&ed, (unsigned char)s[i]);
		if (r != LEDIT_MORE && i + 1 < n)
			ledit_start(&ed);
	}
	return r;
}
#define TYPE(s) type(s, sizeof(s) - 1)

/* Type s (which ends the line) and check the resulting line. */
#define LINE_IS(s, want)                                                       \
	do {                                                                   \
		start();                                                       \
		CHECK_EQ(TYPE(s), LEDIT_LINE);                                 \
		CHECK_STREQ(ledit_line(&ed), want);                            \
	} while (0)

static void test_editing(void)
{
	LINE_IS("hello\r", "hello");
	LINE_IS("hello\n", "hello");
	LINE_IS("helo\x1b[Dl\r", "hello");         /* left, insert */
	LINE_IS("ello\x01h\r", "hello");           /* ^A */
	LINE_IS("ello\x1b[Hh\x1b[F!\r", "hello!"); /* Home, End */
	LINE_IS("ello\x1b[1~h\x1b[4~!\r", "hello!");
	LINE_IS("ello\x1bOHh\r", "hello");      /* SS3 Home */
	LINE_IS("hellxo\x1b[D\x7f\r", "hello"); /* backspace */
	LINE_IS("hellxo\x1b[D\x08\r", "hello");
	LINE_IS("helxlo\x01\x1b[C\x1b[C\x1b[C\x1b[3~\r", "hello"); /* Delete */
	LINE_IS("hello world\x01\x06\x06\x06\x06\x06\x0b\r", "hello"); /* ^K */
	LINE_IS("junk hello\x01\x1b[C\x1b[C\x1b[C\x1b[C\x1b[C\x15\r", "hello");
	LINE_IS("hello big world\x17\x17\r", "hello "); /* ^W twice */
	LINE_IS("\x7f\x7f\x1b[D\x1b[3~x\r", "x");       /* edits on empty */
	LINE_IS("ab\x02\x02\x02\x02"
	        "c\r",
	        "cab"); /* ^B past start */
}

static void test_cancel_and_crlf(void)
{
	start();
	CHECK_EQ(TYPE("abc\x03"), LEDIT_CANCEL);
	start();
	CHECK_EQ(TYPE("a\r"), LEDIT_LINE);
	ledit_start(&ed);
	CHECK_EQ(TYPE("\n"), LEDIT_MORE); /* LF of CR LF: not a second line */
	CHECK_EQ(TYPE("\n"), LEDIT_LINE); /* a lone LF is */
}

static void test_garbage(void)
{
	/* control bytes, high bytes, unknown and cut-short escapes */
	LINE_IS("a\x07\x0c\x80\xff\x1b[99zb\x1b[12;34;56;78;90;12Xc\r", "abc");
	LINE_IS("a\x1b\x1b[Cb\r", "ab");
	LINE_IS("a\x1bxb\r", "ab"); /* Alt-x: dropped */
	/* ESC cut short by a control byte: the byte still counts */
	LINE_IS("ab\x1b\r", "ab");
}

static void test_long_line(void)
{
	char big[10240];

	memset(big, 'x', sizeof(big));
	big[sizeof(big) - 1] = '\r';
	start();
	CHECK_EQ(type(big, sizeof(big)), LEDIT_LINE);
	CHECK_EQ(strlen(ledit_line(&ed)), LEDIT_MAX - 1);
	CHECK_EQ(ed.dropped, sizeof(big) - 1 - (LEDIT_MAX - 1));
	start();
	CHECK_EQ(TYPE("ok\r"), LEDIT_LINE);
	CHECK_EQ(ed.dropped, 0);
}

static void test_history(void)
{
	start();
	TYPE("one\r");
	ledit_start(&ed);
	TYPE("two\r");
	ledit_start(&ed);
	TYPE("two\r"); /* repeat: kept once */
	ledit_start(&ed);
	CHECK_EQ(ed.nhist, 2); /* one, two */
	CHECK_EQ(TYPE("dra\x1b[A\x1b[A\r"), LEDIT_LINE);
	CHECK_STREQ(ledit_line(&ed), "one");
	ledit_start(&ed);
	/* up past the oldest stays there; down returns to the draft */
	CHECK_EQ(TYPE("dra\x1b[A\x1b[A\x1b[A\x1b[B\x1b[B\x1b[Bft\r"),
	         LEDIT_LINE);
	CHECK_STREQ(ledit_line(&ed), "draft");
	ledit_start(&ed);
	CHECK_EQ(TYPE("\x10\r"), LEDIT_LINE); /* ^P */
	CHECK_STREQ(ledit_line(&ed), "draft");
}

static void test_history_bound(void)
{
	char line[16];

	start();
	for (int i = 0; i < 3 * LEDIT_HISTORY; i++) {
		snprintf(line, sizeof(line), "cmd%d\r", i);
		type(line, strlen(line));
		ledit_start(&ed);
	}
	CHECK_EQ(ed.nhist, LEDIT_HISTORY);
	for (int i = 0; i < LEDIT_HISTORY; i++)
		TYPE("\x1b[A");
	TYPE("\r");
	snprintf(line, sizeof(line), "cmd%d", 2 * LEDIT_HISTORY);
	CHECK_STREQ(ledit_line(&ed), line);
}

static void test_completion(void)
{
	LINE_IS("he\t\r", "help ");
	LINE_IS("ls\t\r", "lspci ");
	LINE_IS("me\t\r", "mem"); /* mem, memmap: common prefix only */
	start();
	TYPE("me\t\t"); /* second Tab lists both */
	CHECK(strstr(outbuf, "mem  memmap") != NULL);
	LINE_IS("x\t\r", "x");       /* no match */
	LINE_IS("mem \t\r", "mem "); /* only the first word */
	LINE_IS("l\t\r", "l");       /* log, lspci: nothing common */
}

/* Random bytes: no crash, the line always fits, output is produced. */
static void test_fuzz(void)
{
	test_rng_seed();
	start();
	for (int i = 0; i < 300000; i++) {
		enum ledit_result r =
		    ledit_feed(&ed, (unsigned char)test_rand());

		CHECK(ed.len < LEDIT_MAX && ed.cur <= ed.len);
		if (r != LEDIT_MORE) {
			CHECK_EQ(strlen(ledit_line(&ed)), ed.len);
			ledit_start(&ed);
		}
		if (outlen > sizeof(outbuf) / 2)
			outlen = 0;
	}
}

int main(void)
{
	test_editing();
	test_cancel_and_crlf();
	test_garbage();
	test_long_line();
	test_history();
	test_history_bound();
	test_completion();
	test_fuzz();
	return test_finish();
}
