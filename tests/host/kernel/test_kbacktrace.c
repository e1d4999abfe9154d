/* SPDX-License-Identifier: MIT */
/* Stack registry and frame-pointer walks over fake stacks built in host
 * memory: good chains, loops, wild and misaligned pointers, depth cap. */
#include "core/backtrace.h"
#include "test.h"

#define WORDS 256
static uint64_t stack[WORDS] __attribute__((aligned(16)));
static uint64_t other[WORDS] __attribute__((aligned(16)));

static uint64_t addr(uint64_t *w)
{
	return (uint64_t)(uintptr_t)w;
}

static struct kstack_set set_for(void)
{
	struct kstack_set s = {0};

	CHECK_EQ(kstack_add(&s, "fake", addr(stack), addr(stack + WORDS), 4096),
	         0);
	return s;
}

/* Frames at word indexes idx[0] < idx[1] < ...; frame i links to i + 1,
 * the last to `last_link`; return addresses 0x1000 + i. */
static void chain(const unsigned *idx, unsigned n, uint64_t last_link)
{
	memset(stack, 0, sizeof(stack));
	for (unsigned i = 0; i < n; i++) {
		stack[idx[i]] =
		    i + 1 < n ? addr(stack + idx[i + 1]) : last_link;
		stack[idx[i] + 1] = 0x1000 + i;
	}
}

static void test_registry(void)
{
	struct kstack_set s = {0};

	CHECK_EQ(kstack_add(&s, "a", 0x10000, 0x20000, 0x1000), 0);
	CHECK_EQ(kstack_add(&s, "b", 0x30000, 0x30000, 0), -1);   /* empty */
	CHECK_EQ(kstack_add(&s, "c", 0x500, 0x1000, 0x1000), -1); /* wraps */
	CHECK(kstack_containing(&s, 0x10000) == &s.s[0]);
	CHECK(kstack_containing(&s, 0x1ffff) == &s.s[0]);
	CHECK(kstack_containing(&s, 0x20000) == NULL);
	CHECK(kstack_guard_hit(&s, 0xffff) == &s.s[0]);
	CHECK(kstack_guard_hit(&s, 0xf000) == &s.s[0]);
	CHECK(kstack_guard_hit(&s, 0xefff) == NULL);
	CHECK(kstack_guard_hit(&s, 0x10000) == NULL);
	for (int i = 1; i < KSTACK_MAX; i++)
		CHECK_EQ(
		    kstack_add(&s, "x", 0x100000 * i, 0x100000 * i + 16, 0), 0);
	CHECK_EQ(kstack_add(&s, "full", 0x9000000, 0x9001000, 0), -1);
}

static int lock_depth, lock_calls;

static uint64_t fake_lock(void)
{
	CHECK_EQ(lock_depth, 0);
	lock_depth++;
	lock_calls++;
	return 7;
}

static void fake_unlock(uint64_t token)
{
	CHECK_EQ(token, 7);
	lock_depth--;
}

/* Removal leaves the other entries where they are (lock-free lookups may
 * be holding them), an add reuses the emptied slot, and both take the
 * set's lock once. */
static void test_registry_stable(void)
{
	struct kstack_set s = {.lock = fake_lock, .unlock = fake_unlock};

	CHECK_EQ(kstack_add(&s, "a", 0x10000, 0x20000, 0x1000), 0);
	CHECK_EQ(kstack_add(&s, "b", 0x30000, 0x40000, 0x1000), 0);
	CHECK_EQ(kstack_add(&s, "c", 0x50000, 0x60000, 0x1000), 0);
	CHECK_EQ(lock_calls, 3);
	CHECK_EQ(kstack_remove(&s, 0x10000), 0);
	CHECK_EQ(kstack_remove(&s, 0x10000), -1); /* once */
	CHECK_EQ(lock_calls, 5);
	CHECK(kstack_containing(&s, 0x10000) == NULL);
	CHECK(kstack_guard_hit(&s, 0xffff) == NULL);
	CHECK(kstack_containing(&s, 0x30000) == &s.s[1]); /* not moved */
	CHECK(kstack_containing(&s, 0x5ffff) == &s.s[2]);
	CHECK_EQ(kstack_add(&s, "d", 0x70000, 0x80000, 0), 0);
	CHECK(kstack_containing(&s, 0x70000) == &s.s[0]); /* reused */
	CHECK_EQ(s.n, 3);
	CHECK_EQ(lock_depth, 0);
}

