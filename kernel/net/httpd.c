/* SPDX-License-Identifier: MIT */
/*
 * The HTTP/1.1 server on port 80 (resources: httpd_req.c). One thread
 * serves the listener and every connection from a ktcp_poll loop: the
 * kernel has few threads (THREAD_MAX), and a loop keeps the cost of a
 * connection to one heap block (httpd_priv.h).
 *
 *   poll: listener (READABLE, while below HTTPD_MAX_CONNS connections),
 *         connections sending a response (WRITABLE), the others
 *         (READABLE); no wait at all while one has work left over
 *   each ready connection runs until it would have to wait (or has used
 *   its HTTPD_STEPS): read, parse the head, read the body, queue the
 *   response; then the next request already buffered (pipelining)
 *
 * Keep-alive is the default (RFC 9112 9.3); HTTP/1.0, `Connection:
 * close` and errors that lose the message framing close after the
 * response. A connection that makes no progress for HTTPD_IDLE_MS is
 * closed (reset if a request was under way). Slow clients (slowloris):
 * a request head must be complete HTTPD_HEAD_MS after its first byte,
 * and a body must average HTTPD_BODY_RATE bytes/s once
 * HTTPD_BODY_GRACE_MS have passed; else 408 and close. (A connection
 * that sends nothing goes after HTTPD_IDLE_MS.)
 * One address holds at most svc_per_src_max connections (svc_limit.h).
 * Nothing is logged per request.
 */
#include <libk/panic.h>
#include <libk/string.h>
#include "net/httpd.h"
#include "net/httpd_priv.h"
#include "net/ktcp.h"
#include "net/net_platform.h"
#include "net/netif.h"
#include "net/svc_limit.h"
#include "sched/thread.h"
#include "time/time.h"

#define HTTPD_PORT          80
#define HTTPD_MAX_CONNS     64
#define HTTPD_BACKLOG       64
#define HTTPD_IDLE_MS       30000
#define HTTPD_LINGER_MS     2000  /* draining input after the last response */
#define HTTPD_TICK_MS       1000  /* poll timeout: idle checks */
#define HTTPD_STEPS         16    /* steps per connection per round */
#define HTTPD_HEAD_MS       10000 /* the whole request head */
#define HTTPD_BODY_GRACE_MS 10000 /* before the body rate counts */
#define HTTPD_BODY_RATE     1024  /* bytes/s a body must average */

/* What one step of a connection leads to. */
enum step { S_AGAIN, S_WAIT, S_CLOSE, S_RESET };

struct httpd {
	struct tcp_sock *listen;
	struct httpd_conn *conns[HTTPD_MAX_CONNS];
	unsigned nconns;
	struct ktcp_pollfd fds[1 + HTTPD_MAX_CONNS];
};

static uint64_t now_ms(void)
{
	return time_ns() / 1000000u;
}

/* Drop the first n bytes of the input buffer. */
static void in_consume(struct httpd_conn *c, size_t n)
{
	if (n > c->in_len)
		panic("httpd: consume %zu of %u", n, c->in_len);
	memmove(c->in, c->in + n, c->in_len - n);
	c->in_len -= (uint32_t)n;
}

/* Read what has arrived, without waiting. */
static enum step conn_recv(struct httpd_conn *c)
{
	long n;

	if (c->in_len == HTTPD_IN)
		panic("httpd: input buffer full in state %d", c->st);
	n = ktcp_recv(c->t, c->in + c->in_len, HTTPD_IN - c->in_len, 0);
	if (n == NET_ETIMEDOUT)
		return S_WAIT;
	if (n < 0)
		return S_RESET;
	if (n == 0)
		c->eof = true;
	c->last_ms = now_ms();
	if (c->st == C_HEAD && !c->head_ms && n > 0)
		c->head_ms = c->last_ms; /* a new head begins */
	c->in_len += (uint32_t)n;
	return S_AGAIN;
}

/* The last response is queued: FIN after it, then read and drop what
 * the peer still sends until its FIN (or HTTPD_LINGER_MS), so that a
 * close with unread data (a reset) cannot destroy the response before
 * the peer has read it. */
static enum step conn_linger(struct httpd_conn *c)
{
	if (ktcp_shutdown(c->t))
		return S_RESET;
	c->st = C_DRAIN;
	c->in_len = 0;
	c->last_ms = now_ms();
	return S_AGAIN;
}

static enum step conn_drain(struct httpd_conn *c)
{
	long n = ktcp_recv(c->t, c->in, HTTPD_IN, 0);

	if (n == NET_ETIMEDOUT)
		return S_WAIT;
	return n == 0 ? S_CLOSE : n < 0 ? S_RESET : S_AGAIN;
}

/* Queue the response (out[], then the generated pattern); when it is
 * all queued, go on to after_send, or close. */
