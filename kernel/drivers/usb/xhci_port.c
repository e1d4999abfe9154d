/* SPDX-License-Identifier: MIT */
/*
 * xHCI root hub ports (xHCI 1.2 §4.3.1, §4.19, §5.4.8 PORTSC; USB 2.0
 * §7.1.7.3 and §9.1.2 for the timings): power, connect debounce, reset,
 * speed, and plug/unplug followed by a thread ("xhci-ports") woken by
 * Port Status Change Events.
 *
 *   USB 2 port:  connect (CCS) -> we set PR -> reset ends (PRC), the port
 *                is Enabled (PED) at the speed in PORTSC
 *   USB 3 port:  connect -> the link trains by itself -> Enabled; a port
 *                that does not get there gets a warm reset (WPR)
 *
 * Which protocol a port speaks comes from the Supported Protocol
 * capabilities (xhci_ecap.c). The USB 3 path is written from the spec and
 * untested: QEMU's keyboards and tablets are USB 2 devices.
 */
#include "console/kprintf.h"
#include "drivers/usb/xhci.h"
#include "sched/thread.h"
#include "time/time.h"

#define MS            1000000ull
#define DEBOUNCE_MS   100 /* USB 2.0 7.1.7.3 TATTDB */
#define RESET_MS      500 /* bound on a port reset */
#define RECOVERY_MS   10  /* USB 2.0 7.1.7.5 TRSTRCY */
#define POWER_GOOD_MS 20  /* xHCI 1.2 5.4.8: PP to a usable port */

static uint32_t portsc(struct xhci *hc, unsigned p)
{
	return xr32(hc->op, XHCI_PORTSC(p));
}

/* Write PORTSC with bits set, keeping what must be kept and writing 0 to
 * every RW1C bit not named in bits. */
static void portsc_set(struct xhci *hc, unsigned p, uint32_t bits)
{
	xw32(hc->op, XHCI_PORTSC(p), PORTSC_KEEP(portsc(hc, p)) | bits);
}

/* Wait (sleeping 1 ms at a time) for any of mask in PORTSC. */
static bool port_wait(struct xhci *hc, unsigned p, uint32_t mask)
{
	for (unsigned ms = 0; ms < RESET_MS; ms++) {
		if (portsc(hc, p) & mask)
			return true;
		thread_sleep_ns(MS);
	}
	return portsc(hc, p) & mask;
}

/* Bring a connected port to Enabled; its speed ID, or 0 (logged). */
static unsigned port_enable(struct xhci *hc, unsigned p)
{
	uint32_t v;

	thread_sleep_ns(DEBOUNCE_MS * MS);
	if (!(portsc(hc, p) & PORTSC_CCS))
		return 0; /* gone while debouncing */
	if (hc->port_major[p] == 3) {
		if (!port_wait(hc, p, PORTSC_PED)) {
			portsc_set(hc, p, PORTSC_WPR);
			port_wait(hc, p, PORTSC_WRC | PORTSC_PRC);
		}
	} else {
		portsc_set(hc, p, PORTSC_PR);
		if (!port_wait(hc, p, PORTSC_PRC))
			xhci_log(hc, "port %u: reset did not end in %u ms", p,
			         RESET_MS);
	}
	portsc_set(hc, p, PORTSC_PRC | PORTSC_WRC);
	thread_sleep_ns(RECOVERY_MS * MS);
	v = portsc(hc, p);
	if (!(v & PORTSC_PED)) {
		xhci_log(hc, "port %u: not enabled after reset (PORTSC %#x)", p,
		         v);
		return 0;
	}
	return PORTSC_SPEED(v);
}

/* Look at port p after a change: detach what left, attach what came. */
static void port_check(struct xhci *hc, unsigned p)
{
	uint32_t v = portsc(hc, p);
	struct xhci_slot *s = hc->port_slot[p];
	unsigned speed;

	portsc_set(hc, p, v & PORTSC_CHANGES);
	if (s && (!(v & PORTSC_CCS) || (v & PORTSC_CSC))) {
		kprintf("%s: disconnected\n", s->udev.name);
		hc->port_slot[p] = NULL;
		xhci_slot_detach(s);
	}
	if (!(v & PORTSC_CCS) || hc->port_slot[p])
		return;
	speed = port_enable(hc, p);
	if (speed)
		hc->port_slot[p] = xhci_slot_attach(hc, NULL, p, speed);
}

static void port_thread(void *arg)
{
	struct xhci *hc = arg;

	for (;;) {
		uint64_t f = spin_lock_irqsave(&hc->lock), changed;

		while (!hc->port_changed)
			waitq_wait(&hc->port_wq, &hc->lock);
		changed = hc->port_changed;
		hc->port_changed = 0;
		spin_unlock_irqrestore(&hc->lock, f);
		for (unsigned p = 1; p <= hc->nports; p++)
			if (changed & (1ull << (p - 1)))
				port_check(hc, p);
	}
}

void xhci_ports_start(struct xhci *hc)
{
	uint64_t t0 = time_ns();
	unsigned found = 0;

	if (hc->hcc1 & HCC1_PPC) {
		for (unsigned p = 1; p <= hc->nports; p++)
			if (!(portsc(hc, p) & PORTSC_PP))
				portsc_set(hc, p, PORTSC_PP);
		thread_sleep_ns(POWER_GOOD_MS * MS);
	}
	for (unsigned p = 1; p <= hc->nports; p++) {
		if (portsc(hc, p) & PORTSC_CCS) {
			port_check(hc, p);
			found += hc->port_slot[p] != NULL;
		}
	}
	xhci_log(hc, "%u device%s on the root ports, enumerated in %llu ms",
	         found, found == 1 ? "" : "s",
	         (unsigned long long)((time_ns() - t0) / MS));
	thread_create("xhci-ports", port_thread, hc, PRIO_NORMAL);
}
