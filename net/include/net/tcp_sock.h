/* SPDX-License-Identifier: MIT */
/*
 * TCP sockets of a net_stack: the connection table, listeners with their
 * backlogs, and the glue between IPv4 and struct tcp_conn (net/tcp/tcp.h,
 * private to the stack).
 * Non-blocking, like udp.h; the kernel builds blocking calls with
 * timeouts on tcp_poll + the notify callback (kernel/net/ktcp.h).
 *
 *   server                              client
 *   ------                              ------
 *   l = tcp_open(s);                    t = tcp_open(s);
 *   tcp_bind(l, IP4_ANY, 80);           tcp_connect(t, dst, 80);
 *   tcp_listen(l, 16);                    -> NET_EINPROGRESS; wait for
 *   tcp_accept(l, &c)  (NET_EAGAIN         TCP_POLL_WRITABLE or _ERROR
 *     until a connection is ready)      tcp_send / tcp_recv
 *   tcp_recv / tcp_send                 tcp_close(t)
 *   tcp_close(c)
 *
 * Ownership: the caller owns a tcp_sock from tcp_open/tcp_accept until
 * tcp_close or tcp_abort; after that the pointer is invalid. A closed
 * socket whose connection is still closing (FIN-WAIT, LAST-ACK,
 * TIME-WAIT) lives on inside the stack as an orphan and is freed when it
 * reaches CLOSED. TIME-WAIT keeps only the connection's state: its
 * buffers are freed on entry.
 *
 * Limits (all bounded, all counted in net_counters):
 *   - a listener holds at most `backlog` established connections not yet
 *     accepted, and at most TCP_SYNQ_MAX(backlog) half-open ones
 *     (SYN-RECEIVED); a SYN that finds the half-open queue full is
 *     answered with a SYN cookie (tcp_cookie.h) and keeps nothing (a SYN
 *     flood cannot lock out real clients, and cannot grow memory);
 *   - at most tcp_max_socks live sockets per stack (tunable), orphans and
 *     TIME-WAIT included; TIME-WAIT sockets are recycled oldest first
 *     when the table is full;
 *   - a memory budget like Linux's tcp_mem, over the socket structures
 *     and their buffers (tcp_mem_bytes; orphans included). Above
 *     tcp_mem_pressure, until usage falls below tcp_mem_low: sockets
 *     that connect or are accepted from then on get buffers of at most
 *     TCP_BUF_PRESSURE, and every connection offers at most that much
 *     window (the right edge already advertised never moves left). A
 *     connection that would take usage past tcp_mem_high is refused: a
 *     SYN (cookie or not) is dropped without a reset (the peer retries),
 *     so is a handshake-completing ACK, and tcp_connect gives
 *     NET_ENOMEM; a close that would orphan resets instead. Buffers are
 *     allocated whole when a connection starts, so nothing already
 *     accepted loses memory or data: sends and receives go on as before.
 *
 * Threading: like everything in net/ (net.h). The notify callback runs
 * inside a stack call: it may wake waiters, never call into the stack.
 */
#ifndef NET_TCP_SOCK_H
#define NET_TCP_SOCK_H
#include <stdbool.h>
#include <stdint.h>
#include <net/net.h>
#include <net/tcp_state.h>

#define TCP_EPHEMERAL_LO      49152
#define TCP_EPHEMERAL_HI      65535
#define TCP_BACKLOG_MAX       128
#define TCP_SYNQ_MAX(backlog) (2 * (backlog) + 8)

#define TCP_SNDBUF_DEFAULT (256u * 1024) /* with window scaling */
#define TCP_RCVBUF_DEFAULT (256u * 1024)
#define TCP_BUF_MIN        2048u
#define TCP_BUF_MAX        (4u * 1024 * 1024)
/* Buffers of sockets that start under memory pressure, and the largest
 * window any connection offers then. */
#define TCP_BUF_PRESSURE (16u * 1024)

/* tcp_poll bits. */
#define TCP_POLL_READABLE                                                      \
	1u                   /* data, end of stream, or (listener) a           \
	                        connection to accept */
#define TCP_POLL_WRITABLE 2u /* connected and the send buffer has room */
#define TCP_POLL_ERROR    4u /* the connection failed (tcp_error) */
#define TCP_POLL_HUP      8u /* the peer's FIN arrived, or CLOSED */

struct tcp_sock;
typedef void (*tcp_notify_fn)(void *ctx, struct tcp_sock *t);

