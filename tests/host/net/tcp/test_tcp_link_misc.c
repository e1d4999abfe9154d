/* SPDX-License-Identifier: MIT */
/* 10 MiB each way over the simulated link (tcplink.h) with reordering,
 * and duplication; window scaling lifting the
 * window past 64 KiB on a long fat link; timestamps on and off; NewReno
 * fast recovery at work. */
#include "../../test.h"
#include "tcplink.h"
#include "tcp/tcp_win.h"

#define MIB (1024ull * 1024)

/* 100 Mbit/s, 10 ms each way, 64 KiB buffers. */
static struct tl_cfg base(uint64_t seed)
{
	return (struct tl_cfg){.seed = seed,
	                       .delay_us = 10000,
	                       .rate_bps = 100000000,
	                       .bufcap = 64 * 1024};
}

static void test_reorder_dup(void)
{
	struct tl_result r;
	struct tl_cfg c = base(0x0de1);
	c.reorder_ppm = 50000;
	tl_check("reorder", &c, 10 * MIB, 600000, &r);
	CHECK(r.reordered > 0);
	CHECK(r.stats[0].ooo_segs > 0 && r.stats[1].ooo_segs > 0);
	c = base(0x0de2);
	c.dup_ppm = 50000;
	tl_check("dup", &c, 10 * MIB, 60000, &r);
	CHECK(r.duped > 0);
	c = base(0x0de3);
	c.dup_ppm = c.reorder_ppm = c.loss_ppm = 50000;
	tl_check("all5", &c, 10 * MIB, 1200000, &r);
}

/* 1 MiB buffers, 100 Mbit/s, 100 ms RTT (BDP 1.25 MB): with window
 * scaling more than 64 KiB is in flight; stripped from the SYNs, never. */
static void test_window_scale(void)
{
	struct tl_result ws, plain;
	struct tl_cfg c = base(0x5ca1e);
	c.delay_us = 50000;
	c.bufcap = 1024 * 1024;
	tl_check("ws", &c, 10 * MIB, 60000, &ws);
	CHECK(ws.ws_ok);
	CHECK_EQ(ws.snd_ws, tcp_ws_for_buffer(1024 * 1024));
	CHECK(ws.max_inflight[0] > 65535 && ws.max_inflight[1] > 65535);
	CHECK(ws.max_adv_wnd[0] > 65535 && ws.max_adv_wnd[1] > 65535);
	c.strip_ws = true;
	tl_check("no-ws", &c, 10 * MIB, 60000, &plain);
	CHECK(!plain.ws_ok);
	CHECK_EQ(plain.snd_ws, 0);
	CHECK(plain.max_inflight[0] <= 65535 && plain.max_inflight[1] <= 65535);
	/* deterministic simulated time, not a wall clock */
	CHECK(ws.sim_ms * 3 < plain.sim_ms);
}

/* Timestamps are used only if both SYNs carry them; the data per
 * segment is 12 bytes less with them. */
static void test_timestamps(void)
{
	struct tl_result on, off;
	struct tl_cfg c = base(0x75);
	c.loss_ppm = 10000;
	tl_check("ts", &c, 10 * MIB, 300000, &on);
	CHECK(on.ts_ok);
	CHECK_EQ(on.smss, TCP_CONN_MSS - TCP_TS_OPT_LEN);
	c.strip_ts = true;
	tl_check("no-ts", &c, 10 * MIB, 300000, &off);
	CHECK(!off.ts_ok);
	CHECK_EQ(off.smss, TCP_CONN_MSS);
}

/* 2 % loss on a 64 KiB window: most losses are repaired by fast
 * retransmit / NewReno partial ACKs, not by the timer. */
static void test_newreno(void)
{
	struct tl_result r;
	struct tl_cfg c = base(0x2e40);
	c.loss_ppm = 20000;
	tl_check("newreno", &c, 10 * MIB, 600000, &r);
	for (int e = 0; e < 2; e++) {
		CHECK(r.stats[e].dup_acks >= 3);
		CHECK(r.stats[e].fast_retransmits > 0);
		CHECK(r.stats[e].fast_retransmits > r.stats[e].timeouts);
	}
}

/* Nagle off changes nothing for bulk data: still exact. */
static void test_nodelay(void)
{
	struct tl_result r;
	struct tl_cfg c = base(0x40de);
	c.nodelay = true;
	c.loss_ppm = 10000;
	tl_check("nodelay", &c, 10 * MIB, 300000, &r);
}

/* Slow readers (25 kB/s, every 100 ms) behind a fast link with 2 %
 * loss: the windows close and reopen all the time, window updates get
 * lost, yet nothing stalls. */
static void test_slow_reader(void)
{
	struct tl_result r;
	struct tl_cfg c = base(0x510e);
	c.loss_ppm = 20000;
	c.read_Bps = 25000;
	c.read_every_ms = 100;
	tl_check("slowread", &c, 10 * MIB, 1000000, &r);
	CHECK(r.sim_ms >= 10 * MIB * 1000 / c.read_Bps); /* reader-bound */
	CHECK(r.zero_wnd[0] > 0 && r.zero_wnd[1] > 0);   /* windows closed */
}

int main(void)
{
	test_reorder_dup();
	test_window_scale();
	test_timestamps();
	test_newreno();
	test_nodelay();
	test_slow_reader();
	return test_finish();
}
