/*
 * libmcr prefix trie (see mcr/trie.h): a path-compressed binary radix tree
 * (PATRICIA, D. R. Morrison, "PATRICIA -- Practical Algorithm To Retrieve
 * Information Coded in Alphanumeric", JACM 15(4), 1968) keyed by prefix,
 * in the form routing tables use it (BSD radix, BIRD's and OpenBGPD's
 * tries): every node is a prefix, a node's descendants are exactly the
 * prefixes it covers, and a node exists only if it stores a value or if
 * two stored prefixes branch there.
 *
 *                    [0.0.0.0/0 v]              v  = stores a value
 *                   /0            \1            () = glue: no value,
 *          (10.0.0.0/7)          [192.0.2.0/24 v]     exactly two children
 *          /0         \1
 *   [10.0.0.0/8 v]  [11.0.0.0/8 v]
 *          \1
 *     [10.128.0.0/9 v]
 *
 * Edges skip bits: 0/0 -> 10.0.0.0/7 skips bits 1..5, 0/0 -> 192.0.2.0/24
 * skips bits 1..23 (the child's own length says which bit it tests next).
 *
 * Descending from a node of length L towards prefix p follows child
 * bit(p, L).  A path may skip any number of bits; the skipped bits are
 * checked by comparing the node's own address (find checks only the last
 * node, match and the walks check each node they report).
 *
 * Invariant: for each node n, every descendant d has d->len > n->len and
 * n covers d; child[b] holds the descendants whose bit n->len is b;
 * a node without a value has both children (so n stored prefixes need at
 * most 2n - 1 nodes); node addresses are canonical (zero past len).
 *
 * Node memory: three pointers, a length byte and the address bytes of the
 * trie's family only (4 for IPv4, 16 for IPv6), allocated one by one with
 * mcr_malloc(MCR_MT_TRIE_NODE): 29 bytes per IPv4 node, 41 per IPv6 node.
 * There are no parent pointers: delete remembers the path it came down.
 *
 * Costs below use W = address width (32 or 128): every operation that
 * takes a prefix visits at most W + 1 nodes.  Walk order is pre-order
 * (node, child 0, child 1), which is mcr_prefix_cmp order: a node's
 * address is the smallest in its subtree and ties are shorter-first.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stddef.h>
#include <string.h>

#include "mcr/mem.h"
#include "mcr/trie.h"

/* Invariant: see the file header. */
struct trie_node {
	struct trie_node *child[2];
	void *value;	 /* NULL: glue node (two children) */
	uint8_t len;	 /* prefix length in bits */
	uint8_t addr[];	 /* mcr_trie.nbytes bytes, canonical */
};

/* Invariant: count <= nodes <= 2 * count (nodes == 0 iff root == NULL). */
struct mcr_trie {
	struct trie_node *root;
	size_t count;	    /* stored prefixes */
	size_t nodes;	    /* allocated nodes, glue included */
	size_t node_size;   /* bytes per node for this family */
	uint8_t family;
	uint8_t nbytes;	    /* address bytes: 4 or 16 */
};

static inline unsigned key_bit(const uint8_t *a, unsigned i)
{
	return (a[i >> 3] >> (7 - (i & 7))) & 1;
}

/* Number of leading bits a and b share, at most @max. */
static inline unsigned key_common(const uint8_t *a, const uint8_t *b,
				  unsigned max)
{
	for (unsigned i = 0; i * 8 < max; i++) {
		unsigned x = a[i] ^ b[i];

		if (x) {
			unsigned n = i * 8 + (unsigned)__builtin_clz(x) - 24;

			return n < max ? n : max;
		}
	}
	return max;
}

/* True if the first @len bits of a and b agree. */
static inline bool key_match(const uint8_t *a, const uint8_t *b,
			     unsigned len)
{
	return key_common(a, b, len) == len;
}

/* True if node @n covers prefix @p. */
static inline bool node_covers(const struct trie_node *n,
			       const struct mcr_prefix *p)
{
	return n->len <= p->len && key_match(n->addr, p->addr, n->len);
}

