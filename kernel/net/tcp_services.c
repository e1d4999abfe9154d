/* SPDX-License-Identifier: MIT */
/*
 * TCP echo (RFC 862, port 7) and discard (RFC 863, port 9), started at
 * boot (tcp_services.h). One thread serves both listeners and every
 * connection from a ktcp_poll loop: the kernel has few threads
 * (THREAD_MAX), and a loop keeps the cost of a connection to one small
 * heap block.
 *
 *   poll: listeners (READABLE, while below SVC_MAX_CONNS connections),
 *         echo with bytes not yet queued (WRITABLE), others (READABLE)
 *   ready listener   -> accept while any are queued
 *   readable         -> recv (try once); echo: send back (try once), the
 *                       rest waits in the connection's buffer
 *   end of stream    -> close (the FIN follows the echoed bytes)
 *   error, or idle for SVC_IDLE_MS -> abort / close
 *   accept beyond svc_per_src_max connections from one address to one
 *   service (svc_limit.h) -> reset
 *
 * Nothing is logged per connection.
 */
#include <libk/string.h>
#include "net/ktcp.h"
#include "net/net_platform.h"
#include "net/netif.h"
#include "net/svc_limit.h"
#include "net/tcp_services.h"
#include "sched/thread.h"
#include "time/time.h"

#define SVC_MAX_CONNS 192 /* live connections, both services */
#define SVC_BACKLOG   64
#define SVC_IDLE_MS   120000 /* a silent peer is dropped after this */
#define SVC_TICK_MS   1000   /* poll timeout: idle checks */
#define SVC_BUF       4096   /* echo: bytes read per recv */
#define SVC_READS     8      /* recv calls per connection per wake-up */

enum svc_kind { SVC_ECHO, SVC_DISCARD, SVC_KINDS };

static const uint16_t svc_port[SVC_KINDS] = {7, 9};

struct svc_conn {
	struct tcp_sock *t;
	ip4_addr_t peer; /* its address (svc_limit.h) */
	enum svc_kind kind;
	uint64_t last_ms;  /* last progress */
	uint32_t off, len; /* echo: buf[off..len) not yet queued */
	uint8_t buf[SVC_BUF];
};

struct svc {
	struct tcp_sock *listen[SVC_KINDS];
	struct svc_conn *conns[SVC_MAX_CONNS];
	unsigned nconns;
	struct ktcp_pollfd fds[SVC_KINDS + SVC_MAX_CONNS];
};

static uint64_t now_ms(void)
{
	return time_ns() / 1000000u;
}

/* Drop connection i (the last one takes its slot). */
static void conn_drop(struct svc *s, unsigned i, bool reset)
{
	struct svc_conn *c = s->conns[i];

	if (reset)
		ktcp_abort(c->t);
	else
		ktcp_close(c->t);
	net_kfree(c);
	s->conns[i] = s->conns[--s->nconns];
}

/* Queue what the echo buffer holds, without waiting. False on error. */
static bool echo_flush(struct svc_conn *c)
{
	long n = ktcp_send(c->t, c->buf + c->off, c->len - c->off, 0);

	if (n < 0)
		return n == NET_ETIMEDOUT;
	c->off += (uint32_t)n;
	if (c->off == c->len)
		c->off = c->len = 0;
	return true;
}

/* Read what is there (bounded). 1: keep the connection, 0: end of
 * stream, -1: error. */
static int conn_read(struct svc_conn *c)
{
	for (unsigned r = 0; r < SVC_READS && !c->len; r++) {
		long n = ktcp_recv(c->t, c->buf, SVC_BUF, 0);

		if (n == NET_ETIMEDOUT)
			return 1;
		if (n <= 0)
			return n == 0 ? 0 : -1;
		c->last_ms = now_ms();
		if (c->kind == SVC_ECHO) {
			c->len = (uint32_t)n;
			if (!echo_flush(c))
				return -1;
		}
	}
	return 1;
}

/* Serve connection i after poll said revents. False if it was dropped. */
static bool conn_step(struct svc *s, unsigned i, unsigned revents)
{
	struct svc_conn *c = s->conns[i];
	int rd;

	if (revents & TCP_POLL_ERROR) {
		conn_drop(s, i, true);
		return false;
	}
	if (c->len) {
		uint32_t before = c->off;

		if (!echo_flush(c)) {
			conn_drop(s, i, true);
			return false;
		}
		if (c->off != before || !c->len)
			c->last_ms = now_ms();
		return true;
	}
	if (!(revents & (TCP_POLL_READABLE | TCP_POLL_HUP)))
		return true;
	rd = conn_read(c);
	if (rd <= 0)
		conn_drop(s, i, rd < 0);
	return rd > 0;
}

