/* SPDX-License-Identifier: MIT */
/*
 * The 82540EM's legacy receive ring (8254x SDM 3.2.3 descriptor, 3.2.6
 * head and tail), kept apart from the register pokes so that
 * tests/host/kernel/test_ke1000_rx.c runs it against a model of QEMU's
 * device under ASan and UBSan.
 *
 *   desc[i].addr -> buf + i * E1000_RX_BUF (fixed at init: the legacy
 *                   write-back keeps the address)
 *   the device owns RDH .. RDT-1, fills them in order and sets DD
 *   next           the oldest slot the device may have filled
 *   RDT            one behind next: RDT == RDH means the device has none
 *
 * Slots go back to the device in ONE tail write per poll, after every
 * frame of that poll went to the stack, never one slot at a time. QEMU's
 * e1000 (hw/net/e1000.c, 7.2) queues frames while it has no slot, and
 * every tail write that frees one flushes that whole queue
 * (net/queue.c): each frame goes to e1000_receive_iov, and the ones
 * finding no free slot are dropped (MPC), not kept queued. A tail moved
 * one slot per frame after the ring had filled lost all but one of the
 * queued frames: 13-20 % of the frames towards tern in loaded runs of
 * qemu.tcp.user.e1000, where a handshake ACK and request lost again and
 * again outlived httpd's 30 s idle timeout (its FIN reached curl as an
 * "empty reply"). A full ring is avoided by its size (e1000.c).
 */
#ifndef KERNEL_DRIVERS_NET_E1000_RX_H
#define KERNEL_DRIVERS_NET_E1000_RX_H
#include <stdbool.h>
#include <stdint.h>
#include <net/netdev.h>
#include "drivers/net/e1000_regs.h"

#define E1000_RX_BUF 2048 /* RCTL.BSIZE 00b (with BSEX 0) */

struct e1000_rxring {
	volatile struct e1000_rx_desc *d;
	uint8_t *buf;
	unsigned n;    /* descriptors */
	unsigned next; /* the oldest slot the device may have filled */
	/* write the RDT register (tests: a device model) */
	void (*set_tail)(void *ctx, unsigned tail);
	void *ctx;
};

/* Frames the device dropped since the last call, from a read of MPC
 * (raw). The 8254x SDM (13.7) clears statistics registers on read;
 * QEMU's e1000 keeps MPC counting (hw/net/e1000.c 7.2 reads it with
 * mac_readreg), so there (cumulative) only the growth since *last is
 * new. */
static inline uint32_t e1000_mpc_missed(uint32_t raw, uint32_t *last,
                                        bool cumulative)
{
	uint32_t n = cumulative ? raw - *last : raw;

	*last = raw;
	return n;
}

/* n descriptors at descs, n buffers of E1000_RX_BUF at buf (device
 * address buf_phys), all cleared; set_tail(ctx, tail) is the doorbell.
 * The device gets nothing until e1000_rxring_start. */
void e1000_rxring_init(struct e1000_rxring *r, void *descs, unsigned n,
                       uint8_t *buf, uint64_t buf_phys,
                       void (*set_tail)(void *ctx, unsigned tail), void *ctx);

/* Lend the device every slot but one (RDT = n - 1 with RDH at 0). */
void e1000_rxring_start(struct e1000_rxring *r);

/* The NETDEV_RX_* flags for a descriptor's status and errors bytes
 * (with RXCSUM.TUOFL set, 3.2.9). */
unsigned e1000_rx_csum_flags(uint8_t status, uint8_t errors);

/* Hand up to budget filled slots to the stack (net_rx_flags; good frames in
 * rx_packets/rx_bytes, others in rx_errors), then give them all back to
 * the device with one tail write. Returns the number of slots taken. */
unsigned e1000_rxring_poll(struct e1000_rxring *r, struct netdev *dev,
                           unsigned budget);
#endif
