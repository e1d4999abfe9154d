/* SPDX-License-Identifier: MIT */
/*
 * net/http_msg.c: request heads (fields, framing, pipelining, every
 * prefix incomplete, limits, each error), response heads, header
 * iteration, chunked decoding fed in every split, queries and URLs.
 */
#include <net/http.h>
#include "../test.h"

#define S(lit) lit, sizeof(lit) - 1

static int req(const char *s, struct http_request *r)
{
	return http_parse_request(s, strlen(s), r);
}

static bool str_is(struct http_str s, const char *w)
{
	return s.n == strlen(w) && !memcmp(s.p, w, s.n);
}

static void test_request_basic(void)
{
	const char *s = "GET /bytes?n=10&x=1 HTTP/1.1\r\nHost: tern:80\r\n"
	                "User-Agent: t\r\nContent-Length: 0\r\n\r\nNEXT";
	struct http_request r;

	CHECK_EQ(req(s, &r), 0);
	CHECK(str_is(r.method, "GET"));
	CHECK(str_is(r.target, "/bytes?n=10&x=1"));
	CHECK(str_is(r.path, "/bytes"));
	CHECK(str_is(r.query, "n=10&x=1"));
	CHECK(str_is(r.host, "tern:80"));
	CHECK_EQ(r.version, 11);
	CHECK_EQ(r.nheaders, 3);
	CHECK(r.has_length);
	CHECK_EQ(r.content_length, 0);
	CHECK(!r.chunked);
	CHECK(r.keep_alive);
	CHECK_EQ(r.head_len, strlen(s) - 4);
	/* Every shorter prefix is incomplete, never an error. */
	for (size_t n = 0; n < r.head_len; n++)
		CHECK_EQ(http_parse_request(s, n, &r), HTTP_EINCOMPLETE);
}

/* Two requests back to back, bare LF line ends, leading empty lines. */
static void test_request_pipelined(void)
{
	const char *s = "\r\n\nPOST /sink HTTP/1.1\nHost: a\nContent-Length: "
	                "5\n\nhelloGET / HTTP/1.0\r\n\r\n";
	struct http_request r;
	size_t off;

	CHECK_EQ(req(s, &r), 0);
	CHECK(str_is(r.method, "POST"));
	CHECK(str_is(r.path, "/sink"));
	CHECK_EQ(r.content_length, 5);
	off = r.head_len + 5;
	CHECK(!memcmp(s + r.head_len, "hello", 5));
	CHECK_EQ(req(s + off, &r), 0);
	CHECK(str_is(r.path, "/"));
	CHECK_EQ(r.query.n, 0);
	CHECK_EQ(r.version, 10);
	CHECK(!r.keep_alive);
	CHECK_EQ(r.host.n, 0);
	CHECK_EQ(off + r.head_len, strlen(s));
}

static void test_request_forms(void)
{
	struct http_request r;

	CHECK_EQ(req("GET http://x:8/a/b?q=1 HTTP/1.1\r\nHost: x\r\n\r\n", &r),
	         0);
	CHECK(str_is(r.path, "/a/b"));
	CHECK(str_is(r.query, "q=1"));
	CHECK_EQ(req("GET http://x?q HTTP/1.1\r\nHost: x\r\n\r\n", &r), 0);
	CHECK(str_is(r.path, "/"));
	CHECK(str_is(r.query, "q"));
	CHECK_EQ(req("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", &r), 0);
	CHECK(str_is(r.path, "*"));
	CHECK_EQ(req("GET / HTTP/1.1\r\nHost: x\r\nConnection: foo, ClOsE\r\n"
	             "\r\n",
	             &r),
	         0);
	CHECK(!r.keep_alive);
	CHECK_EQ(
	    req("GET / HTTP/1.9\r\nHost: x\r\nX:\r\nY:  a b \t\r\n\r\n", &r),
	    0);
	CHECK_EQ(r.version, 11);
	CHECK_EQ(req("POST /sink HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
	             "Chunked\r\n\r\n",
	             &r),
	         0);
	CHECK(r.chunked);
	CHECK(!r.has_length);
	CHECK_EQ(req("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n"
	             "content-length: 7\r\n\r\n",
	             &r),
	         0);
	CHECK_EQ(r.content_length, 7);
}

