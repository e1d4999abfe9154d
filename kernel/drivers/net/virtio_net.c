/* SPDX-License-Identifier: MIT */
/*
 * virtio-net over the modern PCI transport (VIRTIO 1.1, 5.1; QEMU
 * `-device virtio-net-pci,disable-legacy=on`). Queue 0 receives, queue 1
 * transmits (5.1.2). Every buffer starts with the 12-byte virtio_net_hdr
 * (5.1.6: num_buffers is present with VERSION_1; fields little-endian):
 *
 *   buffer: | flags gso_type hdr_len gso_size csum_start csum_off nbufs |
 *           |   Ethernet frame (14..1514 bytes)                         |
 *
 * Offloads, each only when the device offers it (5.1.3): VIRTIO_NET_F_CSUM
 * lets the stack leave TCP/UDP checksums to the device (NETDEV_F_TX_CSUM;
 * we send NEEDS_CSUM with csum_start/csum_offset, 5.1.6.2), GUEST_CSUM
 * lets the device mark received frames DATA_VALID (checked) or NEEDS_CSUM
 * (from a local peer; validated, the field holds the pseudo-header sum),
 * and the stack skips its own check of those (5.1.6.4). HOST_TSO4 (with
 * CSUM) lets the stack hand over TCP super-segments of up to 64 KiB
 * (NETDEV_F_TSO4): the header says GSO_TCPV4 with the MSS and the header
 * length, and the frame goes out as a chain of buffers (virtq_send).
 * GUEST_TSO4 with MRG_RXBUF (5.1.6.3.1, 5.1.6.4): the device may hand us
 * TCP segments of up to 64 KiB (the host's super-segments, or what it
 * coalesced) spread over num_buffers receive buffers in a row; we gather
 * them into one frame (rx_big) for the stack, which takes segments of
 * any length.
 * Without them the header we send is all zero and the one we get is
 * ignored.
 *
 * Interrupts: MSI-X entry 0 for config changes, 1 for RX, 2 for TX, all
 * just waking netd; without MSI-X, the INTx line and the ISR register.
 */
#include <libk/string.h>
#include <mm/kmalloc.h>
#include "core/csprng.h"
#include "drivers/driver.h"
#include "net/netif.h"
#include "drivers/virtio/virtio_pci.h"
#include "drivers/virtio/virtqueue.h"

#define VIRTIO_NET_F_CSUM       0 /* 5.1.3 */
#define VIRTIO_NET_F_GUEST_CSUM 1
#define VIRTIO_NET_F_GUEST_TSO4 7
#define VIRTIO_NET_F_MAC        5
#define VIRTIO_NET_F_HOST_TSO4  11
#define VIRTIO_NET_F_MRG_RXBUF  15
#define VIRTIO_NET_F_STATUS     16
#define VIRTIO_NET_S_LINK_UP    1 /* 5.1.4 */
#define VNET_HDR_F_NEEDS_CSUM   1 /* 5.1.6 struct virtio_net_hdr.flags */
#define VNET_HDR_F_DATA_VALID   2
#define VNET_HDR_GSO_TCPV4      1 /* 5.1.6 gso_type */
#define VNET_HDR_LEN            12
#define VNET_RXQ                0
#define VNET_TXQ                1
#define BIT(n)                  (1ull << (n))

struct vnet {
	struct netdev dev;
	struct virtio_pci vp;
	struct virtq rx, tx;
	bool has_status;
	bool guest_csum; /* VIRTIO_NET_F_GUEST_CSUM negotiated */
	bool mrg;        /* MRG_RXBUF: a frame may span buffers */
	bool guest_tso;  /* GUEST_TSO4 (so frames up to 64 KiB) */
	bool intx;
	uint8_t *rx_big;  /* NETDEV_TSO_FRAME_MAX bytes, with mrg */
	uint32_t rx_skip; /* buffers left of a frame we dropped */
};

