/* SPDX-License-Identifier: MIT */
/* The TCP memory budget (net/tcp/tcp_mem.c, tcp_sock.h Limits) through two
 * simulated stacks: 2,000 clients against one server whose budget is
 * small; normal, pressure and hard-limit states in turn; nothing
 * accepted loses data; everything back at the baseline afterwards. */
#include "tcp_simpair.h"
#include <string.h>

#define NCLI 2000
#define SBUF (32u * 1024) /* the server's buffers, each way */
#define UNIT (64u * 1024) /* a normal connection's buffers */
#define XFER (20u * 1024)

static struct tcp_sock *cli[NCLI], *srv[NCLI];

static uint8_t pat(uint32_t i, uint32_t k)
{
	return (uint8_t)(i * 131 + k * 7 + (k >> 8));
}

/* n bytes of pattern k from a to b (both connected), all read by b. */
static void xfer(struct tcp_sock *a, struct tcp_sock *b, uint32_t k, uint32_t n)
{
	static uint8_t buf[XFER];
	uint32_t sent = 0, got = 0;
	for (uint32_t i = 0; i < n; i++)
		buf[i] = pat(i, k);
	for (int round = 0; got < n && round < 1000; round++) {
		if (sent < n) {
			int w = tcp_send(a, buf + sent, n - sent);
			if (w > 0)
				sent += (uint32_t)w;
		}
		pump();
		uint8_t in[4096];
		int r;
		while ((r = tcp_recv(b, in, sizeof(in))) > 0) {
			for (int i = 0; i < r; i++)
				CHECK_EQ(in[i], pat(got + (uint32_t)i, k));
			got += (uint32_t)r;
		}
		tick();
	}
	CHECK_EQ(got, n);
}

static const char *dump_want;
static bool dump_found;

static void dump_line(void *ctx, const char *line)
{
	(void)ctx;
	if (strstr(line, dump_want))
		dump_found = true;
}

/* Whether the counters dump of B (netstat -s) has a line with want. */
static bool dump_has(const char *want)
{
	dump_want = want;
	dump_found = false;
	net_counters_dump(sb, dump_line, NULL);
	return dump_found;
}

static uint64_t state(void)
{
	return net_counters(sb)->tcp_mem_state;
}