static void test_request_errors(void)
{
	static const struct {
		const char *in;
		int err;
	} v[] = {
	    {"GET / HTTP/1.1\r\n\r\n", HTTP_EHOST},
	    {"GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", HTTP_EHOST},
	    {"GET / HTTP/1.1\r\nHost: a b\r\n\r\n", HTTP_EHOST},
	    {"GET  / HTTP/1.1\r\nHost: a\r\n\r\n", HTTP_EMALFORMED},
	    {"GET / HTTP/1.1 \r\nHost: a\r\n\r\n", HTTP_EMALFORMED},
	    {"GET /\r\nHost: a\r\n\r\n", HTTP_EMALFORMED},
	    {"G(T / HTTP/1.1\r\nHost: a\r\n\r\n", HTTP_EMALFORMED},
	    {" / HTTP/1.1\r\nHost: a\r\n\r\n", HTTP_EMALFORMED},
	    {"GET x HTTP/1.1\r\nHost: a\r\n\r\n", HTTP_EMALFORMED},
	    {"GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n", HTTP_EMALFORMED},
	    {"GET /\x01 HTTP/1.1\r\nHost: a\r\n\r\n", HTTP_EMALFORMED},
	    {"GET / http/1.1\r\nHost: a\r\n\r\n", HTTP_EMALFORMED},
	    {"GET / HTTP/1.1\r\nHost : a\r\n\r\n", HTTP_EMALFORMED},
	    {"GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", HTTP_EMALFORMED},
	    {"GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", HTTP_EMALFORMED},
	    {"GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n", HTTP_EMALFORMED},
	    {"GET / HTTP/2.0\r\nHost: a\r\n\r\n", HTTP_EVERSION},
	    {"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n",
	     HTTP_ELENGTH},
	    {"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n",
	     HTTP_ELENGTH},
	    {"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 1\r\n\r\n",
	     HTTP_ELENGTH},
	    {"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: \r\n\r\n",
	     HTTP_ELENGTH},
	    {"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: "
	     "18446744073709551616\r\n\r\n",
	     HTTP_ELENGTH},
	    {"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
	     "Content-Length: 2\r\n\r\n",
	     HTTP_ELENGTH},
	    {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
	     "Transfer-Encoding: chunked\r\n\r\n",
	     HTTP_ELENGTH},
	    {"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
	     HTTP_ELENGTH},
	    {"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n",
	     HTTP_ECODING},
	    {"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
	     "Transfer-Encoding: chunked\r\n\r\n",
	     HTTP_ECODING},
	};
	struct http_request r;

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		int rc = req(v[i].in, &r);

		if (rc != v[i].err)
			test_fail(__FILE__, __LINE__, "case %zu: %d (%s) != %d",
			          i, rc, http_strerror(rc), v[i].err);
		test_checks++;
	}
	/* An error in a complete line is reported before the head ends. */
	CHECK_EQ(req("GET / HTTP/1.1\r\nBad Name: x\r\n", &r), HTTP_EMALFORMED);
	CHECK_EQ(req("GET / HTTP/1.1\r\nHost: x\r\n\0: y", &r),
	         HTTP_EINCOMPLETE);
	CHECK_EQ(
	    http_parse_request(S("GET / HTTP/1.1\r\nHost: x\r\n\0: y\r\n"), &r),
	    HTTP_EMALFORMED);
}

/* A head of n bytes in total: "GET / HTTP/1.1", Host, then one
 * X-Pad field sized to fit, then the empty line. */
static size_t padded_head(char *buf, size_t n)
{
	const char *start = "GET / HTTP/1.1\r\nHost: x\r\nX-Pad: ";
	size_t a = strlen(start), pad = n - a - 4;

	memcpy(buf, start, a);
	memset(buf + a, 'p', pad);
	memcpy(buf + a + pad, "\r\n\r\n", 4);
	return n;
}

