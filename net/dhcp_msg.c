/* SPDX-License-Identifier: MIT */
/*
 * DHCP messages (RFC 2131 2, options RFC 2132).
 *
 *   0    1     2     3     4         8      10      12
 *   +----+-----+-----+-----+---------+------+-------+
 *   | op |htype| hlen|hops |   xid   | secs | flags |
 *   | ciaddr (12) | yiaddr (16) | siaddr (20) | giaddr (24) |
 *   | chaddr (28, 16 bytes) | sname (44, 64) | file (108, 128) |
 *   | magic cookie 99.130.83.99 (236) | options (240) ... 255 |
 *   +-----------------------------------------------------------+
 */
#include "net_priv.h"

#define DHCP_FIXED   236
#define DHCP_OPTS    240
#define DHCP_MIN_LEN 300 /* BOOTP minimum (RFC 1542 2.1) */
static const uint8_t cookie[4] = {99, 130, 83, 99};

/* Options (RFC 2132 3..9) we understand. */
static void dhcp_opt(struct dhcp_msg *m, uint8_t code, const uint8_t *v,
                     uint8_t len)
{
	switch (code) {
	case 1:
		if (len == 4)
			m->mask = get32(v), m->mask_set = true;
		break;
	case 3:
		if (len >= 4)
			m->router = get32(v), m->router_set = true;
		break;
	case 6:
		for (uint8_t i = 0; i + 4 <= len && m->ndns < NET_DNS_MAX;
		     i += 4)
			m->dns[m->ndns++] = get32(v + i);
		break;
	case 50:
		if (len == 4)
			m->req_ip = get32(v), m->req_ip_set = true;
		break;
	case 51:
		if (len == 4)
			m->lease_s = get32(v), m->lease_set = true;
		break;
	case 53:
		if (len == 1)
			m->type = v[0];
		break;
	case 54:
		if (len == 4)
			m->server_id = get32(v), m->server_set = true;
		break;
	case 58:
		if (len == 4)
			m->t1_s = get32(v), m->t1_set = true;
		break;
	case 59:
		if (len == 4)
			m->t2_s = get32(v), m->t2_set = true;
		break;
	default:
		break;
	}
}

int dhcp_msg_parse(const uint8_t *b, size_t len, struct dhcp_msg *m)
{
	nmemset(m, 0, sizeof(*m));
	if (len < DHCP_OPTS || nmemcmp(b + DHCP_FIXED, cookie, 4) ||
	    b[1] != 1 || b[2] != ETH_ALEN)
		return NET_EPROTO;
	m->op = b[0];
	m->xid = get32(b + 4);
	m->flags = get16(b + 10);
	m->ciaddr = get32(b + 12);
	m->yiaddr = get32(b + 16);
	m->siaddr = get32(b + 20);
	nmemcpy(m->chaddr, b + 28, ETH_ALEN);
	size_t i = DHCP_OPTS;
	while (i < len) {
		uint8_t code = b[i++];
		if (code == 0)
			continue;
		if (code == 255)
			return 0;
		if (i >= len || b[i] > len - i - 1)
			return NET_EPROTO;
		uint8_t olen = b[i++];
		dhcp_opt(m, code, b + i, olen);
		i += olen;
	}
	return NET_EPROTO; /* no end option */
}

static size_t put_opt(uint8_t *o, uint8_t code, const void *v, uint8_t len)
{
	o[0] = code;
	o[1] = len;
	nmemcpy(o + 2, v, len);
	return 2u + len;
}

static size_t put_opt32(uint8_t *o, uint8_t code, uint32_t v)
{
	uint8_t b[4];
	put32(b, v);
	return put_opt(o, code, b, 4);
}

int dhcp_msg_build(uint8_t *b, size_t cap, const struct dhcp_msg *m)
{
	static const uint8_t params[] = {1, 3, 6, 51, 54, 58, 59};
	if (cap < DHCP_MIN_LEN)
		return NET_EINVAL;
	nmemset(b, 0, DHCP_MIN_LEN);
	b[0] = 1; /* BOOTREQUEST */
	b[1] = 1; /* Ethernet */
	b[2] = ETH_ALEN;
	put32(b + 4, m->xid);
	put16(b + 10, m->flags);
	put32(b + 12, m->ciaddr);
	nmemcpy(b + 28, m->chaddr, ETH_ALEN);
	nmemcpy(b + DHCP_FIXED, cookie, 4);
	uint8_t *o = b + DHCP_OPTS;
	uint8_t cid[1 + ETH_ALEN] = {1};
	nmemcpy(cid + 1, m->chaddr, ETH_ALEN);
	o += put_opt(o, 53, &m->type, 1);
	o += put_opt(o, 61, cid, sizeof(cid));
	if (m->req_ip_set)
		o += put_opt32(o, 50, m->req_ip);
	if (m->server_set)
		o += put_opt32(o, 54, m->server_id);
	o += put_opt(o, 55, params, sizeof(params));
	*o++ = 255;
	return DHCP_MIN_LEN; /* the options above fit in 60 bytes */
}
