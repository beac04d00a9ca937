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
 * a glue node has both children (so n stored prefixes need at most
 * 2n - 1 nodes); node addresses are canonical (zero past len).
 *
 * Node memory: nodes live in two pools per trie, one for value nodes and
 * one for glue nodes, and refer to each other by 32-bit references (bit
 * 31: glue pool; the rest: index in that pool; 0 = none, so value slot 0
 * is never used).  A node is two child references, a length byte and the
 * address bytes of the trie's family only; a value node adds the value
 * pointer after them.  IPv4: 24 bytes a value node, 16 a glue node; IPv6:
 * 40 and 28.  A pool is a table of chunks of POOL_CHUNK nodes (the first
 * chunks smaller: 8, 16, 32, ... nodes, so that a small trie stays small)
 * that never move, so a value slot stays where it is until its prefix is
 * deleted; freed nodes go to a free list (linked through child[0]) and
 * are reused; all chunks are released when the trie becomes empty.  Pool
 * chunks replace one malloc per node: no per-node allocator overhead and
 * no allocator call on most inserts.  A glue node that gets a value (or a
 * value node that loses it and keeps two children) moves to the other
 * pool; its parent's reference is updated.  There are no parent
 * references: delete remembers the path it came down.
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

/* Invariant: see the file header.  A value node is followed by its value
 * pointer at offset mcr_trie.voff. */
struct trie_node {
	uint32_t child[2]; /* references, 0 = none */
	uint8_t len;	   /* prefix length in bits */
	uint8_t addr[];	   /* mcr_trie.nbytes bytes, canonical */
};

#define REF_GLUE 0x80000000u
#define POOL_SHIFT 10
#define POOL_CHUNK (1u << POOL_SHIFT) /* nodes per full chunk */
#define POOL_FIRST 8u	      /* nodes in chunk 0 */

/*
 * Invariant: chunk[0..nchunk) allocated, chunk k holding pool_cap(k)
 * nodes of @stride bytes; nodes [0, used) of the last chunk handed out;
 * free lists the freed nodes; live = handed out - freed (- 1 for the
 * reserved value slot 0).
 */
struct trie_pool {
	uint8_t **chunk;
	uint32_t nchunk, capchunk;
	uint32_t used;	   /* nodes handed out from the last chunk */
	uint32_t free;	   /* free list (references), 0 = empty */
	uint32_t live;	   /* nodes in use */
	uint32_t stride;   /* bytes per node */
};

/* Invariant: count <= nodes <= 2 * count (nodes == 0 iff root == 0);
 * nodes == pool[0].live + pool[1].live. */
struct mcr_trie {
	uint32_t root;
	size_t count;	    /* stored prefixes */
	size_t nodes;	    /* nodes in use, glue included */
	size_t bytes;	    /* pool memory: chunks and chunk tables */
	struct trie_pool pool[2]; /* [0] value nodes, [1] glue nodes */
	uint8_t family;
	uint8_t nbytes;	    /* address bytes: 4 or 16 */
	uint8_t voff;	    /* offset of the value in a value node */
};

static inline uint32_t pool_cap(uint32_t k)
{
	return k >= 7 ? POOL_CHUNK : POOL_FIRST << k;
}

static inline struct trie_node *N(const struct mcr_trie *t, uint32_t ref)
{
	const struct trie_pool *pl = &t->pool[ref >> 31];
	uint32_t i = ref & ~REF_GLUE;

	return (struct trie_node *)(pl->chunk[i >> POOL_SHIFT] +
				    (size_t)(i & (POOL_CHUNK - 1)) *
					    pl->stride);
}

static inline bool is_glue(uint32_t ref)
{
	return ref & REF_GLUE;
}

/* The value slot of value node @n. */
static inline void **VAL(const struct mcr_trie *t, const struct trie_node *n)
{
	return (void **)((uint8_t *)n + t->voff);
}

