/* SPDX-License-Identifier: MIT */
/* Checksum offload (netdev.h; virtio 1.2 5.1.6.2 and 5.1.6.4), TCP and
 * UDP. Transmit with NETDEV_F_TX_CSUM: the frame leaves with only the
 * pseudo-header sum in the checksum field and csum_start/csum_offset
 * set, and finishing it as the device would gives the checksum the
 * stack computes without offload (odd lengths included); datagrams that
 * must be fragmented are finished in software. Receive: NETDEV_RX_CSUM_OK
 * skips the check, a frame without it and a bad checksum is dropped. */
#include "net_priv.h"
#include "tcp/tcp.h"
#include "tcp_simpair.h"
#include <net/proto.h>
#include <net/udp.h>

static uint8_t f[ETH_FRAME_MAX + 64], g[ETH_FRAME_MAX + 64];

/* The L4 checksum of l4[0..len) src -> dst computed from scratch, with
 * its field (at off) taken as zero; a zero result is sent as 0xffff. */
static uint16_t sw_csum(ip4_addr_t src, ip4_addr_t dst, uint8_t proto,
                        const uint8_t *l4, size_t len, size_t off)
{
	uint8_t tmp[ETH_FRAME_MAX];
	memcpy(tmp, l4, len);
	tmp[off] = tmp[off + 1] = 0;
	uint32_t sum = inet_pseudo_sum(src, dst, proto, (uint16_t)len);
	uint16_t c = inet_sum_fold(inet_sum_add(sum, tmp, len));
	return c ? c : 0xffff;
}

/* Pop d's next frame as the stack left it and check it is a partial
 * TCP/UDP checksum (proto) at csum_off; then finish it as the device
 * would and check the result against sw_csum. Leaves the finished frame
 * in g; returns its length. */
static size_t check_partial(struct sim_dev *d, uint8_t proto, size_t csum_off)
{
	struct netdev_tx tx;
	size_t n = sim_pop_raw(d, g, &tx);
	struct ip4_hdr h;
	const uint8_t *l4;
	size_t l4len;
	int got_proto = n ? sim_parse(g, n, &h, &l4, &l4len) : -1;
	CHECK_EQ(got_proto, proto);
	if (got_proto != proto)
		return 0;
	CHECK_EQ(tx.csum_start, 14 + 20);
	CHECK_EQ(tx.csum_offset, csum_off);
	uint16_t pseudo = (uint16_t)~inet_sum_fold(
	    inet_pseudo_sum(h.src, h.dst, proto, (uint16_t)l4len));
	CHECK_EQ(l4[csum_off] << 8 | l4[csum_off + 1], pseudo);
	net_csum_complete(g, n, &tx);
	uint16_t want = sw_csum(h.src, h.dst, proto, l4, l4len, csum_off);
	uint16_t got = (uint16_t)(l4[csum_off] << 8 | l4[csum_off + 1]);
	/* 0 and 0xffff are the same ones' complement zero for TCP */
	CHECK(got == want || (proto == 6 && (got | want) == 0xffff &&
	                      (got == 0 || want == 0)));
	CHECK_EQ(inet_sum_fold(inet_sum_add(
	             inet_pseudo_sum(h.src, h.dst, proto, (uint16_t)l4len), l4,
	             l4len)),
	         0);
	return n;
}

static const size_t lens[] = {1, 2, 3, 7, 64, 511, 1001, 1447, 1448};

static void test_tx_tcp(void)
{
	struct tcp_sock *cli, *srv;
	pair_up();
	da.dev.features = NETDEV_F_TX_CSUM;
	struct tcp_sock *l = listener(sb, 80, 4);
	connect_pair(l, 80, &cli, &srv);
	CHECK(da.tx_partial >= 2);  /* SYN and the handshake's ACK */
	CHECK_EQ(db.tx_partial, 0); /* the no-offload side stays complete */
	tcp_set_nodelay(cli, true);
	uint8_t buf[1500], in[1500];
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		for (size_t j = 0; j < lens[i]; j++)
			buf[j] = (uint8_t)(j * 7 + i);
		CHECK_EQ(tcp_send(cli, buf, lens[i]), (int)lens[i]);
		size_t n = check_partial(&da, 6, TCP_CSUM_OFF);
		net_rx(&db.dev, g, n);
		pump();
		CHECK_EQ(tcp_recv(srv, in, sizeof(in)), (int)lens[i]);
		CHECK(!memcmp(in, buf, lens[i]));
	}
	/* the peer's pure ACKs came back complete and were accepted */
	CHECK_EQ(net_counters(sa)->tcp_rx_bad_csum, 0);
	CHECK_EQ(net_counters(sb)->tcp_rx_bad_csum, 0);
	tcp_abort(cli);
	tcp_abort(srv);
	tcp_close(l);
	advance(1000);
	CHECK_EQ(net_counters(sb)->tcp_rx_bad_csum, 0);
	pair_down();
}