/* Interrupt context: the device is acknowledged (INTx: by reading ISR;
 * MSI-X needs no acknowledgement), netd does the work. */
static void vnet_irq(unsigned vector, void *ctx)
{
	struct vnet *v = ctx;

	(void)vector;
	if (v->intx && !virtio_pci_isr(&v->vp))
		return; /* the shared line was someone else's */
	netdev_kick();
}

/* Device-config link bit, read under config_generation (4.1.4.3.1). */
static bool vnet_link(struct vnet *v)
{
	uint8_t gen;
	uint16_t st;

	if (!v->has_status || v->vp.device_len < 8)
		return true;
	do {
		gen = virtio_pci_generation(&v->vp);
		st = *(volatile uint16_t *)(v->vp.device + 6);
	} while (gen != virtio_pci_generation(&v->vp));
	return st & VIRTIO_NET_S_LINK_UP;
}

static void vnet_reclaim_tx(struct vnet *v)
{
	uint16_t id;
	uint32_t len;

	while (virtq_pop(&v->tx, &id, &len))
		virtq_release(&v->tx, id);
}

static void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

/* The header for one frame: zero, or (only when VIRTIO_NET_F_CSUM was
 * negotiated, as then the stack alone sets csum_start) NEEDS_CSUM with
 * where the device computes and stores the checksum (5.1.6.2); for a
 * super-segment (only with HOST_TSO4) also GSO_TCPV4, the header length
 * and the MSS the device cuts at. */
static void vnet_tx_hdr(uint8_t *h, const struct netdev_tx *tx)
{
	memset(h, 0, VNET_HDR_LEN);
	if (!tx->csum_start)
		return;
	h[0] = VNET_HDR_F_NEEDS_CSUM;
	put_le16(h + 6, tx->csum_start);
	put_le16(h + 8, tx->csum_offset);
	if (!tx->gso_size)
		return;
	h[1] = VNET_HDR_GSO_TCPV4;
	put_le16(h + 2, tx->hdr_len);
	put_le16(h + 4, tx->gso_size);
}

static int vnet_transmit(struct netdev *dev, const void *frame, size_t len,
                         const struct netdev_tx *tx)
{
	struct vnet *v = dev->priv;
	size_t max = (dev->features & NETDEV_F_TSO4) && tx->gso_size
	                 ? NETDEV_TSO_FRAME_MAX
	                 : ETH_FRAME_MAX;
	size_t total = netdev_tx_len(len, tx);
	uint8_t hdr[VNET_HDR_LEN];

	if (len < 14 || total > max) {
		dev->stats.tx_errors++;
		return NETDEV_TX_ERROR;
	}
	vnet_reclaim_tx(v);
	vnet_tx_hdr(hdr, tx);
	/* the net header, the frame, and its pieces in place (NETDEV_F_SG):
	 * gathered into the queue's buffers, the only copy */
	struct virtq_piece pc[2 + NETDEV_FRAGS] = {{hdr, VNET_HDR_LEN},
	                                           {frame, (uint32_t)len}};
	for (unsigned i = 0; i < NETDEV_FRAGS; i++)
		pc[2 + i] = (struct virtq_piece){tx->frag[i].p, tx->frag[i].n};
	if (virtq_send(&v->tx, pc, 2 + NETDEV_FRAGS)) {
		dev->stats.tx_dropped++;
		return NETDEV_TX_BUSY;
	}
	if (virtq_needs_notify(&v->tx))
		virtio_pci_notify(&v->vp, &v->tx);
	return netdev_tx_done(dev, total);
}

/* Hand one received buffer (header + frame, len bytes) to the stack.
 * 5.1.6.4: with GUEST_CSUM, DATA_VALID means the device checked the
 * checksum, NEEDS_CSUM that it was validated and only the pseudo-header
 * sum is stored (a local peer never computed it); either way the stack
 * need not check it. */
