/*
 * libmcr prefix trie: a map from canonical prefixes (one address family per
 * trie) to caller-owned values, with longest-prefix match and walks over the
 * prefixes covered by, or covering, a given prefix.
 *
 * This header is the contract; lib/trie.c documents the algorithm (a
 * path-compressed binary radix tree), sized for 1M prefixes.
 *
 * Values are opaque `void *` owned by the caller; the trie never frees
 * them.  NULL is not a valid value (mcr_trie_find returning NULL means
 * "absent").
 *
 * Walk callbacks must not modify the trie (nor, in a group, any trie of
 * the group); return non-zero to stop the walk early (the walk then
 * returns that value).
 *
 * Groups: tries created in one struct mcr_trie_group share their nodes,
 * so that the same prefix in many of them is one node, found once: after
 * any operation on a prefix, exact operations on that prefix in any trie
 * of the group take O(1).  Each trie still behaves as its own map; walks
 * of one then visit the whole group's nodes (O(group), not O(count)).
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MCR_TRIE_H
#define MCR_TRIE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mcr/error.h"
#include "mcr/prefix.h"

struct mcr_trie;
struct mcr_trie_group;

typedef int (*mcr_trie_walk_cb)(const struct mcr_prefix *p, void *value,
				void *arg);
/* For walks of a trie used as a set (values ignored). */
typedef int (*mcr_trie_prefix_cb)(const struct mcr_prefix *p, void *arg);

/* New empty trie for @family (MCR_AF_INET or MCR_AF_INET6). O(1). */
struct mcr_trie *mcr_trie_new(uint8_t family);
/* Free the trie's nodes (not the values).  O(n); in a group its
 * prefixes leave the group, O(group + n W). */
void mcr_trie_free(struct mcr_trie *t);

/* New empty group for @family; NULL for another family. O(1). */
struct mcr_trie_group *mcr_trie_group_new(uint8_t family);
/* A new empty trie sharing @g's nodes. O(1). */
struct mcr_trie *mcr_trie_new_in(struct mcr_trie_group *g);
/* Free @g, whose tries must all have been freed. NULL is a no-op. */
void mcr_trie_group_free(struct mcr_trie_group *g);

/*
 * Insert @p -> @value.  MCR_EEXIST if @p is present (use mcr_trie_replace),
 * MCR_EINVAL if @p is of the other family or @value is NULL.  O(W).
 */
enum mcr_err mcr_trie_insert(struct mcr_trie *t, const struct mcr_prefix *p,
			     void *value);
/* Set @p -> @value, returning the previous value or NULL. O(W). */
void *mcr_trie_replace(struct mcr_trie *t, const struct mcr_prefix *p,
		       void *value);
/*
 * Find or create: the value slot of @p.  If @p was absent it is added
 * (*created = true, the slot holds NULL) and the caller must store a
 * non-NULL value in it before any other call on @t.  The slot stays valid
 * until @p is deleted from @t (in a group: until the next insertion or
 * deletion in any trie of the group).  NULL if @p is of the other family.
 * One descent instead of find + insert. O(W).
 */
void **mcr_trie_get(struct mcr_trie *t, const struct mcr_prefix *p,
		    bool *created);
/* Remove @p; returns its value, or NULL if absent. O(W). */
void *mcr_trie_delete(struct mcr_trie *t, const struct mcr_prefix *p);

/* Exact lookup; NULL if absent. O(W). */
void *mcr_trie_find(const struct mcr_trie *t, const struct mcr_prefix *p);
/*
 * Longest-prefix match: the value of the longest stored prefix covering @p
 * (which may be @p itself); its prefix is copied to @matched if non-NULL.
 * NULL if none. O(W).
 */
void *mcr_trie_match(const struct mcr_trie *t, const struct mcr_prefix *p,
		     struct mcr_prefix *matched);
/* Like mcr_trie_match, but only strictly shorter prefixes than @p. */
void *mcr_trie_match_parent(const struct mcr_trie *t,
			    const struct mcr_prefix *p,
			    struct mcr_prefix *matched);

/* Number of stored prefixes. O(1). */
size_t mcr_trie_count(const struct mcr_trie *t);
/* Number of nodes, glue nodes included (at most 2 * count - 1; in a
 * group, the group's nodes). O(1). */
size_t mcr_trie_nodes(const struct mcr_trie *t);

/* All entries in mcr_prefix_cmp order. O(n). */
int mcr_trie_walk(const struct mcr_trie *t, mcr_trie_walk_cb cb, void *arg);
/* Prefixes only, in mcr_prefix_cmp order (a trie used as a set). O(n). */
int mcr_trie_walk_prefixes(const struct mcr_trie *t, mcr_trie_prefix_cb cb,
			   void *arg);
/* Entries covered by @p (including @p itself), in order. O(W + k). */
int mcr_trie_walk_covered(const struct mcr_trie *t, const struct mcr_prefix *p,
			  mcr_trie_walk_cb cb, void *arg);
/* Entries covering @p (including @p), shortest first. O(W). */
int mcr_trie_walk_covering(const struct mcr_trie *t,
			   const struct mcr_prefix *p, mcr_trie_walk_cb cb,
			   void *arg);
/*
 * mcr_trie_walk_covering then mcr_trie_walk_covered (so @p itself, if
 * stored, is reported twice), in one descent. O(W + k).
 */
int mcr_trie_walk_overlapping(const struct mcr_trie *t,
			      const struct mcr_prefix *p, mcr_trie_walk_cb cb,
			      void *arg);
/* True if any stored prefix overlaps @p (covers it or is covered). O(W). */
int mcr_trie_overlaps(const struct mcr_trie *t, const struct mcr_prefix *p);

/* Bytes used by the trie's own nodes, their pools' free space included
 * (for memory figures; in a group, the group's, shared by its tries).
 * O(1). */
size_t mcr_trie_mem_bytes(const struct mcr_trie *t);

#endif /* MCR_TRIE_H */
