/* SPDX-License-Identifier: MIT */
/* getrandom, clock_gettime, nanosleep, uname. */
#include <libk/string.h>
#include <tern/errno.h>
#include <tern/syscall.h>
#include "core/csprng.h"
#include "proc/proc.h"
#include "proc/sys.h"
#include "proc/uaccess.h"
#include "sched/thread.h"
#include "time/time.h"

#define CHUNK   256
#define NS      1000000000ull
#define UTS_LEN 65

/* getrandom(buf, len, flags): from the kernel CSPRNG, which is seeded
 * before the first process runs, so it never blocks. */
long sys_getrandom(const struct trap_frame *tf)
{
	uint64_t buf = tf->rdi, len = tf->rsi, done = 0;
	uint8_t chunk[CHUNK];

	if (tf->rdx & ~3ull) /* GRND_NONBLOCK | GRND_RANDOM */
		return -EINVAL;
	if (len > 0x7fffffff)
		len = 0x7fffffff;
	if (!user_range_ok(buf, len))
		return -EFAULT;
	while (done < len) {
		uint64_t k = len - done < CHUNK ? len - done : CHUNK;
		long rc;

		csprng_get(chunk, k);
		rc = copy_to_user(buf + done, chunk, k);
		if (rc)
			return done ? (long)done : rc;
		done += k;
	}
	LIBK_FN(memset)(chunk, 0, sizeof(chunk));
	return (long)done;
}

/* clock_gettime(clk, ts): both clocks count from boot (tern has no
 * wall clock yet). */
long sys_clock_gettime(const struct trap_frame *tf)
{
	uint64_t now = time_ns();
	int64_t ts[2] = {(int64_t)(now / NS), (int64_t)(now % NS)};

	if (tf->rdi != CLOCK_REALTIME && tf->rdi != CLOCK_MONOTONIC)
		return -EINVAL;
	return copy_to_user(tf->rsi, ts, sizeof(ts));
}

/* nanosleep(req, rem): rem is left alone, as only a kill interrupts a
 * sleep and the process does not return from that. */
long sys_nanosleep(const struct trap_frame *tf)
{
	int64_t ts[2];
	long rc = copy_from_user(ts, tf->rdi, sizeof(ts));

	if (rc)
		return rc;
	if (ts[0] < 0 || ts[1] < 0 || ts[1] >= (int64_t)NS)
		return -EINVAL;
	if (ts[0] > 1000000) /* cap at about 11 days */
		ts[0] = 1000000;
	return thread_sleep_intr_ns((uint64_t)ts[0] * NS + (uint64_t)ts[1])
	           ? 0
	           : -EINTR;
}

/* uname(buf): six fields of 65 bytes (the x86_64 Linux layout). */
long sys_uname(const struct trap_frame *tf)
{
	static const char *const f[6] = {
	    "tern", "tern", TERN_VERSION, TERN_BUILD_TYPE, "x86_64", "(none)"};
	char u[6][UTS_LEN];

	LIBK_FN(memset)(u, 0, sizeof(u));
	for (int i = 0; i < 6; i++)
		LIBK_FN(strlcpy)(u[i], f[i], UTS_LEN);
	return copy_to_user(tf->rdi, u, sizeof(u));
}
