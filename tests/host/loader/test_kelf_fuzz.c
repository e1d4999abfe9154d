/* SPDX-License-Identifier: MIT */
/* Random mutations of a valid kernel (bytes, header words, truncation)
 * through parse, load and symbol extraction: nothing may crash or trip
 * ASan/UBSan, and whatever is accepted must satisfy kelf's invariants.
 * TEST_SEED repeats a run; TEST_FUZZ_ITERS changes its length. */
#include "kelf.h"
#include "test.h"
#include "test_elf.h"
#include <stdlib.h>
#include <tern/elf64.h>
#include <tern/layout.h>

static const uint64_t interesting[] = {
    0,     1,         8,          24,         56,    64,
    0xfff, 0x1000,    0x7fffffff, 0xffffffff, TE_LB, TE_LB + 0x1000,
    ~0ull, ~0ull - 7, 1ull << 63, TE_SIZE,
};

static void mutate(uint8_t *b, size_t *size)
{
	uint64_t v = interesting[test_rand_below(sizeof(interesting) / 8)];
	size_t off;

	if (*size < 64 + 4 * 56)
		return; /* already truncated into the headers */
	switch (test_rand_below(5)) {
	case 0: /* random byte anywhere */
		b[test_rand_below(*size)] = (uint8_t)test_rand();
		break;
	case 1: /* bit flip in the headers */
		b[test_rand_below(64 + 4 * 56)] ^=
		    (uint8_t)(1u << test_rand_below(8));
		break;
	case 2: /* an interesting value into a header, dynamic or RELA word */
		off = test_rand_below(3) == 0
		          ? TE_DYN_OFF + 8 * test_rand_below(14)
		      : test_rand_below(2)
		          ? 8 * test_rand_below((64 + 4 * 56) / 8)
		          : TE_RELA_OFF + 8 * test_rand_below(9);
		memcpy(b + off, &v, 8);
		break;
	case 3: /* a 16-bit header field */
		off = 16 + 2 * test_rand_below(24);
		memcpy(b + off, &v, 2);
		break;
	default: /* truncate */
		*size = test_rand_below(*size + 1);
		break;
	}
}

/* What kelf_parse promises about anything it accepts. */
static void check_invariants(const struct kelf *k)
{
	unsigned i;

	CHECK(k->nseg >= 1 && k->nseg <= KELF_MAX_SEGS);
	CHECK(k->span % KELF_PAGE == 0 && k->span <= KELF_MAX_SPAN);
	for (i = 0; i < k->nseg; i++) {
		const struct elf_pie_seg *s = &k->seg[i];

		CHECK(s->vaddr >= TERN_HIGHER_HALF);
		CHECK((s->flags & (PF_W | PF_X)) != (PF_W | PF_X));
		CHECK(s->offset + s->filesz <= k->size);
		CHECK(s->vaddr + s->memsz <= k->link_base + k->span);
		if (i)
			CHECK(s->vaddr >=
			      k->seg[i - 1].vaddr + k->seg[i - 1].memsz);
	}
}

static void one_round(const struct test_elf *good, unsigned nmut)
{
	static struct test_elf e;
	struct tern_symbol syms[16];
	char str[256];
	size_t size = sizeof(e.b);
	struct kelf k;
	uint32_t n, sz;
	uint8_t *file, *image;

	e = *good;
	while (nmut--)
		mutate(e.b, &size);
	file = malloc(size ? size : 1); /* exact size: ASan sees overreads */
	memcpy(file, e.b, size);
	if (kelf_parse(&k, file, size)) {
		check_invariants(&k);
		if (k.span <= (16u << 20) && (image = malloc(k.span))) {
			kelf_load(&k, image, k.link_base + 0x200000);
			free(image);
		}
		if (kelf_symbols(&k, NULL, 0, NULL, 0, &n, &sz))
			kelf_symbols(&k, syms, 16, str, sizeof(str), &n, &sz);
	}
	free(file);
}

int main(void)
{
	const char *iters_env = getenv("TEST_FUZZ_ITERS");
	unsigned long iters = iters_env ? strtoul(iters_env, NULL, 0) : 50000;
	static struct test_elf good;
	unsigned long i;

	test_rng_seed();
	te_build(&good);
	for (i = 0; i < iters; i++)
		one_round(&good, 1 + (unsigned)test_rand_below(6));
	CHECK(i == iters);
	return test_finish();
}
