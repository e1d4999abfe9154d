/* SPDX-License-Identifier: MIT */
/*
 * BOOTX64.EFI: load the tern kernel and hand over to it.
 *
 *   efi_main
 *     read \tern\tern.cfg            config.c (portable) + efi_file.c
 *     seed, placement stream         efi_seed.c, kaslr.c (portable)
 *     read, check, load the kernel   kelf_*.c (portable), at a random
 *                                    virtual and physical base (efi_place.c)
 *     read \tern\initrd.cpio, if any  into pages of its own (efi_file.c)
 *     random direct-map, stack and page-allocator regions   kaslr.c
 *     allocate stack, trampoline, page-table pool, boot-info blob
 *     graphics mode, framebuffer     efi_gop.c
 *     firmware tables, seed          efi_tables.c, efi_seed.c
 *     build the page tables          boot_tables.c, pagetable.c (portable)
 *     ExitBootServices               efi_exit.c
 *     typed memory map               memmap.c (portable)
 *     jump                           handoff.S
 *
 * Every failure before ExitBootServices prints one "tern loader: error:"
 * line, frees what was allocated and returns to the firmware.
 */
#include "bi_layout.h"
#include "boot_tables.h"
#include "config.h"
#include "cpu.h"
#include "efi_glue.h"
#include "kaslr.h"
#include "kelf.h"
#include "memmap.h"
#include <libk/bitops.h>
#include <libk/parse.h>
#include <libk/string.h>
#include <tern/layout.h>

#define CFG_PATH        "\\tern\\tern.cfg"
#define CFG_MAX         (64 * 1024)
#define KERNEL_MAX      (256ull << 20)
#define INITRD_PATH     "\\tern\\initrd.cpio"
#define INITRD_MAX      (512ull << 20)
#define MAP_SLACK_DESCS 32 /* descriptors the map may grow by before exit */
#define NOVERLAYS       6

typedef void (*handoff_fn)(uint64_t pml4, uint64_t stack_top, uint64_t bi,
                           uint64_t entry, uint64_t dmap_off);
extern const char tern_handoff[], tern_handoff_end[];

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st);

struct loader {
	EFI_HANDLE image;
	uint64_t tsc_entry;
	struct tern_cfg cfg;
	void *file; /* the kernel file, pool */
	UINTN file_size;
	struct kelf k;
	uint64_t initrd_phys; /* pages; initrd_size 0: none */
	UINTN initrd_size;
	uint64_t ap_tramp; /* the AP start-up page below 1 MiB, 0: none */
	struct boot_layout lay;
	struct tern_framebuffer fb;
	uint32_t nsym, strsize;
	size_t ndesc;             /* EFI descriptors at the survey */
	struct tern_bootinfo *bi; /* pages */
	uint64_t bi_pages;
	uint64_t pool, pool_pages, pool_used; /* page-table pages */
	uint64_t *scratch;                    /* for memmap_build, pool */
	size_t scratch_cap;
	struct pt_builder pt;
	/* randomization */
	bool kaslr;     /* false with nokaslr: the fixed layout */
	bool debugptrs; /* addresses may be printed */
	uint32_t flags; /* TERN_BI_* */
	uint32_t seed_sources;
	uint8_t kseed[32]; /* for bi->seed */
	struct kaslr_rng rng;
	uint64_t palloc_base;
	struct tern_placement place[TERN_PLACE_COUNT];
};

static struct loader the_loader;

static uint64_t pages_of(uint64_t bytes)
{
	return align_up(bytes, TERN_PAGE_SIZE) / TERN_PAGE_SIZE;
}

static EFI_STATUS alloc_pages(EFI_MEMORY_TYPE type, uint64_t npages,
                              uint64_t *phys)
{
	return efi_alloc_any(type, npages, phys);
}

