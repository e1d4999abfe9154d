/* SPDX-License-Identifier: MIT */
/*
 * xHCI transfers (xHCI 1.2 §4.11, §6.4.1): the usb.h transfer calls for
 * devices behind an xHCI controller.
 *
 * Control transfer on EP0 (§4.11.2.2, USB 2.0 §8.5.3):
 *
 *   Setup Stage TRB   IDT, the 8 setup bytes inline, TRT = no data/OUT/IN
 *   Data Stage TRB    (if wLength) buffer, DIR, ISP: a short IN read gives
 *                     a Short Packet event naming this TRB with the
 *                     residual length
 *   Status Stage TRB  opposite direction (IN if no data), IOC: its event
 *                     completes the transfer
 *
 * An error event (STALL, transaction error...) on any of the three ends
 * the transfer too; EP0 is then halted and is recovered (xhci_cmd.c)
 * before the call returns.
 *
 * Interrupt IN (§4.11.2.1, §4.14.2): one Normal TRB with ISP and IOC is
 * kept queued; each completion hands the data to the class driver and
 * queues the next, from the event handler. An error stops the pipe (the
 * endpoint halts on a STALL or babble, §4.10.2) and tells the class
 * driver (fn with NULL), whose thread calls usb_intr_restart: the
 * endpoint is reset or stopped, its dequeue pointer moved past the dead
 * TRB, and a new transfer queued; after INTR_RESTARTS in a row without a
 * good report the pipe stays stopped. Kernel command line usbfault=intr
 * fails each pipe's first completion on purpose, to run that path.
 */
#include <libk/string.h>
#include "console/kprintf.h"
#include "drivers/usb/xhci.h"
#include "drivers/usb/xhci_ctx.h"

#define INTR_RESTARTS 3

static struct xhci_slot *slot_of(struct usb_device *d)
{
	return d->hc;
}

static uint64_t setup_param(const struct usb_setup *s)
{
	uint8_t b[8];
	uint64_t v = 0;

	usb_setup_encode(s, b);
	for (int i = 7; i >= 0; i--)
		v = v << 8 | b[i];
	return v;
}

/* Queue the three stages (lock held); returns the wait to sleep on. */
static void control_queue(struct xhci_slot *s, const struct usb_setup *st,
                          struct xhci_wait *w)
{
	bool in = st->request_type & 0x80;
	uint32_t trt = st->length ? (in ? 3 : 2) : 0;

	w->setup_trb =
	    xhci_ring_push(&s->ep0, setup_param(st), 8,
	                   TRB_TYPE(TRB_SETUP) | TRB_IDT | TRB_TRT(trt));
	if (st->length)
		w->data_trb = xhci_ring_push(&s->ep0, s->ctrl_phys, st->length,
		                             TRB_TYPE(TRB_DATA) | TRB_ISP |
		                                 (in ? TRB_DIR_IN : 0));
	w->trb = xhci_ring_push(&s->ep0, 0, 0,
	                        TRB_TYPE(TRB_STATUS) | TRB_IOC |
	                            (st->length && in ? 0 : TRB_DIR_IN));
	s->ctrl_wait = w;
	xhci_ring_doorbell(s->hc, s->id, 1);
}

int usb_control(struct usb_device *d, const struct usb_setup *st, void *buf,
                size_t *actual)
{
	struct xhci_slot *s = slot_of(d);
	struct xhci *hc = s->hc;
	struct xhci_wait w = {0};
	bool in = st->request_type & 0x80;
	uint64_t f;
	int rc;

	if (st->length > 4096)
		return -1;
	mutex_lock(&s->ctrl_mutex);
	if (!in && st->length)
		memcpy(s->ctrl_buf, buf, st->length);
	f = spin_lock_irqsave(&hc->lock);
	control_queue(s, st, &w);
	rc = xhci_wait_locked(hc, &w, XHCI_XFER_MS);
	s->ctrl_wait = NULL;
	spin_unlock_irqrestore(&hc->lock, f);
	if (rc || (w.code != CC_SUCCESS && w.code != CC_SHORT_PACKET)) {
		kprintf("%s: control request %02x %02x %04x failed: %s\n",
		        d->name, st->request_type, st->request, st->value,
		        rc ? "timed out" : xhci_cc_name(w.code));
		xhci_ep_recover(s, 1, &s->ep0);
		mutex_unlock(&s->ctrl_mutex);
		return -1;
	}
	if (w.residual > st->length)
		w.residual = st->length;
	if (in && st->length)
		memcpy(buf, s->ctrl_buf, st->length - w.residual);
	if (actual)
		*actual = st->length - w.residual;
	mutex_unlock(&s->ctrl_mutex);
	return 0;
}

static void control_event(struct xhci_slot *s, const struct xhci_trb *ev)
{
	struct xhci_wait *w = s->ctrl_wait;
	unsigned code = TRB_CODE(ev->status);

	if (!w || w->done)
		return;
	/* Events about TRBs of an earlier, abandoned transfer are not ours. */
	if (ev->param != w->setup_trb && ev->param != w->trb &&
	    (!w->data_trb || ev->param != w->data_trb))
		return;
	if (code == CC_SHORT_PACKET && ev->param == w->data_trb) {
		w->residual = TRB_RESIDUAL(ev->status);
		return; /* the status stage still comes */
	}
	if (code == CC_SUCCESS && ev->param != w->trb)
		return;
	w->code = (uint8_t)code;
	w->done = true;
	waitq_wake_all(&s->hc->wq);
}

/* Queue the pipe's one Normal TRB (lock held). */
static void intr_queue(struct xhci_slot *s)
{
	struct xhci_pipe *p = &s->intr;

	xhci_ring_push(&p->ring, p->buf_phys, p->len,
	               TRB_TYPE(TRB_NORMAL) | TRB_ISP | TRB_IOC);
	xhci_ring_doorbell(s->hc, s->id, p->dci);
}

