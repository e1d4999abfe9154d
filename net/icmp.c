/* SPDX-License-Identifier: MIT */
/*
 * ICMP (RFC 792).
 *
 *   0      1      2          4                8
 *   +------+------+----------+----------------+-----------
 *   | type | code | checksum | id    | seq    | data ...     echo
 *   | type | code | checksum | unused (0)     | IP header + 8 bytes
 *   +------+------+----------+----------------+-----------
 *
 * Echo requests are answered (not when sent to a broadcast address, like
 * Linux's default), up to 65507 bytes of data (the reply is fragmented by
 * ip_frag.c). Destination unreachable quoting a UDP datagram of ours
 * becomes an error on the socket whose 4-tuple it matches; fragmentation
 * needed quoting TCP lowers that connection's MSS (RFC 1191); echo
 * replies and errors quoting an echo request go to the handler
 * (icmp_set_handler). The errors we send are rate-limited by a token
 * bucket (RFC 1812 4.3.2.8). Not done: time exceeded for reassembly
 * timeouts, redirects, parameter problem, timestamps.
 */
#include "net_priv.h"

static int icmp_send(struct net_stack *s, ip4_addr_t dst, uint8_t type,
                     uint8_t code, uint32_t rest, const void *data, size_t len)
{
	if (len > ICMP_ECHO_DATA_MAX)
		return NET_EMSGSIZE;
	struct pkt *p = pkt_alloc(s, ICMP_HLEN + len);
	if (!p)
		return NET_ENOMEM;
	uint8_t *m = pkt_l4(p);
	m[0] = type;
	m[1] = code;
	put16(m + 2, 0);
	put32(m + 4, rest);
	nmemcpy(m + ICMP_HLEN, data, len);
	put16(m + 2, inet_checksum(m, ICMP_HLEN + len));
	return ip_output(s, p, IP_PROTO_ICMP, dst);
}

int icmp_echo_send(struct net_stack *s, ip4_addr_t dst, uint16_t id,
                   uint16_t seq, const void *payload, size_t len)
{
	if (len && !payload)
		return NET_EINVAL;
	return icmp_send(s, dst, ICMP_ECHO_REQUEST, 0, (uint32_t)id << 16 | seq,
	                 payload, len);
}

void icmp_set_handler(struct net_stack *s, icmp_event_fn fn, void *ctx)
{
	s->icmp_fn = fn;
	s->icmp_ctx = ctx;
}

/* RFC 1812 4.3.2.8 token bucket for the errors we send: it holds up to
 * icmp_err_burst tokens (full at start), refills icmp_err_per_sec per
 * second (kept in thousandths, so 10/s gives one every 100 ms), and each
 * error takes one. Without a token the error is not sent
 * (icmp_err_ratelimited). One bucket for the stack, not per
 * destination: the point is to bound what a flood of probes (a UDP
 * port scan, spoofed sources) can make us send. */
static bool icmp_err_token(struct net_stack *s)
{
	uint64_t now = net_now(s);
	uint64_t cap = (uint64_t)s->tun.icmp_err_burst * 1000;
	if (!s->icmp_bucket_started) {
		s->icmp_bucket_started = true;
		s->icmp_tokens = cap;
	} else if (now > s->icmp_refilled) {
		/* thousandths per ms = tokens per second; no overflow for
		 * any tunable values or clock gap */
		uint64_t ms = now - s->icmp_refilled;
		uint32_t rate = s->tun.icmp_err_per_sec;
		uint64_t add = rate && ms > cap / rate ? cap : ms * rate;
		s->icmp_tokens = add >= cap || s->icmp_tokens + add > cap
		                     ? cap
		                     : s->icmp_tokens + add;
	}
	s->icmp_refilled = now;
	if (s->icmp_tokens > cap)
		s->icmp_tokens = cap; /* the burst was lowered */
	if (s->icmp_tokens < 1000) {
		s->cnt.icmp_err_ratelimited++;
		return false;
	}
	s->icmp_tokens -= 1000;
	return true;
}

/* RFC 1122 3.2.2: never in answer to an ICMP error, a broadcast, a
 * non-first fragment (reassembled datagrams are whole here) or a
 * broadcast/multicast source; and at most what the bucket allows. */
