/* SPDX-License-Identifier: MIT */
/* ksort: in-place heapsort. The array is viewed as a binary max-heap,
 * children of element i at 2i+1 and 2i+2:
 *
 *            [0]
 *        [1]     [2]
 *      [3] [4] [5] [6]
 *
 * Build the heap, then repeatedly swap the maximum to the end and restore
 * the heap on the shrunken prefix. */
#include <libk/sort.h>

typedef int (*cmp_fn)(const void *, const void *);

static void swap_bytes(unsigned char *a, unsigned char *b, size_t size)
{
	while (size--) {
		unsigned char t = *a;
		*a++ = *b;
		*b++ = t;
	}
}

/* Move element root down until both children are not larger; the heap is
 * elements [0, n). */
static void sift_down(unsigned char *base, size_t root, size_t n, size_t size,
                      cmp_fn cmp)
{
	for (;;) {
		size_t child = 2 * root + 1;
		if (child >= n)
			return;
		unsigned char *c = base + child * size;
		if (child + 1 < n && cmp(c, c + size) < 0) {
			child++;
			c += size;
		}
		unsigned char *r = base + root * size;
		if (cmp(r, c) >= 0)
			return;
		swap_bytes(r, c, size);
		root = child;
	}
}

void ksort(void *base, size_t n, size_t size, cmp_fn cmp)
{
	unsigned char *b = base;

	if (n < 2 || !size)
		return;
	for (size_t i = n / 2; i-- > 0;)
		sift_down(b, i, n, size, cmp);
	for (size_t end = n - 1; end > 0; end--) {
		swap_bytes(b, b + end * size, size);
		sift_down(b, 0, end, size, cmp);
	}
}
