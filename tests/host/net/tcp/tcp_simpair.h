/* SPDX-License-Identifier: MIT */
/* Two stacks back to back on simulated NICs for the TCP socket tests:
 * A = 10.0.0.2 (client side), B = 10.0.0.3 (server side). */
#ifndef TCP_SIMPAIR_H
#define TCP_SIMPAIR_H
#include "../../test.h"
#include "netsim.h"
#include <net/tcp_sock.h>

#define A_IP IP4(10, 0, 0, 2)
#define B_IP IP4(10, 0, 0, 3)

static struct sim_dev da, db;
static struct net_stack *sa, *sb;

static void pair_up(void)
{
	sim_dev_init(&da, "a0", 0xa);
	sim_dev_init(&db, "b0", 0xb);
	sa = sim_stack(&da, A_IP);
	sb = sim_stack(&db, B_IP);
}

/* Both stacks destroyed: nothing they allocated may be left. */
static void pair_down(void)
{
	net_destroy(sa);
	net_destroy(sb);
	CHECK_EQ(sim_live_allocs, 0);
}

static void pump(void)
{
	sim_wire(&da, &db);
}

/* One clock tick on both stacks, then deliver what they sent. */
static void tick(void)
{
	sim_now += NET_TICK_MS;
	net_poll_timers(sa);
	net_poll_timers(sb);
	pump();
}

static void advance(uint64_t ms)
{
	for (uint64_t t = 0; t < ms; t += NET_TICK_MS)
		tick();
}

static struct tcp_sock *listener(struct net_stack *s, uint16_t port,
                                 unsigned backlog)
{
	struct tcp_sock *l = tcp_open(s);
	CHECK(l != NULL);
	CHECK_EQ(tcp_bind(l, IP4_ANY, port), 0);
	CHECK_EQ(tcp_listen(l, backlog), 0);
	return l;
}

/* A connection from A to B's listener l on port: *cli on A, *srv on B. */
static void connect_pair(struct tcp_sock *l, uint16_t port,
                         struct tcp_sock **cli, struct tcp_sock **srv)
{
	*cli = tcp_open(sa);
	CHECK(*cli != NULL);
	CHECK_EQ(tcp_connect(*cli, B_IP, port), NET_EINPROGRESS);
	pump();
	CHECK(tcp_poll(*cli) & TCP_POLL_WRITABLE);
	CHECK(tcp_poll(l) & TCP_POLL_READABLE);
	*srv = NULL;
	CHECK_EQ(tcp_accept(l, srv), 0);
	CHECK(*srv != NULL);
}

/* Fresh stacks, a listener on B:80 (backlog 4) and one connection. */
static inline struct tcp_sock *pair_connected(struct tcp_sock **cli,
                                              struct tcp_sock **srv)
{
	pair_up();
	struct tcp_sock *l = listener(sb, 80, 4);
	connect_pair(l, 80, cli, srv);
	return l;
}

#endif