static void intr_event(struct xhci_slot *s, const struct xhci_trb *ev)
{
	struct xhci_pipe *p = &s->intr;
	unsigned code = TRB_CODE(ev->status), residual;

	if (!p->running || !xhci_ring_owns(&p->ring, ev->param))
		return;
	if (p->fault_once) {
		p->fault_once = false;
		code = CC_TRANSACTION; /* usbfault=intr */
	}
	if (code != CC_SUCCESS && code != CC_SHORT_PACKET) {
		p->errors++;
		p->last_error = (uint8_t)code;
		p->running = false;
		kprintf("%s: interrupt transfer failed: %s\n", s->udev.name,
		        xhci_cc_name(code));
		p->fn(p->ctx, NULL, 0);
		return;
	}
	residual = TRB_RESIDUAL(ev->status);
	p->reports++;
	p->restarts = 0;
	p->fn(p->ctx, p->buf, residual < p->len ? p->len - residual : 0);
	intr_queue(s);
}

void xhci_transfer_event(struct xhci_slot *s, const struct xhci_trb *ev)
{
	unsigned dci = TRB_GET_EP(ev->control);

	if (dci == 1)
		control_event(s, ev);
	else if (dci == s->intr.dci)
		intr_event(s, ev);
}

int usb_set_max_packet0(struct usb_device *d, uint8_t b_max_packet0)
{
	struct xhci_slot *s = slot_of(d);
	struct xhci *hc = s->hc;
	uint32_t *ctl = xhci_in_ctl(s->in_ctx, hc->csz);
	uint32_t *ep0 = xhci_in_ep(s->in_ctx, hc->csz, 1);
	unsigned mps = xhci_mps0_from_desc(s->si.speed, b_max_packet0);
	int cc;

	if (!mps) {
		kprintf("%s: bMaxPacketSize0 %u is not valid at %s speed\n",
		        d->name, b_max_packet0, usb_speed_name(d->speed));
		return -1;
	}
	/* The input context still holds what Address Device was given. */
	ctl[0] = 0;
	ctl[1] = 1u << 1;
	ep0[1] = (ep0[1] & 0xffff) | EP_MPS(mps);
	cc = xhci_command(hc, s->in_phys,
	                  TRB_TYPE(TRB_EVALUATE_CTX) | TRB_SLOT(s->id), NULL);
	if (cc != CC_SUCCESS) {
		kprintf("%s: evaluate context failed: %s\n", d->name,
		        cc < 0 ? "timed out" : xhci_cc_name((unsigned)cc));
		return -1;
	}
	return 0;
}

int usb_intr_open(struct usb_device *d, const struct usb_endpoint *ep,
                  usb_intr_fn fn, void *ctx)
{
	struct xhci_slot *s = slot_of(d);
	struct xhci *hc = s->hc;
	struct xhci_pipe *p = &s->intr;
	unsigned mps = ep->max_packet & 0x7ff;
	int cc;

	if (p->dci || !mps || mps > 4096 ||
	    xhci_dma_alloc(hc, &p->mem, 2 * 4096))
		return -1;
	xhci_ring_init(&p->ring, p->mem.virt, p->mem.phys, XHCI_RING_TRBS);
	p->buf = (uint8_t *)p->mem.virt + 4096;
	p->buf_phys = p->mem.phys + 4096;
	p->len = mps;
	p->fn = fn;
	p->ctx = ctx;
	xhci_ctx_int_in(s->in_ctx, hc->csz, &s->si, ep,
	                xhci_ring_deq_ptr(&p->ring));
	cc = xhci_command(hc, s->in_phys,
	                  TRB_TYPE(TRB_CONFIGURE_EP) | TRB_SLOT(s->id), NULL);
	if (cc != CC_SUCCESS) {
		kprintf("%s: configure endpoint %02x failed: %s\n", d->name,
		        ep->address,
		        cc < 0 ? "timed out" : xhci_cc_name((unsigned)cc));
		dma_free(&p->mem);
		return -1;
	}
	p->dci = xhci_dci(ep->address);
	p->fault_once = usb_fault("intr");
	return 0;
}

int usb_intr_restart(struct usb_device *d)
{
	struct xhci_slot *s = slot_of(d);
	struct xhci_pipe *p = &s->intr;
	uint64_t f = spin_lock_irqsave(&s->hc->lock);
	unsigned tries = p->restarts++;
	bool closed = p->closed;
	int rc = -1;

	spin_unlock_irqrestore(&s->hc->lock, f);
	if (!p->dci || closed)
		return -1;
	if (tries >= INTR_RESTARTS) {
		kprintf("%s: interrupt endpoint stays stopped after %u "
		        "restarts\n",
		        d->name, tries);
		return -1;
	}
	if (xhci_ep_recover(s, p->dci, &p->ring)) {
		kprintf("%s: interrupt endpoint could not be reset\n", d->name);
		return -1;
	}
	f = spin_lock_irqsave(&s->hc->lock);
	if (!p->closed && !p->running) {
		p->running = true;
		intr_queue(s);
		rc = 0;
	}
	spin_unlock_irqrestore(&s->hc->lock, f);
	if (!rc)
		kprintf("%s: interrupt endpoint restarted\n", d->name);
	return rc;
}

int usb_intr_start(struct usb_device *d)
{
	struct xhci_slot *s = slot_of(d);
	uint64_t f;

	if (!s->intr.dci)
		return -1;
	f = spin_lock_irqsave(&s->hc->lock);
	if (!s->intr.running) {
		s->intr.running = true;
		intr_queue(s);
	}
	spin_unlock_irqrestore(&s->hc->lock, f);
	return 0;
}
