/* SPDX-License-Identifier: MIT */
/* Character grid and cursor of the framebuffer console (see fbcon_term.h). */
#include "fbcon_term.h"

#include <libk/string.h>

#define ESC 0x1b

static void mark_all_dirty(struct fbcon_term *t)
{
	for (unsigned r = 0; r < t->rows; r++)
		t->dirty[r] = true;
}

static unsigned clamp_dim(unsigned v, unsigned max)
{
	if (v < 1)
		return 1;
	return v > max ? max : v;
}

void fbcon_term_init(struct fbcon_term *t, unsigned cols, unsigned rows)
{
	t->cols = clamp_dim(cols, FBCON_MAX_COLS);
	t->rows = clamp_dim(rows, FBCON_MAX_ROWS);
	t->fg = FBCON_DEFAULT_FG;
	t->bg = FBCON_DEFAULT_BG;
	t->bold = false;
	t->reverse = false;
	t->cursor_visible = true;
	t->p.state = FBCON_GROUND;
	t->u.need = 0;
	fbcon_term_clear(t);
}

uint8_t fbcon_term_attr(const struct fbcon_term *t)
{
	unsigned fg = t->fg, bg = t->bg;

	if (t->bold && fg < FBCON_BRIGHT)
		fg += FBCON_BRIGHT;
	if (t->reverse)
		return FBCON_ATTR(bg, fg);
	return FBCON_ATTR(fg, bg);
}

void fbcon_term_erase(struct fbcon_term *t, size_t from, size_t to)
{
	struct fbcon_cell blank = {' ', fbcon_term_attr(t)};
	size_t end = (size_t)t->cols * t->rows;

	if (to > end)
		to = end;
	if (from >= to)
		return;
	for (size_t i = from; i < to; i++)
		t->cells[i] = blank;
	for (size_t r = from / t->cols; r <= (to - 1) / t->cols; r++)
		t->dirty[r] = true;
}

void fbcon_term_clear(struct fbcon_term *t)
{
	fbcon_term_erase(t, 0, (size_t)t->cols * t->rows);
	fbcon_term_move(t, 0, 0);
	mark_all_dirty(t);
}

void fbcon_term_move(struct fbcon_term *t, long col, long row)
{
	if (col < 0)
		col = 0;
	if (row < 0)
		row = 0;
	t->cx = (unsigned long)col >= t->cols ? t->cols - 1 : (unsigned)col;
	t->cy = (unsigned long)row >= t->rows ? t->rows - 1 : (unsigned)row;
	t->wrap_pending = false;
}

/* Moves every row up by one, drops the top row and blanks the bottom one.
 * Only the cell grid moves; the renderer redraws from it. */
static void scroll_up(struct fbcon_term *t)
{
	size_t row = t->cols, all = (size_t)t->cols * t->rows;

	LIBK_FN(memmove)
	(t->cells, t->cells + row, (all - row) * sizeof(t->cells[0]));
	fbcon_term_erase(t, all - row, all);
	mark_all_dirty(t);
}

static void newline(struct fbcon_term *t)
{
	t->cx = 0;
	t->wrap_pending = false;
	if (t->cy + 1 < t->rows)
		t->cy++;
	else
		scroll_up(t);
}

static void put_char(struct fbcon_term *t, uint8_t c)
{
	if (t->wrap_pending)
		newline(t);
	t->cells[t->cy * t->cols + t->cx] =
	    (struct fbcon_cell){c, fbcon_term_attr(t)};
	t->dirty[t->cy] = true;
	if (t->cx + 1 < t->cols)
		t->cx++;
	else
		t->wrap_pending = true;
}

static void tab(struct fbcon_term *t)
{
	unsigned next = (t->cx / FBCON_TAB + 1) * FBCON_TAB;

	if (t->wrap_pending)
		return;
	t->cx = next < t->cols ? next : t->cols - 1;
}

/* Handles a byte outside any escape sequence. */
static void ground(struct fbcon_term *t, uint8_t c)
{
	switch (c) {
	case '\n':
		newline(t);
		break;
	case '\r':
		t->cx = 0;
		t->wrap_pending = false;
		break;
	case '\t':
		tab(t);
		break;
	case '\b':
		if (t->wrap_pending)
			t->wrap_pending = false;
		else if (t->cx > 0)
			t->cx--;
		break;
	case ESC:
		fbcon_esc_feed(t, c);
		break;
	default:
		if (c >= 0x80) {
			uint8_t glyph;

			if (fbcon_utf8_feed(&t->u, c, &glyph))
				put_char(t, glyph);
		} else if (c >= 0x20 && c != 0x7f) {
			put_char(t, c);
		}
		break;
	}
}

void fbcon_term_write(struct fbcon_term *t, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t c = (uint8_t)s[i];

		if (c < 0x80 && fbcon_utf8_abort(&t->u))
			put_char(t, FBCON_REPLACEMENT);
		if (t->p.state != FBCON_GROUND && fbcon_esc_feed(t, c))
			continue;
		ground(t, c);
	}
}
