/* SPDX-License-Identifier: MIT */
/* TCP sockets through two simulated stacks: handshake, byte-exact
 * transfer both ways, close paths down to CLOSED after TIME-WAIT,
 * refused connections, notify, info, bind rules. */
#include "tcp_simpair.h"
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
	pair_up();
	struct tcp_sock *l = listener(sb, 80, 4), *c, *t;
	connect_pair(l, 80, &c, &t);
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

int main(void)
{
	test_rng_seed();
	test_transfer_and_close();
	test_refused();
	return test_finish();
}
