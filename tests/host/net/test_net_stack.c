/* SPDX-License-Identifier: MIT */
/* The stack on a simulated NIC: Ethernet, ARP (cache, expiry, rate
 * limiting, pending queue, gratuitous ARP), IPv4 validation, reassembly,
 * ICMP echo and unreachable, the UDP socket table. */
#include "../test.h"
#include "netsim.h"
#include <net/arp.h>
#include <net/icmp.h>
#include <net/udp.h>

#define US   IP4(10, 0, 0, 2)
#define PEER IP4(10, 0, 0, 9)
#define FAR  IP4(8, 8, 8, 8)
#define GW   IP4(10, 0, 0, 1)

static struct sim_dev dev;
static uint8_t f[ETH_FRAME_MAX + 64], g[ETH_FRAME_MAX + 64];

static const uint8_t *our_mac(void)
{
	return dev.dev.mac;
}

/* The peer's ARP request for us, teaching the stack its MAC. */
static void teach_peer(struct net_stack *s, ip4_addr_t ip)
{
	sim_teach(&dev, ip, US);
}

/* How many ARP requests for ip are in the TX queue (consumed). */
static unsigned count_arp_requests(ip4_addr_t ip)
{
	unsigned n = 0;
	size_t len;
	while ((len = sim_pop(&dev, g))) {
		if (len >= 42 && g[12] == 8 && g[13] == 6 && g[21] == 1 &&
		    (ip4_addr_t)(g[38] << 24 | g[39] << 16 | g[40] << 8 |
		                 g[41]) == ip)
			n++;
	}
	return n;
}

static void test_eth(void)
{
	struct net_stack *s = sim_stack(&dev, US);
	const struct net_counters *c = net_counters(s);
	net_rx(&dev.dev, f, 13);
	CHECK_EQ(c->eth_rx_short, 1);
	net_rx(&dev.dev, NULL, 0);
	CHECK_EQ(c->eth_rx_short, 2);
	/* another host's unicast */
	uint8_t other[6] = {2, 0, 0, 0, 0, 0x42};
	size_t n = sim_eth(f, other, sim_peer_mac, 0x0800);
	net_rx(&dev.dev, f, n + 20);
	CHECK_EQ(c->eth_rx_not_us, 1);
	/* VLAN-tagged, even truncated right after the tag */
	n = sim_eth(f, our_mac(), sim_peer_mac, 0x8100);
	net_rx(&dev.dev, f, n);
	net_rx(&dev.dev, f, n + 4);
	CHECK_EQ(c->eth_rx_vlan, 2);
	n = sim_eth(f, sim_bcast, sim_peer_mac, 0x86dd);
	net_rx(&dev.dev, f, n + 40);
	CHECK_EQ(c->eth_rx_unknown_type, 1);
	CHECK_EQ(dev.count, 0);
	net_destroy(s);
}

static void test_arp_reply_and_cache(void)
{
	struct net_stack *s = sim_stack(&dev, US);
	const struct net_counters *c = net_counters(s);
	/* a request for our address is answered, and the asker learned */
	size_t n = sim_arp(f, 1, sim_peer_mac, PEER, sim_bcast, US);
	net_rx(&dev.dev, f, n);
	size_t len = sim_pop(&dev, g);
	CHECK(len >= 42);
	CHECK_MEMEQ(g, sim_peer_mac, 6);
	CHECK_EQ(g[21], 2);                   /* reply */
	CHECK_MEMEQ(g + 22, our_mac(), 6);    /* sha */
	CHECK_MEMEQ(g + 32, sim_peer_mac, 6); /* tha */
	struct arp_entry_info t[4];
	CHECK_EQ(arp_table(s, t, 4), 1);
	CHECK_EQ(t[0].ip, PEER);
	CHECK_EQ(t[0].state, ARP_REACHABLE);
	/* a request for someone else: no reply, nothing learned */
	n = sim_arp(f, 1, sim_peer_mac, IP4(10, 0, 0, 7), sim_bcast,
	            IP4(10, 0, 0, 8));
	net_rx(&dev.dev, f, n);
	CHECK_EQ(dev.count, 0);
	CHECK_EQ(arp_table(s, t, 4), 1);
	/* bad: short, wrong hardware type, broadcast sender MAC */
	net_rx(&dev.dev, f, 14 + 27);
	f[15] = 6;
	net_rx(&dev.dev, f, n);
	n = sim_arp(f, 1, sim_bcast, PEER, sim_bcast, US);
	net_rx(&dev.dev, f, n);
	CHECK_EQ(c->arp_rx_bad, 3);
	/* someone else claiming our address */
	n = sim_arp(f, 2, sim_peer_mac, US, our_mac(), US);
	net_rx(&dev.dev, f, n);
	CHECK_EQ(c->arp_conflicts, 1);
	/* expiry with the fake clock: alive at 59.9 s, gone at 60 s */
	sim_advance(s, 59000);
	CHECK_EQ(arp_table(s, t, 4), 1);
	sim_advance(s, 1100);
	CHECK_EQ(arp_table(s, t, 4), 0);
	net_destroy(s);
}

