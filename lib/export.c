/*
 * libmcr exports (see mcr/export.h for what is sent).
 *
 * Two modes per family:
 *   mirror -- |want| <= out_limit: the advertised set *is* want, derived
 *             from the associated table, so nothing is copied; changes
 *             from a table flush are emitted as they are applied
 *             (withdrawals first, so the peer never sees more than the
 *             limit);
 *   stored -- the advertised set is kept in a trie (a summary, or a set
 *             kept after a failed summarization, or a snapshot taken when
 *             the table or limit changed); recomputed by mcr_export_flush.
 *
 *   mirror --(batch would exceed limit, table/limit change)--> stored,dirty
 *   stored --(flush: |want| <= limit)--> mirror
 *   stored --(flush: summarize ok / failed)--> stored
 *
 * Deny space for a summary: the table's selected prefixes that are not
 * wanted (the receiving attachment's own routes and blackholes) and the
 * protected prefixes, each minus the wanted routes nested inside it
 * (those addresses are routed to a wanted route by longest match).
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcr/export.h"
#include "mcr/mem.h"
#include "mcr/summary.h"
#include "mcr/trie.h"

static char tag_exact, tag_summary;

/* Invariant: mirror => adv == NULL and the advertised set is want;
 * !mirror => adv holds the advertised set (values &tag_exact /
 * &tag_summary); nwant == |want| as of the last applied change. */
struct exp_af {
	bool mirror;
	bool dirty;
	struct mcr_trie *adv;
	size_t nwant;
	struct mcr_export_status st;
};

struct mcr_export {
	char *name;
	const struct mcr_rsrc *self;
	const struct mcr_rtable *t;
	uint32_t limit[MCR_AFI_MAX];
	struct exp_af af[MCR_AFI_MAX];
};

static uint8_t afi_family(int afi)
{
	return afi == MCR_AFI_IP ? MCR_AF_INET : MCR_AF_INET6;
}

struct mcr_export *mcr_export_new(const char *name,
				  const struct mcr_rsrc *self)
{
	struct mcr_export *e = mcr_calloc(MCR_MT_EXPORT, 1, sizeof(*e));

	e->name = mcr_strdup(MCR_MT_EXPORT, name);
	e->self = self;
	for (int i = 0; i < MCR_AFI_MAX; i++) {
		e->af[i].mirror = true;
		e->limit[i] = UINT32_MAX;
		e->af[i].st.limit = UINT32_MAX;
	}
	return e;
}

void mcr_export_free(struct mcr_export *e)
{
	if (!e)
		return;
	for (int i = 0; i < MCR_AFI_MAX; i++)
		if (e->af[i].adv)
			mcr_trie_free(e->af[i].adv);
	mcr_strfree(MCR_MT_EXPORT, e->name);
	mcr_free(MCR_MT_EXPORT, e, sizeof(*e));
}

const char *mcr_export_name(const struct mcr_export *e)
{
	return e->name;
}

const struct mcr_rtable *mcr_export_table(const struct mcr_export *e)
{
	return e->t;
}

void mcr_export_status(const struct mcr_export *e, uint8_t family,
		       struct mcr_export_status *out)
{
	*out = e->af[mcr_afi_of(family)].st;
}

bool mcr_export_wants(const struct mcr_export *e, const struct mcr_rsel *sel)
{
	return mcr_export_wants_src(e->self, sel);
}

/* ---- walking want / advertised */

struct wantwalk {
	const struct mcr_export *e;
	int (*cb)(const struct mcr_prefix *p, bool want, void *arg);
	void *arg;
};

static int want_cb(const struct mcr_prefix *p, const struct mcr_rsel *sel,
		   void *arg)
{
	struct wantwalk *w = arg;

	return w->cb(p, mcr_export_wants(w->e, sel), w->arg);
}

