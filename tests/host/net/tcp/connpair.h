/* SPDX-License-Identifier: MIT */
/*
 * Two tcp_conns joined back to back by in-memory queues on a fake clock:
 * a harness for host tests and the fuzz target (no test.h: harness
 * misuse aborts). Each end keeps the segments its connection emitted
 * until the caller delivers them, so a test can look at, drop, reorder
 * or forge segments in between.
 *
 *   A.c --emit--> A.q --cp_deliver--> tcp_conn_input(B.c)
 *   B.c --emit--> B.q --cp_deliver--> tcp_conn_input(A.c)
 *
 * ACKs may be delayed (up to CP_DELACK_MS): cp_settle advances the clock
 * and runs the timers until both queues stay empty.
 */
#ifndef TERN_TEST_CONNPAIR_H
#define TERN_TEST_CONNPAIR_H
#include <stdbool.h>
#include <stdint.h>
#include "tcp/tcp.h"

#define CP_QMAX      1024 /* segments queued per end */
#define CP_DELACK_MS 200  /* the longest an ACK may be held (issue 7) */

struct cp_pkt {
	struct tcp_seg h; /* h.data points at data once popped */
	uint8_t data[TCP_CONN_MSS];
};

struct cp_end {
	struct tcp_conn c;
	uint8_t *sndmem, *rcvmem;
	struct cp_pkt *q; /* ring of CP_QMAX */
	unsigned head, n;
	unsigned long emitted; /* segments emitted in total */
	uint32_t max_len;      /* longest payload emitted */
	/* optional: return true to lose a segment as it is emitted */
	bool (*drop)(struct cp_end *e, const struct tcp_seg *h);
};

struct cp_pair {
	struct cp_end a, b;
	uint64_t now;
};

/* A CLOSED connection with bufcap-byte send and receive buffers. */
void cp_end_init(struct cp_end *e, uint32_t bufcap);
/* CLOSED again over the same memory, queue empty, no drop hook. */
void cp_end_reset(struct cp_end *e);
void cp_end_free(struct cp_end *e);
/* Both ends (bufcap each), clock at 1000 ms. */
void cp_init(struct cp_pair *p, uint32_t bufcap);
/* Both ends reset, clock at 1000 ms: cheaper than cp_free + cp_init. */
void cp_reset(struct cp_pair *p);
void cp_free(struct cp_pair *p);

/* Take e's oldest queued segment; false if none. */
bool cp_pop(struct cp_end *e, struct cp_pkt *out);
/* Forget everything e has queued. */
void cp_clear(struct cp_end *e);
/* Deliver queued segments both ways until both queues are empty (or a
 * bound of rounds passes); returns how many were delivered. */
unsigned long cp_deliver(struct cp_pair *p);
/* Advance the clock by ms and run both ends' timers. */
void cp_tick(struct cp_pair *p, uint64_t ms);
/* Deliver, then let delayed ACKs out (clock steps up to CP_DELACK_MS,
 * well below the 1 s minimum RTO) and deliver again until quiet. */
void cp_settle(struct cp_pair *p);
/* B listens with ISN isb, A connects with ISN isa; true if both end up
 * ESTABLISHED with nothing in flight. */
bool cp_connect(struct cp_pair *p, tcp_seq_t isa, tcp_seq_t isb);

#endif
