/* SPDX-License-Identifier: MIT */
/* Drawing the console's cell grid into a 32-bit pixel buffer. Portable: the
 * buffer is any memory with a given pitch, real or (in tests) malloc'ed.
 *
 *   base                                  pitch bytes per line
 *   +--------+--------+-- ... --+--------+~~~~~~~~+
 *   | cell   | cell   |         | cell   | margin |  padding
 *   | 0,0    | 1,0    |         | cols-1 | < 8 px | (pitch - width*4)
 *   +--------+--------+-- ... --+--------+        |
 *   |  8x16 px each   ...                         |
 *   +----------------------------------------------+
 *   | bottom margin, < 16 lines                     |
 *
 * The renderer keeps a copy of what it last drew (shown[]) and, on a sync,
 * redraws only the cells of dirty rows that differ from it. It never reads
 * the pixel buffer, which on real hardware is slow write-combining memory. */
#ifndef TERN_CONSOLE_FBCON_RENDER_H
#define TERN_CONSOLE_FBCON_RENDER_H
#include "fbcon_pixel.h"
#include "fbcon_term.h"

struct fbcon_surface {
	uint8_t *base;
	uint32_t width, height; /* pixels */
	uint32_t pitch;         /* bytes per line, a multiple of 4 */
	uint32_t palette[16];   /* enum fbcon_color -> pixel value */
};

struct fbcon_view {
	struct fbcon_surface surf;
	unsigned cur_y; /* row where the cursor was last drawn */
	bool cur_drawn; /* ... if it was drawn at all */
	struct fbcon_cell shown[FBCON_MAX_ROWS * FBCON_MAX_COLS];
};

/* Describes the buffer at base (width x height pixels, pitch bytes per line,
 * at least height * pitch bytes) and computes the palette for fmt. */
void fbcon_surface_init(struct fbcon_surface *s, void *base, uint32_t width,
                        uint32_t height, uint32_t pitch,
                        const struct fbcon_pixfmt *fmt);

/* The 0xRRGGBB value of palette entry i (0-15). */
uint32_t fbcon_palette_rgb(unsigned i);

/* Draws glyph ch in colours attr at cell (col, row); cells that do not fit
 * entirely inside the surface are skipped. */
void fbcon_draw_cell(const struct fbcon_surface *s, unsigned col, unsigned row,
                     uint8_t ch, uint8_t attr);

/* Paints the whole surface in the default background and forgets what was
 * shown, so the next sync draws every non-blank cell of t. */
void fbcon_view_reset(struct fbcon_view *v, const struct fbcon_term *t);

/* Brings the surface up to date with t (dirty rows and the cursor) and
 * clears t's dirty marks. */
void fbcon_view_sync(struct fbcon_view *v, struct fbcon_term *t);
#endif
