/* SPDX-License-Identifier: MIT */
/*
 * The virtio 1.x PCI transport, modern interface only (Virtual I/O Device
 * (VIRTIO) Version 1.1, 4.1). The device's registers live in BAR regions
 * that vendor-specific capabilities point at (4.1.4):
 *
 *   cap: +0 vndr 0x09 | next | len | cfg_type | bar | pad[3]
 *        +8 offset (le32)  +12 length (le32)
 *        (+16 notify_off_multiplier, le32, NOTIFY_CFG only)
 *
 *   cfg_type 1 COMMON  feature bits, status, queue setup   (4.1.4.3)
 *            2 NOTIFY  queue doorbells at
 *                      offset + queue_notify_off * multiplier (4.1.4.4)
 *            3 ISR     read-to-clear interrupt cause for INTx (4.1.4.5)
 *            4 DEVICE  the device type's config (virtio-net: the MAC)
 */
#ifndef KERNEL_DRIVERS_VIRTIO_VIRTIO_PCI_H
#define KERNEL_DRIVERS_VIRTIO_VIRTIO_PCI_H
#include <stdbool.h>
#include <stdint.h>
#include "pci/pci.h"

/* Device status bits (2.1). */
#define VIRTIO_ST_ACKNOWLEDGE 1u
#define VIRTIO_ST_DRIVER      2u
#define VIRTIO_ST_DRIVER_OK   4u
#define VIRTIO_ST_FEATURES_OK 8u
#define VIRTIO_ST_NEEDS_RESET 64u
#define VIRTIO_ST_FAILED      128u

#define VIRTIO_F_VERSION_1   32 /* feature bit number (6) */
#define VIRTIO_MSI_NO_VECTOR 0xffff

struct virtq;

struct virtio_pci {
	struct pci_dev *pci;
	volatile uint8_t *common, *isr, *device, *notify;
	uint32_t notify_mult;
	uint32_t device_len, notify_len;
};

/* Find and map the four regions. 0, or -1 if one is missing. */
int virtio_pci_map(struct virtio_pci *vp, struct pci_dev *pci);

/* Write 0 to device_status and wait for it to read 0 (4.1.4.3.2). */
int virtio_pci_reset(struct virtio_pci *vp);
uint8_t virtio_pci_status(struct virtio_pci *vp);
void virtio_pci_add_status(struct virtio_pci *vp, uint8_t bits);

/*
 * Feature negotiation (3.1.1 steps 4-6): read the device's 64 feature
 * bits, accept want & offered, write them, set FEATURES_OK and read the
 * status back to check the device kept it. `need` bits must be offered.
 * Returns the accepted set, 0 on failure (status FAILED is set).
 */
uint64_t virtio_pci_negotiate(struct virtio_pci *vp, uint64_t want,
                              uint64_t need);

/* Queue index's maximum size (0: no such queue). */
uint16_t virtio_pci_queue_max(struct virtio_pci *vp, uint16_t index);
/* Give the device vq's rings, its size and MSI-X entry (or
 * VIRTIO_MSI_NO_VECTOR), read the vector back, enable the queue.
 * 0, or -1 if the device refused the vector. */
int virtio_pci_queue_enable(struct virtio_pci *vp, struct virtq *vq,
                            uint16_t msix_entry);
/* Config-change interrupts go to MSI-X entry (or NO_VECTOR). 0 or -1. */
int virtio_pci_config_vector(struct virtio_pci *vp, uint16_t entry);
/* Ring vq's doorbell. */
void virtio_pci_notify(struct virtio_pci *vp, struct virtq *vq);
/* INTx: the ISR byte (bit 0 queue, bit 1 config), cleared by the read. */
uint8_t virtio_pci_isr(struct virtio_pci *vp);
/* config_generation (4.1.4.3): re-read device config until it is stable. */
uint8_t virtio_pci_generation(struct virtio_pci *vp);
#endif