static enum step conn_send(struct httpd_conn *c)
{
	uint32_t want;
	long n;

	if (c->out_off == c->out_len) {
		if (c->gen_left) {
			httpd_fill_bytes(c);
			return S_AGAIN;
		}
		if (c->after_send == C_HEAD && c->close_after)
			return conn_linger(c);
		c->st = c->after_send;
		if (c->st == C_HEAD) /* the next head: pipelined, or not yet */
			c->head_ms = c->in_len ? now_ms() : 0;
		return S_AGAIN;
	}
	want = c->out_len - c->out_off;
	n = ktcp_send(c->t, c->src + c->out_off, want, 0);
	if (n == NET_ETIMEDOUT)
		return S_WAIT;
	if (n < 0)
		return S_RESET;
	c->out_off += (uint32_t)n;
	c->last_ms = now_ms();
	return (uint32_t)n < want ? S_WAIT : S_AGAIN;
}

/* Parse the next request head, reading more while it is incomplete. */
static enum step conn_head(struct httpd_conn *c)
{
	struct http_request r;
	int rc;

	if (!c->in_len && c->eof)
		return S_CLOSE;
	rc = http_parse_request((const char *)c->in, c->in_len, &r);
	if (rc == HTTP_EINCOMPLETE)
		return c->eof ? S_CLOSE : conn_recv(c);
	httpd_stats.requests++;
	if (rc) {
		/* The framing is lost: answer, then close. */
		c->in_len = 0;
		c->close_after = true;
		c->head_only = false;
		httpd_reply_error(c, http_error_status(rc));
		return S_AGAIN;
	}
	httpd_request(c, &r);
	in_consume(c, r.head_len);
	c->body_ms = now_ms();
	return S_AGAIN;
}

/* Take body bytes from the input buffer (decoding chunks). */
static enum step conn_body(struct httpd_conn *c)
{
	size_t data, used;
	int rc = 0;

	if (!c->chunked && !c->body_left) {
		httpd_body_done(c);
		return S_AGAIN;
	}
	if (!c->in_len)
		return c->eof ? S_RESET : conn_recv(c);
	if (c->chunked) {
		rc =
		    http_chunked_decode(&c->ch, c->in, c->in_len, &data, &used);
	} else {
		data = used =
		    c->in_len < c->body_left ? c->in_len : (size_t)c->body_left;
		c->body_left -= used;
		rc = !c->body_left;
	}
	httpd_body_data(c, c->in, data);
	in_consume(c, used);
	if (rc < 0 || (!c->sink && c->body_bytes > HTTPD_DISCARD_MAX)) {
		c->close_after = true;
		c->in_len = 0;
		httpd_reply_error(c, rc < 0 ? 400 : 413);
	} else if (rc > 0) {
		httpd_body_done(c);
	}
	return S_AGAIN;
}

/* Run c until it has to wait, must go, or used its steps. */
static enum step conn_run(struct httpd_conn *c)
{
	enum step s = S_AGAIN;

	for (unsigned i = 0; i < HTTPD_STEPS && s == S_AGAIN; i++) {
		if (c->st == C_SEND)
			s = conn_send(c);
		else if (c->st == C_HEAD)
			s = conn_head(c);
		else if (c->st == C_BODY)
			s = conn_body(c);
		else
			s = conn_drain(c);
	}
	c->runnable = s == S_AGAIN;
	return s;
}

/* Drop connection i (the last one takes its slot). */
static void conn_drop(struct httpd *h, unsigned i, bool reset)
{
	struct httpd_conn *c = h->conns[i];

	if (reset)
		ktcp_abort(c->t);
	else
		ktcp_close(c->t);
	net_kfree(c);
	h->conns[i] = h->conns[--h->nconns];
	httpd_stats.conns--;
}

/* Whether one more connection from addr fits (svc_per_src_max). */
static bool src_room(const struct httpd *h, ip4_addr_t addr)
{
	ip4_addr_t from[HTTPD_MAX_CONNS];

	for (unsigned i = 0; i < h->nconns; i++)
		from[i] = h->conns[i]->peer;
	return svc_src_room(from, h->nconns, addr);
}

/* Take every queued connection while there is room. */
static void httpd_accept(struct httpd *h)
{
	while (h->nconns < HTTPD_MAX_CONNS) {
		struct tcp_sock *t;
		struct httpd_conn *c;
		ip4_addr_t peer;

		if (ktcp_accept(h->listen, &t, 0))
			return;
		peer = ktcp_peer(t);
		if (!src_room(h, peer)) {
			httpd_stats.src_refused++;
			ktcp_abort(t);
			continue;
		}
		c = net_kmalloc(sizeof(*c));
		if (!c) {
			ktcp_abort(t);
			return;
		}
		memset(c, 0, offsetof(struct httpd_conn, in));
		c->t = t;
		c->peer = peer;
		c->st = C_HEAD;
		c->last_ms = now_ms();
		c->runnable = true; /* the request may be there already */
		h->conns[h->nconns++] = c;
		httpd_stats.conns++;
		httpd_stats.conns_total++;
	}
}

