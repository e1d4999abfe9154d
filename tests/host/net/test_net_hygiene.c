/* SPDX-License-Identifier: MIT */
/* Defences against hostile peers: reassembly slots (eviction, per-source
 * cap), the ARP merge rule and MAC-change hold, the ICMP error token
 * bucket, UDP errors matched by 4-tuple. */
#include "../test.h"
#include "netsim.h"
#include <net/arp.h>
#include <net/icmp.h>
#include <net/udp.h>

#define US   IP4(10, 0, 0, 2)
#define PEER IP4(10, 0, 0, 9)
#define GW   IP4(10, 0, 0, 1)

static struct sim_dev dev;
static uint8_t f[ETH_FRAME_MAX + 64];
static uint8_t echo[3000];

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* The peer's ARP request for our address: teaches the stack its MAC. */
static void teach(ip4_addr_t ip, const uint8_t *mac)
{
	size_t n = sim_arp(f, 1, mac, ip, sim_bcast, US);
	net_rx(&dev.dev, f, n);
	sim_drain(&dev);
}

/* An echo request of len bytes (id 1, seq) into echo. */
static size_t make_echo(size_t len, uint16_t seq)
{
	memset(echo, 0, len);
	echo[0] = 8;
	put16(echo + 6, seq);
	for (size_t i = 8; i < len; i++)
		echo[i] = (uint8_t)i;
	put16(echo + 2, inet_checksum(echo, len));
	return len;
}

/* The first fragment (1480 bytes, MF) of datagram id from src. */
static void first_frag(ip4_addr_t src, uint16_t id)
{
	size_t n = sim_ip(f, dev.dev.mac, sim_peer_mac, src, US, 1, id, 0, 1,
	                  echo, 1480);
	net_rx(&dev.dev, f, n);
}

/* PEER pings us with a 2000-byte request in two fragments: whether the
 * reply came. */
static bool fragmented_ping_answered(struct net_stack *s, uint16_t id)
{
	const struct net_counters *c = net_counters(s);
	uint64_t before = c->icmp_echo_replied;
	size_t len = make_echo(2000, id);
	first_frag(PEER, id);
	size_t n = sim_ip(f, dev.dev.mac, sim_peer_mac, PEER, US, 1, id, 1480,
	                  0, echo + 1480, len - 1480);
	net_rx(&dev.dev, f, n);
	sim_drain(&dev);
	return c->icmp_echo_replied == before + 1;
}

/* Issue 12: 8 never-completed fragments (spoofed sources, or one
 * source) used to fill every slot for 30 s, so nobody's fragmented
 * datagram got through. */
static void test_reasm_slots_attack(void)
{
	struct net_stack *s = sim_stack(&dev, US);
	const struct net_counters *c = net_counters(s);
	teach(PEER, sim_peer_mac);
	make_echo(2000, 0);
	for (unsigned i = 0; i < 8; i++)
		first_frag(IP4(10, 0, 0, 100 + i), (uint16_t)(500 + i));
	sim_advance(s, 1000);
	CHECK(fragmented_ping_answered(s, 1));
	CHECK_EQ(c->reasm_evicted, 1);
	/* every slot busy again; each new datagram evicts the oldest */
	for (unsigned i = 0; i < 8; i++)
		first_frag(IP4(10, 0, 0, 120 + i), (uint16_t)(600 + i));
	CHECK(fragmented_ping_answered(s, 2));
	net_destroy(s);
	CHECK_EQ(sim_live_allocs, 0);

	/* one source: at most reasm_max_per_src (4) slots */
	s = sim_stack(&dev, US);
	c = net_counters(s);
	teach(PEER, sim_peer_mac);
	make_echo(2000, 0);
	for (unsigned i = 0; i < 8; i++)
		first_frag(IP4(10, 0, 0, 77), (uint16_t)(700 + i));
	CHECK_EQ(c->reasm_src_limit, 4);
	CHECK_EQ(c->reasm_evicted, 0);
	CHECK(fragmented_ping_answered(s, 3));
	CHECK_EQ(c->reasm_evicted, 0);
	/* a datagram the cap evicted is gone: its last fragment alone does
	 * not complete anything */
	uint64_t ok = c->reasm_ok;
	size_t n = sim_ip(f, dev.dev.mac, sim_peer_mac, IP4(10, 0, 0, 77), US,
	                  1, 700, 1480, 0, echo, 8);
	net_rx(&dev.dev, f, n);
	CHECK_EQ(c->reasm_ok, ok);
	net_destroy(s);
	CHECK_EQ(sim_live_allocs, 0);
}

