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
 * that never move, so a value slot of a standalone trie stays where it is
 * until its prefix is deleted; freed nodes go to a free list (linked through child[0]) and
 * are reused; all chunks are released when the trie becomes empty.  Pool
 * chunks replace one malloc per node: no per-node allocator overhead and
 * no allocator call on most inserts.  A glue node that gets a value (or a
 * value node that loses it and keeps two children) moves to the other
 * pool; its parent's reference is updated.  There are no parent
 * references: delete remembers the path it came down.
 *
 * Shared nodes (struct mcr_trie_group): several tries of one family may
 * share one tree, so that a prefix present in all of them is one node and
 * one descent.  The pipeline keeps the RIB-in of every attachment, each
 * route table, the overlap index and the history of a family in one
 * group: an event then descends once and finds the node of its prefix
 * again in O(1) through the group's cache of the node last found or
 * created (cref), instead of descending ten separate tries.  In a shared
 * group a value node's value is a struct svec: the values of the tries
 * ("layers", each with a 16-bit id) that hold the prefix; a node is a
 * value node iff its svec is non-empty.  A walk of one layer visits the
 * group's nodes and reports those holding a value of that layer, so walks
 * cost O(group) rather than O(layer); exact operations stay O(W), and
 * O(1) on a cache hit.  A standalone trie (mcr_trie_new) is a group of
 * its own whose value nodes hold the value itself.
 *
 * Finger: a group also keeps the path of its last descent (the nodes from
 * the root down to the cached node).  The next descent starts at the
 * deepest of them that covers its prefix, which for events arriving in
 * prefix order (a peer's table, a withdrawal of it) skips all but the last
 * few levels.  Any node freed or moved clears the path, except in the
 * insertion that records the new path itself.
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
 * pointer at offset mcr_trie_group.voff. */
struct trie_node {
	uint32_t child[2]; /* references, 0 = none */
	uint8_t len;	   /* prefix length in bits */
	uint8_t addr[];	   /* mcr_trie_group.nbytes bytes, canonical */
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

/*
 * The values of one node of a shared group: id[0..n) are layer ids, each
 * once, and the value of layer id[i] is sv_val()[i] (never NULL).
 * Invariant: 0 < n <= cap while stored in a node; bit i of @low is set
 * iff layer i < 64 is among id[0..n) (so that a layer with no value here,
 * the usual case when a route enters a table, is told without a scan).
 */
struct svec {
	uint16_t n, cap;
	uint64_t low;
	uint16_t id[]; /* cap ids, then the values (8-byte aligned) */
};

/* @id's bit in struct svec's @low, 0 if it has none */
static inline uint64_t sv_bit(uint16_t id)
{
	return id < 64 ? 1ull << id : 0;
}

/* first capacity: room for every trie of a small group, else for 8 (a
 * route in its RIB-in, the overlap index, the history and a few tables) */
#define SV_CAP0(g) ((g)->nlayers <= 4 ? 4u : 8u)

/*
 * Invariant: nodes == 0 iff root == 0; nodes == pool[0].live +
 * pool[1].live; cref is 0 or a value node whose prefix is clen/caddr;
 * shared => every value node holds a non-empty struct svec whose ids are
 * live layers (nlayers of them).
 */
struct mcr_trie_group {
	uint32_t root;
	size_t nodes;	    /* nodes in use, glue included */
	size_t bytes;	    /* pool memory (chunks, chunk tables) + svecs */
	struct trie_pool pool[2]; /* [0] value nodes, [1] glue nodes */
	uint8_t family;
	uint8_t nbytes;	    /* address bytes: 4 or 16 */
	uint8_t voff;	    /* offset of the value in a value node */
	bool shared;	    /* values are struct svec (mcr_trie_group_new) */
	/* the value node last found or created (cnode: its address), and
	 * its prefix */
	uint32_t cref;
	struct trie_node *cnode;
	uint8_t clen;
	uint8_t caddr[16];
	/* finger: fref[0..fdepth) the nodes from the root down to cref
	 * (fdepth == 0: none), flen[] their lengths */
	unsigned fdepth;
	uint32_t fref[130];
	uint8_t flen[130];
	/* layer ids: next_id never handed out yet; free_ids released ones */
	uint32_t nlayers, next_id;
	uint16_t *free_ids;
	size_t nfree, capfree;
};

/* Invariant: count = number of prefixes holding a value of this trie,
 * lencnt[l] those of length l, and bit l of lenmap is set iff lencnt[l];
 * a standalone trie has g == &own; a layer of a shared group has id. */
struct mcr_trie {
	struct mcr_trie_group *g;
	size_t count;
	uint16_t id;
	uint64_t lenmap[3];
	uint32_t lencnt[129];
	struct mcr_trie_group own;
};

typedef struct mcr_trie_group G;

static inline uint32_t pool_cap(uint32_t k)
{
	return k >= 7 ? POOL_CHUNK : POOL_FIRST << k;
}

static inline struct trie_node *N(const G *g, uint32_t ref)
{
	const struct trie_pool *pl = &g->pool[ref >> 31];
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
static inline void **VAL(const G *g, const struct trie_node *n)
{
	return (void **)((uint8_t *)n + g->voff);
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
	if (p->family != t->g->family)
		return false;
	MCR_ASSERT(mcr_prefix_is_canonical(p));
	return true;
}

static void node_prefix(const G *g, const struct trie_node *n,
			struct mcr_prefix *p)
{
	memset(p, 0, sizeof(*p));
	p->family = g->family;
	p->len = n->len;
	/* constant sizes: a variable one compiles to a slow rep movs */
	if (g->nbytes == 4)
		memcpy(p->addr, n->addr, 4);
	else
		memcpy(p->addr, n->addr, 16);
}

/* ---- prefix lengths present */

static inline void len_add(struct mcr_trie *t, unsigned len)
{
	t->count++;
	if (t->lencnt[len]++ == 0)
		t->lenmap[len / 64] |= 1ull << (len % 64);
}

static inline void len_del(struct mcr_trie *t, unsigned len)
{
	t->count--;
	if (--t->lencnt[len] == 0)
		t->lenmap[len / 64] &= ~(1ull << (len % 64));
}

/* Does @t hold a prefix shorter than @len? O(1). */
static inline bool len_any_below(const struct mcr_trie *t, unsigned len)
{
	for (unsigned w = 0; w * 64 < len; w++) {
		uint64_t m = t->lenmap[w];

		if (len < (w + 1) * 64)
			m &= (1ull << (len - w * 64)) - 1;
		if (m)
			return true;
	}
	return false;
}

/* ---- the node cache */

static inline bool cache_hit(const G *g, const struct mcr_prefix *p)
{
	uint64_t a[2], b[2];

	if (!g->cref || g->clen != p->len)
		return false;
	/* both canonical and zero past nbytes: compare all 16 bytes */
	memcpy(a, g->caddr, 16);
	memcpy(b, p->addr, 16);
	return a[0] == b[0] && a[1] == b[1];
}

static inline void cache_set(G *g, uint32_t ref, const struct mcr_prefix *p)
{
	g->cref = ref;
	g->cnode = N(g, ref);
	g->clen = p->len;
	memcpy(g->caddr, p->addr, 16);
}

/* ---- pools */

/* A free node of pool @glue (0 value, 1 glue), as a reference. O(1)
 * amortized; allocates a chunk when the pool is full. */
static uint32_t pool_alloc(G *g, unsigned glue)
{
	struct trie_pool *pl = &g->pool[glue];
	uint32_t i;

	if (pl->free) {
		uint32_t ref = pl->free;

		pl->free = N(g, ref)->child[0];
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
			g->bytes += (nc - pl->capchunk) * sizeof(*pl->chunk);
			pl->capchunk = nc;
		}
		pl->chunk[pl->nchunk++] =
			mcr_malloc(MCR_MT_TRIE_NODE, (size_t)cap * pl->stride);
		g->bytes += (size_t)cap * pl->stride;
		/* value slot 0 stays unused: reference 0 means none */
		pl->used = pl->nchunk == 1 && !glue ? 1 : 0;
	}
	MCR_ASSERT(pl->nchunk <= (REF_GLUE >> POOL_SHIFT));
	i = ((pl->nchunk - 1) << POOL_SHIFT) | pl->used++;
	pl->live++;
	return glue ? i | REF_GLUE : i;
}

/* Release every chunk of both pools (the group holds no node). */
static void pools_release(G *g)
{
	for (int k = 0; k < 2; k++) {
		struct trie_pool *pl = &g->pool[k];

		MCR_ASSERT(pl->live == 0);
		for (uint32_t c = 0; c < pl->nchunk; c++) {
			mcr_free(MCR_MT_TRIE_NODE, pl->chunk[c],
				 (size_t)pool_cap(c) * pl->stride);
			g->bytes -= (size_t)pool_cap(c) * pl->stride;
		}
		mcr_free(MCR_MT_TRIE_NODE, pl->chunk,
			 pl->capchunk * sizeof(*pl->chunk));
		g->bytes -= pl->capchunk * sizeof(*pl->chunk);
		pl->chunk = NULL;
		pl->nchunk = pl->capchunk = pl->used = pl->free = 0;
	}
	g->cref = 0;
	g->fdepth = 0;
}

static void node_release(G *g, uint32_t ref)
{
	struct trie_pool *pl = &g->pool[ref >> 31];

	MCR_ASSERT(g->nodes > 0 && pl->live > 0);
	if (g->cref == ref)
		g->cref = 0;
	g->fdepth = 0;
	N(g, ref)->child[0] = pl->free;
	pl->free = ref;
	pl->live--;
	if (--g->nodes == 0)
		pools_release(g);
}

/* New node for the first @len bits of @addr (16 bytes, a struct
 * mcr_prefix address): a value node holding NULL, or a glue node. */
static uint32_t node_new(G *g, const uint8_t *addr, unsigned len, bool glue)
{
	uint32_t ref = pool_alloc(g, glue);
	struct trie_node *n = N(g, ref);
	uint64_t w[2];

	n->child[0] = n->child[1] = 0;
	n->len = (uint8_t)len;
	/* the first len bits of the 16-byte @addr, the rest zero: two
	 * big-endian words masked */
	memcpy(w, addr, 16);
	for (unsigned k = 0; k < 2; k++) {
		unsigned bits = len > 64 * k ? len - 64 * k : 0;

		if (bits < 64)
			w[k] = __builtin_bswap64(
				__builtin_bswap64(w[k]) &
				(bits ? ~0ull << (64 - bits) : 0));
	}
	if (g->nbytes == 4)
		memcpy(n->addr, w, 4);
	else
		memcpy(n->addr, w, 16);
	if (!glue)
		*VAL(g, n) = NULL;
	g->nodes++;
	return ref;
}

/* Move node @ref to the other pool (glue <-> value), keeping its
 * children, length and address; the caller stores the new reference
 * where @ref was.  A new value node holds NULL. */
static uint32_t node_move(G *g, uint32_t ref)
{
	bool to_glue = !is_glue(ref);
	uint32_t nref = pool_alloc(g, to_glue);
	struct trie_node *n = N(g, nref);
	const struct trie_node *o = N(g, ref);

	memcpy(n, o, offsetof(struct trie_node, addr) + g->nbytes);
	if (!to_glue)
		*VAL(g, n) = NULL;
	g->nodes++;
	node_release(g, ref);
	return nref;
}

/* ---- shared values */

static inline size_t sv_voff(unsigned cap)
{
	return (sizeof(struct svec) + cap * sizeof(uint16_t) + 7) & ~(size_t)7;
}

static inline size_t sv_size(unsigned cap)
{
	return sv_voff(cap) + cap * sizeof(void *);
}

static inline void **sv_val(const struct svec *s)
{
	return (void **)((uint8_t *)s + sv_voff(s->cap));
}

/* @s with room for one more value (@s itself, or a copy; NULL: new). */
static struct svec *sv_grow(G *g, struct svec *s)
{
	unsigned cap = s ? s->cap * 2u : SV_CAP0(g);
	struct svec *x;

	if (s && s->n < s->cap)
		return s;
	MCR_ASSERT(cap <= UINT16_MAX);
	x = mcr_obj_alloc(MCR_MT_TRIE_NODE, sv_size(cap));
	g->bytes += sv_size(cap);
	x->n = 0;
	x->cap = (uint16_t)cap;
	x->low = 0;
	if (s) {
		x->n = s->n;
		x->low = s->low;
		memcpy(x->id, s->id, s->n * sizeof(s->id[0]));
		memcpy(sv_val(x), sv_val(s), s->n * sizeof(void *));
		g->bytes -= sv_size(s->cap);
		mcr_obj_free(MCR_MT_TRIE_NODE, s, sv_size(s->cap));
	}
	return x;
}

static void sv_free(G *g, struct svec *s)
{
	g->bytes -= sv_size(s->cap);
	mcr_obj_free(MCR_MT_TRIE_NODE, s, sv_size(s->cap));
}

/* The slot of trie @t in the value @v of one of its group's value nodes;
 * NULL if the node holds no value of @t. */
static inline void **layer_slot(const struct mcr_trie *t, void **v)
{
	const struct svec *s;
	uint64_t bit = sv_bit(t->id);

	if (!t->g->shared)
		return v;
	s = *v;
	if (bit && !(s->low & bit))
		return NULL;
	for (unsigned i = 0; i < s->n; i++)
		if (s->id[i] == t->id)
			return &sv_val(s)[i];
	return NULL;
}

/* The value @t holds at node @ref, NULL if none (or a glue node). */
static inline void *layer_value(const struct mcr_trie *t, uint32_t ref)
{
	void **slot;

	if (is_glue(ref))
		return NULL;
	slot = layer_slot(t, VAL(t->g, N(t->g, ref)));
	return slot ? *slot : NULL;
}

/* ---- handles */

static void group_init(G *g, uint8_t family, bool shared)
{
	size_t base;

	memset(g, 0, sizeof(*g));
	g->family = family;
	g->nbytes = family == MCR_AF_INET ? 4 : 16;
	g->shared = shared;
	base = offsetof(struct trie_node, addr) + g->nbytes;
	g->voff = (uint8_t)((base + sizeof(void *) - 1) &
			    ~(sizeof(void *) - 1));
	g->pool[0].stride = g->voff + sizeof(void *);
	g->pool[1].stride = (uint32_t)((base + 3) & ~(size_t)3);
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
	group_init(&t->own, family, false);
	t->g = &t->own;
	return t;
}

struct mcr_trie_group *mcr_trie_group_new(uint8_t family)
{
	G *g;

	if (family != MCR_AF_INET && family != MCR_AF_INET6)
		return NULL;
	g = mcr_malloc(MCR_MT_TRIE, sizeof(*g));
	group_init(g, family, true);
	return g;
}

/* O(number of chunks); every trie of @g must have been freed. */
void mcr_trie_group_free(struct mcr_trie_group *g)
{
	if (!g)
		return;
	MCR_ASSERT(g->nlayers == 0 && g->nodes == 0);
	mcr_free(MCR_MT_TRIE, g->free_ids, g->capfree * sizeof(*g->free_ids));
	mcr_free(MCR_MT_TRIE, g, sizeof(*g));
}

/* O(1). */
struct mcr_trie *mcr_trie_new_in(struct mcr_trie_group *g)
{
	struct mcr_trie *t;

	if (!g)
		return NULL;
	t = mcr_calloc(MCR_MT_TRIE, 1, sizeof(*t));
	t->g = g;
	if (g->nfree) {
		t->id = g->free_ids[--g->nfree];
	} else {
		MCR_ASSERT(g->next_id <= UINT16_MAX);
		t->id = (uint16_t)g->next_id++;
	}
	g->nlayers++;
	return t;
}

/* ---- exact operations on the group */

/*
 * Where a descent towards @p may start: the number k of finger nodes
 * that cover @p and are shorter than it (they are its ancestors too); the
 * descent continues below fref[k - 1] (from the root if k == 0).
 */
static unsigned finger_start(const G *g, const struct mcr_prefix *p)
{
	unsigned k = g->fdepth, lim;

	if (!k || !p->len)
		return 0;
	/* a finger node covers @p iff it is no longer than what @p shares
	 * with the node at the end of the finger (the cached one); lengths
	 * grow along the finger, and events in prefix order share most of
	 * it, so count from its end */
	lim = key_common(g->caddr, p->addr,
			 g->clen < p->len ? g->clen : p->len);
	if (lim >= p->len)
		lim = p->len - 1;
	while (k && g->flen[k - 1] > lim)
		k--;
	return k;
}

/* Record node @ref of length @len at depth @d of the finger. */
static inline void finger_put(G *g, unsigned d, uint32_t ref, unsigned len)
{
	g->fref[d] = ref;
	g->flen[d] = (uint8_t)len;
}

/* The value node of exactly @p, 0 if none. O(W), O(1) on a cache hit;
 * starts at the finger. */
static uint32_t group_find(G *g, const struct mcr_prefix *p)
{
	const struct trie_node *n = NULL;
	unsigned d;
	uint32_t ref;

	if (cache_hit(g, p))
		return g->cref;
	d = finger_start(g, p);
	ref = d ? N(g, g->fref[d - 1])->child[key_bit(p->addr,
						      g->flen[d - 1])]
		: g->root;
	while (ref && (n = N(g, ref))->len < p->len) {
		finger_put(g, d++, ref, n->len);
		ref = n->child[key_bit(p->addr, n->len)];
	}
	if (ref && !is_glue(ref) && n->len == p->len &&
	    key_match(n->addr, p->addr, p->len)) {
		finger_put(g, d++, ref, n->len);
		g->fdepth = d;
		cache_set(g, ref, p);
		return ref;
	}
	/* the finger was overwritten on the way down */
	g->fdepth = 0;
	return 0;
}

/*
 * The value slot of @p's node, creating the node if needed (then *slot is
 * NULL and the caller must store a value).  O(W), O(1) on a cache hit;
 * allocates at most two nodes (the prefix and a glue node where it
 * branches off), or moves a glue node at @p to the value pool.
 */
static void **group_slot(G *g, const struct mcr_prefix *p)
{
	uint32_t *pp = &g->root, ref, m, glue;
	struct trie_node *n = NULL;
	unsigned common = 0, d;

	if (cache_hit(g, p))
		return VAL(g, g->cnode);
	d = finger_start(g, p);
	if (d)
		pp = &N(g, g->fref[d - 1])->child[key_bit(p->addr,
							  g->flen[d - 1])];
	while ((ref = *pp) != 0) {
		n = N(g, ref);
		common = key_common(n->addr, p->addr,
				    n->len < p->len ? n->len : p->len);
		if (common < n->len)
			break;
		if (n->len == p->len) {
			if (is_glue(ref)) {
				/* glue becomes a value node (slot NULL);
				 * the path above it stays */
				*pp = ref = node_move(g, ref);
			}
			finger_put(g, d++, ref, n->len);
			g->fdepth = d;
			cache_set(g, ref, p);
			return VAL(g, N(g, ref));
		}
		finger_put(g, d++, ref, n->len);
		pp = &n->child[key_bit(p->addr, n->len)];
	}

	/* fref[0..d) is the path down to *pp: the new nodes go below it */
	m = node_new(g, p->addr, p->len, false);
	if (!ref) {
		*pp = m;
	} else if (common == p->len) {
		/* p covers n: p goes in between */
		N(g, m)->child[key_bit(n->addr, p->len)] = ref;
		*pp = m;
	} else {
		/* p and n branch at bit @common */
		struct trie_node *gl;

		glue = node_new(g, p->addr, common, true);
		gl = N(g, glue);
		gl->child[key_bit(p->addr, common)] = m;
		gl->child[key_bit(n->addr, common)] = ref;
		*pp = glue;
		finger_put(g, d++, glue, common);
	}
	finger_put(g, d++, m, p->len);
	g->fdepth = d;
	cache_set(g, m, p);
	return VAL(g, N(g, m));
}

/*
 * Remove the value node of @p, returning its value (NULL if there is no
 * value node for @p).  O(W); frees the node when it has fewer than two
 * children (else it moves to the glue pool), and then its parent if that
 * was a glue node left with one child.
 */
static void *group_delete(G *g, const struct mcr_prefix *p)
{
	uint32_t *pp = &g->root, *ppp = NULL, ref, parent = 0;
	struct trie_node *n = NULL;
	void *value;

	while ((ref = *pp) != 0 && (n = N(g, ref))->len < p->len) {
		ppp = pp;
		parent = ref;
		pp = &n->child[key_bit(p->addr, n->len)];
	}
	if (!ref || is_glue(ref) || n->len != p->len ||
	    !key_match(n->addr, p->addr, p->len))
		return NULL;

	value = *VAL(g, n);
	MCR_ASSERT(value != NULL);
	if (n->child[0] && n->child[1]) {
		*pp = node_move(g, ref); /* stays as glue */
		return value;
	}
	*pp = n->child[0] ? n->child[0] : n->child[1];
	if (!*pp && parent && is_glue(parent)) {
		/* parent was glue with two children, now has one */
		struct trie_node *gl = N(g, parent);

		*ppp = gl->child[0] ? gl->child[0] : gl->child[1];
		node_release(g, parent);
	}
	node_release(g, ref);
	return value;
}

/* ---- exact operations on a trie */

/*
 * The slot of @t at @p, creating it if needed (then *slot is NULL and the
 * caller must store a value).  In a shared group this adds @t's id to the
 * node's values.
 */
static void **trie_slot(struct mcr_trie *t, const struct mcr_prefix *p)
{
	G *g = t->g;
	void **v = group_slot(g, p);
	struct svec *s;
	void **slot;
	unsigned k;

	if (!g->shared)
		return v;
	if (*v && (slot = layer_slot(t, v)) != NULL)
		return slot;
	s = *v = sv_grow(g, *v);
	k = s->n++;
	s->id[k] = t->id;
	s->low |= sv_bit(t->id);
	sv_val(s)[k] = NULL;
	return &sv_val(s)[k];
}

static enum mcr_err trie_put(struct mcr_trie *t, const struct mcr_prefix *p,
			     void *value, bool replace, void **old)
{
	void **slot = trie_slot(t, p);

	*old = *slot;
	if (*slot && !replace)
		return MCR_EEXIST;
	if (!*slot)
		len_add(t, p->len);
	*slot = value;
	return MCR_OK;
}

/* O(W), O(1) on a cache hit.  See mcr/trie.h for the contract on a
 * created slot. */
void **mcr_trie_get(struct mcr_trie *t, const struct mcr_prefix *p,
		    bool *created)
{
	void **slot;

	if (!trie_accepts(t, p))
		return NULL;
	slot = trie_slot(t, p);
	*created = !*slot;
	if (!*slot)
		len_add(t, p->len);
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
 * O(W).  In a shared group the node stays while another trie of the group
 * holds a value there (O(1) on a cache hit); the last value leaving
 * removes it as in a standalone trie.
 */
void *mcr_trie_delete(struct mcr_trie *t, const struct mcr_prefix *p)
{
	G *g = t->g;
	struct svec *s;
	uint32_t ref;
	void *value;
	unsigned k;

	if (!trie_accepts(t, p))
		return NULL;
	if (!g->shared) {
		value = group_delete(g, p);
		if (value)
			len_del(t, p->len);
		return value;
	}
	ref = group_find(g, p);
	if (!ref)
		return NULL;
	s = *VAL(g, N(g, ref));
	for (k = 0; k < s->n && s->id[k] != t->id; k++)
		;
	if (k == s->n)
		return NULL;
	value = sv_val(s)[k];
	len_del(t, p->len);
	s->low &= ~sv_bit(t->id);
	s->n--;
	s->id[k] = s->id[s->n];
	sv_val(s)[k] = sv_val(s)[s->n];
	if (s->n == 0) {
		group_delete(g, p);
		sv_free(g, s);
	}
	return value;
}

/* O(W), O(1) on a cache hit; only the last node's address is compared. */
void *mcr_trie_find(const struct mcr_trie *t, const struct mcr_prefix *p)
{
	uint32_t ref;

	if (!trie_accepts(t, p))
		return NULL;
	ref = group_find(t->g, p);
	return ref ? layer_value(t, ref) : NULL;
}

/*
 * Deepest node covering @p holding a value of @t, and with @strict shorter
 * than @p (its value in *value); 0 if none. O(W).
 */
static uint32_t trie_lpm(const struct mcr_trie *t, const struct mcr_prefix *p,
			 bool strict, void **value)
{
	const G *g = t->g;
	uint32_t ref = g->root, best = 0;

	while (ref) {
		const struct trie_node *n = N(g, ref);
		void *v;

		if (n->len > p->len || (strict && n->len == p->len))
			break;
		if (!node_covers(n, p))
			break;
		if ((v = layer_value(t, ref)) != NULL) {
			best = ref;
			*value = v;
		}
		if (n->len == p->len)
			break;
		ref = n->child[key_bit(p->addr, n->len)];
	}
	return best;
}

static void *trie_match(const struct mcr_trie *t, const struct mcr_prefix *p,
			bool strict, struct mcr_prefix *matched)
{
	void *v = NULL;
	uint32_t ref;

	if (!trie_accepts(t, p))
		return NULL;
	ref = trie_lpm(t, p, strict, &v);
	if (!ref)
		return NULL;
	if (matched)
		node_prefix(t->g, N(t->g, ref), matched);
	return v;
}

/* O(W); NULL if nothing covers @p or @p is of the other family. */
void *mcr_trie_match(const struct mcr_trie *t, const struct mcr_prefix *p,
		     struct mcr_prefix *matched)
{
	return trie_match(t, p, false, matched);
}

/* O(W); as mcr_trie_match but never returns @p itself. */
void *mcr_trie_match_parent(const struct mcr_trie *t,
			    const struct mcr_prefix *p,
			    struct mcr_prefix *matched)
{
	return trie_match(t, p, true, matched);
}

/* O(1). */
size_t mcr_trie_count(const struct mcr_trie *t)
{
	return t->count;
}

/* O(1). */
size_t mcr_trie_nodes(const struct mcr_trie *t)
{
	return t->g->nodes;
}

/* ---- walks */

/* Pre-order walk of the subtree at @ref; recursion depth at most W + 1. */
static int walk_subtree(const struct mcr_trie *t, uint32_t ref,
			mcr_trie_walk_cb cb, void *arg)
{
	const G *g = t->g;
	struct mcr_prefix p;
	void *v;
	int r;

	while (ref) {
		const struct trie_node *n = N(g, ref);

		if ((v = layer_value(t, ref)) != NULL) {
			node_prefix(g, n, &p);
			r = cb(&p, v, arg);
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

/* O(n) plus the callbacks (n: nodes of the group); returns the first
 * non-zero callback result. */
int mcr_trie_walk(const struct mcr_trie *t, mcr_trie_walk_cb cb, void *arg)
{
	return walk_subtree(t, t->g->root, cb, arg);
}

/*
 * O(W + k) for k nodes below @p: descend along @p's bits to the first
 * node at least as long as @p; it is covered by @p (and then so is its
 * whole subtree) or nothing is.
 */
int mcr_trie_walk_covered(const struct mcr_trie *t, const struct mcr_prefix *p,
			  mcr_trie_walk_cb cb, void *arg)
{
	const G *g = t->g;
	uint32_t ref = g->root;
	const struct trie_node *n = NULL;

	if (!trie_accepts(t, p))
		return 0;
	while (ref && (n = N(g, ref))->len < p->len)
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
	const G *g = t->g;
	uint32_t ref = g->root;
	struct mcr_prefix q;
	void *v;
	int r;

	if (!trie_accepts(t, p) || !len_any_below(t, p->len + 1u))
		return 0;
	while (ref) {
		const struct trie_node *n = N(g, ref);

		if (n->len > p->len || !node_covers(n, p))
			break;
		if ((v = layer_value(t, ref)) != NULL) {
			node_prefix(g, n, &q);
			r = cb(&q, v, arg);
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
	const G *g = t->g;
	uint32_t ref = g->root;
	const struct trie_node *n = NULL;
	struct mcr_prefix q;
	void *v;
	int r;

	if (!trie_accepts(t, p))
		return 0;
	if (!len_any_below(t, p->len) && cache_hit(g, p)) {
		/* nothing covers @p but itself, and its node is at hand */
		bool leaf = !g->cnode->child[0] && !g->cnode->child[1];

		ref = g->cref;
		if ((v = layer_value(t, ref)) != NULL) {
			r = cb(p, v, arg);
			if (r || leaf)
				return r ? r : cb(p, v, arg);
		}
		return leaf ? 0 : walk_subtree(t, ref, cb, arg);
	}
	while (ref && (n = N(g, ref))->len < p->len) {
		if (!node_covers(n, p))
			return 0;
		if ((v = layer_value(t, ref)) != NULL) {
			node_prefix(g, n, &q);
			r = cb(&q, v, arg);
			if (r)
				return r;
		}
		ref = n->child[key_bit(p->addr, n->len)];
	}
	if (!ref || !prefix_covers_node(p, n))
		return 0;
	if (n->len == p->len && (v = layer_value(t, ref)) != NULL) {
		/* @p itself: the last covering entry */
		node_prefix(g, n, &q);
		r = cb(&q, v, arg);
		if (r)
			return r;
	}
	return walk_subtree(t, ref, cb, arg);
}

static int stop_cb(const struct mcr_prefix *p, void *value, void *arg)
{
	(void)p;
	(void)value;
	(void)arg;
	return 1;
}

/*
 * O(W) standalone: a node covered by @p has a value in its subtree (glue
 * nodes have two children), so reaching one is enough.  In a shared group
 * that value may be another trie's: O(W + k) there.
 */
int mcr_trie_overlaps(const struct mcr_trie *t, const struct mcr_prefix *p)
{
	const G *g = t->g;
	uint32_t ref = g->root;

	if (!trie_accepts(t, p))
		return 0;
	if (g->shared)
		return mcr_trie_walk_overlapping(t, p, stop_cb, NULL);
	while (ref) {
		const struct trie_node *n = N(g, ref);

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

/* O(1): the handle plus the pools (free nodes included); for a trie of a
 * shared group, the group's memory (shared by its tries). */
size_t mcr_trie_mem_bytes(const struct mcr_trie *t)
{
	return sizeof(*t) + t->g->bytes;
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

/* ---- freeing a trie */

struct pvec {
	struct mcr_prefix *v;
	size_t n;
};

static int collect_cb(const struct mcr_prefix *p, void *value, void *arg)
{
	struct pvec *pv = arg;

	(void)value;
	pv->v[pv->n++] = *p;
	return 0;
}

/*
 * Standalone: O(number of chunks).  In a shared group: O(n + k W), the
 * trie's k prefixes leave the group one by one.  NULL is a no-op.  The
 * values are not freed.
 */
void mcr_trie_free(struct mcr_trie *t)
{
	G *g;

	if (!t)
		return;
	g = t->g;
	if (!g->shared) {
		g->pool[0].live = g->pool[1].live = 0;
		pools_release(g);
		mcr_free(MCR_MT_TRIE, t, sizeof(*t));
		return;
	}
	if (t->count) {
		struct pvec pv = {
			mcr_malloc(MCR_MT_TRIE, t->count * sizeof(*pv.v)), 0};
		size_t n = t->count;

		mcr_trie_walk(t, collect_cb, &pv);
		MCR_ASSERT(pv.n == n);
		for (size_t i = 0; i < pv.n; i++)
			mcr_trie_delete(t, &pv.v[i]);
		mcr_free(MCR_MT_TRIE, pv.v, n * sizeof(*pv.v));
	}
	if (g->nfree == g->capfree) {
		size_t nc = g->capfree ? g->capfree * 2 : 8;

		g->free_ids = mcr_realloc(MCR_MT_TRIE, g->free_ids,
					  g->capfree * sizeof(*g->free_ids),
					  nc * sizeof(*g->free_ids));
		g->capfree = nc;
	}
	g->free_ids[g->nfree++] = t->id;
	g->nlayers--;
	mcr_free(MCR_MT_TRIE, t, sizeof(*t));
}
