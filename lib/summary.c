/*
 * libmcr summarization under a prefix budget (see mcr/summary.h).
 *
 * Semantics
 * ---------
 * W is the union of the @want prefixes, D the union of the @deny prefixes.
 * Deny space is resolved by longest match, as the route table does: an
 * address inside a deny prefix but also inside a (more specific) want
 * prefix is wanted.  So the forbidden space is F = D \ W, and a result is
 * a set S of at most @budget prefixes with W <= union(S) and
 * union(S) & F empty.  Its extra space is |union(S) \ W|, the space that
 * is neither wanted nor forbidden (unrouted); the result minimizes it.
 *
 *   deny 10.0.0.0/8 (routed elsewhere), want 10.1.0.0/16 (more specific,
 *   routed here): valid; 10.1.0.0/16 may be sent, 10.0.0.0/15 may not,
 *   since it covers 10.0.0.0/16, which the table routes elsewhere.
 *
 * A want prefix equal to a deny prefix, or covering one, is bad input
 * (MCR_EINVAL naming both): the table sends the deny prefix's space
 * elsewhere, so the want prefix itself would leak it.  The caller removes
 * the denied part first (sends the want prefix's remaining pieces).  With
 * that rule longest-match and "F = D \ W" are the same thing.  Nested or
 * duplicate wants (and denies) are fine; a want inside another is
 * redundant.  A deny prefix whose space is entirely re-wanted by more
 * specific want prefixes forbids nothing.
 *
 * Algorithm
 * ---------
 * 1. Build a path-compressed binary trie over want + deny (as lib/trie.c,
 *    here index-based and flagged WANT / DENY).  Its shape depends only on
 *    the set of prefixes, so the result does not depend on input order.
 *    A WANT node is a leaf for what follows (its subtree is wanted).
 *
 *    Only trie nodes need to be considered as summary prefixes: a prefix
 *    of an optimal set can be shrunk, without adding extra space or
 *    forbidden space, to the smallest prefix holding the same whole want
 *    prefixes (one that cuts a want prefix can be replaced by that want
 *    prefix), and that is the branching point (or the want) in the trie.
 *
 * 2. Bottom-up pass: for node v, nw(v) = maximal want prefixes below,
 *    want(v) = wanted addresses below, forbidden(v) = v's prefix holds a
 *    forbidden address: v is not WANT and either its gap (the part of
 *    its prefix outside both children's prefixes) is non-empty while v or
 *    an ancestor is DENY, or a child is forbidden.  need(v) = fewest
 *    prefixes that can cover v's wants (1 if v is usable, else the sum
 *    over children).  If need(root) > budget: MCR_ELIMIT, naming
 *    need(root) and a deny prefix inside (or around) the want hull.
 *
 * 3. Tree DP: f(v, k) = least extra space covering every wanted address
 *    below v with at most k prefixes inside v, none forbidden:
 *        f(v, k) = min( self(v)                  if v usable and k >= 1,
 *                       min over k0 + k1 <= k of f(c0, k0) + f(c1, k1) )
 *    with self(v) = |v| - want(v), f(v, 0) = INF if nw(v) > 0 and 0 for
 *    subtrees without wants.  f(v, k) = 0 for k >= nw(v) (each want
 *    alone), so v's table holds k = 0 .. min(nw(v), budget) only; with
 *    tables capped like that the merges cost sum min(nw0,B) * min(nw1,B),
 *    which is O(n * B) over the whole tree (the classic size-capped
 *    tree-knapsack bound), not O(n * B^2).
 *
 * 4. Reconstruction from the root with the smallest k* <= budget such
 *    that f(root, k*) = f(root, budget): the result is optimal in extra
 *    space and, among optimal sets, has the fewest prefixes.  Remaining
 *    ties are broken deterministically: a node's own prefix before a
 *    split, and among splits the one giving the lower-address child the
 *    fewest prefixes.  The prefixes come out in mcr_prefix_cmp order
 *    (pre-order), and are pairwise disjoint.
 *
 * The result is exact (optimal).  Costs are counted in addresses with
 * 128-bit arithmetic saturating at 2^128 - 2: only ::/0 (2^128 addresses)
 * and sums near it saturate, where comparisons stop being exact.  For
 * IPv6 the reported extra is in /64 units, rounded up, and UINT64_MAX
 * when the result is ::/0 or the count saturated.
 *
 * Cost: with n = nwant + ndeny, W = address width and B = min(budget,
 * number of wants): O(n W) to build, O(n B) time and
 * O(n + sum over nodes of min(nw, B)) * 16 bytes of memory for the DP
 * (at most 2n (B + 1) entries; a balanced tree of 10k wants with B = 100
 * needs about 0.1M).  All memory is MCR_MT_SUMMARY and freed before
 * returning, except the result.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "mcr/mem.h"
#include "mcr/summary.h"

/* --- saturating 128-bit address counts ---------------------------------- */

