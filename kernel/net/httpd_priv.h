/* SPDX-License-Identifier: MIT */
/*
 * The HTTP server's connection (httpd.c runs it; httpd_req.c turns
 * requests into responses; httpd_status.c writes the status page).
 *
 *   C_HEAD --head parsed--> C_BODY (request has a body) --body read-->
 *     \                       ^  (after a 100 Continue)      |
 *      \--no body--> C_SEND --+------------------------------/
 *                      |  response queued: C_HEAD again (pipelined
 *                      |  requests already buffered are served next),
 *                      \  or (close_after) FIN, C_DRAIN until the
 *                         peer's FIN, close
 */
#ifndef KERNEL_NET_HTTPD_PRIV_H
#define KERNEL_NET_HTTPD_PRIV_H
#include <stdbool.h>
#include <stdint.h>
#include <libk/sha256.h>
#include <net/http.h>
#include <net/tcp_sock.h>

#define HTTPD_IN          HTTP_HEAD_MAX  /* a whole head fits */
#define HTTPD_OUT         (16u * 1024)   /* response bytes per send */
#define HTTPD_HEAD_ROOM   512            /* response head before a body */
#define HTTPD_BYTES_MAX   (1ull << 40)   /* /bytes?n= and /sink bodies */
#define HTTPD_DISCARD_MAX (1024u * 1024) /* a body nobody wants */

enum httpd_state { C_HEAD, C_BODY, C_SEND, C_DRAIN };

struct httpd_conn {
	struct tcp_sock *t;
	ip4_addr_t peer;                 /* its address (svc_limit.h) */
	enum httpd_state st, after_send; /* after_send: C_HEAD or C_BODY */
	uint64_t last_ms;                /* last progress */
	uint64_t head_ms; /* when the head being read began (0: none yet) */
	uint64_t body_ms; /* when the body being read began */
	bool eof;         /* the peer's FIN arrived */
	bool close_after; /* close once the response is out */
	bool head_only;   /* HEAD request: no body sent */
	bool runnable;    /* work left without waiting */
	/* the request body */
	bool chunked, sink;
	unsigned reply;    /* error status to answer once the body is in */
	unsigned route;    /* else the route that answers (httpd_req.c) */
	uint64_t bytes_n;  /* /bytes?n=, > HTTPD_BYTES_MAX if malformed */
	const char *allow; /* the methods the path takes (for 405) */
	uint64_t body_left, body_bytes;
	struct http_chunked ch;
	struct sha256_state sha;
	/* the response: src[out_off..out_len) (src is out, or a slice of
	 * the /bytes pattern), then gen_left more bytes of the pattern from
	 * index gen_pos */
	const uint8_t *src;
	uint64_t gen_left, gen_pos;
	uint32_t out_off, out_len, in_len;
	uint8_t in[HTTPD_IN];
	uint8_t out[HTTPD_OUT];
};

/* A parsed request head (c->in still holds it): set up the response or
 * the body to read first. */
void httpd_request(struct httpd_conn *c, const struct http_request *r);
/* Body bytes arrived (already decoded). */
void httpd_body_data(struct httpd_conn *c, const uint8_t *p, size_t n);
/* The whole body is in: queue the pending reply. */
void httpd_body_done(struct httpd_conn *c);
/* Queue an error response (text body); close_after as the caller set. */
void httpd_reply_error(struct httpd_conn *c, unsigned status);
/* The next slice of the /bytes pattern to send (src[out_off..out_len)
 * is all sent, gen_left > 0). */
void httpd_fill_bytes(struct httpd_conn *c);

/* The status page: `name: value` lines into buf[0..cap); the length
 * written (cut short at cap). */
size_t httpd_status_text(char *buf, size_t cap);
/* Counters the status page shows. */
struct httpd_stats {
	uint64_t conns, conns_total, requests;
	uint64_t slow;        /* dropped: head or body too slow */
	uint64_t src_refused; /* reset at accept: svc_per_src_max */
	uint64_t idle_resets; /* reset: a request stalled HTTPD_IDLE_MS */
	uint64_t err_resets;  /* reset: socket error, or EOF mid-body */
};
extern struct httpd_stats httpd_stats;
#endif