static void vnet_rx_one(struct vnet *v, const uint8_t *buf, uint32_t len)
{
	unsigned flags = 0;

	if (v->guest_csum &&
	    (buf[0] & (VNET_HDR_F_DATA_VALID | VNET_HDR_F_NEEDS_CSUM)))
		flags = NETDEV_RX_CSUM_OK;
	net_rx_flags(&v->dev, buf + VNET_HDR_LEN, len - VNET_HDR_LEN, flags);
}

static uint16_t get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* A frame spread over nb buffers (MRG_RXBUF), the first (header and
 * start, len bytes) in hand: gather the rest from the used ring into
 * rx_big and hand it on. Each buffer goes back to the device. If the
 * device has not returned them all yet, or they overflow 64 KiB, the
 * frame is dropped and the rest of its buffers skipped as they come. */
static void vnet_rx_merged(struct vnet *v, const uint8_t *first, uint32_t len,
                           uint16_t nb)
{
	uint32_t have = len;
	uint16_t id;
	uint32_t l;

	memcpy(v->rx_big, first, len);
	for (uint16_t i = 1; i < nb; i++) {
		if (!virtq_pop(&v->rx, &id, &l)) {
			v->rx_skip = nb - i;
			v->dev.stats.rx_errors++;
			return;
		}
		if (have + l <= VNET_HDR_LEN + NETDEV_TSO_FRAME_MAX)
			memcpy(v->rx_big + have, virtq_buf(&v->rx, id), l);
		have += l;
		virtq_post(&v->rx, id, VQ_BUF_SIZE, true);
	}
	if (have > VNET_HDR_LEN + NETDEV_TSO_FRAME_MAX) {
		v->dev.stats.rx_errors++;
		return;
	}
	v->dev.stats.rx_packets++;
	v->dev.stats.rx_bytes += have - VNET_HDR_LEN;
	vnet_rx_one(v, v->rx_big, have);
}

/* One used buffer (len bytes): a whole frame, the start of a merged one,
 * or a leftover of a dropped one. */
static void vnet_rx_buf(struct vnet *v, const uint8_t *buf, uint32_t len)
{
	uint16_t nb = v->mrg && len >= VNET_HDR_LEN ? get_le16(buf + 10) : 1;

	if (v->rx_skip) {
		v->rx_skip--;
	} else if (len < VNET_HDR_LEN + 14 || nb == 0 || nb > v->rx.size) {
		v->dev.stats.rx_errors++;
	} else if (nb > 1) {
		vnet_rx_merged(v, buf, len, nb);
	} else if (len > VNET_HDR_LEN + ETH_FRAME_MAX && !v->mrg) {
		v->dev.stats.rx_errors++;
	} else {
		v->dev.stats.rx_packets++;
		v->dev.stats.rx_bytes += len - VNET_HDR_LEN;
		vnet_rx_one(v, buf, len);
	}
}

static unsigned vnet_poll(struct netdev *dev, unsigned budget)
{
	struct vnet *v = dev->priv;
	unsigned n = 0;
	uint16_t id;
	uint32_t len;

	netdev_link_seen(dev, vnet_link(v));
	vnet_reclaim_tx(v);
	while (n < budget && virtq_pop(&v->rx, &id, &len)) {
		vnet_rx_buf(v, virtq_buf(&v->rx, id), len);
		/* net_rx copied what it keeps: the buffer goes straight back */
		virtq_post(&v->rx, id, VQ_BUF_SIZE, true);
		n++;
	}
	if (n && virtq_needs_notify(&v->rx))
		virtio_pci_notify(&v->vp, &v->rx);
	return n;
}

static const struct netdev_ops vnet_ops = {vnet_transmit, vnet_poll};

/* MSI-X entries 0 (config), 1 (RX), 2 (TX) if the device has three;
 * else the INTx line. Returns 0 or -1 (no interrupt at all). */
