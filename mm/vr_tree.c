/* SPDX-License-Identifier: MIT */
/*
 * Treap of live virtual ranges keyed by start address: a binary search tree
 * on keys and a max-heap on random priorities, hence expected depth
 * O(log n). Written with split/merge, recursion depth = tree depth.
 */
#include <stddef.h>
#include <mm/vrange.h>

/* Split t into keys < key (*l) and keys >= key (*r). */
static void split(struct vr_node *t, uint64_t key, struct vr_node **l,
                  struct vr_node **r)
{
	if (!t) {
		*l = *r = NULL;
	} else if (t->start < key) {
		split(t->right, key, &t->right, r);
		*l = t;
	} else {
		split(t->left, key, l, &t->left);
		*r = t;
	}
}

/* Join l and r, every key of l below every key of r. */
static struct vr_node *merge(struct vr_node *l, struct vr_node *r)
{
	if (!l)
		return r;
	if (!r)
		return l;
	if (l->prio > r->prio) {
		l->right = merge(l->right, r);
		return l;
	}
	r->left = merge(l, r->left);
	return r;
}

void vr_tree_insert(struct vr_node **root, struct vr_node *n)
{
	struct vr_node **link = root;

	while (*link && (*link)->prio >= n->prio)
		link = n->start < (*link)->start ? &(*link)->left
		                                 : &(*link)->right;
	split(*link, n->start, &n->left, &n->right);
	*link = n;
}

struct vr_node *vr_tree_remove(struct vr_node **root, uint64_t start)
{
	struct vr_node **link = root;

	while (*link && (*link)->start != start)
		link =
		    start < (*link)->start ? &(*link)->left : &(*link)->right;
	struct vr_node *n = *link;

	if (n)
		*link = merge(n->left, n->right);
	return n;
}

struct vr_node *vr_tree_find(struct vr_node *root, uint64_t start)
{
	while (root && root->start != start)
		root = start < root->start ? root->left : root->right;
	return root;
}

struct vr_node *vr_tree_floor(struct vr_node *root, uint64_t addr)
{
	struct vr_node *best = NULL;

	while (root) {
		if (root->start <= addr) {
			best = root;
			root = root->right;
		} else {
			root = root->left;
		}
	}
	return best;
}
