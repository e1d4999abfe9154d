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
 *   cmdtimeout  each controller's first command is given no time, so it
 *           "times out" and is aborted (CRCR.CA); a command that did
 *           complete meanwhile must still count
 *   slowexit  a USB keyboard's thread takes 3 s to end once told to stop
 *           (as if in a failing control transfer): unplug must wait
 *   thread  class drivers fail to start their thread (as when THREAD_MAX
 *           is reached): the start-failure path must leave no pipe running
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
