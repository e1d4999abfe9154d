/* SPDX-License-Identifier: MIT */
/*
 * The kernel's HTTP server (kernel/net/httpd.c, httpd_req.c) on the host:
 * its event loop is driven by hand over two simulated stacks (server on
 * B, clients on A), with ktcp's calls done as non-blocking tcp_sock
 * calls (every wait here has timeout 0 or is a poll). The clock moves
 * 1 ms per reading, so progress made during a round is newer than the
 * round's start (the idle check once dropped such connections).
 *
 * Checked: pipelined GET + chunked POST + 404 on one connection, bodies
 * byte-exact, 100 Continue, HEAD, parse errors closing, the idle
 * timeout, more clients than connection slots, slow clients (a head
 * dribbled a byte at a time, a slow body, many of them at once while
 * others are served), the per-address cap, and that every connection's
 * memory is freed.
 */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#pragma clang diagnostic ignored "-Wunused-function" /* tcp_simpair.h */
#include "tcp/tcp_simpair.h"
#include <libk/sha256.h>

#define panic libk_panic
#include "../../../kernel/net/httpd.c"
#include "../../../kernel/net/httpd_req.c"
#include "../../../kernel/net/svc_limit.c"

/* ---- what httpd needs from the kernel, over the simulated stack B ---- */

static long live_blocks;

void *net_kmalloc(size_t n)
{
	live_blocks++;
	return malloc(n);
}

void net_kfree(void *p)
{
	if (p)
		live_blocks--;
	free(p);
}

uint64_t time_ns(void)
{
	sim_now++;
	return sim_now * 1000000u;
}

void net_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

struct thread *thread_create(const char *name, thread_fn fn, void *arg,
                             unsigned prio)
{
	(void)name, (void)fn, (void)arg, (void)prio;
	return NULL;
}

void thread_sleep_ns(uint64_t ns)
{
	(void)ns;
}

struct httpd_stats httpd_stats;

size_t httpd_status_text(char *buf, size_t cap)
{
	return (size_t)snprintf(buf, cap, "uptime_ms: %llu\n",
	                        (unsigned long long)sim_now);
}

static long again(int rc)
{
	return rc == NET_EAGAIN ? NET_ETIMEDOUT : rc;
}

int ktcp_listen(struct tcp_sock **out, uint16_t port, unsigned backlog)
{
	*out = listener(sb, port, backlog);
	return 0;
}

int ktcp_accept(struct tcp_sock *l, struct tcp_sock **out, uint32_t ms)
{
	(void)ms;
	return (int)again(tcp_accept(l, out));
}

long ktcp_send(struct tcp_sock *t, const void *buf, size_t len, uint32_t ms)
{
	size_t sent = 0;
	int rc = 0;

	(void)ms;
	while (sent < len &&
	       (rc = tcp_send(t, (const uint8_t *)buf + sent, len - sent)) > 0)
		sent += (size_t)rc;
	return sent ? (long)sent : again(rc);
}

long ktcp_recv(struct tcp_sock *t, void *buf, size_t len, uint32_t ms)
{
	(void)ms;
	return again(tcp_recv(t, buf, len));
}

int ktcp_shutdown(struct tcp_sock *t)
{
	return tcp_shutdown(t);
}

ip4_addr_t ktcp_peer(struct tcp_sock *t)
{
	struct tcp_sock_info i;

	tcp_sock_info(t, &i);
	return i.raddr;
}

void ktcp_close(struct tcp_sock *t)
{
	tcp_close(t);
}

void ktcp_abort(struct tcp_sock *t)
{
	tcp_abort(t);
}

/* ktcp.h's rules: ERROR always counts, HUP only with READABLE. */
int ktcp_poll(struct ktcp_pollfd *fds, unsigned n, uint32_t ms)
{
	int ready = 0;

	(void)ms;
	for (unsigned i = 0; i < n; i++) {
		unsigned want = fds[i].events | TCP_POLL_ERROR;

		if (fds[i].events & TCP_POLL_READABLE)
			want |= TCP_POLL_HUP;
		fds[i].revents = fds[i].sock ? tcp_poll(fds[i].sock) & want : 0;
		ready += fds[i].revents != 0;
	}
	return ready;
}

/* ---- the test world ---- */

#define PORT     80
#define RECV_MAX (1u << 20)

static struct httpd *srv;

