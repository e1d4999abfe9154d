/* SPDX-License-Identifier: MIT */
/*
 * The HTTP server's resources: requests in, responses into the
 * connection's out buffer (httpd_priv.h).
 *
 *   GET|HEAD /, /status   200 text/plain, the status page
 *   GET|HEAD /bytes?n=N   200 application/octet-stream, byte i of the
 *                         body is i % 251, N <= 2^40
 *   POST /sink            200 text/plain "bytes=N sha256=<hex>\n" of the
 *                         body (Content-Length or chunked)
 *   anything else         404 (unknown path) or 405 (known path, other
 *                         method, with Allow)
 */
#include <libk/panic.h>
#include <libk/printf.h>
#include <libk/string.h>
#include "net/httpd_priv.h"

#define PATTERN_MOD 251

enum route { R_NONE, R_STATUS, R_BYTES, R_SINK };

static const struct {
	const char *path;
	enum route route;
	const char *allow; /* the methods it takes */
} routes[] = {
    {"/", R_STATUS, "GET, HEAD"},
    {"/status", R_STATUS, "GET, HEAD"},
    {"/bytes", R_BYTES, "GET, HEAD"},
    {"/sink", R_SINK, "POST"},
};

/* Write the response head to head[0..HTTPD_HEAD_ROOM): the length. */
static size_t format_head(const struct httpd_conn *c, char *head,
                          unsigned status, const char *type, uint64_t len,
                          const char *extra)
{
	int n =
	    snprintf(head, HTTPD_HEAD_ROOM,
	             "HTTP/1.1 %u %s\r\nContent-Type: %s\r\n"
	             "Content-Length: %llu\r\n%s%s\r\n",
	             status, http_reason(status), type, (unsigned long long)len,
	             extra, c->close_after ? "Connection: close\r\n" : "");

	if (n < 0 || n >= HTTPD_HEAD_ROOM)
		panic("httpd: response head does not fit");
	return (size_t)n;
}

/* Queue head + the blen body bytes already at out[HTTPD_HEAD_ROOM..]
 * (blen is sent as Content-Length; the body itself not for HEAD), then
 * gen more pattern bytes. */
static void reply(struct httpd_conn *c, unsigned status, const char *type,
                  size_t blen, uint64_t gen, const char *extra)
{
	char head[HTTPD_HEAD_ROOM];
	size_t hlen = format_head(c, head, status, type, blen + gen, extra);

	c->src = c->out;
	c->out_off = (uint32_t)(HTTPD_HEAD_ROOM - hlen);
	memcpy(c->out + c->out_off, head, hlen);
	c->out_len = HTTPD_HEAD_ROOM + (c->head_only ? 0 : (uint32_t)blen);
	c->gen_left = c->head_only ? 0 : gen;
	c->gen_pos = 0;
	c->st = C_SEND;
	c->after_send = C_HEAD;
}

