/* SPDX-License-Identifier: MIT */
/* TCP sockets: the socket, the stack's table, and the calls between
 * tcp_sock.c, tcp_table.c, tcp_listen.c and tcp_io.c. */
#ifndef NET_TCP_SOCK_PRIV_H
#define NET_TCP_SOCK_PRIV_H

#include <net/tcp_sock.h>
#include "../net_priv.h"
#include "tcp.h"
#include "tcp_cookie.h"
#include "tcp_isn.h"

/* A broken invariant: log it and stop (every build of net/ has this,
 * unlike libk's panic, which the fuzzers do not link). */
#define TCP_ASSERT(s, cond, msg)                                               \
	do {                                                                   \
		if (__builtin_expect(!(cond), 0)) {                            \
			nlog(s, "tcp: broken invariant: %s\n", msg);           \
			__builtin_trap();                                      \
		}                                                              \
	} while (0)

#define TCP_HASH_SIZE 512 /* buckets of the 4-tuple table (power of 2) */

/* What the owner may be waiting on; a change triggers notify. */
struct tcp_watch {
	unsigned bits;
	uint32_t rcv_used, snd_free;
	enum tcp_state state;
};

/* Per-connection stats already added to the stack's counters. */
struct tcp_seen {
	uint64_t retransmits, fast_retransmits, timeouts;
};

struct tcp_sock {
	struct tcp_sock *prev, *next; /* every socket of the stack */
	struct tcp_sock *hnext;       /* 4-tuple hash chain */
	struct tcp_sock *qnext;       /* listener's SYN or accept queue */
	struct tcp_sock *lnext;       /* the stack's listeners */
	struct net_stack *s;
	struct tcp_conn c;
	ip4_addr_t laddr, raddr;
	uint16_t lport, rport;
	bool hashed, listening, orphan, connected, shut, in_accq;
	bool orphan_counted; /* in tcp_orphans (an orphan not in TIME-WAIT) */
	uint32_t sndbuf, rcvbuf;  /* sizes for the buffers */
	uint8_t *sndmem, *rcvmem; /* allocated buffers (NULL if none) */
	struct tcp_sock *parent;  /* listener while not yet accepted */
	/* listener: backlog and the two queues (FIFO, oldest first) */
	unsigned backlog, nsyn, nacc;
	struct tcp_sock *synq, *synq_tail, *accq, *accq_tail;
	/* orphan progress watch: SND.UNA and the time when the current
	 * window began, and how far SND.UNA must move by its end */
	tcp_seq_t orphan_una;
	uint64_t orphan_mark;
	uint32_t orphan_need;
	struct tcp_watch watch;
	struct tcp_seen seen;
	int soft_err;       /* ICMP soft error (tcp_icmp.c) ... */
	tcp_seq_t soft_una; /* ... and SND.UNA when it came */
	tcp_notify_fn notify;
	void *notify_ctx;
};

struct tcp_table {
	struct tcp_sock *all;       /* every socket, newest first */
	struct tcp_sock *listeners; /* listening sockets */
	struct tcp_sock *hash[TCP_HASH_SIZE];
	uint32_t hash_seed;
	struct tcp_isn_key isn_key;
	struct tcp_isn_key cookie_key; /* SYN cookies' MAC (tcp_cookie.h) */
	uint64_t cookie_at;            /* when the last cookie went out */
	bool cookies_sent;             /* ... if one ever did */
	/* every connection's window clamp (tcp_conn.wnd_clamp): none, or
	 * TCP_BUF_PRESSURE under memory pressure */
	uint32_t wnd_clamp;
};

/* tcp_table.c: sockets, the 4-tuple hash, ports. */
/* A new socket linked into the table (recycling the oldest TIME-WAIT
 * socket when tcp_max_socks are live), or NULL. */
struct tcp_sock *tcp_sock_new(struct net_stack *s);
/* Unlink t from everything, free its buffers and t itself. */
void tcp_sock_free(struct tcp_sock *t);
/* Allocate the send and receive buffers (sizes t->sndbuf, t->rcvbuf)
 * and point the connection at them. 0 or NET_ENOMEM. */
int tcp_buffers_alloc(struct tcp_sock *t);
/* Free the buffers (the connection keeps NULL pointers). */
void tcp_buffers_free(struct tcp_sock *t);
void tcp_free_sndmem(struct tcp_sock *t);
void tcp_free_rcvmem(struct tcp_sock *t);
void tcp_hash_add(struct tcp_sock *t);
/* Make t a listener (demuxed by port after the 4-tuple hash). */
void tcp_listeners_add(struct tcp_sock *t);
/* The connection for a 4-tuple, or NULL. */
struct tcp_sock *tcp_lookup(struct net_stack *s, ip4_addr_t laddr,
                            uint16_t lport, ip4_addr_t raddr, uint16_t rport);
