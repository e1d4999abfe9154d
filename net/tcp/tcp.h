/* SPDX-License-Identifier: MIT */
/*
 * TCP connection state machine (RFC 9293 3.3.2, 3.10) with RFC 5961
 * hardening: a pure core (the socket layer, tcp_sock_priv.h and
 * tcp_sock.c .. tcp_io.c, ties it to IPv4 and owns its buffers). A
 * tcp_conn is driven by segment arrival (tcp_conn_input, in
 * tcp_conn_input.c), time (tcp_conn_timer) and user calls (tcp_conn.c);
 * every segment it sends goes out through the emit callback.
 *
 *   user calls --> +-----------+ --emit--> (glue builds + sends)
 *   input seg ---> | tcp_conn  |
 *   timer ------>  +-----------+
 *
 * This header and every other one in net/tcp/ are private to the stack
 * (net/TCP.md, "Where it lives"): the kernel sees TCP only through
 * <net/tcp_sock.h> and <net/tcp_state.h> (enum tcp_state, used here).
 */
#ifndef NET_TCP_H
#define NET_TCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/net.h>
#include <net/tcp_state.h>
#include "tcp_cc.h"
#include "tcp_reasm.h"
#include "tcp_rtt.h"
#include "tcp_seq.h"
#include "tcp_sndbuf.h"
#include "tcp_wire.h"

#define TCP_MSL_MS 30000 /* 2*MSL in TIME-WAIT = 60 s */
/* Retransmission timeouts in a row before giving up: 15 as Linux's
 * tcp_retries2; with RFC 6298 backoff (2.5) from the RTO of the moment
 * (1 s before the first RTT sample, at least 200 ms after:
 * TCP_RTO_CONN_MIN_MS, tcp_rtt.h) to the 60 s cap, that is 8 to 10
 * minutes without progress. Persist probes do not
 * count (RFC 9293 3.8.6.1). SYN and SYN,ACK stay bounded at 5. */
#define TCP_MAX_RETRIES     15
#define TCP_SYN_RETRIES     5
#define TCP_CONN_MSS        1460 /* what we offer: MTU 1500 - 40 */
#define TCP_CHALLENGE_PER_S 10   /* RFC 5961 7: challenge ACK limit */
/* Delayed ACK (RFC 9293 3.8.6.3 SHOULD < 0.5 s, RFC 5681 4.2 MUST).
 * 40 ms: with the coarsest timer tick the stack allows (NET_TICK_MS,
 * 100 ms; the kernel's netd ticks every 20 ms) an ACK is held at most
 * one tick more, so always < 200 ms, and below Linux's 200 ms minimum RTO, so a
 * Linux sender with one segment in flight does not time out waiting. */
#define TCP_DELACK_MS  40
#define TCP_TS_OPT_LEN 12 /* TSopt padded: NOP NOP kind len val ecr */
/* RFC 7323 5.5: TS.Recent older than 24 days is no longer trusted. */
#define TCP_PAWS_IDLE_MS (24ULL * 24 * 3600 * 1000)

/* Challenge ACKs sent in the current second (RFC 5961 7). */
struct tcp_challenge_budget {
	uint64_t sec;
	unsigned used;
};

/* A segment as the state machine sees it: header fields, the options
 * (struct tcp_opts, tcp_wire.h) and the payload. wnd is the 16-bit field
 * as on the wire: the connection applies window scaling itself. On
 * output the glue copies seq/ack/flags/wnd/opts into a tcp_hdr as is. */
struct tcp_seg {
	tcp_seq_t seq, ack;
	uint8_t flags; /* TCP_SYN, TCP_ACK, ... from tcp_wire.h */
	uint16_t wnd;
	struct tcp_opts opts;
	const void *data; /* input only: output payloads come as spans */
	uint32_t len;
	/* output only: 0, or the connection's SMSS when len is more than
	 * that: a super-segment, cut into pieces of gso bytes below TCP
	 * (struct netdev_tx) */
	uint32_t gso;
};

/* Send one segment: hdr->len bytes of payload lie in pl (the send ring,
 * in place; NULL when there are none). */
typedef void (*tcp_emit_fn)(void *ctx, const struct tcp_seg *hdr,
                            const struct tcp_payload *pl);

/* Per-connection event counts (netstat, tests). */
struct tcp_conn_stats {
	uint64_t retransmits;      /* segments resent (timer or fast) */
	uint64_t fast_retransmits; /* resent on dupACKs / partial ACKs */
	uint64_t timeouts;         /* retransmission timer expiries */
	uint64_t dup_acks;         /* duplicate ACKs received */
	uint64_t ooo_segs;         /* data segments beyond RCV.NXT */
	uint64_t delayed_acks;     /* ACKs sent by the delayed-ACK timer */
	uint64_t window_probes;    /* zero-window probes sent */
	uint64_t paws_drops;       /* segments dropped by PAWS */
	uint64_t max_retries;      /* longest run of timeouts seen */
};

/*
 * Buffer memory (snd.buf, rcv.buf) belongs to the caller. Once the state
 * is TIME-WAIT or CLOSED, tcp_conn_input, tcp_conn_timer, tcp_conn_close
 * and tcp_conn_abort never read or write it (only the counters in
 * snd/rcv), so the owner may free it on entering TIME-WAIT and set the
 * pointers to NULL. tcp_conn_recv still copies unread bytes out of
 * rcv.buf and tcp_conn_send refuses (NET_EINVAL) without touching it:
 * do not call tcp_conn_recv after freeing.
 */
