/* SPDX-License-Identifier: MIT */
/* The `lsusb` shell command: one line per enumerated USB device (the
 * list comes from drivers/usb/, usb_list_devices). */
#include "drivers/usb/usb.h"
#include "shell/shell.h"

static int cmd_lsusb(int argc, char **argv)
{
	struct usb_info info[USB_MAX_DEVICES];
	unsigned n = usb_list_devices(info, USB_MAX_DEVICES);

	(void)argc;
	(void)argv;
	sh_printf("bus-port  speed  slot  id         class         driver   "
	          "product\n");
	for (unsigned i = 0; i < n; i++) {
		const struct usb_info *u = &info[i];

		sh_printf("%-9s %-6s %4u  %04x:%04x  %-13s %-8s %s\n", u->path,
		          usb_speed_name(u->speed), u->slot, u->vendor,
		          u->product, usb_class_name(u->cls),
		          u->driver ? u->driver : "-", u->product_str);
	}
	sh_printf("lsusb: %u device%s\n", n, n == 1 ? "" : "s");
	return 0;
}
SHELL_CMD(lsusb, "", "the USB devices", 0, 0, cmd_lsusb);
