/* SPDX-License-Identifier: MIT */
/* Path MTU discovery for TCP (RFC 1191, net/tcp/tcp_icmp.c): segments go
 * with DF; ICMP "fragmentation needed" quoting data in flight lowers the
 * connection's segment size and what was lost goes again, smaller; a
 * report that quotes nothing in flight, or a larger MTU, changes
 * nothing; MTU 0 uses RFC 1191's plateaus; the floor is 576. */
#include "tcp_simpair.h"
#include <net/proto.h>

#define ROUTER IP4(10, 0, 0, 1)

static uint8_t data[100000], got[100000];
static uint8_t fr[ETH_FRAME_MAX + 64];

/* Pop A's frames: the largest IP total length among TCP data segments
 * (all must have DF), and the first one's header + 8 bytes in q. */
static unsigned pop_a_segments(uint8_t q[28], unsigned *count)
{
	unsigned max = 0;
	size_t n;
	*count = 0;
	while ((n = sim_pop(&da, fr))) {
		struct ip4_hdr h;
		const uint8_t *l4;
		size_t l4len;
		if (sim_parse(fr, n, &h, &l4, &l4len) != 6)
			continue;
		CHECK(h.df);
		if (l4len <= (size_t)(l4[12] >> 4) * 4)
			continue; /* no data */
		if (!*count && q)
			memcpy(q, fr + 14, 28);
		++*count;
		if (h.total_len > max)
			max = h.total_len;
	}
	return max;
}

/* A router's ICMP 3/4 (next-hop mtu) to A quoting q. */
static void frag_needed_to_a(uint16_t mtu, const uint8_t q[28])
{
	uint8_t m[8 + 28] = {3, 4};
	m[6] = (uint8_t)(mtu >> 8);
	m[7] = (uint8_t)mtu;
	memcpy(m + 8, q, 28);
	uint16_t cs = inet_checksum(m, sizeof(m));
	m[2] = (uint8_t)(cs >> 8);
	m[3] = (uint8_t)cs;
	size_t n = sim_ip(fr, da.dev.mac, sim_peer_mac, ROUTER, A_IP, 1, 9, 0,
	                  0, m, sizeof(m));
	net_rx(&da.dev, fr, n);
}

/* Run the pair until B has read len bytes (or give up). */
static size_t drain_to_b(struct tcp_sock *srv, size_t len)
{
	size_t have = 0;
	for (int i = 0; i < 3000 && have < len; i++) {
		int r = tcp_recv(srv, got + have, len - have);
		if (r > 0)
			have += (size_t)r;
		else
			tick();
	}
	return have;
}

/* Close everything, let TIME-WAIT pass; nothing may leak. */
static void finish(struct tcp_sock *cli, struct tcp_sock *srv,
                   struct tcp_sock *l)
{
	tcp_close(cli);
	tcp_close(srv);
	tcp_close(l);
	advance(300000);
	pair_down();
}

static void test_lowered_and_resent(void)
{
	struct tcp_sock *cli, *srv;
	struct tcp_sock *l = pair_connected(&cli, &srv);
	const struct net_counters *c = net_counters(sa);
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + (i >> 9));
	uint8_t q[28], q2[28];
	unsigned cnt;
	/* the first flight: full-sized, with DF; a router drops it all */
	CHECK_EQ(tcp_send(cli, data, 30000), 30000);
	CHECK(pop_a_segments(q, &cnt) > 1400);
	CHECK(cnt >= 2);
	/* a blind report (sequence number off by 2^31) changes nothing */
	uint8_t bad[28];
	memcpy(bad, q, 28);
	bad[24] ^= 0x80;
	frag_needed_to_a(1000, bad);
	CHECK_EQ(c->tcp_pmtu_ignored, 1);
	CHECK_EQ(c->tcp_pmtu_lowered, 0);
	CHECK_EQ(da.count, 0);
	/* the real one: what was in flight goes again, at most 1000 bytes
	 * a datagram, from the quoted (first unacknowledged) byte */
	frag_needed_to_a(1000, q);
	CHECK_EQ(c->tcp_pmtu_lowered, 1);
	CHECK(da.count > 0);
	CHECK_MEMEQ(da.frames[da.head] + 14 + 20 + 4, q + 24, 4); /* seq */
	unsigned max = pop_a_segments(q2, &cnt);
	CHECK(max <= 1000 && max > 900);
	/* a larger MTU never raises it */
	frag_needed_to_a(1400, q2);
	CHECK_EQ(c->tcp_pmtu_ignored, 2);
	/* everything arrives whole over the smaller path */
	sim_drain(&da);
	CHECK_EQ(tcp_send(cli, data + 30000, 30000), 30000);
	CHECK(drain_to_b(srv, 60000) == 60000);
	CHECK_MEMEQ(got, data, 60000);
	finish(cli, srv, l);
}

/* MTU 0 (an old router): the plateau below the quoted length; and the
 * 576 floor. */
static void test_plateau_and_floor(void)
{
	struct tcp_sock *cli, *srv;
	struct tcp_sock *l = pair_connected(&cli, &srv);
	const struct net_counters *c = net_counters(sa);
	uint8_t q[28];
	unsigned cnt;
	CHECK_EQ(tcp_send(cli, data, 20000), 20000);
	pop_a_segments(q, &cnt); /* quoted length ~1500: plateau 1492 */
	frag_needed_to_a(0, q);
	CHECK_EQ(c->tcp_pmtu_lowered, 1);
	unsigned max = pop_a_segments(q, &cnt);
	CHECK(max <= 1492 && max > 1400);
	frag_needed_to_a(0, q); /* ~1492: plateau 1006 */
	max = pop_a_segments(q, &cnt);
	CHECK(max <= 1006 && max > 900);
	frag_needed_to_a(100, q); /* below the floor: 576 */
	max = pop_a_segments(q, &cnt);
	CHECK(max <= 576 && max > 500);
	CHECK_EQ(c->tcp_pmtu_lowered, 3);
	frag_needed_to_a(68, q); /* the floor again: no change */
	CHECK_EQ(c->tcp_pmtu_ignored, 1);
	sim_drain(&da);
	CHECK(drain_to_b(srv, 20000) == 20000);
	CHECK_MEMEQ(got, data, 20000);
	finish(cli, srv, l);
}

int main(void)
{
	test_lowered_and_resent();
	test_plateau_and_floor();
	return test_finish();
}
