/* SPDX-License-Identifier: MIT */
#include <stdbool.h>
#include <stdint.h>
#include <libk/string.h>
#include "core/bootinfo_check.h"

#define PAGE 4096u

/* Fail with message m. */
#define BAD(m)                                                                 \
	do {                                                                   \
		*why = (m);                                                    \
		return -1;                                                     \
	} while (0)

/* True if [off, off + count * elem) lies inside [hdr, size) and off is a
 * multiple of align. Counts of zero are always fine. 64-bit arithmetic on
 * 32-bit inputs cannot overflow. */
static bool area_ok(const struct tern_bootinfo *bi, uint32_t off,
                    uint64_t count, uint64_t elem, uint64_t align)
{
	uint64_t len = count * elem;

	if (len == 0)
		return true;
	return off >= bi->header_size && off % align == 0 &&
	       (uint64_t)off + len <= bi->size;
}

static int check_header(const struct tern_bootinfo *bi, size_t avail,
                        const char **why)
{
	if (bi->version != TERN_BOOTINFO_VERSION)
		BAD("unsupported version");
	if (bi->header_size < sizeof(*bi) || bi->header_size % 8)
		BAD("bad header_size");
	if (bi->size < bi->header_size)
		BAD("size smaller than the header");
	if (bi->size > BOOTINFO_MAX_SIZE)
		BAD("size above the sanity cap");
	if (bi->size > avail)
		BAD("size larger than the available bytes");
	return 0;
}

static int check_areas(const struct tern_bootinfo *bi, const char **why)
{
	if (!bi->memmap_count)
		BAD("empty memory map");
	if (!area_ok(bi, bi->memmap_offset, bi->memmap_count,
	             sizeof(struct tern_mem_range), 8))
		BAD("memory map outside the blob");
	if (bi->efi_map_size &&
	    (bi->efi_desc_size < 40 || bi->efi_desc_size % 8 ||
	     bi->efi_map_size % bi->efi_desc_size))
		BAD("bad EFI descriptor size"); /* UEFI 2.10, 7.2: 40 bytes */
	if (!area_ok(bi, bi->efi_map_offset, bi->efi_map_size, 1, 8))
		BAD("EFI memory map outside the blob");
	if (!area_ok(bi, bi->cmdline_offset, (uint64_t)bi->cmdline_len + 1, 1,
	             1))
		BAD("command line outside the blob");
	if (!area_ok(bi, bi->symtab_offset, bi->symtab_count,
	             sizeof(struct tern_symbol), 8))
		BAD("symbol table outside the blob");
	if (!area_ok(bi, bi->strtab_offset, bi->strtab_size, 1, 1))
		BAD("string table outside the blob");
	if (bi->symtab_count && !bi->strtab_size)
		BAD("symbols without a string table");
	return 0;
}

static int check_cmdline(const struct tern_bootinfo *bi, const char **why)
{
	const char *s = (const char *)bi + bi->cmdline_offset;

	if (s[bi->cmdline_len] != 0)
		BAD("command line not NUL-terminated at cmdline_len");
	if (LIBK_FN(memchr)(s, 0, bi->cmdline_len))
		BAD("NUL inside the command line");
	return 0;
}

static int check_memmap(const struct tern_bootinfo *bi, const char **why)
{
	const struct tern_mem_range *r =
	    (const void *)((const char *)bi + bi->memmap_offset);
	uint64_t prev_end = 0;

	for (uint32_t i = 0; i < bi->memmap_count; i++) {
		uint64_t end;

		if (r[i].type == 0 || r[i].type >= TERN_MEM_TYPE_COUNT)
			BAD("memory range with an unknown type");
		if (r[i].length == 0 ||
		    __builtin_add_overflow(r[i].base, r[i].length, &end))
			BAD("memory range empty or wrapping");
		if (i && r[i].base < prev_end)
			BAD("memory map unsorted or overlapping");
		if (r[i].type == TERN_MEM_USABLE &&
		    ((r[i].base | r[i].length) & (PAGE - 1)))
			BAD("usable memory range not page-aligned");
		prev_end = end;
	}
	return 0;
}

static int check_symtab(const struct tern_bootinfo *bi, const char **why)
{
	const struct tern_symbol *s =
	    (const void *)((const char *)bi + bi->symtab_offset);
	const char *str = (const char *)bi + bi->strtab_offset;

	for (uint32_t i = 0; i < bi->symtab_count; i++) {
		if (s[i].name_off >= bi->strtab_size ||
		    !LIBK_FN(memchr)(str + s[i].name_off, 0,
		                     bi->strtab_size - s[i].name_off))
			BAD("symbol name outside the string table");
		if (i && s[i].addr < s[i - 1].addr)
			BAD("symbol table unsorted");
	}
	return 0;
}

