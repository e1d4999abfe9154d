/* SPDX-License-Identifier: MIT */
#include <libk/string.h>
#include "console/kprintf.h"
#include "core/csprng.h"
#include "core/kaslr_report.h"

static const struct {
	uint32_t bit;
	const char *name;
} seed_names[] = {
    {TERN_SEED_EFI_RNG, "efi-rng"},
    {TERN_SEED_RDSEED, "rdseed"},
    {TERN_SEED_RDRAND, "rdrand"},
    {TERN_SEED_TSC, "tsc"},
};

static void print_sources(uint32_t src, const char *sep)
{
	const char *s = "";

	for (size_t i = 0; i < sizeof(seed_names) / sizeof(seed_names[0]);
	     i++) {
		if (src & seed_names[i].bit) {
			kprintf("%s%s", s, seed_names[i].name);
			s = sep;
		}
	}
	if (!*s)
		kprintf("none");
}

static void print_bits(const char *name, const struct tern_placement *p)
{
	kprintf(" %s_bits=%u.%02u", name, p->centibits / 100,
	        p->centibits % 100);
}

static void kaslr_line(const struct tern_bootinfo *bi)
{
	static const char *const names[TERN_PLACE_COUNT] = {
	    "virt", "phys", "dmap", "palloc", "stacks"};

	kprintf("kaslr: %s",
	        bi->flags & TERN_BI_NOKASLR ? "off (nokaslr) " : "");
	kprintf("virt=0x%llx phys=0x%llx dmap=0x%llx palloc=0x%llx "
	        "stacks=0x%llx",
	        (unsigned long long)bi->kernel_virt_base,
	        (unsigned long long)bi->kernel_phys_base,
	        (unsigned long long)bi->direct_map_offset,
	        (unsigned long long)bi->page_alloc_base,
	        (unsigned long long)bi->stack_region_base);
	for (int i = 0; i < TERN_PLACE_COUNT; i++)
		print_bits(names[i], &bi->place[i]);
	kprintf(" phys_slots=%llu image=0x%llx dmap_size=0x%llx link=0x%llx%s "
	        "seed=",
	        (unsigned long long)bi->place[TERN_PLACE_KERNEL_PHYS].slots,
	        (unsigned long long)bi->kernel_size,
	        (unsigned long long)bi->direct_map_size,
	        (unsigned long long)bi->kernel_link_base,
	        bi->flags & TERN_BI_PHYS_FALLBACK ? " phys_fallback" : "");
	print_sources(bi->seed_sources, "+");
	kprintf("\n");
}

void kaslr_boot(struct tern_bootinfo *bi)
{
	csprng_init(&kernel_csprng, bi->seed);
	memset(bi->seed, 0, sizeof(bi->seed));
	kprintf("entropy: boot seed from ");
	print_sources(bi->seed_sources, ", ");
	kprintf("; kernel CSPRNG: ChaCha20, fast key erasure\n");
	if ((bi->seed_sources & ~TERN_SEED_TSC) == 0)
		kprintf(
		    KC_BOLD KC_RED
		    "WARNING: entropy: only TSC jitter seeded KASLR and the "
		    "CSPRNG: no EFI_RNG, RDSEED or RDRAND; placements may be "
		    "guessable" KC_RESET "\n");
	kaslr_line(bi);
}