/* True if prefix @p covers node @n. */
static inline bool prefix_covers_node(const struct mcr_prefix *p,
				      const struct trie_node *n)
{
	return p->len <= n->len && key_match(n->addr, p->addr, p->len);
}

static bool trie_accepts(const struct mcr_trie *t, const struct mcr_prefix *p)
{
	MCR_ASSERT(t != NULL && p != NULL);
	if (p->family != t->family)
		return false;
	MCR_ASSERT(mcr_prefix_is_canonical(p));
	return true;
}

static void node_prefix(const struct mcr_trie *t, const struct trie_node *n,
			struct mcr_prefix *p)
{
	memset(p, 0, sizeof(*p));
	p->family = t->family;
	p->len = n->len;
	memcpy(p->addr, n->addr, t->nbytes);
}

static struct trie_node *node_new(struct mcr_trie *t, const uint8_t *addr,
				  unsigned len, void *value)
{
	struct trie_node *n = mcr_malloc(MCR_MT_TRIE_NODE, t->node_size);
	unsigned full = len / 8, rest = len % 8;

	n->child[0] = n->child[1] = NULL;
	n->value = value;
	n->len = (uint8_t)len;
	/* copy the first len bits, zero the rest */
	memset(n->addr, 0, t->nbytes);
	memcpy(n->addr, addr, full);
	if (rest)
		n->addr[full] = addr[full] & (uint8_t)(0xff << (8 - rest));
	t->nodes++;
	return n;
}

static void node_free(struct mcr_trie *t, struct trie_node *n)
{
	MCR_ASSERT(t->nodes > 0);
	t->nodes--;
	mcr_free(MCR_MT_TRIE_NODE, n, t->node_size);
}

/*
 * O(1); NULL for a family other than MCR_AF_INET / MCR_AF_INET6.
 */
struct mcr_trie *mcr_trie_new(uint8_t family)
{
	struct mcr_trie *t;

	if (family != MCR_AF_INET && family != MCR_AF_INET6)
		return NULL;
	t = mcr_calloc(MCR_MT_TRIE, 1, sizeof(*t));
	t->family = family;
	t->nbytes = family == MCR_AF_INET ? 4 : 16;
	t->node_size = offsetof(struct trie_node, addr) + t->nbytes;
	return t;
}

static void free_subtree(struct mcr_trie *t, struct trie_node *n)
{
	while (n) {
		struct trie_node *next = n->child[1];

		free_subtree(t, n->child[0]);
		node_free(t, n);
		n = next;
	}
}

/* O(n); recursion depth at most W + 1.  NULL is a no-op. */
void mcr_trie_free(struct mcr_trie *t)
{
	if (!t)
		return;
	free_subtree(t, t->root);
	MCR_ASSERT(t->nodes == 0);
	mcr_free(MCR_MT_TRIE, t, sizeof(*t));
}

/*
 * The value slot of @p, creating its node if needed (then *slot is NULL
 * and the caller must store a value).  Shared by insert, replace and get.
 * O(W); allocates at most two nodes (the prefix and a glue node where it
 * branches off).
 */
static void **trie_slot(struct mcr_trie *t, const struct mcr_prefix *p)
{
	struct trie_node **pp = &t->root, *n, *m, *glue;
	unsigned common = 0;

	while ((n = *pp) != NULL) {
		common = key_common(n->addr, p->addr,
				    n->len < p->len ? n->len : p->len);
		if (common < n->len)
			break;
		if (n->len == p->len)
			return &n->value; /* NULL: glue, becomes a value */
		pp = &n->child[key_bit(p->addr, n->len)];
	}

	m = node_new(t, p->addr, p->len, NULL);
	if (!n) {
		*pp = m;
	} else if (common == p->len) {
		/* p covers n: p goes in between */
		m->child[key_bit(n->addr, p->len)] = n;
		*pp = m;
	} else {
		/* p and n branch at bit @common */
		glue = node_new(t, p->addr, common, NULL);
		glue->child[key_bit(p->addr, common)] = m;
		glue->child[key_bit(n->addr, common)] = n;
		*pp = glue;
	}
	return &m->value;
}