static const uint8_t mac_a[6] = {2, 0, 0, 0, 0, 0xa1};
static const uint8_t mac_b[6] = {2, 0, 0, 0, 0, 0xb2};

/* The MAC cached for ip, or NULL. */
static const uint8_t *cached(struct net_stack *s, ip4_addr_t ip)
{
	static struct arp_entry_info t[32];
	unsigned n = arp_table(s, t, 32);
	for (unsigned i = 0; i < n && i < 32; i++)
		if (t[i].ip == ip && t[i].state == ARP_REACHABLE)
			return t[i].mac;
	return NULL;
}

static bool mac_is(struct net_stack *s, ip4_addr_t ip, const uint8_t *mac)
{
	const uint8_t *m = cached(s, ip);
	return m && !memcmp(m, mac, 6);
}

static void arp_in(uint16_t op, const uint8_t *sha, ip4_addr_t spa,
                   ip4_addr_t tpa)
{
	size_t n =
	    sim_arp(f, op, sha, spa, op == 1 ? sim_bcast : dev.dev.mac, tpa);
	net_rx(&dev.dev, f, n);
}

/* RFC 826 merge rule: what creates an entry and what only updates one. */
static void test_arp_merge_rule(void)
{
	struct net_stack *s = sim_stack(&dev, US);
	const struct net_counters *c = net_counters(s);
	/* an unsolicited reply to us: nothing learned */
	arp_in(2, mac_a, GW, US);
	CHECK(!cached(s, GW));
	CHECK_EQ(c->arp_unsolicited, 1);
	/* a request for someone else: nothing learned, no answer */
	arp_in(1, mac_a, GW, IP4(10, 0, 0, 50));
	CHECK(!cached(s, GW));
	/* gratuitous ARP for an unknown address: nothing learned */
	arp_in(1, mac_a, GW, GW);
	arp_in(2, mac_a, GW, GW);
	CHECK(!cached(s, GW));
	CHECK_EQ(dev.count, 0);
	/* we ask: the reply is learned and the waiting packet leaves */
	CHECK_EQ(icmp_echo_send(s, GW, 1, 1, "x", 1), 0);
	sim_drain(&dev);
	arp_in(2, mac_a, GW, US);
	CHECK(mac_is(s, GW, mac_a));
	CHECK_EQ(dev.count, 1);
	sim_drain(&dev);
	/* a request addressed to us creates an entry (and is answered) */
	arp_in(1, sim_peer_mac, PEER, US);
	CHECK(cached(s, PEER) != NULL);
	CHECK_EQ(dev.count, 1);
	sim_drain(&dev);
	/* merge: a known sender refreshes its entry from any ARP, even a
	 * request for someone else */
	sim_advance(s, 50000);
	arp_in(1, sim_peer_mac, PEER, IP4(10, 0, 0, 50));
	sim_advance(s, 50000);
	CHECK(cached(s, PEER) != NULL); /* 100 s after it was learned */
	CHECK(!cached(s, GW));          /* not refreshed: expired */
	net_destroy(s);
	CHECK_EQ(sim_live_allocs, 0);
}

/* A known entry's MAC: a change inside the hold is refused; after it,
 * accepted and counted; gratuitous ARP is how a legitimate move shows. */
/* Whether the stack's next frame is a unicast ARP request to mac asking
 * for ip (the probe of an old MAC). Consumes the queue. */
static bool probed(const uint8_t *mac, ip4_addr_t ip)
{
	size_t n = sim_pop(&dev, f);
	bool ok =
	    n >= 42 && !memcmp(f, mac, 6) && f[12] == 8 && f[13] == 6 &&
	    f[21] == 1 &&
	    (ip4_addr_t)(f[38] << 24 | f[39] << 16 | f[40] << 8 | f[41]) == ip;
	sim_drain(&dev);
	return ok;
}