/* Undo every allocation (error path before ExitBootServices). */
static void release(struct loader *l)
{
	if (l->file)
		efi_bs->FreePool(l->file);
	if (l->scratch)
		efi_bs->FreePool(l->scratch);
	if (l->lay.kernel_phys)
		efi_bs->FreePages(l->lay.kernel_phys, pages_of(l->k.span));
	if (l->lay.stack_phys)
		efi_bs->FreePages(l->lay.stack_phys,
		                  pages_of(TERN_BOOT_STACK_SIZE));
	if (l->lay.tramp_phys)
		efi_bs->FreePages(l->lay.tramp_phys, 1);
	if (l->pool)
		efi_bs->FreePages(l->pool, l->pool_pages);
	if (l->bi)
		efi_bs->FreePages((UINTN)l->bi, l->bi_pages);
	if (l->initrd_size)
		efi_bs->FreePages(l->initrd_phys, pages_of(l->initrd_size));
	if (l->ap_tramp)
		efi_bs->FreePages(l->ap_tramp, 1);
}

static void cfg_warn(void *ctx, const char *msg)
{
	con_printf("tern loader: warning: %s: %s\n", CFG_PATH, msg);
}

static EFI_STATUS load_config(struct loader *l)
{
	char err[128];
	void *buf;
	UINTN size;
	EFI_STATUS s;
	bool ok;

	cfg_defaults(&l->cfg);
	s = efi_read_file(l->image, CFG_PATH, &buf, &size, CFG_MAX);
	if (s == EFI_NOT_FOUND) {
		con_printf("tern loader: no %s, using %s\n", CFG_PATH,
		           l->cfg.kernel);
		return EFI_SUCCESS;
	}
	if (EFI_ERROR(s))
		return loader_fail(s, "%s: cannot read: %s", CFG_PATH,
		                   efi_strerror(s));
	ok = cfg_parse(&l->cfg, buf, size, cfg_warn, NULL, err, sizeof(err));
	efi_bs->FreePool(buf);
	if (!ok)
		return loader_fail(EFI_LOAD_ERROR, "%s: %s", CFG_PATH, err);
	return EFI_SUCCESS;
}

static bool cmdline_has(const struct loader *l, const char *key)
{
	return kcmdline_get(l->cfg.cmdline, key, NULL, 0);
}

/* The seed: one master mix of every source, from which the kernel's seed
 * and the placement stream's key are derived independently (kaslr.h). */
static void seed_and_options(struct loader *l)
{
	uint8_t master[32], key[32];

	l->seed_sources = efi_get_seed(master);
	kaslr_derive(master, "tern kernel seed", l->kseed);
	kaslr_derive(master, "tern kaslr", key);
	kaslr_rng_init(&l->rng, key);
	memset(master, 0, sizeof(master));
	memset(key, 0, sizeof(key));
	l->kaslr = !cmdline_has(l, "nokaslr");
	l->debugptrs = cmdline_has(l, "debugptrs");
	if (!l->kaslr)
		l->flags |= TERN_BI_NOKASLR;
}

/* The placement stream, or NULL for the fixed layout. */
static struct kaslr_rng *rng(struct loader *l)
{
	return l->kaslr ? &l->rng : NULL;
}

/* A random virtual base in the image window and a random physical slot. */
static EFI_STATUS place_kernel(struct loader *l)
{
	bool fallback;
	EFI_STATUS s;

	if (!kaslr_place(rng(l), TERN_KERNEL_WIN_START, TERN_KERNEL_WIN_SIZE,
	                 l->k.span, TERN_KERNEL_GRANULE, l->k.link_base,
	                 &l->lay.kernel_virt,
	                 &l->place[TERN_PLACE_KERNEL_VIRT]))
		return loader_fail(EFI_LOAD_ERROR,
		                   "kernel image does not fit its window");
	s = efi_alloc_random(rng(l), EfiLoaderData, pages_of(l->k.span),
	                     &l->lay.kernel_phys,
	                     &l->place[TERN_PLACE_KERNEL_PHYS], &fallback);
	if (fallback) {
		l->flags |= TERN_BI_PHYS_FALLBACK;
		con_printf("tern loader: warning: no random physical slot for "
		           "the kernel could be allocated; any pages used\n");
	}
	return s;
}

