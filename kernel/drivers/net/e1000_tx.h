/* SPDX-License-Identifier: MIT */
/*
 * The legacy transmit ring the 82540EM (e1000.c) and the e1000e family
 * (e1000e.c) share: the same 16-byte descriptor (8254x SDM 3.3.3, 82574
 * datasheet 7.2.2), the same TDT doorbell and DD write-back.
 *
 *   desc[i].addr -> buf + i * E1000_TX_BUF (rewritten with every data
 *                   descriptor: a context descriptor in slot i covers it)
 *   clean .. tail-1   in flight (the device sets DD when done: RS)
 *   tail              next to fill; tail + 1 == clean means full
 *
 * Offloads (e1000_txring_xmit, the 82540EM only): a frame to finish
 * (tx->csum_start) goes as [context] data, the context descriptor
 * (3.3.5) only when it differs from the last one written (r->ctx); a
 * TCP/IPv4 super-segment (tx->gso_size, 3.3.6 and 3.5) as context data
 * data ... data(EOP), one slot and one 2 KiB buffer per E1000_TX_BUF
 * bytes (or, where the device would get it wrong, cut by the driver:
 * a checksum context and one data descriptor per piece, tx_tso). Every
 * descriptor asks for RS, so DD frees slots one by one as before. One
 * TDT write per frame.
 *
 * The caller owns the ring (netd, under net_lock) and rings the doorbell.
 * tests/host/kernel/test_ke1000_tx.c runs this against a device model.
 */
#ifndef KERNEL_DRIVERS_NET_E1000_TX_H
#define KERNEL_DRIVERS_NET_E1000_TX_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/netdev.h>
#include "drivers/net/e1000_regs.h"

#define E1000_TX_BUF 2048

struct e1000_txring {
	volatile struct e1000_tx_desc *d;
	uint8_t *buf;
	uint64_t buf_phys;
	unsigned n;                   /* descriptors */
	unsigned tail, clean;         /* next to fill / oldest in flight */
	struct e1000_tx_ctx_desc ctx; /* the last context written (ctx_valid) */
	bool ctx_valid;
	uint64_t ctx_writes; /* context descriptors written */
	uint64_t offloaded;  /* frames the device finishes (csum or TSO) */
	uint64_t tso;        /* of which super-segments */
	/* QEMU's e1000: a TSO payload of whole pieces gets an extra,
	 * header-only piece; such super-segments are cut by the driver */
	bool tso_whole_quirk;
};

/* n descriptors at descs, n buffers of E1000_TX_BUF at buf (device
 * address buf_phys); every slot starts free (DD set). */
void e1000_txring_init(struct e1000_txring *r, void *descs, unsigned n,
                       uint8_t *buf, uint64_t buf_phys);

/* Copy a complete frame into the next slot and write the new tail to the
 * TDT register at tdt. NETDEV_TX_OK (counted in tx_packets), or
 * NETDEV_TX_ERROR (bad length: tx_errors) / NETDEV_TX_BUSY (ring full:
 * tx_dropped). */
int e1000_txring_send(struct e1000_txring *r, struct netdev *dev,
                      volatile uint32_t *tdt, const void *frame, size_t len);

/* e1000_txring_send for a frame the device finishes as tx says (the
 * netdev.h contract; offloads only as dev->features announce them).
 * NETDEV_TX_ERROR also for a checksum or super-segment layout the
 * context descriptor cannot express (not TCP/IPv4, offsets past 255);
 * NETDEV_TX_BUSY, with the ring untouched, when the frame's descriptors
 * do not all fit. */
int e1000_txring_xmit(struct e1000_txring *r, struct netdev *dev,
                      volatile uint32_t *tdt, const void *frame, size_t len,
                      const struct netdev_tx *tx);

/* Free the slots the device has finished (DD). */
void e1000_txring_reclaim(struct e1000_txring *r);
#endif
