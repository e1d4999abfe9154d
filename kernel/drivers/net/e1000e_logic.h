/* SPDX-License-Identifier: MIT */
/*
 * The e1000e family's pure logic, kept apart from the register pokes so
 * that tests/host/kernel/test_ke1000e.c runs it under ASan and UBSan:
 * MAC address validity and decoding, the NVM checksum, the interrupt
 * throttle interval, the 82574 IVAR word, the extended RX write-back
 * verdict, the PCH LAN device table and its NVM flash geometry.
 *
 * Sources: Intel 82574 GbE Controller Family Datasheet: the NVM map
 * (words 0-2 MAC, word 0x3F checksum: words 0x00-0x3F sum to 0xBABA),
 * ITR (10.2.4.2: interval in 256 ns units), IVAR, the extended RX
 * descriptor. PCH LAN (I217/I218/I219): NVM in the
 * platform's SPI flash, described by the GbE region register GFPREG
 * (base and limit in 4 KiB sectors), two banks each holding the 0x3F-word
 * image, a bank valid when bits 15:14 of word 0x13 read 10b. Device IDs
 * from the PCI ID repository (pci.ids 2023-04). Header-only: static
 * inline, no arch headers.
 */
#ifndef KERNEL_DRIVERS_NET_E1000E_LOGIC_H
#define KERNEL_DRIVERS_NET_E1000E_LOGIC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define E1000E_NVM_CSUM_WORDS 0x40 /* words 0x00..0x3F */
#define E1000E_NVM_CSUM_SUM   0xBABAu
#define E1000E_ITR_UNIT_NS    256u  /* ITR/EITR granularity, 10.2.4.2 */
#define E1000E_ITR_DEFAULT    8000u /* interrupts per second */
#define E1000E_ITR_OTHER      1000u /* MSI-X "other" vector (link etc.) */

/* A station address a NIC may use: not all zero, not broadcast, and not
 * a group address (bit 0 of the first octet, IEEE 802-2014 8.2). */
static inline bool e1000e_mac_valid(const uint8_t m[6])
{
	bool zero = true, ones = true;

	for (int i = 0; i < 6; i++) {
		zero = zero && m[i] == 0x00;
		ones = ones && m[i] == 0xff;
	}
	return !zero && !ones && !(m[0] & 1);
}

/* NVM words 0-2 hold the MAC as little-endian byte pairs. */
static inline void e1000e_mac_from_words(const uint16_t w[3], uint8_t m[6])
{
	for (int i = 0; i < 3; i++) {
		m[2 * i] = (uint8_t)w[i];
		m[2 * i + 1] = (uint8_t)(w[i] >> 8);
	}
}

/* RAL0/RAH0 as firmware left them. false unless RAH0.AV (bit 31) says the
 * entry is in use. */
static inline bool e1000e_mac_from_ra(uint32_t ral, uint32_t rah, uint8_t m[6])
{
	for (int i = 0; i < 4; i++)
		m[i] = (uint8_t)(ral >> (8 * i));
	m[4] = (uint8_t)rah;
	m[5] = (uint8_t)(rah >> 8);
	return rah & (1u << 31);
}

/* The 16-bit sum (carries dropped) of words 0x00-0x3F must be 0xBABA.
 * n is how many words w holds; fewer than 0x40 is never valid. */
static inline bool e1000e_nvm_checksum_ok(const uint16_t *w, size_t n)
{
	uint16_t sum = 0;

	if (n < E1000E_NVM_CSUM_WORDS)
		return false;
	for (size_t i = 0; i < E1000E_NVM_CSUM_WORDS; i++)
		sum = (uint16_t)(sum + w[i]);
	return sum == E1000E_NVM_CSUM_SUM;
}

/* ITR/EITR value for at most `per_s` interrupts a second: the minimum gap
 * in 256 ns units, rounded up (so the rate never exceeds per_s), clamped
 * to the 16-bit field and to at least 1. 0 means no throttling (the
 * register's 0). 8000/s -> 489 (125.2 us, 7988/s). */
static inline uint32_t e1000e_itr_interval(uint32_t per_s)
{
	uint64_t units;

	if (per_s == 0)
		return 0;
	units = (1000000000ull + (uint64_t)per_s * E1000E_ITR_UNIT_NS - 1) /
	        ((uint64_t)per_s * E1000E_ITR_UNIT_NS);
	if (units == 0)
		units = 1;
	return units > 0xffff ? 0xffff : (uint32_t)units;
}

