/*
 * libmcr route tables (see mcr/rtable.h for the selection rules).
 *
 * Structure: per family a prefix trie (mcr/trie.h) of struct rnode.  A
 * node holds an array of paths (pointers to routes owned by attachments,
 * with per-table flags), and optionally a struct rstatic (configured
 * static route or blackhole).  What was last reported as selected is
 * kept in flags (P_INST on paths, inst_kind, rstatic->inst_*), so a flush
 * can report the old selection without keeping a copy.
 *
 *   mutation --> node marked N_DIRTY, prefix appended to t->dirty
 *   flush    --> sort dirty nodes by prefix; per node: compute
 *                exclusions (conflict policy, from overlapping nodes'
 *                candidates), select, compare with the P_INST state,
 *                report, then drop P_GONE paths and free an empty node.
 *
 * Removed paths are only flagged P_GONE until the flush so that the
 * callback can still see them in the old selection.
 *
 * Memory per (prefix, table) for a single path: one rnode (32 bytes, the
 * path inline) and the trie's node; a second path moves the paths to an
 * array of 16 bytes each.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "mcr/mem.h"
#include "mcr/profile.h"
#include "mcr/rtable.h"
#include "mcr/trie.h"

enum {
	P_GONE = 0x01,	/* removed; dropped at the end of the flush */
	P_EXCL = 0x02,	/* excluded by the conflict policy */
	P_INST = 0x04,	/* part of the last reported selection */
	P_TOUCHED = 0x08, /* attributes changed since the last flush */
};

enum {
	N_DIRTY = 0x01,
	N_TOUCHED = 0x02,
};

/* Invariant: configured || blackhole, or the static is only kept until
 * the flush reports its removal (inst_src != NULL). */
struct rstatic {
	const struct mcr_rsrc *src;	/* configured static target */
	struct mcr_addr nh;		/* family 0 = none */
	bool configured;
	bool blackhole;
	const struct mcr_rsrc *inst_src; /* last reported static target */
	struct mcr_addr inst_nh;
};

struct rpath {
	const struct mcr_route *r;
	uint8_t flags;
};

/* Invariant: inst_kind is the kind last reported; paths with P_INST are
 * the routes last reported (inst_kind PROPAGATED only); the paths are
 * u.one when npaths <= 1 (no allocation for the common single path),
 * else the array u.v of npaths entries (see PATHS()). */
struct rnode {
	union {
		struct rpath one;
		struct rpath *v;
	} u;
	struct rstatic *st;
	uint16_t npaths;
	uint8_t flags;
	uint8_t inst_kind;
};

/* A node waiting for the flush: the node itself (nodes are only freed by
 * the flush) and its prefix, for ordering and reporting. */
struct dirty {
	struct rnode *n;
	struct mcr_prefix p;
};

/* Invariant: every N_DIRTY node is in dirty[0..ndirty), once. */
struct mcr_rtable {
	char *name;
	uint32_t kernel_id;
	bool ecmp;
	enum mcr_conflict_policy policy;
	struct mcr_trie *tr[MCR_AFI_MAX];
	struct mcr_trie *prot[MCR_AFI_MAX];
	size_t ninst[MCR_AFI_MAX];
	struct dirty *dirty;
	size_t ndirty, dirty_cap;
};

static char prot_sentinel;

static inline struct rpath *PATHS(struct rnode *n)
{
	return n->npaths > 1 ? n->u.v : &n->u.one;
}

static const char *const policy_names[MCR_CONFLICT_POLICY_MAX] = {
	[MCR_CONFLICT_REPORT] = "report",
	[MCR_CONFLICT_PREFER_ATTACHMENT] = "prefer-attachment",
	[MCR_CONFLICT_FIRST_WINS] = "first-wins",
	[MCR_CONFLICT_REJECT_BOTH] = "reject-both",
};

const char *mcr_conflict_policy_name(enum mcr_conflict_policy p)
{
	if ((unsigned)p >= MCR_CONFLICT_POLICY_MAX)
		return "?";
	return policy_names[p];
}

enum mcr_err mcr_conflict_policy_parse(const char *s,
				       enum mcr_conflict_policy *out,
				       struct mcr_errbuf *eb)
{
	for (unsigned i = 0; s && i < MCR_CONFLICT_POLICY_MAX; i++)
		if (!strcmp(s, policy_names[i])) {
			*out = (enum mcr_conflict_policy)i;
			return MCR_OK;
		}
	return mcr_error(eb, MCR_EINVAL, "unknown conflict policy \"%s\"",
			 s ? s : "");
}

