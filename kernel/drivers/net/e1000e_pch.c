/* SPDX-License-Identifier: MIT */
/*
 * The PCH LAN parts of the e1000e family: Intel Ethernet Connection
 * I217, I218 and I219 (the MAC inside the chipset, an external PHY on
 * PCIe + SMBus, the NVM inside the platform's SPI flash).
 *
 * WRITTEN FROM THE DATASHEETS, UNTESTED ON REAL HARDWARE: Intel Ethernet
 * Connection I217 Datasheet v2.3 and the I218/I219 datasheets (PHY
 * registers: page 769 register 23 CV_SMB_CTRL, page 779 register 16
 * ULP_CONFIG1; Ultra Low Power and the ME's part in it), and the GbE
 * sections of the 8-/9-/100-series PCH datasheets (EXTCNF_CTRL, FWSM,
 * H2ME, the GbE flash region registers GFPREG/HSFSTS/HSFCTL/FADDR/FDATA0);
 * no section numbers, as no copy could be checked here. QEMU has no model
 * of these parts: only the failure paths have run, on QEMU's 82574
 * through the e1000e.pch_id test hook (qemu.net.pchpath.* tests: the
 * PHY and the flash never answer there). Every wait is bounded; every
 * failure is a log line, and a declined probe where the NIC cannot be
 * owned or reset.
 *
 * The order before CTRL.RST: (1) take the software flag of the SW/FW/HW
 * semaphore (EXTCNF_CTRL.SWFLAG: write 1, read back 1 = ours; firmware or
 * hardware holding it shows as a flag that never clears); (2) leave ULP:
 * with ME firmware present (FWSM.FW_VALID) the ME does it on request
 * (H2ME.ENFORCE_SETTINGS, wait for FWSM.ULP_CFG_DONE to drop), without it
 * the driver wakes the PHY by toggling LANPHYPC, un-forces SMBus mode in
 * the PHY and the MAC and clears ULP_CONFIG1. After reset: wait for
 * STATUS.LAN_INIT_DONE, un-gate the PHY (PHY_CTRL.GBE_DISABLE), release
 * the flag.
 *
 * Missing: PHY reset (the MAC reset only; a PHY reset is only allowed
 * when FWSM.RSPCIPHY says so and needs the PHY configuration reload), K1
 * and EEE tuning, the per-stepping PHY workarounds of the specification
 * updates, ULP entry (power saving), NVM writes.
 */
#include "drivers/net/e1000e.h"
#include "time/time.h"

#define MS 1000u /* e1ke_wait takes microseconds */

/* I218 LPT-LP parts and every I219 have ULP; the first I217/I218 do not. */
static bool pch_has_ulp(const struct e1ke *e)
{
	uint16_t id = e->pch->device;

	return e->pch->gen == E1000E_PCH_SPT || (id >= 0x15a0 && id <= 0x15a3);
}

/* EXTCNF_CTRL.SWFLAG: wait up to 1 s for it to be free, set it, and see
 * it read back set within 1 s more. */
static int pch_swflag_take(struct e1ke *e)
{
	if (e1ke_wait(e, E1000E_EXTCNF_CTRL, E1000E_EXTCNF_SWFLAG, 0, MS,
	              1000 * MS)) {
		net_log("e1000e %s: SW/FW semaphore busy for 1 s (firmware "
		        "owns the NIC)\n",
		        e->pch->name);
		return -1;
	}
	e1ke_wr(e, E1000E_EXTCNF_CTRL,
	        e1ke_rd(e, E1000E_EXTCNF_CTRL) | E1000E_EXTCNF_SWFLAG);
	if (e1ke_wait(e, E1000E_EXTCNF_CTRL, E1000E_EXTCNF_SWFLAG,
	              E1000E_EXTCNF_SWFLAG, MS, 1000 * MS)) {
		e1ke_wr(e, E1000E_EXTCNF_CTRL,
		        e1ke_rd(e, E1000E_EXTCNF_CTRL) & ~E1000E_EXTCNF_SWFLAG);
		net_log("e1000e %s: SW flag refused\n", e->pch->name);
		return -1;
	}
	e->swflag = true;
	return 0;
}