/* Read, check, place and relocate the kernel. */
static EFI_STATUS load_kernel(struct loader *l)
{
	const char *path = l->cfg.kernel;
	EFI_STATUS s;

	s = efi_read_file(l->image, path, &l->file, &l->file_size, KERNEL_MAX);
	if (EFI_ERROR(s))
		return loader_fail(s, "%s: cannot read: %s", path,
		                   efi_strerror(s));
	if (!kelf_parse(&l->k, l->file, l->file_size))
		return loader_fail(EFI_LOAD_ERROR, "%s: %s", path, l->k.err);
	s = place_kernel(l);
	if (EFI_ERROR(s))
		return s;
	l->lay.k = &l->k;
	if (!kelf_load(&l->k, (void *)(UINTN)l->lay.kernel_phys,
	               l->lay.kernel_virt))
		return loader_fail(EFI_LOAD_ERROR, "%s: %s", path, l->k.err);
	if (!kelf_symbols(&l->k, NULL, 0, NULL, 0, &l->nsym, &l->strsize)) {
		con_printf("tern loader: warning: %s: %s; no symbols\n", path,
		           l->k.err);
		l->nsym = l->strsize = 0;
	}
	return EFI_SUCCESS;
}

/* The initramfs, if the ESP has one, into pages of its own: the kernel
 * finds it through boot-info. Absent, empty or unreadable: a line, and the
 * boot goes on without it. */
static void load_initrd(struct loader *l)
{
	UINTN size = 0;
	uint64_t phys = 0;
	EFI_STATUS s;

	s = efi_read_file_pages(l->image, INITRD_PATH, &phys, &size,
	                        INITRD_MAX);
	if (s == EFI_NOT_FOUND) {
		con_printf("tern loader: no %s\n", INITRD_PATH);
		return;
	}
	if (EFI_ERROR(s)) {
		con_printf("tern loader: warning: %s: cannot read: %s; no "
		           "initrd\n",
		           INITRD_PATH, efi_strerror(s));
		return;
	}
	if (!size) {
		efi_bs->FreePages(phys, 1);
		con_printf("tern loader: warning: %s is empty; no initrd\n",
		           INITRD_PATH);
		return;
	}
	l->initrd_phys = phys;
	l->initrd_size = size;
	con_printf("tern loader: initrd %s, %llu KiB\n", INITRD_PATH,
	           (unsigned long long)(size + 1023) / 1024);
}

/* A snapshot of the memory map: the direct map's size, and how big the
 * final map may get (*map_cap bytes, *desc_size stride). */
static EFI_STATUS survey_memory(struct loader *l, UINTN *map_cap,
                                UINTN *desc_size)
{
	UINTN size = 0, key;
	struct efi_map m;
	UINT32 ver;
	void *buf;
	EFI_STATUS s;

	s = efi_memory_map(NULL, &size, &key, desc_size, &ver);
	if (s != EFI_BUFFER_TOO_SMALL || *desc_size < EFI_DESC_MIN_SIZE)
		return loader_fail(EFI_LOAD_ERROR, "GetMemoryMap: %s",
		                   efi_strerror(s));
	size += MAP_SLACK_DESCS * *desc_size;
	*map_cap = size + MAP_SLACK_DESCS * *desc_size;
	s = efi_bs->AllocatePool(EfiLoaderData, size, &buf);
	if (!EFI_ERROR(s))
		s = efi_memory_map(buf, &size, &key, desc_size, &ver);
	if (EFI_ERROR(s))
		return loader_fail(s, "GetMemoryMap: %s", efi_strerror(s));
	m = (struct efi_map){buf, size, *desc_size};
	l->ndesc = efimap_count(&m);
	l->lay.dmap_size = align_up(efimap_ram_end(&m), PT_PAGE_2M);
	efi_bs->FreePool(buf);
	return EFI_SUCCESS;
}

/* Direct map, kernel-stack region and page-allocator region, each drawn
 * independently in its own window (tern/layout.h). */
static EFI_STATUS place_regions(struct loader *l)
{
	uint64_t dmap = align_up(l->lay.dmap_size, TERN_DMAP_GRANULE);

	if (!dmap)
		dmap = TERN_DMAP_GRANULE;
	if (!kaslr_place(rng(l), TERN_DMAP_WIN_START, TERN_DMAP_WIN_SIZE, dmap,
	                 TERN_DMAP_GRANULE, TERN_DIRECT_MAP_BASE,
	                 &l->lay.dmap_base, &l->place[TERN_PLACE_DIRECT_MAP]))
		return loader_fail(EFI_LOAD_ERROR,
		                   "%llu MiB of RAM do not fit the direct map",
		                   (unsigned long long)(dmap >> 20));
	if (!kaslr_place(rng(l), TERN_STACK_WIN_START, TERN_STACK_WIN_SIZE,
	                 TERN_STACK_REGION_SIZE, TERN_STACK_GRANULE,
	                 TERN_STACK_BASE, &l->lay.stack_base,
	                 &l->place[TERN_PLACE_STACKS]) ||
	    !kaslr_place(rng(l), TERN_PALLOC_WIN_START, TERN_PALLOC_WIN_SIZE,
	                 TERN_PALLOC_REGION_SIZE, TERN_PALLOC_GRANULE,
	                 TERN_PAGE_ALLOC_BASE, &l->palloc_base,
	                 &l->place[TERN_PLACE_PAGE_ALLOC]))
		return loader_fail(EFI_LOAD_ERROR, "bad region windows");
	return EFI_SUCCESS;
}

