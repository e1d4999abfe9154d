/* SPDX-License-Identifier: MIT */
/* The e1000e driver's pure logic (kernel/drivers/net/e1000e_logic.h):
 * MAC validity and decoding, the 0xBABA NVM checksum, the ITR interval,
 * the IVAR word, the RX write-back verdict, the PCH ID table and the
 * flash geometry. */
#include "drivers/net/e1000e_logic.h"
#include "test.h"

static void test_mac_valid(void)
{
	static const uint8_t qemu[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
	static const uint8_t zero[6],
	    ones[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	static const uint8_t group[6] = {0x01, 0x00, 0x5e, 0, 0, 1};
	static const uint8_t almost[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xfe};
	static const uint8_t local[6] = {0x02, 0, 0, 0, 0, 0};

	CHECK(e1000e_mac_valid(qemu));
	CHECK(e1000e_mac_valid(local));
	CHECK(!e1000e_mac_valid(zero));
	CHECK(!e1000e_mac_valid(ones));
	CHECK(!e1000e_mac_valid(group));
	CHECK(!e1000e_mac_valid(almost)); /* first octet odd: group */
}

static void test_mac_decode(void)
{
	static const uint16_t w[3] = {0x5452, 0x1200, 0x5634};
	uint8_t m[6];

	e1000e_mac_from_words(w, m);
	CHECK_EQ(m[0], 0x52);
	CHECK_EQ(m[1], 0x54);
	CHECK_EQ(m[2], 0x00);
	CHECK_EQ(m[3], 0x12);
	CHECK_EQ(m[4], 0x34);
	CHECK_EQ(m[5], 0x56);
	CHECK(e1000e_mac_from_ra(0x12005452u, 0x80005634u, m));
	CHECK_EQ(m[3], 0x12);
	CHECK_EQ(m[5], 0x56);
	CHECK(!e1000e_mac_from_ra(0x12005452u, 0x00005634u, m)); /* no AV */
}

/* An image whose word 0x3F makes the sum 0xBABA, and damaged copies. */
static void test_checksum(void)
{
	uint16_t w[0x40];
	uint16_t sum = 0;

	test_rng_seed();
	for (int i = 0; i < 0x3f; i++) {
		w[i] = (uint16_t)test_rand();
		sum = (uint16_t)(sum + w[i]);
	}
	w[0x3f] = (uint16_t)(0xBABA - sum);
	CHECK(e1000e_nvm_checksum_ok(w, 0x40));
	CHECK(e1000e_nvm_checksum_ok(w, 0x200)); /* longer NVM: same words */
	CHECK(!e1000e_nvm_checksum_ok(w, 0x3f)); /* too short to hold it */
	for (int i = 0; i < 0x40; i += 7) {
		w[i] ^= 0x0100;
		CHECK(!e1000e_nvm_checksum_ok(w, 0x40));
		w[i] ^= 0x0100;
	}
	memset(w, 0xff, sizeof(w)); /* erased flash: 0x40 * 0xffff */
	CHECK(!e1000e_nvm_checksum_ok(w, 0x40));
}

static void test_itr(void)
{
	CHECK_EQ(e1000e_itr_interval(0), 0);
	CHECK_EQ(e1000e_itr_interval(8000), 489); /* 125.184 us */
	CHECK_EQ(e1000e_itr_rate(489), 7988);
	CHECK_EQ(e1000e_itr_interval(7812), 501);
	CHECK_EQ(e1000e_itr_interval(7813), 500); /* QEMU's floor */
	CHECK_EQ(e1000e_itr_interval(20000), 196);
	CHECK_EQ(e1000e_itr_interval(1), 0xffff);      /* clamped */
	CHECK_EQ(e1000e_itr_interval(4000000), 1);     /* at least 1 */
	CHECK_EQ(e1000e_itr_interval(0xffffffffu), 1); /* no overflow */
	CHECK_EQ(e1000e_itr_rate(0), 0);
	/* never more than asked, and the next shorter gap would be */
	for (uint32_t r = 100; r < 1000000; r += 977) {
		uint32_t iv = e1000e_itr_interval(r);

		CHECK(iv >= 1 && iv <= 0xffff);
		CHECK(e1000e_itr_rate(iv) <= r);
		CHECK(iv == 1 || 1000000000ull / (256ull * (iv - 1)) >= r);
	}
}

static void test_ivar(void)
{
	CHECK_EQ(e1000e_ivar(0, 1, 2), 0x000a0908);
	CHECK_EQ(e1000e_ivar(4, 4, 4), 0x000c0c0c);
	CHECK_EQ(e1000e_ivar(9, 0, 0),
	         0x00080809); /* vector masked to 3 bits */
}

static void test_rx_verdict(void)
{
	const uint32_t dd = E1000E_RXD_STAT_DD, eop = E1000E_RXD_STAT_EOP;

	CHECK_EQ(e1000e_rx_verdict(0, 60, 1514), E1000E_RX_NOT_DONE);
	CHECK_EQ(e1000e_rx_verdict(eop, 60, 1514), E1000E_RX_NOT_DONE);
	CHECK_EQ(e1000e_rx_verdict(dd | eop, 60, 1514), E1000E_RX_GOOD);
	CHECK_EQ(e1000e_rx_verdict(dd | eop, 0x00640000u | 1514, 1514),
	         E1000E_RX_GOOD); /* VLAN bits are not length */
	CHECK_EQ(e1000e_rx_verdict(dd, 60, 1514), E1000E_RX_BAD); /* no EOP */
	CHECK_EQ(e1000e_rx_verdict(dd | eop, 13, 1514), E1000E_RX_BAD);
	CHECK_EQ(e1000e_rx_verdict(dd | eop, 1515, 1514), E1000E_RX_BAD);
	CHECK_EQ(e1000e_rx_verdict(dd | eop | 1u << 24, 60, 1514),
	         E1000E_RX_BAD); /* CE */
	CHECK_EQ(e1000e_rx_verdict(dd | eop | 1u << 31, 60, 1514),
	         E1000E_RX_BAD); /* RXE */
	CHECK_EQ(e1000e_rx_verdict(dd | eop | 1u << 30 | 1u << 29, 60, 1514),
	         E1000E_RX_GOOD); /* IPE/TCPE: the stack checks */
}

static void test_pch_ids(void)
{
	const struct e1000e_pch_id *p;

	CHECK(e1000e_pch_lookup(0x10d3) == NULL); /* 82574L: not PCH */
	CHECK(e1000e_pch_lookup(0x100e) == NULL); /* 82540EM */
	CHECK(e1000e_pch_lookup(0x1533) == NULL); /* I210: not e1000e */
	p = e1000e_pch_lookup(0x153a);
	CHECK(p && p->gen == E1000E_PCH_LPT && !strcmp(p->name, "I217-LM"));
	p = e1000e_pch_lookup(0x15b8);
	CHECK(p && p->gen == E1000E_PCH_SPT);
	for (size_t i = 0; i < E1000E_PCH_NIDS; i++) {
		CHECK(e1000e_pch_lookup(e1000e_pch_ids[i].device) ==
		      &e1000e_pch_ids[i]); /* no duplicate IDs */
		CHECK(!strncmp(e1000e_pch_ids[i].name, "I21", 3));
	}
}

static void test_flash_geometry(void)
{
	uint32_t base = 0, bank = 0;

	/* sectors 1..8: 8 sectors = 32 KiB, two 16 KiB banks */
	CHECK(e1000e_gfpreg_region(0x00080001u, &base, &bank));
	CHECK_EQ(base, 4096);
	CHECK_EQ(bank, 16384);
	CHECK(!e1000e_gfpreg_region(0x00010002u, &base, &bank)); /* inverted */
	CHECK(e1000e_gfpreg_region(0x00030003u, &base, &bank));  /* 1 sector */
	CHECK_EQ(bank, 2048);
	CHECK_EQ(e1000e_strap_bank(0), 2048);
	CHECK_EQ(e1000e_strap_bank(0x3e), 32 * 4096 / 2); /* field 31 */
	CHECK_EQ(e1000e_strap_bank(0xffffffc1u), 2048);   /* other bits */
	CHECK(e1000e_bank_sig_ok(0x8000));
	CHECK(e1000e_bank_sig_ok(0xbfff));
	CHECK(!e1000e_bank_sig_ok(0xffff)); /* erased */
	CHECK(!e1000e_bank_sig_ok(0x4000));
	CHECK(!e1000e_bank_sig_ok(0x0000));
}

int main(void)
{
	test_mac_valid();
	test_mac_decode();
	test_checksum();
	test_itr();
	test_ivar();
	test_rx_verdict();
	test_pch_ids();
	test_flash_geometry();
	return test_finish();
}