static void pch_swflag_drop(struct e1ke *e)
{
	if (!e->swflag)
		return;
	e1ke_wr(e, E1000E_EXTCNF_CTRL,
	        e1ke_rd(e, E1000E_EXTCNF_CTRL) & ~E1000E_EXTCNF_SWFLAG);
	e->swflag = false;
}

/* One MDIC cycle (op E1000E_MDIC_OP_RD or _WR) to PHY address phy: ready
 * within 32 ms or -1; the error bit is -1 too. The PCH wants a pause of
 * 100 us between cycles. */
static int pch_mdic(struct e1ke *e, unsigned phy, unsigned reg, uint32_t op,
                    uint16_t *data)
{
	uint32_t v;

	e1ke_wr(e, E1000E_MDIC,
	        (op == E1000E_MDIC_OP_WR ? *data : 0) | E1000E_MDIC_REG(reg) |
	            E1000E_MDIC_PHY(phy) | op);
	if (e1ke_wait(e, E1000E_MDIC, E1000E_MDIC_READY, E1000E_MDIC_READY, 50,
	              32 * MS)) {
		net_log("e1000e %s: MDIC not ready (phy %u reg %u)\n",
		        e->pch->name, phy, reg);
		return -1;
	}
	v = e1ke_rd(e, E1000E_MDIC);
	time_sleep_busy_ns(100000);
	if (v & E1000E_MDIC_ERROR) {
		net_log("e1000e %s: MDIC error (phy %u reg %u)\n", e->pch->name,
		        phy, reg);
		return -1;
	}
	*data = (uint16_t)v;
	return 0;
}

/* A paged PHY register: pages from 768 up answer at address 1, the page
 * goes to register 31 shifted left by 5. */
static int pch_phy(struct e1ke *e, unsigned page, unsigned reg, uint32_t op,
                   uint16_t *data)
{
	unsigned addr = page >= E1000E_PHY_HV_PAGE_BASE ? E1000E_PCH_PHY_HV_ADDR
	                                                : E1000E_PCH_PHY_ADDR;
	uint16_t sel = (uint16_t)(page << 5);

	if (pch_mdic(e, addr, E1000E_PHY_PAGE_SELECT, E1000E_MDIC_OP_WR, &sel))
		return -1;
	return pch_mdic(e, addr, reg, op, data);
}

/* Read-modify-write of a paged PHY register: clear, then set bits. */
static int pch_phy_update(struct e1ke *e, unsigned page, unsigned reg,
                          uint16_t clear, uint16_t set)
{
	uint16_t v;

	if (pch_phy(e, page, reg, E1000E_MDIC_OP_RD, &v))
		return -1;
	v = (uint16_t)((v & ~clear) | set);
	return pch_phy(e, page, reg, E1000E_MDIC_OP_WR, &v);
}

/* With ME firmware: ask it to take the PHY out of ULP and wait (2.5 s at
 * most) for FWSM.ULP_CFG_DONE to drop. */
static int pch_ulp_off_me(struct e1ke *e)
{
	uint32_t h2me = e1ke_rd(e, E1000E_H2ME);
	int rc;

	e1ke_wr(e, E1000E_H2ME,
	        (h2me & ~E1000E_H2ME_ULP_DISABLE) |
	            E1000E_H2ME_ENFORCE_SETTINGS);
	rc = e1ke_wait(e, E1000E_FWSM, E1000E_FWSM_ULP_CFG_DONE, 0, 10 * MS,
	               2500 * MS);
	e1ke_wr(e, E1000E_H2ME,
	        e1ke_rd(e, E1000E_H2ME) & ~E1000E_H2ME_ENFORCE_SETTINGS);
	if (rc)
		net_log("e1000e %s: ME did not leave ULP in 2.5 s\n",
		        e->pch->name);
	return rc;
}

