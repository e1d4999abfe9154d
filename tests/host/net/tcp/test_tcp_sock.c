/* SPDX-License-Identifier: MIT */
/* TCP sockets through two simulated stacks: handshake, byte-exact
 * transfer both ways, close paths down to CLOSED after TIME-WAIT,
 * refused connections, notify, info, bind rules. */
#include "tcp/tcp.h" /* the timer and MSS constants */
#include "tcp_simpair.h"
#include <net/arp.h>
#include <net/proto.h>
#include <stdlib.h>

static uint8_t pattern(uint32_t seed, size_t i)
{
	return (uint8_t)((i * 131 + (i >> 9) + seed) & 0xff);
}

struct flow {
	struct tcp_sock *from, *to;
	uint32_t seed;
	size_t total, sent, rcvd;
	bool bad;
};

/* Queue what fits, read what arrived (checking every byte); returns
 * whether anything moved. */
static bool flow_step(struct flow *f)
{
	uint8_t buf[8192];
	bool moved = false;
	while (f->sent < f->total) {
		size_t n = f->total - f->sent;
		if (n > sizeof(buf))
			n = sizeof(buf);
		for (size_t i = 0; i < n; i++)
			buf[i] = pattern(f->seed, f->sent + i);
		int r = tcp_send(f->from, buf, n);
		if (r <= 0)
			break;
		f->sent += (size_t)r;
		moved = true;
	}
	int r;
	while ((r = tcp_recv(f->to, buf, sizeof(buf))) > 0) {
		for (int i = 0; i < r; i++)
			if (buf[i] != pattern(f->seed, f->rcvd + (size_t)i))
				f->bad = true;
		f->rcvd += (size_t)r;
		moved = true;
	}
	return moved;
}

/* Run flows until all arrived (ticking the clock when nothing moves). */
static void run_flows(struct flow *fl, unsigned n)
{
	for (unsigned iter = 0; iter < 200000; iter++) {
		bool moved = false, done = true;
		for (unsigned i = 0; i < n; i++) {
			moved |= flow_step(&fl[i]);
			done &= fl[i].rcvd == fl[i].total;
		}
		if (done)
			break;
		pump();
		if (!moved)
			tick();
	}
	for (unsigned i = 0; i < n; i++) {
		CHECK_EQ(fl[i].rcvd, fl[i].total);
		CHECK(!fl[i].bad);
	}
}

static unsigned state_count[TCP_TIME_WAIT + 1];
static void count_states(void *ctx, const struct tcp_sock_info *i)
{
	(void)ctx;
	state_count[i->state]++;
}

static unsigned count_in(struct net_stack *s, enum tcp_state st)
{
	memset(state_count, 0, sizeof(state_count));
	tcp_foreach(s, count_states, NULL);
	return state_count[st];
}

