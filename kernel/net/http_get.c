/* SPDX-License-Identifier: MIT */
/*
 * The shell's `get URL`: an HTTP/1.1 GET over ktcp with Connection:
 * close. Prints the status line and the header fields as received, then
 * "<N> bytes in <T> ms": the body is counted (chunks decoded), not
 * printed. T runs from the connect to the end of the body.
 */
#include <libk/printf.h>
#include <libk/string.h>
#include <net/http.h>
#include "net/ktcp.h"
#include "net/net_platform.h"
#include "net/net_sock.h"
#include "shell/shell.h"
#include "time/time.h"

#define GET_BUF        (16u * 1024)
#define GET_CONNECT_MS 10000
#define GET_IO_MS      30000 /* per send or receive */
#define GET_REQ_MAX    (GET_BUF / 2)

struct get {
	struct tcp_sock *t;
	uint8_t *buf;
	size_t have;   /* bytes in buf */
	uint64_t body; /* body bytes counted */
};

/* Read more into g->buf: > 0 bytes, 0 at the end of stream, NET_E*. */
static long get_recv(struct get *g)
{
	long n =
	    ktcp_recv(g->t, g->buf + g->have, GET_BUF - g->have, GET_IO_MS);

	if (n > 0)
		g->have += (size_t)n;
	return n;
}

static int say(const char *what, int err)
{
	sh_printf("get: %s: %s\n", what, net_strerror(err));
	return 1;
}

/* Read until a final (non-1xx) response head parses. 0 or prints why. */
static int read_head(struct get *g, struct http_response *r)
{
	for (;;) {
		int rc = http_parse_response((const char *)g->buf, g->have, r);
		long n;

		if (!rc && r->status >= 200) /* 1xx: interim, skip it */
			return 0;
		if (!rc) {
			memmove(g->buf, g->buf + r->head_len,
			        g->have - r->head_len);
			g->have -= r->head_len;
			continue;
		}
		if (rc != HTTP_EINCOMPLETE) {
			sh_printf("get: bad response: %s\n", http_strerror(rc));
			return 1;
		}
		n = get_recv(g);
		if (n <= 0)
			return say("reading the response",
			           n ? (int)n : NET_ECONNRESET);
	}
}

static void print_head(const struct get *g, const struct http_response *r)
{
	const char *head = (const char *)g->buf;
	struct http_header h;
	size_t pos = 0;

	sh_printf("%.*s\n", (int)r->status_line_len, head);
	while (http_header_next(head, r->head_len, &pos, &h))
		sh_printf("%.*s: %.*s\n", (int)h.name.n, h.name.p,
		          (int)h.value.n, h.value.p);
}

/* Count a chunked body; g->buf holds g->have bytes of it so far. */
static int count_chunked(struct get *g)
{
	struct http_chunked ch;

	http_chunked_init(&ch);
	for (;;) {
		size_t data, used;
		int rc =
		    http_chunked_decode(&ch, g->buf, g->have, &data, &used);
		long n;

		g->body += data;
		g->have = 0; /* the decoder took it all (or the body ended) */
		if (rc < 0) {
			sh_printf("get: %s\n", http_strerror(rc));
			return 1;
		}
		if (rc == 1)
			return 0;
		n = get_recv(g);
		if (n <= 0)
			return say("connection ended inside the body",
			           n ? (int)n : NET_ECONNRESET);
	}
}

/* Count a body of `len` bytes, or (until_close) up to the end. */
static int count_plain(struct get *g, uint64_t len, bool until_close)
{
	for (;;) {
		long n;

		g->body += g->have;
		g->have = 0;
		if (!until_close && g->body >= len) {
			g->body = len; /* extra bytes are not the body */
			return 0;
		}
		n = get_recv(g);
		if (n == 0 && until_close)
			return 0;
		if (n <= 0) {
			sh_printf("get: connection ended after %llu of %llu "
			          "body bytes\n",
			          (unsigned long long)g->body,
			          (unsigned long long)len);
			return n ? say("reading the body", (int)n) : 1;
		}
	}
}

static int read_body(struct get *g, const struct http_response *r)
{
	memmove(g->buf, g->buf + r->head_len, g->have - r->head_len);
	g->have -= r->head_len;
	switch (http_body_kind(r, false)) {
	case HTTP_BODY_NONE:
		return 0;
	case HTTP_BODY_CHUNKED:
		return count_chunked(g);
	case HTTP_BODY_LENGTH:
		return count_plain(g, r->content_length, false);
	default:
		return count_plain(g, 0, true);
	}
}

/* The request into g->buf: its length, 0 if it does not fit. */
static size_t format_request(struct get *g, const struct http_url *u)
{
	char port[8] = "";
	int n;

	if (u->port != 80)
		snprintf(port, sizeof(port), ":%u", u->port);
	n = snprintf((char *)g->buf, GET_REQ_MAX,
	             "GET %.*s HTTP/1.1\r\nHost: %s%s\r\nUser-Agent: tern-get"
	             "\r\nAccept: */*\r\nConnection: close\r\n\r\n",
	             (int)u->path.n, u->path.p, u->host, port);
	return n > 0 && n < (int)GET_REQ_MAX ? (size_t)n : 0;
}

/* Connect, ask, read the answer. */
static int get_run(struct get *g, const struct http_url *u, ip4_addr_t dst)
{
	struct http_response r;
	char a[IP4_STR_MAX], what[48];
	size_t len = format_request(g, u);
	long rc;

	if (!len) {
		sh_printf("get: URL too long\n");
		return 1;
	}
	snprintf(what, sizeof(what), "connect to %s:%u", ip4_format(dst, a),
	         u->port);
	rc = ktcp_connect(&g->t, dst, u->port, GET_CONNECT_MS);
	if (rc)
		return say(what, (int)rc);
	rc = ktcp_send(g->t, g->buf, len, GET_IO_MS);
	if (rc != (long)len)
		return say("sending the request",
		           rc < 0 ? (int)rc : NET_ETIMEDOUT);
	if (read_head(g, &r))
		return 1;
	print_head(g, &r);
	return read_body(g, &r);
}

static int cmd_get(int argc, char **argv)
{
	struct get g = {0};
	struct http_url u;
	ip4_addr_t dst;
	uint64_t t0;
	int rc;

	(void)argc;
	rc = http_parse_url(argv[1], strlen(argv[1]), &u);
	if (rc) {
		sh_printf("get: %s: %s\n", argv[1], http_strerror(rc));
		return 1;
	}
	rc = knet_resolve(u.host, &dst, 5000);
	if (rc)
		return say(u.host, rc);
	g.buf = net_kmalloc(GET_BUF);
	if (!g.buf)
		return say("buffer", NET_ENOMEM);
	t0 = time_ns();
	rc = get_run(&g, &u, dst);
	if (!rc)
		sh_printf("%llu bytes in %llu ms\n", (unsigned long long)g.body,
		          (unsigned long long)((time_ns() - t0) / 1000000u));
	if (g.t)
		ktcp_close(g.t);
	net_kfree(g.buf);
	return rc;
}
SHELL_CMD(get, "URL", "HTTP GET: status, headers, body size and time", 1, 1,
          cmd_get);
