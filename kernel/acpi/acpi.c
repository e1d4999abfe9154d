/* SPDX-License-Identifier: MIT */
/* ACPI discovery: RSDP -> XSDT/RSDT -> MADT, MCFG, HPET, FADT -> DSDT. The
 * tables live in ACPI reclaimable/NVS memory, which the loader's direct map
 * covers (it maps [0, end of the last RAM-like range)). */
#include "acpi/acpi.h"
#include "console/kprintf.h"

#define MAX_TABLES 64

struct acpi_info acpi;
static uint64_t dmap_off, dmap_size;

const void *acpi_phys(uint64_t pa, uint64_t len)
{
	if (!pa || pa >= dmap_size || len > dmap_size - pa)
		return NULL;
	return (const void *)(uintptr_t)(pa + dmap_off);
}

static void warn(const char *what, uint64_t pa, int err)
{
	kprintf(KC_YELLOW "acpi: %s at %#llx: %s" KC_RESET "\n", what,
	        (unsigned long long)pa, acpi_strerror(err));
}

/* Map and check the table at pa; NULL (logged) if it is unusable. */
static const void *table_at(uint64_t pa, const char *sig, uint32_t *len)
{
	const void *hdr = acpi_phys(pa, ACPI_HDR_LEN), *t;
	int err;

	if (!hdr) {
		warn(sig ? sig : "table", pa, ACPI_ELENGTH);
		return NULL;
	}
	t = acpi_phys(pa, acpi_hdr_length(hdr));
	err = t ? acpi_check_sdt(t, acpi_hdr_length(hdr), sig, len)
	        : ACPI_ELENGTH;
	if (err) {
		warn(sig ? sig : "table", pa, err);
		return NULL;
	}
	return t;
}

/* Parse one table by signature; a parser error is logged and clears
 * the have flag. */
#define PARSE(name, flag, fn, field)                                           \
	do {                                                                   \
		int _e = fn(t, len, &acpi.field);                              \
		acpi.flag = !_e;                                               \
		if (_e)                                                        \
			warn(name, pa, _e);                                    \
	} while (0)

static void parse_dsdt(void)
{
	uint32_t len;
	const uint8_t *t = table_at(acpi.fadt.dsdt, "DSDT", &len);
	int err;

	if (!t)
		return;
	err = acpi_find_s5(t + ACPI_HDR_LEN, len - ACPI_HDR_LEN, &acpi.s5);
	acpi.have_s5 = !err;
	if (err)
		warn("\\_S5 in the DSDT", acpi.fadt.dsdt, err);
	else
		kprintf("acpi: \\_S5: SLP_TYPa %u SLP_TYPb %u\n",
		        acpi.s5.slp_typa, acpi.s5.slp_typb);
}

static void parse_one(uint64_t pa)
{
	uint32_t len;
	const char *t = table_at(pa, NULL, &len);

	if (!t)
		return;
	acpi.ntables++;
	kprintf("acpi: %.4s at %#llx, %u bytes, rev %u\n", t,
	        (unsigned long long)pa, len, (unsigned)(uint8_t)t[8]);
	if (!__builtin_memcmp(t, "APIC", 4))
		PARSE("MADT", have_madt, acpi_parse_madt, madt);
	else if (!__builtin_memcmp(t, "MCFG", 4))
		PARSE("MCFG", have_mcfg, acpi_parse_mcfg, mcfg);
	else if (!__builtin_memcmp(t, "HPET", 4))
		PARSE("HPET", have_hpet, acpi_parse_hpet, hpet);
	else if (!__builtin_memcmp(t, "FACP", 4))
		PARSE("FADT", have_fadt, acpi_parse_fadt, fadt);
}

/* The XSDT if the RSDP has a good one, else the RSDT. */
static void walk_root(void)
{
	uint64_t e[MAX_TABLES];
	uint32_t len;
	const void *root = NULL;
	unsigned esize = 8;
	size_t n;

	if (acpi.rsdp.xsdt)
		root = table_at(acpi.rsdp.xsdt, "XSDT", &len);
	if (!root) {
		esize = 4;
		root = table_at(acpi.rsdp.rsdt, "RSDT", &len);
	}
	if (!root)
		return;
	n = acpi_root_entries(root, len, esize, e, MAX_TABLES);
	for (size_t i = 0; i < n; i++)
		parse_one(e[i]);
}

/* Without a MADT: the PC/AT defaults (one IOAPIC at 0xfec00000 from GSI 0,
 * the PIT on GSI 2, the LAPIC at 0xfee00000). */
static void default_madt(void)
{
	kprintf(KC_YELLOW "acpi: no usable MADT: default LAPIC, IOAPIC at "
	                  "0xfec00000" KC_RESET "\n");
	acpi.madt = (struct madt_info){
	    .lapic_address = 0xfee00000, .nioapics = 1, .nisos = 1};
	acpi.madt.ioapic[0] = (struct madt_ioapic){0, 0xfec00000, 0};
	acpi.madt.iso[0] = (struct madt_iso){0, 0, 2, 0};
}

void acpi_init(const struct tern_bootinfo *bi)
{
	const void *r;
	int err;

	dmap_off = bi->direct_map_offset;
	dmap_size = bi->direct_map_size;
	r = acpi_phys(bi->acpi_rsdp, 36);
	if (!r)
		r = acpi_phys(bi->acpi_rsdp, 20);
	if (!r) {
		kprintf(KC_YELLOW
		        "acpi: no RSDP (%#llx): legacy fallbacks" KC_RESET "\n",
		        (unsigned long long)bi->acpi_rsdp);
		default_madt();
		return;
	}
	err = acpi_parse_rsdp(r, acpi_phys(bi->acpi_rsdp, 36) ? 36 : 20,
	                      &acpi.rsdp);
	if (err) {
		warn("RSDP", bi->acpi_rsdp, err);
		default_madt();
		return;
	}
	acpi.have_rsdp = true;
	kprintf("acpi: RSDP rev %u, OEM %s\n", acpi.rsdp.revision,
	        acpi.rsdp.oem);
	walk_root();
	if (acpi.have_fadt)
		parse_dsdt();
	if (!acpi.have_madt)
		default_madt();
}
