/* SPDX-License-Identifier: MIT */
/* IPv4 fragmentation on output (net/ip_frag.c): ICMP echo replies to
 * fragmented requests, our own echo requests and UDP datagrams of every
 * size around the MTU boundaries, for several MTUs, checked fragment by
 * fragment and reassembled by netsim's own reassembler; TCP is never
 * fragmented; identification values. */
#include "../test.h"
#include "netsim.h"
#include <stdlib.h>
#include <net/icmp.h>
#include <net/udp.h>
#include <libk/blake2s.h>
#include "../../../net/net_priv.h"

#define US   IP4(10, 0, 0, 2)
#define PEER IP4(10, 0, 0, 9)

static struct sim_dev dev;
static uint8_t f[ETH_FRAME_MAX + 64];
static uint8_t req[65536], got[65536];

/* The peer's ARP request for our address: teaches the stack its MAC. */
static void teach_peer(void)
{
	size_t n = sim_arp(f, 1, sim_peer_mac, PEER, sim_bcast, US);
	net_rx(&dev.dev, f, n);
	sim_drain(&dev);
}

/* An echo request with data bytes of pattern into req: its length. */
static size_t make_echo(size_t data, uint16_t id, uint16_t seq)
{
	req[0] = 8;
	req[1] = 0;
	put16(req + 2, 0);
	put16(req + 4, id);
	put16(req + 6, seq);
	for (size_t i = 0; i < data; i++)
		req[8 + i] = (uint8_t)(i * 13 + seq);
	put16(req + 2, inet_checksum(req, 8 + data));
	return 8 + data;
}

/* The peer sends req[0..len) as IP fragments of per bytes. */
static void peer_send_frags(uint16_t id, size_t len, size_t per)
{
	for (size_t off = 0; off < len; off += per) {
		size_t n = len - off < per ? len - off : per;
		size_t fl =
		    sim_ip(f, dev.dev.mac, sim_peer_mac, PEER, US, 1, id,
		           (uint16_t)off, off + n < len, req + off, n);
		net_rx(&dev.dev, f, fl);
	}
}

/* Fragments needed for l4 bytes at this MTU. */
static size_t nfrags(size_t l4, unsigned mtu)
{
	size_t per = (mtu - 20) & ~(size_t)7;
	return l4 + 20 <= mtu ? 1 : (l4 + per - 1) / per;
}

/* Sizes of ICMP data to try at this MTU: around the one-frame limit,
 * around each multiple of the fragment size, and the largest. */
static size_t sizes(unsigned mtu, size_t *out)
{
	size_t per = (mtu - 20) & ~(size_t)7, n = 0;
	size_t one = mtu - 20 - 8; /* ICMP data filling one frame */
	size_t cand[] = {0,
	                 1,
	                 one - 1,
	                 one,
	                 one + 1,
	                 per - 8,
	                 per - 7,
	                 per * 2 - 9,
	                 per * 2 - 8,
	                 per * 2 - 7,
	                 per * 3 - 8,
	                 8000,
	                 2961,
	                 ICMP_ECHO_DATA_MAX - 1,
	                 ICMP_ECHO_DATA_MAX};
	for (size_t i = 0; i < sizeof(cand) / sizeof(cand[0]); i++)
		if (cand[i] <= ICMP_ECHO_DATA_MAX &&
		    nfrags(cand[i] + 8, mtu) <= SIM_TXQ)
			out[n++] = cand[i];
	return n;
}

/* Linux's `ping -s N`: a (fragmented) echo request is answered with the
 * same data, fragmented by us. */
static void test_echo_reply(unsigned mtu)
{
	size_t list[32], k = sizes(mtu, list);
	dev.dev.mtu = (uint16_t)mtu;
	struct net_stack *s = sim_stack(&dev, US);
	const struct net_counters *c = net_counters(s);
	teach_peer();
	for (size_t i = 0; i < k; i++) {
		size_t len = make_echo(list[i], 0x4242, (uint16_t)i);
		/* the peer fragments for its own 1500-byte MTU */
		peer_send_frags((uint16_t)(100 + i), len, 1480);
		struct ip4_hdr h;
		const char *why;
		long n = sim_defrag(&dev, mtu, &h, got, sizeof(got), &why);
		if (n < 0)
			printf("mtu %u data %zu: %s\n", mtu, list[i], why);
		CHECK_EQ(n, (long)len);
		CHECK_EQ(h.proto, 1);
		CHECK_EQ(h.src, US);
		CHECK_EQ(h.dst, PEER);
		CHECK_EQ(got[0], 0); /* echo reply */
		CHECK_EQ(inet_checksum(got, len), 0);
		CHECK_MEMEQ(got + 4, req + 4, len - 4); /* id, seq, data */
		CHECK_EQ(dev.count, 0);
	}
	CHECK_EQ(c->icmp_echo_replied, k);
	CHECK_EQ(c->ip_frag_fail, 0);
	net_destroy(s);
	CHECK_EQ(sim_live_allocs, 0);
	dev.dev.mtu = 1500;
}

