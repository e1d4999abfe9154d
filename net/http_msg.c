/* SPDX-License-Identifier: MIT */
/*
 * HTTP/1.1 message parsing (net/include/net/http.h), written from RFC 9112
 * (message syntax) and RFC 9110 (semantics). Section numbers refer to
 * RFC 9112 unless said otherwise.
 *
 *   request-line = method SP request-target SP HTTP-version CRLF  (3)
 *   status-line  = HTTP-version SP status-code SP [reason] CRLF   (4)
 *   field-line   = field-name ":" OWS field-value OWS CRLF        (5)
 *   head         = start-line *( field-line ) CRLF                (2.1)
 */
#include <libk/cdefs.h>
#include <libk/string.h>
#include <net/http.h>

#define hmemchr  LIBK_FN(memchr)
#define hmemcmp  LIBK_FN(memcmp)
#define hmemmove LIBK_FN(memmove)
#define hstrlen  LIBK_FN(strlen)

const char *http_strerror(int err)
{
	static const char *const msg[] = {
	    "ok",
	    "incomplete",
	    "malformed",
	    "head too large",
	    "too many header fields",
	    "unsupported HTTP version",
	    "bad or conflicting Content-Length",
	    "unsupported transfer coding",
	    "missing or repeated Host",
	    "only http:// URLs are supported",
	    "malformed URL",
	    "bad port",
	    "bad chunked encoding",
	    "not found",
	};

	if (err > 0 || -err >= (int)(sizeof(msg) / sizeof(msg[0])))
		return "unknown error";
	return msg[-err];
}

unsigned http_error_status(int err)
{
	switch (err) {
	case HTTP_EHEADTOOBIG:
	case HTTP_ETOOMANYHDRS:
		return 431;
	case HTTP_EVERSION:
		return 505;
	case HTTP_ECODING:
		return 501; /* 6.1: a coding the server does not understand */
	default:
		return 400;
	}
}

