/* SPDX-License-Identifier: MIT */
/*
 * Virtual-range nodes of the page allocator. The nodes tile the region in
 * address order (prev/next neighbours, so merging is O(1)). A free node
 * sits in a size-segregated bin (two-level: power of two, then 8 linear
 * sub-bins, with bitmaps: O(1) good fit); a live node, and one the page
 * cache keeps (marked cached), sits in a treap keyed by start address
 * (expected O(log n) lookup on free).
 *
 *   region:  [ live A |guard][ free ][ live B |guard][     free      ]
 *   nodes:   A <-------------> F1 <--> B <-------------> F2   (neighbours)
 *   bins:    F1 in bin(size F1), F2 in bin(size F2)
 *   treap:   A, B keyed by start
 */
#ifndef MM_VRANGE_H
#define MM_VRANGE_H
#include <stdbool.h>
#include <stdint.h>

#define VR_FL 48 /* first-level bins: sizes up to 2^50 pages */
#define VR_SL 8  /* second-level bins per first level */

struct vr_node {
	uint64_t start;              /* virtual address */
	uint64_t npages;             /* pages, guard included */
	struct vr_node *prev, *next; /* address-order neighbours */
	union {
		struct { /* free: bin list */
			struct vr_node *bin_prev, *bin_next;
		};
		struct { /* live: treap */
			struct vr_node *left, *right;
		};
	};
	uint32_t prio;
	uint16_t free;   /* in a bin */
	uint16_t cached; /* in the treap, but in the page cache: not live */
};

struct vr_bins {
	uint64_t fl_map;
	uint8_t sl_map[VR_FL];
	struct vr_node *head[VR_FL][VR_SL];
};

void vr_bin_insert(struct vr_bins *b, struct vr_node *n);
void vr_bin_remove(struct vr_bins *b, struct vr_node *n);
/* A free node of at least npages pages, removed from its bin, or NULL. */
struct vr_node *vr_bin_take(struct vr_bins *b, uint64_t npages);

/* Treap of live nodes keyed by start (priorities: caller, random). */
void vr_tree_insert(struct vr_node **root, struct vr_node *n);
/* Remove and return the node starting at start, or NULL. */
struct vr_node *vr_tree_remove(struct vr_node **root, uint64_t start);
struct vr_node *vr_tree_find(struct vr_node *root, uint64_t start);
/* The node with the greatest start <= addr, or NULL. */
struct vr_node *vr_tree_floor(struct vr_node *root, uint64_t addr);
#endif
