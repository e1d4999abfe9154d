/* SPDX-License-Identifier: MIT */
/* ACPI parsers: good tables, then every kind of malformed one, then
 * random bytes (ASan/UBSan catch any read outside the buffers). */
#include <stdlib.h>
#include "acpi/acpi_tables.h"
#include "test.h"

static void put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, 2);
}
static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}
static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

/* Write a header of len bytes with signature sig and fix the checksum. */
static void seal(uint8_t *t, const char *sig, uint32_t len)
{
	memcpy(t, sig, 4);
	put32(t + 4, len);
	t[8] = 1;
	t[9] = 0;
	t[9] = (uint8_t)-acpi_sum(t, len);
}

/* A heap copy of exactly n bytes, so ASan sees any overrun. */
static uint8_t *exact(const void *src, size_t n)
{
	uint8_t *p = malloc(n ? n : 1);
	memcpy(p, src, n);
	return p;
}

static void test_rsdp(void)
{
	uint8_t r[36] = "RSD PTR ";
	struct acpi_rsdp_info info;

	memcpy(r + 9, "BOCHS ", 6);
	r[15] = 0;
	put32(r + 16, 0x7fe14000);
	r[8] = (uint8_t)-acpi_sum(r, 20);
	CHECK_EQ(acpi_parse_rsdp(r, 20, &info), ACPI_OK);
	CHECK_EQ(info.rsdt, 0x7fe14000);
	CHECK_EQ(info.xsdt, 0);
	CHECK_STREQ(info.oem, "BOCHS ");
	CHECK_EQ(acpi_parse_rsdp(r, 19, &info), ACPI_ESHORT);
	r[16] ^= 1;
	CHECK_EQ(acpi_parse_rsdp(r, 20, &info), ACPI_ECHECKSUM);
	r[16] ^= 1;
	r[0] = 'X';
	CHECK_EQ(acpi_parse_rsdp(r, 20, &info), ACPI_ESIG);
	r[0] = 'R';

	/* version 2 */
	r[15] = 2;
	r[8] = 0;
	put32(r + 20, 36);
	put64(r + 24, 0x7fe15000);
	r[32] = 0;
	r[8] = (uint8_t)-acpi_sum(r, 20);
	r[32] = (uint8_t)-acpi_sum(r, 36);
	CHECK_EQ(acpi_parse_rsdp(r, 36, &info), ACPI_OK);
	CHECK_EQ(info.revision, 2);
	CHECK_EQ(info.xsdt, 0x7fe15000);
	CHECK_EQ(acpi_parse_rsdp(r, 30, &info), ACPI_ESHORT);
	put32(r + 20, 40); /* Length past the buffer */
	CHECK_EQ(acpi_parse_rsdp(r, 36, &info), ACPI_ELENGTH);
	put32(r + 20, 8); /* Length too small */
	CHECK_EQ(acpi_parse_rsdp(r, 36, &info), ACPI_ELENGTH);
	put32(r + 20, 36);
	r[33] = 1; /* extended checksum broken, v1 part intact */
	CHECK_EQ(acpi_parse_rsdp(r, 36, &info), ACPI_ECHECKSUM);
}

static void test_sdt_and_root(void)
{
	uint8_t t[36 + 3 * 8] = {0};
	uint64_t e[4];

	put64(t + 36, 0x1000);
	put64(t + 44, 0x2000);
	put64(t + 52, 0x123456789ull);
	seal(t, "XSDT", sizeof(t));
	uint32_t n = 0;
	CHECK_EQ(acpi_check_sdt(t, sizeof(t), "XSDT", &n), ACPI_OK);
	CHECK_EQ(n, sizeof(t));
	CHECK_EQ(acpi_check_sdt(t, sizeof(t), NULL, NULL), ACPI_OK);
	CHECK_EQ(acpi_check_sdt(t, sizeof(t), "RSDT", &n), ACPI_ESIG);
	CHECK_EQ(acpi_check_sdt(t, 35, "XSDT", &n), ACPI_ESHORT);
	CHECK_EQ(acpi_check_sdt(t, sizeof(t) - 1, "XSDT", &n), ACPI_ELENGTH);
	CHECK_EQ(acpi_root_entries(t, n, 8, NULL, 0), 3);
	CHECK_EQ(acpi_root_entries(t, n, 8, e, 4), 3);
	CHECK_EQ(e[2], 0x123456789ull);
	CHECK_EQ(acpi_root_entries(t, n, 8, e, 2), 2);
	CHECK_EQ(acpi_root_entries(t, n, 4, NULL, 0), 6);
	CHECK_EQ(acpi_root_entries(t, n, 4, e, 4), 4);
	CHECK_EQ(e[0], 0x1000);
	CHECK_EQ(acpi_root_entries(t, n, 3, e, 4), 0);
	CHECK_EQ(acpi_root_entries(t, 20, 8, e, 4), 0);
	t[40] ^= 0x80;
	CHECK_EQ(acpi_check_sdt(t, sizeof(t), "XSDT", &n), ACPI_ECHECKSUM);
	put32(t + 4, 20);
	CHECK_EQ(acpi_check_sdt(t, sizeof(t), "XSDT", &n), ACPI_ELENGTH);
}

