/* SPDX-License-Identifier: MIT */
/* memmap_build: a sweep over the sorted range endpoints; each elementary
 * interval between two endpoints takes the highest-priority type among the
 * ranges covering it (see memmap.h). */
#include "memmap.h"
#include <libk/sort.h>
#include <libk/string.h>

#define MAX_END (~0ull - EFI_PAGE + 1)

size_t efimap_count(const struct efi_map *m)
{
	if (m->desc_size < EFI_DESC_MIN_SIZE)
		return 0;
	return m->size / m->desc_size;
}

struct efi_desc efimap_get(const struct efi_map *m, size_t i)
{
	const uint8_t *p = (const uint8_t *)m->buf + i * m->desc_size;
	struct efi_desc d;

	LIBK_FN(memcpy)(&d.type, p, 4);
	LIBK_FN(memcpy)(&d.phys, p + 8, 8);
	LIBK_FN(memcpy)(&d.pages, p + 24, 8);
	d.phys &= ~(EFI_PAGE - 1);
	if (d.phys > MAX_END)
		d.phys = MAX_END;
	if (d.pages > (MAX_END - d.phys) / EFI_PAGE)
		d.pages = (MAX_END - d.phys) / EFI_PAGE;
	return d;
}

enum tern_mem_type efimap_type(uint32_t efi_type)
{
	switch (efi_type) {
	case EFI_CONVENTIONAL:
	case EFI_BS_CODE:
	case EFI_BS_DATA:
		return TERN_MEM_USABLE;
	case EFI_LOADER_CODE:
	case EFI_LOADER_DATA:
		return TERN_MEM_LOADER_RECLAIMABLE;
	case EFI_ACPI_RECLAIM:
		return TERN_MEM_ACPI_RECLAIMABLE;
	case EFI_ACPI_NVS:
		return TERN_MEM_ACPI_NVS;
	case EFI_MMIO:
	case EFI_MMIO_PORT:
		return TERN_MEM_MMIO;
	case EFI_UNUSABLE:
		return TERN_MEM_BAD;
	default:
		return TERN_MEM_RESERVED;
	}
}

static bool ram_like(uint32_t efi_type)
{
	return (efi_type >= EFI_LOADER_CODE && efi_type <= EFI_CONVENTIONAL) ||
	       efi_type == EFI_ACPI_RECLAIM || efi_type == EFI_ACPI_NVS;
}

uint64_t efimap_ram_end(const struct efi_map *m)
{
	uint64_t end = 0;
	size_t i, n = efimap_count(m);

	for (i = 0; i < n; i++) {
		struct efi_desc d = efimap_get(m, i);

		if (ram_like(d.type) && d.pages &&
		    d.phys + d.pages * EFI_PAGE > end)
			end = d.phys + d.pages * EFI_PAGE;
	}
	return end;
}

/* Higher wins; indexed by enum tern_mem_type. */
static const uint8_t priority[TERN_MEM_TYPE_COUNT] = {
    [TERN_MEM_USABLE] = 1,
    [TERN_MEM_LOADER_RECLAIMABLE] = 2,
    [TERN_MEM_ACPI_RECLAIMABLE] = 3,
    [TERN_MEM_ACPI_NVS] = 4,
    [TERN_MEM_MMIO] = 5,
    [TERN_MEM_RESERVED] = 6,
    [TERN_MEM_BAD] = 7,
    [TERN_MEM_FRAMEBUFFER] = 8,
    [TERN_MEM_INITRD] = 9,
    [TERN_MEM_KERNEL] = 10,
};

/* The input ranges: EFI descriptors first, then overlays. */
struct sweep {
	const struct efi_map *m;
	const struct tern_mem_range *ov;
	size_t ndesc, nov;
};

/* Range i of the sweep as [*base, *end) and its type (0 if empty). */
static uint32_t sweep_range(const struct sweep *s, size_t i, uint64_t *base,
                            uint64_t *end)
{
	uint32_t type;

	if (i < s->ndesc) {
		struct efi_desc d = efimap_get(s->m, i);

		*base = d.phys;
		*end = d.phys + d.pages * EFI_PAGE;
		type = efimap_type(d.type);
	} else {
		const struct tern_mem_range *r = &s->ov[i - s->ndesc];

		*base = r->base < MAX_END ? r->base : MAX_END;
		*end =
		    r->length > MAX_END - *base ? MAX_END : *base + r->length;
		type =
		    r->type < TERN_MEM_TYPE_COUNT ? r->type : TERN_MEM_RESERVED;
	}
	return *base < *end ? type : 0;
}

/* The winning type over [p, q), which no endpoint splits; 0 for a gap. */
static uint32_t type_over(const struct sweep *s, uint64_t p, uint64_t q)
{
	uint32_t best = 0, t;
	uint64_t b, e;
	size_t i;

	for (i = 0; i < s->ndesc + s->nov; i++) {
		t = sweep_range(s, i, &b, &e);
		if (t && b <= p && e >= q && priority[t] > priority[best])
			best = t;
	}
	return best;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* Sorted, distinct endpoints of every non-empty range into pts. */
static size_t endpoints(const struct sweep *s, uint64_t *pts)
{
	size_t i, n = 0, u = 0;
	uint64_t b, e;

	for (i = 0; i < s->ndesc + s->nov; i++) {
		if (!sweep_range(s, i, &b, &e))
			continue;
		pts[n++] = b;
		pts[n++] = e;
	}
	ksort(pts, n, sizeof(*pts), cmp_u64);
	for (i = 0; i < n; i++)
		if (u == 0 || pts[u - 1] != pts[i])
			pts[u++] = pts[i];
	return u;
}

/* Page-align USABLE entries inward, dropping empty ones. */
static size_t align_usable(struct tern_mem_range *out, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		struct tern_mem_range r = out[i];

		if (r.type == TERN_MEM_USABLE) {
			uint64_t b = (r.base + EFI_PAGE - 1) & ~(EFI_PAGE - 1);
			uint64_t e = (r.base + r.length) & ~(EFI_PAGE - 1);

			if (b >= e)
				continue;
			r.base = b;
			r.length = e - b;
		}
		out[k++] = r;
	}
	return k;
}

long memmap_build(const struct efi_map *m, const struct tern_mem_range *ov,
                  size_t nov, struct tern_mem_range *out, size_t cap,
                  uint64_t *scratch, size_t scratch_cap)
{
	struct sweep s = {m, ov, efimap_count(m), nov};
	size_t i, npts, n = 0;
	uint32_t t;

	if (cap < memmap_capacity(s.ndesc, nov) ||
	    scratch_cap < memmap_capacity(s.ndesc, nov))
		return -1;
	npts = endpoints(&s, scratch);
	for (i = 0; i + 1 < npts; i++) {
		t = type_over(&s, scratch[i], scratch[i + 1]);
		if (!t)
			continue;
		if (n && out[n - 1].type == t &&
		    out[n - 1].base + out[n - 1].length == scratch[i]) {
			out[n - 1].length += scratch[i + 1] - scratch[i];
			continue;
		}
		out[n++] = (struct tern_mem_range){
		    scratch[i], scratch[i + 1] - scratch[i], t, 0};
	}
	return (long)align_usable(out, n);
}
