/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer targets for net/'s input paths, one binary per FUZZ_MODE.
 * Each input gets a fresh, configured stack (see setup()), is wrapped as
 * the mode requires and fed to net_rx; then timers run, the stack is
 * destroyed and every allocation must have been freed.
 *
 *   eth   the input is a whole Ethernet frame
 *   arp   Ethernet header + input (type 0x0806)
 *   ipv4  records [len16][IPv4 datagram] (several, for reassembly)
 *   icmp  IPv4 from the peer, protocol 1, input as ICMP (checksum fixed)
 *   udp   IPv4 from the peer, protocol 17, input as UDP (checksum: none
 *         or fixed, by the first byte)
 *   dhcp  records [len16][DHCP reply]: xid and chaddr patched to what
 *         the client uses, from 10.0.0.9:67 to broadcast:68
 *   dns   the answer to a pending query: ID and port patched
 */
#include "../host/net/netsim.h"
#include <net/dhcp.h>
#include <net/dns.h>
#include <net/icmp.h>
#include <net/udp.h>
#include <stdlib.h>
#include <string.h>

#define US   IP4(10, 0, 0, 2)
#define PEER IP4(10, 0, 0, 9)
#define MAXL (ETH_FRAME_MAX - 34)

enum { M_ETH, M_ARP, M_IPV4, M_ICMP, M_UDP, M_DHCP, M_DNS };

static struct sim_dev dev;
static uint8_t frame[ETH_FRAME_MAX + 64], out[ETH_FRAME_MAX + 64];

static void dns_done(void *ctx, int err, const char *name, const ip4_addr_t *a,
                     unsigned n)
{
	(void)ctx, (void)err, (void)name, (void)a, (void)n;
}

static void on_icmp(void *ctx, const struct icmp_event *ev)
{
	(void)ctx, (void)ev;
}

static struct net_stack *setup(int mode)
{
	struct net_stack *s = sim_stack(&dev, mode == M_DHCP ? 0 : US);
	if (mode == M_DHCP) {
		dhcp_start(s, NULL, 0);
		return s;
	}
	size_t n = sim_arp(frame, 2, sim_peer_mac, PEER, dev.dev.mac, US);
	net_rx(&dev.dev, frame, n);
	n = sim_arp(frame, 2, sim_peer_mac, IP4(10, 0, 0, 1), dev.dev.mac, US);
	net_rx(&dev.dev, frame, n);
	struct udp_sock *u = udp_open(s);
	udp_bind(u, IP4_ANY, 7);
	icmp_set_handler(s, on_icmp, NULL);
	ip4_addr_t srv = PEER;
	net_set_dns_servers(s, &srv, 1);
	ip4_addr_t a;
	dns_resolve(s, "tern.test", &a, dns_done, NULL);
	return s;
}

/* The last UDP datagram the stack sent to port dport: its UDP header
 * and payload in *l4. */
static size_t last_sent(uint16_t dport, const uint8_t **l4)
{
	size_t n, got = 0;
	static uint8_t keep[ETH_FRAME_MAX];
	while ((n = sim_pop(&dev, out))) {
		const uint8_t *p;
		size_t len;
		if (sim_parse(out, n, NULL, &p, &len) == 17 && len >= 8 &&
		    (p[2] << 8 | p[3]) == dport) {
			memcpy(keep, p, len);
			got = len;
		}
	}
	*l4 = keep;
	return got;
}

static void rx_udp(ip4_addr_t dst, uint16_t sport, uint16_t dport,
                   const uint8_t *d, size_t len)
{
	size_t n = sim_udp(frame, dev.dev.mac, sim_peer_mac, PEER, dst, sport,
	                   dport, d, len);
	net_rx(&dev.dev, frame, n);
}

/* Feed records [len16][bytes] to fn. */
static void records(const uint8_t *d, size_t len,
                    void (*fn)(const uint8_t *, size_t))
{
	while (len >= 2) {
		size_t l = (size_t)(d[0] << 8 | d[1]);
		d += 2, len -= 2;
		if (l > len)
			l = len;
		fn(d, l > MAXL ? MAXL : l);
		d += l, len -= l;
	}
}

static void one_ip(const uint8_t *d, size_t len)
{
	sim_eth(frame, dev.dev.mac, sim_peer_mac, 0x0800);
	memcpy(frame + 14, d, len);
	net_rx(&dev.dev, frame, 14 + len);
}

static void one_dhcp(const uint8_t *d, size_t len)
{
	uint8_t m[MAXL];
	const uint8_t *sent;
	memcpy(m, d, len);
	if (last_sent(67, &sent) >= 8 + 34 && len >= 34) {
		memcpy(m + 4, sent + 8 + 4, 4); /* xid */
		memcpy(m + 28, dev.dev.mac, 6); /* chaddr */
	}
	rx_udp(IP4_BROADCAST, 67, 68, m, len);
}

static void fuzz_one(int mode, const uint8_t *d, size_t len)
{
	uint8_t m[MAXL];
	const uint8_t *sent;
	size_t n = len > MAXL ? MAXL : len;
	switch (mode) {
	case M_ETH:
		if (len <= ETH_FRAME_MAX)
			net_rx(&dev.dev, d, len);
		break;
	case M_ARP:
		sim_eth(frame, (n && d[0] & 1) ? sim_bcast : dev.dev.mac,
		        sim_peer_mac, 0x0806);
		memcpy(frame + 14, d, n);
		net_rx(&dev.dev, frame, 14 + n);
		break;
	case M_IPV4:
		records(d, len, one_ip);
		break;
	case M_ICMP:
		memcpy(m, d, n);
		if (n >= 4) {
			m[2] = m[3] = 0;
			uint16_t c = inet_checksum(m, n);
			m[2] = (uint8_t)(c >> 8), m[3] = (uint8_t)c;
		}
		n = sim_ip(frame, dev.dev.mac, sim_peer_mac, PEER, US, 1, 1, 0,
		           0, m, n);
		net_rx(&dev.dev, frame, n);
		break;
	case M_UDP:
		memcpy(m, d, n);
		if (n >= 8 && !(m[0] & 1)) {
			m[6] = m[7] = 0;
		} else if (n >= 8) {
			m[6] = m[7] = 0;
			uint16_t c = inet_sum_fold(inet_sum_add(
			    inet_pseudo_sum(PEER, US, 17, (uint16_t)n), m, n));
			m[6] = (uint8_t)(c >> 8), m[7] = (uint8_t)c;
		}
		n = sim_ip(frame, dev.dev.mac, sim_peer_mac, PEER, US, 17, 1, 0,
		           0, m, n);
		net_rx(&dev.dev, frame, n);
		break;
	case M_DHCP:
		records(d, len, one_dhcp);
		break;
	case M_DNS:
		if (last_sent(53, &sent) < 8 + 12)
			abort(); /* setup() must have sent a query */
		memcpy(m, d, n);
		if (n >= 2)
			memcpy(m, sent + 8, 2); /* the query's ID */
		rx_udp(US, 53, (uint16_t)(sent[0] << 8 | sent[1]), m, n);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!dev.dev.ops)
		sim_dev_init(&dev, "eth0", 2);
	struct net_stack *s = setup(FUZZ_MODE);
	fuzz_one(FUZZ_MODE, data, size);
	/* timers: ARP retries, reassembly and DNS timeouts, DHCP */
	for (int i = 0; i < 8; i++) {
		sim_now += 1000u << i;
		net_poll_timers(s);
	}
	sim_drain(&dev);
	net_destroy(s);
	if (sim_live_allocs != 0)
		abort(); /* a leak on some path */
	return 0;
}
