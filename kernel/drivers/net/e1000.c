/* SPDX-License-Identifier: MIT */
/*
 * Intel 82540EM (QEMU `-device e1000`), legacy descriptors, one RX and one
 * TX ring (8254x SDM, chapters 3 and 14). One DMA allocation:
 *
 *   +-----------+-----------+---------------------+---------------------+
 *   | RX descs  | TX descs  | RX buffers          | TX buffers          |
 *   | 16 B x R  | 16 B x T  | 2 KiB x R           | 2 KiB x T           |
 *   +-----------+-----------+---------------------+---------------------+
 *
 * RX: the ring in e1000_rx.c (slots handed back with one RDT write per
 * poll: why, there). With no descriptor left the device drops the frame
 * and counts it in MPC, which we add to rx_dropped (e1000_mpc_missed). TX: we
 * fill at TDT and advance it; DD (RS asked for it) tells us a slot is free
 * again. A full TX ring fails NETDEV_TX_BUSY.
 *
 * Offloads (e1000_tx.h, e1000_rx.h): TX checksums and TCP segmentation
 * with context descriptors, RX checksum checks (RXCSUM). The kernel
 * command line turns them off: e1000.offload=off (all), =notso (no TSO);
 * =on (the default) keeps them all.
 */
#include <libk/parse.h>
#include <libk/string.h>
#include <mm/kmalloc.h>
#include "console/kprintf.h"
#include "core/boot.h"
#include "drivers/dma.h"
#include "drivers/net/e1000_regs.h"
#include "drivers/net/e1000_rx.h"
#include "drivers/net/e1000_tx.h"
#include "drivers/driver.h"
#include "net/netif.h"
#include "pci/pci.h"
#include "time/time.h"

/* Descriptors per ring (RDLEN/TDLEN multiples of 128 bytes). RX holds
 * every ACK of a full flight: QEMU's slirp acknowledges each segment the
 * moment TDT is written, so all that tern sends between two RX polls
 * lands in the RX ring, and a frame that finds it full is at risk
 * (e1000_rx.h). 50 downloads with 64 KiB windows are ~2,250 segments in
 * flight. Frames towards tern lost in loaded runs of qemu.tcp.user.e1000
 * (pcap against eth rx): 13-20 % with 256 slots handed back one by one;
 * with one tail write per poll 7 % (256), 5 % (1,024), none (4,096). */
#define E1K_RX_RING 4096
#define E1K_TX_RING 256
#define E1K_BUF     2048
_Static_assert(E1000_TX_BUF <= E1K_BUF && E1000_RX_BUF == E1K_BUF,
               "RX and TX buffers fit the DMA layout");

struct e1k {
	struct netdev dev;
	struct pci_dev *pci;
	volatile uint8_t *regs;
	struct dma_mem mem;
	struct e1000_rxring rx;
	struct e1000_txring tx;
	bool rx_csum;        /* RXCSUM offloads on */
	uint32_t mpc_last;   /* the last MPC read */
	bool mpc_cumulative; /* QEMU's: MPC never clears (e1000_rx.h) */
};

static uint32_t rd(struct e1k *e, unsigned reg)
{
	return *(volatile uint32_t *)(e->regs + reg);
}

static void wr(struct e1k *e, unsigned reg, uint32_t v)
{
	*(volatile uint32_t *)(e->regs + reg) = v;
}

/* Interrupt context. Reading ICR acknowledges every cause and drops the
 * INTx line (13.4.17); zero means the interrupt was not ours. */
static void e1k_irq(unsigned vector, void *ctx)
{
	(void)vector;
	if (rd(ctx, E1000_ICR))
		netdev_kick();
}

/* Reset (14.3, 13.4.1: RST self-clears; wait at least 1 us before
 * touching registers again), then mask and clear interrupts. */
static int e1k_reset(struct e1k *e)
{
	wr(e, E1000_IMC, 0xffffffffu);
	wr(e, E1000_CTRL, rd(e, E1000_CTRL) | E1000_CTRL_RST);
	time_sleep_busy_ns(10000);
	for (int i = 0; rd(e, E1000_CTRL) & E1000_CTRL_RST; i++) {
		if (i == 1000)
			return -1;
		time_sleep_busy_ns(10000);
	}
	wr(e, E1000_IMC, 0xffffffffu);
	(void)rd(e, E1000_ICR);
	wr(e, E1000_CTRL, rd(e, E1000_CTRL) | E1000_CTRL_SLU | E1000_CTRL_ASDE);
	return 0;
}