static void server_up(void)
{
	pair_up();
	srv = calloc(1, sizeof(*srv));
	CHECK_EQ(ktcp_listen(&srv->listen, PORT, HTTPD_BACKLOG), 0);
}

/* One server round, then the wire. */
static void round_once(void)
{
	bool busy;
	unsigned n = httpd_fill(srv, &busy);

	ktcp_poll(srv->fds, n, 0);
	httpd_round(srv, n);
	pump();
}

struct client {
	struct tcp_sock *t;
	const char *pending; /* a request to send once connected */
	uint8_t *got;
	size_t len;
	bool eof, reset;
};

static void client_open(struct client *c)
{
	memset(c, 0, sizeof(*c));
	c->t = tcp_open(sa);
	CHECK(c->t != NULL);
	CHECK_EQ(tcp_connect(c->t, B_IP, PORT), NET_EINPROGRESS);
	c->got = malloc(RECV_MAX);
	pump();
}

static void client_send(struct client *c, const void *p, size_t n)
{
	CHECK_EQ(tcp_send(c->t, p, n), (int)n);
	pump();
}

static void client_read(struct client *c)
{
	int rc;

	if (c->pending && (tcp_poll(c->t) & TCP_POLL_WRITABLE)) {
		client_send(c, c->pending, strlen(c->pending));
		c->pending = NULL;
	}
	while (!c->eof && !c->reset && c->len < RECV_MAX &&
	       (rc = tcp_recv(c->t, c->got + c->len, RECV_MAX - c->len)) !=
	           NET_EAGAIN) {
		if (rc > 0)
			c->len += (size_t)rc;
		else if (rc == 0)
			c->eof = true;
		else
			c->reset = true;
	}
}

/* Run server and clients for `rounds` rounds (with a clock tick every
 * tenth, for the stacks' timers). */
static void run(struct client *cs, unsigned n, unsigned rounds)
{
	for (unsigned r = 0; r < rounds; r++) {
		round_once();
		for (unsigned i = 0; i < n; i++)
			client_read(&cs[i]);
		if (r % 10 == 9)
			tick();
	}
}

static void client_done(struct client *c)
{
	tcp_close(c->t);
	free(c->got);
}

/* Drop every server connection and the listener, then the stacks. */
static void server_down(void)
{
	run(NULL, 0, 50);
	while (srv->nconns)
		conn_drop(srv, srv->nconns - 1, true);
	tcp_close(srv->listen);
	free(srv);
	CHECK_EQ(live_blocks, 0);
	advance(300000); /* TIME-WAIT and orphans go */
	pair_down();
}

/* The response starting at *off in c->got: its status and body (the
 * body from Content-Length). Moves *off past it. */
static unsigned next_response(const struct client *c, size_t *off,
                              const uint8_t **body, size_t *blen)
{
	struct http_response r;
	int rc =
	    http_parse_response((const char *)c->got + *off, c->len - *off, &r);

	CHECK_EQ(rc, 0);
	if (rc)
		return 0;
	*body = c->got + *off + r.head_len;
	*blen = r.content_length;
	CHECK(*off + r.head_len + *blen <= c->len);
	*off += r.head_len + *blen;
	return r.status;
}

static bool is_pattern(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (uint8_t)(i % 251))
			return false;
	return true;
}

static const char pipelined[] =
    "GET /bytes?n=70000 HTTP/1.1\r\nHost: t\r\n\r\n"
    "POST /sink HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
    "2\r\nab\r\n1\r\nc\r\n0\r\n\r\n"
    "HEAD /bytes?n=9 HTTP/1.1\r\nHost: t\r\n\r\n"
    "DELETE /sink HTTP/1.1\r\nHost: t\r\n\r\n"
    "GET /nope HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";

static void test_pipelined(void)
{
	struct client c;
	const uint8_t *body;
	size_t off = 0, blen;

	server_up();
	client_open(&c);
	client_send(&c, pipelined, sizeof(pipelined) - 1);
	run(&c, 1, 400);
	CHECK(c.eof && !c.reset);
	CHECK_EQ(next_response(&c, &off, &body, &blen), 200);
	CHECK_EQ(blen, 70000);
	CHECK(is_pattern(body, blen));
	CHECK_EQ(next_response(&c, &off, &body, &blen), 200);
	CHECK(blen > 10 &&
	      !memcmp(body, "bytes=3 sha256=ba7816bf8f01cfea", 31));
	/* HEAD: Content-Length 9, no body follows */
	CHECK(!memcmp(c.got + off, "HTTP/1.1 200 OK", 15));
	CHECK_EQ(next_response(&c, &off, &body, &blen), 200);
	off -= blen;
	CHECK_EQ(next_response(&c, &off, &body, &blen), 405);
	CHECK(memmem(c.got, c.len, "Allow: POST\r\n", 13) != NULL);
	CHECK_EQ(next_response(&c, &off, &body, &blen), 404);
	CHECK_EQ(off, c.len);
	CHECK_EQ(httpd_stats.requests, 5);
	client_done(&c);
	server_down();
}

