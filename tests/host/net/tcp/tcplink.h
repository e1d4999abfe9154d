/* SPDX-License-Identifier: MIT */
/*
 * A simulated link between two tcp_conns, for transfer tests: a seeded
 * deterministic PRNG (its own, so runs do not depend on test.h's), an
 * event clock in microseconds (no sleeping: the simulation jumps to the
 * next arrival or timer), and per direction a bandwidth-limited FIFO
 * (serialisation at rate_bps) followed by a propagation delay, with
 * random loss, duplication and reordering (a reordered segment is held
 * back by an extra random delay of up to one propagation delay).
 *
 *   A --emit--> [loss/dup] -> [rate: FIFO] -> [delay (+reorder)] --> B
 *   B --emit--> ...                                             --> A
 *
 * tl_transfer connects A (active) to B (passive) with ISNs just below
 * 2^32 (so sequence numbers wrap), sends `bytes` of a position-dependent
 * pattern each way at once (or only A to B: one_way), checks every
 * received byte, then closes both ends and runs until both are in
 * TIME-WAIT or CLOSED.
 *
 * For transfers of gigabytes (periodic), the pattern repeats every
 * TL_PERIOD bytes, a prime, so that no ring, window or segment size is a
 * multiple of it: the sender sends straight from one precomputed block
 * and the receiver compares each read with memcmp, not byte by byte.
 */
#ifndef TERN_TEST_TCPLINK_H
#define TERN_TEST_TCPLINK_H
#include <stdbool.h>
#include <stdint.h>
#include "tcp/tcp.h"

struct tl_cfg {
	uint64_t seed;
	uint32_t loss_ppm;       /* per segment, per direction, in 1e-6 */
	uint32_t dup_ppm;        /* segments delivered twice */
	uint32_t reorder_ppm;    /* segments held back (extra delay) */
	uint32_t delay_us;       /* one-way propagation delay */
	uint64_t rate_bps;       /* bits per second each way; 0 = unlimited */
	uint32_t bufcap;         /* each end's send and receive buffer */
	bool strip_ws, strip_ts; /* drop these options from SYNs on the
	                            wire: a peer that never offers them */
	bool nodelay;
	/* slow readers: each application reads only every read_every_ms,
	 * at most read_Bps bytes per second on average (0: reads all there
	 * is after every event) */
	uint32_t read_Bps, read_every_ms;
	bool one_way;  /* only A sends; B closes as soon as it connects */
	bool periodic; /* the TL_PERIOD pattern (see above) */
	/* super-segments of up to this much payload (tcp_conn.gso_max),
	 * cut into SMSS pieces on the wire as TSO would (0: none) */
	uint32_t gso_max;
};

#define TL_PERIOD 65521u

struct tl_result {
	bool done;       /* both streams complete and both ends closed */
	uint64_t sim_ms; /* simulated time until then (or the limit) */
	uint64_t got[2]; /* bytes received by A (from B) and by B */
	uint64_t bad[2]; /* bytes that differed from the pattern */
	int err[2];      /* the connections' err */
	uint32_t max_inflight[2];  /* largest SND.NXT - SND.UNA seen */
	uint32_t max_adv_wnd[2];   /* largest window each end advertised */
	unsigned long zero_wnd[2]; /* segments advertising a zero window */
	unsigned long super_segs;  /* super-segments emitted (gso_max) */
	unsigned long shrinks[2];  /* advertised right edge moved left by
	                              more than scale rounding (RFC 7323 2.4) */
	bool ws_ok, ts_ok;         /* as A negotiated them */
	uint8_t snd_ws;            /* A's view of B's shift */
	uint32_t smss;             /* A's */
	struct tcp_conn_stats stats[2];
	unsigned long segs, lost, duped, reordered;
	/* congestion window of each sender: the largest it was after any
	 * ACK, and what slow start asked it to grow by in total (the sum of
	 * min(acked, SMSS) over the ACKs that found it in slow start), i.e.
	 * where an uncapped cwnd would be less its initial window */
	uint32_t max_cwnd[2];
	uint64_t cwnd_asked[2];
};

/* Run one transfer (see above) for at most limit_ms of simulated time. */
void tl_transfer(const struct tl_cfg *cfg, uint64_t bytes, uint64_t limit_ms,
                 struct tl_result *out);

/* tl_transfer, print the line, and CHECK the common outcome: done within
 * limit_ms, every byte both ways (A to B only: one_way) received and
 * equal to the pattern, no connection error. */
void tl_check(const char *name, const struct tl_cfg *cfg, uint64_t bytes,
              uint64_t limit_ms, struct tl_result *out);

/* tl_check for n loss rates (loss_ppm[i], bound limit_ms[i], seed + i)
 * on a 100 Mbit/s link with 10 ms each way and bufcap buffers; with loss
 * each end must have retransmitted. Results in out[i]. */
void tl_check_losses(const char *name, uint64_t seed, uint32_t bufcap,
                     const uint32_t *loss_ppm, const uint64_t *limit_ms,
                     unsigned n, uint64_t bytes, struct tl_result *out);

/* One line: the configuration and what happened. */
void tl_print(const char *name, const struct tl_cfg *cfg,
              const struct tl_result *r);

#endif