static void test_arp_resolution(void)
{
	struct net_stack *s = sim_stack(&dev, US);
	const struct net_counters *c = net_counters(s);
	/* 6 pings to an unknown neighbour: one request, 4 queued, 2 drops */
	for (int i = 0; i < 6; i++)
		CHECK_EQ(icmp_echo_send(s, PEER, 1, (uint16_t)i, "x", 1), 0);
	CHECK_EQ(count_arp_requests(PEER), 1);
	CHECK_EQ(c->arp_queue_drops, 2);
	struct arp_entry_info t[2];
	CHECK_EQ(arp_table(s, t, 2), 1);
	CHECK_EQ(t[0].state, ARP_INCOMPLETE);
	CHECK_EQ(t[0].queued, 4);
	/* rate limit: more packets within the second send no request */
	sim_advance(s, 500);
	icmp_echo_send(s, PEER, 1, 9, "x", 1);
	CHECK_EQ(count_arp_requests(PEER), 0);
	/* the retry comes after 1 s */
	sim_advance(s, 500);
	CHECK_EQ(count_arp_requests(PEER), 1);
	/* the answer releases the 4 queued packets, in order */
	size_t an = sim_arp(f, 2, sim_peer_mac, PEER, our_mac(), US);
	net_rx(&dev.dev, f, an);
	for (int i = 0; i < 4; i++) {
		size_t len = sim_pop(&dev, g);
		struct ip4_hdr h;
		const uint8_t *l4;
		CHECK_EQ(sim_parse(g, len, &h, &l4, NULL), 1);
		CHECK_MEMEQ(g, sim_peer_mac, 6);
		CHECK_EQ(l4[7], i); /* seq */
	}
	CHECK_EQ(dev.count, 0);
	/* reachable now: sent at once */
	icmp_echo_send(s, PEER, 1, 10, "x", 1);
	CHECK_EQ(dev.count, 1);
	sim_drain(&dev);

	/* an address nobody answers: 3 requests a second apart, then the
	 * queued packets are dropped */
	ip4_addr_t ghost = IP4(10, 0, 0, 77);
	icmp_echo_send(s, ghost, 1, 1, "x", 1);
	icmp_echo_send(s, ghost, 1, 2, "x", 1);
	CHECK_EQ(count_arp_requests(ghost), 1);
	sim_advance(s, 1000);
	CHECK_EQ(count_arp_requests(ghost), 1);
	sim_advance(s, 1000);
	CHECK_EQ(count_arp_requests(ghost), 1);
	uint64_t drops = c->arp_queue_drops;
	sim_advance(s, 1000);
	CHECK_EQ(count_arp_requests(ghost), 0);
	CHECK_EQ(c->arp_resolve_fail, 1);
	CHECK_EQ(c->arp_queue_drops, drops + 2);
	/* off-subnet goes to the gateway's MAC */
	icmp_echo_send(s, FAR, 1, 1, "x", 1);
	CHECK_EQ(count_arp_requests(GW), 1);
	/* no route without an address */
	net_iface_set_addr(s, IP4_ANY, 0, 0);
	CHECK_EQ(icmp_echo_send(s, FAR, 1, 1, "x", 1), NET_ENETUNREACH);
	net_destroy(s); /* frees what still waits for the gateway */
}

