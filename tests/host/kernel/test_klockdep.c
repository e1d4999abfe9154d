/* SPDX-License-Identifier: MIT */
/* The lock-order checker's graph (kernel/sync/lockdep_graph.c): planted
 * inversions, longer cycles, consistent orders, the irq and sleeping
 * rules, and the table bounds. */
#include <stdlib.h>
#include "sync/lockdep_graph.h"
#include "test.h"

static struct ld_graph *g;
static struct ld_report r;
static char msg[512];

static unsigned cls(const char *name)
{
	int c = ld_class(g, name);

	CHECK(c >= 0);
	return (unsigned)c;
}

/* Take name in context h (no outer stack, thread context, IF off). */
static enum ld_verdict take(struct ld_held *h, const char *name)
{
	return ld_acquire(g, h, NULL, cls(name), 0, &r);
}

static void drop(struct ld_held *h, const char *name)
{
	CHECK(ld_release(h, cls(name)));
}

static const char *report(void)
{
	ld_format(g, &r, msg, sizeof(msg));
	return msg;
}

static void test_two_lock_inversion(void)
{
	struct ld_held cpu0 = {0}, cpu1 = {0};

	ld_graph_init(g);
	CHECK_EQ(take(&cpu0, "net"), LD_OK);
	CHECK_EQ(take(&cpu0, "console"), LD_OK);
	drop(&cpu0, "console");
	drop(&cpu0, "net");
	CHECK_EQ(cpu0.n, 0);
	/* another context, the other way round */
	CHECK_EQ(take(&cpu1, "console"), LD_OK);
	CHECK_EQ(take(&cpu1, "net"), LD_INVERSION);
	CHECK_STREQ(report(), "lock order inversion: taking 'net' while "
	                      "holding 'console'; earlier 'console' was "
	                      "taken while holding 'net'");
	/* nothing changed: still only console held */
	CHECK_EQ(cpu1.n, 1);
	CHECK_EQ(cpu1.cls[0], cls("console"));
}

static void test_three_lock_cycle(void)
{
	struct ld_held h = {0};

	ld_graph_init(g);
	CHECK_EQ(take(&h, "A"), LD_OK);
	CHECK_EQ(take(&h, "B"), LD_OK);
	drop(&h, "A"); /* out of order release is fine */
	drop(&h, "B");
	CHECK_EQ(take(&h, "B"), LD_OK);
	CHECK_EQ(take(&h, "C"), LD_OK);
	drop(&h, "C");
	drop(&h, "B");
	CHECK_EQ(take(&h, "C"), LD_OK);
	CHECK_EQ(take(&h, "A"), LD_INVERSION);
	CHECK_EQ(r.path_len, 3);
	CHECK_STREQ(report(), "lock order inversion: taking 'A' while "
	                      "holding 'C'; earlier 'C' was taken while "
	                      "holding 'B', 'B' while holding 'A'");
}

static void test_consistent_orders_pass(void)
{
	static const char *const order[] = {"a", "b", "c", "d", "e", "f"};
	struct ld_held h = {0};

	ld_graph_init(g);
	/* every ordered subset of a fixed order, many times over */
	for (unsigned round = 0; round < 200; round++) {
		unsigned mask = (unsigned)test_rand_below(64);

		for (unsigned i = 0; i < 6; i++)
			if (mask & (1u << i))
				CHECK_EQ(take(&h, order[i]), LD_OK);
		for (unsigned i = 6; i-- > 0;)
			if (mask & (1u << i))
				drop(&h, order[i]);
		CHECK_EQ(h.n, 0);
	}
	/* a diamond a->b->d, a->c->d is no cycle */
	CHECK_EQ(take(&h, "c"), LD_OK);
	CHECK_EQ(take(&h, "d"), LD_OK);
	CHECK(!ld_release(&h, cls("zz"))); /* never held */
}