const char *mcr_route_kind_name(enum mcr_route_kind k)
{
	switch (k) {
	case MCR_RK_NONE:
		return "none";
	case MCR_RK_PROPAGATED:
		return "propagated";
	case MCR_RK_STATIC:
		return "static";
	case MCR_RK_BLACKHOLE:
		return "blackhole";
	}
	return "?";
}

struct mcr_rtable *
mcr_rtable_new_in(const char *name, uint32_t kernel_id,
		  struct mcr_trie_group *const grp[MCR_AFI_MAX])
{
	struct mcr_rtable *t = mcr_calloc(MCR_MT_RTABLE, 1, sizeof(*t));

	t->name = mcr_strdup(MCR_MT_RTABLE, name);
	t->kernel_id = kernel_id;
	t->tr[MCR_AFI_IP] = grp ? mcr_trie_new_in(grp[MCR_AFI_IP])
				: mcr_trie_new(MCR_AF_INET);
	t->tr[MCR_AFI_IP6] = grp ? mcr_trie_new_in(grp[MCR_AFI_IP6])
				 : mcr_trie_new(MCR_AF_INET6);
	t->prot[MCR_AFI_IP] = mcr_trie_new(MCR_AF_INET);
	t->prot[MCR_AFI_IP6] = mcr_trie_new(MCR_AF_INET6);
	return t;
}

struct mcr_rtable *mcr_rtable_new(const char *name, uint32_t kernel_id)
{
	return mcr_rtable_new_in(name, kernel_id, NULL);
}

static void node_free(struct rnode *n)
{
	if (n->npaths > 1)
		mcr_free(MCR_MT_PATH, n->u.v, n->npaths * sizeof(*n->u.v));
	mcr_free(MCR_MT_RTABLE, n->st, sizeof(*n->st));
	mcr_obj_free(MCR_MT_ROUTE, n, sizeof(*n));
}

static int node_free_cb(const struct mcr_prefix *p, void *v, void *arg)
{
	(void)p;
	(void)arg;
	node_free(v);
	return 0;
}

void mcr_rtable_free(struct mcr_rtable *t)
{
	if (!t)
		return;
	for (int i = 0; i < MCR_AFI_MAX; i++) {
		mcr_trie_walk(t->tr[i], node_free_cb, NULL);
		mcr_trie_free(t->tr[i]);
		mcr_trie_free(t->prot[i]);
	}
	mcr_free(MCR_MT_RTABLE, t->dirty, t->dirty_cap * sizeof(*t->dirty));
	mcr_strfree(MCR_MT_RTABLE, t->name);
	mcr_free(MCR_MT_RTABLE, t, sizeof(*t));
}

const char *mcr_rtable_name(const struct mcr_rtable *t)
{
	return t->name;
}

uint32_t mcr_rtable_kernel_id(const struct mcr_rtable *t)
{
	return t->kernel_id;
}

bool mcr_rtable_ecmp(const struct mcr_rtable *t)
{
	return t->ecmp;
}

enum mcr_conflict_policy mcr_rtable_policy(const struct mcr_rtable *t)
{
	return t->policy;
}

size_t mcr_rtable_count(const struct mcr_rtable *t, uint8_t family)
{
	return t->ninst[mcr_afi_of(family)];
}

static void dirty_push(struct mcr_rtable *t, struct rnode *n,
		       const struct mcr_prefix *p)
{
	if (n->flags & N_DIRTY)
		return;
	n->flags |= N_DIRTY;
	if (t->ndirty == t->dirty_cap) {
		size_t nc = t->dirty_cap ? t->dirty_cap * 2 : 64;

		t->dirty = mcr_realloc(MCR_MT_RTABLE, t->dirty,
				       t->dirty_cap * sizeof(*t->dirty),
				       nc * sizeof(*t->dirty));
		t->dirty_cap = nc;
	}
	t->dirty[t->ndirty].n = n;
	t->dirty[t->ndirty++].p = *p;
}

static int mark_cb(const struct mcr_prefix *p, void *v, void *arg)
{
	dirty_push(arg, v, p);
	return 0;
}

/* Mark @n (at @p) and, under an excluding policy, every overlapping
 * node. */