void icmp_send_unreach(struct net_stack *s, const struct ip_rx *rx,
                       uint8_t code)
{
	if (rx->bcast || ip_is_bcast(s, rx->h.src) || rx->h.src == IP4_ANY)
		return;
	if (!icmp_err_token(s))
		return;
	size_t quote = rx->hlen + (rx->len < 8 ? rx->len : 8);
	uint8_t buf[60 + 8];
	nmemcpy(buf, rx->hdr, rx->hlen);
	nmemcpy(buf + rx->hlen, rx->data, quote - rx->hlen);
	if (icmp_send(s, rx->h.src, ICMP_DEST_UNREACH, code, 0, buf, quote) ==
	    0)
		s->cnt.icmp_unreach_sent++;
}

static void icmp_emit(struct net_stack *s, const struct icmp_event *ev)
{
	if (s->icmp_fn)
		s->icmp_fn(s->icmp_ctx, ev);
}

/* An error quoting one of our datagrams: its header + 8 bytes. */
static void icmp_error_rx(struct net_stack *s, const struct ip_rx *rx)
{
	const uint8_t *q = rx->data + ICMP_HLEN;
	size_t qlen = rx->len - ICMP_HLEN;
	uint8_t type = rx->data[0], code = rx->data[1];
	if (qlen < IP_HLEN || q[0] >> 4 != 4 || (q[0] & 15) < 5 ||
	    (size_t)(q[0] & 15) * 4 + 8 > qlen) {
		s->cnt.icmp_rx_bad++;
		return;
	}
	size_t qh = (size_t)(q[0] & 15) * 4;
	ip4_addr_t qsrc = get32(q + 12), qdst = get32(q + 16);
	const uint8_t *l4 = q + qh;
	if (type == ICMP_DEST_UNREACH)
		s->cnt.icmp_unreach_rx++;
	if (s->ip && qsrc != s->ip)
		return; /* not about something we sent */
	if (q[9] == IP_PROTO_UDP && type == ICMP_DEST_UNREACH) {
		int err = code == 3 ? NET_ECONNREFUSED : NET_EHOSTUNREACH;
		if (!udp_icmp_error(s, qsrc, qdst, get16(l4), get16(l4 + 2),
		                    err))
			s->cnt.icmp_err_unmatched++;
	} else if (q[9] == IP_PROTO_TCP && type == ICMP_DEST_UNREACH &&
	           code == ICMP_FRAG_NEEDED) {
		/* RFC 1191 4: the next-hop MTU is the low 16 bits of the
		 * word after the checksum */
		tcp_icmp_frag_needed(s, qdst, get16(l4), get16(l4 + 2),
		                     get32(l4 + 4), get16(rx->data + 6),
		                     get16(q + 2));
	} else if (q[9] == IP_PROTO_TCP && type == ICMP_DEST_UNREACH) {
		tcp_icmp_unreach(s, qdst, get16(l4), get16(l4 + 2),
		                 get32(l4 + 4), code);
	} else if (q[9] == IP_PROTO_ICMP && l4[0] == ICMP_ECHO_REQUEST) {
		struct icmp_event ev = {
		    .from = rx->h.src,
		    .quoted_dst = qdst,
		    .type = type,
		    .code = code,
		    .ttl = rx->h.ttl,
		    .id = get16(l4 + 4),
		    .seq = get16(l4 + 6),
		};
		icmp_emit(s, &ev);
	}
}

void icmp_rx(struct net_stack *s, const struct ip_rx *rx)
{
	const uint8_t *m = rx->data;
	s->cnt.icmp_rx++;
	if (rx->len < ICMP_HLEN || inet_checksum(m, rx->len) != 0) {
		s->cnt.icmp_rx_bad++;
		return;
	}
	switch (m[0]) {
	case ICMP_ECHO_REQUEST:
		if (rx->bcast || m[1] != 0)
			return;
		if (icmp_send(s, rx->h.src, ICMP_ECHO_REPLY, 0, get32(m + 4),
		              m + ICMP_HLEN, rx->len - ICMP_HLEN) == 0)
			s->cnt.icmp_echo_replied++;
		break;
	case ICMP_ECHO_REPLY: {
		struct icmp_event ev = {
		    .from = rx->h.src,
		    .type = m[0],
		    .code = m[1],
		    .ttl = rx->h.ttl,
		    .id = get16(m + 4),
		    .seq = get16(m + 6),
		    .payload = m + ICMP_HLEN,
		    .len = rx->len - ICMP_HLEN,
		};
		icmp_emit(s, &ev);
		break;
	}
	case ICMP_DEST_UNREACH:
	case ICMP_TIME_EXCEEDED:
		icmp_error_rx(s, rx);
		break;
	default:
		break;
	}
}
