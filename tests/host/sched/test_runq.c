/* SPDX-License-Identifier: MIT */
/* The run queue: priority order, round robin inside a level, removal. */
#include "sched/runq.h"
#include "test.h"

struct item {
	struct list_node link;
	int id;
	unsigned prio;
};

static int pop_id(struct runq *rq)
{
	struct list_node *n = runq_pop(rq);

	return n ? list_entry(n, struct item, link)->id : -1;
}

static void test_order(void)
{
	struct runq rq;
	struct item it[6] = {{.id = 0, .prio = 1}, {.id = 1, .prio = 3},
	                     {.id = 2, .prio = 1}, {.id = 3, .prio = 3},
	                     {.id = 4, .prio = 2}, {.id = 5, .prio = 99}};

	runq_init(&rq);
	CHECK_EQ(runq_top(&rq), -1);
	CHECK(runq_pop(&rq) == NULL);
	for (int i = 0; i < 6; i++)
		runq_push(&rq, &it[i].link, it[i].prio);
	CHECK_EQ(rq.count, 6);
	CHECK_EQ(runq_top(&rq), 3);
	/* level 3 in FIFO order (5 was clamped to 3), then 2, then 1 */
	CHECK_EQ(pop_id(&rq), 1);
	CHECK_EQ(pop_id(&rq), 3);
	CHECK_EQ(pop_id(&rq), 5);
	CHECK_EQ(pop_id(&rq), 4);
	CHECK_EQ(pop_id(&rq), 0);
	CHECK_EQ(pop_id(&rq), 2);
	CHECK_EQ(pop_id(&rq), -1);
	CHECK_EQ(rq.count, 0);
	CHECK_EQ(rq.mask, 0);
}

/* Popping and re-pushing the same level visits everyone in turn. */
static void test_round_robin(void)
{
	struct runq rq;
	struct item it[3] = {{.id = 0}, {.id = 1}, {.id = 2}};
	int seen[3] = {0};

	runq_init(&rq);
	for (int i = 0; i < 3; i++)
		runq_push(&rq, &it[i].link, 2);
	for (int round = 0; round < 30; round++) {
		struct list_node *n = runq_pop(&rq);
		struct item *x = list_entry(n, struct item, link);

		CHECK_EQ(x->id, round % 3);
		seen[x->id]++;
		runq_push(&rq, n, 2);
	}
	CHECK(seen[0] == 10 && seen[1] == 10 && seen[2] == 10);
}

static void test_remove(void)
{
	struct runq rq;
	struct item a = {.id = 7}, b = {.id = 8};

	runq_init(&rq);
	runq_push(&rq, &a.link, 1);
	runq_push(&rq, &b.link, 0);
	runq_remove(&rq, &a.link, 1);
	CHECK_EQ(rq.mask, 1);
	CHECK_EQ(runq_top(&rq), 0);
	CHECK_EQ(pop_id(&rq), 8);
	CHECK_EQ(rq.count, 0);
}

int main(void)
{
	test_order();
	test_round_robin();
	test_remove();
	return test_finish();
}
