/* SPDX-License-Identifier: MIT */
/* Pixel format conversion for the framebuffer console (see fbcon_pixel.h). */
#include "fbcon_pixel.h"

#include <tern/bootinfo.h>

/* Records the field of a contiguous, non-empty mask; false otherwise. */
static bool field_from_mask(uint32_t mask, uint8_t *shift, uint8_t *bits)
{
	uint8_t s = 0, n = 0;

	if (mask == 0)
		return false;
	while (!(mask & 1)) {
		mask >>= 1;
		s++;
	}
	while (mask & 1) {
		mask >>= 1;
		n++;
	}
	if (mask != 0)
		return false; /* a hole in the mask */
	*shift = s;
	*bits = n;
	return true;
}

static void set_bytes(struct fbcon_pixfmt *f, uint8_t r, uint8_t g, uint8_t b)
{
	f->shift[0] = r;
	f->shift[1] = g;
	f->shift[2] = b;
	f->bits[0] = f->bits[1] = f->bits[2] = 8;
}

bool fbcon_pixfmt_init(struct fbcon_pixfmt *f, uint32_t format,
                       uint32_t red_mask, uint32_t green_mask,
                       uint32_t blue_mask)
{
	uint32_t masks[3] = {red_mask, green_mask, blue_mask};

	switch (format) {
	case TERN_FB_RGBX8888:
		set_bytes(f, 0, 8, 16);
		return true;
	case TERN_FB_BGRX8888:
		set_bytes(f, 16, 8, 0);
		return true;
	case TERN_FB_BITMASK:
		if ((red_mask & green_mask) || (red_mask & blue_mask) ||
		    (green_mask & blue_mask))
			return false;
		for (int i = 0; i < 3; i++)
			if (!field_from_mask(masks[i], &f->shift[i],
			                     &f->bits[i]))
				return false;
		return true;
	default:
		return false;
	}
}

uint32_t fbcon_pixfmt_pack(const struct fbcon_pixfmt *f, uint32_t rgb)
{
	uint32_t px = 0;

	for (int i = 0; i < 3; i++) {
		uint64_t v = (rgb >> (16 - 8 * i)) & 0xff;
		uint64_t max = (1ull << f->bits[i]) - 1;

		/* round(v * max / 255) in integers: no FPU in the kernel */
		px |= (uint32_t)(((v * max + 127) / 255) << f->shift[i]);
	}
	return px;
}