static int vnet_irqs(struct vnet *v)
{
	struct pci_dev *d = v->vp.pci;

	if (d->msix_cap && d->msix_entries >= 3) {
		bool ok = true;

		for (unsigned e = 0; e < 3 && ok; e++)
			ok = pci_enable_msix(d, e, vnet_irq, v) >= 0;
		if (ok && !virtio_pci_config_vector(&v->vp, 0))
			return 0;
		net_log("virtio-net: MSI-X refused, using INTx\n");
	}
	v->intx = true;
	if (d->irq_line < IRQ_ISA_COUNT &&
	    irq_request_isa(d->irq_line, vnet_irq, v) >= 0)
		return 0;
	return -1;
}

static int vnet_queues(struct vnet *v)
{
	uint16_t rxn = virtio_pci_queue_max(&v->vp, VNET_RXQ);
	uint16_t txn = virtio_pci_queue_max(&v->vp, VNET_TXQ);
	uint16_t none = VIRTIO_MSI_NO_VECTOR;

	rxn = rxn > VQ_MAX_SIZE ? VQ_MAX_SIZE : rxn;
	txn = txn > VQ_MAX_SIZE ? VQ_MAX_SIZE : txn;
	if (virtq_init(&v->rx, VNET_RXQ, rxn))
		return -1;
	if (virtq_init(&v->tx, VNET_TXQ, txn))
		return -1;
	if (virtio_pci_queue_enable(&v->vp, &v->rx, v->intx ? none : 1) ||
	    virtio_pci_queue_enable(&v->vp, &v->tx, v->intx ? none : 2))
		return -1;
	return 0;
}

static void vnet_read_mac(struct vnet *v, bool has_mac)
{
	uint8_t gen;

	if (!has_mac || v->vp.device_len < ETH_ALEN) {
		uint64_t r = csprng_u64();

		memcpy(v->dev.mac, &r, ETH_ALEN);
		v->dev.mac[0] = (uint8_t)((v->dev.mac[0] & 0xfe) | 0x02);
		return;
	}
	do {
		gen = virtio_pci_generation(&v->vp);
		for (unsigned i = 0; i < ETH_ALEN; i++)
			v->dev.mac[i] = v->vp.device[i];
	} while (gen != virtio_pci_generation(&v->vp));
}

/* Fill the RX ring with every buffer it has (5.1.6.3). */
static void vnet_fill_rx(struct vnet *v)
{
	int id;

	while ((id = virtq_take(&v->rx)) >= 0)
		virtq_post(&v->rx, (uint16_t)id, VQ_BUF_SIZE, true);
	virtio_pci_notify(&v->vp, &v->rx);
}

/* Large receive needs the gathering buffer: ask for GUEST_TSO4 and
 * MRG_RXBUF only if it could be had. */
static uint64_t vnet_rx_features(struct vnet *v)
{
	v->rx_big = kmalloc(VNET_HDR_LEN + NETDEV_TSO_FRAME_MAX);
	if (!v->rx_big)
		return 0;
	return BIT(VIRTIO_NET_F_GUEST_TSO4) | BIT(VIRTIO_NET_F_MRG_RXBUF);
}