static void mark_overlap(struct mcr_rtable *t, struct rnode *n,
			 const struct mcr_prefix *p)
{
	struct mcr_trie *tr = t->tr[mcr_afi_of(p->family)];

	dirty_push(t, n, p);
	if (t->policy == MCR_CONFLICT_REPORT)
		return;
	mcr_trie_walk_covering(tr, p, mark_cb, t);
	mcr_trie_walk_covered(tr, p, mark_cb, t);
}

static void mark_all(struct mcr_rtable *t)
{
	for (int i = 0; i < MCR_AFI_MAX; i++)
		mcr_trie_walk(t->tr[i], mark_cb, t);
}

void mcr_rtable_set_ecmp(struct mcr_rtable *t, bool ecmp)
{
	if (t->ecmp != ecmp) {
		t->ecmp = ecmp;
		mark_all(t);
	}
}

void mcr_rtable_set_policy(struct mcr_rtable *t, enum mcr_conflict_policy p)
{
	if (t->policy != p) {
		t->policy = p;
		mark_all(t);
	}
}

static int touch_cb(const struct mcr_prefix *p, void *v, void *arg)
{
	struct rnode *n = v;

	if (n->inst_kind != MCR_RK_NONE)
		n->flags |= N_TOUCHED;
	dirty_push(arg, n, p);
	return 0;
}

void mcr_rtable_set_kernel_id(struct mcr_rtable *t, uint32_t kernel_id)
{
	if (t->kernel_id == kernel_id)
		return;
	t->kernel_id = kernel_id;
	/* everything is reinstalled under the new id */
	for (int i = 0; i < MCR_AFI_MAX; i++)
		mcr_trie_walk(t->tr[i], touch_cb, t);
}

enum mcr_err mcr_rtable_protect_add(struct mcr_rtable *t,
				    const struct mcr_prefix *p,
				    struct mcr_errbuf *eb)
{
	char buf[MCR_PREFIX_STRLEN];

	if (mcr_trie_insert(t->prot[mcr_afi_of(p->family)], p,
			    &prot_sentinel) != MCR_OK)
		return mcr_error(eb, MCR_EEXIST, "%s is already protected",
				 mcr_prefix2str(p, buf, sizeof(buf)));
	return MCR_OK;
}

enum mcr_err mcr_rtable_protect_del(struct mcr_rtable *t,
				    const struct mcr_prefix *p,
				    struct mcr_errbuf *eb)
{
	char buf[MCR_PREFIX_STRLEN];

	if (!mcr_trie_delete(t->prot[mcr_afi_of(p->family)], p))
		return mcr_error(eb, MCR_ENOENT, "%s is not protected",
				 mcr_prefix2str(p, buf, sizeof(buf)));
	return MCR_OK;
}

bool mcr_rtable_is_protected(const struct mcr_rtable *t,
			     const struct mcr_prefix *p)
{
	return mcr_trie_find(t->prot[mcr_afi_of(p->family)], p) != NULL;
}

int mcr_rtable_protect_walk(const struct mcr_rtable *t, uint8_t family,
			    mcr_rtable_prefix_cb cb, void *arg)
{
	return mcr_trie_walk_prefixes(t->prot[mcr_afi_of(family)], cb, arg);
}

static struct rnode *node_get(struct mcr_rtable *t, const struct mcr_prefix *p)
{
	bool created;
	void **slot = mcr_trie_get(t->tr[mcr_afi_of(p->family)], p, &created);

	if (created)
		*slot = mcr_obj_zalloc(MCR_MT_ROUTE, sizeof(struct rnode));
	return *slot;
}

static struct rpath *path_find(struct rnode *n, const struct mcr_route *r)
{
	struct rpath *pv = PATHS(n);

	for (unsigned i = 0; i < n->npaths; i++)
		if (pv[i].r == r && !(pv[i].flags & P_GONE))
			return &pv[i];
	return NULL;
}

enum mcr_err mcr_rtable_path_add(struct mcr_rtable *t,
				 const struct mcr_prefix *p,
				 const struct mcr_route *r)
{
	struct rnode *n = node_get(t, p);

	if (path_find(n, r))
		return MCR_EEXIST;
	if (n->npaths == 0) {
		n->u.one.r = r;
		n->u.one.flags = 0;
	} else {
		struct rpath *v;

		if (n->npaths == 1) {
			v = mcr_malloc(MCR_MT_PATH, 2 * sizeof(*v));
			v[0] = n->u.one;
		} else {
			v = mcr_realloc(MCR_MT_PATH, n->u.v,
					n->npaths * sizeof(*v),
					(n->npaths + 1) * sizeof(*v));
		}
		v[n->npaths].r = r;
		v[n->npaths].flags = 0;
		n->u.v = v;
	}
	n->npaths++;
	mark_overlap(t, n, p);
	return MCR_OK;
}