static int check_fb(const struct tern_framebuffer *fb, const char **why)
{
	uint64_t need;

	if (fb->format == TERN_FB_NONE)
		return 0;
	if (fb->format > TERN_FB_BITMASK)
		BAD("unknown framebuffer format");
	if (!fb->width || !fb->height || fb->pitch / 4 < fb->width)
		BAD("framebuffer geometry inconsistent");
	need = (uint64_t)fb->pitch * fb->height;
	if (fb->size < need || !fb->virt)
		BAD("framebuffer smaller than pitch * height");
	return 0;
}

/* A non-empty, page-aligned, non-wrapping higher-half range. */
static bool region_ok(uint64_t base, uint64_t size)
{
	uint64_t last;

	return size && !((base | size) & (PAGE - 1)) &&
	       base >= 0xffff800000000000ull &&
	       !__builtin_add_overflow(base, size - 1, &last);
}

/* Version 2: the randomized regions and the placement report. */
static int check_regions(const struct tern_bootinfo *bi, const char **why)
{
	uint64_t span; /* the stack and its guard page below it */

	if (!region_ok(bi->page_alloc_base, bi->page_alloc_size))
		BAD("bad page-allocator region");
	if (!region_ok(bi->stack_region_base, bi->stack_region_size))
		BAD("bad kernel-stack region");
	if (__builtin_add_overflow(bi->stack_size, PAGE, &span) ||
	    bi->stack_top < span ||
	    bi->stack_top - span < bi->stack_region_base ||
	    bi->stack_top - bi->stack_region_base > bi->stack_region_size)
		BAD("boot stack outside the kernel-stack region");
	for (int i = 0; i < TERN_PLACE_COUNT; i++) {
		if (!bi->place[i].slots || bi->place[i].centibits > 6400 ||
		    bi->place[i].granule_shift > 40)
			BAD("bad placement report");
	}
	return 0;
}

/* Version 3: the initramfs, if any, starts on a page, lies inside one
 * INITRD range of the map and inside the direct map, clear of the kernel
 * image. */
static int check_initrd(const struct tern_bootinfo *bi, const char **why)
{
	const struct tern_mem_range *r =
	    (const void *)((const char *)bi + bi->memmap_offset);
	uint64_t phys = bi->initrd_phys, end, kend;
	bool covered = false;

	if (!bi->initrd_size) {
		if (phys)
			BAD("initrd address without a size");
		return 0;
	}
	if (phys & (PAGE - 1))
		BAD("initrd not page-aligned");
	if (__builtin_add_overflow(phys, bi->initrd_size, &end))
		BAD("initrd range wraps");
	for (uint32_t i = 0; i < bi->memmap_count; i++)
		if (r[i].type == TERN_MEM_INITRD && r[i].base <= phys &&
		    end - r[i].base <= r[i].length)
			covered = true;
	if (!covered)
		BAD("initrd outside the memory map's initrd ranges");
	if (end > bi->direct_map_size)
		BAD("initrd beyond the direct map");
	if (!__builtin_add_overflow(bi->kernel_phys_base, bi->kernel_size,
	                            &kend) &&
	    phys < kend && bi->kernel_phys_base < end)
		BAD("initrd overlaps the kernel image");
	return 0;
}

/* Version 4: the AP trampoline page, if any, is page-aligned, below
 * 640 KiB and typed KERNEL in the map. */
static int check_ap_trampoline(const struct tern_bootinfo *bi, const char **why)
{
	const struct tern_mem_range *r =
	    (const void *)((const char *)bi + bi->memmap_offset);
	uint64_t phys = bi->ap_trampoline_phys;

	if (!phys)
		return 0;
	if (phys & (PAGE - 1))
		BAD("AP trampoline not page-aligned");
	if (phys > TERN_AP_TRAMPOLINE_MAX)
		BAD("AP trampoline above 0x9f000");
	for (uint32_t i = 0; i < bi->memmap_count; i++)
		if (r[i].type == TERN_MEM_KERNEL && r[i].base <= phys &&
		    phys + PAGE - r[i].base <= r[i].length)
			return 0;
	BAD("AP trampoline outside the memory map's kernel ranges");
}

int bootinfo_validate(const void *blob, size_t avail, const char **why)
{
	const struct tern_bootinfo *bi = blob;
	const char *dummy;

	if (!why)
		why = &dummy;
	if (!blob || ((uintptr_t)blob & 7))
		BAD("boot-info pointer null or misaligned");
	if (avail < sizeof(bi->magic) || bi->magic != TERN_BOOTINFO_MAGIC)
		BAD("bad magic");
	if (avail < sizeof(*bi))
		BAD("blob shorter than the header");
	if (check_header(bi, avail, why) || check_areas(bi, why) ||
	    check_cmdline(bi, why) || check_memmap(bi, why) ||
	    check_symtab(bi, why) || check_fb(&bi->fb, why) ||
	    check_regions(bi, why) || check_initrd(bi, why) ||
	    check_ap_trampoline(bi, why))
		return -1;
	*why = "ok";
	return 0;
}