static enum mcr_err trie_put(struct mcr_trie *t, const struct mcr_prefix *p,
			     void *value, bool replace, void **old)
{
	void **slot = trie_slot(t, p);

	*old = *slot;
	if (*slot && !replace)
		return MCR_EEXIST;
	if (!*slot)
		t->count++;
	*slot = value;
	return MCR_OK;
}

/* O(W).  See mcr/trie.h for the contract on a created slot. */
void **mcr_trie_get(struct mcr_trie *t, const struct mcr_prefix *p,
		    bool *created)
{
	void **slot;

	if (!trie_accepts(t, p))
		return NULL;
	slot = trie_slot(t, p);
	*created = !*slot;
	if (!*slot)
		t->count++;
	return slot;
}

/* O(W).  Fails (no change) with MCR_EEXIST or MCR_EINVAL. */
enum mcr_err mcr_trie_insert(struct mcr_trie *t, const struct mcr_prefix *p,
			     void *value)
{
	void *old;

	if (!trie_accepts(t, p) || !value)
		return MCR_EINVAL;
	return trie_put(t, p, value, false, &old);
}

/*
 * O(W).  A prefix of the other family or a NULL @value changes nothing
 * and returns NULL (NULL is never a stored value; delete removes).
 */
void *mcr_trie_replace(struct mcr_trie *t, const struct mcr_prefix *p,
		       void *value)
{
	void *old;

	if (!trie_accepts(t, p) || !value)
		return NULL;
	trie_put(t, p, value, true, &old);
	return old;
}

/*
 * O(W); frees the prefix's node when it has fewer than two children, and
 * then its parent if that was a glue node left with one child.
 */
void *mcr_trie_delete(struct mcr_trie *t, const struct mcr_prefix *p)
{
	struct trie_node **pp = &t->root, **ppp = NULL, *n, *parent = NULL;
	void *value;

	if (!trie_accepts(t, p))
		return NULL;
	while ((n = *pp) != NULL && n->len < p->len) {
		ppp = pp;
		parent = n;
		pp = &n->child[key_bit(p->addr, n->len)];
	}
	if (!n || n->len != p->len || !n->value ||
	    !key_match(n->addr, p->addr, p->len))
		return NULL;

	value = n->value;
	n->value = NULL;
	t->count--;
	if (n->child[0] && n->child[1])
		return value; /* stays as glue */
	*pp = n->child[0] ? n->child[0] : n->child[1];
	node_free(t, n);
	if (!*pp && parent && !parent->value) {
		/* parent was glue with two children, now has one */
		*ppp = parent->child[0] ? parent->child[0] : parent->child[1];
		node_free(t, parent);
	}
	return value;
}

/* O(W); only the last node's address is compared. */
void *mcr_trie_find(const struct mcr_trie *t, const struct mcr_prefix *p)
{
	const struct trie_node *n = t->root;

	if (!trie_accepts(t, p))
		return NULL;
	while (n && n->len < p->len)
		n = n->child[key_bit(p->addr, n->len)];
	if (n && n->len == p->len && key_match(n->addr, p->addr, p->len))
		return n->value;
	return NULL;
}

/*
 * Deepest node with a value covering @p, and with @strict shorter than
 * @p.  O(W).
 */
static const struct trie_node *trie_lpm(const struct mcr_trie *t,
					const struct mcr_prefix *p,
					bool strict)
{
	const struct trie_node *n = t->root, *best = NULL;

	while (n && n->len <= p->len) {
		if (strict && n->len == p->len)
			break;
		if (!node_covers(n, p))
			break;
		if (n->value)
			best = n;
		if (n->len == p->len)
			break;
		n = n->child[key_bit(p->addr, n->len)];
	}
	return best;
}

