/* SPDX-License-Identifier: MIT */
/*
 * HTTP/1.1 messages (RFC 9110 semantics, RFC 9112 syntax), portable: the
 * request head (for the kernel's server), the response head and chunked
 * bodies (for the shell's client), and http:// URLs. Nothing here
 * allocates or does I/O; every parser takes buffer + length, never reads
 * past it, and returns 0 or an HTTP_E* error.
 *
 *   server                                client
 *   ------                                ------
 *   rc = http_parse_request(buf, n, &r)   http_parse_url(url, len, &u)
 *     HTTP_EINCOMPLETE: read more         rc = http_parse_response(...)
 *     < 0: answer http_error_status(rc)     HTTP_EINCOMPLETE: read more
 *     0: r.head_len bytes are the head;   http_body_kind(&resp, head?)
 *        the body (r.content_length or    http_chunked_decode(...) for
 *        chunked) follows                   chunked bodies
 *
 * Strings in the parsed structs (struct http_str) point into the caller's
 * buffer and are not NUL-terminated.
 *
 * Lines end in CRLF; a bare LF is accepted too (RFC 9112 2.2 allows it).
 */
#ifndef NET_HTTP_H
#define NET_HTTP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_HEAD_MAX       8192 /* request head, start line to empty line */
#define HTTP_HEADERS_MAX    64   /* header fields per head */
#define HTTP_HOST_MAX       254  /* a URL's host, with the NUL */
#define HTTP_CHUNK_LINE_MAX 1024 /* a chunk-size line with extensions */
#define HTTP_TRAILER_MAX    HTTP_HEAD_MAX /* all trailer lines together */

enum http_err {
	HTTP_OK = 0,
	HTTP_EINCOMPLETE = -1,  /* need more bytes */
	HTTP_EMALFORMED = -2,   /* syntax error */
	HTTP_EHEADTOOBIG = -3,  /* head longer than HTTP_HEAD_MAX */
	HTTP_ETOOMANYHDRS = -4, /* more than HTTP_HEADERS_MAX fields */
	HTTP_EVERSION = -5,     /* not HTTP/1.x */
	HTTP_ELENGTH = -6,      /* bad or conflicting Content-Length */
	HTTP_ECODING = -7,      /* Transfer-Encoding other than chunked, or
	                           combined with Content-Length */
	HTTP_EHOST = -8,        /* HTTP/1.1 request without one Host */
	HTTP_ESCHEME = -9,      /* URL: not http:// */
	HTTP_EURL = -10,        /* URL: malformed host or path */
	HTTP_EPORT = -11,       /* URL: port not 1..65535 */
	HTTP_ECHUNK = -12,      /* chunked framing broken or too long */
	HTTP_ENOTFOUND = -13,   /* query key absent */
};
/* "incomplete", "malformed", ... (never NULL). */
const char *http_strerror(int err);
/* The status a server answers to a request-parse error: 400, 431
 * (head or header count too large) or 505 (version). */
unsigned http_error_status(int err);
/* "OK", "Not Found", ... for the codes this stack uses; "" otherwise. */
const char *http_reason(unsigned status);

struct http_str {
	const char *p;
	size_t n;
};

/* True if s equals the NUL-terminated word, ASCII case-insensitive. */
bool http_str_ieq(struct http_str s, const char *word);
/* True if s equals the NUL-terminated word exactly. */
bool http_str_eq(struct http_str s, const char *word);

struct http_request {
	struct http_str method; /* a token, e.g. "GET" */
	struct http_str target; /* as sent */
	struct http_str path;   /* target up to '?' (origin or absolute
	                           form; "*" for asterisk form) */
	struct http_str query;  /* after '?', may be empty */
	struct http_str host;   /* the Host field (empty for HTTP/1.0
	                           without one) */
	unsigned version;       /* 10 or 11 */
	size_t head_len;        /* bytes up to and including the empty line */
	unsigned nheaders;
	bool has_length; /* Content-Length given */
	uint64_t content_length;
	bool chunked;    /* Transfer-Encoding: chunked */
	bool keep_alive; /* HTTP/1.1 without Connection: close */
};
/* Parse the request head at buf[0..len) (leading empty lines are
 * skipped, RFC 9112 2.2; they count in head_len). 0 and *out; or
 * HTTP_EINCOMPLETE when the head is not complete yet (and not too
 * large); or an error for the first bad line. */
int http_parse_request(const char *buf, size_t len, struct http_request *out);

struct http_response {
	unsigned version; /* 10 or 11 */
	unsigned status;  /* 100..599 */
	struct http_str reason;
	size_t head_len;
	size_t status_line_len; /* without the line end */
	unsigned nheaders;
	bool has_length;
	uint64_t content_length;
	bool chunked;
	bool close; /* Connection: close, or HTTP/1.0 without keep-alive */
};
/* Parse a response head at buf[0..len), same rules and limits as
 * requests (no Host needed). */
int http_parse_response(const char *buf, size_t len, struct http_response *out);

enum http_body {
	HTTP_BODY_NONE,        /* HEAD, 1xx, 204, 304 */
	HTTP_BODY_CHUNKED,     /* http_chunked_decode until done */
	HTTP_BODY_LENGTH,      /* content_length bytes */
	HTTP_BODY_UNTIL_CLOSE, /* read to the end of the connection */
};
/* How the body of r is delimited (RFC 9112 6.3); head_request: the
 * request was HEAD. */
enum http_body http_body_kind(const struct http_response *r, bool head_request);

struct http_header {
	struct http_str name, value; /* value without surrounding OWS */
};
/* Walk the fields of a head that parsed (head_len bytes): start with
 * *pos = 0; 1 and *h per field, 0 after the last. */
int http_header_next(const char *head, size_t head_len, size_t *pos,
                     struct http_header *h);

/* Chunked transfer coding (RFC 9112 7.1), decoded as it arrives. */
struct http_chunked {
	unsigned state;
	uint64_t left;   /* data bytes left in this chunk / size so far */
	size_t line;     /* bytes of the current size or trailer line */
	size_t trailer;  /* trailer bytes so far */
	unsigned digits; /* hex digits of the size so far */
};
void http_chunked_init(struct http_chunked *c);
/* Decode buf[0..len) in place: the data bytes found are moved to
 * buf[0..*data_len), *consumed input bytes were used (less than len
 * only once the body ended: the rest belongs to the next message).
 * Returns 1 when the last chunk and the trailers are complete, 0 when
 * more input is needed, HTTP_ECHUNK for bad framing. */
int http_chunked_decode(struct http_chunked *c, uint8_t *buf, size_t len,
                        size_t *data_len, size_t *consumed);

/* The value of key in an a=1&b=2 query as a decimal u64: 0, or
 * HTTP_ENOTFOUND, or HTTP_EMALFORMED (not a number, overflow). */
int http_query_u64(struct http_str query, const char *key, uint64_t *out);

struct http_url {
	char host[HTTP_HOST_MAX]; /* NUL-terminated */
	uint16_t port;            /* 80 unless given */
	struct http_str path;     /* "/..." including any query; "/" when
	                             the URL has none (fragment dropped) */
};
/* Parse http://host[:port][/path[?query]][#frag] from url[0..len). No
 * user info, no IPv6 literals, no query without a path ("http://h?q"). */
int http_parse_url(const char *url, size_t len, struct http_url *out);

#endif
