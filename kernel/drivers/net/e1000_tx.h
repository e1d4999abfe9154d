/* SPDX-License-Identifier: MIT */
/*
 * The legacy transmit ring the 82540EM (e1000.c) and the e1000e family
 * (e1000e.c) share: the same 16-byte descriptor (8254x SDM 3.3.3, 82574
 * datasheet 7.2.2), the same TDT doorbell and DD write-back.
 *
 *   desc[i].addr -> buf + i * E1000_TX_BUF (fixed at init)
 *   clean .. tail-1   in flight (the device sets DD when done: RS)
 *   tail              next to fill; tail + 1 == clean means full
 *
 * The caller owns the ring (netd, under net_lock) and rings the doorbell.
 */
#ifndef KERNEL_DRIVERS_NET_E1000_TX_H
#define KERNEL_DRIVERS_NET_E1000_TX_H
#include <stddef.h>
#include <stdint.h>
#include <net/netdev.h>
#include "drivers/net/e1000_regs.h"

#define E1000_TX_BUF 2048

struct e1000_txring {
	volatile struct e1000_tx_desc *d;
	uint8_t *buf;
	unsigned n;           /* descriptors */
	unsigned tail, clean; /* next to fill / oldest in flight */
};

/* n descriptors at descs, n buffers of E1000_TX_BUF at buf (device
 * address buf_phys); every slot starts free (DD set). */
void e1000_txring_init(struct e1000_txring *r, void *descs, unsigned n,
                       uint8_t *buf, uint64_t buf_phys);

/* Copy a frame into the next slot and write the new tail to the TDT
 * register at tdt. NETDEV_TX_OK (counted in tx_packets), or
 * NETDEV_TX_ERROR (bad length: tx_errors) / NETDEV_TX_BUSY (ring full:
 * tx_dropped). */
int e1000_txring_send(struct e1000_txring *r, struct netdev *dev,
                      volatile uint32_t *tdt, const void *frame, size_t len);

/* Free the slots the device has finished (DD). */
void e1000_txring_reclaim(struct e1000_txring *r);
#endif
