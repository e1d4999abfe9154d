/* SPDX-License-Identifier: MIT */
/*
 * USB 2.0 hubs (USB 2.0 §11.23.2.1 hub descriptor, §11.24.2 hub class
 * requests, §11.24.2.7 port status bits): a USB class driver for class 9.
 *
 *   probe    GET_DESCRIPTOR(hub) -> usb_parse_hub; the controller is told
 *            it is a hub (ports, TT think time, multi-TT) when its status
 *            change endpoint is configured
 *   start    PORT_POWER on every port, wait bPwrOn2PwrGood, then look at
 *            each port once (so keyboards behind a hub are there before
 *            the boot's `input:` line), then a "usb-hub" thread
 *   thread   woken by the status change endpoint (or every second):
 *            GET_STATUS of each port, clear its change bits, PORT_RESET a
 *            new device and hand it to usb_hub_attach at the speed the
 *            port reports; usb_hub_detach what left
 *
 * Tested in QEMU with usb-hub (a full-speed hub). Not supported: USB 3
 * hubs (SuperSpeed hub descriptor 0x2a, SET_HUB_DEPTH, their port status
 * layout; such a hub is listed but not driven), over-current recovery
 * beyond logging, hub power budgeting, more than 15 ports, and more than
 * 5 tiers (USB 2.0 §4.1.1).
 */
#include <libk/string.h>
#include <mm/kmalloc.h>
#include "console/kprintf.h"
#include "drivers/usb/usb.h"
#include "sched/thread.h"
#include "sched/waitq.h"

#define MS          1000000ull
#define HUB_PORTS   15
#define MAX_DEPTH   4   /* a hub at depth 4 would put devices at tier 6 */
#define DEBOUNCE_MS 100 /* USB 2.0 7.1.7.3 */
#define RESET_MS    500
#define RECOVERY_MS 10
#define RESCAN_MS   1000

/* Port features (USB 2.0 Table 11-17) and status/change bits. */
#define PORT_RESET        4
#define PORT_POWER        8
#define C_PORT_CONNECTION 16
#define ST_CONNECTION     (1u << 0)
#define ST_ENABLE         (1u << 1)
#define ST_OVER_CURRENT   (1u << 3)
#define ST_LOW_SPEED      (1u << 9)
#define ST_HIGH_SPEED     (1u << 10)
#define CH_CONNECTION     (1u << 0)
#define CH_RESET          (1u << 4)
#define CH_ALL            0x1fu /* C_PORT_CONNECTION .. C_PORT_RESET */

struct usb_hub {
	struct usb_device *dev;
	unsigned nports, power_ms;
	struct usb_device *child[HUB_PORTS + 1]; /* the hub thread's */
	/* lk protects changed, stop, exited; wq sleeps on it. */
	struct spinlock lk;
	bool changed, stop, exited, has_thread;
	bool pipe_failed; /* status endpoint stopped: restart it */
	struct waitq wq;
};

static int port_request(struct usb_hub *h, uint8_t req, uint16_t feature,
                        unsigned port)
{
	struct usb_setup s = {0x23, req, feature, (uint16_t)port, 0};

	return usb_control(h->dev, &s, NULL, NULL);
}

/* GET_STATUS of a port: wPortStatus in the low half, wPortChange high. */
static int port_status(struct usb_hub *h, unsigned port, uint32_t *out)
{
	struct usb_setup s = {0xa3, USB_REQ_GET_STATUS, 0, (uint16_t)port, 4};
	uint8_t b[4];
	size_t got = 0;

	if (usb_control(h->dev, &s, b, &got) || got < 4)
		return -1;
	*out = (uint32_t)(b[0] | b[1] << 8) | (uint32_t)(b[2] | b[3] << 8)
	                                          << 16;
	return 0;
}

/* Reset the port (11.24.2.13 PORT_RESET); the speed of what is on it,
 * or USB_SPEED_UNKNOWN (logged). */
static enum usb_speed port_reset(struct usb_hub *h, unsigned port)
{
	uint32_t st = 0;

