/* SPDX-License-Identifier: MIT */
/* The DHCP client against a simulated server: the full exchange, NAK,
 * backoff with no server, renewal (T1), rebinding (T2), expiry and the
 * static fallback. */
#include "../test.h"
#include "netsim.h"
#include <net/dhcp.h>

#define SRV   IP4(10, 0, 2, 2)
#define OFFER IP4(10, 0, 2, 15)

static struct sim_dev dev;
static uint8_t f[ETH_FRAME_MAX + 64], g[ETH_FRAME_MAX + 64];

struct srv {
	bool nak;    /* answer REQUESTs with NAK */
	bool silent; /* answer nothing */
	unsigned discovers, requests, unicast_requests;
	uint32_t lease;
	uint64_t last_discover;
};

static void put_opt4(uint8_t **o, uint8_t code, uint32_t v)
{
	uint8_t *p = *o;
	p[0] = code;
	p[1] = 4;
	p[2] = (uint8_t)(v >> 24), p[3] = (uint8_t)(v >> 16);
	p[4] = (uint8_t)(v >> 8), p[5] = (uint8_t)v;
	*o += 6;
}

/* A server reply to request m. */
static void srv_reply(const struct dhcp_msg *m, uint8_t type,
                      const struct srv *sv)
{
	uint8_t b[400] = {0};
	b[0] = 2, b[1] = 1, b[2] = 6;
	b[4] = (uint8_t)(m->xid >> 24), b[5] = (uint8_t)(m->xid >> 16);
	b[6] = (uint8_t)(m->xid >> 8), b[7] = (uint8_t)m->xid;
	if (type != DHCP_NAK) {
		b[16] = 10, b[17] = 0, b[18] = 2, b[19] = 15;
	}
	memcpy(b + 28, m->chaddr, 6);
	b[236] = 99, b[237] = 130, b[238] = 83, b[239] = 99;
	uint8_t *o = b + 240;
	*o++ = 53, *o++ = 1, *o++ = type;
	put_opt4(&o, 54, SRV);
	if (type != DHCP_NAK) {
		put_opt4(&o, 1, IP4(255, 255, 255, 0));
		put_opt4(&o, 3, SRV);
		put_opt4(&o, 6, IP4(10, 0, 2, 3));
		put_opt4(&o, 51, sv->lease);
	}
	*o++ = 255;
	size_t n = sim_udp(f, dev.dev.mac, sim_peer_mac, SRV,
	                   type == DHCP_NAK ? IP4_BROADCAST : OFFER, 67, 68, b,
	                   (size_t)(o - b));
	net_rx(&dev.dev, f, n);
}

/* Answer what the client sent (ARP frames are skipped). */
static void srv_run(struct srv *sv)
{
	size_t n;
	while ((n = sim_pop(&dev, g))) {
		struct ip4_hdr h;
		const uint8_t *l4;
		size_t l4len;
		struct dhcp_msg m;
		if (n >= 42 && g[12] == 8 && g[13] == 6 && g[21] == 1 &&
		    !memcmp(g + 38, (uint8_t[]){10, 0, 2, 2}, 4)) {
			size_t r = sim_arp(f, 2, sim_peer_mac, SRV, dev.dev.mac,
			                   OFFER);
			net_rx(&dev.dev, f, r);
			continue;
		}
		if (sim_parse(g, n, &h, &l4, &l4len) != 17 || l4[3] != 67)
			continue;
		CHECK_EQ(dhcp_msg_parse(l4 + 8, l4len - 8, &m), 0);
		CHECK_MEMEQ(m.chaddr, dev.dev.mac, 6);
		if (m.type == DHCP_DISCOVER) {
			CHECK_EQ(h.dst, IP4_BROADCAST);
			CHECK_EQ(h.src, IP4_ANY);
			sv->discovers++;
			sv->last_discover = sim_now;
			if (!sv->silent)
				srv_reply(&m, DHCP_OFFER, sv);
		} else if (m.type == DHCP_REQUEST) {
			sv->requests++;
			if (h.dst == SRV) {
				sv->unicast_requests++;
				CHECK_EQ(m.ciaddr, OFFER);
			} else if (!m.ciaddr) {
				CHECK(m.req_ip_set && m.req_ip == OFFER);
				CHECK(m.server_set && m.server_id == SRV);
			}
			if (!sv->silent)
				srv_reply(&m, sv->nak ? DHCP_NAK : DHCP_ACK,
				          sv);
		}
	}
}

static int notes;
static void on_state(void *ctx, enum dhcp_state st)
{
	notes++;
}