/* Text body: printf into out[HTTPD_HEAD_ROOM..], then reply. */
static void reply_text(struct httpd_conn *c, unsigned status, const char *extra,
                       const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void reply_text(struct httpd_conn *c, unsigned status, const char *extra,
                       const char *fmt, ...)
{
	char *body = (char *)c->out + HTTPD_HEAD_ROOM;
	size_t cap = HTTPD_OUT - HTTPD_HEAD_ROOM;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(body, cap, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= cap)
		panic("httpd: text body does not fit");
	reply(c, status, "text/plain", (size_t)n, 0, extra);
}

void httpd_reply_error(struct httpd_conn *c, unsigned status)
{
	char allow[64] = "";

	if (status == 405) /* RFC 9110 15.5.6: Allow is required */
		snprintf(allow, sizeof(allow), "Allow: %s\r\n", c->allow);
	reply_text(c, status, allow, "%u %s\n", status, http_reason(status));
}

/* The /bytes pattern from index 0 on, long enough that any HTTPD_OUT
 * bytes of the body are one slice of it (the pattern repeats every
 * PATTERN_MOD bytes): responses are sent straight from here. */
static uint8_t pattern[PATTERN_MOD + HTTPD_OUT];

void httpd_fill_bytes(struct httpd_conn *c)
{
	uint32_t n =
	    c->gen_left < HTTPD_OUT ? (uint32_t)c->gen_left : HTTPD_OUT;

	if (!pattern[1])
		for (size_t i = 0; i < sizeof(pattern); i++)
			pattern[i] = (uint8_t)(i % PATTERN_MOD);
	c->src = pattern + c->gen_pos % PATTERN_MOD;
	c->gen_pos += n;
	c->gen_left -= n;
	c->out_off = 0;
	c->out_len = n;
}

static void reply_status(struct httpd_conn *c)
{
	size_t n = httpd_status_text((char *)c->out + HTTPD_HEAD_ROOM,
	                             HTTPD_OUT - HTTPD_HEAD_ROOM);

	reply(c, 200, "text/plain", n, 0, "");
}

/* n from /bytes?n=N, or HTTPD_BYTES_MAX + 1 when missing or malformed. */
static uint64_t bytes_wanted(struct http_str query)
{
	uint64_t n;

	if (http_query_u64(query, "n", &n) || n > HTTPD_BYTES_MAX)
		return HTTPD_BYTES_MAX + 1;
	return n;
}

static void reply_bytes(struct httpd_conn *c)
{
	if (c->bytes_n > HTTPD_BYTES_MAX) {
		reply_text(c, 400, "",
		           "400 Bad Request: want /bytes?n=N, "
		           "N <= 2^40\n");
		return;
	}
	reply(c, 200, "application/octet-stream", 0, c->bytes_n, "");
}

/* Answer a request whose body, if it had one, is all in: the pending
 * error status, or what its route serves. */
static void answer(struct httpd_conn *c)
{
	if (c->reply)
		httpd_reply_error(c, c->reply);
	else if (c->route == R_STATUS)
		reply_status(c);
	else
		reply_bytes(c);
}

void httpd_body_data(struct httpd_conn *c, const uint8_t *p, size_t n)
{
	c->body_bytes += n;
	if (c->sink)
		sha256_update(&c->sha, p, n);
}

void httpd_body_done(struct httpd_conn *c)
{
	uint8_t d[SHA256_DIGEST_SIZE];
	char hex[SHA256_HEX_SIZE];

	if (!c->sink) {
		answer(c); /* a body nobody wanted was dropped */
		return;
	}
	sha256_final(&c->sha, d);
	sha256_hex(d, hex);
	reply_text(c, 200, "", "bytes=%llu sha256=%s\n",
	           (unsigned long long)c->body_bytes, hex);
}

/* RFC 9110 10.1.1: a client waiting for 100 Continue before the body. */
static bool wants_continue(const struct httpd_conn *c, size_t head_len)
{
	struct http_header h;
	size_t pos = 0;

	while (http_header_next((const char *)c->in, head_len, &pos, &h))
		if (http_str_ieq(h.name, "expect") &&
		    http_str_ieq(h.value, "100-continue"))
			return true;
	return false;
}

/* Read the body before answering c->reply (sink: hash it, else
 * discard it). Too large a body is refused at once, and the connection
 * closes since the body is not read. */
static void read_body(struct httpd_conn *c, const struct http_request *r)
{
	uint64_t max = c->sink ? HTTPD_BYTES_MAX : HTTPD_DISCARD_MAX;
	static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";

	if (r->content_length > max) {
		c->close_after = true;
		httpd_reply_error(c, 413);
		return;
	}
	c->chunked = r->chunked;
	c->body_left = r->content_length;
	c->body_bytes = 0;
	http_chunked_init(&c->ch);
	if (c->sink)
		sha256_init(&c->sha);
	c->st = C_BODY;
	if (!wants_continue(c, r->head_len) || r->version == 10)
		return;
	memcpy(c->out, cont, sizeof(cont) - 1);
	c->src = c->out;
	c->out_off = 0;
	c->out_len = sizeof(cont) - 1;
	c->gen_left = 0;
	c->st = C_SEND;
	c->after_send = C_BODY;
}

static unsigned route_of(struct http_str path, const char **allow)
{
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (http_str_eq(path, routes[i].path)) {
			*allow = routes[i].allow;
			return routes[i].route;
		}
	return R_NONE;
}

/* Which status a request gets before its body is looked at: 0 when
 * the route serves it. */
static unsigned check_method(enum route rt, const struct http_request *r)
{
	bool get =
	    http_str_eq(r->method, "GET") || http_str_eq(r->method, "HEAD");

	if (rt == R_NONE)
		return 404;
	if (rt == R_SINK ? !http_str_eq(r->method, "POST") : !get)
		return 405;
	return 0;
}

void httpd_request(struct httpd_conn *c, const struct http_request *r)
{
	const char *allow = "";
	enum route rt = route_of(r->path, &allow);
	unsigned status = check_method(rt, r);
	bool body = r->chunked || r->content_length;

	c->head_only = http_str_eq(r->method, "HEAD");
	c->close_after = !r->keep_alive;
	c->sink = !status && rt == R_SINK;
	c->reply = status;
	c->route = rt;
	c->bytes_n = rt == R_BYTES ? bytes_wanted(r->query) : 0;
	c->allow = allow;
	if (c->sink || body)
		read_body(c, r); /* answer() once it is in */
	else
		answer(c);
}
