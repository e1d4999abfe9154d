/* SPDX-License-Identifier: MIT */
/*
 * xHCI device slots (xHCI 1.2 §4.3.2-4.3.4, §4.6.3-4.6.5): Enable Slot,
 * the output device context in the DCBAA, Address Device (BSR = 0: the
 * controller sends SET_ADDRESS itself), then enumeration (usb_enum.c);
 * Disable Slot when the device goes. Devices behind hubs get a route
 * string and, at low/full speed behind a high-speed hub, that hub's
 * transaction translator (§4.5.2, §6.2.2; USB 2.0 §11.14).
 *
 *   slot memory, 4 pages:  [input context][device context][EP0 ring]
 *                          [control data buffer]
 */
#include <libk/printf.h>
#include <mm/kmalloc.h>
#include "console/kprintf.h"
#include "drivers/usb/xhci.h"

static enum usb_speed usb_speed_of(unsigned speed_id)
{
	switch (speed_id) {
	case XHCI_SPEED_LOW:
		return USB_SPEED_LOW;
	case XHCI_SPEED_FULL:
		return USB_SPEED_FULL;
	case XHCI_SPEED_HIGH:
		return USB_SPEED_HIGH;
	case XHCI_SPEED_SUPER:
	case XHCI_SPEED_SSP:
		return USB_SPEED_SUPER;
	default:
		return USB_SPEED_UNKNOWN;
	}
}

static unsigned speed_id_of(enum usb_speed s)
{
	static const unsigned ids[] = {0, XHCI_SPEED_LOW, XHCI_SPEED_FULL,
	                               XHCI_SPEED_HIGH, XHCI_SPEED_SUPER};

	return (unsigned)s < 5 ? ids[s] : 0;
}

/* Where the device sits: root port, route string, and for a LS/FS device
 * the nearest high-speed hub above it, whose TT splits its transactions
 * (the port is the one on that hub the device is reached through). */
static void slot_place(struct xhci_slot *s, const struct xhci_slot *parent,
                       unsigned port, unsigned speed)
{
	struct xhci_slot_info *si = &s->si;
	const struct xhci_slot *up = parent;
	unsigned down = port;

	si->speed = speed;
	si->root_port = parent ? parent->si.root_port : port;
	si->route =
	    parent ? xhci_route(parent->si.route, parent->udev.depth, port) : 0;
	for (; up && (speed == XHCI_SPEED_LOW || speed == XHCI_SPEED_FULL);
	     down = up->udev.port,
	     up = up->udev.parent ? up->udev.parent->hc : NULL) {
		if (up->si.speed == XHCI_SPEED_HIGH) {
			si->tt_slot = up->id;
			si->tt_port = down;
			break;
		}
	}
}

static void slot_name(struct xhci_slot *s, const struct xhci_slot *parent,
                      unsigned port)
{
	struct usb_device *d = &s->udev;

	if (parent)
		snprintf(d->path, sizeof(d->path), "%s.%u", parent->udev.path,
		         port);
	else
		snprintf(d->path, sizeof(d->path), "%u-%u", s->hc->bus, port);
	snprintf(d->name, sizeof(d->name), "usb %s", d->path);
}

static struct xhci_slot *slot_new(struct xhci *hc, struct xhci_slot *parent,
                                  unsigned id, unsigned port, unsigned speed)
{
	struct xhci_slot *s = kcalloc(1, sizeof(*s));
	uint8_t *v;

	if (!s)
		return NULL;
	if (xhci_dma_alloc(hc, &s->mem, 4 * 4096)) {
		kfree(s);
		return NULL;
	}
	v = s->mem.virt;
	s->hc = hc;
	s->id = id;
	s->in_ctx = v;
	s->in_phys = s->mem.phys;
	s->out_ctx = v + 4096;
	s->out_phys = s->mem.phys + 4096;
	xhci_ring_init(&s->ep0, v + 2 * 4096, s->mem.phys + 2 * 4096,
	               XHCI_RING_TRBS);
	s->ctrl_buf = v + 3 * 4096;
	s->ctrl_phys = s->mem.phys + 3 * 4096;
	mutex_init(&s->ctrl_mutex, "usb-ctrl");
	slot_place(s, parent, port, speed);
	s->udev.hc = s;
	s->udev.bus = hc->bus;
	s->udev.port = port;
	s->udev.parent = parent ? &parent->udev : NULL;
	s->udev.depth = parent ? parent->udev.depth + 1 : 0;
	s->udev.speed = usb_speed_of(speed);
	s->udev.slot = id;
	slot_name(s, parent, port);
	return s;
}