struct tcp_conn {
	enum tcp_state state;
	bool nodelay;    /* Nagle off (RFC 9293 3.7.4); the user sets it */
	bool passive;    /* opened by listen: RST in SYN-RECEIVED -> LISTEN */
	bool fin_queued; /* user closed: FIN follows the queued data */
	bool rcv_fin;    /* the peer's FIN arrived (RCV.NXT counts it) */
	int err;         /* why the connection failed (0 = it did not) */
	/* send sequence space; snd_max is the highest SND.NXT so far
	 * (SND.NXT goes back to SND.UNA on a timeout) */
	tcp_seq_t iss, snd_una, snd_nxt, snd_max, snd_wl1, snd_wl2;
	/* snd_wnd is in bytes (scaled); smss = the data per segment: the
	 * MSS, less TCP_TS_OPT_LEN when timestamps are on */
	uint32_t snd_wnd, max_snd_wnd, smss;
	/* the most payload one emitted segment may carry when it is a
	 * super-segment (the owner sets it when the device or a software
	 * fallback cuts them; 0: every segment is at most smss) */
	uint32_t gso_max;
	struct tcp_sndbuf snd; /* data from the byte after the SYN */
	tcp_seq_t irs;
	struct tcp_rcvbuf rcv; /* RCV.NXT = rcv.nxt + rcv_fin */
	tcp_seq_t rcv_adv;     /* right edge advertised; never moves left */
	/* RFC 7323: options agreed by both SYNs; shifts (0 if ws_ok is not) */
	bool ws_ok, ts_ok;
	bool sack_ok;       /* RFC 2018: both SYNs had SACK-permitted */
	uint8_t snd_ws;     /* the peer's shift: its window field << snd_ws */
	uint8_t rcv_ws;     /* ours: our window field = window >> rcv_ws */
	uint32_t ts_recent; /* TS.Recent (RFC 7323 4.3) */
	uint64_t ts_recent_at;   /* when TS.Recent was taken (5.5) */
	tcp_seq_t last_ack_sent; /* Last.ACK.sent (4.3) */
	uint32_t rto_tsval;      /* TSval clock at the latest timeout */
	struct tcp_rtt rtt;
	struct tcp_cc cc; /* set up when the peer's SYN gives the SMSS */
	/* timers: absolute ms, 0 = off */
	uint64_t rexmit_at, timewait_at, persist_at, delack_at;
	unsigned retries;         /* timeouts in a row without progress */
	unsigned persist_backoff; /* probes sent in a row (3.8.6.1) */
	bool ack_now;             /* an ACK is owed at the end of input */
	uint32_t rcv_unacked;     /* in-order bytes taken since our last ACK */
	uint32_t rcv_mss;         /* largest segment the peer sent so far */
	uint64_t last_send_at;    /* when data was last sent (idle restart) */
	uint64_t now; /* the latest time given to any call (TSval clock) */
	uint64_t challenge_sec; /* second of the current challenge budget */
	unsigned challenge_used, challenge_acks;
	/* RFC 5961 7 means the limit for the whole host: the owner may
	 * point this at one budget shared by all its connections (NULL:
	 * challenge_sec/challenge_used above, per connection) */
	struct tcp_challenge_budget *challenge_budget;
	/* the owner's cap on the window offered (NULL: none); the
	 * advertised right edge still never moves left */
	const uint32_t *wnd_clamp;
	struct tcp_conn_stats stats;
	tcp_emit_fn emit;
	void *ctx;
};

/* Set up a CLOSED connection over caller-owned buffers (caps > 0). */
void tcp_conn_init(struct tcp_conn *c, uint8_t *sndmem, uint32_t sndcap,
                   uint8_t *rcvmem, uint32_t rcvcap, tcp_emit_fn emit,
                   void *ctx);
/* CLOSED -> SYN-SENT: send SYN with ISN iss. NET_EINVAL if not CLOSED. */
int tcp_conn_open_active(struct tcp_conn *c, tcp_seq_t iss, uint64_t now);
/* CLOSED -> LISTEN; a SYN will be answered with ISN iss. */
int tcp_conn_open_passive(struct tcp_conn *c, tcp_seq_t iss);
/* Queue up to len bytes (returns how many; sends what the window allows).
 * NET_EINVAL after close or when the state cannot send. */
int tcp_conn_send(struct tcp_conn *c, const void *buf, size_t len,
                  uint64_t now);
/* Read in-order bytes: count, 0 at end of stream, NET_EAGAIN if none yet,
 * c->err if the connection failed. */
int tcp_conn_recv(struct tcp_conn *c, void *buf, size_t len);
/* Send FIN after the queued data (or just forget a LISTEN/SYN-SENT). */
int tcp_conn_close(struct tcp_conn *c, uint64_t now);
/* Send RST if synchronized; CLOSED at once. */
void tcp_conn_abort(struct tcp_conn *c);
/* Process one arriving segment (RFC 9293 3.10.7). */
void tcp_conn_input(struct tcp_conn *c, const struct tcp_seg *seg,
                    uint64_t now);
/* Fire the timers due at now: retransmission, persist, delayed ACK,
 * TIME-WAIT. */
void tcp_conn_timer(struct tcp_conn *c, uint64_t now);
/* The earliest time a timer is due (0: none running). */
uint64_t tcp_conn_next_timer(const struct tcp_conn *c);

#endif
