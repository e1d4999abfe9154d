/* SPDX-License-Identifier: MIT */
/* bootinfo_validate against a well-formed blob and many malformed ones,
 * then random corruption (must never crash under ASan). */
#include <stddef.h>
#include <stdlib.h>
#include "core/bootinfo_check.h"
#include "test.h"

/*  header | memmap[3] | efi map (2 x 48) | cmdline | symtab[2] | strtab */
#define OFF_MEMMAP sizeof(struct tern_bootinfo)
#define OFF_EFI    (OFF_MEMMAP + 3 * sizeof(struct tern_mem_range))
#define OFF_CMD    (OFF_EFI + 96)
#define CMD        "test=all console=serial"
#define OFF_SYM    ((OFF_CMD + sizeof(CMD) + 7) & ~7ul)
#define OFF_STR    (OFF_SYM + 2 * sizeof(struct tern_symbol))
#define STRTAB     "\0kmain\0panic"
#define BLOB_SIZE  (OFF_STR + sizeof(STRTAB))

static union {
	struct tern_bootinfo bi;
	uint8_t b[BLOB_SIZE + 64];
} blob;

#define BI     (&blob.bi)
#define RANGES ((struct tern_mem_range *)(blob.b + OFF_MEMMAP))
#define SYMS   ((struct tern_symbol *)(blob.b + OFF_SYM))

static void build(void)
{
	memset(&blob, 0, sizeof(blob));
	*BI = (struct tern_bootinfo){
	    .magic = TERN_BOOTINFO_MAGIC,
	    .version = TERN_BOOTINFO_VERSION,
	    .header_size = sizeof(struct tern_bootinfo),
	    .size = BLOB_SIZE,
	    .memmap_offset = OFF_MEMMAP,
	    .memmap_count = 3,
	    .efi_map_offset = OFF_EFI,
	    .efi_map_size = 96,
	    .efi_desc_size = 48,
	    .cmdline_offset = OFF_CMD,
	    .cmdline_len = sizeof(CMD) - 1,
	    .symtab_offset = OFF_SYM,
	    .symtab_count = 2,
	    .strtab_offset = OFF_STR,
	    .strtab_size = sizeof(STRTAB),
	    .fb = {.phys = 0x80000000,
	           .virt = 0xffffc00000000000ull,
	           .size = 800 * 4096,
	           .width = 1024,
	           .height = 800,
	           .pitch = 4096,
	           .format = TERN_FB_BGRX8888},
	};
	BI->page_alloc_base = 0xffffe12340000000ull;
	BI->page_alloc_size = 8ull << 40;
	BI->stack_region_base = 0xffffd12345678000ull;
	BI->stack_region_size = 64ull << 30;
	BI->stack_top = BI->stack_region_base + 0x1000 + 0x10000;
	BI->stack_size = 0x10000;
	for (int i = 0; i < TERN_PLACE_COUNT; i++)
		BI->place[i] = (struct tern_placement){1ull << 20, 2000, 12};
	RANGES[0] = (struct tern_mem_range){0x0, 0xa0000, TERN_MEM_USABLE, 0};
	RANGES[1] =
	    (struct tern_mem_range){0x100000, 0x200000, TERN_MEM_KERNEL, 0};
	RANGES[2] =
	    (struct tern_mem_range){0x300000, 0x7d00000, TERN_MEM_USABLE, 0};
	memcpy(blob.b + OFF_CMD, CMD, sizeof(CMD));
	SYMS[0] = (struct tern_symbol){0xffffffff80001000ull, 0x40, 1};
	SYMS[1] = (struct tern_symbol){0xffffffff80002000ull, 0x80, 7};
	memcpy(blob.b + OFF_STR, STRTAB, sizeof(STRTAB));
}

