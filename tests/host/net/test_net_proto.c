/* SPDX-License-Identifier: MIT */
/* Parsers and builders of net/: checksums, addresses, IPv4 headers, DHCP
 * and DNS messages, the net= option. Round trips and crafted bad input. */
#include "../test.h"
#include "netsim.h"
#include <net/netcfg.h>

static void test_checksum(void)
{
	/* RFC 1071 3: the example 00 01 f2 03 f4 f5 f6 f7 sums to ddf2 */
	uint8_t ex[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
	CHECK_EQ(inet_checksum(ex, 8), (uint16_t)~0xddf2);
	/* odd length: the last byte is padded with zero */
	uint8_t odd[] = {0x12, 0x34, 0x56};
	CHECK_EQ(inet_checksum(odd, 3), (uint16_t) ~(0x1234 + 0x5600));
	CHECK_EQ(inet_checksum(odd, 0), 0xffff);
	/* summing in even-length chunks equals summing at once */
	uint8_t buf[101];
	for (unsigned i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 37 + 11);
	uint32_t part = inet_sum_add(0, buf, 40);
	part = inet_sum_add(part, buf + 40, 61);
	CHECK_EQ(inet_sum_fold(part), inet_checksum(buf, sizeof(buf)));
	/* a buffer with its checksum inserted sums to zero */
	buf[10] = buf[11] = 0;
	uint16_t c = inet_checksum(buf, 100);
	buf[10] = (uint8_t)(c >> 8);
	buf[11] = (uint8_t)c;
	CHECK_EQ(inet_checksum(buf, 100), 0);
	/* RFC 1624: incremental update equals recomputation, random words */
	for (int i = 0; i < 1000; i++) {
		unsigned w = (unsigned)test_rand_below(50) * 2;
		if (w == 10)
			continue;
		uint16_t old = (uint16_t)(buf[w] << 8 | buf[w + 1]);
		uint16_t nw = (uint16_t)test_rand();
		uint16_t before = (uint16_t)(buf[10] << 8 | buf[11]);
		buf[w] = (uint8_t)(nw >> 8);
		buf[w + 1] = (uint8_t)nw;
		uint16_t inc = inet_csum_update16(before, old, nw);
		buf[10] = buf[11] = 0;
		uint16_t full = inet_checksum(buf, 100);
		/* 0x0000 and 0xffff are the same in one's complement */
		CHECK(inc == full || (inc ^ full) == 0xffff);
		buf[10] = (uint8_t)(full >> 8);
		buf[11] = (uint8_t)full;
	}
}

static void test_addr(void)
{
	ip4_addr_t a;
	char s[IP4_STR_MAX];
	CHECK_EQ(ip4_parse("10.0.2.15", 9, &a), 0);
	CHECK_EQ(a, IP4(10, 0, 2, 15));
	CHECK_STREQ(ip4_format(a, s), "10.0.2.15");
	CHECK_STREQ(ip4_format(IP4_BROADCAST, s), "255.255.255.255");
	const char *bad[] = {"",           "1.2.3",    "1.2.3.4.5", "256.1.1.1",
	                     "1..2.3",     "01.2.3.4", "1.2.3.4 ",  "a.b.c.d",
	                     "1.2.3.1000", "-1.2.3.4"};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK_EQ(ip4_parse(bad[i], strlen(bad[i]), &a), NET_EINVAL);
	/* the length bounds the parse: no NUL needed */
	CHECK_EQ(ip4_parse("1.2.3.45", 7, &a), 0);
	CHECK_EQ(a, IP4(1, 2, 3, 4));
	CHECK_EQ(ip4_prefix_mask(24), IP4(255, 255, 255, 0));
	CHECK_EQ(ip4_prefix_mask(0), 0);
	CHECK_EQ(ip4_prefix_mask(32), IP4_BROADCAST);
	CHECK_EQ(ip4_mask_prefix(IP4(255, 255, 240, 0)), 20);
	CHECK_EQ(ip4_mask_prefix(IP4(255, 0, 255, 0)), NET_EINVAL);
}

static void test_ip_hdr(void)
{
	uint8_t b[64];
	struct ip4_hdr h = {.total_len = 40,
	                    .id = 0x1234,
	                    .df = true,
	                    .ttl = 7,
	                    .proto = 17,
	                    .src = IP4(1, 2, 3, 4),
	                    .dst = IP4(5, 6, 7, 8)},
	               g;
	ip4_hdr_build(b, &h);
	CHECK_EQ(ip4_hdr_parse(b, 40, &g), 0);
	CHECK_EQ(g.id, 0x1234);
	CHECK(g.df && !g.mf);
	CHECK_EQ(g.ttl, 7);
	CHECK_EQ(g.src, h.src);
	CHECK_EQ(g.dst, h.dst);
	CHECK_EQ(g.hlen, 20);
	/* shorter than total length, shorter than a header */
	CHECK_EQ(ip4_hdr_parse(b, 39, &g), NET_EPROTO);
	CHECK_EQ(ip4_hdr_parse(b, 19, &g), NET_EPROTO);
	/* bad checksum */
	b[8] ^= 1;
	CHECK_EQ(ip4_hdr_parse(b, 40, &g), NET_EINVAL);
	b[8] ^= 1;
	/* version 6, IHL 4, IHL beyond the data */
	uint8_t c[64];
	memcpy(c, b, 64);
	c[0] = 0x65;
	CHECK_EQ(ip4_hdr_parse(c, 40, &g), NET_EPROTO);
	c[0] = 0x44;
	CHECK_EQ(ip4_hdr_parse(c, 40, &g), NET_EPROTO);
	c[0] = 0x4f; /* 60-byte header > total length 40 */
	CHECK_EQ(ip4_hdr_parse(c, 40, &g), NET_EPROTO);
	/* fragment fields round trip */
	h.df = false;
	h.mf = true;
	h.frag_off = 1480;
	ip4_hdr_build(b, &h);
	CHECK_EQ(ip4_hdr_parse(b, 40, &g), 0);
	CHECK(g.mf);
	CHECK_EQ(g.frag_off, 1480);
}

static void test_dhcp_msg(void)
{
	uint8_t b[DHCP_MSG_MAX];
	struct dhcp_msg m = {.type = DHCP_REQUEST,
	                     .xid = 0xdeadbeef,
	                     .req_ip = IP4(10, 0, 2, 15),
	                     .req_ip_set = true,
	                     .server_id = IP4(10, 0, 2, 2),
	                     .server_set = true},
	                g;
	memcpy(m.chaddr, sim_peer_mac, 6);
	int n = dhcp_msg_build(b, sizeof(b), &m);
	CHECK_EQ(n, 300);
	CHECK_EQ(dhcp_msg_parse(b, (size_t)n, &g), 0);
	CHECK_EQ(g.op, 1);
	CHECK_EQ(g.type, DHCP_REQUEST);
	CHECK_EQ(g.xid, 0xdeadbeef);
	CHECK(g.req_ip_set && g.req_ip == IP4(10, 0, 2, 15));
	CHECK(g.server_set && g.server_id == IP4(10, 0, 2, 2));
	CHECK_MEMEQ(g.chaddr, sim_peer_mac, 6);
	CHECK_EQ(dhcp_msg_build(b, 299, &m), NET_EINVAL);
	/* every truncation is rejected (the end option goes missing) */
	for (int len = 0; len < 250; len++)
		CHECK_EQ(dhcp_msg_parse(b, (size_t)len, &g), NET_EPROTO);
	/* an option whose length runs past the end */
	uint8_t t[DHCP_MSG_MAX];
	memcpy(t, b, 240);
	t[240] = 51;
	t[241] = 200;
	CHECK_EQ(dhcp_msg_parse(t, 250, &g), NET_EPROTO);
	/* bad cookie */
	memcpy(t, b, 300);
	t[236] = 0;
	CHECK_EQ(dhcp_msg_parse(t, 300, &g), NET_EPROTO);
	/* odd-length DNS option keeps whole addresses only */
	memcpy(t, b, 240);
	uint8_t opts[] = {6, 9, 1, 1, 1,   1,   8,   8, 8,
	                  8, 9, 1, 4, 255, 255, 255, 0, 255};
	memcpy(t + 240, opts, sizeof(opts));
	CHECK_EQ(dhcp_msg_parse(t, 240 + sizeof(opts), &g), 0);
	CHECK_EQ(g.ndns, 2);
	CHECK_EQ(g.dns[1], IP4(8, 8, 8, 8));
	CHECK(g.mask_set && g.mask == IP4(255, 255, 255, 0));
}

static void test_dns_msg(void)
{
	uint8_t b[DNS_MSG_MAX];
	int n = dns_query_build(b, sizeof(b), 0xabcd, "www.Example.com");
	CHECK_EQ(n, 12 + 17 + 4);
	CHECK_EQ(b[12], 3);
	CHECK_EQ(b[0], 0xab);
	size_t off = 12;
	char name[DNS_NAME_MAX + 1];
	CHECK_EQ(dns_name_decode(b, (size_t)n, &off, name), 0);
	CHECK_STREQ(name, "www.Example.com");
	CHECK_EQ(off, 29);
	CHECK_EQ(dns_query_build(b, sizeof(b), 1, "a..b"), NET_EINVAL);
	CHECK_EQ(dns_query_build(b, sizeof(b), 1, ""), NET_EINVAL);
	CHECK_EQ(dns_query_build(b, sizeof(b), 1, "."), NET_EINVAL);
	char lbl[80];
	memset(lbl, 'a', 64);
	lbl[64] = 0;
	CHECK_EQ(dns_query_build(b, sizeof(b), 1, lbl), NET_EINVAL);
	CHECK_EQ(dns_query_build(b, 20, 1, "example.com"), NET_EINVAL);
	CHECK(dns_query_build(b, sizeof(b), 1, "example.com.") > 0);

	/* compression: a pointer to itself, and two pointing at each
	 * other, end with an error, not a hang */
	uint8_t loop[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xc0, 12};
	off = 12;
	CHECK_EQ(dns_name_decode(loop, sizeof(loop), &off, name), NET_EPROTO);
	uint8_t loop2[] = {0, 0, 0, 0,   0,    0,  0, 0,   0,    0,
	                   0, 0, 1, 'a', 0xc0, 16, 1, 'b', 0xc0, 12};
	off = 12;
	CHECK_EQ(dns_name_decode(loop2, sizeof(loop2), &off, name), NET_EPROTO);
	/* a pointer past the end, a label past the end, reserved bits */
	uint8_t past[] = {0xc0, 0x40};
	off = 0;
	CHECK_EQ(dns_name_decode(past, 2, &off, name), NET_EPROTO);
	uint8_t lpast[] = {5, 'a', 'b'};
	off = 0;
	CHECK_EQ(dns_name_decode(lpast, 3, &off, name), NET_EPROTO);
	uint8_t resv[] = {0x40, 0};
	off = 0;
	CHECK_EQ(dns_name_decode(resv, 2, &off, name), NET_EPROTO);
	/* a name longer than 253 characters built from pointers */
	uint8_t longn[300];
	size_t o = 0;
	for (int i = 0; i < 4; i++) {
		longn[o++] = 63;
		memset(longn + o, 'x', 63);
		o += 63;
	}
	longn[o++] = 0;
	off = 0;
	CHECK_EQ(dns_name_decode(longn, o, &off, name), NET_EPROTO);
}

/* A response: question for qname, then the given answer bytes. */
static size_t dns_reply(uint8_t *b, uint16_t id, uint16_t flags,
                        const char *qname, unsigned ancount, const uint8_t *ans,
                        size_t anslen)
{
	int n = dns_query_build(b, DNS_MSG_MAX, id, qname);
	b[2] = (uint8_t)(flags >> 8);
	b[3] = (uint8_t)flags;
	b[7] = (uint8_t)ancount;
	if (anslen)
		memcpy(b + n, ans, anslen);
	return (size_t)n + anslen;
}

static void test_dns_response(void)
{
	uint8_t b[DNS_MSG_MAX];
	struct dns_answer a;
	/* www.example.com CNAME web.example.com (compressed), A 1.2.3.4,
	 * plus an A record for another name that must be ignored */
	uint8_t ans[] = {
	    0xc0, 12,  0,    5,  0, 1,   0,   0,   1,    0,  0, 6,   3, 'w',
	    'e',  'b', 0xc0, 16, 3, 'w', 'e', 'b', 0xc0, 16, 0, 1,   0, 1,
	    0,    0,   0,    30, 0, 4,   1,   2,   3,    4,  1, 'z', 0, 0,
	    1,    0,   1,    0,  0, 0,   30,  0,   4,    9,  9, 9,   9,
	};
	size_t n =
	    dns_reply(b, 7, 0x8180, "www.example.com", 3, ans, sizeof(ans));
	CHECK_EQ(dns_response_parse(b, n, "WWW.example.com", &a), 0);
	CHECK_EQ(a.id, 7);
	CHECK_EQ(a.naddrs, 1);
	CHECK_EQ(a.addrs[0], IP4(1, 2, 3, 4));
	CHECK_EQ(a.ttl, 30);
	/* every truncation of it fails cleanly */
	for (size_t len = 0; len < n; len++)
		CHECK_EQ(dns_response_parse(b, len, "www.example.com", &a),
		         NET_EPROTO);
	/* with TC set, a cut-off message keeps the records that parsed */
	b[2] |= 0x02;
	CHECK_EQ(dns_response_parse(b, n - 10, "www.example.com", &a), 0);
	CHECK(a.truncated);
	CHECK_EQ(a.naddrs, 1);
	/* a question for a different name, a query (QR clear) */
	n = dns_reply(b, 7, 0x8180, "other.example.com", 0, NULL, 0);
	CHECK_EQ(dns_response_parse(b, n, "www.example.com", &a), NET_EPROTO);
	n = dns_reply(b, 7, 0x0100, "www.example.com", 0, NULL, 0);
	CHECK_EQ(dns_response_parse(b, n, "www.example.com", &a), NET_EPROTO);
	/* NXDOMAIN parses, with rcode 3 */
	n = dns_reply(b, 7, 0x8183, "www.example.com", 0, NULL, 0);
	CHECK_EQ(dns_response_parse(b, n, "www.example.com", &a), 0);
	CHECK_EQ(a.rcode, 3);
	/* an answer whose rdlength runs past the end */
	uint8_t bad[] = {0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 1, 0, 40, 1, 2, 3, 4};
	n = dns_reply(b, 7, 0x8180, "www.example.com", 1, bad, sizeof(bad));
	CHECK_EQ(dns_response_parse(b, n, "www.example.com", &a), NET_EPROTO);
}

static void test_netcfg(void)
{
	struct net_cfg c;
#define P(str) net_cfg_parse(str, strlen(str), &c)
	CHECK_EQ(P("dhcp"), 0);
	CHECK_EQ(c.mode, NET_CFG_DHCP);
	CHECK_EQ(P("none"), 0);
	CHECK_EQ(c.mode, NET_CFG_NONE);
	CHECK_EQ(P("static:10.0.2.15/24,10.0.2.2,10.0.2.3"), 0);
	CHECK_EQ(c.mode, NET_CFG_STATIC);
	CHECK_EQ(c.st.ip, IP4(10, 0, 2, 15));
	CHECK_EQ(c.st.mask, IP4(255, 255, 255, 0));
	CHECK_EQ(c.st.gw, IP4(10, 0, 2, 2));
	CHECK_EQ(c.st.dns, IP4(10, 0, 2, 3));
	CHECK_EQ(P("static:192.168.1.9/16"), 0);
	CHECK_EQ(c.st.gw, 0);
	CHECK_EQ(c.st.mask, IP4(255, 255, 0, 0));
	CHECK_EQ(P("static:192.168.1.9/16,192.168.0.1"), 0);
	CHECK_EQ(c.st.gw, IP4(192, 168, 0, 1));
	CHECK_EQ(c.st.dns, 0);
	const char *bad[] = {
	    "",
	    "DHCP",
	    "dhcp ",
	    "static:",
	    "static:10.0.2.15",
	    "static:10.0.2.15/33",
	    "static:10.0.2.15/0",
	    "static:10.0.2.15/",
	    "static:10.0.2.15/24,",
	    "static:10.0.2.15/24,1.2.3.4",
	    "static:10.0.2.0/24",
	    "static:10.0.2.255/24",
	    "static:10.0.2.15/24,10.0.2.2,10.0.2.3,1.1.1.1",
	    "static:10.0.2.15/24,10.0.2.2,x",
	    "static:224.0.0.1/24",
	    "static:10.0.2.15/2x",
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		c.mode = NET_CFG_NONE;
		CHECK_EQ(P(bad[i]), NET_EINVAL);
		CHECK_EQ(c.mode, NET_CFG_NONE); /* untouched */
	}
	/* the length bounds the value */
	CHECK_EQ(net_cfg_parse("dhcpXYZ", 4, &c), 0);
	CHECK_EQ(c.mode, NET_CFG_DHCP);
#undef P
}

int main(void)
{
	test_rng_seed();
	test_checksum();
	test_addr();
	test_ip_hdr();
	test_dhcp_msg();
	test_dns_msg();
	test_dns_response();
	test_netcfg();
	CHECK_STREQ(net_strerror(NET_ETIMEDOUT), "timed out");
	CHECK_STREQ(net_strerror(-1000), "unknown error");
	return test_finish();
}
