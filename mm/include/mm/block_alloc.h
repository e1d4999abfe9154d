/* SPDX-License-Identifier: MIT */
/*
 * Block allocator: fixed-size blocks in size classes, carved from 64 KiB
 * slabs aligned to 64 KiB, so the slab of any block is its address rounded
 * down. Each slab starts with a header and an allocated-bitmap:
 *
 *   slab (BLOCK_SLAB_SIZE, aligned to its size)
 *   +-------------+-----------------+-----+--------+--------+-----+--------+
 *   | struct slab | bitmap, 1 bit   | pad | block0 | block1 | ... | blockN |
 *   | magic, head | per block (1 =  |     |        |        |     |        |
 *   | counts      | allocated)      |     |        |        |     |        |
 *   +-------------+-----------------+-----+--------+--------+-----+--------+
 *                                         ^ first_off, aligned to the class
 *                                           alignment (largest power of two
 *                                           dividing the size, <= 4096)
 *
 * Free blocks of a slab form a list whose next pointers live in the blocks,
 * stored as next ^ key ^ (address of the block holding it); blocks never yet
 * handed out are taken from a bump index instead, so a new slab costs no
 * list building. Every pointer taken from the list is checked (inside the
 * slab, on a block boundary, bitmap says free) before it is handed out.
 *
 * Per class: a current slab (the fast path), a list of partial slabs, a
 * list of empty slabs. Full slabs sit on no list. A class is pre-filled
 * with slabs for `reserve` blocks and never shrinks below that capacity;
 * once it holds more than `bound` free blocks, slabs that become empty go
 * back to the slab source.
 *
 * Not thread-safe: the caller serialises (one CPU today; per-CPU current
 * slabs are the natural SMP extension).
 */
#ifndef MM_BLOCK_ALLOC_H
#define MM_BLOCK_ALLOC_H
#include <stddef.h>
#include <stdint.h>
#include <libk/list.h>

#define BLOCK_SLAB_SIZE (64u * 1024)
#define BLOCK_MAX_SIZE  4096u
#define BLOCK_MAX_ALIGN 4096u
#define BLOCK_NCLASSES  27

/* Supplies and takes back BLOCK_SLAB_SIZE bytes aligned to
 * BLOCK_SLAB_SIZE; get returns NULL when memory is exhausted. */
struct slab_source {
	void *ctx;
	void *(*get)(void *ctx);
	void (*put)(void *ctx, void *slab);
};

/* Reserve and bound per class, in blocks. */
struct block_config {
	uint32_t reserve[BLOCK_NCLASSES];
	uint32_t bound[BLOCK_NCLASSES];
};

struct block_stats {
	uint32_t size, align, per_slab;
	uint64_t allocs, frees, live, high_water, slabs, pages, free_blocks;
};

struct slab;

struct block_class {
	struct slab *cur;
	struct list_node partial, empty;
	uint32_t size, align, nblocks, first_off;
	uint64_t recip; /* ceil(2^32 / size): index = (off * recip) >> 32 */
	uint32_t reserve, bound;
	uint64_t capacity, nslabs;
	uint64_t frees, live, high_water; /* allocs = frees + live */
};

struct block_alloc {
	struct block_class cls[BLOCK_NCLASSES];
	uint8_t by8[1024 / 8 + 1];               /* size <= 1024 */
	uint8_t by128[BLOCK_MAX_SIZE / 128 + 1]; /* size <= 4096 */
	struct slab_source src;
	uint64_t key;
};

/* The class sizes, ascending. */
extern const uint32_t block_class_sizes[BLOCK_NCLASSES];

/* Defaults: one slab's worth of reserve and a bound of two slabs' worth. */
void block_default_config(struct block_config *cfg);

/*
 * Set up ba over src with the per-boot key (non-zero; random) and cfg
 * (NULL: defaults), and pre-fill every reserve. Returns 0, or -1 if the
 * source ran dry while pre-filling (ba is then still usable).
 */
int block_init(struct block_alloc *ba, const struct slab_source *src,
               uint64_t key, const struct block_config *cfg);

/* The smallest class whose blocks hold size bytes aligned to align (a power
 * of two), or -1 if there is none (size > 4096 or align > 4096). */
int block_class_for(const struct block_alloc *ba, size_t size, size_t align);

/* A block of class cls, or NULL when the source is exhausted. */
void *block_alloc(struct block_alloc *ba, unsigned cls);

/* Free a block. Panics on a double free, a pointer that is not the start of
 * a block, or a slab whose header is not valid. */
void block_free(struct block_alloc *ba, void *p);

/* The usable size of the live block p (its class size); panics like
 * block_free if p is not a live block. */
size_t block_usable_size(const struct block_alloc *ba, const void *p);

void block_stats(const struct block_alloc *ba, unsigned cls,
                 struct block_stats *out);

/* Give empty slabs back to the source while each class keeps its reserve. */
void block_trim(struct block_alloc *ba);
#endif