/* Without ME: wake the PHY by driving LANPHYPC low for a moment, then
 * un-force SMBus (PHY and MAC) and clear ULP_CONFIG1, START applying it. */
static int pch_ulp_off_sw(struct e1ke *e)
{
	uint32_t ctrl = e1ke_rd(e, E1000_CTRL);

	e1ke_wr(e, E1000_CTRL,
	        (ctrl | E1000E_CTRL_LANPHYPC_OVERRIDE) &
	            ~E1000E_CTRL_LANPHYPC_VALUE);
	time_sleep_busy_ns(1000000);
	e1ke_wr(e, E1000_CTRL, ctrl & ~E1000E_CTRL_LANPHYPC_OVERRIDE);
	time_sleep_busy_ns(50000000); /* PHY power-up after LANPHYPC */
	if (pch_phy_update(e, E1000E_CV_SMB_CTRL_PAGE, E1000E_CV_SMB_CTRL_REG,
	                   E1000E_CV_SMB_FORCE_SMBUS, 0))
		return -1;
	e1ke_wr(e, E1000E_CTRL_EXT,
	        e1ke_rd(e, E1000E_CTRL_EXT) & ~E1000E_CTRL_EXT_FORCE_SMBUS);
	return pch_phy_update(e, E1000E_ULP_CONFIG1_PAGE,
	                      E1000E_ULP_CONFIG1_REG, E1000E_ULP_CLEAR_MASK,
	                      E1000E_ULP_START);
}

int e1ke_pch_before_reset(struct e1ke *e)
{
	bool me = e1ke_rd(e, E1000E_FWSM) & E1000E_FWSM_FW_VALID;
	int rc = 0;

	net_log("e1000e %s: ME firmware %s, PHY reset %s\n", e->pch->name,
	        me ? "present" : "absent",
	        e1ke_rd(e, E1000E_FWSM) & E1000E_FWSM_RSPCIPHY ? "allowed"
	                                                       : "blocked");
	if (pch_swflag_take(e))
		return -1;
	if (pch_has_ulp(e))
		rc = me ? pch_ulp_off_me(e) : pch_ulp_off_sw(e);
	/* Not fatal: after a cold boot the PHY is normally out of ULP already
	 * (only a driver puts it there), and the reset may still work. */
	if (rc)
		net_log("e1000e %s: ULP exit failed, resetting anyway\n",
		        e->pch->name);
	return 0;
}

void e1ke_pch_abandon(struct e1ke *e)
{
	pch_swflag_drop(e);
}

int e1ke_pch_after_reset(struct e1ke *e)
{
	time_sleep_busy_ns(20000000); /* 20 ms before the MAC answers */
	if (e1ke_wait(e, E1000_STATUS, E1000E_STATUS_LAN_INIT_DONE,
	              E1000E_STATUS_LAN_INIT_DONE, 100, 15 * MS))
		net_log("e1000e %s: LAN_INIT_DONE not seen in 15 ms\n",
		        e->pch->name);
	e1ke_wr(e, E1000_STATUS,
	        e1ke_rd(e, E1000_STATUS) & ~E1000E_STATUS_LAN_INIT_DONE);
	e1ke_wr(e, E1000E_PHY_CTRL,
	        e1ke_rd(e, E1000E_PHY_CTRL) & ~E1000E_PHY_CTRL_GBE_DISABLE);
	e->swflag = true; /* the reset may have cleared it; drop it anyway */
	pch_swflag_drop(e);
	return 0;
}

/* The flash registers: LPT behind BAR1, SPT+ at BAR0 + 0xE000. */
struct pch_flash {
	volatile uint8_t *r;
	bool wide;     /* SPT+: 32-bit accesses only, 4-byte reads */
	uint32_t base; /* first byte of the GbE region */
	uint32_t bank; /* bytes per bank */
};

static uint32_t fl_rd32(struct pch_flash *f, unsigned off)
{
	return *(volatile uint32_t *)(f->r + off);
}

static void fl_wr32(struct pch_flash *f, unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(f->r + off) = v;
}

