/* SPDX-License-Identifier: MIT */
/* xhci_ring.c against a simulated controller that follows xHCI 1.2
 * §4.9.2 (consuming a producer ring: cycle bits, Link TRBs with Toggle
 * Cycle) and §4.9.4 (producing events into one segment, never past the
 * dequeue pointer software gave it in ERDP). */
#include <stdlib.h>
#include "drivers/usb/xhci_ring.h"
#include "test.h"

#define PHYS 0x12340000ull

/* The controller's view of a transfer or command ring. */
struct sim_consumer {
	uint64_t deq; /* phys */
	uint32_t ccs;
};

static volatile struct xhci_trb *at(struct xhci_trb *mem, uint64_t phys)
{
	uint64_t i = (phys - PHYS) / 16;

	CHECK(phys >= PHYS && phys % 16 == 0 && i < 4096);
	return &mem[i];
}

/* Consume every TRB the controller may; store params and addresses. */
static unsigned sim_consume(struct sim_consumer *c, struct xhci_trb *mem,
                            uint64_t *params, uint64_t *addrs, unsigned max)
{
	unsigned n = 0, links = 0;

	for (;;) {
		volatile struct xhci_trb *t = at(mem, c->deq);

		if ((t->control & TRB_CYCLE) != c->ccs)
			return n;
		if (TRB_GET_TYPE(t->control) == TRB_LINK) {
			CHECK(links++ < 2); /* a ring of only links: a bug */
			if (t->control & TRB_TC)
				c->ccs ^= 1;
			c->deq = t->param;
			continue;
		}
		CHECK(n < max);
		if (n >= max)
			return n;
		params[n] = t->param;
		addrs[n++] = c->deq;
		c->deq += 16;
		links = 0;
	}
}

static void test_producer(unsigned size)
{
	struct xhci_trb *mem = calloc(size, sizeof(*mem));
	struct sim_consumer c = {PHYS, 1};
	struct xhci_ring r;
	uint64_t pushed = 0, params[64], addrs[64], want_addr[64];

	xhci_ring_init(&r, mem, PHYS, size);
	/* Nothing to consume on a fresh ring. */
	CHECK_EQ(sim_consume(&c, mem, params, addrs, 64), 0);
	for (int round = 0; round < 2000; round++) {
		unsigned batch = 1 + (unsigned)test_rand_below(size - 2);
		unsigned got;

		if (batch > 64)
			batch = 64;
		for (unsigned i = 0; i < batch; i++)
			want_addr[i] = xhci_ring_push(&r, pushed + i, 0,
			                              TRB_TYPE(TRB_NORMAL));
		got = sim_consume(&c, mem, params, addrs, 64);
		CHECK_EQ(got, batch);
		for (unsigned i = 0; i < got && i < batch; i++) {
			CHECK_EQ(params[i], pushed + i);
			CHECK_EQ(addrs[i], want_addr[i]);
			CHECK(xhci_ring_owns(&r, addrs[i]));
		}
		pushed += batch;
		/* The controller now stands exactly where we will write next:
		 * what Set TR Dequeue Pointer is given after an error. */
		CHECK_EQ(xhci_ring_deq_ptr(&r), c.deq | c.ccs);
	}
	CHECK(!xhci_ring_owns(&r, PHYS - 16));
	CHECK(!xhci_ring_owns(&r, PHYS + 16ull * size));
	CHECK(!xhci_ring_owns(&r, PHYS + 8));
	free(mem);
}

/* A chained TRB just before the link: the link carries CH too
 * (§4.11.5.1), so a TD may cross the segment end. */
static void test_chain_over_link(void)
{
	struct xhci_trb mem[4];
	struct xhci_ring r;

	xhci_ring_init(&r, mem, PHYS, 4);
	xhci_ring_push(&r, 1, 0, TRB_TYPE(TRB_NORMAL));
	xhci_ring_push(&r, 2, 0, TRB_TYPE(TRB_NORMAL));
	xhci_ring_push(&r, 3, 0, TRB_TYPE(TRB_NORMAL) | TRB_CH);
	CHECK_EQ(TRB_GET_TYPE(mem[3].control), TRB_LINK);
	CHECK(mem[3].control & TRB_CH);
	CHECK(mem[3].control & TRB_TC);
	CHECK_EQ(mem[3].control & TRB_CYCLE, 1);
	CHECK_EQ(r.pcs, 0);
	CHECK_EQ(r.enq, 0);
	/* the next lap writes cycle 0 and the link keeps CH only if asked */
	xhci_ring_push(&r, 4, 0, TRB_TYPE(TRB_NORMAL));
	CHECK_EQ(mem[0].control & TRB_CYCLE, 0);
	xhci_ring_push(&r, 5, 0, TRB_TYPE(TRB_NORMAL));
	xhci_ring_push(&r, 6, 0, TRB_TYPE(TRB_NORMAL));
	CHECK(!(mem[3].control & TRB_CH));
	CHECK_EQ(mem[3].control & TRB_CYCLE, 0);
}

/* The controller's side of the event ring (§4.9.4): it writes at its
 * enqueue pointer with its cycle state while the ring is not full, full
 * meaning the next slot is the one ERDP names. */
struct sim_producer {
	unsigned enq;
	uint32_t pcs;
	uint64_t next_value;
};

static unsigned sim_produce(struct sim_producer *p, struct xhci_trb *mem,
                            unsigned size, uint64_t erdp, unsigned want)
{
	unsigned deq = (unsigned)(((erdp & ~15ull) - PHYS) / 16), n = 0;

	while (n < want && (p->enq + 1) % size != deq) {
		mem[p->enq].param = p->next_value++;
		mem[p->enq].status = 0;
		mem[p->enq].control = TRB_TYPE(TRB_EV_TRANSFER) | p->pcs;
		if (++p->enq == size) {
			p->enq = 0;
			p->pcs ^= 1;
		}
		n++;
	}
	return n;
}

static void test_event_ring(unsigned size)
{
	struct xhci_trb *mem = calloc(size, sizeof(*mem)), ev;
	struct xhci_erst_entry erst;
	struct sim_producer p = {0, 1, 0};
	struct xhci_evring e;
	uint64_t erdp = PHYS, expect = 0;

	xhci_evring_init(&e, mem, PHYS, size, &erst);
	CHECK_EQ(erst.base, PHYS);
	CHECK_EQ(erst.size, size);
	CHECK(!xhci_evring_pop(&e, &ev));
	for (int round = 0; round < 3000; round++) {
		unsigned made = sim_produce(&p, mem, size, erdp,
		                            (unsigned)test_rand_below(size));

		for (unsigned i = 0; i < made; i++) {
			CHECK(xhci_evring_pop(&e, &ev));
			CHECK_EQ(ev.param, expect);
			expect++;
		}
		CHECK(!xhci_evring_pop(&e, &ev)); /* stale entries stay stale */
		erdp = xhci_evring_erdp(&e);
		CHECK(erdp & ERDP_EHB);
		CHECK_EQ(erdp & ~15ull, PHYS + 16ull * p.enq);
	}
	CHECK(expect > 10ull * size); /* it wrapped many times */
	free(mem);
}

int main(void)
{
	test_rng_seed();
	test_producer(4);
	test_producer(16);
	test_producer(256);
	test_chain_over_link();
	test_event_ring(16);
	test_event_ring(256);
	return test_finish();
}
