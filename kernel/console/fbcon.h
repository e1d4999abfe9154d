/* SPDX-License-Identifier: MIT */
/* The framebuffer text console: 8x16 cells on the GOP framebuffer the loader
 * handed over, with the control bytes and ANSI escapes of fbcon_term.h.
 *
 *	fbcon_init(&bi->fb);          once the framebuffer is mapped
 *	fbcon_write("\e[1;32mok\e[0m\n", 15);
 *
 * Not thread-safe: callers serialise (kprintf holds its lock). Every call
 * is a no-op until fbcon_init accepted a framebuffer. */
#ifndef TERN_CONSOLE_FBCON_H
#define TERN_CONSOLE_FBCON_H
#include <stdbool.h>
#include <stddef.h>

struct tern_framebuffer;

/* Takes over fb (fb->virt must be mapped, ideally write-combining), clears
 * it and puts the cursor at the top left. Leaves the console inactive if
 * fb is NULL, TERN_FB_NONE, has bad masks, is smaller than one cell, has a
 * pitch below width * 4 or not a multiple of 4, or if size < pitch * height.
 * Screens beyond FBCON_MAX_COLS x FBCON_MAX_ROWS cells use the top left. */
void fbcon_init(const struct tern_framebuffer *fb);

/* Interprets n bytes and updates the screen before returning. */
void fbcon_write(const char *s, size_t n);

/* True once fbcon_init accepted a framebuffer. */
bool fbcon_active(void);

/* Clears the screen and the colours to defaults, cursor to the top left. */
void fbcon_clear(void);

/* The grid size in cells (0 x 0 while inactive); either pointer may be
 * NULL. */
void fbcon_get_size(unsigned *cols, unsigned *rows);
#endif