static void test_good_chain(void)
{
	struct kstack_set s = set_for();
	const unsigned idx[] = {10, 20, 30, 200};
	uint64_t out[8];
	enum bt_stop why;

	chain(idx, 4, 0);
	CHECK_EQ(backtrace_walk(&s, addr(stack + 10), out, 8, &why), 4);
	CHECK_EQ(why, BT_END);
	for (unsigned i = 0; i < 4; i++)
		CHECK_EQ(out[i], 0x1000 + i);
	CHECK_EQ(backtrace_walk(&s, addr(stack + 10), out, 2, &why), 2);
	CHECK_EQ(why, BT_DEPTH);
	CHECK_EQ(backtrace_walk(&s, 0, out, 8, &why), 0);
	CHECK_EQ(why, BT_END);
	/* A zero return address also ends the walk. */
	stack[31] = 0;
	CHECK_EQ(backtrace_walk(&s, addr(stack + 10), out, 8, &why), 2);
	CHECK_EQ(why, BT_END);
}

static void test_bad_chains(void)
{
	struct kstack_set s = set_for();
	const unsigned idx[] = {10, 20, 30};
	uint64_t out[8];
	enum bt_stop why;

	chain(idx, 3, addr(stack + 20)); /* loops back: not increasing */
	CHECK_EQ(backtrace_walk(&s, addr(stack + 10), out, 8, &why), 3);
	CHECK_EQ(why, BT_BAD_FP);
	chain(idx, 3, addr(stack + 30)); /* points at itself */
	CHECK_EQ(backtrace_walk(&s, addr(stack + 10), out, 8, &why), 3);
	CHECK_EQ(why, BT_BAD_FP);
	chain(idx, 3, addr(other + 40)); /* leaves the known stacks */
	CHECK_EQ(backtrace_walk(&s, addr(stack + 10), out, 8, &why), 3);
	CHECK_EQ(why, BT_BAD_FP);
	chain(idx, 3, addr(stack + 40) + 3); /* misaligned */
	CHECK_EQ(backtrace_walk(&s, addr(stack + 10), out, 8, &why), 3);
	CHECK_EQ(why, BT_BAD_FP);
	chain(idx, 3, 0x8000000000000000ull); /* non-canonical */
	CHECK_EQ(backtrace_walk(&s, addr(stack + 10), out, 8, &why), 3);
	CHECK_EQ(why, BT_BAD_FP);
	/* The frame's second word would be past the top of the stack. */
	CHECK_EQ(backtrace_walk(&s, addr(stack + WORDS - 1), out, 8, &why), 0);
	CHECK_EQ(why, BT_BAD_FP);
	CHECK_EQ(backtrace_walk(&s, addr(other), out, 8, &why), 0);
	CHECK_EQ(why, BT_BAD_FP);
}

static void test_canonical(void)
{
	CHECK(addr_is_canonical(0));
	CHECK(addr_is_canonical(0x00007fffffffffffull));
	CHECK(!addr_is_canonical(0x0000800000000000ull));
	CHECK(!addr_is_canonical(0xffff7fffffffffffull));
	CHECK(addr_is_canonical(0xffff800000000000ull));
	CHECK(addr_is_canonical(0xffffffffffffffffull));
}

/* Random garbage stacks: the walk always terminates within max frames and
 * never reads outside the registered stack (ASan watches). */
static void test_random(void)
{
	struct kstack_set s = set_for();
	uint64_t out[BACKTRACE_MAX_DEPTH];
	enum bt_stop why;

	test_rng_seed();
	for (int r = 0; r < 2000; r++) {
		for (unsigned i = 0; i < WORDS; i++) {
			uint64_t v = test_rand();

			stack[i] =
			    (v & 1)
			        ? addr(stack + test_rand_below(WORDS)) + (v & 8)
			        : v;
		}
		size_t n =
		    backtrace_walk(&s, addr(stack + test_rand_below(WORDS)),
		                   out, BACKTRACE_MAX_DEPTH, &why);
		CHECK(n <= BACKTRACE_MAX_DEPTH);
	}
}

int main(void)
{
	test_registry();
	test_registry_stable();
	test_good_chain();
	test_bad_chains();
	test_canonical();
	test_random();
	return test_finish();
}
