/* SPDX-License-Identifier: MIT */
/* The line editor's input parsing and editing (lineedit.h). */
#include <libk/printf.h>
#include <libk/string.h>
#include "shell/lineedit.h"
#include "shell/lineedit_impl.h"

enum { ESC_NONE, ESC_START, ESC_CSI, ESC_SS3 };

void ledit_init(struct ledit *e, const char *prompt, ledit_out_fn out,
                ledit_complete_fn complete, void *ctx)
{
	LIBK_FN(memset)(e, 0, sizeof(*e));
	e->prompt = prompt;
	e->out = out;
	e->complete = complete;
	e->ctx = ctx;
}

void ledit_emit(struct ledit *e, const char *s, size_t n)
{
	if (n)
		e->out(e->ctx, s, n);
}

void ledit_puts(struct ledit *e, const char *s)
{
	ledit_emit(e, s, LIBK_FN(strlen)(s));
}

void ledit_start(struct ledit *e)
{
	e->len = e->cur = e->dropped = 0;
	e->buf[0] = 0;
	e->esc = ESC_NONE;
	e->browse = e->nhist;
	ledit_puts(e, e->prompt);
}

/* Rewrite the whole line: CR, prompt, text, erase to end of line, then
 * move the cursor back to its place. */
void ledit_redraw(struct ledit *e)
{
	char back[24];

	ledit_puts(e, "\r");
	ledit_puts(e, e->prompt);
	ledit_emit(e, e->buf, e->len);
	ledit_puts(e, "\x1b[K");
	if (e->cur < e->len)
		ledit_emit(e, back,
		           (size_t)LIBK_FN(snprintf)(back, sizeof(back),
		                                     "\x1b[%zuD",
		                                     e->len - e->cur));
}

/* Insert n bytes at the cursor, as many as fit. */
void ledit_insert(struct ledit *e, const char *s, size_t n)
{
	size_t room = LEDIT_MAX - 1 - e->len;

	if (n > room) {
		e->dropped += n - room;
		n = room;
	}
	if (!n)
		return;
	LIBK_FN(memmove)(e->buf + e->cur + n, e->buf + e->cur, e->len - e->cur);
	LIBK_FN(memcpy)(e->buf + e->cur, s, n);
	e->len += n;
	e->cur += n;
	e->buf[e->len] = 0;
	if (e->cur == e->len)
		ledit_emit(e, s, n); /* appending: a plain echo is enough */
	else
		ledit_redraw(e);
}

/* Remove [from, to) and redraw. */
static void cut(struct ledit *e, size_t from, size_t to)
{
	if (from >= to)
		return;
	LIBK_FN(memmove)(e->buf + from, e->buf + to, e->len - to);
	e->len -= to - from;
	e->buf[e->len] = 0;
	e->cur = from;
	ledit_redraw(e);
}

static void move_to(struct ledit *e, size_t pos)
{
	if (pos != e->cur && pos <= e->len) {
		e->cur = pos;
		ledit_redraw(e);
	}
}

/* Start of the word before the cursor (skipping spaces first). */
static size_t word_start(const struct ledit *e)
{
	size_t p = e->cur;

	while (p && e->buf[p - 1] == ' ')
		p--;
	while (p && e->buf[p - 1] != ' ')
		p--;
	return p;
}

static enum ledit_result finish(struct ledit *e)
{
	ledit_puts(e, "\r\n");
	e->buf[e->len] = 0;
	ledit_history_add(e, e->buf);
	return LEDIT_LINE;
}

