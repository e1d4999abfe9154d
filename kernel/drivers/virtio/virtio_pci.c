/* SPDX-License-Identifier: MIT */
/* The virtio 1.x modern PCI transport (VIRTIO 1.1, 4.1.4). */
#include "drivers/virtio/virtio_pci.h"
#include "drivers/virtio/virtqueue.h"
#include "time/time.h"

/* virtio_pci_common_cfg offsets (4.1.4.3). */
enum {
	CC_DFSELECT = 0x00,
	CC_DF = 0x04,
	CC_GFSELECT = 0x08,
	CC_GF = 0x0c,
	CC_MSIX_CONFIG = 0x10,
	CC_NUM_QUEUES = 0x12,
	CC_STATUS = 0x14,
	CC_GENERATION = 0x15,
	CC_Q_SELECT = 0x16,
	CC_Q_SIZE = 0x18,
	CC_Q_MSIX = 0x1a,
	CC_Q_ENABLE = 0x1c,
	CC_Q_NOTIFY_OFF = 0x1e,
	CC_Q_DESC = 0x20,
	CC_Q_DRIVER = 0x28,
	CC_Q_DEVICE = 0x30,
	CC_SIZE = 0x38,
};

enum { CFG_COMMON = 1, CFG_NOTIFY = 2, CFG_ISR = 3, CFG_DEVICE = 4 };

static void w8(volatile uint8_t *b, unsigned off, uint8_t v)
{
	*(volatile uint8_t *)(b + off) = v;
}
static void w16(volatile uint8_t *b, unsigned off, uint16_t v)
{
	*(volatile uint16_t *)(b + off) = v;
}
static void w32(volatile uint8_t *b, unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(b + off) = v;
}
static uint16_t r16(volatile uint8_t *b, unsigned off)
{
	return *(volatile uint16_t *)(b + off);
}
static uint32_t r32(volatile uint8_t *b, unsigned off)
{
	return *(volatile uint32_t *)(b + off);
}

/* 4.1.3.1: 64-bit fields may be written as two 32-bit halves. */
static void w64(volatile uint8_t *b, unsigned off, uint64_t v)
{
	w32(b, off, (uint32_t)v);
	w32(b, off + 4, (uint32_t)(v >> 32));
}

/* The region a vendor capability at config offset c describes, mapped;
 * NULL if its BAR is not memory or the range lies outside it. */
static volatile uint8_t *cap_region(struct pci_dev *d, uint8_t c,
                                    uint32_t min_len, uint32_t *len_out)
{
	uint32_t w0 = pci_read32(d, c), w1 = pci_read32(d, c + 4);
	uint8_t bar = (uint8_t)w1, *base;
	uint32_t off = pci_read32(d, c + 8), len = pci_read32(d, c + 12);

	(void)w0;
	if (bar > 5 || len < min_len || (uint64_t)off + len > d->bar[bar].size)
		return NULL;
	base = pci_map_bar(d, bar);
	if (!base)
		return NULL;
	if (len_out)
		*len_out = len;
	return base + off;
}

int virtio_pci_map(struct virtio_pci *vp, struct pci_dev *d)
{
	vp->pci = d;
	vp->common = vp->isr = vp->device = vp->notify = NULL;
	for (unsigned i = 0; i < d->ncaps; i++) {
		uint8_t c = d->caps[i].offset;
		uint8_t type;

		if (d->caps[i].id != PCI_CAP_VNDR)
			continue;
		type = (uint8_t)(pci_read32(d, c) >> 24);
		if (type == CFG_COMMON && !vp->common)
			vp->common = cap_region(d, c, CC_SIZE, NULL);
		else if (type == CFG_ISR && !vp->isr)
			vp->isr = cap_region(d, c, 1, NULL);
		else if (type == CFG_DEVICE && !vp->device)
			vp->device = cap_region(d, c, 1, &vp->device_len);
		else if (type == CFG_NOTIFY && !vp->notify) {
			vp->notify = cap_region(d, c, 2, &vp->notify_len);
			vp->notify_mult = pci_read32(d, c + 16);
		}
	}
	return vp->common && vp->isr && vp->device && vp->notify ? 0 : -1;
}

