/* SPDX-License-Identifier: MIT */
/*
 * Intel 7/8/9-series PCH xHCI port routing (Intel 7 Series / C216 Chipset
 * Family PCH datasheet, xHCI configuration registers, D20:F0):
 *
 *   D0h XUSB2PR    which USB 2 ports the xHCI owns (else the EHCI does)
 *   D4h XUSB2PRM   which bits of XUSB2PR the firmware lets us set
 *   D8h USB3_PSSEN which ports have SuperSpeed enabled
 *   DCh USB3PRM    which bits of USB3_PSSEN may be set
 *
 * On these chipsets the ports start out on the EHCI controllers, which
 * tern does not drive: a keyboard would never be seen. We take every port
 * the masks allow. Written from the datasheet, untested on real hardware
 * (QEMU has no such controller).
 */
#include "drivers/usb/xhci.h"

#define XUSB2PR    0xd0
#define XUSB2PRM   0xd4
#define USB3_PSSEN 0xd8
#define USB3PRM    0xdc

/* Panther Point, Lynx Point, Lynx Point-LP, Wildcat Point-LP, 9 Series */
static const uint16_t routed_ids[] = {0x1e31, 0x8c31, 0x9c31, 0x9cb1, 0x8cb1};

void xhci_intel_route_ports(struct xhci *hc)
{
	struct pci_dev *d = hc->pci;
	uint32_t ss, hs;
	unsigned i, n = sizeof(routed_ids) / sizeof(routed_ids[0]);

	if (d->vendor != 0x8086)
		return;
	for (i = 0; i < n && routed_ids[i] != d->device; i++)
		;
	if (i == n)
		return;
	ss = pci_read32(d, USB3PRM);
	pci_write32(d, USB3_PSSEN, ss);
	hs = pci_read32(d, XUSB2PRM);
	pci_write32(d, XUSB2PR, hs);
	xhci_log(hc,
	         "Intel PCH: SuperSpeed on ports %#x, USB 2 ports %#x "
	         "routed from EHCI",
	         pci_read32(d, USB3_PSSEN), pci_read32(d, XUSB2PR));
}