/* Build, apply the mutation, expect a rejection naming `word`. */
#define EXPECT_BAD(mutation, word)                                             \
	do {                                                                   \
		const char *why_ = NULL;                                       \
		build();                                                       \
		mutation;                                                      \
		CHECK_EQ(bootinfo_validate(&blob, sizeof(blob), &why_), -1);   \
		CHECK(why_ &&strstr(why_, word));                              \
	} while (0)

static void test_good(void)
{
	const char *why = NULL;

	build();
	CHECK_EQ(bootinfo_validate(&blob, BLOB_SIZE, &why), 0);
	CHECK_STREQ(why, "ok");
	CHECK_EQ(bootinfo_validate(&blob, BLOB_SIZE, NULL), 0);
	BI->fb = (struct tern_framebuffer){0}; /* no framebuffer is fine */
	CHECK_EQ(bootinfo_validate(&blob, BLOB_SIZE, &why), 0);
	build();
	BI->symtab_count = 0; /* no symbols is fine */
	BI->strtab_size = 0;
	CHECK_EQ(bootinfo_validate(&blob, BLOB_SIZE, &why), 0);
	build();
	BI->efi_map_size = 0;
	CHECK_EQ(bootinfo_validate(&blob, BLOB_SIZE, &why), 0);
}

static void test_header(void)
{
	const char *why;

	build();
	CHECK_EQ(bootinfo_validate(NULL, 100, &why), -1);
	CHECK_EQ(bootinfo_validate(blob.b + 4, sizeof(blob) - 8, &why), -1);
	CHECK(strstr(why, "misaligned"));
	CHECK_EQ(bootinfo_validate(&blob, 4, &why), -1);
	CHECK_EQ(bootinfo_validate(&blob, sizeof(BI->magic), &why), -1);
	CHECK(strstr(why, "shorter"));
	CHECK_EQ(bootinfo_validate(&blob, BLOB_SIZE - 1, &why), -1);
	CHECK(strstr(why, "available"));
	EXPECT_BAD(BI->magic ^= 1, "magic");
	EXPECT_BAD(BI->version = TERN_BOOTINFO_VERSION + 1, "version");
	EXPECT_BAD(BI->version = 1, "version");
	EXPECT_BAD(BI->header_size = 16, "header_size");
	EXPECT_BAD(BI->header_size += 4, "header_size");
	EXPECT_BAD(BI->size = 8, "smaller");
	EXPECT_BAD(BI->size = UINT32_MAX, "cap");
}

static void test_areas(void)
{
	EXPECT_BAD(BI->memmap_count = 0, "empty");
	EXPECT_BAD(BI->memmap_count = UINT32_MAX, "memory map outside");
	EXPECT_BAD(BI->memmap_offset = 8, "memory map outside");
	EXPECT_BAD(BI->memmap_offset += 4, "memory map outside");
	EXPECT_BAD(BI->memmap_offset = UINT32_MAX - 8, "memory map outside");
	EXPECT_BAD(BI->efi_desc_size = 0, "EFI descriptor");
	EXPECT_BAD(BI->efi_desc_size = 36, "EFI descriptor");
	EXPECT_BAD(BI->efi_desc_size = 56, "EFI descriptor");
	EXPECT_BAD(BI->efi_map_size = 48 * 1000, "EFI memory map outside");
	EXPECT_BAD(BI->cmdline_offset = UINT32_MAX, "command line outside");
	EXPECT_BAD(BI->cmdline_len = UINT32_MAX, "command line outside");
	EXPECT_BAD(BI->cmdline_offset = BLOB_SIZE, "command line outside");
	EXPECT_BAD(BI->symtab_count = 0x10000000, "symbol table outside");
	EXPECT_BAD(BI->symtab_offset += 1, "symbol table outside");
	EXPECT_BAD(BI->strtab_size += 1, "string table outside");
	EXPECT_BAD(BI->strtab_size = 0, "without a string table");
}