enum mcr_err mcr_rtable_path_del(struct mcr_rtable *t,
				 const struct mcr_prefix *p,
				 const struct mcr_route *r)
{
	struct rnode *n = mcr_trie_find(t->tr[mcr_afi_of(p->family)], p);
	struct rpath *rp = n ? path_find(n, r) : NULL;

	if (!rp)
		return MCR_ENOENT;
	rp->flags |= P_GONE;
	mark_overlap(t, n, p);
	return MCR_OK;
}

void mcr_rtable_path_touch(struct mcr_rtable *t, const struct mcr_prefix *p,
			   const struct mcr_route *r)
{
	struct rnode *n = mcr_trie_find(t->tr[mcr_afi_of(p->family)], p);
	struct rpath *rp = n ? path_find(n, r) : NULL;

	if (!rp)
		return;
	rp->flags |= P_TOUCHED;
	dirty_push(t, n, p);
}

void mcr_rtable_touch(struct mcr_rtable *t, const struct mcr_prefix *p)
{
	struct rnode *n = mcr_trie_find(t->tr[mcr_afi_of(p->family)], p);

	if (!n)
		return;
	touch_cb(p, n, t);
	mark_overlap(t, n, p);
}

static enum mcr_err static_put(struct mcr_rtable *t,
			       const struct mcr_prefix *p,
			       const struct mcr_rsrc *src,
			       const struct mcr_addr *nh, bool blackhole,
			       struct mcr_errbuf *eb)
{
	struct mcr_trie *tr = t->tr[mcr_afi_of(p->family)];
	struct rnode *n = mcr_trie_find(tr, p);
	char buf[MCR_PREFIX_STRLEN];

	if (n && n->st && n->st->configured && n->st->blackhole != blackhole)
		return mcr_error(eb, MCR_EEXIST, "%s already has a %s route",
				 mcr_prefix2str(p, buf, sizeof(buf)),
				 n->st->blackhole ? "blackhole" : "static");
	n = node_get(t, p);
	if (!n->st)
		n->st = mcr_calloc(MCR_MT_RTABLE, 1, sizeof(*n->st));
	n->st->configured = true;
	n->st->blackhole = blackhole;
	n->st->src = blackhole ? NULL : src;
	memset(&n->st->nh, 0, sizeof(n->st->nh));
	if (nh && !blackhole)
		n->st->nh = *nh;
	dirty_push(t, n, p);
	return MCR_OK;
}

enum mcr_err mcr_rtable_static_set(struct mcr_rtable *t,
				   const struct mcr_prefix *p,
				   const struct mcr_rsrc *src,
				   const struct mcr_addr *nh,
				   struct mcr_errbuf *eb)
{
	return static_put(t, p, src, nh, false, eb);
}

enum mcr_err mcr_rtable_blackhole_set(struct mcr_rtable *t,
				      const struct mcr_prefix *p,
				      struct mcr_errbuf *eb)
{
	return static_put(t, p, NULL, NULL, true, eb);
}

enum mcr_err mcr_rtable_static_del(struct mcr_rtable *t,
				   const struct mcr_prefix *p,
				   struct mcr_errbuf *eb)
{
	struct rnode *n = mcr_trie_find(t->tr[mcr_afi_of(p->family)], p);
	char buf[MCR_PREFIX_STRLEN];

	if (!n || !n->st || !n->st->configured)
		return mcr_error(eb, MCR_ENOENT,
				 "no static or blackhole route for %s",
				 mcr_prefix2str(p, buf, sizeof(buf)));
	n->st->configured = false;
	n->st->blackhole = false;
	n->st->src = NULL;
	dirty_push(t, n, p);
	return MCR_OK;
}

struct srcwalk {
	struct mcr_rtable *t;
	const struct mcr_rsrc *src;
	bool found;
};

static int touch_src_cb(const struct mcr_prefix *p, void *v, void *arg)
{
	struct srcwalk *w = arg;
	struct rnode *n = v;

	if (n->st && n->st->configured && n->st->src == w->src) {
		w->found = true;
		/* only dirty: the flush reports it if the selection changes
		 * (the static's own attributes did not change) */
		if (w->t)
			dirty_push(w->t, n, p);
	}
	return 0;
}