uint8_t virtio_pci_status(struct virtio_pci *vp)
{
	return vp->common[CC_STATUS];
}

void virtio_pci_add_status(struct virtio_pci *vp, uint8_t bits)
{
	w8(vp->common, CC_STATUS, (uint8_t)(virtio_pci_status(vp) | bits));
}

int virtio_pci_reset(struct virtio_pci *vp)
{
	w8(vp->common, CC_STATUS, 0);
	for (int i = 0; i < 1000; i++) {
		if (!virtio_pci_status(vp))
			return 0;
		time_sleep_busy_ns(100000);
	}
	return -1;
}

static uint64_t read_features(struct virtio_pci *vp)
{
	uint64_t f;

	w32(vp->common, CC_DFSELECT, 0);
	f = r32(vp->common, CC_DF);
	w32(vp->common, CC_DFSELECT, 1);
	return f | (uint64_t)r32(vp->common, CC_DF) << 32;
}

uint64_t virtio_pci_negotiate(struct virtio_pci *vp, uint64_t want,
                              uint64_t need)
{
	uint64_t offered = read_features(vp), got = offered & want;

	if ((offered & need) != need)
		goto fail;
	w32(vp->common, CC_GFSELECT, 0);
	w32(vp->common, CC_GF, (uint32_t)got);
	w32(vp->common, CC_GFSELECT, 1);
	w32(vp->common, CC_GF, (uint32_t)(got >> 32));
	virtio_pci_add_status(vp, VIRTIO_ST_FEATURES_OK);
	/* 3.1.1 step 6: the device may refuse the subset by clearing it. */
	if (!(virtio_pci_status(vp) & VIRTIO_ST_FEATURES_OK))
		goto fail;
	return got;
fail:
	virtio_pci_add_status(vp, VIRTIO_ST_FAILED);
	return 0;
}

uint16_t virtio_pci_queue_max(struct virtio_pci *vp, uint16_t index)
{
	if (index >= r16(vp->common, CC_NUM_QUEUES))
		return 0;
	w16(vp->common, CC_Q_SELECT, index);
	return r16(vp->common, CC_Q_SIZE);
}

int virtio_pci_queue_enable(struct virtio_pci *vp, struct virtq *vq,
                            uint16_t msix_entry)
{
	volatile uint8_t *c = vp->common;

	w16(c, CC_Q_SELECT, vq->index);
	w16(c, CC_Q_SIZE, vq->size);
	w16(c, CC_Q_MSIX, msix_entry);
	/* 4.1.5.1.2: the device answers NO_VECTOR if it cannot map it. */
	if (r16(c, CC_Q_MSIX) != msix_entry)
		return -1;
	w64(c, CC_Q_DESC, vq->desc_phys);
	w64(c, CC_Q_DRIVER, vq->avail_phys);
	w64(c, CC_Q_DEVICE, vq->used_phys);
	vq->notify_off = r16(c, CC_Q_NOTIFY_OFF);
	if ((uint64_t)vq->notify_off * vp->notify_mult + 2 > vp->notify_len)
		return -1;
	w16(c, CC_Q_ENABLE, 1);
	return 0;
}

int virtio_pci_config_vector(struct virtio_pci *vp, uint16_t entry)
{
	w16(vp->common, CC_MSIX_CONFIG, entry);
	return r16(vp->common, CC_MSIX_CONFIG) == entry ? 0 : -1;
}

void virtio_pci_notify(struct virtio_pci *vp, struct virtq *vq)
{
	/* 4.1.4.4: the doorbell of queue q is at queue_notify_off * mult;
	 * the value written is the queue index (no NOTIFICATION_DATA). */
	w16(vp->notify, (unsigned)vq->notify_off * vp->notify_mult, vq->index);
}

uint8_t virtio_pci_isr(struct virtio_pci *vp)
{
	return *vp->isr;
}

uint8_t virtio_pci_generation(struct virtio_pci *vp)
{
	return vp->common[CC_GENERATION];
}
