/* SPDX-License-Identifier: MIT */
/* Super-segments (tcp_conn.gso_max) over the simulated link, cut into
 * SMSS pieces as a TSO device would (tcplink.c), each piece lost,
 * reordered or duplicated on its own: 4 MiB each way arrive byte-exact
 * with 0, 1 and 5 % loss, with reordering and duplication, with small
 * buffers, with Nagle on and off, and one way. The same runs without
 * super-segments are the reference: each must finish in a comparable
 * simulated time. */
#include "../../test.h"
#include "tcplink.h"

struct run {
	const char *name;
	struct tl_cfg cfg;
	uint64_t limit_ms;
};

int main(void)
{
	static const struct run runs[] = {
	    {"clean",
	     {.seed = 0x650, .delay_us = 10000, .bufcap = 256 << 10},
	     20000},
	    {"loss1",
	     {.seed = 0x651,
	      .loss_ppm = 10000,
	      .delay_us = 10000,
	      .bufcap = 256 << 10},
	     120000},
	    {"loss5",
	     {.seed = 0x652,
	      .loss_ppm = 50000,
	      .delay_us = 10000,
	      .bufcap = 128 << 10},
	     600000},
	    {"reorder",
	     {.seed = 0x653,
	      .reorder_ppm = 50000,
	      .dup_ppm = 10000,
	      .delay_us = 5000,
	      .bufcap = 256 << 10},
	     120000},
	    {"small",
	     {.seed = 0x654,
	      .loss_ppm = 10000,
	      .delay_us = 2000,
	      .bufcap = 8 << 10,
	      .nodelay = true},
	     600000},
	    {"oneway",
	     {.seed = 0x655,
	      .loss_ppm = 20000,
	      .reorder_ppm = 20000,
	      .delay_us = 10000,
	      .bufcap = 512 << 10,
	      .one_way = true},
	     300000},
	};
	for (unsigned i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		struct tl_cfg cfg = runs[i].cfg;
		struct tl_result plain, gso;
		cfg.rate_bps = 100000000;
		tl_check(runs[i].name, &cfg, 4u << 20, runs[i].limit_ms,
		         &plain);
		CHECK_EQ(plain.super_segs, 0);
		cfg.gso_max = TCP_GSO_MAX;
		tl_check(runs[i].name, &cfg, 4u << 20, runs[i].limit_ms, &gso);
		CHECK(gso.super_segs > 0);
		/* the pieces are the segments the plain run sends: the
		 * transfer takes about as long (within 2x either way) */
		CHECK(gso.sim_ms < 2 * plain.sim_ms + 100);
		CHECK(plain.sim_ms < 2 * gso.sim_ms + 100);
	}
	return test_finish();
}
