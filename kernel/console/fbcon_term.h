/* SPDX-License-Identifier: MIT */
/* The portable half of the framebuffer console: a grid of character cells,
 * a cursor and an ANSI escape parser. It knows nothing of pixels; a renderer
 * (fbcon_render.h) draws the rows it marks dirty.
 *
 *   cells[row * cols + col]     row 0 at the top, col 0 at the left
 *   +-----+-----+-----+ ... +-----+
 *   | ch  | ch  |     |     |     |   ch: byte to draw (font index)
 *   | attr| attr|     |     |     |   attr: FBCON_ATTR(fg, bg), 16 colours
 *   +-----+-----+-----+ ... +-----+
 *
 * Input is UTF-8 (fbcon_utf8.h): ASCII, the shade/block/box characters the
 * font has, and a replacement glyph for everything else. Cells hold font
 * indices, not code points.
 *
 * Control bytes: \n (next line, column 0), \r, \t (next multiple of 8),
 * \b (left, stops at column 0), ESC sequences. Other C0 bytes and DEL are
 * ignored. Writing into the last column leaves the cursor there with a wrap
 * pending; the next printable byte wraps first (as VT100 terminals do), so a
 * full line followed by \n does not leave a blank line.
 *
 * Escape sequences (ECMA-48 CSI = ESC '['): parameters are decimal, ';'
 * separated, at most FBCON_MAX_PARAMS (extras are dropped), each clamped to
 * FBCON_PARAM_MAX. A sequence longer than FBCON_SEQ_MAX bytes is abandoned.
 *   CSI n m       SGR: 0 reset, 1 bold (bright fg), 22 normal, 7 reverse,
 *                 27 no reverse, 30-37 / 90-97 fg, 39 default fg,
 *                 40-47 / 100-107 bg, 49 default bg
 *   CSI n J       erase: 0 to end of screen, 1 to cursor, 2 (or 3) all
 *   CSI n K       erase in line: 0 to end, 1 to cursor, 2 whole line
 *   CSI r;c H     cursor position (1-based, default 1;1), also 'f'
 *   CSI n A/B/C/D cursor up/down/right/left by n (default 1)
 *   CSI ?25 h/l   show/hide the cursor
 * Anything else (other finals, ESC + one byte) is consumed and ignored.
 * CAN (0x18) and SUB (0x1A) cancel a sequence; any other control byte
 * cancels it and is then handled normally. */
#ifndef TERN_CONSOLE_FBCON_TERM_H
#define TERN_CONSOLE_FBCON_TERM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fbcon_utf8.h"

/* 3840x2160 in 8x16 cells; larger screens use the top-left part. */
#define FBCON_MAX_COLS   480
#define FBCON_MAX_ROWS   135
#define FBCON_MAX_PARAMS 8
#define FBCON_PARAM_MAX  9999
#define FBCON_SEQ_MAX    64
#define FBCON_TAB        8

/* Colour indices: 0-7 normal, 8-15 bright, in ANSI order. */
enum fbcon_color {
	FBCON_BLACK,
	FBCON_RED,
	FBCON_GREEN,
	FBCON_YELLOW,
	FBCON_BLUE,
	FBCON_MAGENTA,
	FBCON_CYAN,
	FBCON_WHITE,
	FBCON_BRIGHT = 8,
};
#define FBCON_DEFAULT_FG   FBCON_WHITE
#define FBCON_DEFAULT_BG   FBCON_BLACK
#define FBCON_ATTR(fg, bg) ((uint8_t)(((bg) << 4) | (fg)))
#define FBCON_ATTR_FG(a)   ((a)&0xfu)
#define FBCON_ATTR_BG(a)   ((a) >> 4)

struct fbcon_cell {
	uint8_t ch;
	uint8_t attr;
};

enum fbcon_parse_state { FBCON_GROUND, FBCON_ESC, FBCON_CSI };

struct fbcon_parser {
	uint8_t state;     /* enum fbcon_parse_state */
	uint8_t nparams;   /* parameters started so far, <= FBCON_MAX_PARAMS */
	uint8_t len;       /* bytes of the sequence so far */
	bool private_mark; /* a '<', '=', '>' or '?' byte was seen */
	bool intermediate; /* a 0x20-0x2F byte was seen: not a known command */
	uint16_t params[FBCON_MAX_PARAMS];
};

struct fbcon_term {
	unsigned cols, rows;
	unsigned cx, cy; /* cursor, always < cols, < rows */
	bool wrap_pending;
	bool cursor_visible;
	uint8_t fg, bg; /* SGR colours before bold/reverse are applied */
	bool bold, reverse;
	struct fbcon_parser p;
	struct fbcon_utf8 u;
	bool dirty[FBCON_MAX_ROWS]; /* rows changed since the last render */
	struct fbcon_cell cells[FBCON_MAX_ROWS * FBCON_MAX_COLS];
};

/* Sets up an empty grid of cols x rows (each clamped to [1, MAX]) with the
 * cursor at the top left, default colours, all rows dirty. */
void fbcon_term_init(struct fbcon_term *t, unsigned cols, unsigned rows);

/* Interprets n bytes (any values) and updates the grid and cursor. */
void fbcon_term_write(struct fbcon_term *t, const char *s, size_t n);

/* Blanks every cell with the current background and homes the cursor. */
void fbcon_term_clear(struct fbcon_term *t);

/* The attribute new text gets: colours after bold and reverse. */
uint8_t fbcon_term_attr(const struct fbcon_term *t);

/* --- used by the escape parser (fbcon_esc.c) --- */

/* Blanks cells [from, to) of the grid in row-major order (indices into
 * cells[], to <= cols * rows) with the current background. */
void fbcon_term_erase(struct fbcon_term *t, size_t from, size_t to);

/* Moves the cursor to (col, row), clamped into the grid; cancels a pending
 * wrap. */
void fbcon_term_move(struct fbcon_term *t, long col, long row);

/* Feeds byte c to the escape parser; called for ESC and for every byte while
 * a sequence is open. Returns false if c cancelled the sequence and must be
 * handled as ordinary input, true if the parser consumed it. */
bool fbcon_esc_feed(struct fbcon_term *t, uint8_t c);

/* The cell at (col, row); both must be in range. */
static inline const struct fbcon_cell *
fbcon_term_cell(const struct fbcon_term *t, unsigned col, unsigned row)
{
	return &t->cells[row * t->cols + col];
}
#endif
