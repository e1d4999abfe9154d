/* SPDX-License-Identifier: MIT */
/*
 * The xHCI driver's shared state (xhci.c bring-up and events, xhci_ecap.c
 * extended capabilities, xhci_cmd.c commands, xhci_xfer.c transfers,
 * xhci_port.c root ports). Not for other drivers: they see usb.h.
 */
#ifndef KERNEL_DRIVERS_USB_XHCI_H
#define KERNEL_DRIVERS_USB_XHCI_H
#include <stdbool.h>
#include <stdint.h>
#include "drivers/dma.h"
#include "drivers/usb/usb.h"
#include "drivers/usb/xhci_ctx.h"
#include "drivers/usb/xhci_regs.h"
#include "drivers/usb/xhci_ring.h"
#include "pci/pci.h"
#include "sched/mutex.h"
#include "sched/waitq.h"
#include "sync/spinlock.h"

#define XHCI_MAX_PORTS 64  /* ports past this are ignored (logged) */
#define XHCI_RING_TRBS 256 /* one 4 KiB page per ring */
#define XHCI_CMD_MS                                                            \
	2000              /* a command's bound (software emulation on a        \
	                      busy host needed more than 500) */
#define XHCI_XFER_MS 1000 /* a control transfer's bound */

/* Something a thread waits for: a command's or a control transfer's
 * completion event. Filled by the event handler under xhci.lock. */
struct xhci_wait {
	uint64_t trb;       /* the TRB whose event completes it */
	uint64_t setup_trb; /* control: the setup stage TRB */
	uint64_t data_trb;  /* control: the data stage TRB, or 0 */
	bool done;
	uint8_t code;      /* completion code */
	uint8_t slot;      /* command completion: slot id */
	uint32_t residual; /* control: bytes the data stage did not move */
};

/* The interrupt IN pipe of a slot (one is enough for a boot keyboard). */
struct xhci_pipe {
	bool running;
	bool closed;       /* the device is going: never restarted */
	bool fault_once;   /* usbfault=intr: fail the first completion */
	unsigned restarts; /* since the last good report */
	unsigned dci, len;
	struct xhci_ring ring;
	struct dma_mem mem; /* page 0 the ring, page 1 the buffer */
	uint8_t *buf;
	uint64_t buf_phys;
	usb_intr_fn fn;
	void *ctx;
	uint64_t reports, errors;
	uint8_t last_error;
};

/* One device slot. mem: page 0 input context, 1 output device context,
 * 2 the EP0 ring, 3 the control data buffer. */
struct xhci_slot {
	struct xhci *hc;
	unsigned id;
	struct xhci_slot_info si; /* speed, route, TT, hub fields */
	struct usb_device udev;
	struct dma_mem mem;
	void *in_ctx, *out_ctx;
	uint64_t in_phys, out_phys;
	struct xhci_ring ep0;
	uint8_t *ctrl_buf;
	uint64_t ctrl_phys;
	struct mutex ctrl_mutex;     /* one control transfer at a time */
	struct xhci_wait *ctrl_wait; /* the one in flight (under hc lock) */
	struct xhci_pipe intr;
};

struct xhci {
	struct pci_dev *pci;
	unsigned bus; /* "usb <bus>-<port>" */
	volatile uint8_t *base, *op, *rt, *db;
	unsigned max_slots, nports, csz, nscratch;
	uint32_t hcc1;
	uint8_t port_major[XHCI_MAX_PORTS + 1]; /* 2 or 3; 0 unknown */
	uint8_t port_slot_type[XHCI_MAX_PORTS + 1];
	struct dma_mem mem; /* DCBAA, ERST, command ring, event ring pages */
	struct dma_mem scratch; /* scratchpad array + buffers */
	uint64_t *dcbaa;

	/* lock protects everything below: the rings, the waits, slots[],
	 * the port change bits. Taken by the interrupt handler. */
	struct spinlock lock;
	struct xhci_ring cmd;
	struct xhci_evring ev;
	struct xhci_wait *cmd_wait;  /* the command in flight */
	struct xhci_wait *stop_wait; /* an abort, until Command Ring Stopped */
	struct xhci_slot *slots[256];
	uint64_t port_changed; /* bit p-1: port p had an event */
	uint64_t irqs, events;
	bool dead;            /* HSE or HCE seen (logged once) */
	struct waitq wq;      /* threads waiting for a command/transfer */
	struct waitq port_wq; /* the port thread, waiting for changes */

