/* SPDX-License-Identifier: MIT */
/*
 * What e1000e.c (the 82574 and the common path) and e1000e_pch.c (the
 * I217/I218/I219 steps) share: the device state and register access.
 */
#ifndef KERNEL_DRIVERS_NET_E1000E_H
#define KERNEL_DRIVERS_NET_E1000E_H
#include <stdbool.h>
#include <stdint.h>
#include "drivers/dma.h"
#include "drivers/net/e1000e_logic.h"
#include "drivers/net/e1000_tx.h"
#include "drivers/net/e1000e_regs.h"
#include "net/netif.h"
#include "pci/pci.h"

enum e1000e_irq_mode { E1KE_MSIX, E1KE_MSI, E1KE_INTX, E1KE_POLLED };

/* One NIC. Touched by its probe (boot), by netd's poll and transmit
 * (under net_lock) and, for ICR only, by its interrupt handlers. */
struct e1ke {
	struct netdev dev;
	struct pci_dev *pci;
	volatile uint8_t *regs;
	const struct e1000e_pch_id *pch; /* NULL: an 82574 */
	struct dma_mem mem;
	volatile union e1000e_rx_desc *rxd;
	struct e1000_txring tx;
	uint8_t *rxbuf;
	uint64_t rxbuf_phys;
	unsigned rx_next; /* next descriptor the device completes */
	enum e1000e_irq_mode irq;
	uint32_t itr; /* ITR/EITR interval written */
	bool swflag;  /* PCH: we hold EXTCNF_CTRL.SWFLAG */
};

static inline uint32_t e1ke_rd(struct e1ke *e, unsigned reg)
{
	return *(volatile uint32_t *)(e->regs + reg);
}

static inline void e1ke_wr(struct e1ke *e, unsigned reg, uint32_t v)
{
	*(volatile uint32_t *)(e->regs + reg) = v;
}

/* Poll reg until (value & mask) == want, every step_us, at most
 * timeout_us. 0 when it matched, -1 on timeout. */
int e1ke_wait(struct e1ke *e, unsigned reg, uint32_t mask, uint32_t want,
              unsigned step_us, unsigned timeout_us);

/* PCH (e1000e_pch.c). Written from the I217/I218/I219 datasheets and the
 * PCH datasheets' GbE sections, untested on real hardware. Each returns
 * 0 or -1 after logging what failed. */
/* Before CTRL.RST: firmware state, the SW semaphore (-1 if firmware
 * keeps it), ULP off (a failure there is logged, not fatal). */
int e1ke_pch_before_reset(struct e1ke *e);
/* After CTRL.RST: LAN init done, PHY powered, semaphore released. */
int e1ke_pch_after_reset(struct e1ke *e);
/* The reset failed between the two: give the SW semaphore back, so the
 * management firmware is not locked out of the PHY. */
void e1ke_pch_abandon(struct e1ke *e);
/* MAC from the NVM in the platform flash (checksummed bank), or -1. */
int e1ke_pch_nvm_mac(struct e1ke *e, uint8_t mac[6]);
#endif
