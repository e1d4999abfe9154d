/* SPDX-License-Identifier: MIT */
/*
 * mallocstress [ROUNDS]: allocates blocks of many sizes (0 to 256 KiB, both
 * sides of the small/large boundary), fills each with a pattern derived
 * from its slot and size, frees and reallocates at random, grows blocks
 * with realloc, and checks every pattern before a block is freed or after
 * it moved. Exits 0 when every check held, 1 with a message otherwise.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 512

static void *blocks[SLOTS];
static size_t sizes[SLOTS];
static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static unsigned char pattern(size_t slot, size_t i)
{
	return (unsigned char)(slot * 31 + i * 7 + (i >> 8));
}

static size_t pick_size(void)
{
	switch (next() % 8) {
	case 0:
	case 1:
	case 2:
		return next() % 129;
	case 3:
	case 4:
	case 5:
		return next() % 4097;
	case 6:
		return 4000 + next() % 200; /* around the class limit */
	default:
		return next() % (256 * 1024);
	}
}

static void fill(size_t s, size_t from)
{
	unsigned char *p = blocks[s];

	for (size_t i = from; i < sizes[s]; i++)
		p[i] = pattern(s, i);
}

static int check(size_t s, size_t n)
{
	const unsigned char *p = blocks[s];

	for (size_t i = 0; i < n; i++) {
		if (p[i] != pattern(s, i)) {
			printf(
			    "mallocstress: slot %zu byte %zu of %zu corrupt\n",
			    s, i, sizes[s]);
			return -1;
		}
	}
	if (((uintptr_t)p & 15) != 0) {
		printf("mallocstress: slot %zu misaligned %p\n", s, (void *)p);
		return -1;
	}
	return 0;
}

static int step(void)
{
	size_t s = next() % SLOTS;

	if (blocks[s] && check(s, sizes[s]) < 0)
		return -1;
	switch (next() % 3) {
	case 0:
		free(blocks[s]);
		blocks[s] = NULL;
		sizes[s] = 0;
		return 0;
	case 1: {
		size_t old = sizes[s], n = old + 1 + next() % (old + 64);
		void *q = realloc(blocks[s], n);
		if (!q)
			return -1;
		blocks[s] = q;
		sizes[s] = n;
		if (check(s, old) < 0)
			return -1;
		fill(s, old);
		return 0;
	}
	default:
		free(blocks[s]);
		sizes[s] = pick_size();
		int zeroed = next() % 2;
		blocks[s] = zeroed ? calloc(1, sizes[s]) : malloc(sizes[s]);
		if (!blocks[s])
			return -1;
		for (size_t i = 0; zeroed && i < sizes[s]; i++)
			if (((unsigned char *)blocks[s])[i]) {
				printf("mallocstress: calloc byte %zu set\n",
				       i);
				return -1;
			}
		fill(s, 0);
		return 0;
	}
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 10000;

	for (int r = 0; r < rounds; r++) {
		if (step() < 0) {
			printf("mallocstress: failed in round %d\n", r);
			return 1;
		}
	}
	for (size_t s = 0; s < SLOTS; s++) {
		if (blocks[s] && check(s, sizes[s]) < 0)
			return 1;
		free(blocks[s]);
	}
	printf("mallocstress: %d rounds ok\n", rounds);
	return 0;
}