/* Every selected prefix of the table, with whether it is wanted. */
static int table_walk(const struct mcr_export *e, int afi,
		      int (*cb)(const struct mcr_prefix *, bool, void *),
		      void *arg)
{
	struct wantwalk w = {e, cb, arg};

	if (!e->t)
		return 0;
	return mcr_rtable_walk(e->t, afi_family(afi), want_cb, &w);
}

struct advwalk {
	mcr_export_walk_cb cb;
	void *arg;
};

static int adv_mirror_cb(const struct mcr_prefix *p, bool want, void *arg)
{
	struct advwalk *w = arg;

	return want ? w->cb(p, false, w->arg) : 0;
}

static int adv_stored_cb(const struct mcr_prefix *p, void *v, void *arg)
{
	struct advwalk *w = arg;

	return w->cb(p, v == &tag_summary, w->arg);
}

int mcr_export_walk(const struct mcr_export *e, uint8_t family,
		    mcr_export_walk_cb cb, void *arg)
{
	int afi = mcr_afi_of(family);
	struct advwalk w = {cb, arg};

	if (e->af[afi].mirror)
		return table_walk(e, afi, adv_mirror_cb, &w);
	return mcr_trie_walk(e->af[afi].adv, adv_stored_cb, &w);
}

/* ---- mode changes */

static int snap_cb(const struct mcr_prefix *p, bool want, void *arg)
{
	if (want)
		mcr_trie_insert(arg, p, &tag_exact);
	return 0;
}

/* mirror -> stored, snapshotting the currently advertised set. */
static void materialize(struct mcr_export *e, int afi)
{
	struct exp_af *a = &e->af[afi];

	a->dirty = true;
	if (!a->mirror)
		return;
	a->adv = mcr_trie_new(afi_family(afi));
	table_walk(e, afi, snap_cb, a->adv);
	a->mirror = false;
}

void mcr_export_set_table(struct mcr_export *e, const struct mcr_rtable *t)
{
	if (e->t == t)
		return;
	for (int i = 0; i < MCR_AFI_MAX; i++)
		materialize(e, i);
	e->t = t;
}

void mcr_export_set_limits(struct mcr_export *e,
			   const uint32_t out_limit[MCR_AFI_MAX])
{
	for (int i = 0; i < MCR_AFI_MAX; i++) {
		if (e->limit[i] == out_limit[i])
			continue;
		materialize(e, i);
		e->limit[i] = out_limit[i];
		e->af[i].st.limit = out_limit[i];
	}
}

void mcr_export_invalidate(struct mcr_export *e)
{
	for (int i = 0; i < MCR_AFI_MAX; i++)
		if (!e->af[i].mirror)
			e->af[i].dirty = true;
}

void mcr_export_touch(struct mcr_export *e, const struct mcr_prefix *p)
{
	struct exp_af *a = &e->af[mcr_afi_of(p->family)];

	if (!a->mirror)
		a->dirty = true;
}

bool mcr_export_dirty(const struct mcr_export *e)
{
	return e->af[0].dirty || e->af[1].dirty;
}

/* ---- incremental changes */