/* A QEMU-like MADT plus the entry kinds QEMU does not emit. */
static size_t build_madt(uint8_t *t)
{
	size_t o = 44;
	uint8_t lapic0[] = {0, 8, 0, 0, 1, 0, 0, 0};
	uint8_t lapic1[] = {0, 8, 1, 1, 0, 0, 0, 0}; /* disabled */
	uint8_t ioapic[] = {1, 12, 0, 0, 0, 0, 0xc0, 0xfe, 0, 0, 0, 0};
	uint8_t iso0[] = {2, 10, 0, 0, 2, 0, 0, 0, 0, 0};
	uint8_t iso9[] = {2, 10, 0, 9, 9, 0, 0, 0, 0x0d, 0};
	uint8_t nmi[] = {4, 6, 0xff, 5, 0, 1};
	uint8_t addr[] = {5, 12, 0, 0, 0, 0, 0xe0, 0xfe, 0, 0, 0, 0};
	uint8_t x2[] = {9, 16, 0, 0, 0x34, 0x12, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0};
	uint8_t unknown[] = {0x7f, 4, 0, 0};
	uint8_t shortio[] = {1, 6, 0, 0, 0, 0};
	const struct {
		const uint8_t *p;
		size_t n;
	} es[] = {{lapic0, 8},  {lapic1, 8}, {ioapic, 12}, {iso0, 10},
	          {iso9, 10},   {nmi, 6},    {addr, 12},   {x2, 16},
	          {unknown, 4}, {shortio, 6}};

	memset(t, 0, 44);
	put32(t + 36, 0xfee00000);
	put32(t + 40, 1);
	for (size_t i = 0; i < sizeof(es) / sizeof(es[0]); i++) {
		memcpy(t + o, es[i].p, es[i].n);
		o += es[i].n;
	}
	seal(t, "APIC", (uint32_t)o);
	return o;
}

static void test_madt(void)
{
	uint8_t t[256];
	size_t n = build_madt(t);
	struct madt_info *m = calloc(1, sizeof(*m));
	uint8_t *cut;

	CHECK_EQ(acpi_check_sdt(t, n, "APIC", NULL), ACPI_OK);
	CHECK_EQ(acpi_parse_madt(t, n, m), ACPI_OK);
	CHECK_EQ(m->flags, 1);
	CHECK_EQ(m->ncpus, 3);
	CHECK(m->cpu[0].enabled && !m->cpu[1].enabled);
	CHECK_EQ(m->cpu[2].apic_id, 0x1234);
	CHECK_EQ(m->cpu[2].uid, 7);
	CHECK(m->cpu[2].x2apic);
	CHECK_EQ(m->nioapics, 1);
	CHECK_EQ(m->ioapic[0].address, 0xfec00000);
	CHECK_EQ(m->nisos, 2);
	CHECK_EQ(m->iso[0].source, 0);
	CHECK_EQ(m->iso[0].gsi, 2);
	CHECK_EQ(m->iso[1].flags & MADT_TRIGGER_MASK, MADT_TRIGGER_LEVEL);
	CHECK_EQ(m->iso[1].flags & MADT_POLARITY_MASK, MADT_POLARITY_HIGH);
	CHECK_EQ(m->nnmis, 1);
	CHECK_EQ(m->nmi[0].lint, 1);
	CHECK_EQ(m->nmi[0].uid, 0xffffffffu);
	CHECK_EQ(m->lapic_address, 0xfee00000);
	CHECK_EQ(m->skipped, 2); /* the unknown type, the short IOAPIC */

	/* Every truncation: never a read past the buffer, clear errors. */
	for (size_t len = 0; len < n; len++) {
		cut = exact(t, len);
		int rc = acpi_parse_madt(cut, len, m);
		CHECK(len < 44 ? rc == ACPI_ESHORT
		               : rc == ACPI_OK || rc == ACPI_ETRUNCATED);
		free(cut);
	}
	/* An entry claiming length 0 (would loop forever) or past the end. */
	t[44 + 1] = 0;
	CHECK_EQ(acpi_parse_madt(t, n, m), ACPI_ETRUNCATED);
	t[44 + 1] = 200;
	CHECK_EQ(acpi_parse_madt(t, n, m), ACPI_ETRUNCATED);
	CHECK_EQ(m->ncpus, 0);
	free(m);
}

