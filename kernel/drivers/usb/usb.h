/* SPDX-License-Identifier: MIT */
/*
 * The USB core between a host controller driver (xhci*.c, the only one
 * today), enumeration (usb_enum.c), the class drivers (usb_kbd.c) and
 * `lsusb`:
 *
 *   xhci port thread --attach--> usb_enumerate(dev) --> class driver probe
 *                                  GET_DESCRIPTOR ...     usb_intr_open
 *                                  SET_CONFIGURATION      usb_control
 *   controller events --> usb_intr_fn callbacks (interrupt or poll context)
 *
 * Hubs (usb_hub.c, USB 2.0 hubs only) are class drivers too: they find
 * devices on their ports and hand them to usb_hub_attach, which addresses
 * and enumerates them like root-port devices.
 */
#ifndef KERNEL_DRIVERS_USB_USB_H
#define KERNEL_DRIVERS_USB_USB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "drivers/usb/usb_desc.h"

enum usb_speed {
	USB_SPEED_UNKNOWN = 0,
	USB_SPEED_LOW,   /* 1.5 Mb/s */
	USB_SPEED_FULL,  /* 12 Mb/s */
	USB_SPEED_HIGH,  /* 480 Mb/s */
	USB_SPEED_SUPER, /* 5 Gb/s and up */
};

#define USB_MAX_DEVICES 16
#define USB_STR_MAX     48

struct usb_class_driver;

struct usb_device {
	void *hc;      /* the host controller's slot (struct xhci_slot) */
	unsigned bus;  /* controller number, from 1 */
	unsigned port; /* port on the parent hub (or root port), from 1 */
	struct usb_device *parent; /* the hub it is on; NULL: a root port */
	unsigned depth;            /* hubs between it and the root port */
	enum usb_speed speed;
	unsigned slot; /* xHCI slot id (= the device's address here) */
	char path[20]; /* "1-3.2": bus-rootport[.hubport]... */
	char name[24]; /* "usb 1-3.2" */
	struct usb_device_desc desc;
	struct usb_config config;
	bool configured;
	char manufacturer[USB_STR_MAX], product[USB_STR_MAX];
	const struct usb_class_driver *driver;
	void *driver_data;
};

/* A class driver: probe() is offered each interface of a newly
 * enumerated device (thread context; may open a pipe); 0 claims the
 * device. start() runs after SET_CONFIGURATION (class requests, starting
 * the pipe). disconnect() runs in thread context when the device goes
 * away; after it returns the device's memory is freed. */
struct usb_class_driver {
	const char *name;
	int (*probe)(struct usb_device *d, const struct usb_interface *intf);
	int (*start)(struct usb_device *d);
	void (*disconnect)(struct usb_device *d);
};

/* --- implemented by the host controller driver (xhci_xfer.c) --- */

/* One control transfer on EP0 (USB 2.0 §8.5.3, §9.3): setup, data of
 * s->length bytes from/to buf (direction from bit 7 of request_type),
 * status. Thread context; blocks up to 1 s. Returns 0 and sets *actual
 * (bytes moved; may be NULL), or -1 (a STALL, an error or a timeout,
 * logged with the device name). */
int usb_control(struct usb_device *d, const struct usb_setup *s, void *buf,
                size_t *actual);

/* Tell the controller EP0's real max packet size, once the first 8 bytes
 * of the device descriptor gave bMaxPacketSize0 (xHCI: Evaluate
 * Context). 0, or -1 (a value the speed does not allow, or the command
 * failed; logged). */
int usb_set_max_packet0(struct usb_device *d, uint8_t b_max_packet0);

/* Interrupt IN data: called in interrupt or poll context with the
 * controller lock held, so it must not block or call usb_* functions.
 * data NULL (len 0): the transfer failed and the pipe stopped; the
 * driver's thread may call usb_intr_restart. */
typedef void (*usb_intr_fn)(void *ctx, const uint8_t *data, size_t len);

/* Configure ep (an interrupt IN endpoint of d) for fn; from a class
 * driver's probe, before SET_CONFIGURATION (xHCI 1.2 §4.3.5). Thread
 * context. 0 or -1. One such pipe per device. */
int usb_intr_open(struct usb_device *d, const struct usb_endpoint *ep,
                  usb_intr_fn fn, void *ctx);
/* Keep one transfer of the endpoint's max packet size queued from now
 * on, calling fn with each report. 0 or -1 (no pipe open). */
int usb_intr_start(struct usb_device *d);
/* Thread context, after fn was told of a failure: recover the endpoint
 * and queue again. 0, or -1 (given up after 3 restarts without a good
 * report in between, or the device is going; logged). */
int usb_intr_restart(struct usb_device *d);

/* Tell the controller d is a hub (before its usb_intr_open, which
 * configures the controller's view of it): its port count, TT think
 * time (wHubCharacteristics bits 6:5) and whether it has one TT per
 * port. 0 or -1. */
int usb_hub_set(struct usb_device *d, unsigned nports, unsigned think_time,
                bool mtt);
/* Address and enumerate the device that hub found (reset, enabled) on
 * port at speed. NULL if no slot could be had (logged); a device that
 * fails enumeration is returned too, unusable, so the port is not
 * retried until it is unplugged. Thread context. */
struct usb_device *usb_hub_attach(struct usb_device *hub, unsigned port,
                                  enum usb_speed speed);
/* A device usb_hub_attach gave has gone: disconnected and freed. */
void usb_hub_detach(struct usb_device *d);

/* Speed names for lsusb and the log: "low", "full", "high", "super". */
const char *usb_speed_name(enum usb_speed s);

/* --- usb_enum.c --- */

/* Enumerate a device whose slot is addressed (d->hc, bus, port, speed,
 * slot set; EP0 works at 8 bytes): read its descriptors, log one line,
 * configure it, offer it to the class drivers, list it for lsusb.
 * Returns 0, or -1 if the device was skipped (logged why). */
int usb_enumerate(struct usb_device *d);

/* The device has gone: class driver disconnected, unlisted. The caller
 * frees it afterwards. */
void usb_disconnect(struct usb_device *d);

/* What lsusb shows of one device, copied out of the device list. */
struct usb_info {
	char path[20];
	unsigned slot;
	enum usb_speed speed;
	uint16_t vendor, product;
	uint8_t cls; /* device class, else the first interface's */
	char product_str[USB_STR_MAX];
	const char *driver; /* class driver name, or NULL */
};
/* Copy up to max listed devices into out; returns how many. */
unsigned usb_list_devices(struct usb_info *out, unsigned max);

/* usbfault=<what>[,...] on the kernel command line names what (usb_fault.c):
 * the tests' way into the error paths. */
bool usb_fault(const char *what);

#endif