/* The poll set: the listener, then the connections in order. Returns
 * the count; *busy when a connection has work without waiting. */
static unsigned httpd_fill(struct httpd *h, bool *busy)
{
	*busy = false;
	h->fds[0].sock = h->nconns < HTTPD_MAX_CONNS ? h->listen : NULL;
	h->fds[0].events = TCP_POLL_READABLE;
	for (unsigned i = 0; i < h->nconns; i++) {
		struct httpd_conn *c = h->conns[i];

		h->fds[1 + i].sock = c->t;
		h->fds[1 + i].events =
		    c->st == C_SEND ? TCP_POLL_WRITABLE : TCP_POLL_READABLE;
		*busy |= c->runnable;
	}
	return 1 + h->nconns;
}

/* Whether a connection without progress has to go, and whether with a
 * reset (a request was under way). */
static bool idle_out(const struct httpd_conn *c, uint64_t now, bool *reset)
{
	uint64_t limit = c->st == C_DRAIN ? HTTPD_LINGER_MS : HTTPD_IDLE_MS;

	*reset = c->st == C_BODY || c->st == C_SEND ||
	         (c->st == C_HEAD && c->in_len);
	return now > c->last_ms + limit; /* last_ms may be after now */
}

/* Whether c is a slow client (see the top): its head not complete in
 * HTTPD_HEAD_MS, or its body below HTTPD_BODY_RATE on average after
 * HTTPD_BODY_GRACE_MS. */
static bool too_slow(const struct httpd_conn *c, uint64_t now)
{
	uint64_t t;

	if (c->st == C_HEAD)
		return c->head_ms && now > c->head_ms + HTTPD_HEAD_MS;
	if (c->st != C_BODY || now <= c->body_ms)
		return false;
	t = now - c->body_ms;
	return t > HTTPD_BODY_GRACE_MS &&
	       c->body_bytes * 1000 < (uint64_t)HTTPD_BODY_RATE * t;
}

/* End a slow client: 408, then close (the framing is lost). */
static void slow_out(struct httpd_conn *c)
{
	httpd_stats.slow++;
	c->in_len = 0;
	c->close_after = true;
	c->head_only = false;
	c->head_ms = 0;
	httpd_reply_error(c, 408);
	c->runnable = true;
}

/* One round after ktcp_poll: connections (walked from the end, since a
 * dropped one is replaced by the last), then new ones. */
static void httpd_round(struct httpd *h, unsigned polled)
{
	uint64_t now = now_ms();

	for (unsigned i = polled - 1; i-- > 0;) {
		struct httpd_conn *c = h->conns[i];
		unsigned rev = h->fds[1 + i].revents;
		bool reset;

		if (rev & TCP_POLL_ERROR) {
			httpd_stats.err_resets++;
			conn_drop(h, i, true);
			continue;
		}
		if (rev || c->runnable) {
			enum step s = conn_run(c);

			if (s == S_CLOSE || s == S_RESET) {
				httpd_stats.err_resets += s == S_RESET;
				conn_drop(h, i, s == S_RESET);
				continue;
			}
		}
		if (idle_out(c, now, &reset)) {
			httpd_stats.idle_resets += reset;
			conn_drop(h, i, reset);
		} else if (too_slow(c, now))
			slow_out(c);
	}
	if (h->fds[0].revents)
		httpd_accept(h);
}

static void httpd_main(void *arg)
{
	struct httpd *h = arg;

	for (;;) {
		bool busy;
		unsigned n = httpd_fill(h, &busy);

		if (ktcp_poll(h->fds, n, busy ? 0 : HTTPD_TICK_MS) < 0)
			thread_sleep_ns(HTTPD_TICK_MS *
			                1000000ull); /* ENOMEM */
		else
			httpd_round(h, n);
	}
}

int httpd_start(void)
{
	struct httpd *h = net_kmalloc(sizeof(*h));
	int rc = h ? 0 : NET_ENOMEM;

	if (h) {
		memset(h, 0, sizeof(*h));
		rc = ktcp_listen(&h->listen, HTTPD_PORT, HTTPD_BACKLOG);
	}
	if (!rc && !thread_create("httpd", httpd_main, h, PRIO_NORMAL))
		rc = NET_ENOMEM;
	if (rc && h) {
		if (h->listen)
			ktcp_close(h->listen);
		net_kfree(h);
	}
	if (rc)
		net_log("net: httpd: %s\n", net_strerror(rc));
	return rc;
}