static void test_arp_mac_change_hold(void)
{
	struct net_stack *s = sim_stack(&dev, US);
	const struct net_counters *c = net_counters(s);
	icmp_echo_send(s, GW, 1, 1, "x", 1);
	arp_in(2, mac_a, GW, US);
	sim_drain(&dev);
	/* a spoofed reply right after: refused, nothing asked */
	arp_in(2, mac_b, GW, US);
	CHECK(mac_is(s, GW, mac_a));
	CHECK_EQ(c->arp_mac_change_held, 1);
	CHECK_EQ(c->arp_mac_changed, 0);
	CHECK_EQ(dev.count, 0);
	sim_advance(s, 4900);
	arp_in(1, mac_b, GW, GW); /* a spoofed gratuitous ARP too */
	CHECK(mac_is(s, GW, mac_a));
	CHECK_EQ(c->arp_mac_change_held, 2);
	/* after the hold, a claim makes us ask the old MAC; the gateway is
	 * alive and answers: the claim is refused */
	sim_advance(s, 100);
	arp_in(2, mac_b, GW, US);
	CHECK(probed(mac_a, GW));
	CHECK(mac_is(s, GW, mac_a));
	arp_in(2, mac_a, GW, US);
	sim_advance(s, 2000);
	CHECK(mac_is(s, GW, mac_a));
	CHECK_EQ(c->arp_mac_change_held, 3);
	CHECK_EQ(c->arp_mac_changed, 0);
	/* a refused claim starts a new hold: no probe, no log flood */
	arp_in(2, mac_b, GW, US);
	CHECK_EQ(dev.count, 0);
	CHECK_EQ(c->arp_mac_change_held, 4);
	sim_advance(s, 3000);
	/* a real move (gratuitous ARP, the old MAC silent): taken after
	 * arp_retry_ms, counted */
	arp_in(1, mac_b, GW, GW);
	CHECK(probed(mac_a, GW));
	sim_advance(s, 900);
	CHECK(mac_is(s, GW, mac_a));
	sim_advance(s, 100);
	CHECK(mac_is(s, GW, mac_b));
	CHECK_EQ(c->arp_mac_changed, 1);
	/* and cannot flip back for another hold */
	arp_in(2, mac_a, GW, US);
	CHECK(mac_is(s, GW, mac_b));
	CHECK_EQ(c->arp_mac_change_held, 5);
	/* the same MAC again is a plain refresh, not a change */
	arp_in(2, mac_b, GW, US);
	CHECK_EQ(c->arp_mac_changed, 1);
	CHECK_EQ(c->arp_mac_change_held, 5);
	net_tunables(s)->arp_mac_hold_ms = 0; /* tunable: no hold */
	sim_drain(&dev);
	arp_in(2, mac_a, GW, US);
	CHECK(probed(mac_b, GW));
	sim_advance(s, 1000);
	CHECK(mac_is(s, GW, mac_a));
	net_destroy(s);
	CHECK_EQ(sim_live_allocs, 0);
}

/* Requests from 40 addresses (more than the cache holds) do not push
 * the gateway's entry out. */
static void test_arp_flood_keeps_gateway(void)
{
	struct net_stack *s = sim_stack(&dev, US);
	icmp_echo_send(s, GW, 1, 1, "x", 1);
	arp_in(2, mac_a, GW, US);
	for (unsigned i = 0; i < 40; i++) {
		arp_in(1, sim_peer_mac, IP4(10, 0, 0, 100 + i), US);
		sim_now += 10;
	}
	sim_drain(&dev);
	CHECK(mac_is(s, GW, mac_a));
	net_destroy(s);
	CHECK_EQ(sim_live_allocs, 0);
}

/* n UDP datagrams to closed port 9: how many port unreachables left. */
static unsigned closed_port_probes(unsigned n)
{
	unsigned sent = 0;
	for (unsigned i = 0; i < n; i++) {
		size_t len = sim_udp(f, dev.dev.mac, sim_peer_mac, PEER, US,
		                     1000, 9, "probe", 5);
		net_rx(&dev.dev, f, len);
		struct ip4_hdr h;
		const uint8_t *l4;
		while ((len = sim_pop(&dev, f)))
			sent += sim_parse(f, len, &h, &l4, NULL) == 1 &&
			        l4[0] == 3 && l4[1] == 3;
	}
	return sent;
}

/* RFC 1812 4.3.2.8: errors we send are limited by a token bucket
 * (burst 10, then 10 a second). */
static void test_icmp_error_bucket(void)
{
	struct net_stack *s = sim_stack(&dev, US);
	const struct net_counters *c = net_counters(s);
	sim_teach(&dev, PEER, US);
	CHECK_EQ(closed_port_probes(30), 10);
	CHECK_EQ(c->icmp_err_ratelimited, 20);
	CHECK_EQ(c->icmp_unreach_sent, 10);
	sim_now += 99;
	CHECK_EQ(closed_port_probes(5), 0);
	sim_now += 1;
	CHECK_EQ(closed_port_probes(5), 1);
	sim_now += 60000; /* refilled to the burst, no more */
	CHECK_EQ(closed_port_probes(30), 10);
	/* tunable */
	net_tunables(s)->icmp_err_per_sec = 1000;
	sim_now += 10;
	CHECK_EQ(closed_port_probes(30), 10);
	net_tunables(s)->icmp_err_burst = 2;
	sim_now += 1000;
	CHECK_EQ(closed_port_probes(30), 2);
	net_destroy(s);
	CHECK_EQ(sim_live_allocs, 0);
}