static void test_transfer_and_close(void)
{
	struct tcp_sock *c, *t, *l = pair_connected(&c, &t);
	CHECK_EQ(count_in(sa, TCP_ESTABLISHED), 1);
	CHECK_EQ(count_in(sb, TCP_ESTABLISHED), 1);
	CHECK_EQ(count_in(sb, TCP_LISTEN), 1);
	struct tcp_sock_info ci, ti;
	tcp_sock_info(c, &ci);
	tcp_sock_info(t, &ti);
	CHECK_EQ(ci.raddr, B_IP);
	CHECK_EQ(ci.rport, 80);
	CHECK_EQ(ti.raddr, A_IP);
	CHECK_EQ(ti.rport, ci.lport);
	CHECK(ci.lport >= TCP_EPHEMERAL_LO);
	CHECK_EQ(net_counters(sa)->tcp_active_opens, 1);
	CHECK_EQ(net_counters(sb)->tcp_passive_opens, 1);
	CHECK_EQ(net_counters(sa)->tcp_buf_bytes,
	         TCP_SNDBUF_DEFAULT + TCP_RCVBUF_DEFAULT);

	struct flow fl[2] = {
	    {.from = c, .to = t, .seed = 1, .total = 300 * 1024 + 7},
	    {.from = t, .to = c, .seed = 2, .total = 200 * 1024 + 3},
	};
	run_flows(fl, 2);
	CHECK_EQ(net_counters(sa)->ip_tx_too_big, 0);
	CHECK_EQ(net_counters(sb)->ip_tx_too_big, 0);
	advance(500); /* the delayed ACK of the last data */
	tcp_sock_info(c, &ci);
	CHECK_EQ(ci.sndq, 0);
	CHECK_EQ(ci.rcvq, 0);
	CHECK(ci.srtt_ms < 1000);
	CHECK(ci.rto_ms >= TCP_RTO_CONN_MIN_MS);
	CHECK(ci.rto_ms >= ci.srtt_ms + TCP_RTO_VAR_MIN_MS);
	CHECK(ci.rcv_ws > 0); /* 256 KiB buffers need window scaling */
	CHECK(ci.mss > 0 && ci.mss <= TCP_CONN_MSS);

	/* client closes first: it ends in TIME-WAIT, the server's side
	 * goes CLOSE-WAIT -> LAST-ACK -> CLOSED */
	tcp_close(c);
	pump();
	uint8_t b;
	CHECK_EQ(tcp_recv(t, &b, 1), 0);
	CHECK(tcp_poll(t) & TCP_POLL_HUP);
	CHECK_EQ(count_in(sb, TCP_CLOSE_WAIT), 1);
	tcp_close(t);
	pump();
	CHECK_EQ(count_in(sa, TCP_TIME_WAIT), 1);
	CHECK_EQ(net_counters(sb)->tcp_socks, 1); /* the listener */
	CHECK_EQ(net_counters(sb)->tcp_buf_bytes, 0);
	CHECK_EQ(net_counters(sa)->tcp_socks, 1);
	CHECK_EQ(net_counters(sa)->tcp_buf_bytes, 0); /* freed in TIME-WAIT */
	advance(2 * TCP_MSL_MS + 1000);
	CHECK_EQ(net_counters(sa)->tcp_socks, 0);
	tcp_close(l);
	CHECK_EQ(net_counters(sb)->tcp_socks, 0);
	pair_down();
}

/* Super-segments cut by gso.c through the stack's own impairment
 * (net/impair.c: 3 % of TCP frames lost, 5 % held back and overtaken,
 * each way): byte-exact both ways; the losses were repaired. */
static void test_transfer_impaired(void)
{
	struct tcp_sock *c, *t;
	pair_connected(&c, &t);
	for (int i = 0; i < 2; i++) {
		struct net_tunables *tu = net_tunables(i ? sb : sa);
		tu->impair_loss_ppm = 30000;
		tu->impair_reorder_ppm = 50000;
	}
	struct flow fl[2] = {
	    {.from = c, .to = t, .seed = 3, .total = 2000 * 1024 + 1},
	    {.from = t, .to = c, .seed = 4, .total = 1000 * 1024 + 9},
	};
	run_flows(fl, 2);
	for (int i = 0; i < 2; i++) {
		struct net_stack *s = i ? sb : sa;
		const struct net_counters *k = net_counters(s);
		CHECK(k->impair_dropped > 0);
		CHECK(k->impair_held > 0);
		CHECK(k->gso_tx > 0);
		CHECK(k->tcp_retransmits > 0);
		net_tunables(s)->impair_loss_ppm = 0;
		net_tunables(s)->impair_reorder_ppm = 0;
	}
	tcp_abort(c);
	tcp_abort(t);
	pump();
	pair_down();
}

/* Payload handed to the device in place (NETDEV_F_SG), segment by
 * segment (a sim NIC has no TSO), with and without test impairment (2 %
 * lost, 5 % held back, each way): the pieces of the send ring, with the
 * checksum left to the device or computed by the stack over the pieces. Odd
 * write sizes make the ring wrap at odd offsets, so a second piece often starts
 * at an odd byte (the checksum's byte-swapped half). Byte-exact both ways, no
 * bad checksum, and the packets went out in pieces; with tcp_sg_min above any
 * payload, none do. */