static void test_exchange_and_renewal(void)
{
	struct net_stack *s = sim_stack(&dev, 0);
	struct srv sv = {.lease = 3600};
	dhcp_set_notify(s, on_state, NULL);
	CHECK_EQ(dhcp_start(s, NULL, 0), 0);
	CHECK_EQ(dhcp_state(s), DHCP_SELECTING);
	srv_run(&sv);
	CHECK_EQ(dhcp_state(s), DHCP_BOUND);
	CHECK_EQ(notes, 3); /* selecting, requesting, bound */
	struct net_iface_info info;
	CHECK_EQ(net_iface_info(s, &info), 0);
	CHECK_EQ(info.ip, OFFER);
	CHECK_EQ(info.mask, IP4(255, 255, 255, 0));
	CHECK_EQ(info.gw, SRV);
	CHECK_EQ(info.ndns, 1);
	CHECK_EQ(info.dns[0], IP4(10, 0, 2, 3));
	struct dhcp_lease l;
	CHECK_EQ(dhcp_lease(s, &l), 0);
	CHECK_EQ(l.t1_s, 1800);
	CHECK_EQ(l.t2_s, 3150);
	/* T1: a unicast REQUEST (after ARP for the server) */
	sim_advance(s, 1799 * 1000);
	CHECK_EQ(dhcp_state(s), DHCP_BOUND);
	sv.silent = true;
	sim_advance(s, 1000);
	CHECK_EQ(dhcp_state(s), DHCP_RENEWING);
	srv_run(&sv); /* answers the ARP request for the server first */
	CHECK_EQ(sv.unicast_requests, 1);
	/* retransmitted after half the time to T2 (1350 s / 2) */
	sim_advance(s, 674 * 1000);
	srv_run(&sv);
	CHECK_EQ(sv.unicast_requests, 1);
	sim_advance(s, 1000);
	srv_run(&sv);
	CHECK_EQ(sv.unicast_requests, 2);
	/* T2: broadcast REQUEST; the server answers: bound again */
	sim_advance(s, 675 * 1000);
	CHECK_EQ(dhcp_state(s), DHCP_REBINDING);
	sv.silent = false;
	unsigned before = sv.requests;
	srv_run(&sv);
	CHECK_EQ(sv.requests, before + 1);
	CHECK_EQ(dhcp_state(s), DHCP_BOUND);
	CHECK_EQ(dhcp_lease(s, &l), 0);
	CHECK_EQ(l.bound_at_ms, sim_now);
	/* nobody answers until the lease ends: back to INIT, address gone */
	sv.silent = true;
	sim_advance(s, 3600 * 1000);
	srv_run(&sv);
	CHECK_EQ(dhcp_state(s), DHCP_SELECTING);
	CHECK_EQ(net_iface_info(s, &info), 0);
	CHECK(!info.configured);
	dhcp_stop(s);
	CHECK_EQ(dhcp_state(s), DHCP_OFF);
	net_destroy(s);
}

static void test_nak(void)
{
	struct net_stack *s = sim_stack(&dev, 0);
	struct srv sv = {.lease = 600, .nak = true};
	dhcp_start(s, NULL, 0);
	srv_run(&sv); /* DISCOVER, OFFER, REQUEST, NAK */
	CHECK_EQ(sv.discovers, 1);
	CHECK_EQ(dhcp_state(s), DHCP_SELECTING);
	CHECK(!net_iface_info(s, &(struct net_iface_info){0}) &&
	      net_iface_info(s, &(struct net_iface_info){0}) == 0);
	sv.nak = false;
	sim_advance(s, 1900);
	srv_run(&sv);
	CHECK_EQ(sv.discovers, 1); /* not before 2 s */
	sim_advance(s, 100);
	srv_run(&sv);
	CHECK_EQ(sv.discovers, 2);
	CHECK_EQ(dhcp_state(s), DHCP_BOUND);
	/* replies with another xid or another chaddr are ignored */
	struct dhcp_msg m = {.xid = 1};
	memcpy(m.chaddr, dev.dev.mac, 6);
	uint64_t ign = net_counters(s)->dhcp_rx_ignored;
	srv_reply(&m, DHCP_NAK, &sv);
	CHECK_EQ(net_counters(s)->dhcp_rx_ignored, ign + 1);
	CHECK_EQ(dhcp_state(s), DHCP_BOUND);
	net_destroy(s);
}

static void test_backoff_and_fallback(void)
{
	struct net_stack *s = sim_stack(&dev, 0);
	struct srv sv = {.silent = true};
	struct net_static_cfg fb = {IP4(192, 168, 7, 7), IP4(255, 255, 255, 0),
	                            IP4(192, 168, 7, 1), IP4(192, 168, 7, 1)};
	dhcp_start(s, &fb, 120000);
	srv_run(&sv);
	uint64_t prev = sv.last_discover;
	/* gaps near 4, 8, 16, 32, 64 s, each within +-1 s of jitter */
	uint64_t want[] = {4000, 8000, 16000, 32000, 64000};
	unsigned k = 0;
	while (sim_now - prev < 200000 && k < 3) {
		sim_advance(s, NET_TICK_MS);
		srv_run(&sv);
		if (sv.last_discover != prev) {
			uint64_t gap = sv.last_discover - prev;
			CHECK(gap + 1000 >= want[k] && gap <= want[k] + 1100);
			prev = sv.last_discover;
			k++;
		}
	}
	CHECK_EQ(k, 3);
	CHECK_EQ(dhcp_state(s), DHCP_SELECTING);
	/* at 120 s without a lease, the fallback applies */
	sim_advance(s, 120000);
	CHECK_EQ(dhcp_state(s), DHCP_FALLBACK);
	struct net_iface_info info;
	net_iface_info(s, &info);
	CHECK_EQ(info.ip, fb.ip);
	CHECK_EQ(info.gw, fb.gw);
	CHECK_EQ(info.dns[0], fb.dns);
	/* and without fallback: FAILED */
	dhcp_start(s, NULL, 10000);
	sim_advance(s, 10000);
	CHECK_EQ(dhcp_state(s), DHCP_FAILED);
	CHECK_STREQ(dhcp_state_name(DHCP_FAILED), "failed");
	net_destroy(s);
}

int main(void)
{
	test_rng_seed();
	sim_dev_init(&dev, "eth0", 2);
	test_exchange_and_renewal();
	test_nak();
	test_backoff_and_fallback();
	CHECK_EQ(sim_live_allocs, 0);
	return test_finish();
}