/* A sink body that waits for 100 Continue, in many small pieces. */
static void test_continue(void)
{
	static const char head[] = "POST /sink HTTP/1.1\r\nHost: t\r\n"
	                           "Expect: 100-continue\r\n"
	                           "Content-Length: 100000\r\n\r\n";
	static uint8_t data[100000];
	uint8_t d[SHA256_DIGEST_SIZE];
	char want[120], hex[SHA256_HEX_SIZE];
	const uint8_t *body;
	size_t off = 0, blen;
	struct client c;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + (i >> 9));
	sha256(d, data, sizeof(data));
	sha256_hex(d, hex);
	snprintf(want, sizeof(want), "bytes=100000 sha256=%s\n", hex);
	server_up();
	client_open(&c);
	client_send(&c, head, sizeof(head) - 1);
	run(&c, 1, 20);
	CHECK_EQ(next_response(&c, &off, &body, &blen), 100);
	for (size_t at = 0; at < sizeof(data); at += 1000) {
		client_send(&c, data + at, 1000);
		run(&c, 1, 3);
	}
	run(&c, 1, 50);
	CHECK_EQ(next_response(&c, &off, &body, &blen), 200);
	CHECK(blen == strlen(want) && !memcmp(body, want, blen));
	CHECK(!c.eof); /* keep-alive */
	client_done(&c);
	server_down();
}

/* Parse errors answer and close; HTTP/1.0 closes. */
static void test_errors_close(void)
{
	static const struct {
		const char *req;
		unsigned status;
	} v[] = {
	    {"\x01\x02 junk\r\n\r\n", 400},
	    {"GET / HTTP/1.1\r\n\r\n", 400},
	    {"GET / HTTP/3.0\r\nHost: t\r\n\r\n", 505},
	    {"GET /bytes?n=1 HTTP/1.0\r\n\r\n", 200},
	    {"POST /sink HTTP/1.1\r\nHost: t\r\nContent-Length: 1099511627777"
	     "\r\n\r\n",
	     413},
	};
	const uint8_t *body;
	size_t blen;

	server_up();
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct client c;
		size_t off = 0;

		client_open(&c);
		client_send(&c, v[i].req, strlen(v[i].req));
		run(&c, 1, 60);
		CHECK_EQ(next_response(&c, &off, &body, &blen), v[i].status);
		CHECK(c.eof);
		client_done(&c);
	}
	/* 8 KiB of head without its end: 431 */
	struct client c;
	static char big[HTTPD_IN + 100];
	size_t off = 0;

	memset(big, 'a', sizeof(big));
	memcpy(big, "GET /", 5);
	client_open(&c);
	client_send(&c, big, sizeof(big));
	run(&c, 1, 60);
	CHECK_EQ(next_response(&c, &off, &body, &blen), 431);
	client_done(&c);
	server_down();
}

/* A silent connection goes after HTTPD_IDLE_MS, not before. */
static void test_idle(void)
{
	struct client c;

	server_up();
	client_open(&c);
	run(&c, 1, 5);
	CHECK_EQ(srv->nconns, 1);
	sim_now += HTTPD_IDLE_MS - 1000;
	run(&c, 1, 2);
	CHECK_EQ(srv->nconns, 1);
	CHECK(!c.eof);
	sim_now += 2000;
	run(&c, 1, 5);
	CHECK_EQ(srv->nconns, 0);
	CHECK(c.eof);
	client_done(&c);
	server_down();
}

/* How many of cs[0..n) got a whole 200 with a pattern body of want
 * bytes, then the end of stream; all are done with afterwards. */
static unsigned served(struct client *cs, unsigned n, size_t want)
{
	unsigned ok = 0;

	for (unsigned i = 0; i < n; i++) {
		const uint8_t *body;
		size_t off = 0, blen;

		if (cs[i].eof &&
		    next_response(&cs[i], &off, &body, &blen) == 200 &&
		    blen == want && is_pattern(body, blen))
			ok++;
		client_done(&cs[i]);
	}
	return ok;
}

