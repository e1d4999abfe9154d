/* SPDX-License-Identifier: MIT */
/*
 * USB device enumeration (USB 2.0 §9.1.2, §9.4), after the host
 * controller has addressed the device:
 *
 *   GET_DESCRIPTOR(device, 8)      bMaxPacketSize0 -> controller (FS)
 *   GET_DESCRIPTOR(device, 18)     ids, class, string indexes
 *   GET_DESCRIPTOR(config 0, 9)    wTotalLength
 *   GET_DESCRIPTOR(config 0, all)  usb_parse_config (usb_desc.c)
 *   GET_DESCRIPTOR(string ...)     language 0, manufacturer, product
 *                                  (optional: failures are ignored)
 *   class drivers' probe           (may configure endpoints)
 *   SET_CONFIGURATION              then the driver's start
 *
 * Also the device list behind `lsusb`. Only the first configuration is
 * used.
 */
#include <libk/string.h>
#include <mm/kmalloc.h>
#include "console/kprintf.h"
#include "drivers/usb/usb.h"
#include "sync/spinlock.h"

#define CONFIG_MAX 4096 /* bytes of configuration we accept */
#define LANG_US    0x0409

extern const struct usb_class_driver usb_kbd_driver, usb_hub_driver;
static const struct usb_class_driver *const class_drivers[] = {
    &usb_kbd_driver,
    &usb_hub_driver,
};

/* The devices lsusb shows. */
static struct {
	struct spinlock lk; /* dev[] */
	struct usb_device *dev[USB_MAX_DEVICES];
} usb_list = {.lk = SPINLOCK_INIT("usb-list")};

const char *usb_speed_name(enum usb_speed s)
{
	static const char *const names[] = {"?", "low", "full", "high",
	                                    "super"};

	return (unsigned)s < 5 ? names[s] : "?";
}

static int get_descriptor(struct usb_device *d, uint8_t type, uint8_t index,
                          uint16_t lang, void *buf, uint16_t len, size_t *got)
{
	struct usb_setup s = {0x80, USB_REQ_GET_DESCRIPTOR,
	                      (uint16_t)(type << 8 | index), lang, len};

	return usb_control(d, &s, buf, got);
}

static void read_string(struct usb_device *d, uint8_t index, uint16_t lang,
                        char *out)
{
	uint8_t buf[255];
	size_t got = 0;
	const char *why;

	if (index &&
	    !get_descriptor(d, USB_DT_STRING, index, lang, buf, sizeof(buf),
	                    &got) &&
	    usb_parse_string(buf, got, out, USB_STR_MAX, &why) < 0)
		kprintf("%s: string %u: %s\n", d->name, index, why);
}

static void read_strings(struct usb_device *d)
{
	uint8_t buf[8];
	size_t got = 0;
	uint16_t lang = LANG_US;

	if (!d->desc.manufacturer_str && !d->desc.product_str)
		return;
	/* String 0: the languages (9.6.7); the first one is used. */
	if (get_descriptor(d, USB_DT_STRING, 0, 0, buf, sizeof(buf), &got) ||
	    got < 4 || buf[1] != USB_DT_STRING)
		return;
	lang = (uint16_t)(buf[2] | buf[3] << 8);
	read_string(d, d->desc.manufacturer_str, lang, d->manufacturer);
	read_string(d, d->desc.product_str, lang, d->product);
}

/* usbfault=device / config (usb_fault.c): damage what the device
 * returned before it is parsed, as a broken device would send it. */
static void fault_inject(uint8_t type, uint8_t *buf, size_t got)
{
	if (type == USB_DT_DEVICE && got >= 2 && usb_fault("device"))
		buf[1] = USB_DT_CONFIG; /* not a device descriptor */
	if (type == USB_DT_CONFIG && got > 9 && usb_fault("config"))
		buf[9] =
		    1; /* the first descriptor after the header: bLength 1 */
}

/* usbfault=stall: a request every device must refuse (a descriptor type
 * nobody defines); EP0 halts and must be recovered for what follows. */
static void fault_stall(struct usb_device *d)
{
	uint8_t buf[8];

	if (usb_fault("stall") &&
	    !get_descriptor(d, 0x77, 0, 0, buf, sizeof(buf), NULL))
		kprintf("%s: usbfault=stall: the device took a bogus request\n",
		        d->name);
}

/* Device descriptor: 8 bytes for bMaxPacketSize0 (at full speed it may
 * be 8..64 and EP0 starts at 8), then all 18. */
static int read_device(struct usb_device *d, const char **why)
{
	uint8_t buf[18];
	size_t got = 0;

	if (get_descriptor(d, USB_DT_DEVICE, 0, 0, buf, 8, &got)) {
		*why = "no device descriptor";
		return -1;
	}
	if (usb_parse_device(buf, got, &d->desc, why))
		return -1;
	if (d->speed == USB_SPEED_FULL && d->desc.max_packet0 != 8 &&
	    usb_set_max_packet0(d, d->desc.max_packet0)) {
		*why = "EP0 max packet size not taken";
		return -1;
	}
	if (get_descriptor(d, USB_DT_DEVICE, 0, 0, buf, 18, &got)) {
		*why = "no device descriptor";
		return -1;
	}
	fault_inject(USB_DT_DEVICE, buf, got);
	return usb_parse_device(buf, got, &d->desc, why);
}