static void test_budget(void)
{
	pair_up();
	net_tunables(sa)->tcp_max_socks = 3 * NCLI;
	net_tunables(sb)->tcp_max_socks = 3 * NCLI;
	struct net_tunables *tu = net_tunables(sb);
	tu->tcp_mem_low = 200ull * UNIT;
	tu->tcp_mem_pressure = 300ull * UNIT;
	tu->tcp_mem_high = 500ull * UNIT;
	const struct net_counters *n = net_counters(sb);
	struct tcp_sock *l = tcp_open(sb);
	CHECK_EQ(tcp_set_bufsizes(l, SBUF, SBUF), 0);
	CHECK_EQ(tcp_bind(l, IP4_ANY, 80), 0);
	CHECK_EQ(tcp_listen(l, 128), 0);
	uint64_t base = n->tcp_mem_bytes;
	CHECK(base > 0); /* the listener's structure */
	CHECK_EQ(state(), 0);

	unsigned acc = 0, normal = 0, small = 0, first_small = 0;
	for (unsigned i = 0; i < NCLI; i++) {
		cli[i] = tcp_open(sa);
		CHECK_EQ(tcp_set_bufsizes(cli[i], 4096, 4096), 0);
		CHECK_EQ(tcp_connect(cli[i], B_IP, 80), NET_EINPROGRESS);
		pump();
		struct tcp_sock *t;
		while (tcp_accept(l, &t) == 0) {
			struct tcp_sock_info ti;
			tcp_sock_info(t, &ti);
			if (ti.sndbuf == SBUF && ti.rcvbuf == SBUF) {
				CHECK_EQ(small, 0); /* never normal again */
				normal++;
			} else {
				CHECK_EQ(ti.sndbuf, TCP_BUF_PRESSURE);
				CHECK_EQ(ti.rcvbuf, TCP_BUF_PRESSURE);
				if (!small++)
					first_small = acc;
			}
			srv[acc++] = t;
		}
		CHECK(n->tcp_mem_bytes <= tu->tcp_mem_high);
	}
	fprintf(stderr,
	        "budget: %u accepted (%u with %u KiB buffers, %u with %u "
	        "KiB), %llu refused, %llu bytes, state %llu\n",
	        acc, normal, SBUF / 1024, small, TCP_BUF_PRESSURE / 1024,
	        (unsigned long long)n->tcp_mem_refused,
	        (unsigned long long)n->tcp_mem_bytes,
	        (unsigned long long)state());
	/* normal below the pressure mark, small buffers above it, then
	 * refusals; the state says where it is */
	CHECK(normal >= 290 && normal <= 300);
	CHECK(small > 100);
	CHECK(acc < NCLI);
	CHECK(n->tcp_mem_refused >= NCLI - acc);
	CHECK_EQ(n->tcp_mem_pressure_events, 1);
	CHECK_EQ(state(), 2);
	CHECK(dump_has(", HARD LIMIT;"));
	CHECK(n->tcp_mem_bytes + 2 * TCP_BUF_PRESSURE > tu->tcp_mem_high);
	/* a refused client was not reset: it still waits in SYN-SENT */
	struct tcp_sock_info ci;
	tcp_sock_info(cli[NCLI - 1], &ci);
	CHECK_EQ(ci.state, TCP_SYN_SENT);
	/* a local connect is refused too */
	struct tcp_sock *x = tcp_open(sb);
	CHECK_EQ(tcp_connect(x, A_IP, 9), NET_ENOMEM);
	tcp_abort(x);

	/* nothing accepted is hurt: data both ways, byte-exact, on the
	 * first, the first small and the last connection; the normal one
	 * now offers at most TCP_BUF_PRESSURE of window */
	unsigned which[] = {0, first_small, acc - 1};
	for (unsigned w = 0; w < 3; w++) {
		unsigned i = which[w];
		xfer(cli[i], srv[i], 2 * i, XFER);
		xfer(srv[i], cli[i], 2 * i + 1, XFER);
	}
	tcp_sock_info(cli[0], &ci);
	CHECK(ci.snd_wnd <= TCP_BUF_PRESSURE);
	CHECK(ci.snd_wnd > 0);

	/* the servers close first (orphans: their buffers still count),
	 * the clients then; the refused ones give up */
	uint64_t before = n->tcp_mem_bytes;
	for (unsigned i = 0; i < acc; i++)
		tcp_close(srv[i]);
	CHECK(n->tcp_orphans > 0);
	CHECK(n->tcp_mem_bytes > before / 2);
	pump();
	for (unsigned i = 0; i < NCLI; i++)
		tcp_close(cli[i]);
	pump();
	advance(200000); /* TIME-WAIT, SYN retries */
	CHECK_EQ(n->tcp_mem_bytes, base);
	CHECK_EQ(n->tcp_buf_bytes, 0);
	CHECK_EQ(n->tcp_socks, 1);
	CHECK_EQ(n->tcp_orphans, 0);
	CHECK_EQ(state(), 0);
	CHECK_EQ(net_counters(sa)->tcp_socks, 0);
	CHECK_EQ(net_counters(sa)->tcp_buf_bytes, 0);

	/* normal again: full buffers */
	struct tcp_sock *c, *t;
	connect_pair(l, 80, &c, &t);
	struct tcp_sock_info ti;
	tcp_sock_info(t, &ti);
	CHECK_EQ(ti.rcvbuf, SBUF);
	tcp_abort(c);
	tcp_abort(t);
	tcp_close(l);
	pair_down();
}

/* The state machine of the budget alone: pressure only above the
 * pressure mark, left only below low; hard at high. */
static void test_states(void)
{
	pair_up();
	struct net_tunables *tu = net_tunables(sb);
	const struct net_counters *n = net_counters(sb);
	struct tcp_sock *l = listener(sb, 80, 128), *c[8], *t[8];
	uint64_t one, base = n->tcp_mem_bytes;
	connect_pair(l, 80, &c[0], &t[0]);
	one = n->tcp_mem_bytes - base;
	/* marks: pressure between 2 and 3 connections, low between 1 and
	 * 2, high between 4 and 5 */
	tu->tcp_mem_low = base + one + one / 2;
	tu->tcp_mem_pressure = base + 2 * one + one / 2;
	tu->tcp_mem_high = base + 4 * one + one / 2;
	tick();
	CHECK_EQ(state(), 0);
	connect_pair(l, 80, &c[1], &t[1]);
	CHECK_EQ(state(), 0);
	CHECK(dump_has("tcp:  memory") && dump_has(", normal;"));
	connect_pair(l, 80, &c[2], &t[2]); /* above pressure */
	CHECK_EQ(state(), 1);
	CHECK(dump_has(", under pressure;"));
	tcp_abort(t[2]);
	CHECK_EQ(state(), 1); /* between low and pressure: stays */
	tcp_abort(t[1]);
	CHECK_EQ(state(), 0); /* below low */
	CHECK_EQ(n->tcp_mem_pressure_events, 1);
	tcp_abort(c[1]);
	tcp_abort(c[2]);
	pump();
	tcp_close(c[0]);
	tcp_close(t[0]);
	pump();
	advance(70000);
	CHECK_EQ(n->tcp_mem_bytes, base);
	tcp_close(l);
	pair_down();
}

int main(void)
{
	test_rng_seed();
	test_states();
	test_budget();
	return test_finish();
}