void mcr_export_apply(struct mcr_export *e, const struct mcr_export_chg *v,
		      size_t n, mcr_export_emit_cb emit, void *arg)
{
	size_t adds[MCR_AFI_MAX] = {0, 0}, dels[MCR_AFI_MAX] = {0, 0};

	if (n == 1) {
		/* one change of a mirror staying within its limit (the usual
		 * case): what the loops below do for it */
		unsigned afi = mcr_afi_of(v->prefix.family);
		struct exp_af *a = &e->af[afi];
		size_t nw = v->in ? a->nwant + 1 : a->nwant - 1;

		if (a->mirror && nw <= e->limit[afi]) {
			a->nwant = nw;
			a->st.wanted = a->st.advertised = nw;
			emit(arg, e, v->in ? MCR_EXPORT_EV_ADD : MCR_EXPORT_EV_DEL,
			     &v->prefix, false, &a->st);
			return;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (v[i].in)
			adds[mcr_afi_of(v[i].prefix.family)]++;
		else
			dels[mcr_afi_of(v[i].prefix.family)]++;
	}
	for (int afi = 0; afi < MCR_AFI_MAX; afi++) {
		struct exp_af *a = &e->af[afi];

		if (!a->mirror || a->nwant + adds[afi] - dels[afi] <=
					  e->limit[afi])
			continue;
		/* the advertised set is want as it was before this batch */
		materialize(e, afi);
		for (size_t i = 0; i < n; i++) {
			if ((int)mcr_afi_of(v[i].prefix.family) != afi)
				continue;
			if (v[i].in)
				mcr_trie_delete(a->adv, &v[i].prefix);
			else
				mcr_trie_insert(a->adv, &v[i].prefix,
						&tag_exact);
		}
	}
	/* withdrawals first: the peer never sees more than the limit */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++) {
			struct exp_af *a =
				&e->af[mcr_afi_of(v[i].prefix.family)];

			if (v[i].in != (pass == 1))
				continue;
			a->nwant = v[i].in ? a->nwant + 1 : a->nwant - 1;
			a->st.wanted = a->nwant;
			if (!a->mirror) {
				a->dirty = true;
				continue;
			}
			a->st.advertised = a->nwant;
			emit(arg, e,
			     v[i].in ? MCR_EXPORT_EV_ADD : MCR_EXPORT_EV_DEL,
			     &v[i].prefix, false, &a->st);
		}
}

void mcr_export_change(struct mcr_export *e, const struct mcr_prefix *p,
		       const struct mcr_rsel *old, const struct mcr_rsel *new,
		       mcr_export_emit_cb emit, void *arg)
{
	struct mcr_export_chg c;

	c.in = mcr_export_wants(e, new);
	if (mcr_export_wants(e, old) == c.in)
		return;
	c.prefix = *p;
	mcr_export_apply(e, &c, 1, emit, arg);
}

/* ---- full recomputation */

struct plist {
	struct mcr_prefix *v;
	size_t n, cap;
};

static void plist_push(struct plist *l, const struct mcr_prefix *p)
{
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 32;

		l->v = mcr_realloc(MCR_MT_EXPORT, l->v, l->cap * sizeof(*l->v),
				   nc * sizeof(*l->v));
		l->cap = nc;
	}
	l->v[l->n++] = *p;
}

static void plist_free(struct plist *l)
{
	mcr_free(MCR_MT_EXPORT, l->v, l->cap * sizeof(*l->v));
	memset(l, 0, sizeof(*l));
}

struct split {
	struct plist want, other;
};

static int split_cb(const struct mcr_prefix *p, bool want, void *arg)
{
	struct split *s = arg;

	plist_push(want ? &s->want : &s->other, p);
	return 0;
}

static int prot_cb(const struct mcr_prefix *p, void *arg)
{
	plist_push(arg, p);
	return 0;
}

