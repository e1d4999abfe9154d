/* SPDX-License-Identifier: MIT */
/* 4.5 GiB from A to B over the simulated link (tcplink.h): loss-free,
 * 1 ms each way, 4 MiB buffers, the periodic pattern. The data crosses
 * 2^32 bytes (the sequence space is used more than once over) and slow
 * start is asked to grow cwnd by more than 2^31 bytes in all; cwnd stops
 * at TCP_CWND_MAX (2^30) and the transfer never stalls nor times out.
 * Issue 12 defect 1: cwnd grew past 2^31, SND.UNA + cwnd wrapped in the
 * room computation and a download stopped after about 4.2 GB. */
#include "../../test.h"
#include "tcplink.h"
#include <stdio.h>

int main(void)
{
	const uint64_t bytes = 9ull << 29; /* 4.5 GiB */
	struct tl_cfg cfg = {.seed = 0x4c6a,
	                     .delay_us = 1000,
	                     .bufcap = 4u << 20,
	                     .one_way = true,
	                     .periodic = true};
	struct tl_result r;
	tl_check("huge", &cfg, bytes, 60000, &r);
	printf("huge: %llu bytes to B; A's cwnd max %u (cap %u), slow start "
	       "asked for %llu more\n",
	       (unsigned long long)r.got[1], r.max_cwnd[0], TCP_CWND_MAX,
	       (unsigned long long)r.cwnd_asked[0]);
	CHECK(r.got[1] > (1ull << 32));
	CHECK(r.cwnd_asked[0] > (1ull << 31));
	CHECK_EQ(r.max_cwnd[0], TCP_CWND_MAX);
	CHECK_EQ(r.stats[0].timeouts, 0);
	CHECK_EQ(r.stats[0].retransmits, 0);
	return test_finish();
}
