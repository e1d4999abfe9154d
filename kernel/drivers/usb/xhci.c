/* SPDX-License-Identifier: MIT */
/*
 * xHCI host controller bring-up and event handling (eXtensible Host
 * Controller Interface 1.2):
 *   §4.22.1 / §7.1  BIOS handoff (xhci_ecap.c)
 *   §4.2            initialization: halt, HCRST, CNR, MaxSlotsEn, DCBAA,
 *                   scratchpad buffers (§4.20), command ring, event ring
 *                   with one ERST entry on interrupter 0 (§4.9.4), run
 *   §4.17           interrupts: MSI-X, else MSI, else a polling thread;
 *                   `xhci=poll` / `xhci=msi` on the kernel command line
 *                   force the polled or the MSI path
 *   §4.9.4, §5.5.2.3  event ring dequeue, ERDP with EHB
 * Commands are in xhci_cmd.c, transfers in xhci_xfer.c, slots in
 * xhci_slot.c, root ports in xhci_port.c.
 *
 * Missing: bulk and isochronous transfers (no class driver needs them
 * yet), more than one interrupter or event ring segment, power
 * management (suspend/resume, U1/U2, LPM), streams, virtualization, the
 * debug capability, INTx (controllers without MSI are polled), recovery
 * from a Host System Error (logged; the controller stays dead).
 * Tested in QEMU 7.2 on qemu-xhci and nec-usb-xhci (both 32-byte
 * contexts, no scratchpads, no legacy capability); 64-byte contexts,
 * scratchpad buffers and the BIOS handoff are written from the spec and
 * untested, as is everything on real hardware.
 */
#include <libk/parse.h>
#include <libk/string.h>
#include <mm/kmalloc.h>
#include "console/kprintf.h"
#include "core/boot.h"
#include "drivers/driver.h"
#include "drivers/usb/xhci.h"
#include "sched/thread.h"
#include "time/time.h"

#define EVENT_TRBS     256
#define HALT_US        20000 /* §5.4.2: HCH within 16 ms of R/S = 0 */
#define RESET_US       1000000
#define POLL_PERIOD_NS 4000000ull /* polled mode: the event ring every 4 ms */
#define MS             1000000ull

static unsigned xhci_count;

