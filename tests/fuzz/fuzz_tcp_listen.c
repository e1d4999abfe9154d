/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: a listener under SYNs, ACKs and SYN cookies
 * (net/tcp/tcp_listen.c, net/tcp/tcp_cookie.c) in one simulated stack (netsim).
 * The listener has backlog 1, so its half-open queue fills after
 * TCP_SYNQ_MAX(1) SYNs and cookies come into play at once. Peers are
 * PEER:1000+port; the stack's SYN,ACKs are recorded per port, so ACKs can
 * return a real cookie, a changed one, or anything.
 *
 *   input = op*   op = code[1] args   (a short input reads as zeros)
 *
 * Invariants, after every op: the queues within their limits; memory in
 * use never above the budget's high mark unless it already was; buffers
 * only on connections that completed a handshake; a connection made
 * from a cookie only by an ACK that returned, exactly, a cookie the
 * stack sent for that port and peer ISN. At the end: everything closed
 * and timed out leaves nothing allocated.
 */
#include "../host/net/netsim.h"
#include <net/tcp_sock.h>
#include "tcp/tcp.h"
#include "tcp/tcp_wire.h"
#include "fuzz_input.h"
#include <stdio.h>
#include <stdlib.h>

#define US    IP4(10, 0, 0, 2)
#define PEER  IP4(10, 0, 0, 9)
#define PORTS 32
#define BUF   4096
#define MAXC  8

enum {
	OP_SYN,    /* port[1] isn[4] mss[2] */
	OP_ACK,    /* port[1] how[1] delta[4] flags[1] len[1] */
	OP_RAW,    /* port[1] seq[4] ack[4] flags[1] */
	OP_TICK,   /* s[1]: advance the clock that many seconds */
	OP_ACCEPT, /* what[1]: accept; send, close or abort one */
	OP_BUDGET, /* kib[1]: TCP memory high mark = in use + kib * 4 KiB
	              (pressure at 3/4 of it, low at 1/2); 0: unlimited */
	OP_COUNT
};

#define INV(cond)                                                              \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "fuzz_tcp_listen: %s:%d: %s\n",        \
			        __FILE__, __LINE__, #cond);                    \
			abort();                                               \
		}                                                              \
	} while (0)

static struct sim_dev dev;
static struct net_stack *S;
static struct tcp_sock *L, *conns[MAXC];
static unsigned nconns;
/* per port: the peer's ISN of its last SYN and the ISS of the stack's
 * last SYN,ACK to it */
static tcp_seq_t isn[PORTS], iss[PORTS];
static uint8_t frame[ETH_FRAME_MAX + 64];
/* The high mark set last, and the bytes in use when it was set. */
static uint64_t high_at, used_at;

static void inject(uint16_t port, const struct tcp_hdr *h, const void *data,
                   size_t len)
{
	uint8_t seg[TCP_HDR_MAX + 256];
	struct tcp_hdr x = *h;
	x.sport = (uint16_t)(1000 + port);
	x.dport = 80;
	int n = tcp_seg_build(seg, sizeof(seg), &x, data, len, PEER, US);
	INV(n > 0);
	size_t f = sim_ip(frame, dev.dev.mac, sim_peer_mac, PEER, US, 6, 1, 0,
	                  0, seg, (size_t)n);
	net_rx(&dev.dev, frame, f);
}

/* Record the SYN,ACKs the stack sent; drop everything else. */
static void collect(void)
{
	uint8_t out[ETH_FRAME_MAX + 64];
	size_t n;
	while ((n = sim_pop(&dev, out))) {
		const uint8_t *l4;
		size_t l4len;
		struct tcp_hdr h;
		if (sim_parse(out, n, NULL, &l4, &l4len) != 6 ||
		    tcp_hdr_parse(l4, l4len, &h))
			continue;
		unsigned port = (unsigned)(h.dport - 1000);
		if (port < PORTS && h.flags == (TCP_SYN | TCP_ACK))
			iss[port] = h.seq;
	}
}

/* Move the clock by ms in steps of step ms, running the timers after
 * each (they are absolute: big steps only merge their firings, and keep
 * each input fast). */
static void jump(uint64_t ms, uint64_t step)
{
	for (uint64_t t = 0; t < ms; t += step) {
		sim_now += step;
		net_poll_timers(S);
		collect();
	}
}

static void check(void)
{
	const struct net_counters *c = net_counters(S);
	struct tcp_sock_info li;
	tcp_sock_info(L, &li);
	INV(li.syn_q <= TCP_SYNQ_MAX(1));
	INV(li.accept_q <= 1);
	/* listener + half-open + one queued + what the owner holds, and
	 * orphans finishing (at most one per accepted connection so far) */
	INV(c->tcp_buf_bytes <= (uint64_t)c->tcp_socks * 2 * BUF);
	INV(c->tcp_cookies_ok <= c->tcp_cookies_sent);
	INV(c->tcp_mem_bytes >= c->tcp_buf_bytes);
	INV(c->tcp_mem_bytes <= (high_at > used_at ? high_at : used_at));
	INV(c->tcp_mem_state <= 2);
}