void mcr_rtable_touch_src(struct mcr_rtable *t, const struct mcr_rsrc *src)
{
	struct srcwalk w = {t, src, false};

	for (int i = 0; i < MCR_AFI_MAX; i++)
		mcr_trie_walk(t->tr[i], touch_src_cb, &w);
}

bool mcr_rtable_src_used(const struct mcr_rtable *t,
			 const struct mcr_rsrc *src)
{
	struct srcwalk w = {NULL, src, false};

	for (int i = 0; i < MCR_AFI_MAX; i++)
		mcr_trie_walk(t->tr[i], touch_src_cb, &w);
	return w.found;
}

enum mcr_route_kind mcr_rtable_static_find(const struct mcr_rtable *t,
					   const struct mcr_prefix *p,
					   const struct mcr_rsrc **src,
					   struct mcr_addr *nh)
{
	struct rnode *n = mcr_trie_find(t->tr[mcr_afi_of(p->family)], p);

	if (!n || !n->st || !n->st->configured)
		return MCR_RK_NONE;
	if (n->st->blackhole)
		return MCR_RK_BLACKHOLE;
	if (src)
		*src = n->st->src;
	if (nh)
		*nh = n->st->nh;
	return MCR_RK_STATIC;
}

bool mcr_rtable_dirty(const struct mcr_rtable *t)
{
	return t->ndirty > 0;
}

/* ---- selection */

static bool same_group(const struct mcr_rsrc *a, const struct mcr_rsrc *b)
{
	return a == b ||
	       (a->redgroup && b->redgroup && !strcmp(a->redgroup, b->redgroup));
}

/* Does candidate @s make @r lose under @policy? */
static bool beats(enum mcr_conflict_policy policy, const struct mcr_route *s,
		  const struct mcr_route *r)
{
	int c;

	switch (policy) {
	case MCR_CONFLICT_PREFER_ATTACHMENT:
		if (s->src->preference != r->src->preference)
			return s->src->preference < r->src->preference;
		c = strcmp(s->src->name, r->src->name);
		return c < 0;
	case MCR_CONFLICT_FIRST_WINS:
		return s->seq < r->seq;
	case MCR_CONFLICT_REJECT_BOTH:
		return true;
	default:
		return false;
	}
}

struct exclwalk {
	enum mcr_conflict_policy policy;
	const struct mcr_route *r;
	bool excluded;
};

static int excl_cb(const struct mcr_prefix *p, void *v, void *arg)
{
	struct exclwalk *w = arg;
	struct rnode *n = v;

	struct rpath *pv = PATHS(n);

	(void)p;
	for (unsigned i = 0; i < n->npaths; i++) {
		const struct mcr_route *s = pv[i].r;

		if (pv[i].flags & P_GONE)
			continue;
		if (same_group(s->src, w->r->src))
			continue;
		if (beats(w->policy, s, w->r)) {
			w->excluded = true;
			return 1;
		}
	}
	return 0;
}

static bool compute_excluded(const struct mcr_rtable *t,
			     const struct mcr_prefix *p,
			     const struct mcr_route *r)
{
	struct mcr_trie *tr = t->tr[mcr_afi_of(p->family)];
	struct exclwalk w = {t->policy, r, false};

	if (t->policy == MCR_CONFLICT_REPORT)
		return false;
	if (mcr_trie_walk_covering(tr, p, excl_cb, &w))
		return true;
	mcr_trie_walk_covered(tr, p, excl_cb, &w);
	return w.excluded;
}

static int route_better(const struct mcr_route *a, const struct mcr_route *b)
{
	if (a->src->preference != b->src->preference)
		return a->src->preference < b->src->preference ? -1 : 1;
	if (a->metric != b->metric)
		return a->metric < b->metric ? -1 : 1;
	return 0;
}

static int sel_name_cmp(const void *x, const void *y)
{
	const struct mcr_route *a = *(const struct mcr_route *const *)x;
	const struct mcr_route *b = *(const struct mcr_route *const *)y;

	return strcmp(a->src->name, b->src->name);
}

static void sel_sort(struct mcr_rsel *s)
{
	if (s->kind != MCR_RK_PROPAGATED || s->n < 2)
		return;
	qsort(s->route, s->n, sizeof(s->route[0]), sel_name_cmp);
	for (unsigned i = 0; i < s->n; i++)
		s->src[i] = s->route[i]->src;
}