	if (port_request(h, USB_REQ_SET_FEATURE, PORT_RESET, port))
		return USB_SPEED_UNKNOWN;
	for (unsigned ms = 0; ms < RESET_MS; ms += 10) {
		thread_sleep_ns(10 * MS);
		if (port_status(h, port, &st))
			return USB_SPEED_UNKNOWN;
		if (st >> 16 & CH_RESET)
			break;
	}
	port_request(h, USB_REQ_CLEAR_FEATURE, C_PORT_CONNECTION + PORT_RESET,
	             port);
	if (!(st & ST_ENABLE)) {
		kprintf("%s: hub port %u not enabled after reset\n",
		        h->dev->name, port);
		return USB_SPEED_UNKNOWN;
	}
	thread_sleep_ns(RECOVERY_MS * MS);
	if (st & ST_LOW_SPEED)
		return USB_SPEED_LOW;
	return st & ST_HIGH_SPEED ? USB_SPEED_HIGH : USB_SPEED_FULL;
}

/* Look at one port: clear its change bits, drop what left, attach what
 * came. Hub thread (or start) only. */
static void port_check(struct usb_hub *h, unsigned port)
{
	uint32_t st, change;
	enum usb_speed speed;

	if (port_status(h, port, &st))
		return;
	change = st >> 16;
	for (unsigned b = 0; b < 5; b++)
		if (change & CH_ALL & (1u << b))
			port_request(h, USB_REQ_CLEAR_FEATURE,
			             (uint16_t)(C_PORT_CONNECTION + b), port);
	if (st & ST_OVER_CURRENT)
		kprintf("%s: hub port %u over-current\n", h->dev->name, port);
	if (h->child[port] &&
	    (!(st & ST_CONNECTION) || (change & CH_CONNECTION))) {
		kprintf("%s: disconnected\n", h->child[port]->name);
		usb_hub_detach(h->child[port]);
		h->child[port] = NULL;
	}
	if (!(st & ST_CONNECTION) || h->child[port])
		return;
	thread_sleep_ns(DEBOUNCE_MS * MS);
	speed = port_reset(h, port);
	if (speed != USB_SPEED_UNKNOWN)
		h->child[port] = usb_hub_attach(h->dev, port, speed);
}

/* The status change endpoint (11.12.4): any bit set means look again.
 * Interrupt or poll context. */
static void hub_report(void *ctx, const uint8_t *data, size_t len)
{
	struct usb_hub *h = ctx;
	uint64_t f = spin_lock_irqsave(&h->lk);

	if (!data)
		h->pipe_failed = true;
	if (len || !data) {
		h->changed = true;
		waitq_wake_all(&h->wq);
	}
	spin_unlock_irqrestore(&h->lk, f);
}

/* hub_disconnect asked the thread to end (any context). */
static bool hub_stopping(struct usb_hub *h)
{
	uint64_t f = spin_lock_irqsave(&h->lk);
	bool stop = h->stop;

	spin_unlock_irqrestore(&h->lk, f);
	return stop;
}

static void hub_thread(void *arg)
{
	struct usb_hub *h = arg;
	uint64_t f = spin_lock_irqsave(&h->lk);
	bool restart;

	while (!h->stop) {
		if (!h->changed)
			waitq_wait_timeout(&h->wq, &h->lk, RESCAN_MS * MS);
		if (h->stop)
			break;
		h->changed = false;
		restart = h->pipe_failed;
		h->pipe_failed = false;
		spin_unlock_irqrestore(&h->lk, f);
		if (restart) /* else the ports are still looked at each second
		              */
			usb_intr_restart(h->dev);
		for (unsigned p = 1; p <= h->nports && !hub_stopping(h); p++)
			port_check(h, p);
		f = spin_lock_irqsave(&h->lk);
	}
	h->exited = true;
	waitq_wake_all(&h->wq);
	spin_unlock_irqrestore(&h->lk, f);
	thread_exit();
}

