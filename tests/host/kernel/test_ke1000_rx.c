/* SPDX-License-Identifier: MIT */
/*
 * The e1000 receive ring (kernel/drivers/net/e1000_rx.c) against a model
 * of QEMU 7.2's e1000 receive side, the device tern meets in every test:
 *
 *   a frame arrives   with a free slot (RDH != RDT): written at RDH, DD
 *                     and EOP set, RDH moves on; else queued (the NIC
 *                     cannot receive: net/queue.c appends)
 *   RDT written       if a slot is free now, the whole queue is flushed:
 *                     each queued frame takes a free slot or, finding
 *                     none, is dropped and counted in MPC
 *                     (e1000_receive_iov returns -1 on overrun, and
 *                     qemu_net_queue_flush frees what was not refused
 *                     with 0)
 *
 * The ring must lose nothing that fits in the slots one poll gives back;
 * before the fix it moved RDT once per frame, and the first move flushed
 * the queue into a single free slot.
 */
#include <stdlib.h>
#include <string.h>
#include "drivers/net/e1000_rx.h"
#include "test.h"

#define RING   16
#define MAXQ   64
#define FRAMES 256

struct model {
	struct e1000_rx_desc d[RING];
	uint8_t buf[RING * E1000_RX_BUF];
	unsigned rdh, rdt;
	unsigned q[MAXQ], nq; /* queued frame numbers */
	unsigned mpc;         /* frames dropped */
	unsigned tail_writes;
};

static struct model *M;
static unsigned got[FRAMES], ngot; /* frame numbers net_rx saw, in order */
static unsigned gotflags[FRAMES];  /* and the flags each came with */

/* A frame is 60 bytes carrying its number. */
static void put_frame(unsigned no)
{
	struct e1000_rx_desc *d = &M->d[M->rdh];
	uint8_t *b = M->buf + (size_t)M->rdh * E1000_RX_BUF;

	memset(b, 0, 60);
	memcpy(b + 14, &no, sizeof(no));
	d->length = 60;
	d->errors = 0;
	d->status = E1000_RXD_DD | E1000_RXD_EOP;
	M->rdh = (M->rdh + 1) % RING;
}

static void dev_arrive(unsigned no)
{
	if (M->rdh != M->rdt)
		put_frame(no);
	else if (M->nq < MAXQ)
		M->q[M->nq++] = no;
}

static void dev_set_tail(void *ctx, unsigned tail)
{
	(void)ctx;
	M->tail_writes++;
	M->rdt = tail;
	if (M->rdh == M->rdt)
		return;
	for (unsigned i = 0; i < M->nq; i++) {
		if (M->rdh != M->rdt)
			put_frame(M->q[i]);
		else
			M->mpc++;
	}
	M->nq = 0;
}

void net_rx_flags(struct netdev *dev, const void *frame, size_t len,
                  unsigned flags)
{
	unsigned no;

	(void)dev;
	CHECK_EQ(len, 60);
	memcpy(&no, (const uint8_t *)frame + 14, sizeof(no));
	if (ngot < FRAMES) {
		gotflags[ngot] = flags;
		got[ngot++] = no;
	}
}

static void setup(struct e1000_rxring *r, struct netdev *dev)
{
	memset(M, 0, sizeof(*M));
	memset(dev, 0, sizeof(*dev));
	ngot = 0;
	e1000_rxring_init(r, M->d, RING, M->buf, 0, dev_set_tail, NULL);
	e1000_rxring_start(r);
}

/* The ring filled while tern was away and `queued` more frames wait in
 * QEMU: one poll of `budget` gives back min(budget, RING - 1) slots at
 * once, so a queue that fits comes in whole, in order. */
static void full_ring_then(unsigned queued, unsigned budget)
{
	struct e1000_rxring r;
	struct netdev dev;
	unsigned sent = 0;

	setup(&r, &dev);
	CHECK_EQ(M->rdt, RING - 1);
	while (sent < RING - 1 + queued)
		dev_arrive(sent++);
	CHECK_EQ(M->nq, queued);
	while (e1000_rxring_poll(&r, &dev, budget))
		;
	CHECK_EQ(M->mpc, 0);
	CHECK_EQ(ngot, sent);
	for (unsigned i = 0; i < ngot; i++)
		CHECK_EQ(got[i], i);
	CHECK_EQ(dev.stats.rx_packets, sent);
	CHECK_EQ(dev.stats.rx_bytes, 60u * sent);
}

static void test_backlog_after_full_ring(void)
{
	full_ring_then(RING - 1, 64); /* the poll takes the whole ring */
	full_ring_then(4, 4);         /* the budget is the batch */
	full_ring_then(1, 1);
}

/* One tail write per poll that took anything, none for an empty one. */
static void test_one_tail_write_per_poll(void)
{
	struct e1000_rxring r;
	struct netdev dev;

	setup(&r, &dev);
	CHECK_EQ(M->tail_writes, 1);
	CHECK_EQ(e1000_rxring_poll(&r, &dev, 64), 0);
	CHECK_EQ(M->tail_writes, 1);
	for (unsigned i = 0; i < 10; i++)
		dev_arrive(i);
	CHECK_EQ(e1000_rxring_poll(&r, &dev, 64), 10);
	CHECK_EQ(M->tail_writes, 2);
	CHECK_EQ(M->rdt, 9); /* one behind the next slot to look at */
	CHECK_EQ(e1000_rxring_poll(&r, &dev, 64), 0);
	CHECK_EQ(M->tail_writes, 2);
}

