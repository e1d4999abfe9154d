/* SPDX-License-Identifier: MIT */
/* xHCI contexts (xHCI 1.2 §6.2); see xhci_ctx.h. Portable: host-tested in
 * tests/host/usb_xhci/test_xhci_ctx.c. */
#include <libk/string.h>
#include "drivers/usb/xhci_ctx.h"
#include "drivers/usb/xhci_regs.h"

static uint32_t *ctx_at(void *base, unsigned csz, unsigned index)
{
	return (uint32_t *)((uint8_t *)base + (size_t)csz * index);
}

uint32_t *xhci_in_ctl(void *in, unsigned csz)
{
	return ctx_at(in, csz, 0);
}

uint32_t *xhci_in_slot(void *in, unsigned csz)
{
	return ctx_at(in, csz, 1);
}

uint32_t *xhci_in_ep(void *in, unsigned csz, unsigned dci)
{
	return ctx_at(in, csz, 1 + dci);
}

uint32_t *xhci_dev_ep(void *dev, unsigned csz, unsigned dci)
{
	return ctx_at(dev, csz, dci);
}

unsigned xhci_dci(uint8_t ep_address)
{
	unsigned n = ep_address & 0xf;

	if (n == 0)
		return 1;
	return 2 * n + (ep_address & 0x80 ? 1 : 0);
}

unsigned xhci_default_mps0(unsigned speed)
{
	switch (speed) {
	case XHCI_SPEED_LOW:
	case XHCI_SPEED_FULL:
		return 8;
	case XHCI_SPEED_HIGH:
		return 64;
	case XHCI_SPEED_SUPER:
	case XHCI_SPEED_SSP:
		return 512;
	default:
		return 0;
	}
}

unsigned xhci_mps0_from_desc(unsigned speed, uint8_t b)
{
	switch (speed) {
	case XHCI_SPEED_LOW:
		return b == 8 ? 8 : 0;
	case XHCI_SPEED_FULL:
		return b == 8 || b == 16 || b == 32 || b == 64 ? b : 0;
	case XHCI_SPEED_HIGH:
		return b == 64 ? 64 : 0;
	case XHCI_SPEED_SUPER:
	case XHCI_SPEED_SSP:
		return b == 9 ? 512 : 0;
	default:
		return 0;
	}
}

unsigned xhci_int_interval(unsigned speed, uint8_t b_interval)
{
	unsigned b = b_interval ? b_interval : 1, v = 0;

	if (speed == XHCI_SPEED_LOW || speed == XHCI_SPEED_FULL) {
		for (unsigned frames = 8u * b; frames > 1; frames >>= 1)
			v++;
		return v < 3 ? 3 : v > 10 ? 10 : v;
	}
	return b > 16 ? 15 : b - 1;
}

uint32_t xhci_route(uint32_t parent_route, unsigned depth, unsigned port)
{
	if (depth >= 5)
		return parent_route; /* 5 tiers of hubs at most (USB 2.0 4.1.1)
		                      */
	return parent_route | (uint32_t)(port > 15 ? 15 : port) << (4 * depth);
}

/* Slot context dwords 0-2 (§6.2.2). */
static void slot_fill(uint32_t *slot, const struct xhci_slot_info *si,
                      unsigned entries)
{
	slot[0] = (si->route & 0xfffff) | SLOT_SPEED(si->speed) |
	          (si->mtt ? SLOT_MTT : 0) | (si->hub ? SLOT_HUB : 0) |
	          SLOT_ENTRIES(entries);
	slot[1] =
	    SLOT_PORT(si->root_port) | SLOT_NPORTS(si->hub ? si->nports : 0);
	slot[2] = SLOT_TT_SLOT(si->tt_slot) | SLOT_TT_PORT(si->tt_port) |
	          SLOT_TTT(si->hub ? si->think_time : 0);
}

void xhci_ctx_address(void *in, unsigned csz, const struct xhci_slot_info *si,
                      unsigned mps0, uint64_t ep0_deq)
{
	uint32_t *ctl = xhci_in_ctl(in, csz), *ep0 = xhci_in_ep(in, csz, 1);

	LIBK_FN(memset)(in, 0, XHCI_INPUT_CTX_BYTES(csz));
	ctl[1] = 1u << 0 | 1u << 1; /* A0 slot, A1 EP0 */
	slot_fill(xhci_in_slot(in, csz), si, 1);
	ep0[1] = EP_CERR(3) | EP_TYPE(EP_TYPE_CONTROL) | EP_MPS(mps0);
	ep0[2] = (uint32_t)ep0_deq;
	ep0[3] = (uint32_t)(ep0_deq >> 32);
	ep0[4] = EP_AVG_TRB(8);
}

void xhci_ctx_int_in(void *in, unsigned csz, const struct xhci_slot_info *si,
                     const struct usb_endpoint *ep, uint64_t deq)
{
	unsigned dci = xhci_dci(ep->address), mps = ep->max_packet & 0x7ff;
	unsigned burst = ep->max_burst;
	uint32_t *ctl = xhci_in_ctl(in, csz), *e = xhci_in_ep(in, csz, dci);
	uint32_t esit;

	if (si->speed == XHCI_SPEED_HIGH)
		burst = (ep->max_packet >> 11) & 3; /* extra transactions */
	esit = mps * (burst + 1);
	LIBK_FN(memset)(in, 0, XHCI_INPUT_CTX_BYTES(csz));
	slot_fill(xhci_in_slot(in, csz), si, dci);
	ctl[1] = 1u << 0 | 1u << dci;
	e[0] = EP_INTERVAL(xhci_int_interval(si->speed, ep->interval)) |
	       EP_ESIT_HI(esit);
	e[1] = EP_CERR(3) | EP_TYPE(EP_TYPE_INT_IN) | EP_BURST(burst) |
	       EP_MPS(mps);
	e[2] = (uint32_t)deq;
	e[3] = (uint32_t)(deq >> 32);
	e[4] = EP_AVG_TRB(mps) | EP_ESIT_LO(esit);
}