/* The boot-info blob, sized for the final map, cmdline and symbols. */
static EFI_STATUS alloc_bootinfo(struct loader *l, UINTN map_cap,
                                 UINTN desc_size)
{
	struct tern_bootinfo hdr;
	struct bi_sizes sz = {
	    .memmap_cap = memmap_capacity(map_cap / desc_size, NOVERLAYS),
	    .efi_map_cap = map_cap,
	    .cmdline_len = strlen(l->cfg.cmdline),
	    .sym_count = l->nsym,
	    .str_size = l->strsize,
	};
	uint64_t phys;
	EFI_STATUS s;

	if (!bi_layout(&hdr, &sz))
		return loader_fail(EFI_LOAD_ERROR, "boot-info too large");
	l->bi_pages = pages_of(hdr.size);
	s = alloc_pages(EfiLoaderData, l->bi_pages, &phys);
	if (EFI_ERROR(s))
		return s;
	l->bi = (struct tern_bootinfo *)(UINTN)phys;
	memset(l->bi, 0, l->bi_pages * TERN_PAGE_SIZE);
	*l->bi = hdr;
	l->scratch_cap = sz.memmap_cap;
	s = efi_bs->AllocatePool(EfiLoaderData, sz.memmap_cap * 8,
	                         (void **)&l->scratch);
	if (EFI_ERROR(s)) {
		l->scratch = NULL;
		return loader_fail(s, "cannot allocate %llu bytes: %s",
		                   (unsigned long long)sz.memmap_cap * 8,
		                   efi_strerror(s));
	}
	return EFI_SUCCESS;
}

/* Command line and symbols into the blob; the kernel file is done with. */
static void fill_bootinfo_areas(struct loader *l)
{
	struct tern_bootinfo *bi = l->bi;
	uint8_t *base = (uint8_t *)bi;

	memcpy(base + bi->cmdline_offset, l->cfg.cmdline, bi->cmdline_len);
	if (l->nsym &&
	    !kelf_symbols(&l->k,
	                  (struct tern_symbol *)(base + bi->symtab_offset),
	                  bi->symtab_count, (char *)base + bi->strtab_offset,
	                  bi->strtab_size, &bi->symtab_count, &bi->strtab_size))
		bi->symtab_count = bi->strtab_size = 0;
	efi_bs->FreePool(l->file);
	l->file = NULL;
}

static bool pool_alloc(void *ctx, uint64_t *phys)
{
	struct loader *l = ctx;

	if (l->pool_used == l->pool_pages)
		return false;
	*phys = l->pool + l->pool_used++ * TERN_PAGE_SIZE;
	return true;
}

static void *identity(void *ctx, uint64_t phys)
{
	return (void *)(UINTN)phys;
}

/* Stack, trampoline, the page-table pool, then the tables themselves. */
static EFI_STATUS build_tables(struct loader *l)
{
	const char *what;
	EFI_STATUS s;
	int rc;

	s = alloc_pages(EfiLoaderData, pages_of(TERN_BOOT_STACK_SIZE),
	                &l->lay.stack_phys);
	if (!EFI_ERROR(s))
		s = alloc_pages(EfiLoaderCode, 1, &l->lay.tramp_phys);
	if (EFI_ERROR(s))
		return s;
	memcpy((void *)(UINTN)l->lay.tramp_phys, tern_handoff,
	       (size_t)(tern_handoff_end - tern_handoff));
	l->pool_pages = boot_tables_bound(&l->lay);
	s = alloc_pages(EfiLoaderData, l->pool_pages, &l->pool);
	if (EFI_ERROR(s))
		return s;
	l->pt = (struct pt_builder){pool_alloc, identity, l, 0};
	rc = pt_init(&l->pt);
	if (!rc)
		rc = boot_tables_build(&l->pt, &l->lay, &what);
	else
		what = "PML4";
	if (rc)
		return loader_fail(EFI_LOAD_ERROR, "page tables: %s: error %d",
		                   what, rc);
	return EFI_SUCCESS;
}