static void count_line(void *ctx, const char *line)
{
	(*(int *)ctx)++;
	CHECK(strlen(line) > 10);
}

static void test_arp_gratuitous_and_eviction(void)
{
	struct net_stack *s = sim_stack(&dev, 0);
	net_iface_set_addr(s, US, ip4_prefix_mask(24), GW);
	size_t len = sim_pop(&dev, g);
	CHECK(len >= 42);
	CHECK_MEMEQ(g, sim_bcast, 6);
	/* spa == tpa == our address */
	CHECK_MEMEQ(g + 28, g + 38, 4);
	CHECK_EQ(g[31], 2);
	/* same address again: no announcement */
	net_iface_set_addr(s, US, ip4_prefix_mask(24), GW);
	CHECK_EQ(dev.count, 0);
	/* more neighbours than entries: the cache stays bounded */
	for (int i = 0; i < 40; i++) {
		size_t n = sim_arp(f, 1, sim_peer_mac, IP4(10, 0, 0, 100 + i),
		                   sim_bcast, US);
		net_rx(&dev.dev, f, n);
		sim_now += 10;
	}
	struct arp_entry_info t[64];
	CHECK_EQ(arp_table(s, t, 64), 32);
	int saw_last = 0;
	for (int i = 0; i < 32; i++)
		saw_last |= t[i].ip == IP4(10, 0, 0, 139);
	CHECK(saw_last);
	int lines = 0;
	arp_dump(s, count_line, &lines);
	CHECK_EQ(lines, 33);
	net_destroy(s);
}

/* Frames from the peer. */
static size_t peer_ip(uint8_t proto, uint16_t id, uint16_t off, int mf,
                      const void *p, size_t len)
{
	return sim_ip(f, our_mac(), sim_peer_mac, PEER, US, proto, id, off, mf,
	              p, len);
}

static void test_ip_validation(void)
{
	struct net_stack *s = sim_stack(&dev, US);
	const struct net_counters *c = net_counters(s);
	uint8_t payload[8] = {0};
	size_t n = peer_ip(99, 1, 0, 0, payload, 8);
	net_rx(&dev.dev, f, n);
	CHECK_EQ(c->ip_rx_unknown_proto, 1);
	/* bad checksum */
	f[14 + 8] ^= 1;
	net_rx(&dev.dev, f, n);
	CHECK_EQ(c->ip_rx_bad_csum, 1);
	f[14 + 8] ^= 1;
	/* frame shorter than total length */
	net_rx(&dev.dev, f, n - 1);
	CHECK_EQ(c->ip_rx_bad_len, 1);
	/* version 5 */
	f[14] = 0x55;
	net_rx(&dev.dev, f, n);
	CHECK_EQ(c->ip_rx_bad_hdr, 1);
	/* not our address */
	n = sim_ip(f, our_mac(), sim_peer_mac, PEER, IP4(10, 0, 0, 3), 99, 1, 0,
	           0, payload, 8);
	net_rx(&dev.dev, f, n);
	CHECK_EQ(c->ip_rx_not_us, 1);
	/* broadcast source */
	n = sim_ip(f, our_mac(), sim_peer_mac, IP4(10, 0, 0, 255), US, 99, 1, 0,
	           0, payload, 8);
	net_rx(&dev.dev, f, n);
	CHECK_EQ(c->ip_rx_bad_hdr, 2);
	/* Ethernet padding after a short datagram is ignored */
	n = peer_ip(99, 1, 0, 0, payload, 2);
	net_rx(&dev.dev, f, 60);
	CHECK_EQ(c->ip_rx_unknown_proto, 2);
	CHECK_EQ(dev.count, 0);
	net_destroy(s);
}