/* A control byte (< 0x20 or 0x7f). */
static enum ledit_result control(struct ledit *e, unsigned char c)
{
	switch (c) {
	case 0x01:
		move_to(e, 0);
		break; /* ^A */
	case 0x02:
		if (e->cur)
			move_to(e, e->cur - 1);
		break; /* ^B */
	case 0x03:
		ledit_puts(e, "^C\r\n");
		return LEDIT_CANCEL;
	case 0x04:
		cut(e, e->cur, e->cur < e->len ? e->cur + 1 : e->cur);
		break;
	case 0x05:
		move_to(e, e->len);
		break; /* ^E */
	case 0x06:
		move_to(e, e->cur + 1);
		break; /* ^F */
	case 0x08:
	case 0x7f:
		if (e->cur)
			cut(e, e->cur - 1, e->cur);
		break;
	case 0x09:
		ledit_complete(e);
		break; /* Tab */
	case 0x0b:
		cut(e, e->cur, e->len);
		break; /* ^K */
	case 0x0e:
		ledit_history_move(e, +1);
		break; /* ^N */
	case 0x10:
		ledit_history_move(e, -1);
		break; /* ^P */
	case 0x15:
		cut(e, 0, e->cur);
		break; /* ^U */
	case 0x17:
		cut(e, word_start(e), e->cur);
		break; /* ^W */
	case 0x1b:
		e->esc = ESC_START;
		break;
	default:
		break; /* other C0 bytes: ignored */
	}
	return LEDIT_MORE;
}

/* The end of a CSI or SS3 sequence: final byte f, parameters e->param. */
static void sequence(struct ledit *e, char f)
{
	const char *p = e->esc_long ? "?" : e->param;

	if (f == 'A')
		ledit_history_move(e, -1);
	else if (f == 'B')
		ledit_history_move(e, +1);
	else if (f == 'C')
		move_to(e, e->cur + 1);
	else if (f == 'D' && e->cur)
		move_to(e, e->cur - 1);
	else if (f == 'H')
		move_to(e, 0);
	else if (f == 'F')
		move_to(e, e->len);
	else if (f == '~' &&
	         (!LIBK_FN(strcmp)(p, "1") || !LIBK_FN(strcmp)(p, "7")))
		move_to(e, 0);
	else if (f == '~' &&
	         (!LIBK_FN(strcmp)(p, "4") || !LIBK_FN(strcmp)(p, "8")))
		move_to(e, e->len);
	else if (f == '~' && !LIBK_FN(strcmp)(p, "3") && e->cur < e->len)
		cut(e, e->cur, e->cur + 1);
}

/* One byte inside an escape sequence (ECMA-48 5.4: parameter bytes
 * 0x30..0x3f, intermediates 0x20..0x2f, final 0x40..0x7e). Returns false
 * if c ended the sequence without being part of it. */
static bool escape_byte(struct ledit *e, unsigned char c)
{
	if (e->esc == ESC_START) {
		e->plen = 0;
		e->param[0] = 0;
		e->esc_long = false;
		e->esc = c == '[' ? ESC_CSI : c == 'O' ? ESC_SS3 : ESC_NONE;
		return e->esc != ESC_NONE || (c >= 0x20 && c < 0x7f);
	}
	if (c >= 0x20 && c <= 0x3f && e->esc == ESC_CSI) {
		if (e->plen + 1 < LEDIT_ESC_MAX) {
			e->param[e->plen++] = (char)c;
			e->param[e->plen] = 0;
		} else {
			e->esc_long = true;
		}
		return true;
	}
	e->esc = ESC_NONE;
	if (c >= 0x40 && c <= 0x7e) {
		sequence(e, (char)c);
		return true;
	}
	return false; /* a control byte cut the sequence short */
}

enum ledit_result ledit_feed(struct ledit *e, unsigned char c)
{
	bool after_cr = e->last_cr;

	e->last_cr = c == '\r';
	if (e->esc != ESC_NONE && escape_byte(e, c))
		return LEDIT_MORE;
	if (c == '\r' || (c == '\n' && !after_cr))
		return finish(e);
	if (c == '\n')
		return LEDIT_MORE; /* the LF of a CR LF pair */
	if (c < 0x20 || c == 0x7f)
		return control(e, c);
	if (c < 0x7f) {
		char ch = (char)c;
		ledit_insert(e, &ch, 1);
	}
	return LEDIT_MORE;
}
