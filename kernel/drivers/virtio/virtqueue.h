/* SPDX-License-Identifier: MIT */
/*
 * Split virtqueues (VIRTIO 1.1, 2.6), driver side, one buffer per
 * descriptor. A net header and its frame share one buffer; a message
 * longer than a buffer (a TSO super-segment) goes out as a chain of them
 * (virtq_send, 2.7.5 F_NEXT).
 * One DMA allocation holds the rings and the buffers:
 *
 *   +--------------------+-----------------------+----------------------+
 *   | descriptor table   | available ring        | used ring            |
 *   | 16 B x size        | flags idx ring[size]  | flags idx            |
 *   | (16-aligned)       | used_event (2-aligned)| {id,len}[size]       |
 *   |                    |                       | avail_event (4-al.)  |
 *   +--------------------+-----------------------+----------------------+
 *   | buffer 0 | buffer 1 | ...  VQ_BUF_SIZE each, descriptor i -> buf i |
 *   +--------------------------------------------------------------------+
 *
 * The driver owns the descriptor table and avail ring; the device writes
 * the used ring. free_head..: descriptors not lent to the device.
 */
#ifndef KERNEL_DRIVERS_VIRTIO_VIRTQUEUE_H
#define KERNEL_DRIVERS_VIRTIO_VIRTQUEUE_H
#include <stdbool.h>
#include <stdint.h>
#include "drivers/dma.h"

#define VQ_BUF_SIZE        2048
#define VQ_MAX_SIZE        256
#define VIRTQ_DESC_F_NEXT  1
#define VIRTQ_DESC_F_WRITE 2 /* device writes the buffer (RX) */
#define VQ_NO_NEXT         0xffff

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtq_used_elem {
	uint32_t id;
	uint32_t len;
};

struct virtq {
	uint16_t index, size;
	uint16_t notify_off;
	struct dma_mem mem;
	volatile struct virtq_desc *desc;
	volatile uint16_t *avail; /* [0] flags, [1] idx, [2..] ring */
	volatile uint16_t *used;  /* [0] flags, [1] idx, then elems */
	volatile struct virtq_used_elem *used_ring;
	uint64_t desc_phys, avail_phys, used_phys;
	uint16_t avail_idx; /* next avail slot we publish (free-running) */
	uint16_t last_used; /* next used entry we consume */
	uint16_t nfree;     /* descriptors we hold */
	uint16_t free_stack[VQ_MAX_SIZE];
	bool lent[VQ_MAX_SIZE]; /* owned by the device now (chain heads) */
	/* the chain each lent head starts: next descriptor, VQ_NO_NEXT at
	 * its end (the driver's own copy: the device never reads it) */
	uint16_t chain_next[VQ_MAX_SIZE];
	uint64_t bad_used; /* used elements naming no lent buffer */
};

/* Allocate rings and size buffers. 0 or -1. */
int virtq_init(struct virtq *vq, uint16_t index, uint16_t size);
void virtq_free(struct virtq *vq);

/* The CPU address of descriptor id's buffer. */
void *virtq_buf(struct virtq *vq, uint16_t id);
/* Take a free descriptor: its id, or -1 if the device holds them all. */
int virtq_take(struct virtq *vq);
/* Lend descriptor id (len bytes of its buffer; device_writes for RX) to
 * the device through the avail ring. The caller notifies. */
void virtq_post(struct virtq *vq, uint16_t id, uint32_t len,
                bool device_writes);
/* The next used element: true and *id, *len if the device returned one.
 * Elements naming a descriptor the device does not hold, or a length
 * beyond the buffer, are skipped and counted in bad_used. */
bool virtq_pop(struct virtq *vq, uint16_t *id, uint32_t *len);
/* Give descriptor id, and the rest of its chain, back to the free stack
 * (TX completion). */
void virtq_release(struct virtq *vq, uint16_t id);
/* One piece of a message virtq_send gathers. */
struct virtq_piece {
	const void *p;
	uint32_t n;
};

/* Copy pc[0..npc) one after the other into as many free buffers as they
 * need and lend them to the device as one chain it reads. Returns 0, or
 * -1 with nothing taken when too few descriptors are free. The caller
 * notifies. */
int virtq_send(struct virtq *vq, const struct virtq_piece *pc, unsigned npc);
/* After publishing: does the device want a notification (2.7.10)? */
bool virtq_needs_notify(struct virtq *vq);
#endif