/* Enable Slot (§4.6.3); the slot id, or 0 (logged). */
static unsigned slot_enable(struct xhci *hc, unsigned root_port)
{
	unsigned id = 0;
	int cc = xhci_command(hc, 0,
	                      TRB_TYPE(TRB_ENABLE_SLOT) |
	                          (uint32_t)hc->port_slot_type[root_port] << 16,
	                      &id);

	if (cc != CC_SUCCESS || !id || id > hc->max_slots) {
		xhci_log(hc, "port %u: enable slot failed: %s", root_port,
		         cc < 0 ? "timed out" : xhci_cc_name((unsigned)cc));
		return 0;
	}
	return id;
}

static void slot_publish(struct xhci_slot *s, bool on)
{
	struct xhci *hc = s->hc;
	uint64_t f = spin_lock_irqsave(&hc->lock);

	hc->dcbaa[s->id] = on ? s->out_phys : 0;
	hc->slots[s->id] = on ? s : NULL;
	spin_unlock_irqrestore(&hc->lock, f);
}

/* Disable Slot (§4.6.4); 0, or -1 (logged): the controller may still
 * own the slot and its contexts. */
static int slot_disable(struct xhci *hc, unsigned id)
{
	int cc = xhci_command(hc, 0, TRB_TYPE(TRB_DISABLE_SLOT) | TRB_SLOT(id),
	                      NULL);

	if (cc == CC_SUCCESS)
		return 0;
	xhci_log(hc, "slot %u: disable slot failed: %s", id,
	         cc < 0 ? "timed out" : xhci_cc_name((unsigned)cc));
	return -1;
}

/* Disable the slot and free its memory. If Disable Slot failed the
 * controller may still read or write the contexts, rings and buffers
 * (§4.6.4: they are the controller's until the slot is disabled), so
 * they are kept, leaked, with the DCBAA entry; only events stop
 * reaching the slot. */
static void slot_free(struct xhci_slot *s)
{
	struct xhci *hc = s->hc;
	uint64_t f;

	if (slot_disable(hc, s->id)) {
		f = spin_lock_irqsave(&hc->lock);
		hc->slots[s->id] = NULL;
		spin_unlock_irqrestore(&hc->lock, f);
		xhci_log(hc,
		         "slot %u: its memory is kept (leaked): the "
		         "controller may still use it",
		         s->id);
		return;
	}
	slot_publish(s, false);
	if (s->intr.mem.frames)
		dma_free(&s->intr.mem);
	dma_free(&s->mem);
	kfree(s);
}

struct xhci_slot *xhci_slot_attach(struct xhci *hc, struct xhci_slot *parent,
                                   unsigned port, unsigned speed)
{
	unsigned root = parent ? parent->si.root_port : port;
	unsigned id = slot_enable(hc, root), mps0 = xhci_default_mps0(speed);
	struct xhci_slot *s;
	int cc;

	if (!id)
		return NULL;
	s = slot_new(hc, parent, id, port, speed);
	if (!s) {
		xhci_log(hc, "port %u: out of memory for slot %u", port, id);
		slot_disable(hc, id);
		return NULL;
	}
	slot_publish(s, true);
	xhci_ctx_address(s->in_ctx, hc->csz, &s->si, mps0,
	                 xhci_ring_deq_ptr(&s->ep0));
	cc = xhci_command(hc, s->in_phys,
	                  TRB_TYPE(TRB_ADDRESS_DEVICE) | TRB_SLOT(id), NULL);
	if (cc != CC_SUCCESS) {
		kprintf("%s: address device failed: %s\n", s->udev.name,
		        cc < 0 ? "timed out" : xhci_cc_name((unsigned)cc));
		slot_free(s);
		return NULL;
	}
	/* A device that fails enumeration keeps its slot, unused, so the
	 * port is not retried until it is unplugged. */
	usb_enumerate(&s->udev);
	return s;
}

void xhci_slot_detach(struct xhci_slot *s)
{
	uint64_t f = spin_lock_irqsave(&s->hc->lock);

	/* No more reports, no restarts: the class driver's state is about
	 * to go. */
	s->intr.running = false;
	s->intr.closed = true;
	spin_unlock_irqrestore(&s->hc->lock, f);
	usb_disconnect(&s->udev);
	slot_free(s);
}

int usb_hub_set(struct usb_device *d, unsigned nports, unsigned think_time,
                bool mtt)
{
	struct xhci_slot *s = d->hc;

	s->si.hub = true;
	s->si.nports = nports;
	s->si.think_time = think_time;
	s->si.mtt = mtt;
	return 0;
}

struct usb_device *usb_hub_attach(struct usb_device *hub, unsigned port,
                                  enum usb_speed speed)
{
	struct xhci_slot *p = hub->hc;
	struct xhci_slot *s =
	    xhci_slot_attach(p->hc, p, port, speed_id_of(speed));

	return s ? &s->udev : NULL;
}

void usb_hub_detach(struct usb_device *d)
{
	xhci_slot_detach(d->hc);
}
