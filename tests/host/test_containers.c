/* SPDX-License-Identifier: MIT */
/* list, ring and ksort, each against a simple model driven by random
 * operations (ksort against libc qsort). */
#include <stdlib.h>
#include <libk/list.h>
#include <libk/ring.h>
#include <libk/sort.h>
#include "test.h"

/* ---- list: random adds/removes mirrored in an array ---- */

struct item {
	int id;
	struct list_node node;
};

#define NITEMS 64

static void check_list(struct list_node *head, const int *model, int n)
{
	struct list_node *pos;
	int i = 0;

	list_for_each(pos, head)
	{
		struct item *it = list_entry(pos, struct item, node);
		test_checks++;
		if (i >= n || it->id != model[i])
			test_fail(__FILE__, __LINE__, "list differs at %d", i);
		i++;
	}
	CHECK_EQ(i, n);
	CHECK_EQ(list_empty(head), n == 0);
	/* backwards through prev pointers as well */
	i = n;
	for (pos = head->prev; pos != head; pos = pos->prev)
		CHECK_EQ(list_entry(pos, struct item, node)->id, model[--i]);
	CHECK_EQ(i, 0);
}

static void model_remove(int *model, int *n, int id)
{
	for (int i = 0; i < *n; i++) {
		if (model[i] == id) {
			memmove(model + i, model + i + 1,
			        (size_t)(*n - i - 1) * sizeof(int));
			(*n)--;
			return;
		}
	}
}

static void test_list(void)
{
	struct list_node head = LIST_INIT(head);
	struct item items[NITEMS];
	bool on[NITEMS] = {0};
	int model[NITEMS], n = 0;

	CHECK(list_first(&head) == NULL);
	for (int i = 0; i < NITEMS; i++)
		items[i].id = i;
	for (int iter = 0; iter < 5000; iter++) {
		int id = (int)test_rand_below(NITEMS);
		if (on[id]) {
			list_del(&items[id].node);
			list_del(&items[id].node); /* harmless twice */
			model_remove(model, &n, id);
		} else if (test_rand_below(2)) {
			list_add_head(&head, &items[id].node);
			memmove(model + 1, model, (size_t)n * sizeof(int));
			model[0] = id;
			n++;
		} else {
			list_add_tail(&head, &items[id].node);
			model[n++] = id;
		}
		on[id] = !on[id];
		check_list(&head, model, n);
	}

	/* for_each_safe may delete as it goes; for_each_entry sees all */
	struct item *it;
	int count = 0;
	list_for_each_entry(it, &head, node) count++;
	CHECK_EQ(count, n);
	struct list_node *pos, *tmp;
	list_for_each_safe(pos, tmp, &head) list_del(pos);
	CHECK(list_empty(&head));
	CHECK(list_last(&head) == NULL);
}

/* ---- ring: random pushes/pops/peeks against a flat-array model ---- */

#define RING 64

struct model {
	uint8_t data[1 << 16];
	size_t start, end; /* live bytes are data[start..end) */
	size_t dropped;
};

static void model_push(struct model *m, const uint8_t *p, size_t n,
                       bool overwrite)
{
	size_t count = m->end - m->start;

	if (!overwrite && n > RING - count) {
		m->dropped += n - (RING - count);
		n = RING - count;
	}
	memcpy(m->data + m->end, p, n);
	m->end += n;
	if (m->end - m->start > RING) {
		m->dropped += m->end - m->start - RING;
		m->start = m->end - RING;
	}
}

