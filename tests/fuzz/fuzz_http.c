/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for net/http_msg.c: every input is parsed as a request
 * head, a response head, a chunked body (fed in two pieces split at a
 * point taken from the input) and a URL. Whatever parses must describe
 * bytes inside the input; headers are walked; the decoder never claims
 * more than it was given.
 */
#include <net/http.h>
#include <stdlib.h>
#include <string.h>

#define INSIDE(s, buf, len)                                                    \
	((s).n == 0 || ((s).p >= (buf) && (s).p + (s).n <= (buf) + (len)))

static void check(int ok)
{
	if (!ok)
		abort();
}

static void walk_headers(const char *buf, size_t head_len, unsigned n)
{
	struct http_header h;
	size_t pos = 0;
	unsigned seen = 0;

	while (http_header_next(buf, head_len, &pos, &h)) {
		check(INSIDE(h.name, buf, head_len));
		check(INSIDE(h.value, buf, head_len));
		seen++;
	}
	check(seen == n);
}

static void fuzz_request(const char *buf, size_t len)
{
	struct http_request r;
	uint64_t v;

	if (http_parse_request(buf, len, &r))
		return;
	check(r.head_len <= len && r.head_len <= HTTP_HEAD_MAX);
	check(r.nheaders <= HTTP_HEADERS_MAX);
	check(INSIDE(r.method, buf, len) && INSIDE(r.target, buf, len));
	check(INSIDE(r.query, buf, len) && INSIDE(r.host, buf, len));
	check(!(r.chunked && r.has_length));
	walk_headers(buf, r.head_len, r.nheaders);
	(void)http_query_u64(r.query, "n", &v);
}

static void fuzz_response(const char *buf, size_t len)
{
	struct http_response r;

	if (http_parse_response(buf, len, &r))
		return;
	check(r.head_len <= len && r.status >= 100 && r.status <= 599);
	check(INSIDE(r.reason, buf, len));
	walk_headers(buf, r.head_len, r.nheaders);
	(void)http_body_kind(&r, false);
}

static void fuzz_chunked(const uint8_t *data, size_t len)
{
	uint8_t *buf = malloc(len + 1);
	struct http_chunked c;
	size_t cut = len ? data[0] % (len + 1) : 0, have, dl, cons;
	int rc;

	memcpy(buf, data, len);
	http_chunked_init(&c);
	rc = http_chunked_decode(&c, buf, cut, &dl, &cons);
	check(cons <= cut && dl <= cons);
	if (rc == 0) {
		have = len - cons;
		memmove(buf, buf + cons, have);
		rc = http_chunked_decode(&c, buf, have, &dl, &cons);
		check(cons <= have && dl <= cons);
	}
	check(rc >= HTTP_ECHUNK && rc <= 1);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const char *s = (const char *)data;
	struct http_url u;

	fuzz_request(s, len);
	fuzz_response(s, len);
	fuzz_chunked(data, len);
	if (!http_parse_url(s, len, &u))
		check(u.port && u.host[0] && u.path.n && u.path.p[0] == '/');
	return 0;
}