/* The last reported selection of @n. */
static void sel_installed(const struct rnode *n, struct mcr_rsel *s)
{
	s->kind = (enum mcr_route_kind)n->inst_kind;
	s->n = 0;
	memset(&s->static_nh, 0, sizeof(s->static_nh));
	if (s->kind == MCR_RK_STATIC) {
		s->src[0] = n->st->inst_src;
		s->route[0] = NULL;
		s->static_nh = n->st->inst_nh;
		s->n = 1;
	} else if (s->kind == MCR_RK_PROPAGATED) {
		const struct rpath *pv = PATHS((struct rnode *)n);

		for (unsigned i = 0; i < n->npaths && s->n < MCR_ECMP_MAX; i++)
			if (pv[i].flags & P_INST) {
				s->route[s->n] = pv[i].r;
				s->src[s->n] = pv[i].r->src;
				s->n++;
			}
		sel_sort(s);
	}
}

/* Compute the new selection of @n, setting P_EXCL flags. */
static void sel_compute(const struct mcr_rtable *t, struct rnode *n,
			const struct mcr_prefix *p, struct mcr_rsel *s)
{
	const struct mcr_route *best = NULL;

	s->n = 0;
	memset(&s->static_nh, 0, sizeof(s->static_nh));
	for (unsigned i = 0; i < n->npaths; i++) {
		struct rpath *rp = &PATHS(n)[i];

		if (rp->flags & P_GONE)
			continue;
		if (compute_excluded(t, p, rp->r))
			rp->flags |= P_EXCL;
		else
			rp->flags &= ~P_EXCL;
	}
	if (n->st && n->st->configured && n->st->blackhole) {
		s->kind = MCR_RK_BLACKHOLE;
		return;
	}
	if (n->st && n->st->configured && n->st->src && n->st->src->up) {
		s->kind = MCR_RK_STATIC;
		s->src[0] = n->st->src;
		s->route[0] = NULL;
		s->static_nh = n->st->nh;
		s->n = 1;
		return;
	}
	for (unsigned i = 0; i < n->npaths; i++) {
		struct rpath *rp = &PATHS(n)[i];

		if (rp->flags & (P_GONE | P_EXCL))
			continue;
		if (!best || route_better(rp->r, best) < 0)
			best = rp->r;
	}
	if (!best) {
		s->kind = MCR_RK_NONE;
		return;
	}
	s->kind = MCR_RK_PROPAGATED;
	for (unsigned i = 0; i < n->npaths; i++) {
		struct rpath *rp = &PATHS(n)[i];

		if (rp->flags & (P_GONE | P_EXCL))
			continue;
		if (route_better(rp->r, best) == 0) {
			if (s->n < MCR_ECMP_MAX) {
				s->route[s->n++] = rp->r;
			} else if (sel_name_cmp(&rp->r, &s->route[s->n - 1]) <
				   0) {
				/* keep the MCR_ECMP_MAX smallest names */
				s->route[s->n - 1] = rp->r;
				for (unsigned j = s->n - 1;
				     j > 0 && sel_name_cmp(&s->route[j],
							   &s->route[j - 1]) < 0;
				     j--) {
					const struct mcr_route *x =
						s->route[j];

					s->route[j] = s->route[j - 1];
					s->route[j - 1] = x;
				}
			}
			if (s->n == MCR_ECMP_MAX)
				qsort(s->route, s->n, sizeof(s->route[0]),
				      sel_name_cmp);
		}
	}
	for (unsigned i = 0; i < s->n; i++)
		s->src[i] = s->route[i]->src;
	sel_sort(s);
	if (!t->ecmp)
		s->n = 1;
}

static bool sel_equal(const struct mcr_rsel *a, const struct mcr_rsel *b)
{
	if (a->kind != b->kind || a->n != b->n)
		return false;
	if (a->kind == MCR_RK_STATIC)
		return a->src[0] == b->src[0] &&
		       a->static_nh.family == b->static_nh.family &&
		       !memcmp(a->static_nh.addr, b->static_nh.addr, 16);
	for (unsigned i = 0; i < a->n; i++)
		if (a->route[i] != b->route[i])
			return false;
	return true;
}

/* Does @s select a route whose attributes changed (P_TOUCHED)? */
static bool sel_touched(const struct rnode *n, const struct mcr_rsel *s)
{
	if (s->kind != MCR_RK_PROPAGATED)
		return false;
	const struct rpath *pv = PATHS((struct rnode *)n);

	for (unsigned i = 0; i < n->npaths; i++)
		if (pv[i].flags & P_TOUCHED)
			for (unsigned k = 0; k < s->n; k++)
				if (s->route[k] == pv[i].r)
					return true;
	return false;
}

