/* SPDX-License-Identifier: MIT */
/*
 * DNS messages (RFC 1035 4.1).
 *
 *   header (12): id | flags (QR opcode AA TC RD RA Z RCODE) | qdcount |
 *                ancount | nscount | arcount
 *   question:    name | qtype | qclass
 *   answer RR:   name | type | class | ttl (32) | rdlength | rdata
 *
 * A name is labels (length byte + bytes) ending in a zero byte, or ending
 * in a compression pointer (two bytes, top bits 11, 14-bit offset) to the
 * rest of a name elsewhere in the message (4.1.4).
 */
#include "net_priv.h"

#define DNS_TYPE_A     1
#define DNS_TYPE_CNAME 5
#define DNS_CLASS_IN   1
#define DNS_FLAG_QR    0x8000
#define DNS_FLAG_TC    0x0200
#define DNS_FLAG_RD    0x0100

/* Length of name without one trailing root dot. */
static size_t name_len(const char *name)
{
	size_t n = nstrlen(name);
	return n && name[n - 1] == '.' ? n - 1 : n;
}

int dns_query_build(uint8_t *buf, size_t cap, uint16_t id, const char *name)
{
	size_t n = name_len(name); /* a fully qualified "name." too */
	if (n == 0 || n > DNS_NAME_MAX || cap < DNS_HDR_LEN + n + 2 + 4)
		return NET_EINVAL;
	nmemset(buf, 0, DNS_HDR_LEN);
	put16(buf, id);
	put16(buf + 2, DNS_FLAG_RD);
	put16(buf + 4, 1);
	size_t o = DNS_HDR_LEN, start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && name[i] != '.')
			continue;
		size_t l = i - start;
		if (l == 0 || l > 63)
			return NET_EINVAL;
		buf[o++] = (uint8_t)l;
		nmemcpy(buf + o, name + start, l);
		o += l;
		start = i + 1;
	}
	buf[o++] = 0;
	put16(buf + o, DNS_TYPE_A);
	put16(buf + o + 2, DNS_CLASS_IN);
	return (int)(o + 4);
}

int dns_name_decode(const uint8_t *msg, size_t len, size_t *off, char *out)
{
	size_t p = *off, o = 0, end = 0;
	unsigned jumps = 0;
	for (;;) {
		if (p >= len)
			return NET_EPROTO;
		uint8_t l = msg[p];
		if ((l & 0xc0) == 0xc0) {
			if (p + 1 >= len || ++jumps > DNS_PTR_MAX)
				return NET_EPROTO;
			if (!end)
				end = p + 2;
			p = (size_t)(l & 0x3f) << 8 | msg[p + 1];
			continue;
		}
		if (l & 0xc0) /* 01, 10: reserved label types */
			return NET_EPROTO;
		if (l == 0)
			break;
		if (p + 1 + l > len || o + l + (o ? 1 : 0) > DNS_NAME_MAX)
			return NET_EPROTO;
		if (o)
			out[o++] = '.';
		nmemcpy(out + o, msg + p + 1, l);
		o += l;
		p += 1u + l;
	}
	out[o] = 0;
	*off = end ? end : p + 1;
	return 0;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

bool dns_name_eq(const char *a, const char *b)
{
	size_t n = name_len(a);
	if (n != name_len(b))
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower(a[i]) != lower(b[i]))
			return false;
	return true;
}

/* One answer record at *off: collect it if it is an A record for cur or
 * follow a CNAME from cur. */
static int dns_rr(const uint8_t *msg, size_t len, size_t *off, char *cur,
                  struct dns_answer *a)
{
	char owner[DNS_NAME_MAX + 1];
	if (dns_name_decode(msg, len, off, owner) || *off + 10 > len)
		return NET_EPROTO;
	const uint8_t *r = msg + *off;
	uint16_t type = get16(r), cls = get16(r + 2), rdlen = get16(r + 8);
	uint32_t ttl = get32(r + 4);
	size_t rd = *off + 10;
	if (rd + rdlen > len)
		return NET_EPROTO;
	*off = rd + rdlen;
	if (cls != DNS_CLASS_IN || !dns_name_eq(owner, cur))
		return 0;
	if (ttl > 0x7fffffff) /* RFC 2181 8: treat as zero */
		ttl = 0;
	if (type == DNS_TYPE_A && rdlen == 4 && a->naddrs < DNS_ADDRS_MAX) {
		a->addrs[a->naddrs++] = get32(msg + rd);
		if (a->naddrs == 1 || ttl < a->ttl)
			a->ttl = ttl;
	} else if (type == DNS_TYPE_CNAME) {
		size_t p = rd;
		if (dns_name_decode(msg, len, &p, cur))
			return NET_EPROTO;
	}
	return 0;
}

int dns_response_parse(const uint8_t *msg, size_t len, const char *qname,
                       struct dns_answer *a)
{
	char name[DNS_NAME_MAX + 1], cur[DNS_NAME_MAX + 1];
	nmemset(a, 0, sizeof(*a));
	if (len < DNS_HDR_LEN)
		return NET_EPROTO;
	uint16_t flags = get16(msg + 2);
	a->id = get16(msg);
	a->rcode = flags & 15;
	a->truncated = flags & DNS_FLAG_TC;
	if (!(flags & DNS_FLAG_QR) || get16(msg + 4) != 1 ||
	    ((flags >> 11) & 15) != 0)
		return NET_EPROTO;
	size_t off = DNS_HDR_LEN;
	if (dns_name_decode(msg, len, &off, name) || off + 4 > len ||
	    !dns_name_eq(name, qname) || get16(msg + off) != DNS_TYPE_A)
		return NET_EPROTO;
	off += 4;
	size_t ql = nstrlen(qname);
	if (ql > DNS_NAME_MAX)
		return NET_EPROTO;
	nmemcpy(cur, qname, ql + 1);
	if (ql && cur[ql - 1] == '.')
		cur[ql - 1] = 0;
	unsigned an = get16(msg + 6);
	for (unsigned i = 0; i < an; i++) {
		if (dns_rr(msg, len, &off, cur, a)) {
			/* a truncated message (TC) may end mid-record: keep
			 * what parsed */
			if (a->truncated)
				break;
			return NET_EPROTO;
		}
	}
	return 0;
}