const char *http_reason(unsigned status)
{
	/* RFC 9110 15: the reason phrases of the codes used here. */
	static const struct {
		unsigned code;
		const char *text;
	} tab[] = {
	    {100, "Continue"},
	    {200, "OK"},
	    {204, "No Content"},
	    {400, "Bad Request"},
	    {404, "Not Found"},
	    {405, "Method Not Allowed"},
	    {408, "Request Timeout"},
	    {411, "Length Required"},
	    {413, "Content Too Large"},
	    {431, "Request Header Fields Too Large"},
	    {500, "Internal Server Error"},
	    {501, "Not Implemented"},
	    {503, "Service Unavailable"},
	    {505, "HTTP Version Not Supported"},
	};

	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (tab[i].code == status)
			return tab[i].text;
	return "";
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

bool http_str_ieq(struct http_str s, const char *word)
{
	size_t n = hstrlen(word);

	if (s.n != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower(s.p[i]) != lower(word[i]))
			return false;
	return true;
}

bool http_str_eq(struct http_str s, const char *word)
{
	size_t n = hstrlen(word);

	return s.n == n && !hmemcmp(s.p, word, n);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_digit(c) || (lower(c) >= 'a' && lower(c) <= 'z');
}

/* RFC 9110 5.6.2: tchar. */
static bool is_tchar(char c)
{
	return is_alnum(c) || (c && hmemchr("!#$%&'*+-.^_`|~", c, 15));
}

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* RFC 9110 5.5: field-vchar, SP and HTAB (no CTLs, obs-text allowed). */
static bool is_field_char(char c)
{
	unsigned char u = (unsigned char)c;

	return (u >= 0x20 && u != 0x7f) || u == '\t';
}

/* A visible ASCII character (request-target, URL path). */
static bool is_vchar(char c)
{
	return c > 0x20 && c < 0x7f;
}

static struct http_str str(const char *p, size_t n)
{
	return (struct http_str){p, n};
}

/* The line at buf[*pos..len): 1 and *l (without CRLF or LF), *pos moved
 * past the LF; 0 when no LF has arrived yet. */
static int next_line(const char *buf, size_t len, size_t *pos,
                     struct http_str *l)
{
	const char *s = buf + *pos;
	const char *lf = hmemchr(s, '\n', len - *pos);
	size_t n;

	if (!lf)
		return 0;
	n = (size_t)(lf - s);
	if (n && s[n - 1] == '\r')
		n--;
	*l = str(s, n);
	*pos = (size_t)(lf - buf) + 1;
	return 1;
}

/* Digits only, no overflow: 0 and *out, or -1. */
static int parse_dec(struct http_str s, uint64_t *out)
{
	uint64_t v = 0;

	if (!s.n)
		return -1;
	for (size_t i = 0; i < s.n; i++) {
		unsigned d = (unsigned)(s.p[i] - '0');

		if (!is_digit(s.p[i]) || v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* 5.1: name ":" OWS value OWS. No space before the colon, no obs-fold
 * (a line starting with whitespace has an empty name): both rejected. */
static int parse_field(struct http_str l, struct http_header *h)
{
	size_t i = 0, a, b;

	while (i < l.n && is_tchar(l.p[i]))
		i++;
	if (!i || i == l.n || l.p[i] != ':')
		return HTTP_EMALFORMED;
	a = i + 1;
	b = l.n;
	while (a < b && is_ows(l.p[a]))
		a++;
	while (b > a && is_ows(l.p[b - 1]))
		b--;
	for (size_t k = a; k < b; k++)
		if (!is_field_char(l.p[k]))
			return HTTP_EMALFORMED;
	h->name = str(l.p, i);
	h->value = str(l.p + a, b - a);
	return 0;
}

/* What the framing fields of a head say. */
struct fields {
	unsigned n;
	bool has_length, chunked, conn_close, conn_keep;
	uint64_t length;
	unsigned nhost, nte;
	struct http_str host;
};

/* Connection (RFC 9110 7.6.1): a comma-separated list of options. */
static void connection_opts(struct http_str v, struct fields *f)
{
	size_t i = 0;

	while (i < v.n) {
		size_t a = i, b;

		while (i < v.n && v.p[i] != ',')
			i++;
		b = i++;
		while (a < b && is_ows(v.p[a]))
			a++;
		while (b > a && is_ows(v.p[b - 1]))
			b--;
		if (http_str_ieq(str(v.p + a, b - a), "close"))
			f->conn_close = true;
		if (http_str_ieq(str(v.p + a, b - a), "keep-alive"))
			f->conn_keep = true;
	}
}

/* Content-Length (8.6): digits; repeated fields must agree (6.3 item 5:
 * a list or differing values are unrecoverable). */
static int content_length(struct http_str v, struct fields *f)
{
	uint64_t n;

	if (parse_dec(v, &n) || (f->has_length && n != f->length))
		return HTTP_ELENGTH;
	f->has_length = true;
	f->length = n;
	return 0;
}

/* Record one field's effect on framing. */
static int field_effect(const struct http_header *h, struct fields *f)
{
	if (http_str_ieq(h->name, "content-length"))
		return content_length(h->value, f);
	if (http_str_ieq(h->name, "transfer-encoding")) {
		/* Only "chunked" alone is understood (7: chunked must be
		 * the final coding; we implement no other). */
		if (!http_str_ieq(h->value, "chunked") || f->nte++)
			return HTTP_ECODING;
		f->chunked = true;
	} else if (http_str_ieq(h->name, "connection")) {
		connection_opts(h->value, f);
	} else if (http_str_ieq(h->name, "host")) {
		f->nhost++;
		f->host = h->value;
	}
	return 0;
}

/* The fields after the start line, up to the empty line. *pos is just
 * past the start line; on 0 it is just past the empty line. */
static int parse_fields(const char *buf, size_t len, size_t *pos,
                        struct fields *f)
{
	struct http_str l;
	struct http_header h;
	int rc;

	while (next_line(buf, len, pos, &l)) {
		if (!l.n)
			return 0;
		if (++f->n > HTTP_HEADERS_MAX)
			return HTTP_ETOOMANYHDRS;
		rc = parse_field(l, &h);
		if (!rc)
			rc = field_effect(&h, f);
		if (rc)
			return rc;
	}
	return HTTP_EINCOMPLETE;
}

/* The window a head must fit in, and the error when it does not end in
 * it: incomplete while fewer than HTTP_HEAD_MAX bytes have come. */
static size_t head_window(size_t len)
{
	return len < HTTP_HEAD_MAX ? len : HTTP_HEAD_MAX;
}

static int incomplete(size_t len)
{
	return len >= HTTP_HEAD_MAX ? HTTP_EHEADTOOBIG : HTTP_EINCOMPLETE;
}

/* 2.3: "HTTP/" DIGIT "." DIGIT, case-sensitive. 1.0 -> 10, 1.x -> 11
 * (a higher minor version is handled as the highest we know). */
static int parse_version(struct http_str v, unsigned *out)
{
	if (v.n != 8 || hmemcmp(v.p, "HTTP/", 5) || !is_digit(v.p[5]) ||
	    v.p[6] != '.' || !is_digit(v.p[7]))
		return HTTP_EMALFORMED;
	if (v.p[5] != '1')
		return HTTP_EVERSION;
	*out = v.p[7] == '0' ? 10 : 11;
	return 0;
}

/* Split l at its first space: *a before it, l after it. -1 if none. */
static int split_sp(struct http_str *l, struct http_str *a)
{
	const char *sp = hmemchr(l->p, ' ', l->n);

	if (!sp)
		return -1;
	*a = str(l->p, (size_t)(sp - l->p));
	l->n -= a->n + 1;
	l->p = sp + 1;
	return 0;
}

/* 3.2: origin-form "/path?query", absolute-form "http://auth/path?q",
 * asterisk-form "*". No fragment, no spaces or CTLs. */
static int parse_target(struct http_str t, struct http_request *r)
{
	struct http_str rest = t;
	const char *q;

	if (!t.n)
		return HTTP_EMALFORMED;
	for (size_t i = 0; i < t.n; i++)
		if (!is_vchar(t.p[i]) || t.p[i] == '#')
			return HTTP_EMALFORMED;
	r->target = t;
	if (t.n == 1 && t.p[0] == '*') {
		r->path = t;
		r->query = str(t.p + 1, 0);
		return 0;
	}
	if (t.n > 7 && http_str_ieq(str(t.p, 7), "http://")) {
		const char *s = hmemchr(t.p + 7, '/', t.n - 7);

		if (!s)
			s = t.p + t.n; /* no path: "/" */
		q = hmemchr(t.p + 7, '?', (size_t)(s - t.p) - 7);
		if (q)
			s = q;
		rest = str(s, t.n - (size_t)(s - t.p));
	} else if (t.p[0] != '/') {
		return HTTP_EMALFORMED;
	}
	q = hmemchr(rest.p, '?', rest.n);
	r->path = q ? str(rest.p, (size_t)(q - rest.p)) : rest;
	r->query = q ? str(q + 1, rest.n - r->path.n - 1) : str(rest.p, 0);
	if (!r->path.n)
		r->path = str("/", 1);
	return 0;
}

static int parse_request_line(struct http_str l, void *out)
{
	struct http_request *r = out;
	struct http_str target;
	int rc;

	if (split_sp(&l, &r->method) || split_sp(&l, &target))
		return HTTP_EMALFORMED;
	for (size_t i = 0; i < r->method.n; i++)
		if (!is_tchar(r->method.p[i]))
			return HTTP_EMALFORMED;
	if (!r->method.n)
		return HTTP_EMALFORMED;
	rc = parse_version(l, &r->version);
	return rc ? rc : parse_target(target, r);
}

/* RFC 9110 7.2 / 4.2.3: the Host value is uri-host [":" port]; we only
 * check it has no characters a host cannot have. */
static bool host_ok(struct http_str h)
{
	for (size_t i = 0; i < h.n; i++)
		if (!is_alnum(h.p[i]) &&
		    !hmemchr("-._~!$&'()*+,;=:[]%", h.p[i], 19))
			return false;
	return true;
}

/* Framing rules for requests (6.1, 6.3, 3.2). */
static int request_framing(struct http_request *r, const struct fields *f)
{
	if (f->chunked && (f->has_length || r->version == 10))
		return HTTP_ELENGTH; /* 6.1: faulty, unrecoverable */
	if ((r->version == 11 && f->nhost != 1) || f->nhost > 1 ||
	    !host_ok(f->host))
		return HTTP_EHOST;
	r->host = f->host;
	r->nheaders = f->n;
	r->has_length = f->has_length;
	r->content_length = f->has_length ? f->length : 0;
	r->chunked = f->chunked;
	r->keep_alive = r->version == 11 && !f->conn_close;
	return 0;
}

/* Skip the empty lines 2.2 allows before a start line. */
static size_t skip_empty_lines(const char *buf, size_t len)
{
	size_t pos = 0, at = 0;
	struct http_str l;

	while (next_line(buf, len, &pos, &l) && !l.n)
		at = pos;
	return at;
}

/* A head from buf[pos..]: the start line through start(l, out), then
 * the fields into *f; *head_len when complete. */
static int parse_head(const char *buf, size_t len, size_t pos,
                      int (*start)(struct http_str l, void *out), void *out,
                      struct fields *f, size_t *head_len)
{
	size_t win = head_window(len);
	struct http_str l;
	int rc;

	if (!next_line(buf, win, &pos, &l))
		return incomplete(len);
	rc = start(l, out);
	if (!rc)
		rc = parse_fields(buf, win, &pos, f);
	if (rc == HTTP_EINCOMPLETE)
		return incomplete(len);
	if (!rc)
		*head_len = pos;
	return rc;
}

int http_parse_request(const char *buf, size_t len, struct http_request *out)
{
	struct fields f = {0};
	int rc;

	*out = (struct http_request){0};
	rc = parse_head(buf, len, skip_empty_lines(buf, head_window(len)),
	                parse_request_line, out, &f, &out->head_len);
	return rc ? rc : request_framing(out, &f);
}

/* 4: status-line; the SP before an empty reason is often missing in the
 * wild and accepted. */
static int parse_status_line(struct http_str l, void *out)
{
	struct http_response *r = out;
	struct http_str v;
	int rc;

	r->status_line_len = l.n;
	if (split_sp(&l, &v))
		return HTTP_EMALFORMED;
	rc = parse_version(v, &r->version);
	if (rc)
		return rc;
	if (l.n < 3 || !is_digit(l.p[0]) || !is_digit(l.p[1]) ||
	    !is_digit(l.p[2]) || (l.n > 3 && l.p[3] != ' '))
		return HTTP_EMALFORMED;
	r->status = (unsigned)((l.p[0] - '0') * 100 + (l.p[1] - '0') * 10 +
	                       (l.p[2] - '0'));
	if (r->status < 100 || r->status > 599)
		return HTTP_EMALFORMED;
	r->reason = l.n > 4 ? str(l.p + 4, l.n - 4) : str(l.p + l.n, 0);
	for (size_t i = 0; i < r->reason.n; i++)
		if (!is_field_char(r->reason.p[i]))
			return HTTP_EMALFORMED;
	return 0;
}

int http_parse_response(const char *buf, size_t len, struct http_response *out)
{
	struct fields f = {0};
	int rc;

	*out = (struct http_response){0};
	rc =
	    parse_head(buf, len, 0, parse_status_line, out, &f, &out->head_len);
	if (rc)
		return rc;
	out->nheaders = f.n;
	out->chunked = f.chunked; /* 6.3 item 3: chunked overrides length */
	out->has_length = f.has_length && !f.chunked;
	out->content_length = out->has_length ? f.length : 0;
	out->close = out->version == 10 ? !f.conn_keep : f.conn_close;
	return 0;
}

enum http_body http_body_kind(const struct http_response *r, bool head_request)
{
	/* 6.3 item 1 */
	if (head_request || r->status < 200 || r->status == 204 ||
	    r->status == 304)
		return HTTP_BODY_NONE;
	if (r->chunked)
		return HTTP_BODY_CHUNKED;
	return r->has_length ? HTTP_BODY_LENGTH : HTTP_BODY_UNTIL_CLOSE;
}

int http_header_next(const char *head, size_t head_len, size_t *pos,
                     struct http_header *h)
{
	struct http_str l;

	if (!*pos) {
		*pos = skip_empty_lines(head, head_len);
		if (!next_line(head, head_len, pos, &l))
			return 0;
	}
	while (next_line(head, head_len, pos, &l) && l.n)
		if (!parse_field(l, h))
			return 1;
	*pos = head_len;
	return 0;
}

/* Chunked decoder states (7.1):
 *   chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
 *   last-chunk = 1*("0") [ chunk-ext ] CRLF, then trailer lines, CRLF */
enum {
	CH_SIZE,    /* hex digits of chunk-size */
	CH_EXT,     /* chunk-ext, up to the LF */
	CH_SIZE_LF, /* CR seen after the size */
	CH_DATA,    /* left bytes of data */
	CH_DATA_CR, /* the CRLF after the data */
	CH_DATA_LF,
	CH_TRAILER0, /* start of a trailer line (or the final CRLF) */
	CH_TRAILER,  /* inside a trailer line */
	CH_END_LF,   /* CR of the final empty line seen */
	CH_DONE,
};

void http_chunked_init(struct http_chunked *c)
{
	*c = (struct http_chunked){.state = CH_SIZE};
}

static int hexval(char ch)
{
	if (is_digit(ch))
		return ch - '0';
	if (lower(ch) >= 'a' && lower(ch) <= 'f')
		return lower(ch) - 'a' + 10;
	return -1;
}

/* The size line ended: data follows, or the trailer for size 0. */
static void size_line_done(struct http_chunked *c)
{
	c->state = c->left ? CH_DATA : CH_TRAILER0;
	c->line = 0;
}

/* One byte of a size line. 0, or HTTP_ECHUNK. */
static int size_byte(struct http_chunked *c, char ch)
{
	int v = hexval(ch);

	if (++c->line > HTTP_CHUNK_LINE_MAX)
		return HTTP_ECHUNK;
	if (c->state == CH_SIZE && v >= 0) {
		if (c->left >> 60)
			return HTTP_ECHUNK; /* would overflow */
		c->left = c->left << 4 | (unsigned)v;
		c->digits++;
		return 0;
	}
	if (c->state == CH_SIZE && !c->digits)
		return HTTP_ECHUNK;
	if (c->state == CH_SIZE_LF || ch == '\n') {
		if (ch != '\n')
			return HTTP_ECHUNK;
		size_line_done(c);
		return 0;
	}
	if (c->state == CH_SIZE && ch == '\r')
		c->state = CH_SIZE_LF;
	else if (c->state == CH_SIZE && (ch == ';' || is_ows(ch)))
		c->state = CH_EXT;
	else if (c->state == CH_SIZE)
		return HTTP_ECHUNK;
	return 0;
}

/* One byte after the data or in the trailer. 0, or HTTP_ECHUNK. */
static int frame_byte(struct http_chunked *c, char ch)
{
	switch (c->state) {
	case CH_DATA_CR:
		if (ch == '\r')
			c->state = CH_DATA_LF;
		else if (ch == '\n')
			c->state = CH_SIZE;
		else
			return HTTP_ECHUNK;
		break;
	case CH_DATA_LF:
		if (ch != '\n')
			return HTTP_ECHUNK;
		c->state = CH_SIZE;
		break;
	case CH_TRAILER0:
		c->state = ch == '\r'   ? CH_END_LF
		           : ch == '\n' ? CH_DONE
		                        : CH_TRAILER;
		break;
	case CH_TRAILER:
		if (ch == '\n')
			c->state = CH_TRAILER0;
		break;
	case CH_END_LF:
		if (ch != '\n')
			return HTTP_ECHUNK;
		c->state = CH_DONE;
		break;
	}
	if (c->state >= CH_TRAILER0 && ++c->trailer > HTTP_TRAILER_MAX)
		return HTTP_ECHUNK;
	if (c->state == CH_SIZE)
		c->digits = 0, c->line = 0;
	return 0;
}

int http_chunked_decode(struct http_chunked *c, uint8_t *buf, size_t len,
                        size_t *data_len, size_t *consumed)
{
	size_t in = 0, out = 0;
	int rc = 0;

	while (in < len && c->state != CH_DONE && !rc) {
		if (c->state == CH_DATA) {
			size_t n = len - in;

			if (n > c->left)
				n = (size_t)c->left;
			hmemmove(buf + out, buf + in, n);
			in += n;
			out += n;
			c->left -= n;
			if (!c->left)
				c->state = CH_DATA_CR;
			continue;
		}
		if (c->state <= CH_SIZE_LF)
			rc = size_byte(c, (char)buf[in++]);
		else
			rc = frame_byte(c, (char)buf[in++]);
	}
	*data_len = out;
	*consumed = in;
	if (rc)
		return rc;
	return c->state == CH_DONE;
}

int http_query_u64(struct http_str query, const char *key, uint64_t *out)
{
	size_t i = 0;

	while (i < query.n) {
		size_t a = i;
		const char *eq;
		struct http_str k, v;

		while (i < query.n && query.p[i] != '&')
			i++;
		eq = hmemchr(query.p + a, '=', i - a);
		k = str(query.p + a, eq ? (size_t)(eq - query.p) - a : i - a);
		v = eq ? str(eq + 1, i - (size_t)(eq + 1 - query.p))
		       : str(query.p + i, 0);
		i++;
		if (!http_str_eq(k, key))
			continue;
		return parse_dec(v, out) ? HTTP_EMALFORMED : 0;
	}
	return HTTP_ENOTFOUND;
}

/* A URL host: letters, digits, '-', '.', '_' (RFC 3986 reg-name
 * without percent-encoding, which covers DNS names and dotted quads). */
static int url_host(struct http_str h, struct http_url *u)
{
	if (!h.n || h.n >= HTTP_HOST_MAX)
		return HTTP_EURL;
	for (size_t i = 0; i < h.n; i++)
		if (!is_alnum(h.p[i]) && h.p[i] != '-' && h.p[i] != '.' &&
		    h.p[i] != '_')
			return HTTP_EURL;
	LIBK_FN(memcpy)(u->host, h.p, h.n);
	u->host[h.n] = '\0';
	return 0;
}

static int url_port(struct http_str p, struct http_url *u)
{
	uint64_t v;

	if (p.n > 5 || parse_dec(p, &v) || !v || v > 65535)
		return HTTP_EPORT;
	u->port = (uint16_t)v;
	return 0;
}

int http_parse_url(const char *url, size_t len, struct http_url *out)
{
	struct http_str auth, path;
	const char *colon, *end;
	size_t i = 7;
	int rc;

	*out = (struct http_url){.port = 80};
	if (len < 7 || !http_str_ieq(str(url, 7), "http://"))
		return HTTP_ESCHEME;
	while (i < len && url[i] != '/' && url[i] != '?' && url[i] != '#')
		i++;
	auth = str(url + 7, i - 7);
	end = hmemchr(url + i, '#', len - i);
	path = str(url + i, end ? (size_t)(end - url) - i : len - i);
	if (path.n && path.p[0] != '/')
		return HTTP_EURL;
	for (size_t k = 0; k < path.n; k++)
		if (!is_vchar(path.p[k]))
			return HTTP_EURL;
	out->path = path.n ? path : str("/", 1);
	colon = hmemchr(auth.p, ':', auth.n);
	rc = url_host(str(auth.p, colon ? (size_t)(colon - auth.p) : auth.n),
	              out);
	if (!rc && colon)
		rc = url_port(
		    str(colon + 1, auth.n - (size_t)(colon + 1 - auth.p)), out);
	return rc;
}
