/* SPDX-License-Identifier: MIT */
/* ConOut printing (UEFI 2.10, 12.4 Simple Text Output) and failure exit. */
#include "efi_glue.h"
#include <stdarg.h>

#define FAIL_STALL_US 3000000

EFI_SYSTEM_TABLE *efi_st;
EFI_BOOT_SERVICES *efi_bs;

/* Widen UTF-8/ASCII bytes to UCS-2 (non-ASCII becomes '?'), LF -> CRLF. */
static void con_write(const char *s)
{
	CHAR16 out[128];
	unsigned n = 0;

	for (; *s; s++) {
		if (n + 3 > sizeof(out) / sizeof(out[0])) {
			out[n] = 0;
			efi_st->ConOut->OutputString(efi_st->ConOut, out);
			n = 0;
		}
		if (*s == '\n')
			out[n++] = '\r';
		out[n++] = (unsigned char)*s < 0x80 ? (CHAR16)*s : '?';
	}
	out[n] = 0;
	efi_st->ConOut->OutputString(efi_st->ConOut, out);
}

static void con_vprintf(const char *fmt, va_list ap)
{
	char buf[256];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	con_write(buf);
}

void con_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	con_vprintf(fmt, ap);
	va_end(ap);
}

EFI_STATUS loader_fail(EFI_STATUS status, const char *fmt, ...)
{
	va_list ap;

	con_write("tern loader: error: ");
	va_start(ap, fmt);
	con_vprintf(fmt, ap);
	va_end(ap);
	con_write("\n");
	efi_bs->Stall(FAIL_STALL_US);
	return status;
}

const char *efi_strerror(EFI_STATUS s)
{
	switch (s) {
	case EFI_SUCCESS:
		return "EFI_SUCCESS";
	case EFI_LOAD_ERROR:
		return "EFI_LOAD_ERROR";
	case EFI_INVALID_PARAMETER:
		return "EFI_INVALID_PARAMETER";
	case EFI_UNSUPPORTED:
		return "EFI_UNSUPPORTED";
	case EFI_BAD_BUFFER_SIZE:
		return "EFI_BAD_BUFFER_SIZE (too large)";
	case EFI_BUFFER_TOO_SMALL:
		return "EFI_BUFFER_TOO_SMALL";
	case EFI_DEVICE_ERROR:
		return "EFI_DEVICE_ERROR";
	case EFI_VOLUME_CORRUPTED:
		return "EFI_VOLUME_CORRUPTED";
	case EFI_OUT_OF_RESOURCES:
		return "EFI_OUT_OF_RESOURCES";
	case EFI_NOT_FOUND:
		return "not found";
	case EFI_ACCESS_DENIED:
		return "EFI_ACCESS_DENIED";
	default:
		return "EFI error";
	}
}