static void test_mcfg_hpet(void)
{
	uint8_t t[44 + 32] = {0}, h[56] = {0};
	struct mcfg_info mc;
	struct hpet_info hi;

	put64(t + 44, 0xb0000000);
	t[44 + 10] = 0;
	t[44 + 11] = 255;
	put64(t + 60, 0xc0000000); /* end < start: ignored */
	t[60 + 10] = 9;
	t[60 + 11] = 3;
	seal(t, "MCFG", sizeof(t));
	CHECK_EQ(acpi_parse_mcfg(t, sizeof(t), &mc), ACPI_OK);
	CHECK_EQ(mc.count, 1);
	CHECK_EQ(mc.e[0].base, 0xb0000000);
	CHECK_EQ(mc.e[0].bus_end, 255);
	CHECK_EQ(acpi_parse_mcfg(t, sizeof(t) - 3, &mc), ACPI_ETRUNCATED);
	CHECK_EQ(acpi_parse_mcfg(t, 40, &mc), ACPI_ESHORT);
	CHECK_EQ(acpi_parse_mcfg(t, 44, &mc), ACPI_ENOTFOUND);

	put32(h + 36, 0x8086a201);
	h[40] = ACPI_SPACE_MEMORY;
	h[41] = 64;
	put64(h + 44, 0xfed00000);
	put16(h + 53, 0x80);
	seal(h, "HPET", sizeof(h));
	CHECK_EQ(acpi_parse_hpet(h, sizeof(h), &hi), ACPI_OK);
	CHECK_EQ(hi.base.address, 0xfed00000);
	CHECK_EQ(hi.min_tick, 0x80);
	CHECK_EQ(acpi_parse_hpet(h, 55, &hi), ACPI_ESHORT);
	h[40] = ACPI_SPACE_IO;
	CHECK_EQ(acpi_parse_hpet(h, sizeof(h), &hi), ACPI_ENOTFOUND);
}

static void test_fadt(void)
{
	uint8_t f[244] = {0};
	struct fadt_info fi;

	put32(f + 40, 0x7fe10000);
	put32(f + 64, 0x604);
	put32(f + 48, 0xb2);
	f[52] = 0xf1;
	f[89] = 2;
	put32(f + 112, FADT_F_RESET_REG_SUP);
	f[116] = ACPI_SPACE_IO;
	f[117] = 8;
	put64(f + 120, 0xcf9);
	f[128] = 6;
	seal(f, "FACP", 116); /* ACPI 1.0 length: no reset register */
	CHECK_EQ(acpi_parse_fadt(f, 116, &fi), ACPI_OK);
	CHECK_EQ(fi.dsdt, 0x7fe10000);
	CHECK_EQ(fi.pm1a_cnt.space, ACPI_SPACE_IO);
	CHECK_EQ(fi.pm1a_cnt.address, 0x604);
	CHECK_EQ(fi.pm1b_cnt.address, 0);
	CHECK(!fi.reset_valid);
	CHECK_EQ(fi.pm_tmr.address, 0); /* PM_TMR_LEN 0: no PM timer */
	CHECK_EQ(acpi_parse_fadt(f, 115, &fi), ACPI_ESHORT);
	put32(f + 76, 0x608);
	CHECK_EQ(acpi_parse_fadt(f, 116, &fi), ACPI_OK);
	CHECK_EQ(fi.pm_tmr.address, 0); /* a block without PM_TMR_LEN */
	f[91] = 4;
	CHECK_EQ(acpi_parse_fadt(f, 116, &fi), ACPI_OK);
	CHECK_EQ(fi.pm_tmr.space, ACPI_SPACE_IO);
	CHECK_EQ(fi.pm_tmr.address, 0x608);
	CHECK_EQ(fi.pm_tmr.bit_width, 32);
	CHECK(!fi.pm_tmr_32bit);

	put64(f + 140, 0x17fe10000ull); /* X_DSDT wins */
	f[172] = ACPI_SPACE_IO;
	f[173] = 16;
	put64(f + 176, 0x1004); /* X_PM1a_CNT_BLK wins */
	CHECK_EQ(acpi_parse_fadt(f, sizeof(f), &fi), ACPI_OK);
	CHECK(fi.reset_valid);
	CHECK_EQ(fi.reset_reg.address, 0xcf9);
	CHECK_EQ(fi.reset_value, 6);
	CHECK_EQ(fi.dsdt, 0x17fe10000ull);
	CHECK_EQ(fi.pm1a_cnt.address, 0x1004);
	CHECK_EQ(fi.smi_cmd, 0xb2);
	CHECK_EQ(fi.acpi_enable, 0xf1);
	CHECK_EQ(fi.pm_tmr.address, 0x608); /* no X_PM_TMR_BLK: legacy */
	f[208] = ACPI_SPACE_IO;
	f[209] = 32;
	put64(f + 212, 0xb008); /* X_PM_TMR_BLK wins */
	put32(f + 112, FADT_F_RESET_REG_SUP | FADT_F_TMR_VAL_EXT);
	CHECK_EQ(acpi_parse_fadt(f, sizeof(f), &fi), ACPI_OK);
	CHECK_EQ(fi.pm_tmr.address, 0xb008);
	CHECK(fi.pm_tmr_32bit);
	CHECK_EQ(acpi_parse_fadt(f, 219, &fi), ACPI_OK); /* X_ cut short */
	CHECK_EQ(fi.pm_tmr.address, 0x608);
	put32(f + 112, 0); /* register present but not supported */
	CHECK_EQ(acpi_parse_fadt(f, sizeof(f), &fi), ACPI_OK);
	CHECK(!fi.reset_valid);
}