static void test_same_class_twice(void)
{
	struct ld_held h = {0};

	ld_graph_init(g);
	CHECK_EQ(take(&h, "pipe"), LD_OK);
	CHECK_EQ(take(&h, "pipe"), LD_SAME_CLASS);
	CHECK(strstr(report(), "second 'pipe' lock"));
}

static void test_irq_rule(void)
{
	struct ld_held h = {0};
	unsigned in = cls("input");

	ld_graph_init(g);
	in = cls("input");
	/* irqsave everywhere: taken in irq and in threads, fine */
	CHECK_EQ(ld_acquire(g, &h, NULL, in, LD_IN_IRQ, &r), LD_OK);
	ld_release(&h, in);
	CHECK_EQ(ld_acquire(g, &h, NULL, in, 0, &r), LD_OK);
	ld_release(&h, in);
	/* now held with interrupts on: the handler could spin on it */
	CHECK_EQ(ld_acquire(g, &h, NULL, in, LD_IRQ_ON, &r), LD_IRQ_UNSAFE);
	CHECK_STREQ(report(), "irq-unsafe lock 'input': taken in an "
	                      "interrupt handler and also held with "
	                      "interrupts enabled");
	/* the other order of discovery */
	unsigned k = cls("kick");
	CHECK_EQ(ld_acquire(g, &h, NULL, k, LD_IRQ_ON, &r), LD_OK);
	ld_release(&h, k);
	CHECK_EQ(ld_acquire(g, &h, NULL, k, LD_IN_IRQ, &r), LD_IRQ_UNSAFE);
}

static void test_mutex_rules(void)
{
	struct ld_held spins = {0}, mutexes = {0};
	unsigned tty = cls("tty"), csp = cls("csprng");

	ld_graph_init(g);
	tty = cls("tty");
	csp = cls("csprng");
	CHECK_EQ(ld_acquire(g, &mutexes, &spins, tty, LD_SLEEP | LD_IN_IRQ, &r),
	         LD_SLEEP_IN_IRQ);
	CHECK_EQ(ld_acquire(g, &spins, &mutexes, csp, 0, &r), LD_OK);
	CHECK_EQ(ld_acquire(g, &mutexes, &spins, tty, LD_SLEEP, &r),
	         LD_SLEEP_UNDER_SPIN);
	CHECK_STREQ(report(),
	            "mutex 'tty' taken while holding spinlock 'csprng'");
	ld_release(&spins, csp);
	/* mutex then spinlock, then the inverse order: an inversion across
	 * the two stacks */
	CHECK_EQ(ld_acquire(g, &mutexes, &spins, tty, LD_SLEEP, &r), LD_OK);
	CHECK_EQ(ld_acquire(g, &spins, &mutexes, csp, 0, &r), LD_OK);
	CHECK(g->usage[tty] & LD_USED_SLEEPING);
	ld_release(&spins, csp);
	ld_release(&mutexes, tty);
	CHECK_EQ(ld_acquire(g, &spins, NULL, csp, 0, &r), LD_OK);
	/* a spinlock's ordering against a mutex it cannot wait on is still
	 * an edge; the mutex rule fires first */
	CHECK_EQ(ld_acquire(g, &mutexes, &spins, tty, LD_SLEEP, &r),
	         LD_SLEEP_UNDER_SPIN);
}

