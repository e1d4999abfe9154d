/* SPDX-License-Identifier: MIT */
/* The 82540EM's legacy receive ring (e1000_rx.h). */
#include "drivers/dma.h"
#include "drivers/net/e1000_rx.h"

void e1000_rxring_init(struct e1000_rxring *r, void *descs, unsigned n,
                       uint8_t *buf, uint64_t buf_phys,
                       void (*set_tail)(void *ctx, unsigned tail), void *ctx)
{
	*r = (struct e1000_rxring){
	    .d = descs, .buf = buf, .n = n, .set_tail = set_tail, .ctx = ctx};
	for (unsigned i = 0; i < n; i++)
		r->d[i] = (struct e1000_rx_desc){
		    .addr = buf_phys + (uint64_t)i * E1000_RX_BUF};
}

void e1000_rxring_start(struct e1000_rxring *r)
{
	r->next = 0;
	r->set_tail(r->ctx, r->n - 1);
}

/* What the device vouches for (3.2.9): TCPCS without TCPE, unless IXSM
 * says to ignore the checksum bits (QEMU's e1000 always sets IXSM). */
unsigned e1000_rx_csum_flags(uint8_t status, uint8_t errors)
{
	if ((status & (E1000_RXD_IXSM | E1000_RXD_TCPCS)) != E1000_RXD_TCPCS ||
	    (errors & E1000_RXE_TCPE))
		return 0;
	return NETDEV_RX_CSUM_OK;
}

/* One filled slot to the stack (or counted as an error). A checksum
 * error (TCPE, IPE) still goes up, without the flag: the stack checks
 * and drops it itself. */
static void rx_one(struct e1000_rxring *r, struct netdev *dev, unsigned i)
{
	volatile struct e1000_rx_desc *d = &r->d[i];
	uint8_t st = d->status, err = d->errors;
	uint16_t len = d->length;

	if (!(st & E1000_RXD_EOP) || (err & E1000_RXE_FRAME) || len < 14 ||
	    len > ETH_FRAME_MAX) {
		dev->stats.rx_errors++;
		return;
	}
	dev->stats.rx_packets++;
	dev->stats.rx_bytes += len;
	net_rx_flags(dev, r->buf + (size_t)i * E1000_RX_BUF, len,
	             e1000_rx_csum_flags(st, err));
}

unsigned e1000_rxring_poll(struct e1000_rxring *r, struct netdev *dev,
                           unsigned budget)
{
	unsigned n = 0;

	while (n < budget && (r->d[r->next].status & E1000_RXD_DD)) {
		/* DD read before the rest of the descriptor and the buffer:
		 * loads stay in order on x86, a compiler barrier suffices. */
		dma_rmb();
		rx_one(r, dev, r->next);
		r->d[r->next].status = 0;
		r->next = (r->next + 1) % r->n;
		n++;
	}
	if (n) {
		dma_wmb(); /* statuses cleared before the slots are lent back */
		r->set_tail(r->ctx, (r->next + r->n - 1) % r->n);
	}
	return n;
}