/* An echo request from the peer, as fragments of frag bytes. */
static uint8_t echo[4000];
static size_t make_echo(size_t len)
{
	echo[0] = 8;
	echo[1] = 0;
	echo[2] = echo[3] = 0;
	echo[4] = 0x12, echo[5] = 0x34, echo[6] = 0, echo[7] = 5;
	for (size_t i = 8; i < len; i++)
		echo[i] = (uint8_t)(i * 7);
	uint16_t c = inet_checksum(echo, len);
	echo[2] = (uint8_t)(c >> 8);
	echo[3] = (uint8_t)c;
	return len;
}

static void send_frag(uint16_t id, size_t off, size_t len, size_t total)
{
	int mf = off + len < total;
	size_t n = peer_ip(1, id, (uint16_t)off, mf, echo + off, len);
	net_rx(&dev.dev, f, n);
}

/* The reply to make_echo(len), if one was sent. */
static bool got_echo_reply(size_t len)
{
	size_t n = sim_pop(&dev, g);
	const uint8_t *l4;
	size_t l4len;
	if (!n || sim_parse(g, n, NULL, &l4, &l4len) != 1)
		return false;
	return l4len == len && l4[0] == 0 && inet_checksum(l4, l4len) == 0 &&
	       !memcmp(l4 + 4, echo + 4, len - 4);
}

static void test_reassembly(void)
{
	struct net_stack *s = sim_stack(&dev, US);
	const struct net_counters *c = net_counters(s);
	teach_peer(s, PEER);
	size_t len = make_echo(1400); /* the reply fits one frame */
	/* in order */
	send_frag(1, 0, 512, len);
	send_frag(1, 512, 512, len);
	CHECK_EQ(dev.count, 0);
	send_frag(1, 1024, len - 1024, len);
	CHECK(got_echo_reply(len));
	/* out of order, with a duplicate */
	send_frag(2, 1024, len - 1024, len);
	send_frag(2, 512, 512, len);
	send_frag(2, 512, 512, len);
	CHECK_EQ(c->reasm_dup, 1);
	send_frag(2, 0, 512, len);
	CHECK(got_echo_reply(len));
	CHECK_EQ(c->reasm_ok, 2);
	/* random order of 8-byte-aligned pieces */
	for (int round = 0; round < 20; round++) {
		size_t offs[175];
		unsigned k = 0;
		for (size_t o = 0; o < len; o += 8)
			offs[k++] = o;
		for (unsigned i = k - 1; i > 0; i--) {
			unsigned j = (unsigned)test_rand_below(i + 1);
			size_t t = offs[i];
			offs[i] = offs[j];
			offs[j] = t;
		}
		net_tunables(s)->reasm_max_frags = 200;
		for (unsigned i = 0; i < k; i++) {
			size_t l = offs[i] + 8 <= len ? 8 : len - offs[i];
			send_frag((uint16_t)(100 + round), offs[i], l, len);
		}
		CHECK(got_echo_reply(len));
	}
	/* overlap (not identical): the whole datagram goes */
	uint64_t ok = c->reasm_ok;
	send_frag(3, 0, 512, len);
	send_frag(3, 256, 512, len);
	CHECK_EQ(c->reasm_overlap, 1);
	send_frag(3, 512, 512, len);
	send_frag(3, 1024, len - 1024, len);
	CHECK_EQ(c->reasm_ok, ok);
	CHECK_EQ(dev.count, 0);
	/* a last fragment that conflicts with data already beyond it */
	send_frag(4, 1024, 512, 2000);
	send_frag(4, 512, 88, 600);
	CHECK_EQ(c->reasm_overlap, 2);
	/* a middle fragment not a multiple of 8 */
	uint64_t drops = c->reasm_drops;
	send_frag(5, 0, 500, len);
	CHECK_EQ(c->reasm_drops, drops + 1);
	/* missing piece: times out after 30 s, memory freed */
	sim_advance(s, 10000);
	send_frag(6, 0, 512, len);
	send_frag(6, 1024, len - 1024, len);
	sim_advance(s, 29900);
	CHECK_EQ(c->reasm_timeout, 1); /* 3's leftover */
	sim_advance(s, 100);
	CHECK_EQ(c->reasm_timeout, 2); /* and 6 */
	send_frag(6, 512, 512, len);   /* too late: starts anew */
	CHECK_EQ(dev.count, 0);
	/* more than 65535 bytes */
	uint64_t d2 = c->reasm_drops;
	size_t n = peer_ip(1, 7, 65528, 0, echo, 100);
	net_rx(&dev.dev, f, n);
	CHECK_EQ(c->reasm_drops, d2 + 1);
	/* at most 4 datagrams in flight from one source: each new one
	 * replaces the oldest (6 is in flight: 3 fit, then 7 replace) */
	for (int i = 0; i < 10; i++)
		send_frag((uint16_t)(200 + i), 0, 512, len);
	CHECK_EQ(c->reasm_drops, d2 + 1);
	CHECK_EQ(c->reasm_src_limit, 7);
	CHECK_EQ(c->reasm_evicted, 0); /* the table itself never filled */
	net_destroy(s);
}