static void transfer_sg(uint32_t features, uint32_t sg_min, bool impair)
{
	struct tcp_sock *c, *t;
	pair_up();
	da.dev.features = db.dev.features = features;
	for (int i = 0; i < 2; i++) {
		struct net_tunables *tu = net_tunables(i ? sb : sa);
		tu->tcp_sg_min = sg_min;
		tu->tcp_gso_max = 1; /* the sim NIC cannot cut super-segments */
		tu->impair_loss_ppm = impair ? 20000 : 0;
		tu->impair_reorder_ppm = impair ? 50000 : 0;
	}
	connect_pair(listener(sb, 80, 4), 80, &c, &t);
	struct flow fl[2] = {
	    {.from = c, .to = t, .seed = 5, .total = 1500 * 1024 + 1},
	    {.from = t, .to = c, .seed = 6, .total = 700 * 1024 + 333},
	};
	run_flows(fl, 2);
	for (int i = 0; i < 2; i++) {
		const struct net_counters *k = net_counters(i ? sb : sa);
		struct sim_dev *d = i ? &db : &da;
		CHECK_EQ(k->tcp_rx_bad_csum, 0);
		CHECK_EQ(k->pkt_linearized, 0);
		if (impair) /* dropped or held: not in pieces at the NIC */
			CHECK(d->tx_sg < k->sg_tx);
		else
			CHECK_EQ(d->tx_sg, k->sg_tx);
		if (sg_min > 65535)
			CHECK_EQ(k->sg_tx, 0);
		else
			CHECK(k->sg_tx > 400); /* 485 segments of 700 KiB */
		if (features & NETDEV_F_TX_CSUM)
			CHECK(d->tx_partial > 400);
		if (impair) /* held frames were gathered, not linearized */
			CHECK(k->impair_held > 0 && k->impair_dropped > 0);
	}
	tcp_abort(c);
	tcp_abort(t);
	pump();
	pair_down();
}

/* A segment in pieces that must wait for ARP is copied whole first
 * (its pieces are the send ring's, only borrowed): after an ARP flush,
 * data still arrives byte-exact and the queued packets were
 * linearized. */
static void test_sg_arp_queue(void)
{
	struct tcp_sock *c, *t;
	pair_up();
	da.dev.features = db.dev.features = NETDEV_F_SG;
	net_tunables(sa)->tcp_gso_max = net_tunables(sb)->tcp_gso_max = 1;
	net_tunables(sa)->tcp_sg_min = net_tunables(sb)->tcp_sg_min = 512;
	connect_pair(listener(sb, 80, 4), 80, &c, &t);
	arp_flush(sa);
	static uint8_t buf[3000], got[3000];
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 7 + 1);
	CHECK_EQ(tcp_send(c, buf, sizeof(buf)), (int)sizeof(buf));
	CHECK(net_counters(sa)->pkt_linearized > 0);
	advance(2000);
	size_t n = 0;
	int r;
	while (n < sizeof(got) &&
	       (r = tcp_recv(t, got + n, sizeof(got) - n)) > 0)
		n += (size_t)r;
	CHECK_EQ(n, sizeof(got));
	CHECK(!memcmp(buf, got, sizeof(buf)));
	tcp_abort(c);
	tcp_abort(t);
	pump();
	pair_down();
}

static void test_transfer_sg(void)
{
	test_sg_arp_queue();
	transfer_sg(NETDEV_F_SG, 512, false);
	transfer_sg(NETDEV_F_SG | NETDEV_F_TX_CSUM, 512, false);
	transfer_sg(NETDEV_F_SG | NETDEV_F_TX_CSUM, 1, false);
	transfer_sg(NETDEV_F_SG, 70000, false);
	transfer_sg(NETDEV_F_SG, 512, true);
	transfer_sg(NETDEV_F_SG | NETDEV_F_TX_CSUM, 512, true);
}