/* Whether one more connection from addr to service k fits
 * (svc_per_src_max). */
static bool src_room(const struct svc *s, enum svc_kind k, ip4_addr_t addr)
{
	ip4_addr_t from[SVC_MAX_CONNS];
	unsigned n = 0;

	for (unsigned i = 0; i < s->nconns; i++)
		if (s->conns[i]->kind == k)
			from[n++] = s->conns[i]->peer;
	return svc_src_room(from, n, addr);
}

/* Take every queued connection on listener k while there is room. */
static void svc_accept(struct svc *s, enum svc_kind k)
{
	while (s->nconns < SVC_MAX_CONNS) {
		struct tcp_sock *t;
		struct svc_conn *c;
		ip4_addr_t peer;

		if (ktcp_accept(s->listen[k], &t, 0))
			return;
		peer = ktcp_peer(t);
		if (!src_room(s, k, peer)) {
			svc_src_refused++;
			ktcp_abort(t);
			continue;
		}
		c = net_kmalloc(sizeof(*c));
		if (!c) {
			ktcp_abort(t);
			return;
		}
		memset(c, 0, offsetof(struct svc_conn, buf));
		c->t = t;
		c->peer = peer;
		c->kind = k;
		c->last_ms = now_ms();
		s->conns[s->nconns++] = c;
	}
}

/* The poll set: listeners first, then the connections in order. */
static unsigned svc_fill(struct svc *s)
{
	bool room = s->nconns < SVC_MAX_CONNS;

	for (unsigned k = 0; k < SVC_KINDS; k++) {
		s->fds[k].sock = room ? s->listen[k] : NULL;
		s->fds[k].events = TCP_POLL_READABLE;
	}
	for (unsigned i = 0; i < s->nconns; i++) {
		struct svc_conn *c = s->conns[i];

		s->fds[SVC_KINDS + i].sock = c->t;
		s->fds[SVC_KINDS + i].events =
		    c->len ? TCP_POLL_WRITABLE : TCP_POLL_READABLE;
	}
	return SVC_KINDS + s->nconns;
}

/* One round after ktcp_poll: connections (walked from the end, since a
 * dropped one is replaced by the last), idle ones, then new ones. */
static void svc_round(struct svc *s, unsigned polled)
{
	uint64_t now = now_ms();

	for (unsigned i = polled - SVC_KINDS; i-- > 0;) {
		struct svc_conn *c = s->conns[i];
		unsigned rev = s->fds[SVC_KINDS + i].revents;

		if (rev && !conn_step(s, i, rev))
			continue;
		/* last_ms may be after now (conn_step just set it) */
		if (now > c->last_ms + SVC_IDLE_MS)
			conn_drop(s, i, false);
	}
	for (unsigned k = 0; k < SVC_KINDS; k++)
		if (s->fds[k].revents)
			svc_accept(s, k);
}

static void svc_main(void *arg)
{
	struct svc *s = arg;

	for (;;) {
		unsigned n = svc_fill(s);

		if (ktcp_poll(s->fds, n, SVC_TICK_MS) < 0)
			thread_sleep_ns(SVC_TICK_MS * 1000000ull); /* ENOMEM */
		else
			svc_round(s, n);
	}
}

int tcp_services_start(void)
{
	struct svc *s = net_kmalloc(sizeof(*s));
	int rc = s ? 0 : NET_ENOMEM;

	if (s)
		memset(s, 0, sizeof(*s));
	for (unsigned k = 0; k < SVC_KINDS && !rc; k++)
		rc = ktcp_listen(&s->listen[k], svc_port[k], SVC_BACKLOG);
	if (!rc && !thread_create("tcpsvc", svc_main, s, PRIO_NORMAL))
		rc = NET_ENOMEM;
	if (rc && s) {
		for (unsigned k = 0; k < SVC_KINDS; k++)
			if (s->listen[k])
				ktcp_close(s->listen[k]);
		net_kfree(s);
	}
	if (rc)
		net_log("net: tcp echo/discard: %s\n", net_strerror(rc));
	return rc;
}