/* The value of node @ref, NULL for glue. */
static inline void *ref_value(const struct mcr_trie *t, uint32_t ref)
{
	return is_glue(ref) ? NULL : *VAL(t, N(t, ref));
}

static inline unsigned key_bit(const uint8_t *a, unsigned i)
{
	return (a[i >> 3] >> (7 - (i & 7))) & 1;
}

/* Big-endian 32-bit word @i of address @a (unaligned). */
static inline uint32_t key_word(const uint8_t *a, unsigned i)
{
	uint32_t w;

	memcpy(&w, a + 4 * i, sizeof(w));
	return __builtin_bswap32(w);
}

/* Number of leading bits a and b share, at most @max; 32 bits a step. */
static inline unsigned key_common(const uint8_t *a, const uint8_t *b,
				  unsigned max)
{
	for (unsigned i = 0; i * 32 < max; i++) {
		uint32_t x = key_word(a, i) ^ key_word(b, i);

		if (x) {
			unsigned n = i * 32 + (unsigned)__builtin_clz(x);

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

/* ---- pools */

/* A free node of pool @g (0 value, 1 glue), as a reference. O(1)
 * amortized; allocates a chunk when the pool is full. */
static uint32_t pool_alloc(struct mcr_trie *t, unsigned g)
{
	struct trie_pool *pl = &t->pool[g];
	uint32_t i;

	if (pl->free) {
		uint32_t ref = pl->free;

		pl->free = N(t, ref)->child[0];
		pl->live++;
		return ref;
	}
	if (!pl->nchunk || pl->used == pool_cap(pl->nchunk - 1)) {
		uint32_t cap = pool_cap(pl->nchunk);

		if (pl->nchunk == pl->capchunk) {
			uint32_t nc = pl->capchunk ? pl->capchunk * 2 : 4;

			pl->chunk = mcr_realloc(MCR_MT_TRIE_NODE, pl->chunk,
						pl->capchunk *
							sizeof(*pl->chunk),
						nc * sizeof(*pl->chunk));
			t->bytes += (nc - pl->capchunk) * sizeof(*pl->chunk);
			pl->capchunk = nc;
		}
		pl->chunk[pl->nchunk++] =
			mcr_malloc(MCR_MT_TRIE_NODE, (size_t)cap * pl->stride);
		t->bytes += (size_t)cap * pl->stride;
		/* value slot 0 stays unused: reference 0 means none */
		pl->used = pl->nchunk == 1 && !g ? 1 : 0;
	}
	MCR_ASSERT(pl->nchunk <= (REF_GLUE >> POOL_SHIFT));
	i = ((pl->nchunk - 1) << POOL_SHIFT) | pl->used++;
	pl->live++;
	return g ? i | REF_GLUE : i;
}

/* Release every chunk of both pools (the trie holds no node). */
static void pools_release(struct mcr_trie *t)
{
	for (int g = 0; g < 2; g++) {
		struct trie_pool *pl = &t->pool[g];

		MCR_ASSERT(pl->live == 0);
		for (uint32_t k = 0; k < pl->nchunk; k++)
			mcr_free(MCR_MT_TRIE_NODE, pl->chunk[k],
				 (size_t)pool_cap(k) * pl->stride);
		mcr_free(MCR_MT_TRIE_NODE, pl->chunk,
			 pl->capchunk * sizeof(*pl->chunk));
		pl->chunk = NULL;
		pl->nchunk = pl->capchunk = pl->used = pl->free = 0;
	}
	t->bytes = 0;
}

static void node_release(struct mcr_trie *t, uint32_t ref)
{
	struct trie_pool *pl = &t->pool[ref >> 31];

	MCR_ASSERT(t->nodes > 0 && pl->live > 0);
	N(t, ref)->child[0] = pl->free;
	pl->free = ref;
	pl->live--;
	if (--t->nodes == 0)
		pools_release(t);
}

/* New node for the first @len bits of @addr: a value node holding NULL,
 * or a glue node. */
static uint32_t node_new(struct mcr_trie *t, const uint8_t *addr,
			 unsigned len, bool glue)
{
	uint32_t ref = pool_alloc(t, glue);
	struct trie_node *n = N(t, ref);
	unsigned full = len / 8, rest = len % 8;

	n->child[0] = n->child[1] = 0;
	n->len = (uint8_t)len;
	/* copy the first len bits, zero the rest */
	memset(n->addr, 0, t->nbytes);
	memcpy(n->addr, addr, full);
	if (rest)
		n->addr[full] = addr[full] & (uint8_t)(0xff << (8 - rest));
	if (!glue)
		*VAL(t, n) = NULL;
	t->nodes++;
	return ref;
}

/* Move node @ref to the other pool (glue <-> value), keeping its
 * children, length and address; the caller stores the new reference
 * where @ref was.  A new value node holds NULL. */
static uint32_t node_move(struct mcr_trie *t, uint32_t ref)
{
	bool to_glue = !is_glue(ref);
	uint32_t nref = pool_alloc(t, to_glue);
	struct trie_node *n = N(t, nref);
	const struct trie_node *o = N(t, ref);

	memcpy(n, o, offsetof(struct trie_node, addr) + t->nbytes);
	if (!to_glue)
		*VAL(t, n) = NULL;
	t->nodes++;
	node_release(t, ref);
	return nref;
}

/* ---- handle */

/*
 * O(1); NULL for a family other than MCR_AF_INET / MCR_AF_INET6.
 */
struct mcr_trie *mcr_trie_new(uint8_t family)
{
	struct mcr_trie *t;
	size_t base;

	if (family != MCR_AF_INET && family != MCR_AF_INET6)
		return NULL;
	t = mcr_calloc(MCR_MT_TRIE, 1, sizeof(*t));
	t->family = family;
	t->nbytes = family == MCR_AF_INET ? 4 : 16;
	base = offsetof(struct trie_node, addr) + t->nbytes;
	t->voff = (uint8_t)((base + sizeof(void *) - 1) &
			    ~(sizeof(void *) - 1));
	t->pool[0].stride = t->voff + sizeof(void *);
	t->pool[1].stride = (uint32_t)((base + 3) & ~(size_t)3);
	return t;
}

/* O(number of chunks).  NULL is a no-op. */
void mcr_trie_free(struct mcr_trie *t)
{
	if (!t)
		return;
	t->pool[0].live = t->pool[1].live = 0;
	pools_release(t);
	mcr_free(MCR_MT_TRIE, t, sizeof(*t));
}

/*
 * The value slot of @p, creating its node if needed (then *slot is NULL
 * and the caller must store a value).  Shared by insert, replace and get.
 * O(W); allocates at most two nodes (the prefix and a glue node where it
 * branches off), or moves a glue node at @p to the value pool.
 */
static void **trie_slot(struct mcr_trie *t, const struct mcr_prefix *p)
{
	uint32_t *pp = &t->root, ref, m, glue;
	struct trie_node *n = NULL;
	unsigned common = 0;

	while ((ref = *pp) != 0) {
		n = N(t, ref);
		common = key_common(n->addr, p->addr,
				    n->len < p->len ? n->len : p->len);
		if (common < n->len)
			break;
		if (n->len == p->len) {
			if (is_glue(ref)) {
				/* glue becomes a value node (slot NULL) */
				*pp = ref = node_move(t, ref);
			}
			return VAL(t, N(t, ref));
		}
		pp = &n->child[key_bit(p->addr, n->len)];
	}

	m = node_new(t, p->addr, p->len, false);
	if (!ref) {
		*pp = m;
	} else if (common == p->len) {
		/* p covers n: p goes in between */
		N(t, m)->child[key_bit(n->addr, p->len)] = ref;
		*pp = m;
	} else {
		/* p and n branch at bit @common */
		struct trie_node *g;

		glue = node_new(t, p->addr, common, true);
		g = N(t, glue);
		g->child[key_bit(p->addr, common)] = m;
		g->child[key_bit(n->addr, common)] = ref;
		*pp = glue;
	}
	return VAL(t, N(t, m));
}

static enum mcr_err trie_put(struct mcr_trie *t, const struct mcr_prefix *p,
			     void *value, bool replace, void **old)
{
	/* an existing prefix has a value node: trie_slot changes nothing */
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
 * O(W); frees the prefix's node when it has fewer than two children (else
 * it moves to the glue pool), and then its parent if that was a glue node
 * left with one child.
 */
void *mcr_trie_delete(struct mcr_trie *t, const struct mcr_prefix *p)
{
	uint32_t *pp = &t->root, *ppp = NULL, ref, parent = 0;
	struct trie_node *n = NULL;
	void *value;

	if (!trie_accepts(t, p))
		return NULL;
	while ((ref = *pp) != 0 && (n = N(t, ref))->len < p->len) {
		ppp = pp;
		parent = ref;
		pp = &n->child[key_bit(p->addr, n->len)];
	}
	if (!ref || is_glue(ref) || n->len != p->len ||
	    !key_match(n->addr, p->addr, p->len))
		return NULL;

	value = *VAL(t, n);
	MCR_ASSERT(value != NULL);
	t->count--;
	if (n->child[0] && n->child[1]) {
		*pp = node_move(t, ref); /* stays as glue */
		return value;
	}
	*pp = n->child[0] ? n->child[0] : n->child[1];
	if (!*pp && parent && is_glue(parent)) {
		/* parent was glue with two children, now has one */
		struct trie_node *g = N(t, parent);

		*ppp = g->child[0] ? g->child[0] : g->child[1];
		node_release(t, parent);
	}
	node_release(t, ref);
	return value;
}

/* O(W); only the last node's address is compared. */
void *mcr_trie_find(const struct mcr_trie *t, const struct mcr_prefix *p)
{
	uint32_t ref = t->root;
	const struct trie_node *n = NULL;

	if (!trie_accepts(t, p))
		return NULL;
	while (ref && (n = N(t, ref))->len < p->len)
		ref = n->child[key_bit(p->addr, n->len)];
	if (ref && !is_glue(ref) && n->len == p->len &&
	    key_match(n->addr, p->addr, p->len))
		return *VAL(t, n);
	return NULL;
}

/*
 * Deepest value node covering @p, and with @strict shorter than @p; NULL
 * if none. O(W).
 */
static const struct trie_node *trie_lpm(const struct mcr_trie *t,
					const struct mcr_prefix *p,
					bool strict)
{
	uint32_t ref = t->root;
	const struct trie_node *best = NULL;

	while (ref) {
		const struct trie_node *n = N(t, ref);

		if (n->len > p->len || (strict && n->len == p->len))
			break;
		if (!node_covers(n, p))
			break;
		if (!is_glue(ref))
			best = n;
		if (n->len == p->len)
			break;
		ref = n->child[key_bit(p->addr, n->len)];
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
	return *VAL(t, n);
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
	return *VAL(t, n);
}

/* O(1). */
size_t mcr_trie_count(const struct mcr_trie *t)
{
	return t->count;
}

/* O(1). */
size_t mcr_trie_nodes(const struct mcr_trie *t)
{
	return t->nodes;
}

/* Pre-order walk of the subtree at @ref; recursion depth at most W + 1. */
static int walk_subtree(const struct mcr_trie *t, uint32_t ref,
			mcr_trie_walk_cb cb, void *arg)
{
	struct mcr_prefix p;
	int r;

	while (ref) {
		const struct trie_node *n = N(t, ref);

		if (!is_glue(ref)) {
			node_prefix(t, n, &p);
			r = cb(&p, *VAL(t, n), arg);
			if (r)
				return r;
		}
		if (n->child[0]) {
			r = walk_subtree(t, n->child[0], cb, arg);
			if (r)
				return r;
		}
		ref = n->child[1];
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
	uint32_t ref = t->root;
	const struct trie_node *n = NULL;

	if (!trie_accepts(t, p))
		return 0;
	while (ref && (n = N(t, ref))->len < p->len)
		ref = n->child[key_bit(p->addr, n->len)];
	if (!ref || !prefix_covers_node(p, n))
		return 0;
	return walk_subtree(t, ref, cb, arg);
}

/* O(W) plus the callbacks, shortest prefix first. */
int mcr_trie_walk_covering(const struct mcr_trie *t,
			   const struct mcr_prefix *p, mcr_trie_walk_cb cb,
			   void *arg)
{
	uint32_t ref = t->root;
	struct mcr_prefix q;
	int r;

	if (!trie_accepts(t, p))
		return 0;
	while (ref) {
		const struct trie_node *n = N(t, ref);

		if (n->len > p->len || !node_covers(n, p))
			break;
		if (!is_glue(ref)) {
			node_prefix(t, n, &q);
			r = cb(&q, *VAL(t, n), arg);
			if (r)
				return r;
		}
		if (n->len == p->len)
			break;
		ref = n->child[key_bit(p->addr, n->len)];
	}
	return 0;
}

/*
 * O(W + k): the descent of walk_covering; where it stops (at the first
 * node at least as long as @p) the subtree walk of walk_covered starts.
 * A node shorter than @p that does not cover it means that neither
 * anything below covers @p nor is covered by it.
 */
int mcr_trie_walk_overlapping(const struct mcr_trie *t,
			      const struct mcr_prefix *p, mcr_trie_walk_cb cb,
			      void *arg)
{
	uint32_t ref = t->root;
	const struct trie_node *n = NULL;
	struct mcr_prefix q;
	int r;

	if (!trie_accepts(t, p))
		return 0;
	while (ref && (n = N(t, ref))->len < p->len) {
		if (!node_covers(n, p))
			return 0;
		if (!is_glue(ref)) {
			node_prefix(t, n, &q);
			r = cb(&q, *VAL(t, n), arg);
			if (r)
				return r;
		}
		ref = n->child[key_bit(p->addr, n->len)];
	}
	if (!ref || !prefix_covers_node(p, n))
		return 0;
	if (n->len == p->len && !is_glue(ref)) {
		/* @p itself: the last covering entry */
		node_prefix(t, n, &q);
		r = cb(&q, *VAL(t, n), arg);
		if (r)
			return r;
	}
	return walk_subtree(t, ref, cb, arg);
}

/*
 * O(W).  A node covered by @p has a value in its subtree (glue nodes have
 * two children), so reaching one is enough.
 */
int mcr_trie_overlaps(const struct mcr_trie *t, const struct mcr_prefix *p)
{
	uint32_t ref = t->root;

	if (!trie_accepts(t, p))
		return 0;
	while (ref) {
		const struct trie_node *n = N(t, ref);

		if (n->len >= p->len)
			return prefix_covers_node(p, n);
		if (!node_covers(n, p))
			return 0;
		if (!is_glue(ref))
			return 1;
		ref = n->child[key_bit(p->addr, n->len)];
	}
	return 0;
}

/* O(1): the handle plus the pools (free nodes included). */
size_t mcr_trie_mem_bytes(const struct mcr_trie *t)
{
	return sizeof(*t) + t->bytes;
}

struct trie_pwalk {
	mcr_trie_prefix_cb cb;
	void *arg;
};

static int trie_pwalk_cb(const struct mcr_prefix *p, void *value, void *arg)
{
	struct trie_pwalk *w = arg;

	(void)value;
	return w->cb(p, w->arg);
}

int mcr_trie_walk_prefixes(const struct mcr_trie *t, mcr_trie_prefix_cb cb,
			   void *arg)
{
	struct trie_pwalk w = {cb, arg};

	return mcr_trie_walk(t, trie_pwalk_cb, &w);
}