struct u128 {
	uint64_t hi, lo;
};

#define U_INF ((struct u128){UINT64_MAX, UINT64_MAX})	   /* infeasible */
#define U_CAP ((struct u128){UINT64_MAX, UINT64_MAX - 1}) /* 2^128 - 2 */

static inline bool u_lt(struct u128 a, struct u128 b)
{
	return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo);
}

static inline bool u_eq(struct u128 a, struct u128 b)
{
	return a.hi == b.hi && a.lo == b.lo;
}

static inline bool u_inf(struct u128 a)
{
	return u_eq(a, U_INF);
}

/* a + b; INF if either is, else saturating at U_CAP. */
static inline struct u128 u_add(struct u128 a, struct u128 b)
{
	struct u128 r;
	uint64_t c1, c2;

	if (u_inf(a) || u_inf(b))
		return U_INF;
	r.lo = a.lo + b.lo;
	c1 = r.lo < a.lo;
	r.hi = a.hi + b.hi;
	c2 = r.hi < a.hi;
	if (c1 && ++r.hi == 0)
		c2 = 1;
	return (c2 || u_lt(U_CAP, r)) ? U_CAP : r;
}

/* a - b for b <= a (a saturated: result approximate, never below 0). */
static inline struct u128 u_sub(struct u128 a, struct u128 b)
{
	struct u128 r;

	if (u_lt(a, b))
		return (struct u128){0, 0};
	r.lo = a.lo - b.lo;
	r.hi = a.hi - b.hi - (a.lo < b.lo);
	return r;
}

/* Addresses in a prefix of @len bits out of @max. */
static struct u128 u_space(unsigned max, unsigned len)
{
	unsigned bits = max - len;

	if (bits >= 128)
		return U_CAP; /* ::/0: 2^128 does not fit */
	if (bits >= 64)
		return (struct u128){1ULL << (bits - 64), 0};
	return (struct u128){0, 1ULL << bits};
}

/* --- the want/deny trie --------------------------------------------------- */

#define NIL UINT32_MAX
#define SN_WANT 0x01
#define SN_DENY 0x02

/*
 * Invariant: as in lib/trie.c -- descendants are longer and covered,
 * child[b] by bit len, nodes without flags have two children.
 */
struct snode {
	uint32_t child[2];
	uint8_t len;
	uint8_t flags;	     /* SN_WANT | SN_DENY */
	bool forbidden;	     /* holds forbidden space (step 2) */
	uint8_t addr[16];
	uint32_t nw;	     /* maximal want prefixes below (WANT: 1) */
	uint32_t need;	     /* fewest prefixes covering the wants below */
	struct u128 want;    /* wanted addresses below */
	size_t foff;	     /* f table: cost[foff .. foff + flen - 1] */
	uint32_t flen;	     /* min(nw, budget) + 1 */
};

struct sum_ctx {
	uint8_t family;
	unsigned max;	       /* 32 or 128 */
	size_t budget;
	struct snode *n;
	uint32_t nn, cap;      /* nodes used / allocated */
	uint32_t root;
	struct u128 *cost;     /* all f tables */
	size_t ncost;
	struct mcr_prefix *out;
	size_t nout;
	struct mcr_errbuf *eb;
};

static inline unsigned key_bit(const uint8_t *a, unsigned i)
{
	return (a[i >> 3] >> (7 - (i & 7))) & 1;
}

static unsigned key_common(const uint8_t *a, const uint8_t *b, unsigned max)
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

static uint32_t sn_new(struct sum_ctx *c, const uint8_t *addr, unsigned len,
		       uint8_t flags)
{
	struct snode *s;
	unsigned full = len / 8, rest = len % 8;

	MCR_ASSERT(c->nn < c->cap);
	s = &c->n[c->nn];
	memset(s, 0, sizeof(*s));
	s->child[0] = s->child[1] = NIL;
	s->len = (uint8_t)len;
	s->flags = flags;
	memcpy(s->addr, addr, full);
	if (rest)
		s->addr[full] = addr[full] & (uint8_t)(0xff << (8 - rest));
	return c->nn++;
}