/* HSFSTS (bits 15:0) and HSFCTL (31:16) as one dword: SPT+ allows no
 * other width, LPT accepts it too. */
static uint16_t fl_status(struct pch_flash *f)
{
	return (uint16_t)fl_rd32(f, E1000E_FL_HSFSTS);
}

/* One flash read cycle of 2 (LPT) or 4 (SPT+) bytes at byte offset off
 * of the GbE region: -1 on a cycle in progress, a flash error or no
 * FDONE within 10 ms. */
static int fl_read(struct pch_flash *f, uint32_t off, uint32_t *out)
{
	unsigned n = f->wide ? 4 : 2;
	uint16_t st = fl_status(f);

	if (!(st & E1000E_HSFSTS_FDV) || (st & E1000E_HSFSTS_SCIP))
		return -1;
	/* clear FDONE/FCERR/DAEL (write 1 to clear), then the cycle */
	fl_wr32(f, E1000E_FL_HSFSTS,
	        E1000E_HSFSTS_FDONE | E1000E_HSFSTS_FCERR | E1000E_HSFSTS_DAEL);
	fl_wr32(f, E1000E_FL_FADDR, f->base + off);
	fl_wr32(f, E1000E_FL_HSFSTS,
	        (E1000E_HSFCTL_FDBC(n) | E1000E_HSFCTL_FGO) << 16);
	for (int i = 0; i < 1000; i++) {
		st = fl_status(f);
		if (st & E1000E_HSFSTS_FCERR)
			return -1;
		if (st & E1000E_HSFSTS_FDONE) {
			*out = fl_rd32(f, E1000E_FL_FDATA0);
			return 0;
		}
		time_sleep_busy_ns(10000);
	}
	return -1;
}

/* NVM word w of bank b. */
static int fl_word(struct pch_flash *f, unsigned b, unsigned w, uint16_t *out)
{
	uint32_t off = b * f->bank + 2 * w, v;

	if (fl_read(f, f->wide ? off & ~3u : off, &v))
		return -1;
	*out = (uint16_t)(f->wide && (off & 2) ? v >> 16 : v);
	return 0;
}

static int pch_flash_map(struct e1ke *e, struct pch_flash *f)
{
	if (e->pch->gen == E1000E_PCH_SPT) {
		f->r = e->regs + E1000E_SPT_FLASH_OFF;
		f->wide = true;
		f->base = 0;
		f->bank = e1000e_strap_bank(e1ke_rd(e, E1000E_STRAP));
		return 0;
	}
	f->r = pci_map_bar(e->pci, 1);
	f->wide = false;
	if (!f->r || e->pci->bar[1].size < 0x20)
		return -1;
	return e1000e_gfpreg_region(fl_rd32(f, E1000E_FL_GFPREG), &f->base,
	                            &f->bank)
	           ? 0
	           : -1;
}

int e1ke_pch_nvm_mac(struct e1ke *e, uint8_t mac[6])
{
	struct pch_flash f;
	uint16_t w[E1000E_NVM_CSUM_WORDS], sig;
	int bank = -1;

	if (pch_flash_map(e, &f)) {
		net_log("e1000e %s: no GbE flash region\n", e->pch->name);
		return -1;
	}
	for (unsigned b = 0; b < 2 && bank < 0; b++)
		if (!fl_word(&f, b, E1000E_NVM_SIG_WORD, &sig) &&
		    e1000e_bank_sig_ok(sig))
			bank = (int)b;
	if (bank < 0) {
		net_log("e1000e %s: no valid NVM bank in flash\n",
		        e->pch->name);
		return -1;
	}
	for (unsigned i = 0; i < E1000E_NVM_CSUM_WORDS; i++)
		if (fl_word(&f, (unsigned)bank, i, &w[i]))
			return -1;
	if (!e1000e_nvm_checksum_ok(w, E1000E_NVM_CSUM_WORDS)) {
		net_log("e1000e %s: NVM bank %d checksum is not 0xBABA\n",
		        e->pch->name, bank);
		return -1;
	}
	e1000e_mac_from_words(w, mac);
	return 0;
}