/* Random arrivals and polls around the ring: frames come in order, and
 * any frame lost was one the model could not have held (its queue ran
 * longer than the slots the poll gave back). */
static void test_random_traffic(void)
{
	struct e1000_rxring r;
	struct netdev dev;
	unsigned sent = 0;

	test_rng_seed();
	setup(&r, &dev);
	while (sent < FRAMES - RING) {
		unsigned burst = (unsigned)test_rand_below(RING + 4);
		unsigned budget = 1 + (unsigned)test_rand_below(RING + 2);
		unsigned lost = M->mpc, queued;

		for (unsigned i = 0; i < burst && sent < FRAMES - RING; i++)
			dev_arrive(sent++);
		queued = M->nq; /* only while the ring is full */
		if (e1000_rxring_poll(&r, &dev, budget) >= queued)
			CHECK_EQ(M->mpc, lost);
	}
	while (e1000_rxring_poll(&r, &dev, RING))
		;
	CHECK_EQ(ngot + M->mpc, sent);
	for (unsigned i = 1; i < ngot; i++)
		CHECK(got[i] > got[i - 1]);
}

/* Bad write-backs are counted, not delivered, and their slots reused. */
static void test_errors_counted(void)
{
	struct e1000_rxring r;
	struct netdev dev;

	setup(&r, &dev);
	dev_arrive(0);
	M->d[0].errors = 1;
	dev_arrive(1);
	M->d[1].status &= (uint8_t)~E1000_RXD_EOP;
	dev_arrive(2);
	M->d[2].length = 13;
	dev_arrive(3);
	CHECK_EQ(e1000_rxring_poll(&r, &dev, 64), 4);
	CHECK_EQ(dev.stats.rx_errors, 3);
	CHECK_EQ(ngot, 1);
	CHECK_EQ(got[0], 3);
	for (unsigned i = 0; i < 4; i++)
		CHECK_EQ(M->d[i].status, 0);
}

/* Receive checksum offload (3.2.9): only TCPCS without TCPE and without
 * IXSM vouches for a frame; a checksum error (TCPE, IPE) is no frame
 * error, the frame goes up without the flag and the stack drops it. */
static void test_rx_csum(void)
{
	static const struct {
		uint8_t status, errors;
		unsigned flags;
	} c[] = {
	    {0, 0, 0},
	    {E1000_RXD_IXSM, 0, 0}, /* QEMU's e1000, always */
	    {E1000_RXD_TCPCS, 0, NETDEV_RX_CSUM_OK},
	    {E1000_RXD_TCPCS | E1000_RXD_IPCS, 0, NETDEV_RX_CSUM_OK},
	    {E1000_RXD_TCPCS | E1000_RXD_IXSM, 0, 0},
	    {E1000_RXD_TCPCS, E1000_RXE_TCPE, 0},
	    {E1000_RXD_TCPCS | E1000_RXD_IPCS, E1000_RXE_IPE,
	     NETDEV_RX_CSUM_OK},
	    {E1000_RXD_IPCS, E1000_RXE_IPE, 0},
	};
	struct e1000_rxring r;
	struct netdev dev;
	unsigned n = sizeof(c) / sizeof(c[0]);

	setup(&r, &dev);
	for (unsigned i = 0; i < n; i++) {
		dev_arrive(i);
		M->d[i].status |= c[i].status;
		M->d[i].errors = c[i].errors;
	}
	CHECK_EQ(e1000_rxring_poll(&r, &dev, 64), n);
	CHECK_EQ(ngot, n);
	CHECK_EQ(dev.stats.rx_errors, 0);
	for (unsigned i = 0; i < n; i++) {
		CHECK_EQ(got[i], i);
		CHECK_EQ(gotflags[i], c[i].flags);
		CHECK_EQ(e1000_rx_csum_flags(c[i].status, c[i].errors),
		         c[i].flags);
	}
	/* a frame error still drops, whatever the checksum bits say */
	dev_arrive(n);
	M->d[n].status |= E1000_RXD_TCPCS;
	M->d[n].errors = 1; /* CE */
	CHECK_EQ(e1000_rxring_poll(&r, &dev, 64), 1);
	CHECK_EQ(dev.stats.rx_errors, 1);
	CHECK_EQ(ngot, n);
}

/* MPC clears on read on the 82540EM; QEMU's only grows. */
static void test_mpc(void)
{
	uint32_t last = 0;

	CHECK_EQ(e1000_mpc_missed(5, &last, false), 5);
	CHECK_EQ(e1000_mpc_missed(0, &last, false), 0);
	CHECK_EQ(e1000_mpc_missed(3, &last, false), 3);
	last = 0;
	CHECK_EQ(e1000_mpc_missed(5, &last, true), 5);
	CHECK_EQ(e1000_mpc_missed(5, &last, true), 0);
	CHECK_EQ(e1000_mpc_missed(12, &last, true), 7);
	last = 0xfffffffeu; /* the count wraps */
	CHECK_EQ(e1000_mpc_missed(1, &last, true), 3);
}

int main(void)
{
	M = calloc(1, sizeof(*M));
	CHECK(M != NULL);
	test_backlog_after_full_ring();
	test_one_tail_write_per_poll();
	test_random_traffic();
	test_errors_counted();
	test_rx_csum();
	test_mpc();
	free(M);
	return test_finish();
}
