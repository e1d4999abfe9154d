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
 * Free blocks of a slab form a list whose links live in the blocks, stored
 * as key2 ^ (address of the block holding it) ^ (offset of the next block
 * in the slab, or SLAB_NEXT_NULL); blocks never yet
 * handed out are taken from a bump index instead, so a new slab costs no
 * list building. Every pointer taken from the list is checked (inside the
 * slab, on a block boundary, bitmap says free) before it is handed out.
 *
 * Per class: a current slab per CPU (refills of a CPU's cache carve the
 * slab that CPU owns, so two CPUs' blocks do not share cache lines), a list
 * of partial slabs, a list of empty slabs. Full slabs sit on no list. A
 * class is pre-filled with slabs for `reserve` blocks and never shrinks
 * below that capacity; once it holds more than `bound` free blocks, slabs
 * that become empty go back to the slab source.
 *
 * Per-CPU caches (block_cache.c, fast paths in block_fast.h): every CPU
 * has, per class, a magazine (a stack of up to BLOCK_MAG_CAP free blocks)
 * and a depot behind it (a stack of up to BLOCK_DEPOT_CAP), both used
 * inside the platform's local section with no lock and no atomic
 * read-modify-write. An empty magazine takes BLOCK_MAG_MOVE blocks from
 * its depot, or from the slabs (under the platform lock) when the depot is
 * empty; a full one gives its oldest BLOCK_MAG_MOVE to its depot, or to
 * the slabs when the depot is full. A block freed on another CPU than the
 * one that allocated it simply goes into the freeing CPU's magazine; it
 * reaches other CPUs only through its slab.
 *
 * Hardening with the caches: a cached block (magazine or depot) is still
 * "allocated" in its slab's bitmap. The first word of a free block is
 * key2 ^ its address (key2 secret, per boot) XOR a mark: 0 while cached,
 * the next block's offset in the slab (or SLAB_NEXT_NULL) while on its
 * slab's free list. block_free checks at once the slab header, the block
 * boundary and that mark (0: double free of a cached block; an offset:
 * double free of a block in its slab, confirmed by the bitmap): every
 * double free is caught at the second free, without reading the bitmap.
 * Allocation from a magazine checks the tag (a freed block written
 * through a stale pointer, or a corrupted magazine, panics) and clears
 * it; returning a block to its slab checks the tag and the bitmap again;
 * popping a slab's list checks the decoded offset (inside the slab, block
 * boundary, bitmap says free). TERN_MM_DEBUG poisons cached blocks too.
 *
 * Locking: the slabs and class counters are under the platform lock
 * (mm/platform.h); the magazines and depots are per CPU.
 */
#ifndef MM_BLOCK_ALLOC_H
#define MM_BLOCK_ALLOC_H
#include <stddef.h>
#include <stdint.h>
#include <libk/list.h>
#include <mm/platform.h>

#define BLOCK_SLAB_SIZE (64u * 1024)
#define BLOCK_MAX_SIZE  4096u
#define BLOCK_MAX_ALIGN 4096u
#define BLOCK_NCLASSES  27
#define BLOCK_MAG_CAP   32 /* blocks a CPU caches per class at most */
#define BLOCK_MAG_MOVE  16 /* blocks a refill or flush moves at once */
#define BLOCK_DEPOT_CAP 64 /* blocks a CPU's depot of a class holds at most */

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

/* Geometry first: every free on every CPU reads it, and the fields after
 * it, which the slab layer writes, start a new cache line. cur[cpu] is the
 * slab CPU cpu's refills carve (NULL: none yet). */
struct block_class {
	uint32_t size, align, nblocks, first_off;
	uint64_t recip; /* ceil(2^32 / size): index = (off * recip) >> 32 */
	uint32_t reserve, bound;
	_Alignas(64) struct slab *cur[MM_MAX_CPUS];
	struct list_node partial, empty;
	uint64_t capacity, nslabs;
	uint64_t out, high_water; /* blocks out of slabs (live + cached) */
};

/* One CPU's cache of one class; allocs/frees count that CPU's calls. */
struct block_mag {
	uint32_t n;
	uint64_t allocs, frees;
	void *slot[BLOCK_MAG_CAP];
};

/* The depot behind one CPU's magazine of one class. */
struct block_depot {
	uint32_t n;
	void *slot[BLOCK_DEPOT_CAP];
};

/* The magazines (the fast paths' data, kept together) before the
 * depots. */
struct block_cpu {
	_Alignas(64) struct block_mag mag[BLOCK_NCLASSES];
	struct block_depot depot[BLOCK_NCLASSES];
};

struct block_alloc {
	struct block_class cls[BLOCK_NCLASSES];
	uint8_t by8[1024 / 8 + 1];               /* size <= 1024 */
	uint8_t by128[BLOCK_MAX_SIZE / 128 + 1]; /* size <= 4096 */
	struct slab_source src;
	uint64_t key, tag_key;
	const struct mm_platform *plat; /* lock, CPU index, local section */
	struct block_cpu cpu[MM_MAX_CPUS];
};

/* The class sizes, ascending. */
extern const uint32_t block_class_sizes[BLOCK_NCLASSES];

/* Defaults: one slab's worth of reserve and a bound of two slabs' worth. */
void block_default_config(struct block_config *cfg);

/*
 * Set up ba over src with the per-boot key (random) and cfg (NULL:
 * defaults), and pre-fill every reserve. plat gives the lock, the CPU
 * index and the local section (NULL: one CPU, no lock). Returns 0, or -1
 * if the source ran dry while pre-filling (ba is then still usable).
 */
int block_init(struct block_alloc *ba, const struct slab_source *src,
               uint64_t key, const struct block_config *cfg,
               const struct mm_platform *plat);

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

/* Statistics of class cls. allocs, frees and live count the callers'
 * blocks (summed over CPUs: a snapshot); high_water is the most blocks out
 * of slabs at once (live plus cached); free_blocks includes cached ones. */
void block_stats(const struct block_alloc *ba, unsigned cls,
                 struct block_stats *out);

/* Give every CPU's magazines and depots back to the slabs (with the
 * checks of a slab free). No other CPU may be using ba meanwhile (host:
 * threads joined; kernel: only the boot CPU allocates yet). */
void block_drain(struct block_alloc *ba);
/* The part of block_drain that is safe while other CPUs allocate: the
 * calling CPU's magazines and depots, back to the slabs. */
void block_drain_local(struct block_alloc *ba);

/* block_drain, then block_trim_slabs (block_drain's precondition). */
void block_trim(struct block_alloc *ba);
/* Give empty slabs (current ones included) back to the source while each
 * class keeps its reserve. Only the slab layer, under the lock: safe while
 * other CPUs allocate (blocks in caches stay where they are). */
void block_trim_slabs(struct block_alloc *ba);
#endif
