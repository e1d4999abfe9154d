/* SPDX-License-Identifier: MIT */
/* EFI map -> typed map: conversion table, overlays, overlap priority,
 * merging, page alignment, capacity; and a randomized comparison with a
 * brute-force per-page model. */
#include "memmap.h"
#include "test.h"
#include <stdlib.h>

#define DS   48 /* a descriptor stride larger than the struct, as on real FW */
#define MAXD 64

static uint8_t raw[MAXD * DS];
static unsigned nd;
static struct tern_mem_range out[512];
static uint64_t scratch[512];

static void desc(uint32_t type, uint64_t phys, uint64_t pages)
{
	uint8_t *p = raw + nd++ * DS;

	memset(p, 0xee, DS); /* padding and attributes: garbage */
	memcpy(p, &type, 4);
	memcpy(p + 8, &phys, 8);
	memcpy(p + 24, &pages, 8);
}

static long build(const struct tern_mem_range *ov, size_t nov)
{
	struct efi_map m = {raw, nd * DS, DS};

	return memmap_build(&m, ov, nov, out, 512, scratch, 512);
}

#define R(b, l, t) ((struct tern_mem_range){(b), (l), TERN_MEM_##t, 0})

static void check_ranges(const struct tern_mem_range *want, long n, long got,
                         int line)
{
	long i;

	test_checks++;
	if (got != n) {
		test_fail(__FILE__, line, "%ld ranges, want %ld", got, n);
		return;
	}
	for (i = 0; i < n; i++)
		if (memcmp(&out[i], &want[i], sizeof(want[i])))
			test_fail(__FILE__, line,
			          "range %ld: %#llx+%#llx "
			          "type %u, want %#llx+%#llx type %u",
			          i, (unsigned long long)out[i].base,
			          (unsigned long long)out[i].length,
			          out[i].type, (unsigned long long)want[i].base,
			          (unsigned long long)want[i].length,
			          want[i].type);
}
#define CHECK_RANGES(want, got)                                                \
	check_ranges((want), sizeof(want) / sizeof((want)[0]), (got), __LINE__)

static void test_conversion(void)
{
	const struct tern_mem_range ov[] = {
	    R(0x800000, 0x80000, KERNEL),
	    R(0xc0000000, 0x300000, FRAMEBUFFER),
	};
	const struct tern_mem_range want[] = {
	    R(0, 0xa0000, USABLE),
	    R(0xa0000, 0x60000, RESERVED),
	    R(0x100000, 0x700000, USABLE),
	    R(0x800000, 0x80000, KERNEL),
	    R(0x880000, 0x80000, LOADER_RECLAIMABLE),
	    R(0x900000, 0x100000, USABLE),
	    R(0xa00000, 0x100000, ACPI_RECLAIMABLE),
	    R(0xb00000, 0x100000, ACPI_NVS),
	    R(0xc00000, 0x1000, BAD),
	    R(0xc01000, 0x2000, RESERVED),
	    R(0xc0000000, 0x300000, FRAMEBUFFER),
	    R(0xfee00000, 0x1000, MMIO),
	};

	nd = 0;
	desc(EFI_MMIO, 0xfee00000, 1); /* unsorted input */
	desc(EFI_CONVENTIONAL, 0, 0xa0);
	desc(EFI_RESERVED, 0xa0000, 0x60);
	desc(EFI_CONVENTIONAL, 0x100000, 0x400);
	desc(EFI_BS_CODE, 0x500000, 0x300); /* merges with the above */
	desc(EFI_LOADER_DATA, 0x800000, 0x100);
	desc(EFI_BS_DATA, 0x900000, 0x100);
	desc(EFI_ACPI_RECLAIM, 0xa00000, 0x100);
	desc(EFI_ACPI_NVS, 0xb00000, 0x100);
	desc(EFI_UNUSABLE, 0xc00000, 1);
	desc(EFI_RT_CODE, 0xc01000, 1);
	desc(EFI_RT_DATA, 0xc02000, 1);
	desc(EFI_CONVENTIONAL, 0xd00000, 0); /* empty: ignored */
	CHECK_RANGES(want, build(ov, 2));
	CHECK_EQ(efimap_ram_end(&(struct efi_map){raw, nd * DS, DS}), 0xc03000);
	CHECK_EQ(efimap_type(EFI_PERSISTENT), TERN_MEM_RESERVED);
	CHECK_EQ(efimap_type(0x80000000), TERN_MEM_RESERVED);
	CHECK_EQ(efimap_type(EFI_MMIO_PORT), TERN_MEM_MMIO);
}