/* One EEPROM word through EERD (13.4.4); -1 if DONE never comes. */
static int e1k_eeprom(struct e1k *e, unsigned word, uint16_t *out)
{
	uint32_t v;

	wr(e, E1000_EERD, E1000_EERD_START | word << 8);
	for (int i = 0; i < 10000; i++) {
		v = rd(e, E1000_EERD);
		if (v & E1000_EERD_DONE) {
			*out = (uint16_t)(v >> 16);
			return 0;
		}
		time_sleep_busy_ns(1000);
	}
	return -1;
}

/* MAC from EEPROM words 0-2 (5.6.1, little-endian pairs); else from
 * RAL0/RAH0 as the firmware left them. Written back to RAL0/RAH0 with
 * Address Valid so the receive filter takes it. */
static void e1k_mac(struct e1k *e)
{
	uint8_t *m = e->dev.mac;
	uint16_t w[3];

	if (!e1k_eeprom(e, 0, &w[0]) && !e1k_eeprom(e, 1, &w[1]) &&
	    !e1k_eeprom(e, 2, &w[2])) {
		for (int i = 0; i < 3; i++) {
			m[2 * i] = (uint8_t)w[i];
			m[2 * i + 1] = (uint8_t)(w[i] >> 8);
		}
	} else {
		uint32_t lo = rd(e, E1000_RAL0), hi = rd(e, E1000_RAH0);

		memcpy(m, &lo, 4);
		m[4] = (uint8_t)hi;
		m[5] = (uint8_t)(hi >> 8);
	}
	wr(e, E1000_RAL0, m[0] | m[1] << 8 | m[2] << 16 | (uint32_t)m[3] << 24);
	wr(e, E1000_RAH0, m[4] | m[5] << 8 | E1000_RAH_AV);
}

/* The RDT doorbell of the RX ring. */
static void e1k_set_rdt(void *ctx, unsigned tail)
{
	wr(ctx, E1000_RDT, tail);
}

/* Rings (14.4 receive, 14.5 transmit initialization). */
static int e1k_rings(struct e1k *e)
{
	uint64_t rxd = E1K_RX_RING * 16ull, txd = E1K_TX_RING * 16ull;
	uint64_t rxb = E1K_RX_RING * (uint64_t)E1K_BUF, p;
	uint8_t *v;

	if (dma_alloc(&e->mem, rxd + txd + rxb + E1K_TX_RING * E1K_BUF))
		return -1;
	p = e->mem.phys;
	v = e->mem.virt;
	/* descriptors first (16-byte aligned), then the buffers */
	e1000_rxring_init(&e->rx, v, E1K_RX_RING, v + rxd + txd, p + rxd + txd,
	                  e1k_set_rdt, e);
	e1000_txring_init(&e->tx, v + rxd, E1K_TX_RING, v + rxd + txd + rxb,
	                  p + rxd + txd + rxb);
	for (unsigned i = 0; i < 128; i++)
		wr(e, E1000_MTA + 4 * i, 0);
	wr(e, E1000_RDBAL, (uint32_t)p);
	wr(e, E1000_RDBAH, (uint32_t)(p >> 32));
	wr(e, E1000_RDLEN, (uint32_t)rxd);
	wr(e, E1000_RDH, 0);
	wr(e, E1000_RXCSUM,
	   e->rx_csum ? E1000_RXCSUM_IPOFL | E1000_RXCSUM_TUOFL : 0);
	e1000_rxring_start(&e->rx);
	wr(e, E1000_RCTL, E1000_RCTL_EN | E1000_RCTL_BAM | E1000_RCTL_SECRC);
	p += rxd;
	wr(e, E1000_TDBAL, (uint32_t)p);
	wr(e, E1000_TDBAH, (uint32_t)(p >> 32));
	wr(e, E1000_TDLEN, (uint32_t)txd);
	wr(e, E1000_TDH, 0);
	wr(e, E1000_TDT, 0);
	wr(e, E1000_TCTL,
	   E1000_TCTL_EN | E1000_TCTL_PSP | E1000_TCTL_CT(0x0fu) |
	       E1000_TCTL_COLD(0x40u));
	wr(e, E1000_TIPG, E1000_TIPG_VALUE);
	return 0;
}

/* Offloads as dev->features announce them (e1000_txring_xmit). */
static int e1k_transmit(struct netdev *dev, const void *frame, size_t len,
                        const struct netdev_tx *tx)
{
	struct e1k *e = dev->priv;

	return e1000_txring_xmit(&e->tx, dev,
	                         (volatile uint32_t *)(e->regs + E1000_TDT),
	                         frame, len, tx);
}