/* The hub descriptor (class request, 11.24.2.10). */
static int hub_descriptor(struct usb_device *d, struct usb_hub_desc *hd)
{
	struct usb_setup s = {0xa0, USB_REQ_GET_DESCRIPTOR, USB_DT_HUB << 8, 0,
	                      71};
	uint8_t buf[71];
	size_t got = 0;
	const char *why = "GET_DESCRIPTOR failed";

	if (usb_control(d, &s, buf, &got) ||
	    usb_parse_hub(buf, got, hd, &why)) {
		kprintf("%s: bad hub descriptor: %s; hub not used\n", d->name,
		        why);
		return -1;
	}
	return 0;
}

static int hub_probe(struct usb_device *d, const struct usb_interface *intf)
{
	const struct usb_endpoint *ep = usb_find_int_in(intf);
	struct usb_hub_desc hd;
	struct usb_hub *h;

	if (intf->cls != USB_CLASS_HUB || !ep)
		return -1;
	if (d->speed == USB_SPEED_SUPER || d->depth >= MAX_DEPTH) {
		kprintf("%s: %s; hub not used\n", d->name,
		        d->depth >= MAX_DEPTH ? "too many tiers of hubs"
		                              : "USB 3 hubs are not supported");
		return -1;
	}
	if (hub_descriptor(d, &hd) || !(h = kcalloc(1, sizeof(*h))))
		return -1;
	h->dev = d;
	h->nports = hd.nports > HUB_PORTS ? HUB_PORTS : hd.nports;
	h->power_ms = hd.power_on_ms;
	h->lk = (struct spinlock)SPINLOCK_INIT("usb-hub");
	waitq_init(&h->wq);
	/* TT think time: wHubCharacteristics bits 6:5; multi-TT: a
	 * high-speed hub with device protocol 2 (11.23.1). */
	usb_hub_set(d, h->nports, (hd.characteristics >> 5) & 3,
	            d->speed == USB_SPEED_HIGH && d->desc.protocol == 2);
	if (usb_intr_open(d, ep, hub_report, h)) {
		kfree(h);
		return -1;
	}
	d->driver_data = h;
	return 0;
}

static int hub_start(struct usb_device *d)
{
	struct usb_hub *h = d->driver_data;

	for (unsigned p = 1; p <= h->nports; p++)
		port_request(h, USB_REQ_SET_FEATURE, PORT_POWER, p);
	thread_sleep_ns((h->power_ms > 20 ? h->power_ms : 20) * MS);
	kprintf("%s: hub with %u ports\n", d->name, h->nports);
	for (unsigned p = 1; p <= h->nports; p++)
		port_check(h, p);
	/* The thread before the pipe: a pipe must never run without it, or
	 * a failed start would free h under a queued report. Changes since
	 * the scan stay latched in the ports' change bits, so the first
	 * report still tells of them. */
	if (usb_fault("thread") ||
	    !thread_create("usb-hub", hub_thread, h, PRIO_NORMAL))
		return -1;
	h->has_thread = true;
	return usb_intr_start(d);
}

/* Thread context; the hub's pipe is stopped. Stops the thread, then
 * detaches every device below the hub. No deadline on the wait: every
 * wait in hub_thread is bounded and it stops between ports, and freeing
 * h (or the hub's slot) under it would be a use-after-free. */
static void hub_disconnect(struct usb_device *d)
{
	struct usb_hub *h = d->driver_data;
	uint64_t f;

	if (!h)
		return;
	f = spin_lock_irqsave(&h->lk);
	h->stop = true;
	waitq_wake_all(&h->wq);
	while (h->has_thread && !h->exited)
		waitq_wait_timeout(&h->wq, &h->lk, 10 * MS);
	spin_unlock_irqrestore(&h->lk, f);
	for (unsigned p = 1; p <= h->nports; p++) {
		if (h->child[p]) {
			kprintf("%s: disconnected\n", h->child[p]->name);
			usb_hub_detach(h->child[p]);
		}
	}
	d->driver_data = NULL;
	kfree(h);
}

const struct usb_class_driver usb_hub_driver = {"usb-hub", hub_probe, hub_start,
                                                hub_disconnect};