static void test_tx_udp(void)
{
	uint8_t buf[4000];
	pair_up();
	sim_teach(&da, B_IP, A_IP);
	struct udp_sock *u = udp_open(sa);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 13 + 5);
	/* without the feature: complete checksums, csum_start 0 */
	CHECK_EQ(udp_sendto(u, B_IP, 9, buf, 3), 3);
	struct netdev_tx tx;
	CHECK(sim_pop_raw(&da, g, &tx) > 0);
	CHECK_EQ(tx.csum_start, 0);
	da.dev.features = NETDEV_F_TX_CSUM;
	static const size_t ulens[] = {0, 1, 2, 3, 9, 1001, 1471, 1472};
	for (size_t i = 0; i < sizeof(ulens) / sizeof(ulens[0]); i++) {
		CHECK_EQ(udp_sendto(u, B_IP, 9, buf + i, ulens[i]),
		         (int)ulens[i]);
		check_partial(&da, 17, 6);
	}
	/* too big for one frame: fragments, finished in software */
	unsigned long partial = da.tx_partial;
	CHECK_EQ(udp_sendto(u, B_IP, 9, buf, 3001), 3001);
	CHECK_EQ(da.tx_partial, partial);
	struct ip4_hdr h;
	const char *why = NULL;
	static uint8_t dg[4096];
	long dl = sim_defrag(&da, 1500, &h, dg, sizeof(dg), &why);
	CHECK_EQ(dl, 8 + 3001);
	CHECK_EQ(inet_sum_fold(inet_sum_add(
	             inet_pseudo_sum(h.src, h.dst, 17, (uint16_t)dl), dg,
	             (size_t)dl)),
	         0);
	udp_close(u);
	pair_down();
}

/* A UDP datagram PEER -> us:7000 in f, with its checksum corrupted
 * (bad) or replaced by the pseudo-header sum, as a local peer with
 * offload leaves it (virtio 1.2 5.1.6.4). */
static size_t udp_frame(struct sim_dev *d, bool bad, bool partial)
{
	ip4_addr_t peer = IP4(10, 0, 0, 9);
	size_t n = sim_udp(f, d->dev.mac, sim_peer_mac, peer, A_IP, 1234, 7000,
	                   "hello", 5);
	uint8_t *u = f + 14 + 20;
	if (bad)
		u[7] ^= 0x5a;
	if (partial) {
		uint16_t p = (uint16_t)~inet_sum_fold(
		    inet_pseudo_sum(peer, A_IP, 17, 8 + 5));
		u[6] = (uint8_t)(p >> 8);
		u[7] = (uint8_t)p;
	}
	return n;
}

static void test_rx_udp(void)
{
	pair_up();
	const struct net_counters *c = net_counters(sa);
	struct udp_sock *u = udp_open(sa);
	char buf[16];
	CHECK_EQ(udp_bind(u, IP4_ANY, 7000), 0);
	size_t n = udp_frame(&da, true, false);
	net_rx(&da.dev, f, n);
	CHECK_EQ(c->udp_rx_bad_csum, 1);
	CHECK_EQ(udp_recvfrom(u, buf, sizeof(buf), NULL, NULL), NET_EAGAIN);
	net_rx_flags(&da.dev, f, n, NETDEV_RX_CSUM_OK);
	CHECK_EQ(c->udp_rx_bad_csum, 1);
	CHECK_EQ(udp_recvfrom(u, buf, sizeof(buf), NULL, NULL), 5);
	/* the partial checksum of a local peer: only with the flag */
	n = udp_frame(&da, false, true);
	net_rx(&da.dev, f, n);
	CHECK_EQ(c->udp_rx_bad_csum, 2);
	net_rx_flags(&da.dev, f, n, NETDEV_RX_CSUM_OK);
	CHECK_EQ(udp_recvfrom(u, buf, sizeof(buf), NULL, NULL), 5);
	CHECK(!memcmp(buf, "hello", 5));
	/* a good one without the flag still passes */
	n = udp_frame(&da, false, false);
	net_rx(&da.dev, f, n);
	CHECK_EQ(udp_recvfrom(u, buf, sizeof(buf), NULL, NULL), 5);
	CHECK_EQ(c->udp_rx_bad_csum, 2);
	udp_close(u);
	pair_down();
}

