/* SPDX-License-Identifier: MIT */
/* xHCI producer and event rings (xHCI 1.2 §4.9, §6.4.4.1); see
 * xhci_ring.h for the pictures. Portable: host-tested in
 * tests/host/usb_xhci/test_xhci_ring.c against a simulated controller. */
#include "drivers/usb/xhci_ring.h"

/* A TRB's cycle bit must reach memory after the rest of it; x86 keeps
 * stores in order, so this only holds the compiler back. */
#define ring_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#define ring_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)

static void trb_zero(volatile struct xhci_trb *t, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		t[i].param = 0;
		t[i].status = 0;
		t[i].control = 0;
	}
}

void xhci_ring_init(struct xhci_ring *r, void *virt, uint64_t phys,
                    unsigned size)
{
	r->trb = virt;
	r->phys = phys;
	r->size = size;
	r->enq = 0;
	r->pcs = 1;
	trb_zero(r->trb, size);
	r->trb[size - 1].param = phys;
	r->trb[size - 1].control = TRB_TYPE(TRB_LINK) | TRB_TC; /* cycle 0 */
}

static void trb_write(volatile struct xhci_trb *t, uint64_t param,
                      uint32_t status, uint32_t control)
{
	t->param = param;
	t->status = status;
	ring_wmb();
	t->control = control;
}

uint64_t xhci_ring_push(struct xhci_ring *r, uint64_t param, uint32_t status,
                        uint32_t control)
{
	uint64_t at = r->phys + 16ull * r->enq;

	trb_write(&r->trb[r->enq], param, status,
	          (control & ~TRB_CYCLE) | r->pcs);
	if (++r->enq == r->size - 1) {
		/* Hand the link over (chain bit as the TRB before it, so a
		 * chained TD may cross it, §4.11.5.1), then flip. */
		uint32_t link =
		    TRB_TYPE(TRB_LINK) | TRB_TC | (control & TRB_CH);

		trb_write(&r->trb[r->enq], r->phys, 0, link | r->pcs);
		r->enq = 0;
		r->pcs ^= 1;
	}
	return at;
}

uint64_t xhci_ring_deq_ptr(const struct xhci_ring *r)
{
	return (r->phys + 16ull * r->enq) | r->pcs;
}

bool xhci_ring_owns(const struct xhci_ring *r, uint64_t phys)
{
	return phys >= r->phys && phys < r->phys + 16ull * r->size &&
	       !(phys & 15);
}

void xhci_evring_init(struct xhci_evring *e, void *virt, uint64_t phys,
                      unsigned size, struct xhci_erst_entry *erst)
{
	e->trb = virt;
	e->phys = phys;
	e->size = size;
	e->deq = 0;
	e->ccs = 1;
	trb_zero(e->trb, size);
	erst->base = phys;
	erst->size = size;
	erst->rsvd = 0;
}

bool xhci_evring_pop(struct xhci_evring *e, struct xhci_trb *out)
{
	volatile struct xhci_trb *t = &e->trb[e->deq];

	if ((t->control & TRB_CYCLE) != e->ccs)
		return false;
	ring_rmb(); /* the cycle bit before the rest of the TRB */
	out->param = t->param;
	out->status = t->status;
	out->control = t->control;
	if (++e->deq == e->size) {
		e->deq = 0;
		e->ccs ^= 1;
	}
	return true;
}

uint64_t xhci_evring_erdp(const struct xhci_evring *e)
{
	return (e->phys + 16ull * e->deq) | ERDP_EHB;
}