/* Insert @p with @flags (OR'ed into an existing node). O(W). */
static void sn_insert(struct sum_ctx *c, const struct mcr_prefix *p,
		      uint8_t flags)
{
	uint32_t *pp = &c->root, i, m, g;
	unsigned common = 0;

	while ((i = *pp) != NIL) {
		struct snode *s = &c->n[i];

		common = key_common(s->addr, p->addr,
				    s->len < p->len ? s->len : p->len);
		if (common < s->len)
			break;
		if (s->len == p->len) {
			s->flags |= flags;
			return;
		}
		pp = &s->child[key_bit(p->addr, s->len)];
	}
	m = sn_new(c, p->addr, p->len, flags);
	if (i == NIL) {
		*pp = m;
	} else if (common == p->len) {
		c->n[m].child[key_bit(c->n[i].addr, p->len)] = i;
		*pp = m;
	} else {
		g = sn_new(c, p->addr, common, 0);
		c->n[g].child[key_bit(p->addr, common)] = m;
		c->n[g].child[key_bit(c->n[i].addr, common)] = i;
		*pp = g;
	}
}

static void sn_prefix(const struct sum_ctx *c, uint32_t i,
		      struct mcr_prefix *p)
{
	memset(p, 0, sizeof(*p));
	p->family = c->family;
	p->len = c->n[i].len;
	memcpy(p->addr, c->n[i].addr, c->max / 8);
}

/* First DENY node in pre-order below @i (itself included), or NIL. */
static uint32_t first_deny(const struct sum_ctx *c, uint32_t i,
			   bool forbidden_only)
{
	uint32_t r;

	if (i == NIL)
		return NIL;
	if ((c->n[i].flags & SN_DENY) &&
	    (!forbidden_only || c->n[i].forbidden))
		return i;
	r = first_deny(c, c->n[i].child[0], forbidden_only);
	return r != NIL ? r : first_deny(c, c->n[i].child[1], forbidden_only);
}

/*
 * Step 2, post-order (depth at most W + 1).  Also rejects wants that are
 * denied or cover a deny, and sizes the f tables.
 */
static enum mcr_err pass_up(struct sum_ctx *c, uint32_t i, bool in_deny)
{
	struct snode *s = &c->n[i];
	char b1[MCR_PREFIX_STRLEN], b2[MCR_PREFIX_STRLEN];
	struct mcr_prefix p, q;
	bool gap = false;
	uint32_t d;
	enum mcr_err err;

	if (s->flags & SN_WANT) {
		d = (s->flags & SN_DENY) ? i : first_deny(c, i, false);
		if (d != NIL) {
			sn_prefix(c, i, &p);
			sn_prefix(c, d, &q);
			mcr_prefix2str(&p, b1, sizeof(b1));
			mcr_prefix2str(&q, b2, sizeof(b2));
			if (d == i)
				return mcr_error(c->eb, MCR_EINVAL,
						 "wanted prefix %s is also "
						 "denied", b1);
			return mcr_error(c->eb, MCR_EINVAL,
					 "wanted prefix %s covers denied "
					 "prefix %s", b1, b2);
		}
		s->nw = 1;
		s->need = 1;
		s->want = u_space(c->max, s->len);
		s->forbidden = false;
	} else {
		in_deny = in_deny || (s->flags & SN_DENY);
		for (int b = 0; b < 2; b++) {
			uint32_t ci = s->child[b];
			struct snode *ch;

			if (ci == NIL) {
				gap = true;
				continue;
			}
			err = pass_up(c, ci, in_deny);
			if (err)
				return err;
			s = &c->n[i];
			ch = &c->n[ci];
			if (ch->len != s->len + 1)
				gap = true;
			s->nw += ch->nw;
			s->need += ch->need;
			s->want = u_add(s->want, ch->want);
			if (ch->forbidden)
				s->forbidden = true;
		}
		if (in_deny && gap)
			s->forbidden = true;
		if (s->nw && !s->forbidden)
			s->need = 1;
	}
	s->flen = (uint32_t)((s->nw < c->budget ? s->nw : c->budget) + 1);
	s->foff = c->ncost;
	c->ncost += s->flen;
	return MCR_OK;
}

/* f(i, k) for any k >= 0 (tables stop where they become constant). */
static inline struct u128 fval(const struct sum_ctx *c, uint32_t i, size_t k)
{
	const struct snode *s;

	if (i == NIL)
		return (struct u128){0, 0};
	s = &c->n[i];
	return c->cost[s->foff + (k < s->flen ? k : s->flen - 1)];
}

