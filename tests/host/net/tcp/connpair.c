/* SPDX-License-Identifier: MIT */
/* Two tcp_conns over in-memory queues (connpair.h). */
#include "connpair.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die(const char *what)
{
	fprintf(stderr, "connpair: %s\n", what);
	abort();
}

static void *zalloc(size_t n)
{
	void *p = calloc(1, n);
	if (!p)
		die("out of memory");
	return p;
}

/* The emit callback: copy the segment into the end's queue. */
static void on_emit(void *ctx, const struct tcp_seg *h,
                    const struct tcp_payload *pl)
{
	struct cp_end *e = ctx;
	size_t len = tcp_payload_len(pl);
	if (len > TCP_CONN_MSS || len != h->len)
		die("emitted payload longer than TCP_CONN_MSS or != h->len");
	e->emitted++;
	if (len > e->max_len)
		e->max_len = (uint32_t)len;
	/* the drop hook sees the payload through h.data, as it left */
	static struct cp_pkt seen;
	seen.h = *h;
	if (len)
		tcp_payload_copy(pl, seen.data);
	seen.h.data = seen.data;
	if (e->drop && e->drop(e, &seen.h))
		return;
	if (e->n == CP_QMAX)
		die("queue full: deliver more often");
	struct cp_pkt *k = &e->q[(e->head + e->n++) % CP_QMAX];
	*k = seen;
	k->h.data = NULL;
}

void cp_end_init(struct cp_end *e, uint32_t bufcap)
{
	memset(e, 0, sizeof(*e));
	e->sndmem = zalloc(bufcap);
	e->rcvmem = zalloc(bufcap);
	e->q = zalloc(CP_QMAX * sizeof(*e->q));
	tcp_conn_init(&e->c, e->sndmem, bufcap, e->rcvmem, bufcap, on_emit, e);
}

void cp_end_reset(struct cp_end *e)
{
	e->head = e->n = 0;
	e->emitted = 0;
	e->max_len = 0;
	e->drop = NULL;
	tcp_conn_init(&e->c, e->sndmem, e->c.snd.cap, e->rcvmem, e->c.rcv.cap,
	              on_emit, e);
}

void cp_end_free(struct cp_end *e)
{
	free(e->sndmem);
	free(e->rcvmem);
	free(e->q);
	memset(e, 0, sizeof(*e));
}

void cp_init(struct cp_pair *p, uint32_t bufcap)
{
	cp_end_init(&p->a, bufcap);
	cp_end_init(&p->b, bufcap);
	p->now = 1000;
}

void cp_reset(struct cp_pair *p)
{
	cp_end_reset(&p->a);
	cp_end_reset(&p->b);
	p->now = 1000;
}

void cp_free(struct cp_pair *p)
{
	cp_end_free(&p->a);
	cp_end_free(&p->b);
}

bool cp_pop(struct cp_end *e, struct cp_pkt *out)
{
	if (!e->n)
		return false;
	*out = e->q[e->head];
	out->h.data = out->data;
	e->head = (e->head + 1) % CP_QMAX;
	e->n--;
	return true;
}

void cp_clear(struct cp_end *e)
{
	e->head = e->n = 0;
}

unsigned long cp_deliver(struct cp_pair *p)
{
	struct cp_pkt k;
	unsigned long done = 0;
	for (int round = 0; round < 200000 && (p->a.n || p->b.n); round++) {
		if (cp_pop(&p->a, &k)) {
			tcp_conn_input(&p->b.c, &k.h, p->now);
			done++;
		}
		if (cp_pop(&p->b, &k)) {
			tcp_conn_input(&p->a.c, &k.h, p->now);
			done++;
		}
	}
	return done;
}

void cp_tick(struct cp_pair *p, uint64_t ms)
{
	p->now += ms;
	tcp_conn_timer(&p->a.c, p->now);
	tcp_conn_timer(&p->b.c, p->now);
}

void cp_settle(struct cp_pair *p)
{
	cp_deliver(p);
	unsigned steps = 0;
	for (unsigned waited = 0; waited < CP_DELACK_MS;) {
		if (++steps > 2000)
			die("cp_settle: the link never went quiet");
		cp_tick(p, 10);
		waited += 10;
		if (cp_deliver(p))
			waited = 0; /* something moved: wait again */
	}
}

bool cp_connect(struct cp_pair *p, tcp_seq_t isa, tcp_seq_t isb)
{
	if (tcp_conn_open_passive(&p->b.c, isb) ||
	    tcp_conn_open_active(&p->a.c, isa, p->now))
		return false;
	cp_settle(p);
	return p->a.c.state == TCP_ESTABLISHED &&
	       p->b.c.state == TCP_ESTABLISHED && p->a.c.snd_una == isa + 1 &&
	       p->b.c.snd_una == isb + 1 && !p->a.n && !p->b.n;
}