/* A new CLOSED socket with the default buffer sizes, or NULL. */
struct tcp_sock *tcp_open(struct net_stack *s);
/* Buffer sizes (clamped to TCP_BUF_MIN..TCP_BUF_MAX), before connect or
 * listen (a listener's sizes are inherited by accepted sockets).
 * NET_EISCONN afterwards. */
int tcp_set_bufsizes(struct tcp_sock *t, uint32_t sndbuf, uint32_t rcvbuf);
/* Nagle off (true) or on (false, the default). */
void tcp_set_nodelay(struct tcp_sock *t, bool on);
/* Bind to addr (IP4_ANY or the interface address) and port (0: a random
 * free ephemeral port). NET_EADDRINUSE, NET_EINVAL (already bound). */
int tcp_bind(struct tcp_sock *t, ip4_addr_t addr, uint16_t port);
/* Listen (binding to an ephemeral port if unbound); backlog is clamped
 * to 1..TCP_BACKLOG_MAX. */
int tcp_listen(struct tcp_sock *t, unsigned backlog);
/* Take a ready connection: 0 and *out, NET_EAGAIN, NET_EINVAL if t is
 * not listening. */
int tcp_accept(struct tcp_sock *t, struct tcp_sock **out);
/* Start connecting (ephemeral port if unbound): NET_EINPROGRESS, then
 * TCP_POLL_WRITABLE when ESTABLISHED or TCP_POLL_ERROR (tcp_error says
 * NET_ECONNREFUSED, NET_ETIMEDOUT, ...). NET_ENETUNREACH without a
 * route, NET_EISCONN if already connecting/connected/listening. */
int tcp_connect(struct tcp_sock *t, ip4_addr_t dst, uint16_t port);
/* Queue up to len bytes: how many (> 0), NET_EAGAIN when the send buffer
 * is full, NET_ENOTCONN before the connection is established or after
 * shutdown, or the connection's error. */
int tcp_send(struct tcp_sock *t, const void *buf, size_t len);
/* Read up to len bytes: how many (> 0), 0 at end of stream, NET_EAGAIN,
 * or the connection's error (NET_ECONNRESET, NET_ETIMEDOUT, ...). */
int tcp_recv(struct tcp_sock *t, void *buf, size_t len);
/* No more sending: FIN after the queued data (SHUT_WR). Reading goes on. */
int tcp_shutdown(struct tcp_sock *t);
/* Give the socket back. Graceful (FIN after queued data) unless unread
 * data is pending, which resets the connection (RFC 9293 3.10.4 allows
 * either; Linux resets). A listener resets its queued connections. */
void tcp_close(struct tcp_sock *t);
/* Give the socket back, resetting the connection. */
void tcp_abort(struct tcp_sock *t);
/* TCP_POLL_* bits. */
unsigned tcp_poll(const struct tcp_sock *t);
/* The connection's error (NET_E*), 0 if none. */
int tcp_error(const struct tcp_sock *t);
/* fn(ctx, t) runs whenever t's tcp_poll bits may have changed (readable,
 * writable, connected, error, hangup, a connection queued). */
void tcp_set_notify(struct tcp_sock *t, tcp_notify_fn fn, void *ctx);
/* The callback and ctx given to tcp_set_notify (NULL if none). */
tcp_notify_fn tcp_notify_of(const struct tcp_sock *t, void **ctx);

/* What netstat shows about one socket. */
struct tcp_sock_info {
	ip4_addr_t laddr, raddr;
	uint16_t lport, rport;
	enum tcp_state state;
	bool orphan;         /* closed by its owner, still finishing */
	uint32_t sndq, rcvq; /* bytes queued: unacked + unsent; unread */
	uint32_t sndbuf, rcvbuf;
	uint32_t srtt_ms, rttvar_ms, rto_ms; /* 0 before the first sample */
	uint32_t cwnd, ssthresh, snd_wnd, rcv_wnd;
	uint32_t mss;
	uint8_t snd_ws, rcv_ws; /* window scale shifts in use */
	uint64_t retransmits;
	unsigned backlog, accept_q, syn_q; /* listeners */
};
/* fn once per socket (listeners, connections, orphans, TIME-WAIT). */
void tcp_foreach(struct net_stack *s,
                 void (*fn)(void *ctx, const struct tcp_sock_info *i),
                 void *ctx);
/* One socket's info. */
void tcp_sock_info(const struct tcp_sock *t, struct tcp_sock_info *out);

#endif