static inline uint32_t flen_of(const struct sum_ctx *c, uint32_t i)
{
	return i == NIL ? 1 : c->n[i].flen;
}

static inline struct u128 self_cost(const struct sum_ctx *c,
				    const struct snode *s)
{
	return u_sub(u_space(c->max, s->len), s->want);
}

/* Step 3, post-order. */
static void pass_dp(struct sum_ctx *c, uint32_t i)
{
	const struct snode *s = &c->n[i];
	struct u128 *f = c->cost + s->foff, self;
	uint32_t c0 = s->child[0], c1 = s->child[1], l0, l1;

	for (uint32_t k = 0; k < s->flen; k++)
		f[k] = U_INF;
	if (s->flags & SN_WANT) {
		f[1] = (struct u128){0, 0};
		return;
	}
	if (c0 != NIL)
		pass_dp(c, c0);
	if (c1 != NIL)
		pass_dp(c, c1);
	l0 = flen_of(c, c0);
	l1 = flen_of(c, c1);
	for (uint32_t k0 = 0; k0 < l0 && k0 < s->flen; k0++) {
		struct u128 a = fval(c, c0, k0);

		if (u_inf(a))
			continue;
		for (uint32_t k1 = 0; k1 < l1 && k0 + k1 < s->flen; k1++) {
			struct u128 v = u_add(a, fval(c, c1, k1));

			if (u_lt(v, f[k0 + k1]))
				f[k0 + k1] = v;
		}
	}
	if (s->nw && !s->forbidden) {
		self = self_cost(c, s);
		for (uint32_t k = 1; k < s->flen; k++)
			if (u_lt(self, f[k]))
				f[k] = self;
	}
	/* "at most k": make the table non-increasing */
	for (uint32_t k = 1; k < s->flen; k++)
		if (u_lt(f[k - 1], f[k]))
			f[k] = f[k - 1];
}

/* Step 4, pre-order: emit an optimal set of at most @k prefixes for @i. */
static void pass_emit(struct sum_ctx *c, uint32_t i, size_t k)
{
	const struct snode *s = &c->n[i];
	struct u128 target;
	uint32_t c0 = s->child[0], c1 = s->child[1];

	if (!s->nw)
		return;
	target = fval(c, i, k);
	MCR_ASSERT(k >= 1 && !u_inf(target));
	if ((s->flags & SN_WANT) ||
	    (!s->forbidden && u_eq(self_cost(c, s), target))) {
		sn_prefix(c, i, &c->out[c->nout++]);
		return;
	}
	for (size_t k0 = 0; k0 <= k; k0++) {
		if (u_eq(u_add(fval(c, c0, k0), fval(c, c1, k - k0)),
			 target)) {
			if (c0 != NIL)
				pass_emit(c, c0, k0);
			if (c1 != NIL)
				pass_emit(c, c1, k - k0);
			return;
		}
	}
	MCR_ASSERT(!"summary: no split reaches the DP value");
}

/* A deny prefix that keeps the wants apart, for the MCR_ELIMIT message. */
static uint32_t blocking_deny(const struct sum_ctx *c)
{
	uint32_t i = c->root, covering = NIL, h;

	/* descend to the want hull, remembering deny prefixes around it */
	for (;;) {
		const struct snode *s = &c->n[i];
		uint32_t c0 = s->child[0], c1 = s->child[1];
		bool w0 = c0 != NIL && c->n[c0].nw;
		bool w1 = c1 != NIL && c->n[c1].nw;

		if (s->flags & SN_DENY)
			covering = i;
		if ((s->flags & SN_WANT) || (w0 && w1) || (!w0 && !w1))
			break;
		i = w0 ? c0 : c1;
	}
	h = i;
	if (covering != NIL)
		return covering;
	return first_deny(c, h, true);
}

static enum mcr_err check_input(uint8_t family, const struct mcr_prefix *v,
				size_t n, const char *what,
				struct mcr_errbuf *eb)
{
	char buf[MCR_PREFIX_STRLEN];

	if (n && !v)
		return mcr_error(eb, MCR_EINVAL, "%s list is NULL", what);
	for (size_t i = 0; i < n; i++) {
		if (!mcr_prefix_is_canonical(&v[i]))
			return mcr_error(eb, MCR_EINVAL,
					 "%s prefix #%zu is not canonical",
					 what, i);
		if (v[i].family != family)
			return mcr_error(eb, MCR_EINVAL,
					 "%s prefix %s is not of the family",
					 what, mcr_prefix2str(&v[i], buf,
							      sizeof(buf)));
	}
	return MCR_OK;
}