static void test_request_limits(void)
{
	static char buf[HTTP_HEAD_MAX + 64];
	struct http_request r;
	size_t n, len;

	n = padded_head(buf, HTTP_HEAD_MAX);
	CHECK_EQ(http_parse_request(buf, n, &r), 0);
	CHECK_EQ(r.head_len, HTTP_HEAD_MAX);
	CHECK_EQ(http_parse_request(buf, n - 1, &r), HTTP_EINCOMPLETE);
	n = padded_head(buf, HTTP_HEAD_MAX + 1);
	CHECK_EQ(http_parse_request(buf, n, &r), HTTP_EHEADTOOBIG);
	CHECK_EQ(http_parse_request(buf, HTTP_HEAD_MAX, &r), HTTP_EHEADTOOBIG);
	CHECK_EQ(http_parse_request(buf, HTTP_HEAD_MAX - 1, &r),
	         HTTP_EINCOMPLETE);

	for (unsigned fields = 63; fields <= 66; fields++) {
		len = (size_t)snprintf(buf, sizeof(buf),
		                       "GET / HTTP/1.1\r\nHost: x\r\n");
		for (unsigned i = 1; i < fields; i++)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len,
			                        "F%u: v\r\n", i);
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "\r\n");
		CHECK_EQ(http_parse_request(buf, len, &r),
		         fields <= HTTP_HEADERS_MAX ? 0 : HTTP_ETOOMANYHDRS);
	}
	CHECK_EQ(http_error_status(HTTP_EHEADTOOBIG), 431);
	CHECK_EQ(http_error_status(HTTP_ETOOMANYHDRS), 431);
	CHECK_EQ(http_error_status(HTTP_EVERSION), 505);
	CHECK_EQ(http_error_status(HTTP_EMALFORMED), 400);
	CHECK_EQ(http_error_status(HTTP_EHOST), 400);
	CHECK_EQ(http_error_status(HTTP_ECODING), 501);
	for (int e = 1; e >= -20; e--)
		CHECK(http_strerror(e) != NULL && http_strerror(e)[0]);
	CHECK_STREQ(http_reason(431), "Request Header Fields Too Large");
	CHECK_STREQ(http_reason(299), "");
}

static void test_response(void)
{
	const char *s = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
	                "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n"
	                "\r\nbody";
	struct http_response r;
	struct http_header h;
	size_t pos = 0;

	CHECK_EQ(http_parse_response(s, strlen(s), &r), 0);
	CHECK_EQ(r.status, 200);
	CHECK(str_is(r.reason, "OK"));
	CHECK_EQ(r.status_line_len, 15);
	CHECK_EQ(r.head_len, strlen(s) - 4);
	CHECK(r.chunked && !r.has_length && !r.close);
	CHECK_EQ(http_body_kind(&r, false), HTTP_BODY_CHUNKED);
	CHECK_EQ(http_body_kind(&r, true), HTTP_BODY_NONE);
	CHECK_EQ(http_header_next(s, r.head_len, &pos, &h), 1);
	CHECK(str_is(h.name, "Content-Type") && str_is(h.value, "text/plain"));
	CHECK_EQ(http_header_next(s, r.head_len, &pos, &h), 1);
	CHECK(str_is(h.name, "Transfer-Encoding"));
	CHECK_EQ(http_header_next(s, r.head_len, &pos, &h), 1);
	CHECK(str_is(h.value, "3"));
	CHECK_EQ(http_header_next(s, r.head_len, &pos, &h), 0);
	CHECK_EQ(http_header_next(s, r.head_len, &pos, &h), 0);

	CHECK_EQ(http_parse_response(S("HTTP/1.0 204\r\n\r\n"), &r), 0);
	CHECK_EQ(r.status, 204);
	CHECK_EQ(r.reason.n, 0);
	CHECK(r.close);
	CHECK_EQ(http_body_kind(&r, false), HTTP_BODY_NONE);
	CHECK_EQ(
	    http_parse_response(S("HTTP/1.0 200 OK\r\nConnection: "
	                          "keep-alive\r\nContent-Length: 9\r\n\r\n"),
	                        &r),
	    0);
	CHECK(!r.close);
	CHECK_EQ(http_body_kind(&r, false), HTTP_BODY_LENGTH);
	CHECK_EQ(r.content_length, 9);
	CHECK_EQ(http_parse_response(S("HTTP/1.1 404 Not  Found\n\n"), &r), 0);
	CHECK(str_is(r.reason, "Not  Found"));
	CHECK_EQ(http_body_kind(&r, false), HTTP_BODY_UNTIL_CLOSE);
	CHECK_EQ(http_parse_response(S("HTTP/1.1 100 Continue\r\n\r\n"), &r),
	         0);
	CHECK_EQ(http_body_kind(&r, false), HTTP_BODY_NONE);

	CHECK_EQ(http_parse_response(S("HTTP/1.1 99 x\r\n\r\n"), &r),
	         HTTP_EMALFORMED);
	CHECK_EQ(http_parse_response(S("HTTP/1.1 2000 x\r\n\r\n"), &r),
	         HTTP_EMALFORMED);
	CHECK_EQ(http_parse_response(S("HTTP/1.1 600 x\r\n\r\n"), &r),
	         HTTP_EMALFORMED);
	CHECK_EQ(http_parse_response(S("HTTP/1.1 200 \x01\r\n\r\n"), &r),
	         HTTP_EMALFORMED);
	CHECK_EQ(http_parse_response(S("HTTP/3.0 200 OK\r\n\r\n"), &r),
	         HTTP_EVERSION);
	CHECK_EQ(http_parse_response(S("ICY 200 OK\r\n\r\n"), &r),
	         HTTP_EMALFORMED);
	CHECK_EQ(http_parse_response(S("HTTP/1.1 200 OK\r\n"), &r),
	         HTTP_EINCOMPLETE);
}

