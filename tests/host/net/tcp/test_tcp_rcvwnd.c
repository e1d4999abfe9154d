/* SPDX-License-Identifier: MIT */
/* Window updates after reads (tcp_conn_recv): few per buffer drained, yet
 * the sender never waits for one it needs. Regression for issue 14's
 * profile: a reader taking 4 KiB at a time sent an update per read. */
#include "../../test.h"
#include <string.h>
#include "connpair.h"

#define CAP   (256u * 1024)
#define CHUNK 4096u
#define TOTAL (4u * 1024 * 1024)

static uint8_t src[TOTAL], dst[TOTAL];

/* A writes whatever fits; segments flow; B drains its buffer CHUNK bytes
 * at a time, counting the segments each read makes B send. */
static void test_updates_per_drain(void)
{
	struct cp_pair p;
	uint32_t sent = 0, got = 0, rounds = 0;
	unsigned long updates = 0;

	for (uint32_t i = 0; i < TOTAL; i++)
		src[i] = (uint8_t)(i * 7 + (i >> 11));
	cp_init(&p, CAP);
	CHECK(cp_connect(&p, 0xffff0000u, 77));
	while (got < TOTAL && rounds < 10000) {
		int n = tcp_conn_send(&p.a.c, src + sent, TOTAL - sent, p.now);
		sent += n > 0 ? (uint32_t)n : 0;
		cp_settle(&p);
		for (;;) {
			unsigned long before = p.b.emitted;
			int m = tcp_conn_recv(&p.b.c, dst + got, CHUNK);
			if (m <= 0)
				break;
			got += (uint32_t)m;
			updates += p.b.emitted - before;
		}
		rounds++;
	}
	CHECK_EQ(got, TOTAL);
	CHECK_MEMEQ(dst, src, TOTAL);
	/* Doubling from an empty window: about log2(CAP / CHUNK) + 2 updates
	 * per buffer drained (one per read was CAP / CHUNK = 64). */
	printf("  %u KiB read in %u-byte reads over %u rounds: %lu window "
	       "updates\n",
	       TOTAL / 1024, CHUNK, rounds, updates);
	CHECK(updates >= rounds - 1); /* a full window needs one to go on */
	CHECK(updates <= 10ul * (TOTAL / CAP + 1));
	cp_free(&p);
}

int main(void)
{
	test_rng_seed();
	test_updates_per_drain();
	return test_finish();
}
