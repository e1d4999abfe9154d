/* SPDX-License-Identifier: MIT */
/* The shared legacy transmit ring (e1000_tx.h). */
#include <libk/string.h>
#include "drivers/dma.h"
#include "drivers/net/e1000_tx.h"
#include "net/netif.h"

void e1000_txring_init(struct e1000_txring *r, void *descs, unsigned n,
                       uint8_t *buf, uint64_t buf_phys)
{
	*r = (struct e1000_txring){.d = descs, .buf = buf, .n = n};
	for (unsigned i = 0; i < n; i++) {
		r->d[i].addr = buf_phys + (uint64_t)i * E1000_TX_BUF;
		r->d[i].status = E1000_TXD_DD;
	}
}

void e1000_txring_reclaim(struct e1000_txring *r)
{
	while (r->clean != r->tail && (r->d[r->clean].status & E1000_TXD_DD))
		r->clean = (r->clean + 1) % r->n;
}

int e1000_txring_send(struct e1000_txring *r, struct netdev *dev,
                      volatile uint32_t *tdt, const void *frame, size_t len)
{
	unsigned t = r->tail, next = (t + 1) % r->n;
	volatile struct e1000_tx_desc *d = &r->d[t];

	if (len < 14 || len > ETH_FRAME_MAX) {
		dev->stats.tx_errors++;
		return NETDEV_TX_ERROR;
	}
	if (next == r->clean)
		e1000_txring_reclaim(r);
	if (next == r->clean) {
		dev->stats.tx_dropped++;
		return NETDEV_TX_BUSY;
	}
	memcpy(r->buf + (size_t)t * E1000_TX_BUF, frame, len);
	d->length = (uint16_t)len;
	d->cso = 0;
	d->css = 0;
	d->special = 0;
	d->cmd = E1000_TXD_CMD_EOP | E1000_TXD_CMD_IFCS | E1000_TXD_CMD_RS;
	d->status = 0;
	/* The descriptor must be in memory before the device sees the new
	 * tail; WB stores then the UC doorbell store stay in order on x86
	 * (SDM 3A 8.2.2), so only the compiler needs holding back. */
	dma_wmb();
	r->tail = next;
	*tdt = next;
	return netdev_tx_done(dev, len);
}