/* Our own echo requests (the shell's ping -s) and UDP datagrams. */
static void test_send_sizes(unsigned mtu)
{
	size_t list[32], k = sizes(mtu, list);
	dev.dev.mtu = (uint16_t)mtu;
	struct net_stack *s = sim_stack(&dev, US);
	teach_peer();
	struct udp_sock *u = udp_open(s);
	CHECK_EQ(udp_bind(u, IP4_ANY, 5000), 0);
	for (size_t i = 0; i < k; i++) {
		size_t len = list[i];
		make_echo(len, 7, 1);
		CHECK_EQ(icmp_echo_send(s, PEER, 7, 1, req + 8, len), 0);
		struct ip4_hdr h;
		const char *why;
		long n = sim_defrag(&dev, mtu, &h, got, sizeof(got), &why);
		if (n < 0)
			printf("echo mtu %u len %zu: %s\n", mtu, len, why);
		CHECK_EQ(n, (long)len + 8);
		CHECK_MEMEQ(got, req, len + 8);
		/* UDP: the same data, 8 more bytes of room (no ICMP header
		 * here but a UDP one of the same size) */
		CHECK_EQ(udp_sendto(u, PEER, 9, req + 8, len), (int)len);
		n = sim_defrag(&dev, mtu, &h, got, sizeof(got), &why);
		if (n < 0)
			printf("udp mtu %u len %zu: %s\n", mtu, len, why);
		CHECK_EQ(n, (long)len + 8);
		CHECK_EQ(h.proto, 17);
		CHECK_EQ(got[4] << 8 | got[5], len + 8);
		CHECK_EQ(inet_sum_fold(inet_sum_add(
		             inet_pseudo_sum(US, PEER, 17, (uint16_t)(len + 8)),
		             got, len + 8)),
		         0);
		CHECK_MEMEQ(got + 8, req + 8, len);
	}
	udp_close(u);
	net_destroy(s);
	CHECK_EQ(sim_live_allocs, 0);
	dev.dev.mtu = 1500;
}

/* 65507 bytes of data is the most (65535 in all); 65508 is refused. */
static void test_limits(void)
{
	struct net_stack *s = sim_stack(&dev, US);
	const struct net_counters *c = net_counters(s);
	teach_peer();
	struct udp_sock *u = udp_open(s);
	CHECK_EQ(ICMP_ECHO_DATA_MAX, 65507);
	CHECK_EQ(UDP_DATA_MAX, 65507);
	CHECK_EQ(icmp_echo_send(s, PEER, 1, 1, req, 65508), NET_EMSGSIZE);
	CHECK_EQ(udp_sendto(u, PEER, 9, req, 65508), NET_EMSGSIZE);
	CHECK_EQ(dev.count, 0);
	CHECK_EQ(udp_sendto(u, PEER, 9, req, 65507), 65507);
	CHECK_EQ(dev.count, 45); /* 44 x 1480 + 1395 */
	CHECK_EQ(c->ip_frag_datagrams, 1);
	CHECK_EQ(c->ip_frags_sent, 45);
	sim_drain(&dev);
	/* 1472 fits one frame, with DF clear; 1473 needs two */
	CHECK_EQ(udp_sendto(u, PEER, 9, req, 1472), 1472);
	CHECK_EQ(dev.count, 1);
	sim_drain(&dev);
	CHECK_EQ(udp_sendto(u, PEER, 9, req, 1473), 1473);
	CHECK_EQ(dev.count, 2);
	sim_drain(&dev);
	/* an echo request of 65507 bytes from the peer gets its answer */
	size_t len = make_echo(ICMP_ECHO_DATA_MAX, 1, 2);
	peer_send_frags(9, len, 1480);
	CHECK_EQ(dev.count, 45);
	sim_drain(&dev);
	/* allocation failure halfway: counted, the rest not sent, no leak */
	sim_fail_alloc_after = 10;
	udp_sendto(u, PEER, 9, req, 30000);
	sim_fail_alloc_after = 0;
	CHECK(c->ip_frag_fail + c->alloc_fail > 0);
	sim_drain(&dev);
	udp_close(u);
	net_destroy(s);
	CHECK_EQ(sim_live_allocs, 0);
}

