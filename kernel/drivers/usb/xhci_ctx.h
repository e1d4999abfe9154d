/* SPDX-License-Identifier: MIT */
/*
 * xHCI device and input contexts filled in (xHCI 1.2 §6.2, §4.3.3-4.3.5,
 * §6.2.3.6 for intervals), portable and host-tested. Contexts are 32 or
 * 64 bytes (HCCPARAMS1.CSZ); `csz` is that size throughout.
 *
 *   input context:  [input control][slot][EP0 = DCI 1][DCI 2] ... [DCI 31]
 *   device context:                [slot][EP0 = DCI 1][DCI 2] ... [DCI 31]
 */
#ifndef KERNEL_DRIVERS_USB_XHCI_CTX_H
#define KERNEL_DRIVERS_USB_XHCI_CTX_H
#include <stdbool.h>
#include <stdint.h>
#include "drivers/usb/usb_desc.h"

#define XHCI_INPUT_CTX_BYTES(csz) (33u * (csz))
#define XHCI_DEV_CTX_BYTES(csz)   (32u * (csz))

/* Pointers to the dwords of one context. */
uint32_t *xhci_in_ctl(void *in, unsigned csz);  /* input control */
uint32_t *xhci_in_slot(void *in, unsigned csz); /* input slot ctx */
uint32_t *xhci_in_ep(void *in, unsigned csz, unsigned dci);
uint32_t *xhci_dev_ep(void *dev, unsigned csz, unsigned dci);

/* Device Context Index of an endpoint address (bit 7 IN, 3:0 number):
 * 1 for EP0, 2n + 1 for IN n, 2n for OUT n (§4.5.1). */
unsigned xhci_dci(uint8_t ep_address);

/* EP0 max packet size to start with, before the device descriptor is
 * read, by xHCI speed ID: LS 8, FS 8, HS 64, SS 512 (USB 2.0 §5.5.3,
 * USB 3.2 §9.6.1). 0 for an unknown speed. */
unsigned xhci_default_mps0(unsigned speed);
/* EP0 max packet size from bMaxPacketSize0 (an exponent for SuperSpeed);
 * 0 if the value is not one the speed allows. */
unsigned xhci_mps0_from_desc(unsigned speed, uint8_t b);

/* The endpoint context Interval field for an interrupt endpoint
 * (§6.2.3.6): the period is 125 us * 2^Interval. FS/LS bInterval is in
 * ms (1..255) -> floor(log2(8 * bInterval)), 3..10; HS/SS bInterval
 * 1..16 means 2^(bInterval-1) microframes -> bInterval - 1. Out-of-range
 * values are clamped. */
unsigned xhci_int_interval(unsigned speed, uint8_t b_interval);

/* What the slot context says about where a device sits (§6.2.2). */
struct xhci_slot_info {
	unsigned speed;     /* xHCI speed ID */
	unsigned root_port; /* root hub port of the chain, from 1 */
	uint32_t route;     /* route string: 4 bits per hub tier (§8.9) */
	unsigned tt_slot, tt_port; /* LS/FS behind a HS hub: its TT */
	/* the device is itself a hub: */
	bool hub, mtt;
	unsigned nports, think_time; /* TTT: bits 6:5 of wHubCharacteristics */
};

/* Route string of the device on port (1..15+; more is clamped to 15) of
 * a hub whose own route string is parent_route at tier depth (0: the
 * hub is on a root port). */
uint32_t xhci_route(uint32_t parent_route, unsigned depth, unsigned port);

/* The slot and EP0 contexts for Address Device (§4.3.3): add flags A0 and
 * A1, one context entry. */
void xhci_ctx_address(void *in, unsigned csz, const struct xhci_slot_info *si,
                      unsigned mps0, uint64_t ep0_deq);

/* The input context for Configure Endpoint adding one interrupt IN
 * endpoint (§4.3.5, §4.6.6): add flags A0 and A(dci), the slot context
 * rebuilt from si (hub fields included) with its context entries raised
 * to dci. */
void xhci_ctx_int_in(void *in, unsigned csz, const struct xhci_slot_info *si,
                     const struct usb_endpoint *ep, uint64_t deq);
#endif