static void test_refused(void)
{
	pair_up();
	struct tcp_sock *c = tcp_open(sa);
	CHECK_EQ(tcp_connect(c, B_IP, 81), NET_EINPROGRESS);
	pump();
	CHECK_EQ(tcp_error(c), NET_ECONNREFUSED);
	CHECK(tcp_poll(c) & TCP_POLL_ERROR);
	CHECK_EQ(tcp_send(c, "x", 1), NET_ECONNREFUSED);
	uint8_t b;
	CHECK_EQ(tcp_recv(c, &b, 1), NET_ECONNREFUSED);
	CHECK_EQ(net_counters(sb)->tcp_rx_no_sock, 1);
	CHECK_EQ(net_counters(sb)->tcp_rst_sent, 1);
	CHECK_EQ(net_counters(sa)->tcp_rst_rx, 1);
	tcp_close(c);
	CHECK_EQ(net_counters(sa)->tcp_socks, 0);
	CHECK_EQ(net_counters(sa)->tcp_buf_bytes, 0);
	pair_down();
}

static int notified;
static void on_notify(void *ctx, struct tcp_sock *t)
{
	(void)t;
	(*(int *)ctx)++;
}

/* Half close: the client's FIN ends the server's reading, the server
 * still sends; notify runs on readable / connection events. */
static void test_half_close_and_notify(void)
{
	pair_up();
	struct tcp_sock *l = listener(sb, 80, 4), *c, *t;
	int lnote = 0;
	tcp_set_notify(l, on_notify, &lnote);
	connect_pair(l, 80, &c, &t);
	CHECK(lnote >= 1); /* a connection was queued */
	notified = 0;
	tcp_set_notify(t, on_notify, &notified);
	void *got = NULL;
	CHECK(tcp_notify_of(t, &got) == on_notify);
	CHECK(got == &notified);
	CHECK(tcp_notify_of(c, &got) == NULL);
	CHECK_EQ(tcp_send(c, "abc", 3), 3);
	pump();
	CHECK(notified >= 1);
	CHECK(tcp_poll(t) & TCP_POLL_READABLE);
	CHECK_EQ(tcp_shutdown(c), 0);
	CHECK_EQ(tcp_send(c, "x", 1), NET_ENOTCONN);
	pump();
	char buf[16];
	CHECK_EQ(tcp_recv(t, buf, sizeof(buf)), 3);
	CHECK_EQ(memcmp(buf, "abc", 3), 0);
	CHECK_EQ(tcp_recv(t, buf, sizeof(buf)), 0);
	CHECK(tcp_poll(t) & TCP_POLL_HUP);
	CHECK(tcp_poll(t) & TCP_POLL_WRITABLE);
	CHECK_EQ(tcp_send(t, "reply", 5), 5);
	pump();
	CHECK_EQ(tcp_recv(c, buf, sizeof(buf)), 5);
	CHECK_EQ(memcmp(buf, "reply", 5), 0);
	CHECK_EQ(tcp_recv(c, buf, sizeof(buf)), NET_EAGAIN);
	tcp_close(t);
	pump();
	CHECK_EQ(tcp_recv(c, buf, sizeof(buf)), 0);
	CHECK_EQ(count_in(sa, TCP_TIME_WAIT), 1);
	tcp_close(c);
	advance(2 * TCP_MSL_MS + 1000);
	CHECK_EQ(net_counters(sa)->tcp_socks, 0);
	tcp_close(l);
	pair_down();
}

/* TIME-WAIT reached with unread data: the owner still reads it, then
 * the receive buffer goes. */
static void test_timewait_unread(void)
{
	struct tcp_sock *c, *t, *l = pair_connected(&c, &t);
	CHECK_EQ(tcp_shutdown(c), 0);
	pump();
	CHECK_EQ(tcp_send(t, "late", 4), 4);
	tcp_close(t);
	pump();
	CHECK_EQ(count_in(sa, TCP_TIME_WAIT), 1);
	CHECK_EQ(net_counters(sa)->tcp_buf_bytes, TCP_RCVBUF_DEFAULT);
	char buf[8];
	CHECK_EQ(tcp_recv(c, buf, sizeof(buf)), 4);
	CHECK_EQ(memcmp(buf, "late", 4), 0);
	CHECK_EQ(net_counters(sa)->tcp_buf_bytes, 0);
	CHECK_EQ(tcp_recv(c, buf, sizeof(buf)), 0);
	tcp_close(c);
	tcp_close(l);
	pair_down();
}