void xhci_log(const struct xhci *hc, const char *fmt, ...)
{
	char line[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	kprintf("xhci %u: %s\n", hc->bus, line);
}

/* Spin until (reg & mask) == want, up to us microseconds. */
static bool op_wait(struct xhci *hc, unsigned reg, uint32_t mask, uint32_t want,
                    unsigned us)
{
	for (unsigned i = 0; i < us / 10; i++) {
		if ((xr32(hc->op, reg) & mask) == want)
			return true;
		time_sleep_busy_ns(10000);
	}
	return (xr32(hc->op, reg) & mask) == want;
}

/* Stop the controller, then reset it (§4.2, §5.4.1 HCRST: wait for HCRST
 * and CNR to clear before touching any other register). */
static int xhci_reset(struct xhci *hc)
{
	xw32(hc->op, XHCI_USBCMD, xr32(hc->op, XHCI_USBCMD) & ~CMD_RUN);
	if (!op_wait(hc, XHCI_USBSTS, STS_HCH, STS_HCH, HALT_US)) {
		xhci_log(hc, "does not halt (USBSTS %#x)",
		         xr32(hc->op, XHCI_USBSTS));
		return -1;
	}
	xw32(hc->op, XHCI_USBCMD, CMD_HCRST);
	if (!op_wait(hc, XHCI_USBCMD, CMD_HCRST, 0, RESET_US) ||
	    !op_wait(hc, XHCI_USBSTS, STS_CNR, 0, RESET_US)) {
		xhci_log(hc, "reset does not complete (USBCMD %#x USBSTS %#x)",
		         xr32(hc->op, XHCI_USBCMD), xr32(hc->op, XHCI_USBSTS));
		return -1;
	}
	return 0;
}

/* Scratchpad buffers (§4.20, §6.6): an array of page addresses in DCBAA
 * entry 0, the pages themselves after it. */
static int xhci_scratchpads(struct xhci *hc)
{
	uint64_t *arr;

	if (!hc->nscratch)
		return 0;
	if (xhci_dma_alloc(hc, &hc->scratch, 4096ull * (1 + hc->nscratch)))
		return -1;
	arr = hc->scratch.virt;
	for (unsigned i = 0; i < hc->nscratch; i++)
		arr[i] = hc->scratch.phys + 4096ull * (1 + i);
	hc->dcbaa[0] = hc->scratch.phys;
	return 0;
}

/*
 * Controller memory, one allocation of 3 pages:
 *   page 0: DCBAA (8 bytes x 256 slots, 2 KiB) | ERST (one entry) at 2 KiB
 *   page 1: command ring (256 TRBs)
 *   page 2: event ring segment (256 TRBs)
 */
static int xhci_memory(struct xhci *hc)
{
	uint8_t *v;
	uint64_t p;

	if (xhci_dma_alloc(hc, &hc->mem, 3 * 4096))
		return -1;
	v = hc->mem.virt;
	p = hc->mem.phys;
	if (!(hc->hcc1 & HCC1_AC64) && p + 3 * 4096 > (1ull << 32)) {
		xhci_log(hc, "32-bit controller, memory above 4 GiB");
		return -1;
	}
	hc->dcbaa = (uint64_t *)v;
	xhci_ring_init(&hc->cmd, v + 4096, p + 4096, XHCI_RING_TRBS);
	xhci_evring_init(&hc->ev, v + 2 * 4096, p + 2 * 4096, EVENT_TRBS,
	                 (struct xhci_erst_entry *)(v + 2048));
	return xhci_scratchpads(hc);
}

/* §4.2 steps after the reset: slots, DCBAA, command ring, interrupter 0
 * (ERSTSZ, ERDP, then ERSTBA, §4.9.4), then run. */
static int xhci_start(struct xhci *hc)
{
	volatile uint8_t *ir = hc->rt + XHCI_IR(0);

	xw32(hc->op, XHCI_CONFIG, hc->max_slots);
	xw64(hc->op, XHCI_DCBAAP, hc->mem.phys);
	xw64(hc->op, XHCI_CRCR, hc->cmd.phys | CRCR_RCS);
	xw32(ir, XHCI_IR_ERSTSZ, 1);
	xw64(ir, XHCI_IR_ERDP, hc->ev.phys);
	xw64(ir, XHCI_IR_ERSTBA, hc->mem.phys + 2048);
	xw32(ir, XHCI_IR_IMOD, 4000); /* at most one interrupt per ms */
	xw32(ir, XHCI_IR_IMAN, IMAN_IE | IMAN_IP);
	xw32(hc->op, XHCI_USBSTS, STS_EINT | STS_PCD | STS_HSE);
	xw32(hc->op, XHCI_USBCMD,
	     CMD_RUN | CMD_HSEE | (hc->polled ? 0 : CMD_INTE));
	if (!op_wait(hc, XHCI_USBSTS, STS_HCH, 0, HALT_US)) {
		xhci_log(hc, "does not start (USBSTS %#x)",
		         xr32(hc->op, XHCI_USBSTS));
		return -1;
	}
	return 0;
}

static void xhci_port_event(struct xhci *hc, const struct xhci_trb *ev)
{
	unsigned port = (unsigned)(ev->param >> 24) & 0xff;

	if (port >= 1 && port <= hc->nports) {
		hc->port_changed |= 1ull << (port - 1);
		waitq_wake_all(&hc->port_wq);
	}
}

/* A Command Completion Event. Command Ring Stopped (§4.6.1.2) only ends
 * an abort: its TRB pointer names where the ring stopped, which may be
 * the next command's TRB, so it never completes a command. */
static void xhci_command_event(struct xhci *hc, const struct xhci_trb *ev)
{
	struct xhci_wait *w = hc->cmd_wait;

	if (TRB_CODE(ev->status) == CC_CMD_RING_STOPPED) {
		if (hc->stop_wait) {
			hc->stop_wait->done = true;
			waitq_wake_all(&hc->wq);
		}
		return;
	}
	if (!w || w->done || ev->param != w->trb)
		return; /* a command we gave up on */
	w->code = (uint8_t)TRB_CODE(ev->status);
	w->slot = (uint8_t)TRB_GET_SLOT(ev->control);
	w->done = true;
	waitq_wake_all(&hc->wq);
}

static void xhci_event(struct xhci *hc, const struct xhci_trb *ev)
{
	unsigned slot = TRB_GET_SLOT(ev->control);

	switch (TRB_GET_TYPE(ev->control)) {
	case TRB_EV_TRANSFER:
		if (hc->slots[slot])
			xhci_transfer_event(hc->slots[slot], ev);
		break;
	case TRB_EV_COMMAND:
		xhci_command_event(hc, ev);
		break;
	case TRB_EV_PORT:
		xhci_port_event(hc, ev);
		break;
	case TRB_EV_HOST:
		xhci_log(hc, "host controller event: %s",
		         xhci_cc_name(TRB_CODE(ev->status)));
		break;
	default:
		break;
	}
}

/* Host System Error / Host Controller Error (§5.4.2): the controller
 * has stopped; nothing short of a reset brings it back. Said once. */
static void xhci_check_fatal(struct xhci *hc)
{
	uint32_t sts = xr32(hc->op, XHCI_USBSTS);

	if (!(sts & (STS_HSE | STS_HCE)) || hc->dead)
		return;
	hc->dead = true;
	xhci_log(hc, "controller stopped: %s (USBSTS %#x); USB on it is dead",
	         sts & STS_HCE ? "host controller error" : "host system error",
	         sts);
}

void xhci_events_locked(struct xhci *hc)
{
	struct xhci_trb ev;
	unsigned n = 0;

	while (xhci_evring_pop(&hc->ev, &ev)) {
		xhci_event(hc, &ev);
		n++;
	}
	hc->events += n;
	/* Written even when nothing was found: it also clears EHB, which
	 * would otherwise hold back the next interrupt (§5.5.2.3.3). */
	xw64(hc->rt + XHCI_IR(0), XHCI_IR_ERDP, xhci_evring_erdp(&hc->ev));
	xhci_check_fatal(hc);
}

int xhci_wait_locked(struct xhci *hc, struct xhci_wait *w, unsigned ms)
{
	uint64_t deadline = time_ns() + ms * MS;

	while (!w->done) {
		uint64_t now = time_ns();

		if (now >= deadline)
			return -1;
		if (hc->polled) {
			xhci_events_locked(hc);
			if (w->done)
				break;
			waitq_wait_timeout(&hc->wq, &hc->lock, MS);
		} else {
			waitq_wait_timeout(&hc->wq, &hc->lock, deadline - now);
		}
	}
	return 0;
}

/* Interrupt context (§4.17.5): clear EINT and the interrupter's IP, then
 * drain the event ring; ERDP with EHB set lets the next interrupt come. */
static void xhci_irq(unsigned vector, void *ctx)
{
	struct xhci *hc = ctx;
	uint64_t f = spin_lock_irqsave(&hc->lock);

	(void)vector;
	hc->irqs++;
	xw32(hc->op, XHCI_USBSTS, STS_EINT);
	xw32(hc->rt + XHCI_IR(0), XHCI_IR_IMAN, IMAN_IE | IMAN_IP);
	xhci_events_locked(hc);
	spin_unlock_irqrestore(&hc->lock, f);
}

static void xhci_poller(void *arg)
{
	struct xhci *hc = arg;

	for (;;) {
		uint64_t f = spin_lock_irqsave(&hc->lock);

		xhci_events_locked(hc);
		spin_unlock_irqrestore(&hc->lock, f);
		thread_sleep_ns(POLL_PERIOD_NS);
	}
}

/* MSI-X entry 0, else MSI, else (or with xhci=poll) a polling thread.
 * xhci=msi skips MSI-X. */
static void xhci_irq_setup(struct xhci *hc)
{
	char mode[8] = "";
	int vec = -1;

	kcmdline_get(boot_cmdline(), "xhci", mode, sizeof(mode));
	if (!strcmp(mode, "poll")) {
		hc->irq_mode = "polled (xhci=poll)";
	} else {
		if (strcmp(mode, "msi") && hc->pci->msix_cap &&
		    (vec = pci_enable_msix(hc->pci, 0, xhci_irq, hc)) >= 0)
			hc->irq_mode = "MSI-X";
		else if (hc->pci->msi_cap &&
		         (vec = pci_enable_msi(hc->pci, xhci_irq, hc)) >= 0)
			hc->irq_mode = "MSI";
		else
			hc->irq_mode = "polled (no MSI)";
	}
	if (vec >= 0) {
		irq_set_name((unsigned)vec, "xhci");
		return;
	}
	hc->polled = true;
	thread_create("xhci-poll", xhci_poller, hc, PRIO_HIGH);
}

/* Registers and parameters (§5.3). */
static int xhci_map(struct xhci *hc)
{
	struct pci_dev *d = hc->pci;
	uint32_t hcs1, hcs2;

	pci_enable(d, true);
	hc->base = pci_map_bar(d, 0);
	if (!hc->base || d->bar[0].size < 0x1000)
		return -1;
	hc->op = hc->base + (xr32(hc->base, XHCI_CAPLENGTH) & 0xff);
	hc->rt = hc->base + (xr32(hc->base, XHCI_RTSOFF) & ~0x1fu);
	hc->db = hc->base + (xr32(hc->base, XHCI_DBOFF) & ~0x3u);
	hcs1 = xr32(hc->base, XHCI_HCSPARAMS1);
	hcs2 = xr32(hc->base, XHCI_HCSPARAMS2);
	hc->hcc1 = xr32(hc->base, XHCI_HCCPARAMS1);
	hc->max_slots = HCS1_MAX_SLOTS(hcs1);
	hc->nports = HCS1_MAX_PORTS(hcs1);
	hc->nscratch = HCS2_SCRATCH(hcs2);
	hc->csz = hc->hcc1 & HCC1_CSZ ? 64 : 32;
	if (hc->nports > XHCI_MAX_PORTS) {
		xhci_log(hc, "%u ports, only the first %u used", hc->nports,
		         XHCI_MAX_PORTS);
		hc->nports = XHCI_MAX_PORTS;
	}
	if (!(xr32(hc->op, XHCI_PAGESIZE) & 1)) {
		xhci_log(hc, "no 4 KiB page size (PAGESIZE %#x)",
		         xr32(hc->op, XHCI_PAGESIZE));
		return -1;
	}
	return 0;
}

static struct xhci *xhci_new(struct pci_dev *d)
{
	struct xhci *hc = kcalloc(1, sizeof(*hc));

	if (!hc)
		return NULL;
	hc->pci = d;
	hc->bus = ++xhci_count;
	hc->lock = (struct spinlock)SPINLOCK_INIT("xhci");
	waitq_init(&hc->wq);
	waitq_init(&hc->port_wq);
	mutex_init(&hc->cmd_mutex, "xhci-cmd");
	hc->fault_cmd = usb_fault("cmdtimeout");
	return hc;
}

static int xhci_probe(struct pci_dev *d, const struct pci_id *id)
{
	struct xhci *hc = xhci_new(d);
	uint16_t version;

	(void)id;
	if (!hc)
		return -1;
	if (xhci_map(hc)) {
		xhci_log(hc, "%02x:%02x.%u: no usable registers", d->bus,
		         d->dev, d->fn);
		return -1; /* hc stays allocated: its bus number is taken */
	}
	xhci_bios_handoff(hc);
	xhci_intel_route_ports(hc);
	xhci_read_protocols(hc);
	if (xhci_reset(hc) || xhci_memory(hc))
		return -1;
	xhci_irq_setup(hc);
	if (xhci_start(hc))
		return -1;
	version = (uint16_t)(xr32(hc->base, XHCI_CAPLENGTH) >> 16);
	xhci_log(hc,
	         "%02x:%02x.%u %04x:%04x xHCI %x.%02x, %u ports, %u slots, "
	         "%u-byte contexts, %u scratchpads, %s",
	         d->bus, d->dev, d->fn, d->vendor, d->device, version >> 8,
	         version & 0xff, hc->nports, hc->max_slots, hc->csz,
	         hc->nscratch, hc->irq_mode);
	d->driver_data = hc;
	xhci_ports_start(hc);
	return 0;
}

/* Every xHCI controller: PCI class 0c (serial bus), 03 (USB), prog-if 30
 * (xHCI), whoever made it. */
static const struct pci_id xhci_ids[] = {
    {PCI_ANY_ID, PCI_ANY_ID, 0x0c0330, 0xffffff},
    {0, 0, 0, 0},
};
static struct pci_driver xhci_driver = {"xhci", xhci_ids, xhci_probe, NULL};

PCI_DRIVER(xhci_driver);
