/* SPDX-License-Identifier: MIT */
/* PCI logic: BAR decoding, capability walks (incl. loops and bad
 * pointers), class names, ID matching. */
#include "pci/pci_logic.h"
#include "test.h"

static uint8_t cfg[256];

static uint32_t rd(void *ctx, uint16_t off)
{
	uint32_t v;

	(void)ctx;
	CHECK(off % 4 == 0 && off < 256);
	memcpy(&v, cfg + (off & 0xfc), 4);
	return v;
}

static void test_bars(void)
{
	struct pci_bar b;

	/* 32-bit non-prefetchable 16 KiB at 0xfebd0000 */
	CHECK_EQ(pci_bar_decode(0xfebd0000, 0, 0xffffc000, 0, &b), 1);
	CHECK_EQ(b.kind, PCI_BAR_MEM32);
	CHECK_EQ(b.base, 0xfebd0000);
	CHECK_EQ(b.size, 0x4000);
	CHECK(!b.prefetch);
	/* 64-bit prefetchable 16 KiB above 4 GiB */
	CHECK_EQ(pci_bar_decode(0x0000000c, 0x80, 0xffffc00c, 0xffffffff, &b),
	         2);
	CHECK_EQ(b.kind, PCI_BAR_MEM64);
	CHECK_EQ(b.base, 0x8000000000ull);
	CHECK_EQ(b.size, 0x4000);
	CHECK(b.prefetch);
	/* 64-bit of 8 GiB: the size lives in the upper half */
	CHECK_EQ(pci_bar_decode(0x4, 0x2, 0x4, 0xfffffffe, &b), 2);
	CHECK_EQ(b.size, 0x200000000ull);
	/* I/O 32 ports at 0xc040; upper 16 bits read back as zero */
	CHECK_EQ(pci_bar_decode(0xc041, 0, 0x0000ffe1, 0, &b), 1);
	CHECK_EQ(b.kind, PCI_BAR_IO);
	CHECK_EQ(b.base, 0xc040);
	CHECK_EQ(b.size, 32);
	/* unimplemented */
	CHECK_EQ(pci_bar_decode(0, 0, 0, 0, &b), 1);
	CHECK_EQ(b.kind, PCI_BAR_NONE);
	CHECK_EQ(pci_bar_decode(0x4, 0, 0, 0, &b), 2);
	CHECK_EQ(b.kind, PCI_BAR_NONE);
	CHECK(pci_bar_is64(0xc));
	CHECK(!pci_bar_is64(0x5));
}

static void test_caps(void)
{
	struct pci_cap c[8];

	memset(cfg, 0, sizeof(cfg));
	cfg[0x06] = 0x10;     /* status: capability list */
	cfg[0x34] = 0x98 | 1; /* low bits must be ignored */
	cfg[0x98] = PCI_CAP_MSIX, cfg[0x99] = 0x84;
	cfg[0x84] = PCI_CAP_VNDR, cfg[0x85] = 0x70;
	cfg[0x70] = PCI_CAP_VNDR, cfg[0x71] = 0x40;
	cfg[0x40] = PCI_CAP_MSI, cfg[0x41] = 0x00;
	CHECK_EQ(pci_cap_list(rd, NULL, c, 8), 4);
	CHECK_EQ(c[0].id, PCI_CAP_MSIX);
	CHECK_EQ(c[0].offset, 0x98);
	CHECK_EQ(c[3].offset, 0x40);
	CHECK_EQ(pci_cap_find(rd, NULL, PCI_CAP_MSI), 0x40);
	CHECK_EQ(pci_cap_find(rd, NULL, PCI_CAP_PCIE), 0);
	CHECK_EQ(pci_cap_list(rd, NULL, c, 2), 2);
	/* a loop ends after PCI_CAP_MAX hops */
	cfg[0x41] = 0x98;
	CHECK_EQ(pci_cap_list(rd, NULL, c, 8), 8);
	CHECK_EQ(pci_cap_find(rd, NULL, PCI_CAP_PCIE), 0);
	/* a pointer into the header ends the walk */
	cfg[0x41] = 0x20;
	CHECK_EQ(pci_cap_list(rd, NULL, c, 8), 4);
	cfg[0x06] = 0; /* no list at all */
	CHECK_EQ(pci_cap_list(rd, NULL, c, 8), 0);
	CHECK_STREQ(pci_cap_name(PCI_CAP_MSIX), "MSI-X");
}

static void test_names_match(void)
{
	const struct pci_id ids[] = {
	    {0x1af4, 0x1005, 0, 0}, /* virtio-rng legacy */
	    {0x1af4, 0x1044, 0, 0}, /* virtio-rng modern */
	    {PCI_ANY_ID, PCI_ANY_ID, 0x020000, 0xffff00}, /* any ethernet */
	    {0, 0, 0, 0},
	};

	CHECK_STREQ(pci_class_name(6, 0), "host bridge");
	CHECK_STREQ(pci_class_name(6, 1), "ISA bridge");
	CHECK_STREQ(pci_class_name(6, 0x80), "bridge");
	CHECK_STREQ(pci_class_name(0x40, 0), "reserved");
	CHECK_STREQ(pci_class_name(0xff, 0), "unassigned");
	CHECK(pci_match_id(ids, 0x1af4, 0x1044, 0x00ff00) == &ids[1]);
	CHECK(pci_match_id(ids, 0x8086, 0x10d3, 0x020000) == &ids[2]);
	CHECK(pci_match_id(ids, 0x8086, 0x10d3, 0x020100) == NULL);
	CHECK(pci_match_id(ids, 0x8086, 0x29c0, 0x060000) == NULL);
	CHECK(pci_match_id(NULL, 1, 2, 3) == NULL);
}

int main(void)
{
	test_bars();
	test_caps();
	test_names_match();
	return test_finish();
}
