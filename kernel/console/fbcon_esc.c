/* SPDX-License-Identifier: MIT */
/* ANSI escape sequences for the framebuffer console: a small state machine
 * after ECMA-48 section 5.4 (control sequence = CSI, parameter bytes
 * 0x30-0x3F, intermediate bytes 0x20-0x2F, one final byte 0x40-0x7E). The
 * supported commands are listed in fbcon_term.h. */
#include "fbcon_term.h"

#define CAN 0x18
#define SUB 0x1a

static void sgr_one(struct fbcon_term *t, unsigned v)
{
	if (v == 0) {
		t->fg = FBCON_DEFAULT_FG;
		t->bg = FBCON_DEFAULT_BG;
		t->bold = false;
		t->reverse = false;
	} else if (v == 1) {
		t->bold = true;
	} else if (v == 22) {
		t->bold = false;
	} else if (v == 7) {
		t->reverse = true;
	} else if (v == 27) {
		t->reverse = false;
	} else if (v >= 30 && v <= 37) {
		t->fg = (uint8_t)(v - 30);
	} else if (v >= 90 && v <= 97) {
		t->fg = (uint8_t)(v - 90 + FBCON_BRIGHT);
	} else if (v == 39) {
		t->fg = FBCON_DEFAULT_FG;
	} else if (v >= 40 && v <= 47) {
		t->bg = (uint8_t)(v - 40);
	} else if (v >= 100 && v <= 107) {
		t->bg = (uint8_t)(v - 100 + FBCON_BRIGHT);
	} else if (v == 49) {
		t->bg = FBCON_DEFAULT_BG;
	}
	/* anything else (italic, 256 colours, ...) is ignored */
}

/* Parameter i, or def if it is missing or 0 where 0 means "default". */
static unsigned param(const struct fbcon_parser *p, unsigned i, unsigned def)
{
	if (i >= p->nparams || p->params[i] == 0)
		return def;
	return p->params[i];
}

/* Erase in display (J) or in line (K): mode 0 cursor to end, 1 start to
 * cursor (inclusive), 2 all. */
static void erase(struct fbcon_term *t, unsigned mode, bool line)
{
	size_t cur = (size_t)t->cy * t->cols + t->cx;
	size_t start = line ? (size_t)t->cy * t->cols : 0;
	size_t end = line ? start + t->cols : (size_t)t->cols * t->rows;

	if (mode == 0)
		fbcon_term_erase(t, cur, end);
	else if (mode == 1)
		fbcon_term_erase(t, start, cur + 1);
	else if (mode == 2 || (mode == 3 && !line))
		fbcon_term_erase(t, start, end);
}

static void csi_dispatch(struct fbcon_term *t, uint8_t final)
{
	const struct fbcon_parser *p = &t->p;
	long n = param(p, 0, 1);

	if (p->intermediate)
		return;
	if (p->private_mark) {
		if ((final == 'h' || final == 'l') && p->nparams == 1 &&
		    p->params[0] == 25)
			t->cursor_visible = final == 'h';
		return;
	}
	switch (final) {
	case 'm':
		if (p->nparams == 0)
			sgr_one(t, 0);
		for (unsigned i = 0; i < p->nparams; i++)
			sgr_one(t, p->params[i]);
		break;
	case 'J':
	case 'K':
		erase(t, p->nparams ? p->params[0] : 0, final == 'K');
		break;
	case 'H':
	case 'f':
		fbcon_term_move(t, (long)param(p, 1, 1) - 1, n - 1);
		break;
	case 'A':
		fbcon_term_move(t, t->cx, (long)t->cy - n);
		break;
	case 'B':
		fbcon_term_move(t, t->cx, (long)t->cy + n);
		break;
	case 'C':
		fbcon_term_move(t, (long)t->cx + n, t->cy);
		break;
	case 'D':
		fbcon_term_move(t, (long)t->cx - n, t->cy);
		break;
	}
}

/* One byte inside CSI: collect parameters until the final byte. */
static void csi_byte(struct fbcon_term *t, uint8_t c)
{
	struct fbcon_parser *p = &t->p;

	if (c >= '0' && c <= '9') {
		if (p->nparams == 0)
			p->nparams = 1;
		if (p->nparams <= FBCON_MAX_PARAMS) {
			unsigned v =
			    p->params[p->nparams - 1] * 10u + (c - '0');
			p->params[p->nparams - 1] =
			    v > FBCON_PARAM_MAX ? FBCON_PARAM_MAX : (uint16_t)v;
		}
	} else if (c == ';') {
		/* "CSI ;5m": the empty first parameter counts as one */
		if (p->nparams == 0)
			p->nparams = 1;
		if (p->nparams < FBCON_MAX_PARAMS)
			p->params[p->nparams] = 0;
		if (p->nparams <= FBCON_MAX_PARAMS)
			p->nparams++;
	} else if (c >= 0x3c && c <= 0x3f) {
		p->private_mark = true;
	} else if (c == ':' || (c >= 0x20 && c <= 0x2f)) {
		p->intermediate = true; /* sub-parameters, intermediates */
	} else if (c >= 0x40 && c <= 0x7e) {
		if (p->nparams > FBCON_MAX_PARAMS)
			p->nparams = FBCON_MAX_PARAMS;
		p->state = FBCON_GROUND;
		csi_dispatch(t, c);
	} else {
		p->state = FBCON_GROUND; /* 0x7f-0xff: malformed, drop it */
	}
}

static void start(struct fbcon_parser *p, uint8_t state)
{
	p->state = state;
	p->nparams = 0;
	p->len = 0;
	p->private_mark = false;
	p->intermediate = false;
	p->params[0] = 0;
}

bool fbcon_esc_feed(struct fbcon_term *t, uint8_t c)
{
	struct fbcon_parser *p = &t->p;

	if (c == 0x1b) {
		start(p, FBCON_ESC);
		return true;
	}
	if (c == CAN || c == SUB) {
		p->state = FBCON_GROUND;
		return true;
	}
	if (c < 0x20) {
		p->state = FBCON_GROUND;
		return false;
	}
	if (++p->len > FBCON_SEQ_MAX) {
		p->state = FBCON_GROUND; /* overlong: give up, eat the byte */
		return true;
	}
	if (p->state == FBCON_ESC) {
		if (c == '[')
			start(p, FBCON_CSI);
		else if (c > 0x2f)
			p->state = FBCON_GROUND; /* ESC + final: ignored */
		return true;
	}
	csi_byte(t, c);
	return true;
}