static void test_s5(void)
{
	/* QEMU style: Name(_S5, Package(4){Zero, Zero, Zero, Zero}) inside
	 * other AML, preceded by a reference to _S5_ that is not a name. */
	const uint8_t qemu[] = {0x10, 0x20, '_',  'S',  '5',  '_',  0x70,
	                        0x08, '_',  'S',  '5',  '_',  0x12, 0x06,
	                        0x04, 0x00, 0x00, 0x00, 0x00, 0xa3};
	const uint8_t bytes[] = {0x08, 0x5c, '_',  'S',  '5',  '_',
	                         0x12, 0x0a, 0x04, 0x0a, 0x05, 0x0b,
	                         0x07, 0x00, 0x00, 0x00, 0x00};
	const uint8_t bad[] = {0x08, '_',  'S',  '5', '_',
	                       0x12, 0x03, 0x01, 0x0d};
	struct acpi_s5 s;

	CHECK_EQ(acpi_find_s5(qemu, sizeof(qemu), &s), ACPI_OK);
	CHECK_EQ(s.slp_typa, 0);
	CHECK_EQ(s.slp_typb, 0);
	CHECK_EQ(acpi_find_s5(bytes, sizeof(bytes), &s), ACPI_OK);
	CHECK_EQ(s.slp_typa, 5);
	CHECK_EQ(s.slp_typb, 7);
	CHECK_EQ(acpi_find_s5(bad, sizeof(bad), &s), ACPI_EBADAML);
	CHECK_EQ(acpi_find_s5(qemu, 7, &s), ACPI_ENOTFOUND);
	for (size_t len = 0; len < sizeof(bytes); len++) {
		uint8_t *cut = exact(bytes, len);
		int rc = acpi_find_s5(cut, len, &s);
		CHECK_EQ(rc == ACPI_OK, len >= 14); /* b ends at byte 13 */
		free(cut);
	}
}

/* Random bytes through every parser: only the sanitizers judge. */
static void fuzz(void)
{
	struct madt_info *m = malloc(sizeof(*m));
	uint8_t buf[300];

	for (int round = 0; round < 20000; round++) {
		size_t n = test_rand_below(sizeof(buf));
		struct acpi_rsdp_info r;
		struct mcfg_info mc;
		struct hpet_info h;
		struct fadt_info f;
		struct acpi_s5 s;
		uint8_t *p;

		for (size_t i = 0; i < n; i++)
			buf[i] = (uint8_t)test_rand();
		if (n >= 6 && (round & 1)) { /* reach the package decoder */
			buf[0] = 0x08;
			memcpy(buf + 1, "_S5_", 4);
			buf[5] = 0x12;
		}
		p = exact(buf, n);
		acpi_parse_rsdp(p, n, &r);
		acpi_check_sdt(p, n, NULL, NULL);
		acpi_parse_madt(p, n, m);
		acpi_parse_mcfg(p, n, &mc);
		acpi_parse_hpet(p, n, &h);
		acpi_parse_fadt(p, n, &f);
		acpi_find_s5(p, n, &s);
		free(p);
	}
	free(m);
	CHECK(true);
}

int main(void)
{
	test_rng_seed();
	test_rsdp();
	test_sdt_and_root();
	test_madt();
	test_mcfg_hpet();
	test_fadt();
	test_s5();
	fuzz();
	CHECK_STREQ(acpi_strerror(ACPI_ECHECKSUM), "bad checksum");
	return test_finish();
}