/* The rate an interval allows, for the log line (0: unthrottled). */
static inline uint32_t e1000e_itr_rate(uint32_t interval)
{
	return interval ? (uint32_t)(1000000000ull /
	                             ((uint64_t)interval * E1000E_ITR_UNIT_NS))
	                : 0;
}

/* 82574 IVAR (10.2.4.9): 4-bit entries, vector in bits 2:0 and valid in
 * bit 3, for RxQ0 (3:0), RxQ1 (7:4), TxQ0 (11:8), TxQ1 (15:12) and Other
 * (19:16). Queue 1 stays unrouted (entry 0, invalid). */
static inline uint32_t e1000e_ivar(unsigned rx, unsigned tx, unsigned other)
{
	return (8u | (rx & 7)) | (8u | (tx & 7)) << 8 |
	       (8u | (other & 7)) << 16;
}

/* Extended RX descriptor write-back (7.1.5.2), dwords 2 and 3:
 *
 *   dword 2: | ext. errors 31:20 | ext. status 19:0 (DD 0, EOP 1) |
 *   dword 3: | VLAN tag 31:16    | packet length 15:0             |
 *
 * Frame errors that make a frame unusable: CE (24, CRC/alignment), SE
 * (25, symbol), SEQ (26), CXE (28, carrier extension), RXE (31, data
 * error). IPE/TCPE (checksum offload) are not errors for us: the stack
 * checks checksums itself and RXCSUM offload is off. */
#define E1000E_RXD_STAT_DD  (1u << 0)
#define E1000E_RXD_STAT_EOP (1u << 1)
#define E1000E_RXD_ERR_FRAME                                                   \
	((1u << 24) | (1u << 25) | (1u << 26) | (1u << 28) | (1u << 31))

enum e1000e_rx_verdict { E1000E_RX_NOT_DONE, E1000E_RX_GOOD, E1000E_RX_BAD };

/* What one written-back descriptor holds, given its two dwords and the
 * largest frame the caller accepts (without CRC: RCTL.SECRC strips it). */
static inline enum e1000e_rx_verdict
e1000e_rx_verdict(uint32_t staterr, uint32_t lenvlan, uint32_t max_frame)
{
	uint32_t len = lenvlan & 0xffff;

	if (!(staterr & E1000E_RXD_STAT_DD))
		return E1000E_RX_NOT_DONE;
	if (!(staterr & E1000E_RXD_STAT_EOP) ||
	    (staterr & E1000E_RXD_ERR_FRAME) || len < 14 || len > max_frame)
		return E1000E_RX_BAD;
	return E1000E_RX_GOOD;
}

/* PCH LAN generations, by how the driver must treat them. LPT (Lynx
 * Point, I217 and I218): NVM flash registers behind BAR1, 16-bit.
 * SPT and later (Sunrise Point onwards, every I219): flash registers in
 * BAR0 at 0xE000, 32-bit access only. */
enum e1000e_pch_gen { E1000E_PCH_NONE, E1000E_PCH_LPT, E1000E_PCH_SPT };

struct e1000e_pch_id {
	uint16_t device;
	enum e1000e_pch_gen gen;
	const char *name;
};