/* O(W); NULL if nothing covers @p or @p is of the other family. */
void *mcr_trie_match(const struct mcr_trie *t, const struct mcr_prefix *p,
		     struct mcr_prefix *matched)
{
	const struct trie_node *n;

	if (!trie_accepts(t, p))
		return NULL;
	n = trie_lpm(t, p, false);
	if (!n)
		return NULL;
	if (matched)
		node_prefix(t, n, matched);
	return n->value;
}

/* O(W); as mcr_trie_match but never returns @p itself. */
void *mcr_trie_match_parent(const struct mcr_trie *t,
			    const struct mcr_prefix *p,
			    struct mcr_prefix *matched)
{
	const struct trie_node *n;

	if (!trie_accepts(t, p))
		return NULL;
	n = trie_lpm(t, p, true);
	if (!n)
		return NULL;
	if (matched)
		node_prefix(t, n, matched);
	return n->value;
}

/* O(1). */
size_t mcr_trie_count(const struct mcr_trie *t)
{
	return t->count;
}

/* Pre-order walk of the subtree at @n; recursion depth at most W + 1. */
static int walk_subtree(const struct mcr_trie *t, const struct trie_node *n,
			mcr_trie_walk_cb cb, void *arg)
{
	struct mcr_prefix p;
	int r;

	for (; n; n = n->child[1]) {
		if (n->value) {
			node_prefix(t, n, &p);
			r = cb(&p, n->value, arg);
			if (r)
				return r;
		}
		if (n->child[0]) {
			r = walk_subtree(t, n->child[0], cb, arg);
			if (r)
				return r;
		}
	}
	return 0;
}

/* O(n) plus the callbacks; returns the first non-zero callback result. */
int mcr_trie_walk(const struct mcr_trie *t, mcr_trie_walk_cb cb, void *arg)
{
	return walk_subtree(t, t->root, cb, arg);
}

/*
 * O(W + k) for k reported entries: descend along @p's bits to the first
 * node at least as long as @p; it is covered by @p (and then so is its
 * whole subtree) or nothing is.
 */
int mcr_trie_walk_covered(const struct mcr_trie *t, const struct mcr_prefix *p,
			  mcr_trie_walk_cb cb, void *arg)
{
	const struct trie_node *n = t->root;

	if (!trie_accepts(t, p))
		return 0;
	while (n && n->len < p->len)
		n = n->child[key_bit(p->addr, n->len)];
	if (!n || !prefix_covers_node(p, n))
		return 0;
	return walk_subtree(t, n, cb, arg);
}

/* O(W) plus the callbacks, shortest prefix first. */
int mcr_trie_walk_covering(const struct mcr_trie *t,
			   const struct mcr_prefix *p, mcr_trie_walk_cb cb,
			   void *arg)
{
	const struct trie_node *n = t->root;
	struct mcr_prefix q;
	int r;

	if (!trie_accepts(t, p))
		return 0;
	while (n && n->len <= p->len && node_covers(n, p)) {
		if (n->value) {
			node_prefix(t, n, &q);
			r = cb(&q, n->value, arg);
			if (r)
				return r;
		}
		if (n->len == p->len)
			break;
		n = n->child[key_bit(p->addr, n->len)];
	}
	return 0;
}

/*
 * O(W).  A node covered by @p has a value in its subtree (glue nodes have
 * two children), so reaching one is enough.
 */
int mcr_trie_overlaps(const struct mcr_trie *t, const struct mcr_prefix *p)
{
	const struct trie_node *n = t->root;

	if (!trie_accepts(t, p))
		return 0;
	while (n) {
		if (n->len >= p->len)
			return prefix_covers_node(p, n);
		if (!node_covers(n, p))
			return 0;
		if (n->value)
			return 1;
		n = n->child[key_bit(p->addr, n->len)];
	}
	return 0;
}

/* O(1): the handle plus every node, glue included. */
size_t mcr_trie_mem_bytes(const struct mcr_trie *t)
{
	return sizeof(*t) + t->nodes * t->node_size;
}