static void op_ack(struct input *in)
{
	unsigned port = (unsigned)take(in, 1) % PORTS;
	unsigned how = (unsigned)take(in, 1);
	uint32_t delta = (uint32_t)take(in, 4);
	uint8_t flags = (uint8_t)take(in, 1);
	uint8_t data[255];
	size_t len = (size_t)take(in, 1);
	for (size_t i = 0; i < len; i++)
		data[i] = (uint8_t)i;
	struct tcp_hdr h = {.seq = isn[port] + 1,
	                    .ack = iss[port] + 1,
	                    .flags = TCP_ACK | (flags & (TCP_FIN | TCP_PSH)),
	                    .wnd = (uint16_t)(delta | 1)};
	switch (how % 4) {
	case 0: /* exact */
		break;
	case 1: /* one bit of the cookie flipped */
		h.ack ^= 1u << (delta % 32);
		break;
	case 2: /* the sequence number moved */
		h.seq += delta;
		break;
	case 3: /* any flags */
		h.flags = flags;
		break;
	}
	uint64_t ok = net_counters(S)->tcp_cookies_ok;
	inject((uint16_t)port, &h, data, len);
	if (net_counters(S)->tcp_cookies_ok != ok)
		INV(h.ack == iss[port] + 1 && h.seq == isn[port] + 1 &&
		    (h.flags & (TCP_ACK | TCP_SYN | TCP_RST)) == TCP_ACK);
}

static void op_accept(struct input *in)
{
	unsigned what = (unsigned)take(in, 1);
	struct tcp_sock *t;
	if (nconns < MAXC && tcp_accept(L, &t) == 0)
		conns[nconns++] = t;
	if (!nconns)
		return;
	unsigned i = what % nconns;
	switch ((what >> 4) % 3) {
	case 0:
		tcp_send(conns[i], "reply", 5);
		return;
	case 1:
		tcp_close(conns[i]);
		break;
	case 2:
		tcp_abort(conns[i]);
		break;
	}
	conns[i] = conns[--nconns];
}

static void op_budget(struct input *in)
{
	unsigned kib = (unsigned)take(in, 1);
	struct net_tunables *tu = net_tunables(S);
	used_at = net_counters(S)->tcp_mem_bytes;
	high_at = kib ? used_at + kib * 4096ull : UINT64_MAX / 2;
	tu->tcp_mem_high = high_at;
	tu->tcp_mem_pressure = high_at / 4 * 3;
	tu->tcp_mem_low = high_at / 2;
}

static void run(struct input *in)
{
	while (in->n) {
		unsigned op = (unsigned)take(in, 1) % OP_COUNT;
		unsigned port;
		struct tcp_hdr h = {0};
		switch (op) {
		case OP_SYN:
			port = (unsigned)take(in, 1) % PORTS;
			isn[port] = (tcp_seq_t)take(in, 4);
			h.seq = isn[port];
			h.flags = TCP_SYN;
			h.wnd = 65535;
			h.opts.mss = (uint16_t)take(in, 2);
			h.opts.mss_set = h.opts.mss != 0;
			inject((uint16_t)port, &h, NULL, 0);
			break;
		case OP_ACK:
			op_ack(in);
			break;
		case OP_RAW:
			port = (unsigned)take(in, 1) % PORTS;
			h.seq = (tcp_seq_t)take(in, 4);
			h.ack = (tcp_seq_t)take(in, 4);
			h.flags = (uint8_t)take(in, 1);
			h.wnd = 1000;
			inject((uint16_t)port, &h, NULL, 0);
			break;
		case OP_TICK:
			jump(1000 * take(in, 1), 1000);
			break;
		case OP_ACCEPT:
			op_accept(in);
			break;
		case OP_BUDGET:
			op_budget(in);
			break;
		}
		collect();
		check();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!dev.dev.ops)
		sim_dev_init(&dev, "eth0", 2);
	S = sim_stack(&dev, US);
	INV(S != NULL);
	sim_teach(&dev, PEER, US);
	L = tcp_open(S);
	INV(L && tcp_set_bufsizes(L, BUF, BUF) == 0 &&
	    tcp_bind(L, IP4_ANY, 80) == 0 && tcp_listen(L, 1) == 0);
	nconns = 0;
	high_at = net_tunables(S)->tcp_mem_high;
	used_at = 0;
	for (unsigned i = 0; i < PORTS; i++)
		isn[i] = iss[i] = 0;
	struct input in = {data, size};
	run(&in);
	while (nconns)
		tcp_abort(conns[--nconns]);
	tcp_close(L);
	jump(200000, 5000); /* orphans and TIME-WAIT finish */
	collect();
	INV(net_counters(S)->tcp_socks == 0);
	INV(net_counters(S)->tcp_buf_bytes == 0);
	INV(net_counters(S)->tcp_mem_bytes == 0);
	net_destroy(S);
	if (sim_live_allocs != 0)
		abort(); /* a leak on some path */
	return 0;
}