static unsigned e1k_poll(struct netdev *dev, unsigned budget)
{
	struct e1k *e = dev->priv;
	dev->stats.rx_dropped +=
	    e1000_mpc_missed(rd(e, E1000_MPC), &e->mpc_last, e->mpc_cumulative);
	netdev_link_seen(dev, rd(e, E1000_STATUS) & E1000_STATUS_LU);
	e1000_txring_reclaim(&e->tx);
	return e1000_rxring_poll(&e->rx, dev, budget);
}

static const struct netdev_ops e1k_ops = {e1k_transmit, e1k_poll};

/* MSI if the function has it, else the INTx line. */
static const char *e1k_irq_setup(struct e1k *e)
{
	struct pci_dev *d = e->pci;

	if (d->msi_cap && pci_enable_msi(d, e1k_irq, e) >= 0)
		return "MSI";
	if (d->irq_line < IRQ_ISA_COUNT &&
	    irq_request_isa(d->irq_line, e1k_irq, e) >= 0)
		return "INTx";
	return "polled";
}

/* The offloads to use, from e1000.offload= (default "on", all): "off"
 * none, "notso" checksums only; anything else is reported and means all.
 * Sets dev.features and rx_csum. */
static void e1k_offloads(struct e1k *e)
{
	char val[8] = "";

	(void)kcmdline_get(boot_cmdline(), "e1000.offload", val, sizeof(val));
	if (val[0] && strcmp(val, "on") && strcmp(val, "off") &&
	    strcmp(val, "notso"))
		kprintf("e1000: e1000.offload=%s unknown (on, off, notso): "
		        "all on\n",
		        val);
	if (!strcmp(val, "off"))
		return;
	e->rx_csum = true;
	e->dev.features = NETDEV_F_TX_CSUM;
	if (strcmp(val, "notso"))
		e->dev.features |= NETDEV_F_TSO4;
}

static int e1k_probe(struct pci_dev *d, const struct pci_id *id)
{
	struct e1k *e = kcalloc(1, sizeof(*e));
	const char *irq;

	(void)id;
	if (!e)
		return -1;
	e->pci = d;
	pci_enable(d, true);
	e1k_offloads(e);
	e->regs = pci_map_bar(d, 0);
	if (!e->regs || d->bar[0].size < 0x6000 || e1k_reset(e) ||
	    e1k_rings(e)) {
		net_log("e1000 %02x:%02x.%u: initialisation failed\n", d->bus,
		        d->dev, d->fn);
		kfree(e);
		return -1;
	}
	e1k_mac(e);
	/* QEMU gives devices that name no subsystem its own, 1af4:1100 */
	e->mpc_cumulative = pci_read16(d, PCI_SUBSYS_VENDOR) == 0x1af4;
	e->tx.tso_whole_quirk = e->mpc_cumulative; /* QEMU's too */
	e->mpc_last = rd(e, E1000_MPC); /* cleared, or QEMU's baseline */
	irq = e1k_irq_setup(e);
	wr(e, E1000_IMS,
	   E1000_INT_RXT0 | E1000_INT_RXO | E1000_INT_RXDMT0 | E1000_INT_LSC |
	       E1000_INT_TXDW);
	e->dev.driver = "e1000";
	e->dev.mtu = 1500;
	e->dev.ops = &e1k_ops;
	e->dev.priv = e;
	e->dev.link_up = rd(e, E1000_STATUS) & E1000_STATUS_LU;
	d->driver_data = e;
	netdev_register(&e->dev);
	net_log("%s: e1000 %02x:%02x.%u, rx %u tx %u, %s, link %s\n",
	        e->dev.name, d->bus, d->dev, d->fn, E1K_RX_RING, E1K_TX_RING,
	        irq, e->dev.link_up ? "up" : "down");
	net_log("e1000: offloads %s\n", !e->rx_csum ? "none"
	                                : (e->dev.features & NETDEV_F_TSO4)
	                                    ? "csum rx_csum tso"
	                                    : "csum rx_csum");
	return 0;
}

/* 82540EM; QEMU's e1000 is this one. */
static const struct pci_id e1k_ids[] = {
    {0x8086, 0x100e, 0, 0},
    {0, 0, 0, 0},
};
static struct pci_driver e1k_driver = {"e1000", e1k_ids, e1k_probe, NULL};

PCI_DRIVER(e1k_driver);
