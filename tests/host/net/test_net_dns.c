/* SPDX-License-Identifier: MIT */
/* The DNS resolver against simulated servers: answers, NXDOMAIN, retries
 * across servers, timeouts, the TTL cache, spoofed replies. */
#include "../test.h"
#include "netsim.h"
#include <net/dns.h>

#define US   IP4(10, 0, 0, 2)
#define DNS1 IP4(10, 0, 0, 53)
#define DNS2 IP4(10, 0, 0, 54)

static struct sim_dev dev;
static uint8_t f[ETH_FRAME_MAX + 64], g[ETH_FRAME_MAX + 64];

struct result {
	int calls, err;
	ip4_addr_t addr;
	unsigned n;
};
static void done(void *ctx, int err, const char *name, const ip4_addr_t *a,
                 unsigned n)
{
	struct result *r = ctx;
	r->calls++;
	r->err = err;
	r->n = n;
	r->addr = n ? a[0] : 0;
}

/* The last query the stack sent: server, source port, ID. */
struct sent {
	ip4_addr_t dst;
	uint16_t sport, id;
	uint8_t msg[512];
	size_t len;
};
static bool next_query(struct sent *q)
{
	size_t n;
	while ((n = sim_pop(&dev, g))) {
		struct ip4_hdr h;
		const uint8_t *l4;
		size_t l4len;
		if (sim_parse(g, n, &h, &l4, &l4len) != 17 || l4[3] != 53)
			continue;
		q->dst = h.dst;
		q->sport = (uint16_t)(l4[0] << 8 | l4[1]);
		q->id = (uint16_t)(l4[8] << 8 | l4[9]);
		q->len = l4len - 8;
		memcpy(q->msg, l4 + 8, q->len);
		return true;
	}
	return false;
}

/* Answer q from server src: rcode, one A record addr with ttl. */
static void answer(const struct sent *q, ip4_addr_t src, uint16_t id, int rcode,
                   ip4_addr_t addr, uint32_t ttl)
{
	uint8_t m[512];
	memcpy(m, q->msg, q->len);
	size_t n = q->len;
	m[0] = (uint8_t)(id >> 8), m[1] = (uint8_t)id;
	m[2] = 0x81, m[3] = (uint8_t)(0x80 | rcode);
	if (rcode == 0) {
		m[7] = 1;
		uint8_t rr[] = {0xc0,
		                12,
		                0,
		                1,
		                0,
		                1,
		                (uint8_t)(ttl >> 24),
		                (uint8_t)(ttl >> 16),
		                (uint8_t)(ttl >> 8),
		                (uint8_t)ttl,
		                0,
		                4,
		                (uint8_t)(addr >> 24),
		                (uint8_t)(addr >> 16),
		                (uint8_t)(addr >> 8),
		                (uint8_t)addr};
		memcpy(m + n, rr, sizeof(rr));
		n += sizeof(rr);
	}
	size_t len =
	    sim_udp(f, dev.dev.mac, sim_peer_mac, src, US, 53, q->sport, m, n);
	net_rx(&dev.dev, f, len);
}