/* Device initialisation, 3.1.1, steps 1-8. */
static int vnet_start(struct vnet *v, struct pci_dev *d)
{
	uint64_t feat;

	pci_enable(d, true);
	if (virtio_pci_map(&v->vp, d) || virtio_pci_reset(&v->vp))
		return -1;
	virtio_pci_add_status(&v->vp, VIRTIO_ST_ACKNOWLEDGE);
	virtio_pci_add_status(&v->vp, VIRTIO_ST_DRIVER);
	feat = virtio_pci_negotiate(
	    &v->vp,
	    BIT(VIRTIO_F_VERSION_1) | BIT(VIRTIO_NET_F_MAC) |
	        BIT(VIRTIO_NET_F_STATUS) | BIT(VIRTIO_NET_F_CSUM) |
	        BIT(VIRTIO_NET_F_GUEST_CSUM) | BIT(VIRTIO_NET_F_HOST_TSO4) |
	        vnet_rx_features(v),
	    BIT(VIRTIO_F_VERSION_1));
	if (!feat)
		return -1;
	v->has_status = feat & BIT(VIRTIO_NET_F_STATUS);
	v->guest_csum = feat & BIT(VIRTIO_NET_F_GUEST_CSUM);
	v->mrg = feat & BIT(VIRTIO_NET_F_MRG_RXBUF);
	/* 5.1.3.1: GUEST_TSO4 requires GUEST_CSUM */
	v->guest_tso =
	    v->guest_csum && v->mrg && (feat & BIT(VIRTIO_NET_F_GUEST_TSO4));
	/* virtq_send gathers any pieces: no device feature involved */
	v->dev.features = NETDEV_F_SG;
	if (feat & BIT(VIRTIO_NET_F_CSUM))
		v->dev.features |= NETDEV_F_TX_CSUM;
	/* 5.1.3.1: HOST_TSO4 requires CSUM */
	if ((feat & BIT(VIRTIO_NET_F_CSUM)) &&
	    (feat & BIT(VIRTIO_NET_F_HOST_TSO4)))
		v->dev.features |= NETDEV_F_TSO4;
	if (vnet_irqs(v) || vnet_queues(v))
		goto fail;
	vnet_read_mac(v, feat & BIT(VIRTIO_NET_F_MAC));
	virtio_pci_add_status(&v->vp, VIRTIO_ST_DRIVER_OK);
	vnet_fill_rx(v);
	v->dev.link_up = vnet_link(v);
	return 0;
fail:
	virtio_pci_add_status(&v->vp, VIRTIO_ST_FAILED);
	return -1;
}

static int vnet_probe(struct pci_dev *d, const struct pci_id *id)
{
	struct vnet *v = kcalloc(1, sizeof(*v));

	(void)id;
	if (!v)
		return -1;
	if (vnet_start(v, d)) {
		net_log("virtio-net %02x:%02x.%u: initialisation failed\n",
		        d->bus, d->dev, d->fn);
		virtq_free(&v->rx);
		virtq_free(&v->tx);
		kfree(v->rx_big);
		kfree(v);
		return -1;
	}
	v->dev.driver = "virtio-net";
	v->dev.mtu = 1500;
	v->dev.ops = &vnet_ops;
	v->dev.priv = v;
	d->driver_data = v;
	netdev_register(&v->dev);
	net_log("%s: virtio-net %02x:%02x.%u, rx %u tx %u, %s, link %s\n",
	        v->dev.name, d->bus, d->dev, d->fn, v->rx.size, v->tx.size,
	        v->intx ? "INTx" : "MSI-X", v->dev.link_up ? "up" : "down");
	net_log("virtio-net: features%s%s%s%s%s%s\n",
	        (v->dev.features & NETDEV_F_TX_CSUM) ? " csum" : "",
	        v->guest_csum ? " guest_csum" : "",
	        (v->dev.features & NETDEV_F_TSO4) ? " host_tso4" : "",
	        v->guest_tso ? " guest_tso4" : "", v->mrg ? " mrg_rxbuf" : "",
	        (v->dev.features & ~NETDEV_F_SG) || v->guest_csum || v->mrg
	            ? ""
	            : " none");
	return 0;
}

/* 4.1.2: modern-only devices are 0x1040 + type (net is 1); transitional
 * 0x1000 works too when it has the modern capabilities. */
static const struct pci_id vnet_ids[] = {
    {0x1af4, 0x1041, 0, 0},
    {0x1af4, 0x1000, 0, 0},
    {0, 0, 0, 0},
};
static struct pci_driver vnet_driver = {"virtio-net", vnet_ids, vnet_probe,
                                        NULL};

PCI_DRIVER(vnet_driver);