/* Feed enc to a fresh decoder in two pieces split at cut (the unused
 * rest of the first piece carried over, as a reader's buffer would).
 * Returns the decoder's final result; the data goes to out. */
static int decode_split(const char *enc, size_t len, size_t cut, char *out,
                        size_t *outlen, size_t *used)
{
	uint8_t buf[512];
	struct http_chunked c;
	size_t have = 0, fed = 0, dl, cons;
	int rc = 0;

	http_chunked_init(&c);
	*outlen = 0;
	*used = 0;
	for (int step = 0; step < 2 && rc == 0; step++) {
		size_t upto = step ? len : cut;

		memcpy(buf + have, enc + fed, upto - fed);
		have += upto - fed;
		fed = upto;
		rc = http_chunked_decode(&c, buf, have, &dl, &cons);
		memcpy(out + *outlen, buf, dl);
		*outlen += dl;
		*used += cons;
		memmove(buf, buf + cons, have - cons);
		have -= cons;
	}
	return rc;
}

static void test_chunked(void)
{
	const char *enc = "5\r\nhello\r\n1A;ext=\"v\"\r\n"
	                  "abcdefghijklmnopqrstuvwxyz\r\n0003\n!!!\n"
	                  "0 ; last\r\nTrailer: x\r\nT2: y\r\n\r\nNEXT";
	const char *want = "helloabcdefghijklmnopqrstuvwxyz!!!";
	size_t len = strlen(enc), msg = len - 4;
	char out[512];
	size_t n, used;

	for (size_t cut = 0; cut <= len; cut++) {
		int rc = decode_split(enc, len, cut, out, &n, &used);

		CHECK_EQ(rc, 1);
		CHECK_EQ(n, strlen(want));
		CHECK(n == strlen(want) && !memcmp(out, want, n));
		/* consumed counts exactly up to the end of the message */
		CHECK_EQ(used, msg);
	}
	CHECK_EQ(decode_split(S("0\r\n\r\n"), 5, out, &n, &used), 1);
	CHECK_EQ(n, 0);
	CHECK_EQ(decode_split(S("5\r\nhel"), 3, out, &n, &used), 0);
	CHECK_EQ(n, 3);
}

static void test_chunked_errors(void)
{
	static const char *const bad[] = {
	    "\r\n",
	    "zz\r\n",
	    ";x\r\n",
	    "5x\r\nhello\r\n",
	    "5\rX",
	    "3\r\nabcX\r\n",
	    "3\r\nabc\rX",
	    "0\r\n\rX",
	    "10000000000000000\r\n", /* 17 hex digits: 2^64 */
	};
	static char big[HTTP_TRAILER_MAX + 64];
	char out[64];
	size_t n, used;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc =
		    decode_split(bad[i], strlen(bad[i]), 0, out, &n, &used);
		if (rc != HTTP_ECHUNK)
			test_fail(__FILE__, __LINE__, "bad[%zu]: %d", i, rc);
		test_checks++;
	}
	/* A size line with endless extensions, and endless trailers. */
	struct http_chunked c;
	size_t dl, cons;

	memset(big, 'x', sizeof(big));
	memcpy(big, "1;", 2);
	http_chunked_init(&c);
	CHECK_EQ(http_chunked_decode(&c, (uint8_t *)big, HTTP_CHUNK_LINE_MAX,
	                             &dl, &cons),
	         0);
	CHECK_EQ(http_chunked_decode(&c, (uint8_t *)big, 8, &dl, &cons),
	         HTTP_ECHUNK);
	memset(big, 'x', sizeof(big));
	memcpy(big, "0\r\n", 3);
	http_chunked_init(&c);
	CHECK_EQ(
	    http_chunked_decode(&c, (uint8_t *)big, sizeof(big), &dl, &cons),
	    HTTP_ECHUNK);
	CHECK(cons < sizeof(big));
}