/* Abort, close with unread data and closing a listener with queued
 * connections all reset the peer. */
static void test_resets(void)
{
	pair_up();
	struct tcp_sock *l = listener(sb, 80, 4), *c, *t;
	char buf[8];
	connect_pair(l, 80, &c, &t);
	tcp_abort(t);
	pump();
	CHECK_EQ(tcp_error(c), NET_ECONNRESET);
	CHECK_EQ(tcp_recv(c, buf, sizeof(buf)), NET_ECONNRESET);
	CHECK(tcp_poll(c) & TCP_POLL_ERROR);
	CHECK(tcp_poll(c) & TCP_POLL_HUP);
	tcp_close(c);

	connect_pair(l, 80, &c, &t);
	CHECK_EQ(tcp_send(c, "unread", 6), 6);
	pump();
	tcp_close(t); /* unread data: RST, not FIN */
	pump();
	CHECK_EQ(tcp_error(c), NET_ECONNRESET);
	tcp_close(c);

	struct tcp_sock *q = tcp_open(sa);
	CHECK_EQ(tcp_connect(q, B_IP, 80), NET_EINPROGRESS);
	pump();
	CHECK(tcp_poll(q) & TCP_POLL_WRITABLE);
	tcp_close(l); /* q was still in the accept queue */
	pump();
	CHECK_EQ(tcp_error(q), NET_ECONNRESET);
	tcp_close(q);
	CHECK_EQ(net_counters(sb)->tcp_socks, 0);
	CHECK_EQ(net_counters(sa)->tcp_socks, 0);
	pair_down();
}

/* An orphan the peer never lets finish (FIN-WAIT-2 forever) is reset
 * after tcp_orphan_idle_ms of no progress. */
static void test_orphan_idle(void)
{
	struct tcp_sock *c, *t, *l = pair_connected(&c, &t);
	tcp_close(c);
	pump();
	CHECK_EQ(count_in(sa, TCP_FIN_WAIT_2), 1);
	advance(30000);
	CHECK_EQ(count_in(sa, TCP_FIN_WAIT_2), 1);
	advance(35000);
	CHECK_EQ(net_counters(sa)->tcp_socks, 0);
	CHECK_EQ(tcp_error(t), NET_ECONNRESET);
	tcp_close(t);
	tcp_close(l);
	pair_down();
}

