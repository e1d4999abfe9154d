/* SPDX-License-Identifier: MIT */
/*
 * xHCI extended capabilities (xHCI 1.2 §7): the list starts at
 * HCCPARAMS1.xECP (in dwords from BAR0); each entry's bits 15:8 give the
 * distance to the next in dwords, 0 ending the list.
 *
 *   USB Legacy Support (§7.1, §4.22.1): the firmware may own the
 *   controller (and take SMIs from it) until we ask: set HC OS Owned,
 *   wait for HC BIOS Owned to clear, turn the SMIs off. The wait is
 *   bounded (1 s); a firmware that never lets go is overruled and logged.
 *   Written from the spec: QEMU's controllers have no legacy capability,
 *   so this is untested (real firmware would exercise it).
 *
 *   Supported Protocol (§7.2): which root ports are USB 2 and which USB 3
 *   (they reach Enabled differently, §4.3.1) and the slot type to ask for
 *   in Enable Slot.
 */
#include "drivers/usb/xhci.h"
#include "time/time.h"

#define HANDOFF_MS 1000
#define MAX_ECAPS  64          /* a looping list ends here */
#define NAME_USB   0x20425355u /* "USB " */

/* The next capability of id after offset off (0: from the start), or 0. */
static unsigned ecap_next(struct xhci *hc, unsigned off, unsigned id)
{
	unsigned n = 0;

	if (!off) {
		off = HCC1_XECP(hc->hcc1) * 4;
	} else {
		unsigned next = XECP_NEXT(xr32(hc->base, off));

		off = next ? off + 4 * next : 0;
	}
	for (; off && n < MAX_ECAPS; n++) {
		uint32_t v;

		if (off + 16 > hc->pci->bar[0].size)
			return 0;
		v = xr32(hc->base, off);
		if (XECP_ID(v) == id)
			return off;
		off = XECP_NEXT(v) ? off + 4 * XECP_NEXT(v) : 0;
	}
	return 0;
}

void xhci_bios_handoff(struct xhci *hc)
{
	unsigned off = ecap_next(hc, 0, XECP_LEGACY);
	uint32_t v;

	if (!off)
		return;
	v = xr32(hc->base, off);
	if (v & LEGSUP_BIOS_OWNED) {
		xw32(hc->base, off, v | LEGSUP_OS_OWNED);
		for (unsigned ms = 0; xr32(hc->base, off) & LEGSUP_BIOS_OWNED;
		     ms++) {
			if (ms == HANDOFF_MS) {
				xhci_log(hc,
				         "firmware still owns the controller "
				         "after %u ms; taking it anyway",
				         HANDOFF_MS);
				xw32(
				    hc->base, off,
				    (xr32(hc->base, off) & ~LEGSUP_BIOS_OWNED) |
				        LEGSUP_OS_OWNED);
				break;
			}
			time_sleep_busy_ns(1000000);
		}
		xhci_log(hc, "taken over from the firmware");
	}
	/* SMIs off; their status bits are RW1C. */
	v = xr32(hc->base, off + 4);
	xw32(hc->base, off + 4, (v & ~LEGCTL_SMI_ENABLES) | LEGCTL_SMI_EVENTS);
}

void xhci_read_protocols(struct xhci *hc)
{
	for (unsigned off = ecap_next(hc, 0, XECP_PROTOCOL); off;
	     off = ecap_next(hc, off, XECP_PROTOCOL)) {
		uint32_t d0 = xr32(hc->base, off), d2 = xr32(hc->base, off + 8);
		unsigned major = d0 >> 24, first = d2 & 0xff;
		unsigned count = (d2 >> 8) & 0xff;
		uint8_t type = (uint8_t)(xr32(hc->base, off + 12) & 0x1f);

		if (xr32(hc->base, off + 4) != NAME_USB)
			continue;
		for (unsigned p = first; p < first + count && p <= hc->nports;
		     p++) {
			if (!p)
				continue;
			hc->port_major[p] = (uint8_t)major;
			hc->port_slot_type[p] = type;
		}
	}
}