static void test_query(void)
{
	uint64_t v = 0;

	CHECK_EQ(http_query_u64((struct http_str){S("n=42")}, "n", &v), 0);
	CHECK_EQ(v, 42);
	CHECK_EQ(http_query_u64((struct http_str){S("nn=1&n=1099511627776&x")},
	                        "n", &v),
	         0);
	CHECK_EQ(v, 1099511627776ull);
	CHECK_EQ(http_query_u64((struct http_str){S("x&n")}, "n", &v),
	         HTTP_EMALFORMED);
	CHECK_EQ(http_query_u64((struct http_str){S("n=")}, "n", &v),
	         HTTP_EMALFORMED);
	CHECK_EQ(http_query_u64((struct http_str){S("n=1x")}, "n", &v),
	         HTTP_EMALFORMED);
	CHECK_EQ(http_query_u64((struct http_str){S("n=99999999999999999999")},
	                        "n", &v),
	         HTTP_EMALFORMED);
	CHECK_EQ(http_query_u64((struct http_str){S("m=1&=2")}, "n", &v),
	         HTTP_ENOTFOUND);
	CHECK_EQ(http_query_u64((struct http_str){"", 0}, "n", &v),
	         HTTP_ENOTFOUND);
}

static void test_url(void)
{
	struct http_url u;

	CHECK_EQ(http_parse_url(S("http://10.0.2.2/"), &u), 0);
	CHECK_STREQ(u.host, "10.0.2.2");
	CHECK_EQ(u.port, 80);
	CHECK(str_is(u.path, "/"));
	CHECK_EQ(http_parse_url(S("HTTP://Example.com:8080/a/b?n=1#frag"), &u),
	         0);
	CHECK_STREQ(u.host, "Example.com");
	CHECK_EQ(u.port, 8080);
	CHECK(str_is(u.path, "/a/b?n=1"));
	CHECK_EQ(http_parse_url(S("http://h"), &u), 0);
	CHECK(str_is(u.path, "/"));
	CHECK_EQ(http_parse_url(S("http://h:65535#x"), &u), 0);
	CHECK_EQ(u.port, 65535);

	CHECK_EQ(http_parse_url(S("https://h/"), &u), HTTP_ESCHEME);
	CHECK_EQ(http_parse_url(S("h/"), &u), HTTP_ESCHEME);
	CHECK_EQ(http_parse_url(S("http:/"), &u), HTTP_ESCHEME);
	CHECK_EQ(http_parse_url(S("http://"), &u), HTTP_EURL);
	CHECK_EQ(http_parse_url(S("http:///x"), &u), HTTP_EURL);
	CHECK_EQ(http_parse_url(S("http://u@h/"), &u), HTTP_EURL);
	CHECK_EQ(http_parse_url(S("http://[::1]/"), &u), HTTP_EURL);
	CHECK_EQ(http_parse_url(S("http://h?x"), &u), HTTP_EURL);
	CHECK_EQ(http_parse_url(S("http://h/a b"), &u), HTTP_EURL);
	CHECK_EQ(http_parse_url(S("http://h:/"), &u), HTTP_EPORT);
	CHECK_EQ(http_parse_url(S("http://h:0/"), &u), HTTP_EPORT);
	CHECK_EQ(http_parse_url(S("http://h:65536/"), &u), HTTP_EPORT);
	CHECK_EQ(http_parse_url(S("http://h:000080/"), &u), HTTP_EPORT);
	CHECK_EQ(http_parse_url(S("http://h:8x/"), &u), HTTP_EPORT);

	char url[400];
	memcpy(url, "http://", 7);
	memset(url + 7, 'a', 253);
	CHECK_EQ(http_parse_url(url, 7 + 253, &u), 0);
	CHECK_EQ(strlen(u.host), 253);
	memset(url + 7, 'a', 254);
	CHECK_EQ(http_parse_url(url, 7 + 254, &u), HTTP_EURL);
}

int main(void)
{
	test_request_basic();
	test_request_pipelined();
	test_request_forms();
	test_request_errors();
	test_request_limits();
	test_response();
	test_chunked();
	test_chunked_errors();
	test_query();
	test_url();
	return test_finish();
}
