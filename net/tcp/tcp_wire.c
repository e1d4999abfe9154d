/* SPDX-License-Identifier: MIT */
/* TCP header and options: parse and build (RFC 9293 3.1, RFC 7323). */
#include "../net_priv.h"
#include "tcp_wire.h"

/* The length an option of this kind must have, or 0 if any length >= 2
 * is fine (unknown kinds, SACK blocks). */
static size_t opt_fixed_len(uint8_t kind)
{
	switch (kind) {
	case TCP_OPT_MSS:
		return 4;
	case TCP_OPT_WS:
		return 3;
	case TCP_OPT_SACK_OK:
		return 2;
	case TCP_OPT_TS:
		return 10;
	default:
		return 0;
	}
}

/* Record one well-formed option (body = its bytes after kind and len). */
static void opt_record(struct tcp_opts *o, uint8_t kind, const uint8_t *body)
{
	switch (kind) {
	case TCP_OPT_MSS:
		o->mss_set = true;
		o->mss = get16(body);
		break;
	case TCP_OPT_WS:
		o->ws_set = true;
		o->ws = body[0] > TCP_WS_MAX ? TCP_WS_MAX : body[0];
		break;
	case TCP_OPT_SACK_OK:
		o->sack_ok = true;
		break;
	case TCP_OPT_TS:
		o->ts_set = true;
		o->ts_val = get32(body);
		o->ts_ecr = get32(body + 4);
		break;
	}
}

int tcp_opts_parse(const uint8_t *buf, size_t len, struct tcp_opts *o)
{
	nmemset(o, 0, sizeof(*o));
	size_t i = 0;
	while (i < len) {
		uint8_t kind = buf[i];
		if (kind == TCP_OPT_EOL)
			break;
		if (kind == TCP_OPT_NOP) {
			i++;
			continue;
		}
		if (len - i < 2)
			return NET_EPROTO; /* no room for the length byte */
		size_t olen = buf[i + 1];
		if (olen < 2 || olen > len - i)
			return NET_EPROTO;
		size_t want = opt_fixed_len(kind);
		if (want && olen != want)
			return NET_EPROTO;
		opt_record(o, kind, buf + i + 2);
		i += olen;
	}
	return 0;
}

/* NOP NOP SACK len, then the first blocks of o that fit in room bytes
 * (RFC 2018 3: kind 5, length 2 + 8n, each block left and right edge).
 * Returns the bytes written, 0 with no block or no room for one. */
static size_t sack_build(uint8_t *p, size_t room, const struct tcp_opts *o)
{
	size_t k = o->nsack < TCP_SACK_MAX ? o->nsack : TCP_SACK_MAX;

	if (room < 4 + 8)
		return 0;
	if (k > (room - 4) / 8)
		k = (room - 4) / 8;
	if (!k)
		return 0;
	p[0] = TCP_OPT_NOP;
	p[1] = TCP_OPT_NOP;
	p[2] = TCP_OPT_SACK;
	p[3] = (uint8_t)(2 + 8 * k);
	for (size_t i = 0; i < k; i++) {
		put32(p + 4 + 8 * i, o->sack[i].left);
		put32(p + 8 + 8 * i, o->sack[i].right);
	}
	return 4 + 8 * k;
}

int tcp_opts_build(uint8_t *buf, size_t cap, const struct tcp_opts *o)
{
	uint8_t tmp[TCP_OPTS_MAX];
	size_t n = 0;
	if (o->mss_set) {
		tmp[n++] = TCP_OPT_MSS;
		tmp[n++] = 4;
		put16(tmp + n, o->mss);
		n += 2;
	}
	if (o->sack_ok) { /* RFC 2018 2, only ever on a SYN */
		tmp[n++] = TCP_OPT_NOP;
		tmp[n++] = TCP_OPT_NOP;
		tmp[n++] = TCP_OPT_SACK_OK;
		tmp[n++] = 2;
	}
	if (o->ws_set) {
		tmp[n++] = TCP_OPT_NOP;
		tmp[n++] = TCP_OPT_WS;
		tmp[n++] = 3;
		tmp[n++] = o->ws > TCP_WS_MAX ? TCP_WS_MAX : o->ws;
	}
	if (o->ts_set) { /* RFC 7323 appendix A layout: NOP NOP TS */
		tmp[n++] = TCP_OPT_NOP;
		tmp[n++] = TCP_OPT_NOP;
		tmp[n++] = TCP_OPT_TS;
		tmp[n++] = 10;
		put32(tmp + n, o->ts_val);
		put32(tmp + n + 4, o->ts_ecr);
		n += 8;
	}
	n += sack_build(tmp + n, TCP_OPTS_MAX - n, o);
	if (n > cap)
		return NET_EINVAL;
	nmemcpy(buf, tmp, n);
	return (int)n;
}

int tcp_hdr_parse(const uint8_t *seg, size_t len, struct tcp_hdr *h)
{
	if (len < TCP_HDR_MIN)
		return NET_EPROTO;
	size_t hlen = (size_t)(seg[12] >> 4) * 4;
	if (hlen < TCP_HDR_MIN || hlen > len)
		return NET_EPROTO;
	h->sport = get16(seg);
	h->dport = get16(seg + 2);
	h->seq = get32(seg + 4);
	h->ack = get32(seg + 8);
	h->hlen = (uint8_t)hlen;
	h->flags = seg[13];
	h->wnd = get16(seg + 14);
	h->csum = get16(seg + 16);
	h->urp = get16(seg + 18);
	return tcp_opts_parse(seg + TCP_HDR_MIN, hlen - TCP_HDR_MIN, &h->opts);
}

uint16_t tcp_checksum(ip4_addr_t src, ip4_addr_t dst, const uint8_t *seg,
                      size_t len)
{
	uint32_t sum = inet_pseudo_sum(src, dst, 6, (uint16_t)len);
	return inet_sum_fold(inet_sum_add(sum, seg, len));
}

int tcp_seg_fill(uint8_t *buf, size_t cap, const struct tcp_hdr *h,
                 const void *payload, size_t plen)
{
	if (cap < TCP_HDR_MIN)
		return NET_EINVAL;
	int olen =
	    tcp_opts_build(buf + TCP_HDR_MIN, cap - TCP_HDR_MIN, &h->opts);
	if (olen < 0)
		return olen;
	size_t hlen = TCP_HDR_MIN + (size_t)olen;
	if (plen > cap - hlen || hlen + plen > 0xffff)
		return NET_EINVAL;
	put16(buf, h->sport);
	put16(buf + 2, h->dport);
	put32(buf + 4, h->seq);
	put32(buf + 8, h->ack);
	buf[12] = (uint8_t)(hlen / 4 << 4);
	buf[13] = h->flags;
	put16(buf + 14, h->wnd);
	put16(buf + TCP_CSUM_OFF, 0);
	put16(buf + 18, h->urp);
	if (plen)
		nmemcpy(buf + hlen, payload, plen);
	return (int)(hlen + plen);
}

int tcp_seg_build(uint8_t *buf, size_t cap, const struct tcp_hdr *h,
                  const void *payload, size_t plen, ip4_addr_t src,
                  ip4_addr_t dst)
{
	int n = tcp_seg_fill(buf, cap, h, payload, plen);
	if (n >= 0)
		put16(buf + TCP_CSUM_OFF,
		      tcp_checksum(src, dst, buf, (size_t)n));
	return n;
}
