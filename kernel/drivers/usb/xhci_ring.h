/* SPDX-License-Identifier: MIT */
/*
 * xHCI rings (xHCI 1.2 §4.9), portable and host-tested: a producer ring
 * (the command ring and every transfer ring) and the event ring we
 * consume. The memory is the caller's (DMA memory in the kernel, an array
 * in the tests); phys is the address the controller uses for it.
 *
 * Producer ring, one segment closed by a Link TRB with Toggle Cycle
 * (§4.9.2, §6.4.4.1):
 *
 *    phys ->  +-----+-----+-----+-- ... --+-----+------------------+
 *             | TRB | TRB | TRB |         | TRB | Link -> phys, TC |
 *             +-----+-----+-----+-- ... --+-----+------------------+
 *                      ^ enq: next slot we fill, with cycle = pcs
 *
 * The controller consumes TRBs whose cycle bit equals its own cycle
 * state and stops at the first that does not. We write a TRB's cycle bit
 * last. On reaching the Link TRB we give it our cycle bit too, then flip
 * pcs: the controller follows the link, toggles its cycle state, and
 * finds the old TRBs at the start now stale.
 *
 * Event ring (§4.9.4), one segment described by one ERST entry: the
 * controller produces, we consume entries whose cycle bit equals ccs,
 * flipping ccs on wrapping. After consuming, the new dequeue pointer goes
 * to ERDP (xhci_evring_erdp) so the controller may reuse the space.
 *
 * Callers serialize access (the controller lock); nothing here blocks.
 */
#ifndef KERNEL_DRIVERS_USB_XHCI_RING_H
#define KERNEL_DRIVERS_USB_XHCI_RING_H
#include <stdbool.h>
#include <stdint.h>
#include "drivers/usb/xhci_regs.h"

struct xhci_ring {
	volatile struct xhci_trb *trb;
	uint64_t phys;
	unsigned size; /* TRBs, the link TRB included */
	unsigned enq;  /* next TRB to fill */
	uint32_t pcs;  /* producer cycle state: 0 or 1 */
};

/* Zero size TRBs at virt and close them with a Link TRB back to phys.
 * size >= 2; pcs starts at 1 (the controller's dequeue cycle state must
 * be given 1: CRCR.RCS, or DCS in an endpoint context). */
void xhci_ring_init(struct xhci_ring *r, void *virt, uint64_t phys,
                    unsigned size);

/* Append one TRB (control's cycle bit is ours to set), stepping over the
 * link TRB when the segment ends. Returns the TRB's address (phys), as
 * event TRBs will name it. The caller keeps fewer than size - 1 TRBs
 * outstanding. */
uint64_t xhci_ring_push(struct xhci_ring *r, uint64_t param, uint32_t status,
                        uint32_t control);

/* The enqueue position as a dequeue pointer for a context or CRCR:
 * address | cycle state (for Set TR Dequeue Pointer after an error). */
uint64_t xhci_ring_deq_ptr(const struct xhci_ring *r);

/* Whether phys names a TRB of this ring. */
bool xhci_ring_owns(const struct xhci_ring *r, uint64_t phys);

struct xhci_evring {
	volatile struct xhci_trb *trb;
	uint64_t phys;
	unsigned size;
	unsigned deq; /* next TRB to look at */
	uint32_t ccs; /* consumer cycle state: starts at 1 */
};

/* Zero size TRBs at virt; fill the one ERST entry describing them. */
void xhci_evring_init(struct xhci_evring *e, void *virt, uint64_t phys,
                      unsigned size, struct xhci_erst_entry *erst);

/* Take the next event if the controller has written it: copies it to
 * *out, advances, returns true; false if none is pending. */
bool xhci_evring_pop(struct xhci_evring *e, struct xhci_trb *out);

/* The value for ERDP after popping (dequeue address, EHB set so the
 * write also clears Event Handler Busy). */
uint64_t xhci_evring_erdp(const struct xhci_evring *e);
#endif
