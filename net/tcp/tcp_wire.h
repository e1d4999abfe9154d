/* SPDX-License-Identifier: MIT */
/*
 * TCP segment header and options on the wire (RFC 9293 3.1, RFC 7323).
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-------------------------------+-------------------------------+
 *   |          Source Port          |       Destination Port        |
 *   +-------------------------------+-------------------------------+
 *   |                        Sequence Number                        |
 *   +---------------------------------------------------------------+
 *   |                    Acknowledgment Number                      |
 *   +-------+-------+---------------+-------------------------------+
 *   |  Data | Rsrvd |C E U A P R S F|            Window             |
 *   | Offset|       |W C R C S S Y I|                               |
 *   +-------+-------+---------------+-------------------------------+
 *   |           Checksum            |         Urgent Pointer        |
 *   +-------------------------------+-------------------------------+
 *   |            Options (0..40 bytes, data offset * 4 - 20)        |
 *   +---------------------------------------------------------------+
 *   |                             Data                              |
 */
#ifndef NET_TCP_WIRE_H
#define NET_TCP_WIRE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/net.h>

#define TCP_HDR_MIN  20
#define TCP_HDR_MAX  60
#define TCP_OPTS_MAX (TCP_HDR_MAX - TCP_HDR_MIN)

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10
#define TCP_URG 0x20
#define TCP_ECE 0x40
#define TCP_CWR 0x80

/* Option kinds (IANA "TCP Option Kind Numbers"). */
#define TCP_OPT_EOL     0
#define TCP_OPT_NOP     1
#define TCP_OPT_MSS     2 /* len 4, RFC 9293 3.7.1 */
#define TCP_OPT_WS      3 /* len 3, RFC 7323 2.2 */
#define TCP_OPT_SACK_OK 4 /* len 2, RFC 2018 */
#define TCP_OPT_SACK    5 /* len 2 + 8n, RFC 2018 (sent; skipped on input) */
#define TCP_OPT_TS      8 /* len 10, RFC 7323 3.2 */

#define TCP_WS_MAX      14  /* RFC 7323 2.3: larger shifts are treated as 14 */
#define TCP_MSS_DEFAULT 536 /* RFC 9293 3.7.1: when no MSS option came */

/* SACK blocks one segment can carry: 4 in the 40 option bytes, 3 next
 * to timestamps (RFC 2018 3). */
#define TCP_SACK_MAX 4

/* One SACK block: the bytes [left, right) are held (RFC 2018 3). */
struct tcp_sack_block {
	uint32_t left, right;
};

/* Options we understand; *_set says whether present. nsack blocks of
 * sack[] are sent (as many as fit); received SACK blocks are skipped
 * (tern's sender does not use them), so parsing leaves nsack 0. */
struct tcp_opts {
	bool mss_set, ws_set, sack_ok, ts_set;
	uint16_t mss;
	uint8_t ws; /* shift count, already clamped to TCP_WS_MAX */
	uint8_t nsack;
	uint32_t ts_val, ts_ecr;
	struct tcp_sack_block sack[TCP_SACK_MAX];
};

/* A parsed header. hlen is the data offset in bytes (20..60): the
 * payload is seg[hlen..len). */
struct tcp_hdr {
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t hlen, flags;
	uint16_t wnd, csum, urp;
	struct tcp_opts opts;
};

/* Parse the options area buf[0..len). EOL ends it, NOP is skipped, other
 * options need a length byte >= 2 that fits; unknown kinds are skipped by
 * their length. Known kinds with the wrong length are malformed. Returns
 * 0 or NET_EPROTO; o is cleared first. */
int tcp_opts_parse(const uint8_t *buf, size_t len, struct tcp_opts *o);

/* Write the set options of o (MSS, SACK-permitted, WS, timestamps, then
 * as many of o's nsack SACK blocks as the 40 option bytes hold) padded
 * with NOPs to a multiple of 4. Returns the length (0..40) or NET_EINVAL
 * if cap is too small. */
int tcp_opts_build(uint8_t *buf, size_t cap, const struct tcp_opts *o);

/* Parse the header of the segment seg[0..len) (the IP payload). Checks
 * 20 <= data offset * 4 <= len and the options. Does not check the
 * checksum (tcp_checksum). 0 or NET_EPROTO. */
int tcp_hdr_parse(const uint8_t *seg, size_t len, struct tcp_hdr *h);

/* The checksum over the pseudo-header (RFC 9293 3.1) and seg[0..len),
 * len <= 65535. A received segment is intact iff this is 0; on a segment
 * whose checksum field is zero it gives the value to store. */
uint16_t tcp_checksum(ip4_addr_t src, ip4_addr_t dst, const uint8_t *seg,
                      size_t len);

/* Build a segment into buf[cap]: h's ports, seq, ack, flags, wnd, urp
 * and options (h->hlen and h->csum are ignored), then plen bytes of
 * payload, then the checksum for src -> dst. Returns the segment length,
 * or NET_EINVAL if cap is too small or the segment exceeds 65535. */
int tcp_seg_build(uint8_t *buf, size_t cap, const struct tcp_hdr *h,
                  const void *payload, size_t plen, ip4_addr_t src,
                  ip4_addr_t dst);
/* tcp_seg_build with the checksum field left zero (the caller fills
 * it: l4_csum_out, at offset TCP_CSUM_OFF). */
int tcp_seg_fill(uint8_t *buf, size_t cap, const struct tcp_hdr *h,
                 const void *payload, size_t plen);
#define TCP_CSUM_OFF 16

#endif