/*
 * Cost and memory: see the file header.  Fails with MCR_EINVAL (bad
 * input, message names the prefix) or MCR_ELIMIT (message names the
 * number of prefixes needed); @res is written only on success.
 */
enum mcr_err mcr_summarize(uint8_t family, const struct mcr_prefix *want,
			   size_t nwant, const struct mcr_prefix *deny,
			   size_t ndeny, size_t budget,
			   struct mcr_summary_result *res,
			   struct mcr_errbuf *eb)
{
	struct sum_ctx c = {.family = family, .eb = eb, .root = NIL};
	char buf[MCR_PREFIX_STRLEN];
	struct mcr_prefix q;
	enum mcr_err err;
	struct u128 best;
	size_t k, cap;
	uint32_t d;

	if (family != MCR_AF_INET && family != MCR_AF_INET6)
		return mcr_error(eb, MCR_EINVAL, "unknown address family %u",
				 family);
	if (budget == 0)
		return mcr_error(eb, MCR_EINVAL, "prefix budget is 0");
	if (!res)
		return mcr_error(eb, MCR_EINVAL, "no result given");
	err = check_input(family, want, nwant, "wanted", eb);
	if (!err)
		err = check_input(family, deny, ndeny, "denied", eb);
	if (err)
		return err;
	if (nwant > UINT32_MAX / 4 || ndeny > UINT32_MAX / 4 - nwant)
		return mcr_error(eb, MCR_ELIMIT, "too many prefixes");
	if (nwant == 0) {
		*res = (struct mcr_summary_result){.prefixes = NULL};
		return MCR_OK;
	}

	c.max = mcr_af_maxlen(family);
	c.budget = budget < nwant ? budget : nwant;
	c.cap = (uint32_t)(2 * (nwant + ndeny));
	c.n = mcr_malloc(MCR_MT_SUMMARY, c.cap * sizeof(*c.n));
	for (size_t i = 0; i < nwant; i++)
		sn_insert(&c, &want[i], SN_WANT);
	for (size_t i = 0; i < ndeny; i++)
		sn_insert(&c, &deny[i], SN_DENY);

	err = pass_up(&c, c.root, false);
	if (err)
		goto out;
	if (c.n[c.root].need > budget) {
		d = blocking_deny(&c);
		if (d != NIL)
			sn_prefix(&c, d, &q);
		err = mcr_error(eb, MCR_ELIMIT,
				"covering the wanted prefixes without denied "
				"space (such as %s) needs at least %u "
				"prefixes, budget is %zu",
				d != NIL ? mcr_prefix2str(&q, buf, sizeof(buf))
					 : "?",
				c.n[c.root].need, budget);
		goto out;
	}

	c.cost = mcr_malloc(MCR_MT_SUMMARY, c.ncost * sizeof(*c.cost));
	pass_dp(&c, c.root);
	best = fval(&c, c.root, c.budget);
	MCR_ASSERT(!u_inf(best));
	for (k = 1; !u_eq(fval(&c, c.root, k), best); k++)
		;
	cap = k;
	c.out = mcr_malloc(MCR_MT_SUMMARY, cap * sizeof(*c.out));
	pass_emit(&c, c.root, k);
	MCR_ASSERT(c.nout == cap);

	res->prefixes = c.out;
	res->count = c.nout;
	if (family == MCR_AF_INET)
		res->extra = best.lo;
	else if (u_eq(best, U_CAP) || best.hi == UINT64_MAX ||
		 c.out[0].len == 0)
		res->extra = UINT64_MAX;
	else
		res->extra = best.hi + (best.lo != 0);
out:
	mcr_free(MCR_MT_SUMMARY, c.cost, c.ncost * sizeof(*c.cost));
	mcr_free(MCR_MT_SUMMARY, c.n, c.cap * sizeof(*c.n));
	return err;
}

/* O(1); leaves @res empty.  Safe on an empty result. */
void mcr_summary_result_free(struct mcr_summary_result *res)
{
	if (!res)
		return;
	mcr_free(MCR_MT_SUMMARY, res->prefixes,
		 res->count * sizeof(*res->prefixes));
	*res = (struct mcr_summary_result){.prefixes = NULL};
}
