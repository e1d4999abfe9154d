/* SPDX-License-Identifier: MIT */
/* 10 MiB each way over the simulated link (tcplink.h) with 2 KiB send
 * and receive buffers (about one segment in flight: every loss waits for
 * the retransmission timer) at 0, 1, 5, 10, 20 and 30 % loss. */
#include "../../test.h"
#include "tcplink.h"

int main(void)
{
	static const uint32_t loss_ppm[] = {0,      10000,  50000,
	                                    100000, 200000, 300000};
	/* simulated-time bounds, about 3-5x the runs' (printed): at 30 % a
	 * round trip fails half the time and the RTO backs off from its
	 * 200 ms floor, so the last one is about 9 hours of simulated time */
	static const uint64_t limit_ms[] = {400000,  600000,  1200000,
	                                    2000000, 8000000, 120000000};
	struct tl_result r[6];
	tl_check_losses("tiny", 0x7171, 2048, loss_ppm, limit_ms, 6, 10u << 20,
	                r);
	for (int i = 0; i < 6; i++)
		for (int e = 0; e < 2; e++) {
			CHECK(r[i].max_inflight[e] <= 2048);
			CHECK(r[i].max_adv_wnd[e] <= 2048);
		}
	return test_finish();
}