/* A fragment whose header carries 40 bytes of options (IHL 15). */
static size_t peer_ip_opts(uint16_t id, uint16_t off, int mf, const void *p,
                           size_t len)
{
	size_t n = peer_ip(17, id, off, mf, p, len);
	uint8_t *ip = f + 14;
	memmove(ip + 60, ip + 20, len);
	memset(ip + 20, 1, 40); /* NOP options */
	ip[0] = 0x4f;
	ip[2] = (uint8_t)((60 + len) >> 8), ip[3] = (uint8_t)(60 + len);
	ip[10] = ip[11] = 0;
	uint16_t sum = inet_checksum(ip, 60);
	ip[10] = (uint8_t)(sum >> 8), ip[11] = (uint8_t)sum;
	return n + 40;
}

/* Regression (issue 12): the 65,535-byte limit was checked with each
 * fragment's own header length, the datagram built with the first one's.
 * A first fragment with 60 header bytes and a last one with 20 that ends
 * at 65,512 passed (20 + 65,512) but made a 65,572-byte datagram, whose
 * total length wrapped when written back into the header. Now the whole
 * datagram is refused. */
static void test_reassembly_header_length(void)
{
	static uint8_t data[65536];
	struct net_stack *s = sim_stack(&dev, US);
	const struct net_counters *c = net_counters(s);
	const size_t end = 65512, first = 1440, step = 1480;
	teach_peer(s, PEER);
	net_tunables(s)->reasm_max_frags = 200;
	uint64_t ok = c->reasm_ok, drops = c->reasm_drops;
	size_t n = peer_ip_opts(9, 0, 1, data, first);
	net_rx(&dev.dev, f, n);
	for (size_t off = first; off < end; off += step) {
		size_t l = off + step < end ? step : end - off;
		n = peer_ip(17, 9, (uint16_t)off, off + l < end, data + off, l);
		net_rx(&dev.dev, f, n);
	}
	CHECK_EQ(c->reasm_ok, ok);
	CHECK_EQ(c->reasm_drops, drops + 1);
	/* the same with the options on a later fragment instead: fits */
	n = peer_ip(17, 10, 0, 1, data, first);
	net_rx(&dev.dev, f, n);
	for (size_t off = first; off < end; off += step) {
		size_t l = off + step < end ? step : end - off;
		n = off + l < end
		        ? peer_ip_opts(10, (uint16_t)off, 1, data + off, l)
		        : peer_ip(17, 10, (uint16_t)off, 0, data + off, l);
		net_rx(&dev.dev, f, n);
	}
	CHECK_EQ(c->reasm_ok, ok + 1);
	net_destroy(s);
}

