/* SPDX-License-Identifier: MIT */
/* Moving READY threads between CPUs' queues: an idle CPU's stealing and
 * a busy CPU's periodic balancing (kernel/sched/README.md). */
#include "sched/sched_impl.h"

/* What pull may take from CPU from's queue for CPU to: a thread allowed
 * there, and with stranded only one its own CPU does not allow. */
struct pull_ctx {
	unsigned from, to;
	bool stranded;
};

static bool pullable(const struct list_node *n, void *ctx)
{
	const struct pull_ctx *p = ctx;
	const struct thread *t = list_entry(n, struct thread, link);

	return sched_allowed(t, p->to) &&
	       (!p->stranded || !sched_allowed(t, p->from));
}

/* Move the best READY thread pullable from CPU from's queue to CPU to's
 * (IF = 0; one CPU lock at a time). True if one moved. */
static bool pull(unsigned from, unsigned to, bool stranded)
{
	struct pull_ctx ctx = {from, to, stranded};
	struct cpu_sched *cs = &sched.cpu[from];
	struct list_node *n;
	struct thread *t;

	if (!sched_cpu_online(from) ||
	    !__atomic_load_n(&cs->rq.count, __ATOMIC_RELAXED))
		return false;
	spin_lock(&cs->lock);
	n = runq_pop_if(&cs->rq, pullable, &ctx);
	spin_unlock(&cs->lock);
	if (!n)
		return false;
	t = list_entry(n, struct thread, link);
	cs = &sched.cpu[to];
	spin_lock(&cs->lock);
	__atomic_store_n(&t->cpu, to, __ATOMIC_RELEASE);
	t->migrations++;
	sched_push_locked(cs, t);
	cs->steals++;
	spin_unlock(&cs->lock);
	return true;
}

/* An idle CPU takes the best READY thread it may run from another CPU's
 * queue. True if it found one (now on its own queue). IF = 0. */
bool sched_steal(unsigned me)
{
	for (unsigned i = 1; i < SCHED_MAX_CPUS; i++)
		if (pull((me + i) % SCHED_MAX_CPUS, me, false))
			return true;
	return false;
}

/* Threads that want a CPU: queued, plus the running one unless idle. */
static unsigned load(unsigned c)
{
	const struct cpu_sched *cs = &sched.cpu[c];

	return __atomic_load_n(&cs->rq.count, __ATOMIC_RELAXED) +
	       (__atomic_load_n(&cs->current, __ATOMIC_RELAXED) != cs->idle);
}

/*
 * A busy CPU's periodic balancing (every SCHED_BALANCE_TICKS, from the
 * interrupt exit, IF = 0): first take a thread queued on a CPU its
 * affinity no longer allows, then, if the busiest CPU has at least two
 * more threads wanting to run than this one, one of its queued threads.
 * Idle CPUs do not wait for this: they steal at once (sched_idle_once).
 */
void sched_balance(unsigned me)
{
	unsigned mine = load(me), busiest = me, most = 0;

	for (unsigned i = 1; i < SCHED_MAX_CPUS; i++) {
		unsigned c = (me + i) % SCHED_MAX_CPUS, l;

		if (!sched_cpu_online(c))
			continue;
		if (pull(c, me, true)) {
			sched.cpu[me].balanced++;
			return;
		}
		l = load(c);
		if (l > most) {
			busiest = c;
			most = l;
		}
	}
	if (busiest != me && most >= mine + 2 && pull(busiest, me, false))
		sched.cpu[me].balanced++;
}