/* More clients than connection slots: all get their answer. */
static void test_many(void)
{
	enum { N = HTTPD_MAX_CONNS + 16 };
	static struct client cs[N];
	static const char req[] = "GET /bytes?n=5000 HTTP/1.1\r\nHost: t\r\n"
	                          "Connection: close\r\n\r\n";
	unsigned old_cap = svc_per_src_max;

	svc_per_src_max = 0; /* every client here is 10.0.0.2 */
	server_up();
	for (unsigned i = 0; i < N; i++) {
		client_open(&cs[i]);
		cs[i].pending = req;
	}
	run(cs, N, 3000);
	CHECK_EQ(served(cs, N, 5000), N);
	CHECK_EQ(httpd_stats.conns, 0);
	svc_per_src_max = old_cap;
	server_down();
}

/* Regression (issue 12, defect 5): a GET or HEAD with a body on a route
 * that serves it was answered "HTTP/1.1 0" (the pending status was 0).
 * The body is read and dropped, then the route answers as usual. */
static const char get_with_body[] =
    "GET /bytes?n=5 HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nxyz"
    "HEAD /status HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
    "1\r\nq\r\n0\r\n\r\n"
    "GET /bytes?n=oops HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\nz"
    "GET /nope HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n"
    "Connection: close\r\n\r\nzz";

static void test_get_with_body(void)
{
	struct client c;
	const uint8_t *body;
	size_t off = 0, blen;

	server_up();
	client_open(&c);
	client_send(&c, get_with_body, sizeof(get_with_body) - 1);
	run(&c, 1, 400);
	CHECK(c.eof && !c.reset);
	CHECK(memmem(c.got, c.len, "HTTP/1.1 0", 10) == NULL);
	CHECK_EQ(next_response(&c, &off, &body, &blen), 200);
	CHECK_EQ(blen, 5);
	CHECK(is_pattern(body, blen));
	/* HEAD /status: 200 with a length, and no body follows */
	CHECK(!memcmp(c.got + off, "HTTP/1.1 200 OK", 15));
	CHECK_EQ(next_response(&c, &off, &body, &blen), 200);
	off -= blen;
	CHECK_EQ(next_response(&c, &off, &body, &blen), 400);
	CHECK_EQ(next_response(&c, &off, &body, &blen), 404);
	CHECK_EQ(off, c.len);
	client_done(&c);
	server_down();
}

/* Regression (issue 12): one client sending a head byte every 29 s held
 * its slot for ever (each byte was progress for the 30 s idle rule).
 * Now the whole head must come within HTTPD_HEAD_MS: it gets 408 and the
 * connection closes. */
static void test_head_trickle(void)
{
	static const char head[] = "GET /bytes?n=5 HTTP/1.1\r\nHost: t\r\n";
	struct client c;
	const uint8_t *body;
	size_t off = 0, blen;
	uint64_t slow = httpd_stats.slow;

	server_up();
	client_open(&c);
	tcp_set_nodelay(c.t, true); /* each byte leaves at once */
	run(&c, 1, 3);
	CHECK_EQ(srv->nconns, 1);
	for (unsigned i = 0; i < sizeof(head) - 1 && srv->nconns; i++) {
		client_send(&c, head + i, 1);
		run(&c, 1, 3);
		sim_now += 29000;
		run(&c, 1, 3);
	}
	run(&c, 1, 50);
	CHECK_EQ(srv->nconns, 0);
	CHECK_EQ(httpd_stats.slow, slow + 1);
	CHECK(c.eof);
	CHECK_EQ(next_response(&c, &off, &body, &blen), 408);
	client_done(&c);
	server_down();
}

/* Slowloris: 40 connections each dribbling head bytes (one every 2 s);
 * meanwhile other clients are served (slots allow 64). After
 * HTTPD_HEAD_MS every slow one has had its 408 and is gone, its slot
 * free again. */