static void test_icmp(void)
{
	struct net_stack *s = sim_stack(&dev, US);
	const struct net_counters *c = net_counters(s);
	teach_peer(s, PEER);
	size_t len = make_echo(64);
	size_t n = peer_ip(1, 1, 0, 0, echo, len);
	net_rx(&dev.dev, f, n);
	CHECK(got_echo_reply(len));
	CHECK_EQ(c->icmp_echo_replied, 1);
	/* bad checksum, too short */
	echo[10] ^= 1;
	n = peer_ip(1, 1, 0, 0, echo, len);
	net_rx(&dev.dev, f, n);
	n = peer_ip(1, 1, 0, 0, echo, 7);
	net_rx(&dev.dev, f, n);
	CHECK_EQ(c->icmp_rx_bad, 2);
	/* a broadcast ping is not answered */
	make_echo(64);
	n = sim_ip(f, sim_bcast, sim_peer_mac, PEER, IP4(10, 0, 0, 255), 1, 1,
	           0, 0, echo, 64);
	net_rx(&dev.dev, f, n);
	CHECK_EQ(dev.count, 0);
	/* the most that fits one frame (larger: test_net_frag.c) */
	CHECK_EQ(icmp_echo_send(s, PEER, 1, 1, echo, 1472), 0);
	CHECK_EQ(dev.count, 1);
	n = sim_pop(&dev, g);
	CHECK_EQ(n, 14 + 1500);
	net_destroy(s);
}

struct notes {
	int calls;
};
static void note(void *ctx, struct udp_sock *u)
{
	((struct notes *)ctx)->calls++;
}

static void test_udp(void)
{
	struct net_stack *s = sim_stack(&dev, US);
	const struct net_counters *c = net_counters(s);
	teach_peer(s, PEER);
	struct udp_sock *a = udp_open(s), *b = udp_open(s), *e = udp_open(s);
	CHECK_EQ(udp_bind(a, IP4_ANY, 7000), 0);
	CHECK_EQ(udp_bind(b, IP4_ANY, 7000), NET_EADDRINUSE);
	CHECK_EQ(udp_bind(b, IP4(10, 0, 0, 3), 7001), NET_EINVAL);
	CHECK_EQ(udp_bind(b, IP4_ANY, 0), 0);
	CHECK(udp_local_port(b) >= UDP_EPHEMERAL_LO);
	CHECK_EQ(udp_bind(b, IP4_ANY, 0), NET_EINVAL); /* already bound */
	struct notes nt = {0};
	udp_set_notify(a, note, &nt);
	/* receive, with the source */
	size_t n = sim_udp(f, our_mac(), sim_peer_mac, PEER, US, 1234, 7000,
	                   "hello", 5);
	net_rx(&dev.dev, f, n);
	CHECK_EQ(nt.calls, 1);
	CHECK_EQ(udp_poll(a), UDP_POLL_READABLE);
	char buf[16];
	ip4_addr_t src;
	uint16_t sport;
	CHECK_EQ(udp_recvfrom(a, buf, sizeof(buf), &src, &sport), 5);
	CHECK(!memcmp(buf, "hello", 5));
	CHECK_EQ(src, PEER);
	CHECK_EQ(sport, 1234);
	CHECK_EQ(udp_recvfrom(a, buf, sizeof(buf), NULL, NULL), NET_EAGAIN);
	CHECK_EQ(udp_poll(a), 0);
	/* truncation to the caller's buffer reports the full length */
	net_rx(&dev.dev, f, n);
	CHECK_EQ(udp_recvfrom(a, buf, 2, NULL, NULL), 5);
	/* bad checksum; checksum 0 accepted; length field too big */
	f[14 + 20 + 8] ^= 1;
	net_rx(&dev.dev, f, n);
	CHECK_EQ(c->udp_rx_bad_csum, 1);
	f[14 + 20 + 6] = f[14 + 20 + 7] = 0;
	net_rx(&dev.dev, f, n);
	CHECK_EQ(udp_recvfrom(a, buf, sizeof(buf), NULL, NULL), 5);
	f[14 + 20 + 5] = 50;
	net_rx(&dev.dev, f, n);
	CHECK_EQ(c->udp_rx_bad, 1);
	/* bounded queue */
	n = sim_udp(f, our_mac(), sim_peer_mac, PEER, US, 1234, 7000, "q", 1);
	for (int i = 0; i < 40; i++)
		net_rx(&dev.dev, f, n);
	CHECK_EQ(udp_drops(a), 8);
	CHECK_EQ(c->udp_rxq_drops, 8);
	/* no socket: ICMP port unreachable quoting the datagram */
	n = sim_udp(f, our_mac(), sim_peer_mac, PEER, US, 1234, 9999, "zz", 2);
	net_rx(&dev.dev, f, n);
	CHECK_EQ(c->udp_rx_no_port, 1);
	size_t m = sim_pop(&dev, g);
	const uint8_t *l4;
	size_t l4len;
	CHECK_EQ(sim_parse(g, m, NULL, &l4, &l4len), 1);
	CHECK_EQ(l4[0], 3);
	CHECK_EQ(l4[1], 3);
	CHECK_EQ(l4len, 8 + 20 + 8);
	CHECK_MEMEQ(l4 + 8, f + 14, 28);
	/* not for a broadcast */
	n = sim_udp(f, sim_bcast, sim_peer_mac, PEER, IP4_BROADCAST, 1, 9999,
	            "zz", 2);
	net_rx(&dev.dev, f, n);
	CHECK_EQ(dev.count, 0);
	/* sending: header, checksum verifies, ephemeral bind */
	CHECK_EQ(udp_sendto(e, PEER, 53, "abc", 3), 3);
	CHECK(udp_local_port(e) >= UDP_EPHEMERAL_LO);
	m = sim_pop(&dev, g);
	struct ip4_hdr h;
	CHECK_EQ(sim_parse(g, m, &h, &l4, &l4len), 17);
	CHECK_EQ(l4len, 11);
	CHECK_EQ(inet_sum_fold(inet_sum_add(
	             inet_pseudo_sum(h.src, h.dst, 17, 11), l4, 11)),
	         0);
	CHECK(!h.df); /* may be fragmented on the way (test_net_frag.c) */
	/* an ICMP port unreachable for e's datagram becomes its error */
	uint8_t icmp[8 + 28] = {3, 3};
	memcpy(icmp + 8, g + 14, 28);
	uint16_t ck = inet_checksum(icmp, sizeof(icmp));
	icmp[2] = (uint8_t)(ck >> 8);
	icmp[3] = (uint8_t)ck;
	n = peer_ip(1, 1, 0, 0, icmp, sizeof(icmp));
	net_rx(&dev.dev, f, n);
	CHECK_EQ(udp_poll(e), UDP_POLL_ERROR);
	CHECK_EQ(udp_recvfrom(e, buf, sizeof(buf), NULL, NULL),
	         NET_ECONNREFUSED);
	CHECK_EQ(udp_poll(e), 0);
	udp_close(b);
	/* a, e and the queued datagrams are freed by net_destroy */
	net_destroy(s);
}