	struct mutex cmd_mutex; /* one command in flight */
	bool fault_cmd;         /* usbfault=cmdtimeout, once (cmd_mutex) */
	bool polled;
	const char *irq_mode; /* "MSI-X", "MSI", "polled" */
	struct xhci_slot *port_slot[XHCI_MAX_PORTS + 1]; /* port thread's */
};

/* MMIO access (5.1: 32-bit accesses; 64-bit registers low half first). */
static inline uint32_t xr32(volatile uint8_t *b, unsigned off)
{
	return *(volatile uint32_t *)(b + off);
}

static inline void xw32(volatile uint8_t *b, unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(b + off) = v;
}

static inline void xw64(volatile uint8_t *b, unsigned off, uint64_t v)
{
	xw32(b, off, (uint32_t)v);
	xw32(b, off + 4, (uint32_t)(v >> 32));
}

/* DMA memory the controller can reach: below 4 GiB unless it has
 * 64-bit addressing (HCCPARAMS1.AC64, §5.3.6). */
static inline int xhci_dma_alloc(const struct xhci *hc, struct dma_mem *m,
                                 size_t bytes)
{
	return hc->hcc1 & HCC1_AC64 ? dma_alloc(m, bytes)
	                            : dma_alloc32(m, bytes);
}

/* Log with the controller's name: "xhci 1: ...". */
void xhci_log(const struct xhci *hc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* --- xhci.c --- */
/* Consume every pending event (lock held). */
void xhci_events_locked(struct xhci *hc);
/* Sleep until w->done or ms pass (lock held; dropped while asleep).
 * Polls the event ring itself in polled mode. 0, or -1 on timeout. */
int xhci_wait_locked(struct xhci *hc, struct xhci_wait *w, unsigned ms);
static inline void xhci_ring_doorbell(struct xhci *hc, unsigned slot,
                                      unsigned target)
{
	dma_mb(); /* TRBs (WB) visible before the doorbell (UC) */
	xw32(hc->db, 4 * slot, target);
}

/* --- xhci_ecap.c --- */
/* Take the controller from the firmware (7.1, 4.22.1). */
void xhci_bios_handoff(struct xhci *hc);
/* Fill port_major / port_slot_type from Supported Protocol caps (7.2). */
void xhci_read_protocols(struct xhci *hc);

/* --- xhci_intel.c --- */
/* Intel 7/8/9-series PCH: route the ports from EHCI to this controller. */
void xhci_intel_route_ports(struct xhci *hc);

/* --- xhci_cmd.c --- */
/* Run one command TRB to completion; returns the completion code (1 =
 * success) or -1 on timeout (logged). *slot_out (may be NULL) gets the
 * event's slot id. Thread context. */
int xhci_command(struct xhci *hc, uint64_t param, uint32_t control,
                 unsigned *slot_out);
const char *xhci_cc_name(unsigned code);
/* Bring a halted or stopped endpoint back and point it past whatever is
 * queued (Reset/Stop Endpoint + Set TR Dequeue Pointer, 4.6.8-4.6.10). */
int xhci_ep_recover(struct xhci_slot *s, unsigned dci, struct xhci_ring *r);

/* --- xhci_xfer.c --- */
/* A transfer event for slot s (lock held). */
void xhci_transfer_event(struct xhci_slot *s, const struct xhci_trb *ev);

/* --- xhci_slot.c --- */
/* Enable a slot for the device on port (speed ID) of parent (NULL: a
 * root port), address it and enumerate it. NULL if that failed (logged). */
struct xhci_slot *xhci_slot_attach(struct xhci *hc, struct xhci_slot *parent,
                                   unsigned port, unsigned speed);
/* The device is gone: disconnect it, disable its slot, free it. */
void xhci_slot_detach(struct xhci_slot *s);

/* --- xhci_port.c --- */
/* Power the ports, attach what is connected, then start the thread that
 * follows plugs and unplugs. */
void xhci_ports_start(struct xhci *hc);
#endif