/* Addresses only with debugptrs: the kernel's kaslr: line is the one
 * documented place for them. */
static void print_summary(const struct loader *l)
{
	con_printf("tern loader: kernel %s size %#llx, %u symbols, %zu map "
	           "entries, direct map %llu MiB, fb %ux%u, %llu table pages, "
	           "KASLR %s, cmdline \"%s\"\n",
	           l->cfg.kernel, (unsigned long long)l->k.span, l->nsym,
	           l->ndesc, (unsigned long long)(l->lay.dmap_size >> 20),
	           l->fb.width, l->fb.height, (unsigned long long)l->pool_used,
	           l->kaslr ? "on" : "off (nokaslr)", l->cfg.cmdline);
	if (l->debugptrs)
		con_printf("tern loader: kernel phys %#llx virt %#llx entry "
		           "%#llx\n",
		           (unsigned long long)l->lay.kernel_phys,
		           (unsigned long long)l->lay.kernel_virt,
		           (unsigned long long)(l->k.entry +
		                                l->lay.kernel_virt -
		                                l->k.link_base));
}

/* One page at or below TERN_AP_TRAMPOLINE_MAX for the kernel's AP
 * start-up code (UEFI 2.10, 7.2 AllocatePages, AllocateMaxAddress: the
 * highest address the range may reach). None free only costs the other
 * CPUs: the kernel runs on one and says so. */
static void alloc_ap_trampoline(struct loader *l)
{
	EFI_PHYSICAL_ADDRESS a = TERN_AP_TRAMPOLINE_MAX + TERN_PAGE_SIZE - 1;
	EFI_STATUS s =
	    efi_bs->AllocatePages(AllocateMaxAddress, EfiLoaderData, 1, &a);

	if (EFI_ERROR(s)) {
		con_printf("tern loader: no page below 640 KiB for the AP "
		           "trampoline (%s): one CPU only\n",
		           efi_strerror(s));
		return;
	}
	l->ap_tramp = a;
}

/* After ExitBootServices: the typed map with the loader's overlays. */
static void build_memmap(struct loader *l)
{
	struct tern_bootinfo *bi = l->bi;
	uint8_t *base = (uint8_t *)bi;
	struct efi_map m = {base + bi->efi_map_offset, bi->efi_map_size,
	                    bi->efi_desc_size};
	struct tern_mem_range ov[NOVERLAYS] = {
	    {l->lay.kernel_phys, l->k.span, TERN_MEM_KERNEL, 0},
	    {l->pool, l->pool_used * TERN_PAGE_SIZE, TERN_MEM_KERNEL, 0},
	    {l->lay.stack_phys, TERN_BOOT_STACK_SIZE, TERN_MEM_KERNEL, 0},
	};
	size_t nov = 3;
	long n;

	if (l->fb.size)
		ov[nov++] = (struct tern_mem_range){
		    align_down(l->fb.phys, TERN_PAGE_SIZE),
		    align_up(l->fb.phys + l->fb.size, TERN_PAGE_SIZE) -
		        align_down(l->fb.phys, TERN_PAGE_SIZE),
		    TERN_MEM_FRAMEBUFFER, 0};
	if (l->initrd_size)
		ov[nov++] = (struct tern_mem_range){
		    l->initrd_phys, pages_of(l->initrd_size) * TERN_PAGE_SIZE,
		    TERN_MEM_INITRD, 0};
	if (l->ap_tramp)
		ov[nov++] = (struct tern_mem_range){l->ap_tramp, TERN_PAGE_SIZE,
		                                    TERN_MEM_KERNEL, 0};
	n = memmap_build(&m, ov, nov,
	                 (struct tern_mem_range *)(base + bi->memmap_offset),
	                 bi->memmap_count, l->scratch, l->scratch_cap);
	bi->memmap_count = n < 0 ? 0 : (uint32_t)n;
}