static void test_resolve(void)
{
	struct net_stack *s = sim_stack(&dev, US);
	net_tunables(s)->arp_reachable_ms = 1000000000; /* no ARP here */
	sim_teach(&dev, DNS1, US);
	sim_teach(&dev, DNS2, US);
	struct result r = {0};
	ip4_addr_t out = 0;
	/* no server configured */
	CHECK_EQ(dns_resolve(s, "tern.test", &out, done, &r), NET_ENETUNREACH);
	ip4_addr_t servers[] = {DNS1, DNS2};
	net_set_dns_servers(s, servers, 2);
	/* a dotted quad needs no query */
	CHECK_EQ(dns_resolve(s, "1.2.3.4", &out, done, &r), 0);
	CHECK_EQ(out, IP4(1, 2, 3, 4));
	CHECK_EQ(dns_resolve(s, "bad..name", &out, done, &r), NET_EINVAL);
	CHECK_EQ(dns_resolve(s, "tern.test", &out, done, &r), NET_EINPROGRESS);
	struct sent q, q2;
	CHECK(next_query(&q));
	CHECK_EQ(q.dst, DNS1);
	CHECK(q.sport >= 49152);
	/* spoofed: wrong ID, wrong server, wrong port are ignored */
	answer(&q, DNS1, (uint16_t)(q.id + 1), 0, IP4(6, 6, 6, 6), 60);
	answer(&q, DNS2, q.id, 0, IP4(6, 6, 6, 6), 60);
	CHECK_EQ(r.calls, 0);
	answer(&q, DNS1, q.id, 0, IP4(93, 184, 216, 34), 60);
	CHECK_EQ(r.calls, 1);
	CHECK_EQ(r.err, 0);
	CHECK_EQ(r.addr, IP4(93, 184, 216, 34));
	/* cached for the TTL: no query */
	out = 0;
	CHECK_EQ(dns_resolve(s, "tern.test", &out, done, &r), 0);
	CHECK_EQ(out, IP4(93, 184, 216, 34));
	CHECK(!next_query(&q2));
	sim_advance(s, 60000);
	CHECK_EQ(dns_resolve(s, "tern.test", &out, done, &r), NET_EINPROGRESS);
	CHECK(next_query(&q2));
	/* a different random ID each query */
	CHECK(q2.id != q.id || q2.sport != q.sport);
	/* the first server is silent: after 2 s the second is asked */
	sim_advance(s, 2000);
	CHECK(next_query(&q));
	CHECK_EQ(q.dst, DNS2);
	answer(&q, DNS2, q.id, 3, 0, 0); /* NXDOMAIN */
	CHECK_EQ(r.calls, 2);
	CHECK_EQ(r.err, NET_ENOTFOUND);
	/* SERVFAIL moves on; all silent: timeout after 2 rounds */
	CHECK_EQ(dns_resolve(s, "x.test", &out, done, &r), NET_EINPROGRESS);
	CHECK(next_query(&q));
	answer(&q, DNS1, q.id, 2, 0, 0);
	CHECK(next_query(&q));
	CHECK_EQ(q.dst, DNS2);
	int tries = 2;
	for (int i = 0; i < 10 && r.calls == 2; i++) {
		sim_advance(s, 2000);
		tries += next_query(&q);
	}
	CHECK_EQ(tries, 4);
	CHECK_EQ(r.calls, 3);
	CHECK_EQ(r.err, NET_ETIMEDOUT);
	/* cancel: no callback, nothing leaks */
	CHECK_EQ(dns_resolve(s, "y.test", &out, done, &r), NET_EINPROGRESS);
	dns_cancel(s, &r);
	sim_advance(s, 20000);
	CHECK_EQ(r.calls, 3);
	/* a pending query at destroy time is freed */
	CHECK_EQ(dns_resolve(s, "z.test", &out, done, &r), NET_EINPROGRESS);
	net_destroy(s);
	CHECK_EQ(r.calls, 3);
}

/* Regression (issue 12, defect 4): a fully qualified name with its trailing
 * dot ("host.") was sent without the dot but the answer was compared with
 * the dotted form, so it never resolved. Both spellings resolve, and share
 * one cache entry. */
static void test_trailing_dot(void)
{
	struct net_stack *s = sim_stack(&dev, US);
	net_tunables(s)->arp_reachable_ms = 1000000000;
	sim_teach(&dev, DNS1, US);
	ip4_addr_t servers[] = {DNS1};
	net_set_dns_servers(s, servers, 1);
	struct result r = {0};
	ip4_addr_t out = 0;
	struct sent q;
	CHECK_EQ(dns_resolve(s, "Peer.Tern.Test.", &out, done, &r),
	         NET_EINPROGRESS);
	CHECK(next_query(&q));
	answer(&q, DNS1, q.id, 0, IP4(10, 0, 9, 1), 60);
	CHECK_EQ(r.calls, 1);
	CHECK_EQ(r.err, 0);
	CHECK_EQ(r.addr, IP4(10, 0, 9, 1));
	out = 0;
	CHECK_EQ(dns_resolve(s, "peer.tern.test", &out, done, &r), 0);
	CHECK_EQ(out, IP4(10, 0, 9, 1));
	out = 0;
	CHECK_EQ(dns_resolve(s, "peer.tern.test.", &out, done, &r), 0);
	CHECK_EQ(out, IP4(10, 0, 9, 1));
	CHECK(!next_query(&q));
	/* only one trailing dot is allowed; the root alone is not a host */
	CHECK_EQ(dns_resolve(s, "peer.tern.test..", &out, done, &r),
	         NET_EINVAL);
	CHECK_EQ(dns_resolve(s, ".", &out, done, &r), NET_EINVAL);
	net_destroy(s);
}

int main(void)
{
	test_rng_seed();
	sim_dev_init(&dev, "eth0", 2);
	test_resolve();
	test_trailing_dot();
	CHECK_EQ(sim_live_allocs, 0);
	return test_finish();
}