static void test_api_errors(void)
{
	pair_up();
	struct tcp_sock *a = tcp_open(sb), *b = tcp_open(sb);
	char buf[4];
	CHECK_EQ(tcp_bind(a, IP4(10, 0, 0, 99), 80), NET_EINVAL);
	CHECK_EQ(tcp_bind(a, IP4_ANY, 80), 0);
	CHECK_EQ(tcp_bind(a, IP4_ANY, 81), NET_EINVAL); /* already bound */
	CHECK_EQ(tcp_bind(b, B_IP, 80), NET_EADDRINUSE);
	CHECK_EQ(tcp_accept(a, &b), NET_EINVAL);
	CHECK_EQ(tcp_send(b, "x", 1), NET_ENOTCONN);
	CHECK_EQ(tcp_recv(b, buf, 1), NET_ENOTCONN);
	CHECK_EQ(tcp_shutdown(b), NET_ENOTCONN);
	CHECK_EQ(tcp_listen(a, 1000), 0);
	struct tcp_sock_info i;
	tcp_sock_info(a, &i);
	CHECK_EQ(i.backlog, TCP_BACKLOG_MAX);
	CHECK_EQ(i.state, TCP_LISTEN);
	CHECK_EQ(tcp_listen(a, 1), NET_EISCONN);
	CHECK_EQ(tcp_connect(a, A_IP, 80), NET_EISCONN);
	CHECK_EQ(tcp_set_bufsizes(a, 4096, 4096), NET_EISCONN);
	CHECK_EQ(tcp_connect(b, IP4_ANY, 80), NET_EINVAL);
	CHECK_EQ(tcp_connect(b, IP4(10, 0, 0, 2), 0), NET_EINVAL);
	CHECK_EQ(tcp_connect(b, A_IP, 80), NET_EINPROGRESS);
	CHECK_EQ(tcp_connect(b, A_IP, 80), NET_EISCONN);
	CHECK_EQ(tcp_send(b, "x", 1), NET_ENOTCONN); /* still SYN-SENT */
	CHECK_EQ(tcp_recv(b, buf, 1), NET_EAGAIN);
	tcp_close(b);
	tcp_close(a);
	/* no address: no route */
	net_iface_set_addr(sa, IP4_ANY, 0, 0);
	struct tcp_sock *u = tcp_open(sa);
	CHECK_EQ(tcp_connect(u, B_IP, 80), NET_ENETUNREACH);
	tcp_close(u);
	pair_down();
}

/* Small buffers (zero windows, many wraps), nodelay on one side. */
static void test_small_buffers(void)
{
	pair_up();
	struct tcp_sock *l = tcp_open(sb), *c = tcp_open(sa), *t;
	CHECK_EQ(tcp_set_bufsizes(l, 100, 3000), 0); /* 100: clamped */
	CHECK_EQ(tcp_bind(l, IP4_ANY, 7), 0);
	CHECK_EQ(tcp_listen(l, 1), 0);
	CHECK_EQ(tcp_set_bufsizes(c, 5000, TCP_BUF_MAX * 2), 0);
	tcp_set_nodelay(c, true);
	CHECK_EQ(tcp_connect(c, B_IP, 7), NET_EINPROGRESS);
	pump();
	CHECK_EQ(tcp_accept(l, &t), 0);
	struct tcp_sock_info ti, ci;
	tcp_sock_info(t, &ti);
	tcp_sock_info(c, &ci);
	CHECK_EQ(ti.sndbuf, TCP_BUF_MIN);
	CHECK_EQ(ti.rcvbuf, 3000);
	CHECK_EQ(ci.rcvbuf, TCP_BUF_MAX);
	struct flow fl[2] = {
	    {.from = c, .to = t, .seed = 3, .total = 100 * 1024},
	    {.from = t, .to = c, .seed = 4, .total = 50 * 1024},
	};
	run_flows(fl, 2);
	tcp_close(c);
	tcp_close(t);
	tcp_close(l);
	pump();
	advance(2 * TCP_MSL_MS + 1000);
	CHECK_EQ(net_counters(sa)->tcp_socks, 0);
	CHECK_EQ(net_counters(sb)->tcp_socks, 0);
	pair_down();
}

#define PEER IP4(10, 0, 0, 9)

/* The SYN A sent (its IP header onwards) into q[28]; false if none. */
static bool pop_syn(uint8_t q[28])
{
	uint8_t out[ETH_FRAME_MAX];
	size_t n;
	while ((n = sim_pop(&da, out))) {
		const uint8_t *l4;
		size_t l4len;
		struct ip4_hdr h;
		if (sim_parse(out, n, &h, &l4, &l4len) == 6 && (l4[13] & 2)) {
			memcpy(q, out + 14, 28);
			return true;
		}
	}
	return false;
}

/* ICMP destination unreachable (code) from PEER to A quoting q. */
static void icmp_unreach_to_a(uint8_t code, const uint8_t q[28])
{
	uint8_t m[8 + 28] = {3, code};
	memcpy(m + 8, q, 28);
	uint16_t cs = inet_checksum(m, sizeof(m));
	m[2] = (uint8_t)(cs >> 8);
	m[3] = (uint8_t)cs;
	static uint8_t f[ETH_FRAME_MAX + 64];
	size_t n = sim_ip(f, da.dev.mac, sim_peer_mac, PEER, A_IP, 1, 9, 0, 0,
	                  m, sizeof(m));
	net_rx(&da.dev, f, n);
}