/* The header fields that describe placement. */
static void fill_header(struct loader *l)
{
	struct tern_bootinfo *bi = l->bi;

	bi->flags = l->flags;
	bi->kernel_phys_base = l->lay.kernel_phys;
	bi->kernel_virt_base = l->lay.kernel_virt;
	bi->kernel_link_base = l->k.link_base;
	bi->kernel_size = l->k.span;
	bi->direct_map_offset = l->lay.dmap_base;
	bi->direct_map_size = l->lay.dmap_size;
	bi->stack_top = boot_stack_top(&l->lay);
	bi->stack_size = TERN_BOOT_STACK_SIZE;
	bi->pml4_phys = l->pt.pml4;
	bi->fb = l->fb;
	if (l->fb.size)
		bi->fb.virt = boot_fb_virt(&l->lay);
	bi->tsc_loader_entry = l->tsc_entry;
	bi->page_alloc_base = l->palloc_base;
	bi->page_alloc_size = TERN_PALLOC_REGION_SIZE;
	bi->stack_region_base = l->lay.stack_base;
	bi->stack_region_size = TERN_STACK_REGION_SIZE;
	bi->initrd_phys = l->initrd_size ? l->initrd_phys : 0;
	bi->initrd_size = l->initrd_size;
	bi->ap_trampoline_phys = l->ap_tramp;
	memcpy(bi->place, l->place, sizeof(bi->place));
	memcpy(bi->seed, l->kseed, sizeof(bi->seed));
	bi->seed_sources = l->seed_sources;
	memset(l->kseed, 0, sizeof(l->kseed));
	kaslr_rng_wipe(&l->rng);
}

/* Point of no return: NXE and WP on, interrupts off, into the trampoline. */
static __attribute__((noreturn)) void handoff(struct loader *l)
{
	handoff_fn jump = (handoff_fn)(UINTN)l->lay.tramp_phys;

	cpu_wrmsr(MSR_EFER, cpu_rdmsr(MSR_EFER) | EFER_NXE);
	__asm__ volatile("cli");
	cpu_write_cr0(cpu_read_cr0() | CR0_WP);
	l->bi->tsc_handoff = cpu_rdtsc();
	jump(l->pt.pml4, boot_stack_top(&l->lay),
	     l->lay.dmap_base + (uint64_t)(UINTN)l->bi,
	     l->k.entry + (l->lay.kernel_virt - l->k.link_base),
	     l->lay.dmap_base);
	__builtin_unreachable();
}

/* Everything up to ExitBootServices; on failure, nothing stays allocated. */
static EFI_STATUS prepare(struct loader *l)
{
	UINTN map_cap, desc_size;
	EFI_STATUS s;

	s = load_config(l);
	if (EFI_ERROR(s))
		return s;
	seed_and_options(l);
	s = load_kernel(l);
	if (EFI_ERROR(s))
		return s;
	load_initrd(l);
	alloc_ap_trampoline(l);
	efi_gop_choose(l->cfg.res_w, l->cfg.res_h);
	efi_get_framebuffer(&l->fb);
	l->lay.fb_phys = l->fb.phys;
	l->lay.fb_size = l->fb.size;
	s = survey_memory(l, &map_cap, &desc_size);
	if (!EFI_ERROR(s))
		s = place_regions(l);
	if (!EFI_ERROR(s))
		s = build_tables(l);
	if (!EFI_ERROR(s))
		s = alloc_bootinfo(l, map_cap, desc_size);
	if (EFI_ERROR(s))
		return s;
	fill_bootinfo_areas(l);
	efi_get_tables(l->bi);
	return EFI_SUCCESS;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	struct loader *l = &the_loader;
	EFI_STATUS s;

	l->tsc_entry = cpu_rdtsc();
	l->image = image;
	efi_st = st;
	efi_bs = st->BootServices;
	con_printf("tern loader " TERN_VERSION "\n");
	s = prepare(l);
	if (EFI_ERROR(s)) {
		release(l);
		return s;
	}
	print_summary(l);
	s = efi_exit_boot(image, l->bi);
	if (EFI_ERROR(s)) {
		s = loader_fail(s, "ExitBootServices: %s", efi_strerror(s));
		release(l);
		return s;
	}
	build_memmap(l);
	fill_header(l);
	handoff(l);
}