/* The main PCH LAN parts (pci.ids, vendor 8086). */
static const struct e1000e_pch_id e1000e_pch_ids[] = {
    {0x153a, E1000E_PCH_LPT, "I217-LM"},
    {0x153b, E1000E_PCH_LPT, "I217-V"},
    {0x155a, E1000E_PCH_LPT, "I218-LM"},
    {0x1559, E1000E_PCH_LPT, "I218-V"},
    {0x15a0, E1000E_PCH_LPT, "I218-LM (2)"},
    {0x15a1, E1000E_PCH_LPT, "I218-V (2)"},
    {0x15a2, E1000E_PCH_LPT, "I218-LM (3)"},
    {0x15a3, E1000E_PCH_LPT, "I218-V (3)"},
    {0x156f, E1000E_PCH_SPT, "I219-LM"},
    {0x1570, E1000E_PCH_SPT, "I219-V"},
    {0x15b7, E1000E_PCH_SPT, "I219-LM (2)"},
    {0x15b8, E1000E_PCH_SPT, "I219-V (2)"},
    {0x15b9, E1000E_PCH_SPT, "I219-LM (3)"},
    {0x15d7, E1000E_PCH_SPT, "I219-LM (4)"},
    {0x15d8, E1000E_PCH_SPT, "I219-V (4)"},
    {0x15e3, E1000E_PCH_SPT, "I219-LM (5)"},
    {0x15d6, E1000E_PCH_SPT, "I219-V (5)"},
    {0x15bd, E1000E_PCH_SPT, "I219-LM (6)"},
    {0x15be, E1000E_PCH_SPT, "I219-V (6)"},
    {0x15bb, E1000E_PCH_SPT, "I219-LM (7)"},
    {0x15bc, E1000E_PCH_SPT, "I219-V (7)"},
    {0x15df, E1000E_PCH_SPT, "I219-LM (8)"},
    {0x15e0, E1000E_PCH_SPT, "I219-V (8)"},
    {0x15e1, E1000E_PCH_SPT, "I219-LM (9)"},
    {0x15e2, E1000E_PCH_SPT, "I219-V (9)"},
    {0x0d4e, E1000E_PCH_SPT, "I219-LM (10)"},
    {0x0d4f, E1000E_PCH_SPT, "I219-V (10)"},
    {0x0d4c, E1000E_PCH_SPT, "I219-LM (11)"},
    {0x0d4d, E1000E_PCH_SPT, "I219-V (11)"},
    {0x0d53, E1000E_PCH_SPT, "I219-LM (12)"},
    {0x0d55, E1000E_PCH_SPT, "I219-V (12)"},
    {0x15fb, E1000E_PCH_SPT, "I219-LM (13)"},
    {0x15fc, E1000E_PCH_SPT, "I219-V (13)"},
    {0x15f9, E1000E_PCH_SPT, "I219-LM (14)"},
    {0x15fa, E1000E_PCH_SPT, "I219-V (14)"},
    {0x15f4, E1000E_PCH_SPT, "I219-LM (15)"},
    {0x15f5, E1000E_PCH_SPT, "I219-V (15)"},
    {0x1a1e, E1000E_PCH_SPT, "I219-LM (16)"},
    {0x1a1f, E1000E_PCH_SPT, "I219-V (16)"},
    {0x1a1c, E1000E_PCH_SPT, "I219-LM (17)"},
    {0x1a1d, E1000E_PCH_SPT, "I219-V (17)"},
};
#define E1000E_PCH_NIDS (sizeof(e1000e_pch_ids) / sizeof(e1000e_pch_ids[0]))

/* The table entry for an Intel device ID, or NULL (not a PCH LAN part we
 * know: the caller declines it with a log line). */
static inline const struct e1000e_pch_id *e1000e_pch_lookup(uint16_t device)
{
	for (size_t i = 0; i < E1000E_PCH_NIDS; i++)
		if (e1000e_pch_ids[i].device == device)
			return &e1000e_pch_ids[i];
	return NULL;
}

#define E1000E_FLASH_SECTOR 4096u

/* LPT: GFPREG bits 12:0 = first sector of the GbE region, bits 28:16 =
 * last sector; the region holds two equal banks. Gives the region's
 * first byte and a bank's size in bytes; false for an empty or inverted
 * region. */
static inline bool e1000e_gfpreg_region(uint32_t gfpreg, uint32_t *base,
                                        uint32_t *bank)
{
	uint32_t first = gfpreg & 0x1fff, last = (gfpreg >> 16) & 0x1fff;

	if (last < first)
		return false;
	*base = first * E1000E_FLASH_SECTOR;
	*bank = (last + 1 - first) * E1000E_FLASH_SECTOR / 2;
	return *bank >= 2 * E1000E_NVM_CSUM_WORDS;
}

/* SPT and later: the NVM size comes from the STRAP register, bits 5:1
 * (size = (field + 1) x 4 KiB); the region starts at flash offset 0.
 * Gives a bank's size in bytes. */
static inline uint32_t e1000e_strap_bank(uint32_t strap)
{
	return (((strap >> 1) & 0x1f) + 1) * E1000E_FLASH_SECTOR / 2;
}

/* A bank is valid when bits 15:14 of its word 0x13 are 10b. */
#define E1000E_NVM_SIG_WORD 0x13
static inline bool e1000e_bank_sig_ok(uint16_t word13)
{
	return (word13 & 0xc000) == 0x8000;
}
#endif
