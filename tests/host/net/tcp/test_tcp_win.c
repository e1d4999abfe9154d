/* SPDX-License-Identifier: MIT */
/* Window scale, advertised window (receiver SWS) and the send decision
 * (sender SWS + Nagle) in net/tcp/tcp_win.c. */
#include "../../test.h"
#include "tcp/tcp_win.h"

static void test_scale(void)
{
	CHECK_EQ(tcp_ws_for_buffer(1), 0);
	CHECK_EQ(tcp_ws_for_buffer(65535), 0);
	CHECK_EQ(tcp_ws_for_buffer(65536), 1);
	CHECK_EQ(tcp_ws_for_buffer(131070), 1);
	CHECK_EQ(tcp_ws_for_buffer(131071), 2);
	CHECK_EQ(tcp_ws_for_buffer(1u << 20), 5);    /* 65535<<5 >= 1 MiB */
	CHECK_EQ(tcp_ws_for_buffer(UINT32_MAX), 14); /* capped */
	CHECK_EQ(tcp_wnd_field(1000, 0), 1000);
	CHECK_EQ(tcp_wnd_field(70000, 0), 65535);
	CHECK_EQ(tcp_wnd_field(70000, 1), 35000);
	CHECK_EQ(tcp_wnd_field(1023, 10), 0); /* rounds down, never up */
	CHECK_EQ(tcp_wnd_field(UINT32_MAX, 14), 65535);
	for (int i = 0; i < 10000; i++) { /* advertised <= wnd always */
		uint32_t w = (uint32_t)test_rand();
		uint8_t s = (uint8_t)test_rand_below(15);
		CHECK((uint64_t)tcp_wnd_field(w, s) << s <= w);
	}
}

/* Receiver SWS with cap 8000, mss 1000: the edge moves right only in
 * steps of at least 1000, and never left; nxt straddles 2^32. */
static void test_rcv_window(void)
{
	tcp_seq_t nxt = 0xfffffc00u;
	uint32_t cap = 8000, mss = 1000;
	/* start: everything free, nothing advertised yet */
	uint32_t w = tcp_rcv_window(cap, cap, mss, nxt, nxt);
	CHECK_EQ(w, 8000);
	tcp_seq_t edge = nxt + w;
	/* 3000 arrive, unread: the window shrinks to 5000, edge fixed */
	nxt += 3000;
	w = tcp_rcv_window(5000, cap, mss, nxt, edge);
	CHECK_EQ(w, 5000);
	CHECK_EQ(nxt + w, edge);
	/* the reader takes 500: not enough to open (500 < 1000) */
	w = tcp_rcv_window(5500, cap, mss, nxt, edge);
	CHECK_EQ(w, 5000);
	/* another 600: now 1100 more than advertised: open fully */
	w = tcp_rcv_window(6100, cap, mss, nxt, edge);
	CHECK_EQ(w, 6100);
	edge = nxt + w;
	/* all of it filled: window 0, edge == nxt */
	nxt += 6100;
	CHECK_EQ(tcp_rcv_window(0, cap, mss, nxt, edge), 0);
	/* a tiny buffer: the step is cap/2 rather than mss */
	CHECK_EQ(tcp_rcv_window(300, 600, 1460, 0, 0), 300);
	CHECK_EQ(tcp_rcv_window(299, 600, 1460, 50, 50), 0);
	/* a stale edge behind nxt counts as no window */
	CHECK_EQ(tcp_rcv_window(5000, cap, mss, 100, 50), 5000);
}

static void test_snd_ok(void)
{
	/* a full segment always goes */
	CHECK(tcp_snd_ok(5000, 1460, 1460, 65535, true, false));
	/* nothing to send, or no usable window */
	CHECK(!tcp_snd_ok(0, 5000, 1460, 65535, false, false));
	CHECK(!tcp_snd_ok(5000, 0, 1460, 65535, false, false));
	/* a small write with nothing in flight goes (Nagle allows) */
	CHECK(tcp_snd_ok(100, 65535, 1460, 65535, false, false));
	/* ... but waits while data is in flight, unless nodelay */
	CHECK(!tcp_snd_ok(100, 65535, 1460, 65535, true, false));
	CHECK(tcp_snd_ok(100, 65535, 1460, 65535, true, true));
	/* a small piece of a larger queue waits (sender SWS) even with
	 * nodelay, as more than fits is queued */
	CHECK(!tcp_snd_ok(5000, 500, 1460, 65535, false, true));
	/* unless it is half the peer's largest window (tiny windows) */
	CHECK(tcp_snd_ok(5000, 500, 1460, 1000, true, false));
	CHECK(!tcp_snd_ok(5000, 499, 1460, 1000, true, false));
}

int main(void)
{
	test_rng_seed();
	test_scale();
	test_rcv_window();
	test_snd_ok();
	return test_finish();
}
