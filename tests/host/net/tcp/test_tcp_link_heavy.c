/* SPDX-License-Identifier: MIT */
/* 10 MiB each way at once over the simulated link (tcplink.h) with 20 %
 * and 30 % loss per segment in each direction, 64 KiB buffers, two seeds
 * each: a round trip fails about half the time at 30 %, yet with 15
 * retries the transfer never gives up; byte-exact, finished within a
 * bound of simulated time. */
#include "../../test.h"
#include "tcplink.h"

int main(void)
{
	static const uint32_t loss_ppm[] = {200000, 300000, 200000, 300000};
	static const uint64_t limit_ms[] = {2500000, 8000000, 2500000, 8000000};
	struct tl_result r[4];
	tl_check_losses("heavy", 0x4ea7000, 64 * 1024, loss_ppm, limit_ms, 4,
	                10u << 20, r);
	for (int i = 0; i < 4; i++)
		CHECK(r[i].stats[0].timeouts > 0 && r[i].stats[1].timeouts > 0);
	return test_finish();
}
