/* SPDX-License-Identifier: MIT */
#include "core/backtrace.h"

/* True if the two words at fp lie in one known stack. */
static int frame_ok(const struct kstack_set *stacks, uint64_t fp)
{
	const struct kstack *k;

	if (!addr_is_canonical(fp) || (fp & 7))
		return 0;
	k = kstack_containing(stacks, fp);
	return k && k->top - fp >= 16;
}

size_t backtrace_walk(const struct kstack_set *stacks, uint64_t rbp,
                      uint64_t *out, size_t max, enum bt_stop *why)
{
	size_t n = 0;
	uint64_t prev = 0;

	for (;;) {
		const uint64_t *frame;

		if (rbp == 0) {
			*why = BT_END;
			return n;
		}
		if (n == max) {
			*why = BT_DEPTH;
			return n;
		}
		if (!frame_ok(stacks, rbp) || (n && rbp <= prev)) {
			*why = BT_BAD_FP;
			return n;
		}
		frame = (const uint64_t *)(uintptr_t)rbp;
		if (frame[1] == 0) {
			*why = BT_END;
			return n;
		}
		out[n++] = frame[1];
		prev = rbp;
		rbp = frame[0];
	}
}