/* A datagram waiting for ARP is queued whole and fragmented when the
 * address is resolved (one queue slot, not one per fragment). */
static void test_frag_after_arp(void)
{
	struct net_stack *s = sim_stack(&dev, US);
	struct udp_sock *u = udp_open(s);
	for (int i = 0; i < 4; i++)
		CHECK_EQ(udp_sendto(u, PEER, 9, req, 5000), 5000);
	CHECK_EQ(dev.count, 1); /* the ARP request */
	sim_drain(&dev);
	size_t n = sim_arp(f, 2, sim_peer_mac, PEER, dev.dev.mac, US);
	net_rx(&dev.dev, f, n);
	CHECK_EQ(dev.count, 16); /* 4 datagrams x 4 fragments */
	struct ip4_hdr h;
	const char *why;
	for (int i = 0; i < 4; i++)
		CHECK_EQ(sim_defrag(&dev, 1500, &h, got, sizeof(got), &why),
		         5008);
	udp_close(u);
	net_destroy(s);
	CHECK_EQ(sim_live_allocs, 0);
}

/* IDs: distinct for 2000 datagrams to one destination, and the two
 * stacks' sequences (different secrets) unrelated. */
static void test_ids(void)
{
	static uint8_t seen[65536];
	uint16_t first[2];
	for (int k = 0; k < 2; k++) {
		struct net_stack *s = sim_stack(&dev, US);
		teach_peer();
		struct udp_sock *u = udp_open(s);
		memset(seen, 0, sizeof(seen));
		unsigned dup = 0;
		for (int i = 0; i < 2000; i++) {
			udp_sendto(u, PEER, 9, "x", 1);
			size_t n = sim_pop(&dev, f);
			struct ip4_hdr h;
			CHECK_EQ(sim_parse(f, n, &h, NULL, NULL), 17);
			if (i == 0)
				first[k] = h.id;
			dup += seen[h.id]++ != 0;
		}
		CHECK_EQ(dup, 0);
		udp_close(u);
		net_destroy(s);
	}
	CHECK(first[0] != first[1]);
}

/* The memo in front of the ID hash changes no ID: 5000 datagrams to 40
 * destinations and two protocols (so memo slots collide and are refilled)
 * get exactly the IDs of the hash computed afresh each time. */
static void test_id_memo(void)
{
	struct net_stack *s = sim_stack(&dev, US);
	uint16_t ctr[IP_ID_BUCKETS];
	memcpy(ctr, s->ip_id_ctr, sizeof(ctr));
	unsigned mismatches = 0;
	for (int i = 0; i < 5000; i++) {
		ip4_addr_t dst = IP4(10, 0, (uint8_t)test_rand_below(3),
		                     (uint8_t)(1 + test_rand_below(14)));
		uint8_t proto = test_rand_below(2) ? 6 : 17, in[9], out[4];
		put32(in, US);
		put32(in + 4, dst);
		in[8] = proto;
		blake2s(out, 4, s->ip_id_key, sizeof(s->ip_id_key), in, 9);
		uint16_t want =
		    (uint16_t)(get16(out + 2) + ctr[out[0] % IP_ID_BUCKETS]++);
		mismatches += ip_id_next(s, US, dst, proto) != want;
	}
	CHECK_EQ(mismatches, 0);
	net_destroy(s);
}

int main(void)
{
	static const unsigned mtus[] = {1500, 1280, 1006, 576, 68};
	for (size_t i = 0; i < sizeof(mtus) / sizeof(mtus[0]); i++) {
		sim_dev_init(&dev, "sim0", 2);
		dev.dev.mtu = 1500;
		test_echo_reply(mtus[i]);
		test_send_sizes(mtus[i]);
	}
	sim_dev_init(&dev, "sim0", 2);
	test_limits();
	test_frag_after_arp();
	test_ids();
	test_rng_seed();
	test_id_memo();
	return test_finish();
}
