/* SPDX-License-Identifier: MIT */
/* Framebuffer pixel formats: turning a 0xRRGGBB colour into the 32-bit value
 * a given framebuffer expects. Every format here is 4 bytes per pixel,
 * stored little-endian:
 *
 *   TERN_FB_RGBX8888   bits 0-7 red,  8-15 green, 16-23 blue
 *   TERN_FB_BGRX8888   bits 0-7 blue, 8-15 green, 16-23 red
 *   TERN_FB_BITMASK    wherever the red/green/blue masks say
 *
 * (UEFI 2.10 section 12.9, EFI_GRAPHICS_PIXEL_FORMAT and EFI_PIXEL_BITMASK.) */
#ifndef TERN_CONSOLE_FBCON_PIXEL_H
#define TERN_CONSOLE_FBCON_PIXEL_H
#include <stdbool.h>
#include <stdint.h>

struct fbcon_pixfmt {
	uint8_t shift[3]; /* red, green, blue: lowest bit of the field */
	uint8_t bits[3];  /* field widths, 1-32 */
};

/* Fills f for format (enum tern_fb_format). For TERN_FB_BITMASK each mask
 * must be a non-empty run of contiguous bits and the masks must not
 * overlap; the masks are ignored for the other formats. Returns false for
 * TERN_FB_NONE, unknown formats and bad masks. */
bool fbcon_pixfmt_init(struct fbcon_pixfmt *f, uint32_t format,
                       uint32_t red_mask, uint32_t green_mask,
                       uint32_t blue_mask);

/* The pixel value for rgb (0xRRGGBB); each 8-bit channel is scaled to its
 * field width (0xff becomes all ones). */
uint32_t fbcon_pixfmt_pack(const struct fbcon_pixfmt *f, uint32_t rgb);
#endif
