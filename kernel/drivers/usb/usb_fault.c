/* SPDX-License-Identifier: MIT */
/*
 * Fault injection for the USB tests: QEMU's devices are well-formed and
 * never fail, so the error paths are reached by asking for faults on the
 * kernel command line, usbfault=<what>[,<what>...]:
 *
 *   device  every device descriptor is damaged before it is parsed
 *   config  every configuration descriptor is damaged likewise
 *   stall   each device is sent a request it must refuse (a STALL on
 *           EP0, which the controller then halts) after enumeration
 *   intr    the first completion of every interrupt pipe fails
 */
#include <libk/parse.h>
#include <libk/string.h>
#include "core/boot.h"
#include "drivers/usb/usb.h"

bool usb_fault(const char *what)
{
	char list[48];
	size_t n = strlen(what);

	if (!kcmdline_get(boot_cmdline(), "usbfault", list, sizeof(list)))
		return false;
	for (const char *p = list; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == n && !strncmp(p, what, n))
			return true;
		p += len + (end ? 1 : 0);
	}
	return false;
}