static void test_bounds(void)
{
	static char names[LD_CLASSES + 1][8];
	struct ld_held h = {0};

	ld_graph_init(g);
	for (unsigned i = 0; i < LD_CLASSES; i++) {
		snprintf(names[i], sizeof(names[i]), "c%u", i);
		CHECK_EQ(ld_class(g, names[i]), (int)i);
	}
	CHECK_EQ(ld_class(g, "c7"), 7); /* found by its string */
	CHECK_EQ(ld_class(g, "one-too-many"), -1);
	r.v = LD_TOO_MANY_CLASSES;
	r.name = "one-too-many";
	CHECK_STREQ(report(), "more than 256 lock classes (at "
	                      "'one-too-many'): raise LD_CLASSES; checker "
	                      "off");
	/* nesting depth */
	for (unsigned i = 0; i < LD_HELD_MAX; i++)
		CHECK_EQ(take(&h, names[i]), LD_OK);
	CHECK_EQ(take(&h, names[LD_HELD_MAX]), LD_TOO_DEEP);
	CHECK(strstr(report(), "more than 16 locks held at once"));
	/* a long chain c0 -> c1 -> ... -> c15 found end to end */
	for (unsigned i = LD_HELD_MAX; i-- > 0;)
		drop(&h, names[i]);
	CHECK_EQ(take(&h, names[LD_HELD_MAX - 1]), LD_OK);
	CHECK_EQ(take(&h, names[0]), LD_INVERSION);
	CHECK_EQ(r.path_len, 2); /* c0 -> c15 is a direct edge */
}

static void test_format_held(void)
{
	struct ld_held h = {0};

	ld_graph_init(g);
	ld_format_held(g, &h, msg, sizeof(msg));
	CHECK_STREQ(msg, "nothing");
	take(&h, "tty");
	take(&h, "console");
	ld_format_held(g, &h, msg, sizeof(msg));
	CHECK_STREQ(msg, "'tty' 'console'");
	/* truncation stays terminated */
	ld_format_held(g, &h, msg, 5);
	CHECK_STREQ(msg, "'tty");
}

/* The lock-free fast path says yes only when the slow path would record
 * nothing new, and then pushes the class the same way. */
static void test_known_fast_path(void)
{
	struct ld_held a = {0}, b = {0}, m = {0};
	unsigned net = cls("net"), con = cls("console"), mx = cls("mx");

	ld_graph_init(g);
	net = cls("net");
	con = cls("console");
	mx = cls("mx");
	/* nothing held, no usage flag: nothing to record, fast */
	CHECK(ld_acquire_known(g, &a, NULL, net, 0));
	/* a new edge: the slow path must see it */
	CHECK(!ld_acquire_known(g, &a, NULL, con, 0));
	CHECK_EQ(a.n, 1);
	CHECK_EQ(take(&a, "console"), LD_OK);
	drop(&a, "console");
	drop(&a, "net");
	/* all known now: the fast path pushes */
	CHECK(ld_acquire_known(g, &b, NULL, net, 0));
	CHECK(ld_acquire_known(g, &b, NULL, con, 0));
	CHECK_EQ(b.n, 2);
	CHECK_EQ(b.cls[1], con);
	/* the same class again, a new usage, a mutex: never fast */
	CHECK(!ld_acquire_known(g, &b, NULL, con, 0));
	CHECK(!ld_acquire_known(g, &b, NULL, mx, LD_SLEEP));
	CHECK(ld_release(&b, con));
	CHECK(!ld_acquire_known(g, &b, NULL, con, LD_IN_IRQ));
	/* the reverse edge is unknown: the slow path finds the inversion */
	CHECK(ld_release(&b, net));
	CHECK(ld_acquire_known(g, &b, NULL, con, 0));
	CHECK(!ld_acquire_known(g, &b, NULL, net, 0));
	CHECK_EQ(take(&b, "net"), LD_INVERSION);
	/* an outer stack's edges count too */
	CHECK_EQ(ld_acquire(g, &m, NULL, mx, LD_SLEEP, &r), LD_OK);
	CHECK(!ld_acquire_known(g, &a, &m, net, 0));
	CHECK_EQ(ld_acquire(g, &a, &m, net, 0, &r), LD_OK);
	drop(&a, "net");
	CHECK(ld_acquire_known(g, &a, &m, net, 0));
}

int main(void)
{
	g = calloc(1, sizeof(*g));
	test_rng_seed();
	test_two_lock_inversion();
	test_three_lock_cycle();
	test_consistent_orders_pass();
	test_same_class_twice();
	test_irq_rule();
	test_mutex_rules();
	test_bounds();
	test_format_held();
	test_known_fast_path();
	free(g);
	return test_finish();
}
