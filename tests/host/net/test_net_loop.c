/* SPDX-License-Identifier: MIT */
/* Two stacks wired back to back: ARP between them, ping, UDP both
 * ways, a fragmented datagram, port unreachable. */
#include "../test.h"
#include "netsim.h"
#include <net/icmp.h>
#include <net/udp.h>

#define A_IP IP4(192, 168, 1, 10)
#define B_IP IP4(192, 168, 1, 20)

static struct sim_dev da, db;

struct pings {
	int replies;
	uint16_t last_seq;
	uint64_t rtt;
	uint64_t sent_at;
};
static void on_icmp(void *ctx, const struct icmp_event *ev)
{
	struct pings *p = ctx;
	if (ev->type == ICMP_ECHO_REPLY && ev->from == B_IP && ev->len == 56) {
		p->replies++;
		p->last_seq = ev->seq;
		p->rtt = sim_now - p->sent_at;
	}
}

int main(void)
{
	test_rng_seed();
	sim_dev_init(&da, "a0", 0xa);
	sim_dev_init(&db, "b0", 0xb);
	struct net_stack *a = sim_stack(&da, A_IP), *b = sim_stack(&db, B_IP);
	struct pings p = {0};
	icmp_set_handler(a, on_icmp, &p);
	uint8_t data[56];
	memset(data, 0x5a, sizeof(data));
	for (uint16_t seq = 1; seq <= 5; seq++) {
		p.sent_at = sim_now;
		CHECK_EQ(icmp_echo_send(a, B_IP, 77, seq, data, 56), 0);
		sim_now += 3;
		sim_wire(&da, &db);
		CHECK_EQ(p.replies, seq);
		CHECK_EQ(p.last_seq, seq);
		CHECK_EQ(p.rtt, 3);
	}
	/* UDP both ways */
	struct udp_sock *ua = udp_open(a), *ub = udp_open(b);
	CHECK_EQ(udp_bind(ub, IP4_ANY, 7), 0);
	CHECK_EQ(udp_sendto(ua, B_IP, 7, "ping!", 5), 5);
	sim_wire(&da, &db);
	char buf[4000];
	ip4_addr_t src;
	uint16_t sport;
	CHECK_EQ(udp_recvfrom(ub, buf, sizeof(buf), &src, &sport), 5);
	CHECK_EQ(src, A_IP);
	CHECK_EQ(sport, udp_local_port(ua));
	CHECK_EQ(udp_sendto(ub, src, sport, "pong!", 5), 5);
	sim_wire(&da, &db);
	CHECK_EQ(udp_recvfrom(ua, buf, sizeof(buf), &src, NULL), 5);
	CHECK(!memcmp(buf, "pong!", 5));
	/* a closed port: the sender's socket gets ECONNREFUSED */
	udp_close(ub);
	CHECK_EQ(udp_sendto(ua, B_IP, 7, "x", 1), 1);
	sim_wire(&da, &db);
	CHECK_EQ(udp_recvfrom(ua, buf, sizeof(buf), NULL, NULL),
	         NET_ECONNREFUSED);
	/* a big datagram sent as fragments (built by hand, as the stack
	 * does not fragment) reaches B's socket whole */
	ub = udp_open(b);
	udp_bind(ub, IP4_ANY, 9);
	uint8_t big[3000 + 8], f[ETH_FRAME_MAX + 64];
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)i;
	big[0] = 0x12, big[1] = 0x34, big[2] = 0, big[3] = 9;
	big[4] = (uint8_t)(sizeof(big) >> 8), big[5] = (uint8_t)sizeof(big);
	big[6] = big[7] = 0; /* no checksum */
	for (size_t off = 0; off < sizeof(big); off += 1480) {
		size_t len =
		    sizeof(big) - off < 1480 ? sizeof(big) - off : 1480;
		size_t n = sim_ip(f, db.dev.mac, da.dev.mac, A_IP, B_IP, 17, 42,
		                  (uint16_t)off, off + len < sizeof(big),
		                  big + off, len);
		net_rx(&db.dev, f, n);
	}
	CHECK_EQ(udp_recvfrom(ub, buf, sizeof(buf), NULL, NULL), 3000);
	CHECK(!memcmp(buf, big + 8, 3000));
	net_destroy(a);
	net_destroy(b);
	CHECK_EQ(sim_live_allocs, 0);
	return test_finish();
}