/* Index of the first element of sorted @l not smaller than @p. */
static size_t lower_bound(const struct plist *l, const struct mcr_prefix *p)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (mcr_prefix_cmp(&l->v[mid], p) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Append to @out the part of @d not covered by any of @in[0..n) (the
 * wanted prefixes nested in @d).  Recursive halving: O(n * W).
 */
static void subtract(const struct mcr_prefix *d, const struct mcr_prefix **in,
		     size_t n, struct plist *out)
{
	struct mcr_prefix half[2];
	const struct mcr_prefix **sub;
	size_t k[2] = {0, 0};

	if (n == 0) {
		plist_push(out, d);
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (in[i]->len == d->len)
			return; /* fully wanted */
	sub = mcr_malloc(MCR_MT_EXPORT, 2 * n * sizeof(*sub));
	for (int h = 0; h < 2; h++) {
		half[h] = *d;
		half[h].len = d->len + 1;
		if (h)
			half[h].addr[d->len / 8] |=
				(uint8_t)(0x80 >> (d->len % 8));
	}
	for (size_t i = 0; i < n; i++) {
		int h = mcr_prefix_bit(in[i], d->len);

		sub[h * n + k[h]++] = in[i];
	}
	subtract(&half[0], sub, k[0], out);
	subtract(&half[1], sub + n, k[1], out);
	mcr_free(MCR_MT_EXPORT, sub, 2 * n * sizeof(*sub));
}

/* Effective deny list for @want (sorted) from @raw. */
static void deny_build(const struct plist *want, const struct plist *raw,
		       struct plist *out)
{
	for (size_t r = 0; r < raw->n; r++) {
		const struct mcr_prefix *d = &raw->v[r];
		struct mcr_prefix start = *d;
		const struct mcr_prefix **in = NULL;
		size_t nin = 0, cap = 0;

		start.len = 0;
		for (size_t i = lower_bound(want, &start); i < want->n; i++) {
			const struct mcr_prefix *w = &want->v[i];
			struct mcr_prefix wa = *w;

			wa.len = (uint8_t)mcr_af_maxlen(w->family);
			if (!mcr_prefix_covers(d, &wa))
				break;
			if (w->len < d->len)
				continue; /* covers d: summarizer's business */
			if (nin == cap) {
				size_t nc = cap ? cap * 2 : 8;

				in = mcr_realloc(MCR_MT_EXPORT, in,
						 cap * sizeof(*in),
						 nc * sizeof(*in));
				cap = nc;
			}
			in[nin++] = w;
		}
		subtract(d, in, nin, out);
		mcr_free(MCR_MT_EXPORT, in, cap * sizeof(*in));
	}
}

static bool overlaps_any(const struct plist *l, const struct mcr_prefix *p)
{
	for (size_t i = 0; i < l->n; i++)
		if (mcr_prefix_overlaps(&l->v[i], p))
			return true;
	return false;
}

static bool in_sorted(const struct plist *l, const struct mcr_prefix *p)
{
	size_t i = lower_bound(l, p);

	return i < l->n && mcr_prefix_equal(&l->v[i], p);
}

struct advlist {
	struct plist p;
	struct plist flags; /* .len used as the summary flag */
};

static int collect_cb(const struct mcr_prefix *p, bool summary, void *arg)
{
	struct advlist *l = arg;
	struct mcr_prefix f = {0};

	f.len = summary;
	plist_push(&l->p, p);
	plist_push(&l->flags, &f);
	return 0;
}

static void flush_af(struct mcr_export *e, int afi, mcr_export_emit_cb emit,
		     void *arg)
{
	struct exp_af *a = &e->af[afi];
	uint8_t family = afi_family(afi);
	struct split s = {{0}, {0}};
	struct plist desired = {0}, raw = {0}, deny = {0};
	struct advlist cur = {{0}, {0}};
	struct mcr_export_status st = a->st;
	struct mcr_errbuf eb;
	bool keep = false;
	size_t i, j;

	table_walk(e, afi, split_cb, &s);
	a->nwant = s.want.n;
	st.wanted = s.want.n;
	st.extra = 0;
	st.failed = false;
	if (s.want.n <= e->limit[afi]) {
		st.summarized = false;
		st.reason[0] = 0;
		for (i = 0; i < s.want.n; i++)
			plist_push(&desired, &s.want.v[i]);
	} else {
		struct mcr_summary_result res = {0};
		enum mcr_err err;

		for (i = 0; i < s.other.n; i++)
			plist_push(&raw, &s.other.v[i]);
		if (e->t)
			mcr_rtable_protect_walk(e->t, family, prot_cb, &raw);
		deny_build(&s.want, &raw, &deny);
		err = mcr_summarize(family, s.want.v, s.want.n, deny.v, deny.n,
				    e->limit[afi], &res, &eb);
		if (err == MCR_OK) {
			st.summarized = true;
			st.extra = res.extra;
			snprintf(st.reason, sizeof(st.reason),
				 "%zu routes over the limit of %u: summarized into %zu prefixes",
				 s.want.n, e->limit[afi], res.count);
			for (i = 0; i < res.count; i++)
				plist_push(&desired, &res.prefixes[i]);
			mcr_summary_result_free(&res);
		} else {
			st.failed = true;
			snprintf(st.reason, sizeof(st.reason),
				 "cannot summarize %zu routes into %u: %.150s (%s); previous set kept",
				 s.want.n, e->limit[afi], eb.msg,
				 mcr_strerror(err));
			keep = true;
		}
	}
	/* current advertised set (sorted) */
	mcr_export_walk(e, family, collect_cb, &cur);
	if (keep) {
		for (i = 0; i < cur.p.n; i++)
			if (!overlaps_any(&deny, &cur.p.v[i]))
				plist_push(&desired, &cur.p.v[i]);
		st.summarized = true;
	}
	/* diff: withdrawals first, then additions */
	for (i = 0; i < cur.p.n; i++)
		if (!in_sorted(&desired, &cur.p.v[i]))
			emit(arg, e, MCR_EXPORT_EV_DEL, &cur.p.v[i], false,
			     &st);
	for (j = 0; j < desired.n; j++) {
		bool summary = !in_sorted(&s.want, &desired.v[j]);
		size_t k = lower_bound(&cur.p, &desired.v[j]);

		if (k < cur.p.n && mcr_prefix_equal(&cur.p.v[k], &desired.v[j]) &&
		    (bool)cur.flags.v[k].len == summary)
			continue;
		emit(arg, e, MCR_EXPORT_EV_ADD, &desired.v[j], summary, &st);
	}
	/* new state */
	if (a->adv) {
		mcr_trie_free(a->adv);
		a->adv = NULL;
	}
	if (!st.summarized) {
		a->mirror = true;
	} else {
		a->mirror = false;
		a->adv = mcr_trie_new(family);
		for (j = 0; j < desired.n; j++)
			mcr_trie_insert(a->adv, &desired.v[j],
					in_sorted(&s.want, &desired.v[j])
						? &tag_exact
						: &tag_summary);
	}
	st.advertised = desired.n;
	if (st.summarized != a->st.summarized || st.failed != a->st.failed ||
	    strcmp(st.reason, a->st.reason)) {
		/* a status names only its family: prefix /0 of it */
		struct mcr_prefix fp = {.family = family};

		emit(arg, e, MCR_EXPORT_EV_STATUS, &fp, st.summarized, &st);
	}
	a->st = st;
	a->dirty = false;
	plist_free(&s.want);
	plist_free(&s.other);
	plist_free(&desired);
	plist_free(&raw);
	plist_free(&deny);
	plist_free(&cur.p);
	plist_free(&cur.flags);
}

void mcr_export_flush(struct mcr_export *e, mcr_export_emit_cb emit,
		      void *arg)
{
	for (int i = 0; i < MCR_AFI_MAX; i++)
		if (e->af[i].dirty)
			flush_af(e, i, emit, arg);
}

struct clearwalk {
	struct mcr_export *e;
	mcr_export_emit_cb emit;
	void *arg;
	struct mcr_export_status *st;
};

static int clear_cb(const struct mcr_prefix *p, bool summary, void *arg)
{
	struct clearwalk *w = arg;

	(void)summary;
	w->emit(w->arg, w->e, MCR_EXPORT_EV_DEL, p, false, w->st);
	return 0;
}

void mcr_export_clear(struct mcr_export *e, mcr_export_emit_cb emit,
		      void *arg)
{
	for (int i = 0; i < MCR_AFI_MAX; i++) {
		struct exp_af *a = &e->af[i];
		struct clearwalk w = {e, emit, arg, &a->st};

		mcr_export_walk(e, afi_family(i), clear_cb, &w);
		if (a->adv)
			mcr_trie_free(a->adv);
		a->adv = NULL;
		a->mirror = true;
		a->dirty = false;
		a->nwant = 0;
		memset(&a->st, 0, sizeof(a->st));
		a->st.limit = e->limit[i];
	}
	e->t = NULL;
}