static void test_alloc_failures(void)
{
	/* every allocation failing in turn: no crash, no leak */
	for (unsigned long k = 1; k < 12; k++) {
		struct net_stack *s = sim_stack(&dev, US);
		sim_fail_alloc_after = k;
		teach_peer(s, PEER);
		size_t len = make_echo(1400);
		send_frag(1, 0, 512, len);
		send_frag(1, 512, 512, len);
		send_frag(1, 1024, len - 1024, len);
		icmp_echo_send(s, IP4(10, 0, 0, 50), 1, 1, "x", 1);
		struct udp_sock *u = udp_open(s);
		if (u)
			udp_bind(u, IP4_ANY, 7);
		size_t n =
		    sim_udp(f, our_mac(), sim_peer_mac, PEER, US, 1, 7, "x", 1);
		net_rx(&dev.dev, f, n);
		sim_fail_alloc_after = 0;
		sim_drain(&dev);
		net_destroy(s);
		CHECK_EQ(sim_live_allocs, 0);
	}
}

int main(void)
{
	test_rng_seed();
	sim_dev_init(&dev, "eth0", 2);
	test_eth();
	test_arp_reply_and_cache();
	test_arp_resolution();
	test_arp_gratuitous_and_eviction();
	test_ip_validation();
	test_reassembly();
	test_reassembly_header_length();
	test_icmp();
	test_udp();
	CHECK_EQ(sim_live_allocs, 0);
	test_alloc_failures();
	CHECK_EQ(sim_live_allocs, 0);
	return test_finish();
}