static void test_overlap_and_alignment(void)
{
	const struct tern_mem_range ov[] = {R(0x1800, 0x100, FRAMEBUFFER)};
	const struct tern_mem_range want[] = {
	    R(0, 0x1000, USABLE),      R(0x1800, 0x100, FRAMEBUFFER),
	    R(0x2000, 0x6000, USABLE), R(0x8000, 0x1000, RESERVED),
	    R(0x9000, 0x7000, USABLE),
	};

	nd = 0;
	desc(EFI_CONVENTIONAL, 0, 0x10);
	desc(EFI_RESERVED, 0x8000, 1);
	CHECK_RANGES(want, build(ov, 1));
	/* too little room */
	CHECK_EQ(memmap_build(&(struct efi_map){raw, nd * DS, DS}, ov, 1, out,
	                      4, scratch, 512),
	         -1);
	CHECK_EQ(memmap_build(&(struct efi_map){raw, nd * DS, DS}, ov, 1, out,
	                      512, scratch, 3),
	         -1);
	/* a descriptor stride below the struct size gives an empty map */
	CHECK_EQ(memmap_build(&(struct efi_map){raw, nd * DS, 16}, NULL, 0, out,
	                      512, scratch, 512),
	         0);
}

/* Priority by the documented order, lowest first. */
static int prio(uint32_t t)
{
	static const uint32_t order[] = {
	    0,
	    TERN_MEM_USABLE,
	    TERN_MEM_LOADER_RECLAIMABLE,
	    TERN_MEM_ACPI_RECLAIMABLE,
	    TERN_MEM_ACPI_NVS,
	    TERN_MEM_MMIO,
	    TERN_MEM_RESERVED,
	    TERN_MEM_BAD,
	    TERN_MEM_FRAMEBUFFER,
	    TERN_MEM_INITRD,
	    TERN_MEM_KERNEL,
	};
	int i;

	for (i = 0; i < (int)(sizeof(order) / sizeof(order[0])); i++)
		if (order[i] == t)
			return i;
	return -1;
}

static void test_random(void)
{
	struct tern_mem_range ov[4];
	unsigned iter, i;
	long n;

	test_rng_seed();
	for (iter = 0; iter < 2000; iter++) {
		unsigned nov = (unsigned)test_rand_below(5);
		uint32_t model[64] = {0}; /* type per page 0..63 */

		unsigned count = (unsigned)test_rand_below(MAXD);

		nd = 0;
		for (i = 0; i < count; i++) {
			uint64_t b = test_rand_below(64),
			         l = test_rand_below(8);

			desc((uint32_t)test_rand_below(16), b * 4096,
			     b + l > 64 ? 64 - b : l);
		}
		for (i = 0; i < nov; i++) {
			uint64_t b = test_rand_below(64),
			         l = test_rand_below(8);

			ov[i] = R(b * 4096, (b + l > 64 ? 64 - b : l) * 4096,
			          KERNEL);
			ov[i].type =
			    (uint32_t)test_rand_below(TERN_MEM_TYPE_COUNT + 1);
		}
		for (i = 0; i < nd + nov; i++) {
			struct efi_desc d =
			    i < nd
			        ? efimap_get(
			              &(struct efi_map){raw, nd * DS, DS}, i)
			        : (struct efi_desc){0, ov[i - nd].base,
			                            ov[i - nd].length / 4096};
			uint32_t t =
			    i < nd ? efimap_type(d.type) : ov[i - nd].type;
			uint64_t p;

			if (t == 0 || t >= TERN_MEM_TYPE_COUNT)
				t = t ? TERN_MEM_RESERVED : 0;
			for (p = d.phys / 4096;
			     t && p < d.phys / 4096 + d.pages; p++)
				if (prio(t) > prio(model[p]))
					model[p] = t;
		}
		n = build(ov, nov);
		CHECK(n >= 0);
		for (i = 0; i < (unsigned)n; i++) {
			uint64_t p;

			CHECK(out[i].length > 0);
			if (i) {
				CHECK(out[i].base >=
				      out[i - 1].base + out[i - 1].length);
				CHECK(out[i].type != out[i - 1].type ||
				      out[i].base !=
				          out[i - 1].base + out[i - 1].length);
			}
			for (p = out[i].base / 4096;
			     p < (out[i].base + out[i].length) / 4096; p++) {
				CHECK_EQ(model[p], out[i].type);
				model[p] = 0;
			}
		}
		for (i = 0; i < 64; i++)
			CHECK_EQ(model[i],
			         0); /* every typed page was emitted */
	}
}

int main(void)
{
	test_conversion();
	test_overlap_and_alignment();
	test_random();
	return test_finish();
}
