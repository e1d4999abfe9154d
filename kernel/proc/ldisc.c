/* SPDX-License-Identifier: MIT */
/* The console's line discipline (ldisc.h). */
#include "proc/ldisc.h"

#define CTRL(c) ((c)&0x1f)
#define ESC     0x1b
#define DEL     0x7f

enum { ESC_NONE, ESC_START, ESC_CSI, ESC_SS3 };

void ldisc_init(struct ldisc *ld, void (*echo)(const char *, size_t, void *),
                void *ctx)
{
	ld->echo = echo;
	ld->ctx = ctx;
	ldisc_reset(ld);
}

void ldisc_reset(struct ldisc *ld)
{
	ld->len = 0;
	ld->esc = ESC_NONE;
}

static void echo(struct ldisc *ld, const char *s, size_t n)
{
	if (ld->echo)
		ld->echo(s, n, ld->ctx);
}

/* Erase the last character: one byte, or a UTF-8 lead byte and its
 * continuation bytes (10xxxxxx); one column on the screen either way. */
static void erase_char(struct ldisc *ld)
{
	if (!ld->len)
		return;
	while (ld->len > 1 && ((uint8_t)ld->line[ld->len - 1] & 0xc0) == 0x80)
		ld->len--;
	ld->len--;
	echo(ld, "\b \b", 3);
}

/* Inside an escape sequence: true while it swallows b (ECMA-48 5.4: a
 * CSI sequence ends with a byte in 0x40..0x7e). */
static int in_escape(struct ldisc *ld, uint8_t b)
{
	switch (ld->esc) {
	case ESC_START:
		ld->esc = b == '[' ? ESC_CSI : b == 'O' ? ESC_SS3 : ESC_NONE;
		return 1;
	case ESC_CSI:
		if (b >= 0x40 && b <= 0x7e)
			ld->esc = ESC_NONE;
		return 1;
	case ESC_SS3:
		ld->esc = ESC_NONE;
		return 1;
	default:
		return 0;
	}
}

enum ldisc_result ldisc_feed(struct ldisc *ld, uint8_t b)
{
	if (in_escape(ld, b))
		return LDISC_MORE;
	switch (b) {
	case ESC:
		ld->esc = ESC_START;
		return LDISC_MORE;
	case '\r':
	case '\n':
		ld->line[ld->len++] = '\n'; /* room is always kept for it */
		echo(ld, "\n", 1);
		return LDISC_LINE;
	case CTRL('D'):
		return ld->len ? LDISC_LINE : LDISC_EOF;
	case DEL:
	case '\b':
		erase_char(ld);
		return LDISC_MORE;
	case CTRL('U'):
		while (ld->len)
			erase_char(ld);
		return LDISC_MORE;
	case CTRL('C'):
		echo(ld, "^C\n", 3);
		ld->len = 0;
		return LDISC_MORE;
	default:
		break;
	}
	if ((b < 0x20 && b != '\t') || ld->len >= LDISC_MAX - 1)
		return LDISC_MORE; /* other controls; a full line takes no more
		                    */
	ld->line[ld->len++] = (char)b;
	echo(ld, (const char *)&b, 1);
	return LDISC_MORE;
}
