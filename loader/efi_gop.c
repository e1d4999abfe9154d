/* SPDX-License-Identifier: MIT */
/*
 * The graphics mode and the framebuffer (UEFI 2.10, 12.9 Graphics Output
 * Protocol: Mode, QueryMode, SetMode).
 *
 * The mode is chosen on purpose: the firmware's current mode is kept
 * unless tern.cfg asks for resolution=WxH; then every mode is queried and
 * the first exact match with a linear framebuffer is set. A request that
 * no mode matches, or a SetMode that fails, keeps the current mode and
 * says so, listing the available sizes. Without a GOP (no display device)
 * there is no framebuffer and the kernel uses the serial console alone.
 */
#include "efi_glue.h"
#include <libk/string.h>

#define LIST_LINE 200 /* bytes of mode list per ConOut line */

static EFI_GUID gop_guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;

/* Pixel layout from the mode info; false for PixelBltOnly or nonsense. */
static bool fb_format(const EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info,
                      struct tern_framebuffer *fb)
{
	const EFI_PIXEL_BITMASK *m = &info->PixelInformation;

	switch (info->PixelFormat) {
	case PixelRedGreenBlueReserved8BitPerColor:
		fb->format = TERN_FB_RGBX8888;
		return true;
	case PixelBlueGreenRedReserved8BitPerColor:
		fb->format = TERN_FB_BGRX8888;
		return true;
	case PixelBitMask:
		if (!m->RedMask || !m->GreenMask || !m->BlueMask ||
		    (m->RedMask & m->GreenMask) || (m->RedMask & m->BlueMask) ||
		    (m->GreenMask & m->BlueMask))
			return false;
		fb->format = TERN_FB_BITMASK;
		fb->red_mask = m->RedMask;
		fb->green_mask = m->GreenMask;
		fb->blue_mask = m->BlueMask;
		return true;
	default:
		return false;
	}
}

static EFI_GRAPHICS_OUTPUT_PROTOCOL *locate_gop(void)
{
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop;

	if (EFI_ERROR(efi_bs->LocateProtocol(&gop_guid, NULL, (void **)&gop)) ||
	    !gop->Mode)
		return NULL;
	return gop;
}

/* Mode i's size if QueryMode answers and it has a usable framebuffer. */
static bool query(EFI_GRAPHICS_OUTPUT_PROTOCOL *gop, UINT32 i, UINT32 *w,
                  UINT32 *h)
{
	EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info;
	struct tern_framebuffer fb;
	UINTN size;
	bool ok;

	if (EFI_ERROR(gop->QueryMode(gop, i, &size, &info)))
		return false;
	ok = size >= sizeof(*info) && fb_format(info, &fb);
	*w = info->HorizontalResolution;
	*h = info->VerticalResolution;
	efi_bs->FreePool(info);
	return ok;
}

/* "available: 640x480 800x600 ...", several lines if long. */
static void list_modes(EFI_GRAPHICS_OUTPUT_PROTOCOL *gop)
{
	char line[LIST_LINE + 16];
	size_t n = 0;
	UINT32 w, h;

	for (UINT32 i = 0; i < gop->Mode->MaxMode; i++) {
		if (!query(gop, i, &w, &h))
			continue;
		n += (size_t)snprintf(line + n, sizeof(line) - n, " %ux%u", w,
		                      h);
		if (n >= LIST_LINE) {
			con_printf("tern loader: GOP modes:%s\n", line);
			n = 0;
		}
	}
	if (n)
		con_printf("tern loader: GOP modes:%s\n", line);
}

static void say_current(EFI_GRAPHICS_OUTPUT_PROTOCOL *gop, const char *why)
{
	const EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info = gop->Mode->Info;

	if (info)
		con_printf("tern loader: GOP mode %u %ux%u (%s)\n",
		           gop->Mode->Mode, info->HorizontalResolution,
		           info->VerticalResolution, why);
}

void efi_gop_choose(uint32_t want_w, uint32_t want_h)
{
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop = locate_gop();
	UINT32 w, h;

	if (!gop) {
		con_printf("tern loader: no GOP: no framebuffer, serial "
		           "console only\n");
		return;
	}
	if (!want_w) {
		say_current(gop, "the firmware's, kept: tern.cfg asks for no "
		                 "resolution");
		return;
	}
	for (UINT32 i = 0; i < gop->Mode->MaxMode; i++) {
		if (!query(gop, i, &w, &h) || w != want_w || h != want_h)
			continue;
		if (i == gop->Mode->Mode) {
			say_current(gop, "already the resolution= asked for");
			return;
		}
		if (!EFI_ERROR(gop->SetMode(gop, i))) {
			say_current(gop, "set for resolution= in tern.cfg");
			return;
		}
		con_printf("tern loader: GOP SetMode %u (%ux%u) failed\n", i, w,
		           h);
		break;
	}
	con_printf("tern loader: resolution=%ux%u unavailable\n", want_w,
	           want_h);
	list_modes(gop);
	say_current(gop, "kept");
}

void efi_get_framebuffer(struct tern_framebuffer *fb)
{
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop = locate_gop();
	const EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info;

	memset(fb, 0, sizeof(*fb));
	if (!gop || !gop->Mode->Info)
		return;
	info = gop->Mode->Info;
	if (!fb_format(info, fb) || !gop->Mode->FrameBufferBase ||
	    (uint64_t)info->PixelsPerScanLine * 4 * info->VerticalResolution >
	        gop->Mode->FrameBufferSize) {
		memset(fb, 0, sizeof(*fb));
		return;
	}
	fb->phys = gop->Mode->FrameBufferBase;
	fb->size = gop->Mode->FrameBufferSize;
	fb->width = info->HorizontalResolution;
	fb->height = info->VerticalResolution;
	fb->pitch = info->PixelsPerScanLine * 4;
}