static void test_ring(void)
{
	static struct model m;
	uint8_t storage[RING], in[100], out[100];
	struct kring r;

	CHECK_EQ(kring_init(&r, storage, 48), -1);
	CHECK_EQ(kring_init(&r, storage, 0), -1);
	CHECK_EQ(kring_init(&r, storage, RING), 0);
	CHECK_EQ(kring_count(&r), 0);
	CHECK_EQ(kring_pop(&r, out, 10), 0);

	for (int iter = 0; iter < 20000; iter++) {
		if (m.end > sizeof(m.data) - 200) { /* recentre the model */
			size_t c = m.end - m.start;
			memmove(m.data, m.data + m.start, c);
			m.start = 0;
			m.end = c;
		}
		size_t n = test_rand_below(iter % 50 ? 20 : 100);
		size_t count = m.end - m.start;
		switch (test_rand_below(3)) {
		case 0: {
			bool ow = test_rand_below(2);
			for (size_t i = 0; i < n; i++)
				in[i] = (uint8_t)test_rand();
			size_t want =
			    ow ? min(n, (size_t)RING) : min(n, RING - count);
			CHECK_EQ(kring_push(&r, in, n, ow), want);
			model_push(&m, in, n, ow);
			break;
		}
		case 1: {
			size_t k = min(n, count);
			bool discard = test_rand_below(4) == 0;
			CHECK_EQ(kring_pop(&r, discard ? NULL : out, n), k);
			if (!discard)
				CHECK_MEMEQ(out, m.data + m.start, k);
			m.start += k;
			break;
		}
		default: {
			size_t off = test_rand_below(RING + 2);
			size_t k = off >= count ? 0 : min(n, count - off);
			CHECK_EQ(kring_peek(&r, off, out, n), k);
			CHECK_MEMEQ(out, m.data + m.start + off, k);
			break;
		}
		}
		CHECK_EQ(kring_count(&r), m.end - m.start);
		CHECK_EQ(kring_space(&r), RING - (m.end - m.start));
		CHECK_EQ(r.dropped, m.dropped);
	}
}

/* ---- ksort ---- */

static unsigned long comparisons;

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	comparisons++;
	return (x > y) - (x < y);
}

struct rec {
	uint32_t key;
	char pad[9]; /* odd element size: 13 bytes */
};

static int cmp_rec(const void *a, const void *b)
{
	return cmp_u32(a, b);
}

static void fill_pattern(uint32_t *v, size_t n, unsigned pattern)
{
	for (size_t i = 0; i < n; i++) {
		switch (pattern) {
		case 0:
			v[i] = (uint32_t)test_rand();
			break;
		case 1:
			v[i] = (uint32_t)i; /* sorted */
			break;
		case 2:
			v[i] = (uint32_t)(n - i); /* reversed */
			break;
		case 3:
			v[i] = 42; /* all equal */
			break;
		default:
			v[i] = (uint32_t)test_rand_below(4); /* few values */
		}
	}
}

static void test_sort(void)
{
	static uint32_t a[5000], b[5000];

	for (int iter = 0; iter < 400; iter++) {
		size_t n = iter < 20 ? (size_t)iter : test_rand_below(5001);
		fill_pattern(a, n, (unsigned)test_rand_below(5));
		memcpy(b, a, n * sizeof(a[0]));
		comparisons = 0;
		ksort(a, n, sizeof(a[0]), cmp_u32);
		/* heapsort bound: about 2 n log2 n comparisons */
		unsigned long bound = 2 * n * (64 - clz64(n | 1)) + n;
		CHECK(comparisons <= bound);
		qsort(b, n, sizeof(b[0]), cmp_u32);
		CHECK_MEMEQ(a, b, n * sizeof(a[0]));
	}

	static struct rec ra[300], rb[300];
	for (size_t i = 0; i < 300; i++) {
		ra[i].key = (uint32_t)test_rand_below(1000);
		memset(ra[i].pad, (int)ra[i].key, sizeof(ra[i].pad));
	}
	memcpy(rb, ra, sizeof(ra));
	ksort(ra, 300, sizeof(ra[0]), cmp_rec);
	qsort(rb, 300, sizeof(rb[0]), cmp_rec);
	for (size_t i = 0; i < 300; i++) {
		CHECK_EQ(ra[i].key, rb[i].key);
		CHECK_EQ((unsigned char)ra[i].pad[8], ra[i].key & 0xff);
	}
}

int main(void)
{
	test_rng_seed();
	test_list();
	test_ring();
	test_sort();
	return test_finish();
}
