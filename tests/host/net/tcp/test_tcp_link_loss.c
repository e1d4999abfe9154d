/* SPDX-License-Identifier: MIT */
/* 10 MiB each way at once over the simulated link (tcplink.h) with
 * random loss of 0, 1, 5 and 10 % per segment in each direction, 64 KiB
 * buffers: byte-exact, finished within a bound of simulated time. */
#include "../../test.h"
#include "tcplink.h"

int main(void)
{
	static const uint32_t loss_ppm[] = {0, 10000, 50000, 100000};
	/* bounds: about 3-5x what the runs take (printed), so a stall
	 * shows, yet loss variance does not trip them */
	static const uint64_t limit_ms[] = {15000, 60000, 300000, 800000};
	struct tl_result r[4];
	tl_check_losses("loss", 0x5eed0000, 64 * 1024, loss_ppm, limit_ms, 4,
	                10u << 20, r);
	/* lossless: the window was used in full (64 KiB buffers) */
	CHECK(r[0].max_inflight[0] > 60000 && r[0].max_inflight[1] > 60000);
	CHECK_EQ(r[0].stats[0].retransmits + r[0].stats[1].retransmits, 0);
	return test_finish();
}