/* Configuration 0: its header for wTotalLength, then the whole of it. */
static int read_config(struct usb_device *d, uint8_t *buf, const char **why)
{
	size_t got = 0;
	uint16_t total;

	if (get_descriptor(d, USB_DT_CONFIG, 0, 0, buf, 9, &got)) {
		*why = "GET_DESCRIPTOR failed";
		return -1;
	}
	if (usb_config_total_len(buf, got, &total, why))
		return -1;
	if (total > CONFIG_MAX) {
		*why = "wTotalLength over 4096";
		return -1;
	}
	if (get_descriptor(d, USB_DT_CONFIG, 0, 0, buf, total, &got)) {
		*why = "GET_DESCRIPTOR failed";
		return -1;
	}
	fault_inject(USB_DT_CONFIG, buf, got);
	return usb_parse_config(buf, got, &d->config, why);
}

/* EP0's max packet size in bytes (SuperSpeed gives an exponent). */
static unsigned ep0_bytes(const struct usb_device *d)
{
	uint8_t b = d->desc.max_packet0;

	return d->speed == USB_SPEED_SUPER ? (b < 16 ? 1u << b : 0) : b;
}

static uint8_t device_class(const struct usb_device *d)
{
	if (d->desc.cls || !d->config.ninterfaces)
		return d->desc.cls;
	return d->config.intf[0].cls;
}

static void list_add(struct usb_device *d)
{
	uint64_t f = spin_lock_irqsave(&usb_list.lk);

	for (unsigned i = 0; i < USB_MAX_DEVICES; i++) {
		if (!usb_list.dev[i]) {
			usb_list.dev[i] = d;
			break;
		}
	}
	spin_unlock_irqrestore(&usb_list.lk, f);
}

/* Offer each interface to each class driver; the first taker gets the
 * device. */
static void bind_driver(struct usb_device *d)
{
	for (unsigned i = 0; i < d->config.ninterfaces && !d->driver; i++)
		for (size_t k = 0;
		     k < sizeof(class_drivers) / sizeof(class_drivers[0]); k++)
			if (!class_drivers[k]->probe(d, &d->config.intf[i])) {
				d->driver = class_drivers[k];
				break;
			}
}

static int set_configuration(struct usb_device *d)
{
	struct usb_setup s = {0x00, USB_REQ_SET_CONFIGURATION, d->config.value,
	                      0, 0};

	return usb_control(d, &s, NULL, NULL);
}

int usb_enumerate(struct usb_device *d)
{
	const char *why = "?";
	uint8_t *cfg;
	int rc;

	if (read_device(d, &why)) {
		kprintf("%s: bad device descriptor: %s; device skipped\n",
		        d->name, why);
		return -1;
	}
	cfg = kmalloc(CONFIG_MAX);
	if (!cfg)
		why = "out of memory";
	rc = cfg ? read_config(d, cfg, &why) : -1;
	kfree(cfg);
	if (rc) {
		kprintf("%s: bad configuration descriptor: %s; device "
		        "skipped\n",
		        d->name, why);
		return -1;
	}
	read_strings(d);
	fault_stall(d);
	kprintf("%s: %04x:%04x %s speed, slot %u, ep0 %u, class %s%s%s%s\n",
	        d->name, d->desc.vendor, d->desc.product,
	        usb_speed_name(d->speed), d->slot, ep0_bytes(d),
	        usb_class_name(device_class(d)), d->product[0] ? ", \"" : "",
	        d->product, d->product[0] ? "\"" : "");
	bind_driver(d);
	if (set_configuration(d)) {
		kprintf("%s: SET_CONFIGURATION %u failed; device skipped\n",
		        d->name, d->config.value);
		if (d->driver && d->driver->disconnect)
			d->driver->disconnect(d);
		d->driver = NULL;
		return -1;
	}
	d->configured = true;
	list_add(d); /* before start: a hub lists before what is behind it */
	if (d->driver && d->driver->start(d)) {
		const struct usb_class_driver *drv = d->driver;
		uint64_t f = spin_lock_irqsave(&usb_list.lk);

		d->driver = NULL; /* lsusb reads it under the list lock */
		spin_unlock_irqrestore(&usb_list.lk, f);
		kprintf("%s: %s did not start\n", d->name, drv->name);
		if (drv->disconnect)
			drv->disconnect(d);
	}
	return 0;
}

void usb_disconnect(struct usb_device *d)
{
	uint64_t f = spin_lock_irqsave(&usb_list.lk);

	for (unsigned i = 0; i < USB_MAX_DEVICES; i++)
		if (usb_list.dev[i] == d)
			usb_list.dev[i] = NULL;
	spin_unlock_irqrestore(&usb_list.lk, f);
	if (d->driver && d->driver->disconnect)
		d->driver->disconnect(d);
	d->driver = NULL;
}

unsigned usb_list_devices(struct usb_info *out, unsigned max)
{
	uint64_t f = spin_lock_irqsave(&usb_list.lk);
	unsigned n = 0;

	for (unsigned i = 0; i < USB_MAX_DEVICES && n < max; i++) {
		const struct usb_device *d = usb_list.dev[i];

		if (!d)
			continue;
		out[n] = (struct usb_info){"",
		                           d->slot,
		                           d->speed,
		                           d->desc.vendor,
		                           d->desc.product,
		                           device_class(d),
		                           "",
		                           d->driver ? d->driver->name : NULL};
		strlcpy(out[n].product_str, d->product, USB_STR_MAX);
		strlcpy(out[n].path, d->path, sizeof(out[n].path));
		n++;
	}
	spin_unlock_irqrestore(&usb_list.lk, f);
	return n;
}
