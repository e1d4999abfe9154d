/* SPDX-License-Identifier: MIT */
/* The framebuffer console's edge: checks the boot-info framebuffer and
 * wires one static grid (fbcon_term) to one static view (fbcon_render).
 * No allocation: both live in .bss (about 260 KiB at the 4K maximum). */
#include "fbcon.h"

#include <tern/bootinfo.h>

#include "font.h"
#include "fbcon_render.h"

static struct fbcon_term term;
static struct fbcon_view view;
static bool active;

/* Whether fb describes memory we can draw 8x16 cells into. */
static bool fb_usable(const struct tern_framebuffer *fb,
                      struct fbcon_pixfmt *fmt)
{
	if (!fb || fb->virt == 0 || fb->virt % 4 != 0)
		return false;
	if (fb->width < FONT_WIDTH || fb->height < FONT_HEIGHT)
		return false;
	if (fb->pitch % 4 != 0 || (uint64_t)fb->pitch < (uint64_t)fb->width * 4)
		return false;
	if (fb->size < (uint64_t)fb->pitch * fb->height)
		return false;
	return fbcon_pixfmt_init(fmt, fb->format, fb->red_mask, fb->green_mask,
	                         fb->blue_mask);
}

void fbcon_init(const struct tern_framebuffer *fb)
{
	struct fbcon_pixfmt fmt;

	active = false;
	if (!fb_usable(fb, &fmt))
		return;
	fbcon_surface_init(&view.surf, (void *)(uintptr_t)fb->virt, fb->width,
	                   fb->height, fb->pitch, &fmt);
	fbcon_term_init(&term, fb->width / FONT_WIDTH,
	                fb->height / FONT_HEIGHT);
	active = true;
	fbcon_clear();
}

void fbcon_write(const char *s, size_t n)
{
	if (!active)
		return;
	fbcon_term_write(&term, s, n);
	fbcon_view_sync(&view, &term);
}

bool fbcon_active(void)
{
	return active;
}

void fbcon_clear(void)
{
	if (!active)
		return;
	fbcon_term_write(&term, "\x1b[0m", 4);
	fbcon_term_clear(&term);
	fbcon_view_reset(&view, &term);
	fbcon_view_sync(&view, &term);
}

void fbcon_get_size(unsigned *cols, unsigned *rows)
{
	if (cols)
		*cols = active ? term.cols : 0;
	if (rows)
		*rows = active ? term.rows : 0;
}
