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
 *   frag  [size16][mtu][peer fragment size][flags][data...]: the peer
 *         sends an echo request of size bytes (data repeated) in
 *         fragments; the reply, fragmented for our MTU, must come back
 *         whole (netsim's own reassembler checks every fragment) and
 *         equal to the request; flags bit 0 sends the fragments last
 *         first, bit 1 also sends a UDP datagram of that size
 *   arpseq records [op][who][target][mac] of ARP traffic, our own
 *         resolutions and clock steps; after each, the cache must hold
 *         only addresses we asked about or that asked for us, and no
 *         entry's MAC may change within arp_mac_hold_ms of the last
 *         change (RFC 826 merge rule, net/arp.c)
 */
#include "../host/net/netsim.h"
#include <net/arp.h>
#include <net/dhcp.h>
#include <net/dns.h>
#include <net/icmp.h>
#include <net/udp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define US   IP4(10, 0, 0, 2)
#define PEER IP4(10, 0, 0, 9)
#define MAXL (ETH_FRAME_MAX - 34)

enum { M_ETH, M_ARP, M_IPV4, M_ICMP, M_UDP, M_DHCP, M_DNS, M_FRAG, M_ARPSEQ };

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
	if (mode == M_ARPSEQ)
		return s;
	sim_teach(&dev, PEER, US);
	sim_teach(&dev, IP4(10, 0, 0, 1), US);
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

static uint8_t req[65536], got[65536];

/* Fragments needed for l4 bytes at mtu. */
static size_t frags_for(size_t l4, size_t mtu)
{
	size_t per = (mtu - 20) & ~(size_t)7;
	return l4 + 20 <= mtu ? 1 : (l4 + per - 1) / per;
}

/* Our answer, reassembled by netsim: it must be exactly want[len]
 * (with an echo reply's type and checksum when icmp). */
static void check_sent(size_t mtu, const uint8_t *want, size_t len, bool icmp)
{
	struct ip4_hdr h;
	const char *why;
	long n = sim_defrag(&dev, (unsigned)mtu, &h, got, sizeof(got), &why);
	if (n != (long)len) {
		fprintf(stderr, "mtu %zu len %zu: got %ld: %s\n", mtu, len, n,
		        why ? why : "wrong length");
		abort();
	}
	if (icmp && (got[0] != 0 || inet_checksum(got, len) != 0 ||
	             memcmp(got + 4, want + 4, len - 4)))
		abort();
	if (!icmp && memcmp(got + 8, want + 8, len - 8))
		abort();
}

static void fuzz_frag(struct net_stack *s, const uint8_t *d, size_t len)
{
	if (len < 6)
		return;
	sim_drain(&dev); /* setup()'s DNS query */
	size_t mtu = 68 + (size_t)d[2] * 1432 / 255;
	size_t size = (size_t)(d[0] << 8 | d[1]) % (ICMP_ECHO_DATA_MAX + 1);
	size_t most = SIM_TXQ * ((mtu - 20) & ~(size_t)7) - 8;
	size = size < most ? size : most;
	size_t per = 8 * (1 + d[3] % 185), l4 = size + 8;
	if (l4 > 64 * per) /* the stack keeps 64 fragments a datagram */
		per = ((l4 + 63) / 64 + 7) & ~(size_t)7;
	const uint8_t *pat = d + 5;
	size_t plen = len - 5;
	req[0] = 8, req[1] = 0, req[2] = req[3] = 0;
	for (size_t i = 4; i < l4; i++)
		req[i] = pat[(i - 4) % plen];
	uint16_t c = inet_checksum(req, l4);
	req[2] = (uint8_t)(c >> 8), req[3] = (uint8_t)c;
	dev.dev.mtu = (uint16_t)mtu;
	size_t nf = (l4 + per - 1) / per;
	for (size_t k = 0; k < nf; k++) {
		size_t i = d[4] & 1 ? nf - 1 - k : k, off = i * per;
		size_t n = l4 - off < per ? l4 - off : per;
		size_t fl =
		    sim_ip(frame, dev.dev.mac, sim_peer_mac, PEER, US, 1,
		           0x4444, (uint16_t)off, off + n < l4, req + off, n);
		net_rx(&dev.dev, frame, fl);
	}
	check_sent(mtu, req, l4, true);
	if (d[4] & 2 && frags_for(l4, mtu) <= SIM_TXQ) {
		struct udp_sock *u = udp_open(s);
		if (u && udp_sendto(u, PEER, 9, req + 8, size) == (int)size) {
			/* the UDP header takes the ICMP header's 8 bytes */
			check_sent(mtu, req, l4, false);
		}
		udp_close(u);
	}
	if (net_counters(s)->ip_frag_fail)
		abort();
	dev.dev.mtu = 1500;
}

/* The ARP oracle's view of one address (10.0.0.1 .. 10.0.0.8). */
struct arp_model {
	bool may_exist; /* we asked, or it asked for us */
	bool seen;      /* cached at the last look */
	uint8_t mac[6]; /* the MAC then */
	uint64_t since; /* when that MAC was first seen */
};

static void arp_check(struct net_stack *s, struct arp_model *m)
{
	struct arp_entry_info t[32];
	unsigned n = arp_table(s, t, 32);
	bool seen[8] = {0};
	for (unsigned i = 0; i < n && i < 32; i++) {
		if (t[i].state != ARP_REACHABLE)
			continue;
		unsigned k = (t[i].ip & 0xff) - 1;
		if ((t[i].ip & 0xffffff00u) != IP4(10, 0, 0, 0) || k >= 8 ||
		    !m[k].may_exist)
			abort(); /* an entry nobody asked for */
		seen[k] = true;
		if (m[k].seen && memcmp(m[k].mac, t[i].mac, 6)) {
			if (sim_now - m[k].since <
			    net_tunables(s)->arp_mac_hold_ms)
				abort(); /* changed inside the hold */
			m[k].since = sim_now;
		} else if (!m[k].seen) {
			m[k].since = sim_now;
		}
		memcpy(m[k].mac, t[i].mac, 6);
	}
	for (unsigned k = 0; k < 8; k++)
		m[k].seen = seen[k];
}

static void fuzz_arpseq(struct net_stack *s, const uint8_t *d, size_t len)
{
	struct arp_model m[8] = {0};
	for (; len >= 4; d += 4, len -= 4) {
		unsigned k = d[1] % 8;
		ip4_addr_t who = IP4(10, 0, 0, 1 + k);
		uint8_t mac[6] = {2, 0, 0, 0, 0x10, (uint8_t)(d[3] % 4)};
		ip4_addr_t tpa = d[2] % 3 == 0   ? US
		                 : d[2] % 3 == 1 ? IP4(10, 0, 0, 50)
		                                 : who;
		switch (d[0] % 4) {
		case 0: /* a request */
		case 1: /* a reply */
			if (d[0] % 4 == 0 && tpa == US)
				m[k].may_exist = true;
			net_rx(&dev.dev, frame,
			       sim_arp(frame, d[0] % 4 ? 2 : 1, mac, who,
			               d[0] % 4 ? dev.dev.mac : sim_bcast,
			               tpa));
			break;
		case 2: /* we resolve who */
			m[k].may_exist = true;
			icmp_echo_send(s, who, 1, 1, "x", 1);
			break;
		default: /* a clock step, looked at every tick: a probe's
		          * change happens inside it */
			for (unsigned i = 0; i < d[3]; i++) {
				sim_advance(s, NET_TICK_MS);
				arp_check(s, m);
			}
			break;
		}
		sim_drain(&dev);
		arp_check(s, m);
	}
}

static void fuzz_one(struct net_stack *s, int mode, const uint8_t *d,
                     size_t len)
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
	case M_FRAG:
		fuzz_frag(s, d, len);
		break;
	case M_ARPSEQ:
		fuzz_arpseq(s, d, len);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!dev.dev.ops)
		sim_dev_init(&dev, "eth0", 2);
	struct net_stack *s = setup(FUZZ_MODE);
	fuzz_one(s, FUZZ_MODE, data, size);
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