/* A SYN PEER:4000 -> us:80 in f, its checksum corrupted. */
static size_t bad_syn(struct sim_dev *d)
{
	uint8_t seg[64];
	struct tcp_hdr h = {.sport = 4000,
	                    .dport = 80,
	                    .seq = 1000,
	                    .flags = TCP_SYN,
	                    .wnd = 65535};
	int sl = tcp_seg_build(seg, sizeof(seg), &h, NULL, 0, IP4(10, 0, 0, 9),
	                       B_IP);
	CHECK(sl > 0);
	seg[TCP_CSUM_OFF] ^= 0x11;
	return sim_ip(f, d->dev.mac, sim_peer_mac, IP4(10, 0, 0, 9), B_IP, 6, 1,
	              0, 0, seg, (size_t)sl);
}

static void test_rx_tcp(void)
{
	pair_up();
	const struct net_counters *c = net_counters(sb);
	struct tcp_sock *l = listener(sb, 80, 4);
	sim_teach(&db, IP4(10, 0, 0, 9), B_IP);
	size_t n = bad_syn(&db);
	net_rx(&db.dev, f, n);
	CHECK_EQ(c->tcp_rx_bad_csum, 1);
	CHECK_EQ(db.count, 0); /* no SYN,ACK */
	net_rx_flags(&db.dev, f, n, NETDEV_RX_CSUM_OK);
	CHECK_EQ(c->tcp_rx_bad_csum, 1);
	CHECK_EQ(db.count, 1); /* the SYN,ACK */
	CHECK_EQ(
	    sim_parse(db.frames[db.head], db.lens[db.head], NULL, NULL, NULL),
	    6);
	/* a fragment's flag is not trusted: reassembly checks it */
	uint8_t seg[64];
	memcpy(seg, f + 14 + 20, n - 34);
	size_t m = sim_ip(f, db.dev.mac, sim_peer_mac, IP4(10, 0, 0, 9), B_IP,
	                  6, 2, 0, 1, seg, 16);
	net_rx_flags(&db.dev, f, m, NETDEV_RX_CSUM_OK);
	m = sim_ip(f, db.dev.mac, sim_peer_mac, IP4(10, 0, 0, 9), B_IP, 6, 2,
	           16, 0, seg + 16, n - 34 - 16);
	net_rx_flags(&db.dev, f, m, NETDEV_RX_CSUM_OK);
	CHECK_EQ(c->tcp_rx_bad_csum, 2);
	tcp_close(l);
	sim_drain(&db);
	pair_down();
}

/* l4_csum_out over a packet in pieces (NETDEV_F_SG without checksum
 * offload): for every split of a payload into header part and two
 * pieces (odd and even lengths, so pieces start at odd and even
 * offsets), the checksum equals the one over the same bytes in one
 * run. */
static void test_csum_pieces(void)
{
	static uint8_t pay[1500];
	pair_up();
	for (size_t i = 0; i < sizeof(pay); i++)
		pay[i] = (uint8_t)(i * 131 + 7);
	const size_t plen[] = {0, 1, 2, 3, 20, 21, 1447, 1448};
	for (size_t a = 0; a < 8; a++)
		for (size_t b = 0; b < 8; b++)
			for (size_t c = 1; c < 8; c++) {
				size_t hl = 20 + (a & 3) * 4;
				size_t n0 = plen[b], n1 = plen[c];
				if (hl + n0 + n1 > sizeof(pay))
					continue;
				struct pkt *p = pkt_alloc(sa, hl);
				CHECK(p != NULL);
				memcpy(pkt_l4(p), pay, hl);
				pkt_l4(p)[16] = pkt_l4(p)[17] = 0;
				p->frag[0] = (struct netdev_frag){pay + hl,
				                                  (uint32_t)n0};
				p->frag[1] = (struct netdev_frag){pay + hl + n0,
				                                  (uint32_t)n1};
				l4_csum_out(sa, p, 6, B_IP, 16);
				uint16_t got = get16(pkt_l4(p) + 16);
				CHECK_EQ(got, sw_csum(A_IP, B_IP, 6, pay,
				                      hl + n0 + n1, 16));
				net_free(sa, p);
			}
	pair_down();
}

int main(void)
{
	test_csum_pieces();
	test_tx_tcp();
	test_tx_udp();
	test_rx_udp();
	test_rx_tcp();
	return test_finish();
}