static void test_slowloris(void)
{
	enum { SLOW = 40, FAST = 5 }; /* FAST: one per 2 s step, < 6 steps */
	static struct client sl[SLOW], fast[FAST];
	static const char req[] = "GET /bytes?n=100 HTTP/1.1\r\nHost: t\r\n"
	                          "Connection: close\r\n\r\n";
	static const char drip[] = "GET / HTTP/1.1\r\nX: y";
	unsigned old_cap = svc_per_src_max;
	uint64_t start;

	svc_per_src_max = 0; /* every client here is 10.0.0.2 */
	server_up();
	for (unsigned i = 0; i < SLOW; i++)
		client_open(&sl[i]);
	run(sl, SLOW, 5);
	CHECK_EQ(srv->nconns, SLOW);
	start = sim_now;
	for (unsigned step = 0; sim_now < start + HTTPD_HEAD_MS + 3000;
	     step++) {
		for (unsigned i = 0; i < SLOW; i++)
			if (!sl[i].eof && !sl[i].reset)
				tcp_send(sl[i].t, &drip[step % 20], 1);
		if (step < FAST) {
			client_open(&fast[step]);
			fast[step].pending = req;
		}
		run(sl, SLOW, 3);
		run(fast, step < FAST ? step + 1 : FAST, 20);
		sim_now += 2000;
	}
	run(sl, SLOW, 100);
	run(fast, FAST, 100);
	CHECK_EQ(served(fast, FAST, 100), FAST);
	CHECK_EQ(srv->nconns, 0);
	for (unsigned i = 0; i < SLOW; i++) {
		CHECK(sl[i].eof || sl[i].reset);
		client_done(&sl[i]);
	}
	CHECK(httpd_stats.slow >= SLOW);
	svc_per_src_max = old_cap;
	server_down();
}

/* A body below HTTPD_BODY_RATE after the grace period: 408, closed; one
 * at twice the rate completes. */
static void test_body_rate(void)
{
	static const char head[] = "POST /sink HTTP/1.1\r\nHost: t\r\n"
	                           "Content-Length: 40000\r\n\r\n";
	static uint8_t chunk[2 * HTTPD_BODY_RATE];
	struct client slow, ok;
	const uint8_t *body;
	size_t off = 0, blen;

	memset(chunk, 'z', sizeof(chunk));
	server_up();
	client_open(&slow);
	client_open(&ok);
	client_send(&slow, head, sizeof(head) - 1);
	client_send(&ok, head, sizeof(head) - 1);
	struct client both[2] = {slow, ok};
	for (unsigned s = 0; s < 20; s++) {
		run(both, 2, 3);
		if (!both[0].eof && !both[0].reset)
			tcp_send(both[0].t, chunk, HTTPD_BODY_RATE / 2);
		tcp_send(both[1].t, chunk, sizeof(chunk));
		run(both, 2, 3);
		sim_now += 1000;
	}
	run(both, 2, 100);
	CHECK(both[0].eof);
	CHECK_EQ(next_response(&both[0], &off, &body, &blen), 408);
	off = 0;
	CHECK_EQ(next_response(&both[1], &off, &body, &blen), 200);
	CHECK_EQ(srv->nconns, 1); /* the good one, kept alive */
	client_done(&both[0]);
	client_done(&both[1]);
	server_down();
}

/* At most svc_per_src_max connections from one address: the next are
 * reset at accept and counted; a slot comes back when one closes. */
static void test_per_source(void)
{
	enum { N = 6 };
	static struct client cs[N + 1];
	unsigned old_cap = svc_per_src_max, reset = 0;
	uint64_t refused = httpd_stats.src_refused;

	svc_per_src_max = 4;
	server_up();
	for (unsigned i = 0; i < N; i++)
		client_open(&cs[i]);
	run(cs, N, 20);
	CHECK_EQ(srv->nconns, 4);
	CHECK_EQ(httpd_stats.src_refused, refused + 2);
	for (unsigned i = 0; i < N; i++)
		reset += cs[i].reset;
	CHECK_EQ(reset, 2);
	tcp_close(cs[0].t);
	cs[0].t = tcp_open(sa); /* for client_done */
	run(cs + 1, N - 1, 50);
	CHECK_EQ(srv->nconns, 3);
	client_open(&cs[N]);
	run(&cs[N], 1, 20);
	CHECK_EQ(srv->nconns, 4);
	CHECK(!cs[N].reset);
	for (unsigned i = 0; i <= N; i++)
		client_done(&cs[i]);
	svc_per_src_max = old_cap;
	server_down();
}

int main(void)
{
	test_pipelined();
	test_get_with_body();
	test_continue();
	test_errors_close();
	test_idle();
	test_many();
	test_head_trickle();
	test_slowloris();
	test_body_rate();
	test_per_source();
	return test_finish();
}