static int dirty_qcmp(const void *a, const void *b)
{
	return mcr_prefix_cmp(&((const struct dirty *)a)->p,
			      &((const struct dirty *)b)->p);
}

static void node_commit(struct mcr_rtable *t, struct rnode *n,
			const struct mcr_prefix *p, const struct mcr_rsel *s)
{
	unsigned afi = mcr_afi_of(p->family);
	struct rpath *pv = PATHS(n);
	unsigned j = 0;

	if (n->inst_kind == MCR_RK_NONE && s->kind != MCR_RK_NONE)
		t->ninst[afi]++;
	else if (n->inst_kind != MCR_RK_NONE && s->kind == MCR_RK_NONE)
		t->ninst[afi]--;
	n->inst_kind = (uint8_t)s->kind;
	for (unsigned i = 0; i < n->npaths; i++) {
		bool sel = false;

		for (unsigned k = 0; s->kind == MCR_RK_PROPAGATED && k < s->n;
		     k++)
			if (s->route[k] == pv[i].r &&
			    !(pv[i].flags & P_GONE))
				sel = true;
		if (sel)
			pv[i].flags |= P_INST;
		else
			pv[i].flags &= ~P_INST;
		pv[i].flags &= ~P_TOUCHED;
	}
	if (n->st) {
		n->st->inst_src = s->kind == MCR_RK_STATIC ? s->src[0] : NULL;
		n->st->inst_nh = s->static_nh;
	}
	/* drop gone paths; back to u.one at one path or none */
	for (unsigned i = 0; i < n->npaths; i++)
		if (!(pv[i].flags & P_GONE))
			pv[j++] = pv[i];
	if (j != n->npaths) {
		if (n->npaths > 1 && j <= 1) {
			struct rpath one = pv[0];

			mcr_free(MCR_MT_PATH, pv, n->npaths * sizeof(*pv));
			n->u.one = one;
		} else if (n->npaths > 1) {
			n->u.v = mcr_realloc(MCR_MT_PATH, pv,
					     n->npaths * sizeof(*pv),
					     j * sizeof(*pv));
		}
		n->npaths = (uint16_t)j;
		if (!j)
			memset(&n->u, 0, sizeof(n->u));
	}
	if (n->st && !n->st->configured && s->kind != MCR_RK_STATIC) {
		mcr_free(MCR_MT_RTABLE, n->st, sizeof(*n->st));
		n->st = NULL;
	}
	n->flags &= ~(N_DIRTY | N_TOUCHED);
	if (!n->npaths && !n->st) {
		MCR_ASSERT(n->inst_kind == MCR_RK_NONE);
		mcr_trie_delete(t->tr[afi], p);
		node_free(n);
	}
}

/* A node with one path, no static, under a policy that excludes nothing:
 * the common case, flushed by flush_single(). */
static bool node_single(const struct mcr_rtable *t, const struct rnode *n)
{
	return n->npaths == 1 && !n->st && !(n->flags & N_TOUCHED) &&
	       t->policy == MCR_CONFLICT_REPORT;
}

/*
 * Flush a node_single() node: what sel_installed, sel_compute, the
 * comparison and node_commit do for any node, with only the fields that
 * mean something filled in.  Returns whether it changed.
 */
static bool flush_single(struct mcr_rtable *t, struct rnode *n,
			 const struct mcr_prefix *p, mcr_rtable_change_cb cb,
			 void *arg)
{
	struct rpath *rp = &n->u.one;
	struct mcr_rsel old, new;
	bool was, now, changed;

	/* without a static, only this path can have been installed */
	MCR_ASSERT(n->inst_kind == MCR_RK_NONE ||
		   (n->inst_kind == MCR_RK_PROPAGATED && (rp->flags & P_INST)));
	was = n->inst_kind == MCR_RK_PROPAGATED;
	now = !(rp->flags & P_GONE);
	changed = was != now || (now && (rp->flags & P_TOUCHED));
	if (changed) {
		old.kind = was ? MCR_RK_PROPAGATED : MCR_RK_NONE;
		old.n = was;
		old.route[0] = rp->r;
		old.src[0] = rp->r->src;
		memset(&old.static_nh, 0, sizeof(old.static_nh));
		new.kind = now ? MCR_RK_PROPAGATED : MCR_RK_NONE;
		new.n = now;
		new.route[0] = rp->r;
		new.src[0] = rp->r->src;
		memset(&new.static_nh, 0, sizeof(new.static_nh));
		if (cb)
			cb(t, p, &old, &new, arg);
	}
	n->flags &= ~(N_DIRTY | N_TOUCHED);
	if (now) {
		if (!was)
			t->ninst[mcr_afi_of(p->family)]++;
		n->inst_kind = MCR_RK_PROPAGATED;
		rp->flags = (uint8_t)((rp->flags | P_INST) &
				      ~(P_TOUCHED | P_EXCL));
		return changed;
	}
	/* the path is gone, and with it the node */
	if (was)
		t->ninst[mcr_afi_of(p->family)]--;
	mcr_trie_delete(t->tr[mcr_afi_of(p->family)], p);
	node_free(n);
	return changed;
}