static void test_contents(void)
{
	EXPECT_BAD(BI->cmdline_len -= 1, "NUL-terminated");
	EXPECT_BAD(blob.b[OFF_CMD + 3] = 0, "NUL inside");
	EXPECT_BAD(RANGES[1].type = 0, "unknown type");
	EXPECT_BAD(RANGES[1].type = TERN_MEM_TYPE_COUNT, "unknown type");
	EXPECT_BAD(RANGES[1].length = 0, "empty or wrapping");
	EXPECT_BAD(RANGES[2].length = UINT64_MAX, "empty or wrapping");
	EXPECT_BAD(RANGES[1].base = 0x50000, "overlapping");
	EXPECT_BAD((RANGES[1].base = 0x400000, RANGES[1].length = 0x1000),
	           "unsorted");
	EXPECT_BAD(RANGES[0].length = 0x9f001, "page-aligned");
	EXPECT_BAD(RANGES[2].base = 0x300800, "page-aligned");
	EXPECT_BAD(SYMS[1].name_off = sizeof(STRTAB), "outside the string");
	EXPECT_BAD(blob.b[OFF_STR + sizeof(STRTAB) - 1] = 'x',
	           "outside the string"); /* last name unterminated */
	EXPECT_BAD(SYMS[1].addr = 0, "unsorted");
	EXPECT_BAD(BI->fb.format = 9, "format");
	EXPECT_BAD(BI->fb.pitch = 1000, "geometry");
	EXPECT_BAD(BI->fb.height = 0, "geometry");
	EXPECT_BAD(BI->fb.size = 4096, "smaller");
	EXPECT_BAD(BI->fb.virt = 0, "smaller");
}

/* Version 2: the randomized regions and the placement report. */
static void test_regions(void)
{
	EXPECT_BAD(BI->page_alloc_size = 0, "page-allocator");
	EXPECT_BAD(BI->page_alloc_base += 8, "page-allocator");
	EXPECT_BAD(BI->page_alloc_base = 0x1000, "page-allocator");
	EXPECT_BAD(BI->page_alloc_base = UINT64_MAX - 0xfff, "page-allocator");
	EXPECT_BAD(BI->stack_region_size = 0, "kernel-stack region");
	EXPECT_BAD(BI->stack_region_base = 0x7000, "kernel-stack region");
	EXPECT_BAD(BI->stack_top -= 0x1000, "boot stack outside");
	EXPECT_BAD(BI->stack_top += 64ull << 30, "boot stack outside");
	EXPECT_BAD(BI->stack_top = 0x100, "boot stack outside");
	/* regression (issue 12): stack_size + PAGE wrapped to 0, so a
	 * stack "ending" 2^64 bytes below its top passed every check */
	EXPECT_BAD(BI->stack_size = 0ull - 0x1000, "boot stack outside");
	EXPECT_BAD(BI->stack_size = 0ull - 0x2000, "boot stack outside");
	EXPECT_BAD(BI->place[2].slots = 0, "placement");
	EXPECT_BAD(BI->place[4].centibits = 6401, "placement");
}

/* Version 3: the initramfs, in RANGES[2] retyped INITRD, direct-mapped,
 * above the kernel image (RANGES[1]). */
static void with_initrd(void)
{
	build();
	RANGES[2].type = TERN_MEM_INITRD;
	BI->initrd_phys = 0x300000;
	BI->initrd_size = 0x7d00000 - 0x123;
	BI->kernel_phys_base = 0x100000;
	BI->kernel_size = 0x200000;
	BI->direct_map_size = 0x8000000;
}