/* An ICMP port unreachable from `from` quoting a UDP datagram
 * src:sport -> dst:dport. */
static void udp_unreach_in(ip4_addr_t from, ip4_addr_t src, uint16_t sport,
                           ip4_addr_t dst, uint16_t dport)
{
	uint8_t m[8 + 28] = {3, 3};
	uint8_t *q = m + 8;
	size_t n = sim_udp(f, sim_peer_mac, dev.dev.mac, src, dst, sport, dport,
	                   "", 0);
	(void)n;
	memcpy(q, f + 14, 28);
	put16(m + 2, inet_checksum(m, sizeof(m)));
	n = sim_ip(f, dev.dev.mac, sim_peer_mac, from, US, 1, 77, 0, 0, m,
	           sizeof(m));
	net_rx(&dev.dev, f, n);
}

/* UDP errors need the quoted datagram's full 4-tuple. */
static void test_udp_error_match(void)
{
	struct net_stack *s = sim_stack(&dev, US);
	const struct net_counters *c = net_counters(s);
	sim_teach(&dev, PEER, US);
	struct udp_sock *u = udp_open(s);
	CHECK_EQ(udp_sendto(u, PEER, 53, "q", 1), 1);
	sim_drain(&dev);
	uint16_t lp = udp_local_port(u);
	uint8_t b[8];
	/* other remote port, other remote address, other local port */
	udp_unreach_in(PEER, US, lp, PEER, 54);
	udp_unreach_in(PEER, US, lp, IP4(10, 0, 0, 10), 53);
	udp_unreach_in(PEER, US, (uint16_t)(lp + 1), PEER, 53);
	CHECK_EQ(udp_recvfrom(u, b, sizeof(b), NULL, NULL), NET_EAGAIN);
	CHECK_EQ(c->icmp_err_unmatched, 3);
	/* the real one */
	udp_unreach_in(PEER, US, lp, PEER, 53);
	CHECK_EQ(udp_recvfrom(u, b, sizeof(b), NULL, NULL), NET_ECONNREFUSED);
	/* once the socket has moved on to another server, a late error
	 * about the first is ignored */
	CHECK_EQ(udp_sendto(u, IP4(10, 0, 0, 10), 53, "q", 1), 1);
	sim_drain(&dev);
	udp_unreach_in(PEER, US, lp, PEER, 53);
	CHECK_EQ(udp_recvfrom(u, b, sizeof(b), NULL, NULL), NET_EAGAIN);
	udp_close(u);
	net_destroy(s);
	CHECK_EQ(sim_live_allocs, 0);
}

struct seen {
	int n;
	struct icmp_event ev;
};
static void on_icmp(void *ctx, const struct icmp_event *ev)
{
	struct seen *w = ctx;
	w->n++;
	w->ev = *ev;
}

/* An error about our echo request names the request's destination, so
 * the ping client can match it (the reply's source for replies). */
static void test_echo_error_names_destination(void)
{
	struct net_stack *s = sim_stack(&dev, US);
	struct seen w = {0};
	icmp_set_handler(s, on_icmp, &w);
	sim_teach(&dev, GW, US);
	CHECK_EQ(icmp_echo_send(s, IP4(8, 8, 8, 8), 0xbeef, 3, "abcdefgh", 8),
	         0);
	size_t n = sim_pop(&dev, f);
	uint8_t m[8 + 28] = {3, 1};
	memcpy(m + 8, f + 14, 28);
	put16(m + 2, inet_checksum(m, sizeof(m)));
	n = sim_ip(f, dev.dev.mac, sim_peer_mac, GW, US, 1, 5, 0, 0, m,
	           sizeof(m));
	net_rx(&dev.dev, f, n);
	CHECK_EQ(w.n, 1);
	CHECK_EQ(w.ev.from, GW);
	CHECK_EQ(w.ev.quoted_dst, IP4(8, 8, 8, 8));
	CHECK_EQ(w.ev.id, 0xbeef);
	CHECK_EQ(w.ev.seq, 3);
	CHECK_EQ(w.ev.type, 3);
	net_destroy(s);
	CHECK_EQ(sim_live_allocs, 0);
}

int main(void)
{
	sim_dev_init(&dev, "sim0", 2);
	test_reasm_slots_attack();
	test_arp_merge_rule();
	test_arp_mac_change_hold();
	test_arp_flood_keeps_gateway();
	test_icmp_error_bucket();
	test_udp_error_match();
	test_echo_error_names_destination();
	return test_finish();
}
