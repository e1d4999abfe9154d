/* SPDX-License-Identifier: MIT */
/*
 * Blocking TCP for kernel threads, over the non-blocking sockets of
 * net/include/net/tcp_sock.h. Every call takes the net lock around one
 * non-blocking stack call at a time and sleeps between tries (never with
 * the lock held) until the socket's notify callback wakes it or the
 * timeout passes. timeout_ms == KTCP_FOREVER waits without limit; 0 is
 * a non-blocking try.
 *
 * All return >= 0 or NET_E* (net.h): NET_ETIMEDOUT when the timeout
 * passed (also when a try with timeout 0 would have had to wait),
 * NET_ENODEV when there is no configured stack.
 *
 * Only sockets made here (listen, accept, connect) may be passed in; a
 * socket must not be closed while another thread is blocked on it (the
 * kernel panics: that thread would wake on a freed socket).
 *
 *   struct tcp_sock *l, *c;
 *   ktcp_listen(&l, 80, 16);
 *   while (ktcp_accept(l, &c, KTCP_FOREVER) == 0)
 *           thread_create("http", serve, c, PRIO_NORMAL);
 */
#ifndef KERNEL_NET_KTCP_H
#define KERNEL_NET_KTCP_H
#include <stddef.h>
#include <stdint.h>
#include <net/tcp_sock.h>

#define KTCP_FOREVER UINT32_MAX

/* A listening socket on port (any address). */
int ktcp_listen(struct tcp_sock **out, uint16_t port, unsigned backlog);
/* Wait for a connection on listener l. */
int ktcp_accept(struct tcp_sock *l, struct tcp_sock **out, uint32_t timeout_ms);
/* Connect to dst:port; on failure *out is NULL and the socket is gone. */
int ktcp_connect(struct tcp_sock **out, ip4_addr_t dst, uint16_t port,
                 uint32_t timeout_ms);
/* Send all len bytes: len, or the bytes queued before the timeout or the
 * error (if none were queued, the error / NET_ETIMEDOUT). */
long ktcp_send(struct tcp_sock *t, const void *buf, size_t len,
               uint32_t timeout_ms);
/* Wait for data: > 0 bytes read, 0 at end of stream, or NET_E*. */
long ktcp_recv(struct tcp_sock *t, void *buf, size_t len, uint32_t timeout_ms);
/* SHUT_WR. */
int ktcp_shutdown(struct tcp_sock *t);
/* The remote address of a connection. */
ip4_addr_t ktcp_peer(struct tcp_sock *t);
/* tcp_close (graceful, in the background) / tcp_abort (RST). */
void ktcp_close(struct tcp_sock *t);
void ktcp_abort(struct tcp_sock *t);

/* Readiness over several sockets, like poll(2): events = TCP_POLL_* bits
 * wanted, revents = the bits that are set. ERROR always counts; HUP (the
 * peer's FIN) counts when READABLE or HUP is asked for, so a writer
 * waiting for room after the peer's FIN does not spin. Entries with
 * sock == NULL are skipped (revents 0). */
struct ktcp_pollfd {
	struct tcp_sock *sock;
	unsigned events, revents;
};
/* How many entries have revents != 0 (0 on timeout), or NET_ENOMEM. */
int ktcp_poll(struct ktcp_pollfd *fds, unsigned n, uint32_t timeout_ms);

#endif
