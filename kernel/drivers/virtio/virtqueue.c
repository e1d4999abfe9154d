/* SPDX-License-Identifier: MIT */
/* Split virtqueues, driver side (VIRTIO 1.1, 2.6 and 2.7.13). */
#include <libk/string.h>
#include "drivers/virtio/virtqueue.h"

#define VIRTQ_USED_F_NO_NOTIFY 1 /* 2.6.10 */

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* Byte offsets of the parts (2.6: table 16-aligned, avail 2, used 4). */
static void layout(uint16_t size, uint64_t *avail, uint64_t *used,
                   uint64_t *bufs)
{
	*avail = 16ull * size;
	*used = align_up(*avail + 6 + 2ull * size, 4);
	*bufs = align_up(*used + 6 + 8ull * size, 4096);
}

int virtq_init(struct virtq *vq, uint16_t index, uint16_t size)
{
	uint64_t avail, used, bufs;
	uint8_t *base;

	if (!size || size > VQ_MAX_SIZE || (size & (size - 1)))
		return -1;
	layout(size, &avail, &used, &bufs);
	memset(vq, 0, sizeof(*vq));
	if (dma_alloc(&vq->mem, bufs + (uint64_t)size * VQ_BUF_SIZE))
		return -1;
	base = vq->mem.virt;
	vq->index = index;
	vq->size = size;
	vq->desc = (volatile struct virtq_desc *)base;
	vq->avail = (volatile uint16_t *)(base + avail);
	vq->used = (volatile uint16_t *)(base + used);
	vq->used_ring = (volatile struct virtq_used_elem *)(base + used + 4);
	vq->desc_phys = vq->mem.phys;
	vq->avail_phys = vq->mem.phys + avail;
	vq->used_phys = vq->mem.phys + used;
	for (uint16_t i = 0; i < size; i++) {
		vq->desc[i].addr =
		    vq->mem.phys + bufs + (uint64_t)i * VQ_BUF_SIZE;
		vq->free_stack[i] = (uint16_t)(size - 1 - i);
		vq->chain_next[i] = VQ_NO_NEXT;
	}
	vq->nfree = size;
	return 0;
}

void virtq_free(struct virtq *vq)
{
	dma_free(&vq->mem);
}

void *virtq_buf(struct virtq *vq, uint16_t id)
{
	uint64_t avail, used, bufs;

	layout(vq->size, &avail, &used, &bufs);
	return (uint8_t *)vq->mem.virt + bufs + (uint64_t)id * VQ_BUF_SIZE;
}

/* Publish the chain (or single descriptor) starting at head. */
static void publish(struct virtq *vq, uint16_t head)
{
	vq->lent[head] = true;
	vq->avail[2 + vq->avail_idx % vq->size] = head;
	/* 2.7.13 step 3: the descriptor and the ring entry must be visible
	 * before the new idx. x86 keeps stores in order (SDM 3A 8.2.2), so
	 * only the compiler must not move them: a compiler barrier. */
	dma_wmb();
	vq->avail_idx++;
	vq->avail[1] = vq->avail_idx;
}

void virtq_post(struct virtq *vq, uint16_t id, uint32_t len, bool device_writes)
{
	vq->desc[id].len = len;
	vq->desc[id].flags = device_writes ? VIRTQ_DESC_F_WRITE : 0;
	vq->desc[id].next = 0;
	vq->chain_next[id] = VQ_NO_NEXT;
	publish(vq, id);
}

/* Copy src[0..n) into the chain being built at *off bytes into it:
 * ids[] are its descriptors, each buffer VQ_BUF_SIZE bytes. */
static void chain_copy(struct virtq *vq, const uint16_t *ids, uint32_t *off,
                       const uint8_t *src, uint32_t n)
{
	while (n) {
		uint32_t in = *off % VQ_BUF_SIZE, k = VQ_BUF_SIZE - in;
		uint8_t *dst = virtq_buf(vq, ids[*off / VQ_BUF_SIZE]);

		k = k < n ? k : n;
		memcpy(dst + in, src, k);
		src += k;
		n -= k;
		*off += k;
	}
}

int virtq_send(struct virtq *vq, const struct virtq_piece *pc, unsigned npc)
{
	uint32_t total = 0, off = 0;
	uint16_t ids[VQ_MAX_SIZE];

	for (unsigned k = 0; k < npc; k++)
		total += pc[k].n;
	uint32_t n = (total + VQ_BUF_SIZE - 1) / VQ_BUF_SIZE;
	if (!n || n > vq->nfree)
		return -1;
	for (uint32_t i = 0; i < n; i++)
		ids[i] = (uint16_t)virtq_take(vq);
	for (unsigned k = 0; k < npc; k++)
		chain_copy(vq, ids, &off, pc[k].p, pc[k].n);
	for (uint32_t i = 0; i < n; i++) {
		bool last = i + 1 == n;

		vq->desc[ids[i]].len =
		    last ? total - i * VQ_BUF_SIZE : VQ_BUF_SIZE;
		vq->desc[ids[i]].flags = last ? 0 : VIRTQ_DESC_F_NEXT;
		vq->desc[ids[i]].next = last ? 0 : ids[i + 1];
		vq->chain_next[ids[i]] = last ? VQ_NO_NEXT : ids[i + 1];
	}
	publish(vq, ids[0]);
	return 0;
}

int virtq_take(struct virtq *vq)
{
	return vq->nfree ? vq->free_stack[--vq->nfree] : -1;
}

bool virtq_pop(struct virtq *vq, uint16_t *id, uint32_t *len)
{
	volatile struct virtq_used_elem *e;
	uint32_t eid, elen;

	while (vq->used[1] != vq->last_used) {
		/* 2.7.14: read used idx before the element it covers. Loads
		 * are not reordered with loads on x86: a compiler barrier. */
		dma_rmb();
		e = &vq->used_ring[vq->last_used % vq->size];
		eid = e->id;
		elen = e->len;
		vq->last_used++;
		if (eid >= vq->size || !vq->lent[eid] ||
		    (elen > VQ_BUF_SIZE && vq->chain_next[eid] == VQ_NO_NEXT)) {
			vq->bad_used++;
			continue;
		}
		vq->lent[eid] = false;
		*id = (uint16_t)eid;
		*len = elen;
		return true;
	}
	return false;
}

void virtq_release(struct virtq *vq, uint16_t id)
{
	for (unsigned k = 0; k < vq->size && vq->nfree < vq->size; k++) {
		uint16_t next = vq->chain_next[id];

		vq->chain_next[id] = VQ_NO_NEXT;
		vq->free_stack[vq->nfree++] = id;
		if (next == VQ_NO_NEXT)
			return;
		id = next;
	}
}

bool virtq_needs_notify(struct virtq *vq)
{
	/* 2.7.13.3 / 2.7.10: the idx store must be globally visible before
	 * we read the device's NO_NOTIFY flag, or both sides may decide the
	 * other will act. Store-then-load is the one reordering x86 does:
	 * a full fence (mfence). */
	dma_mb();
	return !(vq->used[0] & VIRTQ_USED_F_NO_NOTIFY);
}
