/* SPDX-License-Identifier: MIT */
/*
 * Intrusive circular doubly-linked list. A list is a sentinel node; an
 * empty list's sentinel points at itself. Embed a struct list_node in your
 * own struct and get back to it with list_entry (container_of).
 *
 *   head <-> a <-> b <-> c <-> (head)
 */
#ifndef LIBK_LIST_H
#define LIBK_LIST_H
#include <stdbool.h>
#include <stddef.h>
#include <libk/bitops.h>

struct list_node {
	struct list_node *next, *prev;
};

/* Static initializer: struct list_node l = LIST_INIT(l); */
#define LIST_INIT(name)                                                        \
	{                                                                      \
		&(name), &(name)                                               \
	}

static inline void list_init(struct list_node *head)
{
	head->next = head;
	head->prev = head;
}

static inline bool list_empty(const struct list_node *head)
{
	return head->next == head;
}

static inline void list_link_between(struct list_node *node,
                                     struct list_node *prev,
                                     struct list_node *next)
{
	node->prev = prev;
	node->next = next;
	prev->next = node;
	next->prev = node;
}

/* Insert node first / last. node must not be on a list. */
static inline void list_add_head(struct list_node *head, struct list_node *node)
{
	list_link_between(node, head, head->next);
}

static inline void list_add_tail(struct list_node *head, struct list_node *node)
{
	list_link_between(node, head->prev, head);
}

/* Unlink node and make it an empty list of its own, so a second list_del
 * is harmless. */
static inline void list_del(struct list_node *node)
{
	node->prev->next = node->next;
	node->next->prev = node->prev;
	list_init(node);
}

/* First / last node, or NULL when empty. */
static inline struct list_node *list_first(const struct list_node *head)
{
	return list_empty(head) ? NULL : head->next;
}

static inline struct list_node *list_last(const struct list_node *head)
{
	return list_empty(head) ? NULL : head->prev;
}

#define list_entry(node, type, member) container_of(node, type, member)

/* Iterate over nodes; do not remove pos inside the loop. */
#define list_for_each(pos, head)                                               \
	for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)

/* Iterate; pos may be removed (list_del) inside the loop. */
#define list_for_each_safe(pos, tmp, head)                                     \
	for ((pos) = (head)->next, (tmp) = (pos)->next; (pos) != (head);       \
	     (pos) = (tmp), (tmp) = (pos)->next)

/* Iterate over the containing structs: pos is a `type *`. */
#define list_for_each_entry(pos, head, member)                                 \
	for ((pos) = list_entry((head)->next, __typeof__(*(pos)), member);     \
	     &(pos)->member != (head);                                         \
	     (pos) =                                                           \
	         list_entry((pos)->member.next, __typeof__(*(pos)), member))
#endif