/* The listener for addr:port, or NULL. */
struct tcp_sock *tcp_lookup_listener(struct net_stack *s, ip4_addr_t addr,
                                     uint16_t port);
/* Whether bind(port) would clash with another socket than t. */
bool tcp_port_taken(struct net_stack *s, const struct tcp_sock *t,
                    uint16_t port);
/* A free ephemeral port, or 0. */
uint16_t tcp_ephemeral_port(struct net_stack *s);
/* The ISN for t's 4-tuple now (RFC 6528). */
tcp_seq_t tcp_sock_isn(const struct tcp_sock *t);

/* The memory budget (tcp_mem_* tunables, counters; tcp_sock.h). */
enum { TCP_MEM_NORMAL, TCP_MEM_PRESSURE, TCP_MEM_HARD };
/* Charge (delta > 0) or credit TCP memory, then update the state. */
void tcp_mem_charge(struct net_stack *s, int64_t delta);
/* Recompute the state from the bytes in use and the tunables: pressure
 * above tcp_mem_pressure until below tcp_mem_low, hard when no small
 * connection fits under tcp_mem_high any more;
 * sets the window clamp. */
void tcp_mem_update(struct net_stack *s);
/* Whether bytes more fit under tcp_mem_high; counts a refusal if not. */
bool tcp_mem_room(struct net_stack *s, uint64_t bytes);
/* A buffer size for a new connection: size, at most TCP_BUF_PRESSURE
 * while not in the normal state. */
uint32_t tcp_mem_bufsize(const struct net_stack *s, uint32_t size);

/* tcp_sock.c: the bookkeeping after every event on a socket. */
/* After input, a timer or a user call on t: counters, buffers freed on
 * TIME-WAIT, listener queues, notify, orphans freed. May free t. */
void tcp_after_event(struct tcp_sock *t);
/* Notify t's owner if its poll state changed since the last call. */
void tcp_watch_update(struct tcp_sock *t);
/* Reset an orphan that made too little progress in tcp_orphan_idle_ms
 * (see net_tunables). */
void tcp_orphan_check(struct tcp_sock *t, uint64_t now);
/* t no longer counts against tcp_max_orphans (TIME-WAIT, or freed). */
void tcp_orphan_uncount(struct tcp_sock *t);
/* Set the buffer sizes the connection will use (before it opens). */
void tcp_sock_set_sizes(struct tcp_sock *t, uint32_t snd, uint32_t rcv);
/* Add t's connection stats not yet counted to the stack's counters. */
void tcp_stats_sync(struct tcp_sock *t);

/* tcp_listen.c */
/* A SYN (seg) for listener l from raddr:rport to laddr; the ISN is
 * chosen above *above if that is given (reopening a TIME-WAIT). */
void tcp_listen_syn(struct tcp_sock *l, ip4_addr_t laddr, ip4_addr_t raddr,
                    uint16_t rport, const struct tcp_seg *seg,
                    const tcp_seq_t *above);
/* Input for a child still in SYN-RECEIVED: checks the accept queue room
 * and allocates its buffers before the handshake-completing ACK. */
void tcp_child_input(struct tcp_sock *t, const struct tcp_seg *seg);
/* After an event on a child not yet accepted: moves it to the accept
 * queue once synchronized, frees it if it went back to LISTEN/CLOSED.
 * Returns true if t was freed. */
bool tcp_child_update(struct tcp_sock *t);
/* Reset and free every queued child of listener l. */
void tcp_listen_flush(struct tcp_sock *l);
/* Remove child t from its parent's queues. */
void tcp_child_unlink(struct tcp_sock *t);
/* An ACK for listener l from raddr:rport that matches no connection: if
 * it returns a valid SYN cookie, the connection it completes goes to the
 * accept queue (or is dropped when that is full). False (counted as
 * stale or bad if it was meant as a cookie) when the caller should
 * answer with a reset. */
bool tcp_cookie_ack(struct tcp_sock *l, ip4_addr_t laddr, ip4_addr_t raddr,
                    uint16_t rport, const struct tcp_seg *seg);

/* tcp_icmp.c: the error to report: the connection's, or an ICMP soft
 * error in place of a timeout it probably caused. */
int tcp_sock_err(const struct tcp_sock *t);

/* tcp_io.c */
/* Build h + payload pl (NULL: none) for s->ip -> dst and send it; gso:
 * the piece size when the payload is longer (a super-segment), else 0. */
void tcp_xmit(struct net_stack *s, const struct tcp_hdr *h,
              const struct tcp_payload *pl, uint32_t gso, ip4_addr_t dst);
/* The emit callback of every connection (ctx is the tcp_sock). */
void tcp_emit(void *ctx, const struct tcp_seg *seg,
              const struct tcp_payload *pl);

#endif