size_t mcr_rtable_flush(struct mcr_rtable *t, mcr_rtable_change_cb cb,
			void *arg)
{
	size_t changes = 0;

	if (!t->ndirty)
		return 0;
	if (t->ndirty > 1)
		qsort(t->dirty, t->ndirty, sizeof(*t->dirty), dirty_qcmp);
	/*
	 * One pass: compute, report, commit.  Committing a node (dropping
	 * its gone paths, freeing it when empty) does not change what the
	 * exclusion of a later node reads, since that skips gone paths.
	 */
	for (size_t i = 0; i < t->ndirty; i++) {
		struct rnode *n = t->dirty[i].n;
		const struct mcr_prefix *p = &t->dirty[i].p;
		struct mcr_rsel old, new;

		MCR_ASSERT(n->flags & N_DIRTY);
		if (node_single(t, n)) {
			changes += flush_single(t, n, p, cb, arg);
			continue;
		}
		sel_installed(n, &old);
		sel_compute(t, n, p, &new);
		if (!sel_equal(&old, &new) ||
		    ((n->flags & N_TOUCHED) && new.kind != MCR_RK_NONE) ||
		    sel_touched(n, &new)) {
			changes++;
			if (cb)
				cb(t, p, &old, &new, arg);
		}
		node_commit(t, n, p, &new);
	}
	t->ndirty = 0;
	return changes;
}

bool mcr_rtable_path_excluded(const struct mcr_rtable *t,
			      const struct mcr_prefix *p,
			      const struct mcr_route *r)
{
	struct rnode *n = mcr_trie_find(t->tr[mcr_afi_of(p->family)], p);
	struct rpath *rp = n ? path_find(n, r) : NULL;

	return rp && (rp->flags & P_EXCL);
}

bool mcr_rtable_find(const struct mcr_rtable *t, const struct mcr_prefix *p,
		     struct mcr_rsel *sel)
{
	struct rnode *n = mcr_trie_find(t->tr[mcr_afi_of(p->family)], p);

	if (!n || n->inst_kind == MCR_RK_NONE)
		return false;
	if (sel)
		sel_installed(n, sel);
	return true;
}

struct matchwalk {
	struct rnode *n;
	struct mcr_prefix p;
};

static int match_cb(const struct mcr_prefix *p, void *v, void *arg)
{
	struct matchwalk *w = arg;
	struct rnode *n = v;

	if (n->inst_kind != MCR_RK_NONE) {
		w->n = n;
		w->p = *p;
	}
	return 0;
}

bool mcr_rtable_match(const struct mcr_rtable *t, const struct mcr_prefix *p,
		      struct mcr_prefix *matched, struct mcr_rsel *sel)
{
	struct matchwalk w = {NULL, {0}};

	mcr_trie_walk_covering(t->tr[mcr_afi_of(p->family)], p, match_cb, &w);
	if (!w.n)
		return false;
	if (matched)
		*matched = w.p;
	if (sel)
		sel_installed(w.n, sel);
	return true;
}

struct selwalk {
	mcr_rtable_walk_cb cb;
	void *arg;
};

static int selwalk_cb(const struct mcr_prefix *p, void *v, void *arg)
{
	struct selwalk *w = arg;
	struct rnode *n = v;
	struct mcr_rsel s;

	if (n->inst_kind == MCR_RK_NONE)
		return 0;
	sel_installed(n, &s);
	return w->cb(p, &s, w->arg);
}

int mcr_rtable_walk(const struct mcr_rtable *t, uint8_t family,
		    mcr_rtable_walk_cb cb, void *arg)
{
	struct selwalk w = {cb, arg};

	return mcr_trie_walk(t->tr[mcr_afi_of(family)], selwalk_cb, &w);
}