static void test_initrd(void)
{
	const char *why = NULL;

	with_initrd();
	CHECK_EQ(bootinfo_validate(&blob, BLOB_SIZE, &why), 0);
	BI->initrd_size = 1;
	CHECK_EQ(bootinfo_validate(&blob, BLOB_SIZE, &why), 0);
	BI->initrd_phys = 0x7fff000; /* the last page of the range */
	CHECK_EQ(bootinfo_validate(&blob, BLOB_SIZE, &why), 0);
	/* none: both zero, whatever the map holds */
	build();
	CHECK_EQ(bootinfo_validate(&blob, BLOB_SIZE, &why), 0);
	EXPECT_BAD(BI->initrd_phys = 0x300000, "without a size");
	EXPECT_BAD((BI->initrd_phys = 0x300000, BI->initrd_size = 10),
	           "initrd ranges"); /* RANGES[2] is USABLE here */
#define EXPECT_BAD_INITRD(mutation, word)                                      \
	EXPECT_BAD((with_initrd(), mutation), word)
	EXPECT_BAD_INITRD(BI->initrd_phys += 8, "page-aligned");
	EXPECT_BAD_INITRD(BI->initrd_size += 0x1000, "initrd ranges");
	EXPECT_BAD_INITRD(BI->initrd_phys = 0x200000, "initrd ranges");
	EXPECT_BAD_INITRD(
	    (BI->initrd_phys = 0xfffffffffffff000ull, BI->initrd_size = 0x2000),
	    "wraps");
	EXPECT_BAD_INITRD(BI->initrd_size = UINT64_MAX, "wraps");
	EXPECT_BAD_INITRD(BI->direct_map_size = 0x4000000, "direct map");
	EXPECT_BAD_INITRD(BI->kernel_size = 0x201000, "overlaps the kernel");
	EXPECT_BAD_INITRD(BI->kernel_phys_base = 0x7fff000,
	                  "overlaps the kernel");
#undef EXPECT_BAD_INITRD
}

/* Version 4: the AP trampoline page, below 640 KiB in a KERNEL range
 * (RANGES[0] is retyped for it). */
static void test_ap_trampoline(void)
{
	const char *why = NULL;

	build();
	CHECK_EQ(bootinfo_validate(&blob, BLOB_SIZE, &why), 0); /* none */
	RANGES[0].type = TERN_MEM_KERNEL;
	BI->ap_trampoline_phys = 0x8000;
	CHECK_EQ(bootinfo_validate(&blob, BLOB_SIZE, &why), 0);
	BI->ap_trampoline_phys = TERN_AP_TRAMPOLINE_MAX;
	CHECK_EQ(bootinfo_validate(&blob, BLOB_SIZE, &why), 0);
	EXPECT_BAD(BI->ap_trampoline_phys = 0x8000, "kernel ranges");
	EXPECT_BAD(
	    (RANGES[0].type = TERN_MEM_KERNEL, BI->ap_trampoline_phys = 0x8010),
	    "page-aligned");
	EXPECT_BAD((RANGES[0].type = TERN_MEM_KERNEL,
	            BI->ap_trampoline_phys = 0xa0000),
	           "above");
}

/* Flip random bytes of a good blob: the validator must return -1 or 0 and
 * never read out of bounds (ASan watches). */
static void test_random_corruption(void)
{
	test_rng_seed();
	for (int i = 0; i < 20000; i++) {
		size_t avail = BLOB_SIZE;
		uint8_t *copy;
		const char *why;
		int rc;

		build();
		for (int k = 1 + (int)test_rand_below(4); k; k--)
			blob.b[test_rand_below(BLOB_SIZE)] =
			    (uint8_t)test_rand();
		if (test_rand_below(4) == 0)
			avail = test_rand_below(BLOB_SIZE + 1);
		/* An exact-size heap copy, so any overread is caught. */
		copy = malloc(avail ? avail : 1);
		memcpy(copy, blob.b, avail);
		rc = bootinfo_validate(copy, avail, &why);
		CHECK(rc == 0 || rc == -1);
		free(copy);
	}
}

int main(void)
{
	test_good();
	test_header();
	test_areas();
	test_contents();
	test_regions();
	test_initrd();
	test_ap_trampoline();
	test_random_corruption();
	return test_finish();
}