/* RFC 1122 4.2.3.9: host unreachable is soft (reported on timeout),
 * port unreachable ends a connect; a wrong quoted sequence number is
 * ignored (RFC 5927 4.1). */
static void test_icmp_errors(void)
{
	pair_up();
	uint8_t q[28];
	sim_teach(&da, PEER, A_IP);
	sim_drain(&da);

	struct tcp_sock *c = tcp_open(sa);
	CHECK_EQ(tcp_connect(c, PEER, 80), NET_EINPROGRESS);
	CHECK(pop_syn(q));
	icmp_unreach_to_a(1, q);
	CHECK_EQ(tcp_error(c), 0);
	CHECK_EQ(count_in(sa, TCP_SYN_SENT), 1);
	for (int i = 0; i < 2000 && !tcp_error(c); i++) {
		sim_now += NET_TICK_MS;
		net_poll_timers(sa);
		sim_drain(&da);
	}
	CHECK_EQ(tcp_error(c), NET_EHOSTUNREACH);
	tcp_close(c);

	sim_teach(&da, PEER, A_IP); /* the ARP entry expired meanwhile */
	c = tcp_open(sa);
	CHECK_EQ(tcp_connect(c, PEER, 80), NET_EINPROGRESS);
	CHECK(pop_syn(q));
	q[24] ^= 0x80; /* the quoted sequence number, off by 2^31 */
	icmp_unreach_to_a(3, q);
	CHECK_EQ(tcp_error(c), 0);
	q[24] ^= 0x80;
	icmp_unreach_to_a(3, q);
	CHECK_EQ(tcp_error(c), NET_ECONNREFUSED);
	CHECK(tcp_poll(c) & TCP_POLL_ERROR);
	tcp_close(c);
	CHECK_EQ(net_counters(sa)->tcp_socks, 0);
	pair_down();
}

/* The server closed first and holds TIME-WAIT; the client reuses its
 * port: the new SYN reopens the 4-tuple at once (RFC 9293 3.10.7.4). */
static void test_timewait_reopen(void)
{
	struct tcp_sock *c, *t, *l = pair_connected(&c, &t);
	struct tcp_sock_info ci;
	tcp_sock_info(c, &ci);
	tcp_close(t);
	pump();
	tcp_close(c);
	pump();
	CHECK_EQ(count_in(sb, TCP_TIME_WAIT), 1);
	CHECK_EQ(net_counters(sa)->tcp_socks, 0);
	advance(1000);
	c = tcp_open(sa);
	CHECK_EQ(tcp_bind(c, IP4_ANY, ci.lport), 0);
	CHECK_EQ(tcp_connect(c, B_IP, 80), NET_EINPROGRESS);
	pump();
	CHECK(tcp_poll(c) & TCP_POLL_WRITABLE);
	CHECK_EQ(net_counters(sb)->tcp_timewait_recycled, 1);
	CHECK_EQ(count_in(sb, TCP_TIME_WAIT), 0);
	t = NULL;
	CHECK_EQ(tcp_accept(l, &t), 0);
	CHECK_EQ(tcp_send(c, "again", 5), 5);
	pump();
	char buf[8];
	if (t) {
		CHECK_EQ(tcp_recv(t, buf, sizeof(buf)), 5);
		tcp_abort(t);
	}
	tcp_abort(c);
	tcp_close(l);
	pair_down();
}

int main(void)
{
	test_rng_seed();
	test_transfer_and_close();
	test_transfer_impaired();
	test_transfer_sg();
	test_refused();
	test_half_close_and_notify();
	test_timewait_unread();
	test_resets();
	test_orphan_idle();
	test_api_errors();
	test_small_buffers();
	test_icmp_errors();
	test_timewait_reopen();
	return test_finish();
}
