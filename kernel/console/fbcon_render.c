/* SPDX-License-Identifier: MIT */
/* Glyph rendering and incremental redraw (see fbcon_render.h). */
#include "fbcon_render.h"

#include "font.h"

/* Our own 16-colour palette, ANSI order: normal colours then bright ones. */
static const uint32_t palette_rgb[16] = {
    0x000000, 0xc83232, 0x3ca03c, 0xc8a028, /* black red green yellow */
    0x3c5ad2, 0xa046b4, 0x28a0aa, 0xbebebe, /* blue magenta cyan white */
    0x646464, 0xff5a5a, 0x64e664, 0xfff064, /* bright ... */
    0x7896ff, 0xe678ff, 0x5ae6f0, 0xffffff,
};

uint32_t fbcon_palette_rgb(unsigned i)
{
	return palette_rgb[i & 15];
}

void fbcon_surface_init(struct fbcon_surface *s, void *base, uint32_t width,
                        uint32_t height, uint32_t pitch,
                        const struct fbcon_pixfmt *fmt)
{
	s->base = base;
	s->width = width;
	s->height = height;
	s->pitch = pitch;
	for (unsigned i = 0; i < 16; i++)
		s->palette[i] = fbcon_pixfmt_pack(fmt, palette_rgb[i]);
}

static uint32_t *line(const struct fbcon_surface *s, uint32_t y)
{
	return (uint32_t *)(void *)(s->base + (uint64_t)y * s->pitch);
}

void fbcon_draw_cell(const struct fbcon_surface *s, unsigned col, unsigned row,
                     uint8_t ch, uint8_t attr)
{
	const uint8_t *glyph = font_glyph(ch);
	uint32_t fg = s->palette[FBCON_ATTR_FG(attr)];
	uint32_t bg = s->palette[FBCON_ATTR_BG(attr)];
	uint64_t x0 = (uint64_t)col * FONT_WIDTH,
	         y0 = (uint64_t)row * FONT_HEIGHT;

	if (x0 + FONT_WIDTH > s->width || y0 + FONT_HEIGHT > s->height)
		return;
	for (unsigned y = 0; y < FONT_HEIGHT; y++) {
		uint32_t *px = line(s, (uint32_t)y0 + y) + x0;
		unsigned bits = glyph[y];

		for (unsigned x = 0; x < FONT_WIDTH; x++)
			px[x] = (bits & (0x80u >> x)) ? fg : bg;
	}
}

void fbcon_view_reset(struct fbcon_view *v, const struct fbcon_term *t)
{
	const struct fbcon_surface *s = &v->surf;
	uint32_t bg = s->palette[FBCON_DEFAULT_BG];
	struct fbcon_cell blank = {
	    ' ', FBCON_ATTR(FBCON_DEFAULT_FG, FBCON_DEFAULT_BG)};

	for (uint32_t y = 0; y < s->height; y++) {
		uint32_t *px = line(s, y);

		for (uint32_t x = 0; x < s->width; x++)
			px[x] = bg;
	}
	for (size_t i = 0; i < (size_t)t->cols * t->rows; i++)
		v->shown[i] = blank;
	v->cur_drawn = false;
}

/* What cell (col, row) should look like: the cursor shows reversed. */
static struct fbcon_cell wanted(const struct fbcon_term *t, unsigned col,
                                unsigned row)
{
	struct fbcon_cell c = *fbcon_term_cell(t, col, row);

	if (t->cursor_visible && col == t->cx && row == t->cy)
		c.attr =
		    FBCON_ATTR(FBCON_ATTR_BG(c.attr), FBCON_ATTR_FG(c.attr));
	return c;
}

static void sync_row(struct fbcon_view *v, const struct fbcon_term *t,
                     unsigned row)
{
	struct fbcon_cell *shown = &v->shown[(size_t)row * t->cols];

	for (unsigned col = 0; col < t->cols; col++) {
		struct fbcon_cell c = wanted(t, col, row);

		if (c.ch == shown[col].ch && c.attr == shown[col].attr)
			continue;
		fbcon_draw_cell(&v->surf, col, row, c.ch, c.attr);
		shown[col] = c;
	}
}

void fbcon_view_sync(struct fbcon_view *v, struct fbcon_term *t)
{
	if (v->cur_drawn)
		t->dirty[v->cur_y] = true;
	t->dirty[t->cy] = true;
	for (unsigned row = 0; row < t->rows; row++) {
		if (!t->dirty[row])
			continue;
		sync_row(v, t, row);
		t->dirty[row] = false;
	}
	v->cur_y = t->cy;
	v->cur_drawn = t->cursor_visible;
}
