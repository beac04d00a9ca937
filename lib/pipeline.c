/*
 * libmcr pipeline (see mcr/pipeline.h for the rules).
 *
 * One call = one event:
 *   validate (no state touched on error)
 *   -> decide the affected RIB-in entries (filters, approval, limit) and
 *      (de)activate them: global overlap index + table paths
 *   -> finish(): conflict diff for touched routes, flush every dirty table
 *      (only net selection changes become ROUTE_* deltas), hand the export
 *      membership changes of each associated attachment to mcr/export.h,
 *      recompute summarized exports (unless batching), free withdrawn
 *      routes.
 * Because tables report only net changes at the flush, a config change
 * is applied as "deactivate everything affected, re-decide, reactivate"
 * without emitting churn.
 *
 * Global overlap index: per family a trie prefix -> active routes there
 * (a tagged pointer: one struct mcr_rin, or a vector when several).
 * Conflicts: a vector of pairs (a, b) of active routes, diffed at finish()
 * for the routes touched by the call.
 * History: per family a trie prefix -> ring of at most MCR_HISTORY_LEN
 * entries of 9 bytes, allocated small and grown when full (struct hist);
 * names are interned (never freed before mcr_core_free) and referred to
 * by 16-bit ids.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcr/mem.h"
#include "mcr/pipeline.h"
#include "mcr/trie.h"

/* ---- deltas */

struct mcr_deltas_chunk {
	struct mcr_deltas_chunk *next;
	size_t used, cap;
	char data[];
};

#define CHUNK_SIZE 16384

void mcr_deltas_init(struct mcr_deltas *d)
{
	memset(d, 0, sizeof(*d));
}

void mcr_deltas_reset(struct mcr_deltas *d)
{
	struct mcr_deltas_chunk *c = d->chunks;

	d->n = 0;
	/* keep the first chunk */
	if (c) {
		struct mcr_deltas_chunk *n = c->next;

		c->used = 0;
		c->next = NULL;
		while (n) {
			struct mcr_deltas_chunk *x = n->next;

			mcr_free(MCR_MT_PIPELINE, n, sizeof(*n) + n->cap);
			n = x;
		}
	}
}

void mcr_deltas_fini(struct mcr_deltas *d)
{
	mcr_deltas_reset(d);
	if (d->chunks)
		mcr_free(MCR_MT_PIPELINE, d->chunks,
			 sizeof(*d->chunks) + d->chunks->cap);
	mcr_free(MCR_MT_PIPELINE, d->v, d->cap * sizeof(*d->v));
	memset(d, 0, sizeof(*d));
}

static void *deltas_alloc(struct mcr_deltas *d, size_t size)
{
	struct mcr_deltas_chunk *c = d->chunks;
	void *p;

	size = (size + 7) & ~(size_t)7;
	if (!c || c->used + size > c->cap) {
		size_t cap = size > CHUNK_SIZE ? size : CHUNK_SIZE;

		c = mcr_malloc(MCR_MT_PIPELINE, sizeof(*c) + cap);
		c->cap = cap;
		c->used = 0;
		c->next = d->chunks;
		d->chunks = c;
	}
	p = c->data + c->used;
	c->used += size;
	return p;
}

static struct mcr_delta *delta_new(struct mcr_deltas *d,
				   enum mcr_delta_type type)
{
	struct mcr_delta *x;

	if (d->n == d->cap) {
		size_t nc = d->cap ? d->cap * 2 : 64;

		d->v = mcr_realloc(MCR_MT_PIPELINE, d->v, d->cap * sizeof(*d->v),
				   nc * sizeof(*d->v));
		d->cap = nc;
	}
	static const struct mcr_delta zero;

	x = &d->v[d->n++];
	*x = zero; /* (vector stores; a memset here is a slow rep stos) */
	x->type = type;
	return x;
}

static const char *const delta_names[MCR_D_TYPE_MAX] = {
	[MCR_D_ROUTE_INSTALL] = "route-install",
	[MCR_D_ROUTE_WITHDRAW] = "route-withdraw",
	[MCR_D_EXPORT_ADD] = "export-add",
	[MCR_D_EXPORT_DEL] = "export-del",
	[MCR_D_EXPORT_STATUS] = "export-status",
	[MCR_D_CONFLICT_FOUND] = "conflict-found",
	[MCR_D_CONFLICT_RESOLVED] = "conflict-resolved",
	[MCR_D_LIMIT_WARNING] = "limit-warning",
	[MCR_D_LIMIT_EXCEEDED] = "limit-exceeded",
	[MCR_D_LIMIT_CLEARED] = "limit-cleared",
	[MCR_D_PENDING_ADD] = "pending-add",
	[MCR_D_PENDING_DEL] = "pending-del",
	[MCR_D_REFUSED] = "refused",
	[MCR_D_ACCEPTED] = "accepted",
};

const char *mcr_delta_type_name(enum mcr_delta_type t)
{
	if ((unsigned)t >= MCR_D_TYPE_MAX)
		return "?";
	return delta_names[t];
}

const char *mcr_delta_format(const struct mcr_delta *d, char *buf,
			     size_t size)
{
	char p[MCR_PREFIX_STRLEN], q[MCR_PREFIX_STRLEN], a[MCR_ADDR_STRLEN];
	size_t off;

	if (!size)
		return buf;
	mcr_prefix2str(&d->prefix, p, sizeof(p));
	switch (d->type) {
	case MCR_D_ROUTE_INSTALL:
		off = (size_t)snprintf(buf, size, "%s %s %s %s",
				       delta_names[d->type], d->table, p,
				       mcr_route_kind_name(d->kind));
		for (unsigned i = 0; i < d->nnh && off < size; i++) {
			if (d->nh[i].addr.family)
				mcr_addr2str(&d->nh[i].addr, a, sizeof(a));
			else
				strcpy(a, "-");
			off += (size_t)snprintf(buf + off, size - off,
						" via %s %s", d->nh[i].attach,
						a);
		}
		break;
	case MCR_D_ROUTE_WITHDRAW:
		snprintf(buf, size, "%s %s %s", delta_names[d->type], d->table,
			 p);
		break;
	case MCR_D_EXPORT_ADD:
		snprintf(buf, size, "%s %s %s%s", delta_names[d->type],
			 d->attach, p, d->summary ? " summary" : "");
		break;
	case MCR_D_EXPORT_DEL:
	case MCR_D_PENDING_ADD:
	case MCR_D_PENDING_DEL:
	case MCR_D_ACCEPTED:
		snprintf(buf, size, "%s %s %s", delta_names[d->type], d->attach,
			 p);
		break;
	case MCR_D_EXPORT_STATUS:
		snprintf(buf, size, "%s %s ipv%u %s%s", delta_names[d->type],
			 d->attach, d->family,
			 d->reason != MCR_R_NONE ? "failed"
			 : d->summary		 ? "summarized"
						 : "exact",
			 "");
		break;
	case MCR_D_CONFLICT_FOUND:
	case MCR_D_CONFLICT_RESOLVED:
		snprintf(buf, size, "%s %s %s %s %s", delta_names[d->type],
			 d->attach, p, d->other_attach,
			 mcr_prefix2str(&d->other_prefix, q, sizeof(q)));
		break;
	case MCR_D_LIMIT_WARNING:
	case MCR_D_LIMIT_EXCEEDED:
	case MCR_D_LIMIT_CLEARED:
		snprintf(buf, size, "%s %s ipv%u %u/%u", delta_names[d->type],
			 d->attach, d->family, d->count, d->limit);
		break;
	case MCR_D_REFUSED:
		snprintf(buf, size, "%s %s %s %s", delta_names[d->type],
			 d->attach, p, mcr_reason_name(d->reason));
		break;
	default:
		snprintf(buf, size, "?");
	}
	return buf;
}

/* ---- core structures */

struct aent {
	struct mcr_attach *a;
	const struct mcr_rsrc *self;	/* mcr_attach_rsrc(a), which stays */
	struct mcr_export *e;
	const char *name;	/* interned */
	size_t pos;		/* index in mcr_core.att (name order) */
	uint16_t id;
	struct mcr_rtable *assoc;
	struct mcr_rtable *prop[MCR_ATTACH_MAX_PROPAGATE];
	unsigned nprop;
};

/* Invariant: assoc[0..nassoc) are the attachments associated with t, in
 * name order (rebuilt by assoc_rebuild() when an association changes). */
struct tent {
	struct mcr_rtable *t;
	const char *name;	/* interned */
	uint16_t id;
	struct aent **assoc;
	size_t nassoc, capassoc;
};

/*
 * A conflict between two active routes.  Invariant: linked into the list
 * of each (side 0: a, side 1: b; mcr_rin.conflicts is the head) and into
 * the core's list of all; a's attachment name < b's; id orders conflicts
 * by creation.
 */
struct conflict {
	struct mcr_rin *a, *b;
	uint64_t since;
	uint64_t id;
	struct conflict *next[2], *prev[2];
	struct conflict *gnext, *gprev;
	bool resolved;		/* being resolved by this call */
};

/* One history entry; its op and reason are in the hist's opr[] byte. */
struct hent {
	uint32_t seq;
	uint16_t attach;	/* name id + 1, 0 = none */
	uint16_t table;		/* name id + 1, 0 = none */
};

/*
 * History of one prefix: a ring of cap entries e[], followed by cap bytes
 * opr[] (op << 4 | reason).  Invariant: n <= cap, cap is HIST_CAP0 or
 * MCR_HISTORY_LEN; head == 0 while n < cap.  A prefix first refused gets
 * HIST_CAP0 entries (seen once, it costs little) and grows when full; one
 * accepted at once gets them all (its installs follow).
 */
struct hist {
	uint8_t head, n, cap, pad;
	struct hent e[];
};

#define HIST_CAP0 2
_Static_assert(MCR_R_MAX <= 16 && MCR_H_UNINSTALL < 16,
	       "op and reason share one byte");
_Static_assert(HIST_CAP0 <= MCR_HISTORY_LEN, "history growth");

static size_t hist_size(unsigned cap)
{
	return sizeof(struct hist) + cap * (sizeof(struct hent) + 1);
}

static uint8_t *hist_opr(const struct hist *h)
{
	return (uint8_t *)(h->e + h->cap);
}

struct xchg {
	struct aent *ae;
	size_t order;
	struct mcr_export_chg c;
};

/*
 * Invariant: att[] and tab[] sorted by name, names unique, kernel ids
 * unique; every active route (in_tables) is in gidx and has a path in
 * each table of its attachment's prop[]; conflicts[] holds exactly the
 * overlapping pairs of active routes of different attachments outside a
 * common redundancy group (between calls).
 */
struct mcr_core {
	struct aent **att;
	size_t natt, capatt;
	struct tent **tab;
	size_t ntab, captab;
	char **names;		/* interned, index = id */
	size_t nnames, capnames;
	struct mcr_trie *bogon[MCR_AFI_MAX];
	/* bit b of bogon_oct[afi] set iff a bogon covers some address whose
	 * first byte is b: a prefix whose first byte's bit is clear has no
	 * covering bogon, told without the bogon trie (bogon_map()) */
	uint64_t bogon_oct[MCR_AFI_MAX][4];
	/* per family one node per prefix for the RIB-ins, tables, gidx and
	 * hist (see mcr/trie.h: an event descends once) */
	struct mcr_trie_group *grp[MCR_AFI_MAX];
	struct mcr_trie *gidx[MCR_AFI_MAX];
	struct mcr_trie *hist[MCR_AFI_MAX];
	/* the history last looked up (one event logs several entries for
	 * its prefix); history is never freed before mcr_core_free */
	struct mcr_prefix hc_p;
	struct hist *hc_h;
	/* attachments of recent route events by the address of the name
	 * they gave (checked by strcmp before use; cleared when an
	 * attachment goes): callers pass the same few strings again */
	struct {
		const char *name;
		struct aent *ae;
	} ev_cache[8];
	/* while finish() flushes a table / applies an export: its entry */
	struct tent *flush_te;
	struct aent *emit_ae;
	struct conflict *cf;	/* all conflicts (gnext list) */
	size_t ncf;
	uint64_t cf_id;
	struct conflict **res;	/* per call: conflicts being resolved */
	size_t nres, capres;
	uint64_t seq, route_seq;
	int batch;
	/* per call */
	struct mcr_deltas *out;
	struct mcr_rin **touched;	/* routes whose conflicts may change */
	size_t ntouched, captouched;
	struct mcr_rin **zombies;
	size_t nzombies, capzombies;
	struct xchg *xc;
	size_t nxc, capxc;
	struct mcr_export_chg *xv; /* scratch for mcr_export_apply */
	size_t capxv;
};

#define VEC_PUSH(vec, n, cap, x)                                               \
	do {                                                                   \
		if ((n) == (cap)) {                                            \
			size_t nc_ = (cap) ? (cap) * 2 : 16;                   \
			(vec) = mcr_realloc(MCR_MT_PIPELINE, (vec),            \
					    (cap) * sizeof(*(vec)),            \
					    nc_ * sizeof(*(vec)));             \
			(cap) = nc_;                                           \
		}                                                              \
		(vec)[(n)++] = (x);                                            \
	} while (0)

static char bogon_sentinel;

static uint16_t name_intern(struct mcr_core *c, const char *s)
{
	for (size_t i = 0; i < c->nnames; i++)
		if (!strcmp(c->names[i], s))
			return (uint16_t)i;
	VEC_PUSH(c->names, c->nnames, c->capnames,
		 mcr_strdup(MCR_MT_PIPELINE, s));
	return (uint16_t)(c->nnames - 1);
}

/*
 * Binary search of @name in @v[0..n), sorted by the name each element
 * holds at byte offset @off: the index of the match (*found) or where it
 * would go.  Shared by att[] and tab[].
 */
static size_t name_search(void *const *v, size_t n, size_t off,
			  const char *name, bool *found)
{
	size_t lo = 0, hi = n;

	*found = false;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *m = *(const char *const *)((const char *)v[mid] +
						       off);
		int r = strcmp(m, name);

		if (!r) {
			*found = true;
			return mid;
		}
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static struct aent *att_find(const struct mcr_core *c, const char *name,
			     size_t *pos)
{
	bool found;
	size_t i = name_search((void *const *)c->att, c->natt,
			       offsetof(struct aent, name), name, &found);

	if (pos)
		*pos = i;
	return found ? c->att[i] : NULL;
}

static struct tent *tab_find(const struct mcr_core *c, const char *name,
			     size_t *pos)
{
	bool found;
	size_t i = name_search((void *const *)c->tab, c->ntab,
			       offsetof(struct tent, name), name, &found);

	if (pos)
		*pos = i;
	return found ? c->tab[i] : NULL;
}

static struct tent *tab_of(const struct mcr_core *c, const struct mcr_rtable *t)
{
	for (size_t i = 0; i < c->ntab; i++)
		if (c->tab[i]->t == t)
			return c->tab[i];
	return NULL;
}

/* After att[] changed: positions for name-order comparisons. */
static void att_renumber(struct mcr_core *c)
{
	for (size_t i = 0; i < c->natt; i++)
		c->att[i]->pos = i;
}

/* After an association changed: each table's associated attachments. */
static void assoc_rebuild(struct mcr_core *c)
{
	for (size_t i = 0; i < c->ntab; i++)
		c->tab[i]->nassoc = 0;
	for (size_t i = 0; i < c->natt; i++) {
		struct aent *ae = c->att[i];

		for (size_t j = 0; ae->assoc && j < c->ntab; j++) {
			struct tent *te = c->tab[j];

			if (te->t == ae->assoc)
				VEC_PUSH(te->assoc, te->nassoc, te->capassoc,
					 ae);
		}
	}
}

/* Every source in the tables is an attachment's (mcr_core_attach_add
 * makes the entry its owner). */
static struct aent *att_of_src(const struct mcr_rsrc *src)
{
	return src->owner;
}

static int bogon_oct_cb(const struct mcr_prefix *p, void *arg)
{
	uint64_t *m = arg;
	unsigned lo = p->addr[0];
	unsigned hi = p->len >= 8 ? lo : lo | (0xffu >> p->len);

	for (unsigned b = lo; b <= hi; b++)
		m[b >> 6] |= 1ull << (b & 63);
	return 0;
}

/* Recompute c->bogon_oct[afi] from the bogon trie (after a change). */
static void bogon_map(struct mcr_core *c, unsigned afi)
{
	memset(c->bogon_oct[afi], 0, sizeof(c->bogon_oct[afi]));
	mcr_trie_walk_prefixes(c->bogon[afi], bogon_oct_cb, c->bogon_oct[afi]);
}

static bool is_bogon(const struct mcr_core *c, unsigned afi,
		     const struct mcr_prefix *p)
{
	unsigned b = p->addr[0];

	if (!(c->bogon_oct[afi][b >> 6] & (1ull << (b & 63))))
		return false;
	return mcr_trie_match(c->bogon[afi], p, NULL) != NULL;
}

struct mcr_core *mcr_core_new(void)
{
	static const char *const bogons[] = {MCR_BOGONS_DEFAULT};
	struct mcr_core *c = mcr_calloc(MCR_MT_PIPELINE, 1, sizeof(*c));

	for (int i = 0; i < MCR_AFI_MAX; i++) {
		uint8_t fam = i == MCR_AFI_IP ? MCR_AF_INET : MCR_AF_INET6;

		c->bogon[i] = mcr_trie_new(fam);
		c->grp[i] = mcr_trie_group_new(fam);
		c->gidx[i] = mcr_trie_new_in(c->grp[i]);
		c->hist[i] = mcr_trie_new_in(c->grp[i]);
	}
	for (size_t i = 0; i < sizeof(bogons) / sizeof(bogons[0]); i++) {
		struct mcr_prefix p;

		if (mcr_prefix_parse(bogons[i], true, false, &p, NULL) ==
		    MCR_OK)
			mcr_trie_insert(c->bogon[mcr_afi_of(p.family)], &p,
					&bogon_sentinel);
	}
	for (unsigned i = 0; i < MCR_AFI_MAX; i++)
		bogon_map(c, i);
	return c;
}

/* ---- history */

/* The history of @p, found or created (see struct hist for @op and
 * @reason's say in its size), with room for one more entry. */
static struct hist *hist_get(struct mcr_core *c, const struct mcr_prefix *p,
			     enum mcr_hist_op op, enum mcr_reason reason)
{
	struct hist *h = c->hc_h;

	if (!h || !mcr_prefix_equal(&c->hc_p, p)) {
		bool created;
		void **slot = mcr_trie_get(c->hist[mcr_afi_of(p->family)], p,
					   &created);

		if (created) {
			unsigned cap = op == MCR_H_ANNOUNCE &&
						       reason == MCR_R_NONE
					       ? MCR_HISTORY_LEN
					       : HIST_CAP0;

			/* entries are written before they are read */
			h = mcr_obj_alloc(MCR_MT_HISTORY, hist_size(cap));
			h->head = h->n = h->pad = 0;
			h->cap = (uint8_t)cap;
			*slot = h;
		}
		h = c->hc_h = *slot;
		c->hc_p = *p;
	}
	if (h->n == h->cap && h->cap < MCR_HISTORY_LEN) {
		/* full before wrapping: grow (head is 0) */
		unsigned cap = MCR_HISTORY_LEN;
		struct hist *g = mcr_obj_alloc(MCR_MT_HISTORY, hist_size(cap));
		bool created;

		MCR_ASSERT(h->head == 0);
		*g = *h;
		g->cap = (uint8_t)cap;
		memcpy(g->e, h->e, h->n * sizeof(h->e[0]));
		memcpy(hist_opr(g), hist_opr(h), h->n);
		mcr_obj_free(MCR_MT_HISTORY, h, hist_size(h->cap));
		/* slots of a group move: look it up again (O(1), cached) */
		h = c->hc_h = *mcr_trie_get(c->hist[mcr_afi_of(p->family)], p,
					    &created) = g;
		MCR_ASSERT(!created);
	}
	return h;
}

static inline void hist_add(struct mcr_core *c, const struct mcr_prefix *p,
			    enum mcr_hist_op op, const struct aent *ae,
			    const struct tent *te, enum mcr_reason reason)
{
	struct hist *h = c->hc_h;
	unsigned i;

	/* the usual case: the prefix of the last entry, room or a full ring */
	if (!h || !mcr_prefix_equal(&c->hc_p, p) ||
	    (h->n == h->cap && h->cap < MCR_HISTORY_LEN))
		h = hist_get(c, p, op, reason);
	i = h->head + h->n;
	if (i >= h->cap)
		i -= h->cap;
	if (h->n < h->cap)
		h->n++;
	else if (++h->head == h->cap)
		h->head = 0;
	h->e[i].seq = (uint32_t)c->seq;
	h->e[i].attach = ae ? (uint16_t)(ae->id + 1) : 0;
	h->e[i].table = te ? (uint16_t)(te->id + 1) : 0;
	hist_opr(h)[i] = (uint8_t)(op << 4 | reason);
}

/* ---- global overlap index and conflicts */

static void gidx_add(struct mcr_core *c, struct mcr_rin *r)
{
	struct mcr_trie *tr = c->gidx[mcr_afi_of(r->prefix.family)];
	bool created;
	void **slot = mcr_trie_get(tr, &r->prefix, &created);
	uintptr_t v = (uintptr_t)*slot;
	size_t *vec;

	if (!v) {
		*slot = r;
		return;
	}
	if (!(v & 1)) {
		vec = mcr_malloc(MCR_MT_CONFLICT, 3 * sizeof(size_t));
		vec[0] = 2;
		vec[1] = v;
		vec[2] = (uintptr_t)r;
	} else {
		size_t *old = (size_t *)(v & ~(uintptr_t)1);

		vec = mcr_realloc(MCR_MT_CONFLICT, old,
				  (old[0] + 1) * sizeof(size_t),
				  (old[0] + 2) * sizeof(size_t));
		vec[++vec[0]] = (uintptr_t)r;
	}
	*slot = (void *)((uintptr_t)vec | 1);
}

static void gidx_del(struct mcr_core *c, struct mcr_rin *r)
{
	struct mcr_trie *tr = c->gidx[mcr_afi_of(r->prefix.family)];
	bool created;
	void **slot = mcr_trie_get(tr, &r->prefix, &created);
	uintptr_t v = (uintptr_t)*slot;
	size_t *vec;

	MCR_ASSERT(!created);
	if (!(v & 1)) {
		MCR_ASSERT(v == (uintptr_t)r);
		mcr_trie_delete(tr, &r->prefix);
		return;
	}
	vec = (size_t *)(v & ~(uintptr_t)1);
	for (size_t i = 1; i <= vec[0]; i++)
		if (vec[i] == (uintptr_t)r) {
			vec[i] = vec[vec[0]];
			vec[0]--;
			break;
		}
	if (vec[0] == 1) {
		*slot = (void *)vec[1];
		mcr_free(MCR_MT_CONFLICT, vec, 3 * sizeof(size_t));
	} else {
		vec = mcr_realloc(MCR_MT_CONFLICT, vec,
				  (vec[0] + 2) * sizeof(size_t),
				  (vec[0] + 1) * sizeof(size_t));
		*slot = (void *)((uintptr_t)vec | 1);
	}
}

static bool rsrc_conflict(const struct mcr_rsrc *a, const struct mcr_rsrc *b)
{
	if (a == b)
		return false;
	if (a->redgroup && b->redgroup && !strcmp(a->redgroup, b->redgroup))
		return false;
	return true;
}

static void touch_rin(struct mcr_core *c, struct mcr_rin *r)
{
	VEC_PUSH(c->touched, c->ntouched, c->captouched, r);
}

static void conflict_delta(struct mcr_core *c, enum mcr_delta_type type,
			   const struct conflict *k)
{
	struct mcr_delta *d;

	if (!c->out)
		return;
	d = delta_new(c->out, type);
	d->attach = k->a->route.src->name;
	d->prefix = k->a->prefix;
	d->family = k->a->prefix.family;
	d->other_attach = k->b->route.src->name;
	d->other_prefix = k->b->prefix;
	d->reason = MCR_R_CONFLICT;
}

struct cfwalk {
	struct mcr_core *c;
	struct mcr_rin *r;
};

/* @k's side of route @r (0: a, 1: b). */
static inline int cf_side(const struct conflict *k, const struct mcr_rin *r)
{
	return k->a == r ? 0 : 1;
}

/* The next record in @r's list after @k. */
static inline struct conflict *cf_next(const struct conflict *k,
				       const struct mcr_rin *r)
{
	return k->next[cf_side(k, r)];
}

static void cf_link(struct mcr_core *c, struct conflict *k)
{
	struct mcr_rin *r[2] = {k->a, k->b};

	for (int s = 0; s < 2; s++) {
		struct conflict *h = r[s]->conflicts;

		k->prev[s] = NULL;
		k->next[s] = h;
		if (h)
			h->prev[cf_side(h, r[s])] = k;
		r[s]->conflicts = k;
		r[s]->nconflicts++;
	}
	k->gprev = NULL;
	k->gnext = c->cf;
	if (c->cf)
		c->cf->gprev = k;
	c->cf = k;
	c->ncf++;
}

static void cf_unlink(struct mcr_core *c, struct conflict *k)
{
	struct mcr_rin *r[2] = {k->a, k->b};

	for (int s = 0; s < 2; s++) {
		if (k->prev[s])
			k->prev[s]->next[cf_side(k->prev[s], r[s])] =
				k->next[s];
		else
			r[s]->conflicts = k->next[s];
		if (k->next[s])
			k->next[s]->prev[cf_side(k->next[s], r[s])] =
				k->prev[s];
		r[s]->nconflicts--;
	}
	if (k->gprev)
		k->gprev->gnext = k->gnext;
	else
		c->cf = k->gnext;
	if (k->gnext)
		k->gnext->gprev = k->gprev;
	c->ncf--;
}

/* Record the conflict of @x and @y unless known: O(conflicts of the one
 * of them with fewer). */
static void cf_pair(struct mcr_core *c, struct mcr_rin *x, struct mcr_rin *y)
{
	struct mcr_rin *few;
	struct conflict *k;

	if (strcmp(x->route.src->name, y->route.src->name) > 0) {
		struct mcr_rin *t = x;

		x = y;
		y = t;
	}
	few = x->nconflicts <= y->nconflicts ? x : y;
	for (k = few->conflicts; k; k = cf_next(k, few))
		if (k->a == x && k->b == y)
			return;
	k = mcr_obj_zalloc(MCR_MT_CONFLICT, sizeof(*k));
	k->a = x;
	k->b = y;
	k->since = c->seq;
	k->id = ++c->cf_id;
	cf_link(c, k);
	conflict_delta(c, MCR_D_CONFLICT_FOUND, k);
}

static int cf_find_cb(const struct mcr_prefix *p, void *v, void *arg)
{
	struct cfwalk *w = arg;
	uintptr_t u = (uintptr_t)v;

	(void)p;
	if (!(u & 1)) {
		struct mcr_rin *o = v;

		if (rsrc_conflict(o->route.src, w->r->route.src))
			cf_pair(w->c, w->r, o);
	} else {
		size_t *vec = (size_t *)(u & ~(uintptr_t)1);

		for (size_t i = 1; i <= vec[0]; i++) {
			struct mcr_rin *o = (struct mcr_rin *)vec[i];

			if (rsrc_conflict(o->route.src, w->r->route.src))
				cf_pair(w->c, w->r, o);
		}
	}
	return 0;
}

static bool cf_still_valid(const struct conflict *k)
{
	return k->a->in_tables && k->b->in_tables &&
	       rsrc_conflict(k->a->route.src, k->b->route.src);
}

static int cmp_cf_id(const void *x, const void *y)
{
	const struct conflict *a = *(struct conflict *const *)x;
	const struct conflict *b = *(struct conflict *const *)y;

	return a->id < b->id ? -1 : a->id > b->id;
}

/*
 * Diff the conflicts of the touched routes: O(their conflicts + what
 * overlaps them).  A pair stops holding only when one of its routes is
 * deactivated or its attachment reconfigured, which touches the route.
 */
static void conflicts_update(struct mcr_core *c)
{
	size_t i;

	if (!c->ntouched)
		return;
	/* resolved: pairs naming a touched route that no longer hold, in
	 * the order they were found */
	for (i = 0; i < c->ntouched; i++) {
		struct mcr_rin *r = c->touched[i];

		for (struct conflict *k = r->conflicts; k; k = cf_next(k, r))
			if (!k->resolved && !cf_still_valid(k)) {
				k->resolved = true;
				VEC_PUSH(c->res, c->nres, c->capres, k);
			}
	}
	if (c->nres > 1)
		qsort(c->res, c->nres, sizeof(c->res[0]), cmp_cf_id);
	for (i = 0; i < c->nres; i++) {
		conflict_delta(c, MCR_D_CONFLICT_RESOLVED, c->res[i]);
		cf_unlink(c, c->res[i]);
		mcr_obj_free(MCR_MT_CONFLICT, c->res[i], sizeof(*c->res[i]));
	}
	c->nres = 0;
	/* found */
	for (i = 0; i < c->ntouched; i++) {
		struct mcr_rin *r = c->touched[i];
		struct cfwalk w = {c, r};
		struct mcr_trie *tr = c->gidx[mcr_afi_of(r->prefix.family)];

		if (!r->in_tables)
			continue;
		mcr_trie_walk_overlapping(tr, &r->prefix, cf_find_cb, &w);
	}
	c->ntouched = 0;
}

/* ---- activation */

static void activate(struct mcr_core *c, struct aent *ae, struct mcr_rin *r)
{
	r->in_tables = true;
	gidx_add(c, r);
	touch_rin(c, r);
	for (unsigned i = 0; i < ae->nprop; i++)
		mcr_rtable_path_add(ae->prop[i], &r->prefix, &r->route);
}

static void deactivate(struct mcr_core *c, struct aent *ae, struct mcr_rin *r)
{
	r->in_tables = false;
	gidx_del(c, r);
	touch_rin(c, r);
	for (unsigned i = 0; i < ae->nprop; i++)
		mcr_rtable_path_del(ae->prop[i], &r->prefix, &r->route);
}

static void sync_active(struct mcr_core *c, struct aent *ae, struct mcr_rin *r)
{
	bool want = r->reason == MCR_R_NONE && !r->gone &&
		    mcr_attach_is_up(ae->a);

	if (want && !r->in_tables)
		activate(c, ae, r);
	else if (!want && r->in_tables)
		deactivate(c, ae, r);
}

/* Record a new decision for @r (old MCR_R_MAX: new entry). */
static void set_reason(struct mcr_core *c, struct aent *ae, struct mcr_rin *r,
		       enum mcr_reason old, enum mcr_reason new, bool hist)
{
	struct mcr_delta *d;

	r->reason = (uint8_t)new;
	if (old != new) {
		mcr_attach_account(ae->a, r->prefix.family, old, new);
		if (hist && old != MCR_R_MAX)
			hist_add(c, &r->prefix, MCR_H_REEVAL, ae, NULL, new);
		if (c->out && old == MCR_R_PENDING) {
			d = delta_new(c->out, MCR_D_PENDING_DEL);
			d->attach = ae->name;
			d->prefix = r->prefix;
			d->family = r->prefix.family;
		}
		if (c->out && new == MCR_R_PENDING) {
			d = delta_new(c->out, MCR_D_PENDING_ADD);
			d->attach = ae->name;
			d->prefix = r->prefix;
			d->family = r->prefix.family;
			d->reason = MCR_R_PENDING;
		} else if (c->out && new != MCR_R_NONE &&
			   new != MCR_R_WITHDRAWN && new != MCR_R_MAX) {
			d = delta_new(c->out, MCR_D_REFUSED);
			d->attach = ae->name;
			d->prefix = r->prefix;
			d->family = r->prefix.family;
			d->reason = new;
		} else if (c->out && new == MCR_R_NONE && old != MCR_R_MAX) {
			d = delta_new(c->out, MCR_D_ACCEPTED);
			d->attach = ae->name;
			d->prefix = r->prefix;
			d->family = r->prefix.family;
		}
	}
	sync_active(c, ae, r);
}

/* Steps 1-2: filters and approval. */
static enum mcr_reason filter_reason(const struct mcr_core *c,
				     const struct aent *ae,
				     const struct mcr_prefix *p)
{
	const struct mcr_attach_config *cfg = mcr_attach_config(ae->a);
	unsigned afi = mcr_afi_of(p->family);

	if (is_bogon(c, afi, p))
		return MCR_R_BOGON;
	if (p->len == 0) {
		if (cfg->profile.defroute != MCR_DEFROUTE_ACCEPT)
			return MCR_R_DEFAULT_ROUTE;
	} else if (p->len < cfg->profile.minlen[afi] ||
		   p->len > cfg->profile.maxlen[afi]) {
		return MCR_R_PREFIX_LEN;
	}
	if (cfg->approval == MCR_APPROVAL_MANUAL &&
	    !mcr_attach_approved(ae->a, p))
		return MCR_R_PENDING;
	return MCR_R_NONE;
}

static void limit_events(struct mcr_core *c, struct aent *ae, uint8_t family)
{
	const struct mcr_attach_config *cfg = mcr_attach_config(ae->a);
	unsigned afi = mcr_afi_of(family);
	uint64_t limit = cfg->profile.in_limit[afi];
	const struct mcr_attach_counters *k =
		mcr_attach_counters_ref(ae->a, family);
	uint64_t accepted = k->accepted, over = k->refused[MCR_R_LIMIT];
	enum mcr_limit_state ns, os = k->limit_state;
	enum mcr_delta_type t;
	struct mcr_delta *d;

	if (cfg->profile.limit_action == MCR_LIMIT_WITHDRAW_ALL && over)
		ns = MCR_LIMIT_TRIPPED;
	else if (accepted > limit || over)
		ns = MCR_LIMIT_EXCEEDED;
	else if (accepted * 100 >= limit * cfg->profile.warn_pct)
		ns = MCR_LIMIT_WARNING;
	else
		ns = MCR_LIMIT_OK;
	if (ns == os)
		return;
	mcr_attach_set_limit_state(ae->a, family, ns);
	if (ns == MCR_LIMIT_OK)
		t = MCR_D_LIMIT_CLEARED;
	else if (ns == MCR_LIMIT_WARNING && os == MCR_LIMIT_OK)
		t = MCR_D_LIMIT_WARNING;
	else if (ns == MCR_LIMIT_WARNING)
		return;
	else
		t = MCR_D_LIMIT_EXCEEDED;
	if (!c->out)
		return;
	d = delta_new(c->out, t);
	d->attach = ae->name;
	d->family = family;
	d->count = (uint32_t)(accepted + over);
	d->limit = (uint32_t)limit;
}

static int cmp_seq(const void *x, const void *y)
{
	const struct mcr_rin *a = *(struct mcr_rin *const *)x;
	const struct mcr_rin *b = *(struct mcr_rin *const *)y;

	return a->route.seq < b->route.seq ? -1 : a->route.seq > b->route.seq;
}

struct rinvec {
	struct mcr_rin **v;
	size_t n, cap;
};

static int collect_rin(struct mcr_rin *r, void *arg)
{
	struct rinvec *rv = arg;

	VEC_PUSH(rv->v, rv->n, rv->cap, r);
	return 0;
}

/*
 * Re-decide every route of @ae of @family from scratch, in arrival order
 * (drop-excess admits the earliest; withdraw-all trips iff the routes
 * passing the filters exceed the limit).
 */
static void reeval_family(struct mcr_core *c, struct aent *ae, uint8_t family)
{
	const struct mcr_attach_config *cfg = mcr_attach_config(ae->a);
	unsigned afi = mcr_afi_of(family);
	uint64_t limit = cfg->profile.in_limit[afi];
	struct rinvec rv = {0};
	uint64_t cand = 0, acc = 0;
	enum mcr_reason *nr;

	mcr_attach_rin_walk(ae->a, family, collect_rin, &rv);
	if (!rv.n) {
		limit_events(c, ae, family);
		return;
	}
	qsort(rv.v, rv.n, sizeof(rv.v[0]), cmp_seq);
	nr = mcr_malloc(MCR_MT_PIPELINE, rv.n * sizeof(*nr));
	for (size_t i = 0; i < rv.n; i++) {
		nr[i] = filter_reason(c, ae, &rv.v[i]->prefix);
		if (nr[i] == MCR_R_NONE)
			cand++;
	}
	for (size_t i = 0; i < rv.n; i++) {
		if (nr[i] != MCR_R_NONE)
			continue;
		switch (cfg->profile.limit_action) {
		case MCR_LIMIT_DROP_EXCESS:
			if (acc >= limit)
				nr[i] = MCR_R_LIMIT;
			else
				acc++;
			break;
		case MCR_LIMIT_WITHDRAW_ALL:
			if (cand > limit)
				nr[i] = MCR_R_LIMIT;
			break;
		default:
			break;
		}
	}
	for (size_t i = 0; i < rv.n; i++)
		set_reason(c, ae, rv.v[i], (enum mcr_reason)rv.v[i]->reason,
			   nr[i], true);
	limit_events(c, ae, family);
	mcr_free(MCR_MT_PIPELINE, nr, rv.n * sizeof(*nr));
	mcr_free(MCR_MT_PIPELINE, rv.v, rv.cap * sizeof(rv.v[0]));
}

static void reeval_attach(struct mcr_core *c, struct aent *ae)
{
	reeval_family(c, ae, MCR_AF_INET);
	reeval_family(c, ae, MCR_AF_INET6);
}

/*
 * Decide one route received now (add/update) or whose approval changed.
 * withdraw-all: the tentative decision follows the current trip state;
 * limit_fixup() re-decides the family when the trip state must flip.
 */
static enum mcr_reason decide_one(struct mcr_core *c, struct aent *ae,
				  struct mcr_rin *r, enum mcr_reason old)
{
	const struct mcr_attach_config *cfg = mcr_attach_config(ae->a);
	unsigned afi = mcr_afi_of(r->prefix.family);
	uint64_t limit = cfg->profile.in_limit[afi];
	enum mcr_reason nr = filter_reason(c, ae, &r->prefix);
	const struct mcr_attach_counters *k;

	if (nr != MCR_R_NONE)
		return nr;
	k = mcr_attach_counters_ref(ae->a, r->prefix.family);
	switch (cfg->profile.limit_action) {
	case MCR_LIMIT_DROP_EXCESS:
		if (old != MCR_R_NONE && k->accepted >= limit)
			return MCR_R_LIMIT;
		return MCR_R_NONE;
	case MCR_LIMIT_WITHDRAW_ALL:
		return k->refused[MCR_R_LIMIT] ? MCR_R_LIMIT : MCR_R_NONE;
	default:
		return MCR_R_NONE;
	}
}

/* After a single-route change: withdraw-all trip state consistent? */
static void limit_fixup(struct mcr_core *c, struct aent *ae, uint8_t family)
{
	const struct mcr_attach_config *cfg = mcr_attach_config(ae->a);
	uint64_t limit = cfg->profile.in_limit[mcr_afi_of(family)];

	if (cfg->profile.limit_action == MCR_LIMIT_WITHDRAW_ALL) {
		const struct mcr_attach_counters *k =
			mcr_attach_counters_ref(ae->a, family);

		if ((k->accepted + k->refused[MCR_R_LIMIT] > limit) !=
		    (k->refused[MCR_R_LIMIT] > 0)) {
			reeval_family(c, ae, family);
			return;
		}
	}
	limit_events(c, ae, family);
}

/* ---- finishing a call */

static void table_change_cb(struct mcr_rtable *t, const struct mcr_prefix *p,
			    const struct mcr_rsel *old,
			    const struct mcr_rsel *new, void *arg)
{
	struct mcr_core *c = arg;
	struct tent *te = c->flush_te && c->flush_te->t == t ? c->flush_te
							      : tab_of(c, t);
	struct mcr_delta *d;

	if (new->kind == MCR_RK_NONE) {
		d = delta_new(c->out, MCR_D_ROUTE_WITHDRAW);
		hist_add(c, p, MCR_H_UNINSTALL, NULL, te, MCR_R_NONE);
	} else {
		struct aent *first = new->n ? att_of_src(new->src[0]) : NULL;
		struct mcr_nexthop *nh;
		unsigned n = 0, k = 0;

		d = delta_new(c->out, MCR_D_ROUTE_INSTALL);
		d->kind = new->kind;
		for (unsigned i = 0; i < new->n; i++)
			n += new->route[i] ? new->route[i]->nnh : 1;
		nh = n ? deltas_alloc(c->out, n * sizeof(*nh)) : NULL;
		for (unsigned i = 0; i < new->n; i++) {
			const char *an =
				i ? att_of_src(new->src[i])->name
				  : first->name;

			if (!new->route[i]) {
				nh[k].attach = an;
				nh[k++].addr = new->static_nh;
				continue;
			}
			for (unsigned j = 0; j < new->route[i]->nnh; j++) {
				nh[k].attach = an;
				nh[k++].addr = new->route[i]->nh[j];
			}
		}
		d->nh = nh;
		d->nnh = k;
		if (new->kind == MCR_RK_PROPAGATED) {
			d->metric = new->route[0]->metric;
			d->tag = new->route[0]->tag;
		}
		hist_add(c, p, MCR_H_INSTALL, first, te, MCR_R_NONE);
	}
	d->table = te->name;
	d->kernel_id = mcr_rtable_kernel_id(t);
	d->prefix = *p;
	d->family = p->family;
	/* export membership changes of the attachments associated with t */
	for (size_t i = 0; i < te->nassoc; i++) {
		struct aent *ae = te->assoc[i];
		bool in = mcr_export_wants_src(ae->self, new);
		struct xchg *x;

		if (mcr_export_wants_src(ae->self, old) == in) {
			/* deny space of a summarized export may change */
			mcr_export_touch(ae->e, p);
			continue;
		}
		if (c->nxc == c->capxc) {
			size_t nc = c->capxc ? c->capxc * 2 : 16;

			c->xc = mcr_realloc(MCR_MT_PIPELINE, c->xc,
					    c->capxc * sizeof(*c->xc),
					    nc * sizeof(*c->xc));
			c->capxc = nc;
		}
		/* filled in place (a copy from the stack stalls) */
		x = &c->xc[c->nxc];
		x->ae = ae;
		x->order = c->nxc++;
		x->c.prefix = *p;
		x->c.in = in;
	}
}

static void export_emit(void *arg, const struct mcr_export *e,
			enum mcr_export_ev ev, const struct mcr_prefix *p,
			bool summary, const struct mcr_export_status *st)
{
	struct mcr_core *c = arg;
	struct aent *ae = c->emit_ae && c->emit_ae->e == e
				  ? c->emit_ae
				  : att_find(c, mcr_export_name(e), NULL);
	struct mcr_delta *d;

	if (!c->out)
		return;
	d = delta_new(c->out, ev == MCR_EXPORT_EV_ADD	? MCR_D_EXPORT_ADD
			      : ev == MCR_EXPORT_EV_DEL ? MCR_D_EXPORT_DEL
							: MCR_D_EXPORT_STATUS);
	d->attach = ae ? ae->name : mcr_export_name(e);
	d->summary = summary;
	if (p) {
		if (ev != MCR_EXPORT_EV_STATUS)
			d->prefix = *p;
		d->family = p->family;
	}
	if (ev == MCR_EXPORT_EV_STATUS) {
		size_t n = strlen(st->reason) + 1;
		char *m = deltas_alloc(c->out, n);

		memcpy(m, st->reason, n);
		d->msg = m;
		d->reason = st->failed ? MCR_R_LIMIT : MCR_R_NONE;
		d->count = (uint32_t)st->advertised;
		d->limit = st->limit;
	}
}

static int cmp_xchg(const void *x, const void *y)
{
	const struct xchg *a = x, *b = y;

	if (a->ae != b->ae)
		return a->ae->pos < b->ae->pos ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static void exports_flush(struct mcr_core *c)
{
	for (size_t i = 0; i < c->natt; i++)
		if (mcr_export_dirty(c->att[i]->e)) {
			c->emit_ae = c->att[i];
			mcr_export_flush(c->att[i]->e, export_emit, c);
		}
	c->emit_ae = NULL;
}

static void finish(struct mcr_core *c)
{
	struct mcr_deltas scratch;
	bool own = !c->out;
	size_t i, j;

	if (own) {
		mcr_deltas_init(&scratch);
		c->out = &scratch;
	}
	conflicts_update(c);
	for (i = 0; i < c->ntab; i++) {
		c->flush_te = c->tab[i];
		mcr_rtable_flush(c->tab[i]->t, table_change_cb, c);
	}
	c->flush_te = NULL;
	if (c->nxc) {
		struct mcr_export_chg *v;

		if (c->capxv < c->nxc) {
			mcr_free(MCR_MT_PIPELINE, c->xv,
				 c->capxv * sizeof(*c->xv));
			c->capxv = c->nxc > 16 ? c->nxc : 16;
			c->xv = mcr_malloc(MCR_MT_PIPELINE,
					   c->capxv * sizeof(*c->xv));
		}
		v = c->xv;

		if (c->nxc > 16) {
			qsort(c->xc, c->nxc, sizeof(*c->xc), cmp_xchg);
		} else {
			/* the usual few, often in order: insertion sort */
			for (i = 1; i < c->nxc; i++) {
				struct xchg x;

				if (cmp_xchg(&c->xc[i - 1], &c->xc[i]) <= 0)
					continue;
				x = c->xc[i];
				for (j = i; j > 0 && cmp_xchg(&c->xc[j - 1],
							      &x) > 0;
				     j--)
					c->xc[j] = c->xc[j - 1];
				c->xc[j] = x;
			}
		}
		for (i = 0; i < c->nxc; i = j) {
			size_t n = 0;

			for (j = i; j < c->nxc && c->xc[j].ae == c->xc[i].ae;
			     j++)
				n++;
			c->emit_ae = c->xc[i].ae;
			if (n == 1) { /* the usual change: no copy */
				mcr_export_apply(c->emit_ae->e, &c->xc[i].c, 1,
						 export_emit, c);
				continue;
			}
			for (n = 0, j = i;
			     j < c->nxc && c->xc[j].ae == c->xc[i].ae; j++)
				v[n++] = c->xc[j].c;
			mcr_export_apply(c->emit_ae->e, v, n, export_emit, c);
		}
		c->emit_ae = NULL;
		c->nxc = 0;
	}
	if (!c->batch)
		exports_flush(c);
	for (i = 0; i < c->nzombies; i++)
		mcr_attach_rin_free(c->zombies[i]);
	c->nzombies = 0;
	if (own) {
		mcr_deltas_fini(&scratch);
		c->out = NULL;
	}
}

static void begin(struct mcr_core *c, struct mcr_deltas *out)
{
	c->out = out;
	c->seq++;
}

static enum mcr_err end(struct mcr_core *c)
{
	finish(c);
	c->out = NULL;
	return MCR_OK;
}

void mcr_core_batch_begin(struct mcr_core *c)
{
	c->batch++;
}

void mcr_core_batch_end(struct mcr_core *c, struct mcr_deltas *out)
{
	if (c->batch > 0 && --c->batch == 0) {
		c->out = out;
		exports_flush(c);
		c->out = NULL;
	}
}

/* ---- route events */

/* strcmp() == 0 for the short names of the per-event check, without a
 * call into libc's vector code */
static inline bool name_eq(const char *a, const char *b)
{
	for (; *a == *b; a++, b++)
		if (!*a)
			return true;
	return false;
}

static struct aent *att_of_event(struct mcr_core *c, const char *name)
{
	unsigned h = (unsigned)((uintptr_t)name >> 4) & 7;
	struct aent *ae;

	if (c->ev_cache[h].name == name && name_eq(c->ev_cache[h].ae->name, name))
		return c->ev_cache[h].ae;
	ae = att_find(c, name, NULL);
	if (ae) {
		c->ev_cache[h].name = name;
		c->ev_cache[h].ae = ae;
	}
	return ae;
}

static enum mcr_err check_prefix(const struct mcr_prefix *p,
				 struct mcr_errbuf *eb)
{
	if (!p || !mcr_prefix_is_canonical(p))
		return mcr_error(eb, MCR_EINVAL,
				 "malformed prefix (not canonical)");
	return MCR_OK;
}

static bool nh_differ(const struct mcr_route *r, const struct mcr_addr *nh,
		      size_t nnh)
{
	if (r->nnh != nnh)
		return true;
	for (size_t i = 0; i < nnh; i++)
		if (r->nh[i].family != nh[i].family ||
		    memcmp(r->nh[i].addr, nh[i].addr, 16))
			return true;
	return false;
}

enum mcr_err mcr_core_route(struct mcr_core *c,
			    const struct mcr_route_event *ev,
			    struct mcr_deltas *out, struct mcr_errbuf *eb)
{
	struct aent *ae;
	struct mcr_rin *r;
	enum mcr_err err;
	char buf[MCR_PREFIX_STRLEN];

	if (!ev || !ev->attach)
		return mcr_error(eb, MCR_EINVAL, "no attachment in route event");
	ae = att_of_event(c, ev->attach);
	if (!ae)
		return mcr_error(eb, MCR_ENOENT, "unknown attachment \"%s\"",
				 ev->attach);
	err = check_prefix(&ev->prefix, eb);
	if (err)
		return err;
	if (ev->op == MCR_ROUTE_WITHDRAW) {
		r = mcr_attach_rin_find(ae->a, &ev->prefix);
		if (!r)
			return mcr_error(eb, MCR_ENOENT,
					 "%s: %s was not received", ae->name,
					 mcr_prefix2str(&ev->prefix, buf,
							sizeof(buf)));
		begin(c, out);
		mcr_attach_count_event(ae->a, ev->prefix.family);
		hist_add(c, &ev->prefix, MCR_H_WITHDRAW, ae, NULL,
			 MCR_R_WITHDRAWN);
		r->gone = true;
		set_reason(c, ae, r, (enum mcr_reason)r->reason, MCR_R_MAX,
			   false);
		mcr_attach_rin_unlink(ae->a, r);
		VEC_PUSH(c->zombies, c->nzombies, c->capzombies, r);
		limit_fixup(c, ae, ev->prefix.family);
		return end(c);
	}
	if (ev->op != MCR_ROUTE_ADD)
		return mcr_error(eb, MCR_EINVAL, "unknown route operation %d",
				 ev->op);
	if (!ev->nh || ev->nnh == 0 || ev->nnh > MCR_NH_MAX)
		return mcr_error(eb, MCR_EINVAL,
				 "a route needs 1..%d nexthops, got %zu",
				 MCR_NH_MAX, ev->nnh);
	for (size_t i = 0; i < ev->nnh; i++)
		if (ev->nh[i].family != ev->prefix.family)
			return mcr_error(eb, MCR_EINVAL,
					 "nexthop %zu is not of the prefix's family",
					 i);
	begin(c, out);
	{
		bool created;
		enum mcr_reason old, nr;
		bool attrs;

		r = mcr_attach_rin_get(ae->a, &ev->prefix, &created);
		old = created ? MCR_R_MAX : (enum mcr_reason)r->reason;
		if (created)
			r->route.seq = ++c->route_seq;
		attrs = !created &&
			(nh_differ(&r->route, ev->nh, ev->nnh) ||
			 r->route.metric != ev->metric ||
			 r->route.tag != ev->tag);
		mcr_attach_rin_set_nh(r, ev->nh, ev->nnh);
		r->route.metric = ev->metric;
		r->route.tag = ev->tag;
		mcr_attach_count_event(ae->a, ev->prefix.family);
		nr = decide_one(c, ae, r, old);
		hist_add(c, &ev->prefix, MCR_H_ANNOUNCE, ae, NULL, nr);
		if (attrs && r->in_tables)
			for (unsigned i = 0; i < ae->nprop; i++)
				mcr_rtable_path_touch(ae->prop[i], &r->prefix,
						      &r->route);
		set_reason(c, ae, r, old, nr, false);
		limit_fixup(c, ae, ev->prefix.family);
	}
	return end(c);
}

/* ---- tables */

static enum mcr_err kernel_id_free(const struct mcr_core *c, uint32_t id,
				   const struct tent *self,
				   struct mcr_errbuf *eb)
{
	for (size_t i = 0; i < c->ntab; i++)
		if (c->tab[i] != self &&
		    mcr_rtable_kernel_id(c->tab[i]->t) == id)
			return mcr_error(eb, MCR_EEXIST,
					 "kernel table id %u is used by route table %s",
					 id, c->tab[i]->name);
	return MCR_OK;
}

enum mcr_err mcr_core_table_add(struct mcr_core *c, const char *name,
				uint32_t kernel_id, struct mcr_deltas *out,
				struct mcr_errbuf *eb)
{
	struct tent *te;
	size_t pos;
	enum mcr_err err;

	if (!mcr_name_valid(name))
		return mcr_error(eb, MCR_EINVAL, "invalid route table name");
	if (kernel_id == 0 || kernel_id == 253 || kernel_id == 254 ||
	    kernel_id == 255)
		return mcr_error(eb, MCR_EINVAL,
				 "kernel table id %u is reserved", kernel_id);
	if (tab_find(c, name, &pos))
		return mcr_error(eb, MCR_EEXIST, "route table %s exists", name);
	err = kernel_id_free(c, kernel_id, NULL, eb);
	if (err)
		return err;
	begin(c, out);
	te = mcr_calloc(MCR_MT_PIPELINE, 1, sizeof(*te));
	te->id = name_intern(c, name);
	te->name = c->names[te->id];
	te->t = mcr_rtable_new_in(name, kernel_id, c->grp);
	VEC_PUSH(c->tab, c->ntab, c->captab, NULL);
	memmove(&c->tab[pos + 1], &c->tab[pos],
		(c->ntab - 1 - pos) * sizeof(c->tab[0]));
	c->tab[pos] = te;
	return end(c);
}

static int withdraw_cb(const struct mcr_prefix *p, const struct mcr_rsel *sel,
		       void *arg)
{
	void **a = arg;
	struct mcr_core *c = a[0];
	struct tent *te = a[1];
	struct mcr_delta *d;

	(void)sel;
	if (!c->out)
		return 0;
	d = delta_new(c->out, MCR_D_ROUTE_WITHDRAW);
	d->table = te->name;
	d->kernel_id = mcr_rtable_kernel_id(te->t);
	d->prefix = *p;
	d->family = p->family;
	return 0;
}

static void table_withdraw_all(struct mcr_core *c, struct tent *te)
{
	void *a[2] = {c, te};

	mcr_rtable_walk(te->t, MCR_AF_INET, withdraw_cb, a);
	mcr_rtable_walk(te->t, MCR_AF_INET6, withdraw_cb, a);
}

enum mcr_err mcr_core_table_del(struct mcr_core *c, const char *name,
				struct mcr_deltas *out, struct mcr_errbuf *eb)
{
	size_t pos;
	struct tent *te = tab_find(c, name, &pos);

	if (!te)
		return mcr_error(eb, MCR_ENOENT, "no route table %s",
				 name ? name : "");
	for (size_t i = 0; i < c->natt; i++) {
		struct aent *ae = c->att[i];

		if (ae->assoc == te->t)
			return mcr_error(eb, MCR_ECONFLICT,
					 "route table %s is associated with attachment %s",
					 name, ae->name);
		for (unsigned j = 0; j < ae->nprop; j++)
			if (ae->prop[j] == te->t)
				return mcr_error(eb, MCR_ECONFLICT,
						 "attachment %s propagates into route table %s",
						 ae->name, name);
	}
	begin(c, out);
	table_withdraw_all(c, te);
	mcr_rtable_free(te->t);
	mcr_free(MCR_MT_PIPELINE, te->assoc,
		 te->capassoc * sizeof(*te->assoc));
	mcr_free(MCR_MT_PIPELINE, te, sizeof(*te));
	memmove(&c->tab[pos], &c->tab[pos + 1],
		(c->ntab - pos - 1) * sizeof(c->tab[0]));
	c->ntab--;
	return end(c);
}

enum mcr_err mcr_core_table_set_kernel_id(struct mcr_core *c,
					  const char *name, uint32_t kernel_id,
					  struct mcr_deltas *out,
					  struct mcr_errbuf *eb)
{
	struct tent *te = tab_find(c, name, NULL);
	enum mcr_err err;

	if (!te)
		return mcr_error(eb, MCR_ENOENT, "no route table %s",
				 name ? name : "");
	if (kernel_id == 0 || (kernel_id >= 253 && kernel_id <= 255))
		return mcr_error(eb, MCR_EINVAL,
				 "kernel table id %u is reserved", kernel_id);
	err = kernel_id_free(c, kernel_id, te, eb);
	if (err)
		return err;
	begin(c, out);
	if (kernel_id != mcr_rtable_kernel_id(te->t)) {
		table_withdraw_all(c, te);
		mcr_rtable_set_kernel_id(te->t, kernel_id);
	}
	return end(c);
}

enum mcr_err mcr_core_table_set_ecmp(struct mcr_core *c, const char *name,
				     bool ecmp, struct mcr_deltas *out,
				     struct mcr_errbuf *eb)
{
	struct tent *te = tab_find(c, name, NULL);

	if (!te)
		return mcr_error(eb, MCR_ENOENT, "no route table %s",
				 name ? name : "");
	begin(c, out);
	mcr_rtable_set_ecmp(te->t, ecmp);
	return end(c);
}

enum mcr_err mcr_core_table_set_policy(struct mcr_core *c, const char *name,
				       enum mcr_conflict_policy p,
				       struct mcr_deltas *out,
				       struct mcr_errbuf *eb)
{
	struct tent *te = tab_find(c, name, NULL);

	if (!te)
		return mcr_error(eb, MCR_ENOENT, "no route table %s",
				 name ? name : "");
	if ((unsigned)p >= MCR_CONFLICT_POLICY_MAX)
		return mcr_error(eb, MCR_EINVAL, "unknown conflict policy %d",
				 p);
	begin(c, out);
	mcr_rtable_set_policy(te->t, p);
	return end(c);
}

enum mcr_err mcr_core_table_protect(struct mcr_core *c, const char *name,
				    const struct mcr_prefix *p, bool add,
				    struct mcr_deltas *out,
				    struct mcr_errbuf *eb)
{
	struct tent *te = tab_find(c, name, NULL);
	enum mcr_err err;

	if (!te)
		return mcr_error(eb, MCR_ENOENT, "no route table %s",
				 name ? name : "");
	err = check_prefix(p, eb);
	if (err)
		return err;
	err = add ? mcr_rtable_protect_add(te->t, p, eb)
		  : mcr_rtable_protect_del(te->t, p, eb);
	if (err)
		return err;
	begin(c, out);
	for (size_t i = 0; i < c->natt; i++)
		if (c->att[i]->assoc == te->t)
			mcr_export_invalidate(c->att[i]->e);
	return end(c);
}

static enum mcr_err static_common(struct mcr_core *c, const char *table,
				  const struct mcr_prefix *p,
				  struct tent **te, struct mcr_errbuf *eb)
{
	*te = tab_find(c, table, NULL);
	if (!*te)
		return mcr_error(eb, MCR_ENOENT, "no route table %s",
				 table ? table : "");
	return check_prefix(p, eb);
}

enum mcr_err mcr_core_static_set(struct mcr_core *c, const char *table,
				 const struct mcr_prefix *p,
				 const char *attach, const struct mcr_addr *nh,
				 struct mcr_deltas *out, struct mcr_errbuf *eb)
{
	struct tent *te;
	struct aent *ae;
	enum mcr_err err = static_common(c, table, p, &te, eb);

	if (err)
		return err;
	ae = attach ? att_find(c, attach, NULL) : NULL;
	if (!ae)
		return mcr_error(eb, MCR_ENOENT, "unknown attachment \"%s\"",
				 attach ? attach : "");
	if (nh && nh->family != p->family)
		return mcr_error(eb, MCR_EINVAL,
				 "nexthop is not of the prefix's family");
	if (mcr_rtable_static_find(te->t, p, NULL, NULL) == MCR_RK_BLACKHOLE)
		return mcr_rtable_static_set(te->t, p, mcr_attach_rsrc(ae->a),
					     nh, eb);
	begin(c, out);
	mcr_rtable_static_set(te->t, p, mcr_attach_rsrc(ae->a), nh, NULL);
	return end(c);
}

enum mcr_err mcr_core_blackhole_set(struct mcr_core *c, const char *table,
				    const struct mcr_prefix *p,
				    struct mcr_deltas *out,
				    struct mcr_errbuf *eb)
{
	struct tent *te;
	enum mcr_err err = static_common(c, table, p, &te, eb);

	if (err)
		return err;
	if (mcr_rtable_static_find(te->t, p, NULL, NULL) == MCR_RK_STATIC)
		return mcr_rtable_blackhole_set(te->t, p, eb);
	begin(c, out);
	mcr_rtable_blackhole_set(te->t, p, NULL);
	return end(c);
}

enum mcr_err mcr_core_static_del(struct mcr_core *c, const char *table,
				 const struct mcr_prefix *p,
				 struct mcr_deltas *out, struct mcr_errbuf *eb)
{
	struct tent *te;
	enum mcr_err err = static_common(c, table, p, &te, eb);

	if (err)
		return err;
	if (mcr_rtable_static_find(te->t, p, NULL, NULL) == MCR_RK_NONE)
		return mcr_rtable_static_del(te->t, p, eb);
	begin(c, out);
	mcr_rtable_static_del(te->t, p, NULL);
	return end(c);
}

/* ---- attachments */

static enum mcr_err resolve_tables(const struct mcr_core *c,
				   const struct mcr_attach_config *cfg,
				   struct aent *tmp, struct mcr_errbuf *eb)
{
	struct tent *te;
	enum mcr_err err = mcr_attach_config_validate(cfg, eb);

	if (err)
		return err;
	tmp->assoc = NULL;
	if (cfg->assoc[0]) {
		te = tab_find(c, cfg->assoc, NULL);
		if (!te)
			return mcr_error(eb, MCR_ENOENT,
					 "associated route table %s does not exist",
					 cfg->assoc);
		tmp->assoc = te->t;
	}
	tmp->nprop = cfg->npropagate;
	for (unsigned i = 0; i < cfg->npropagate; i++) {
		te = tab_find(c, cfg->propagate[i], NULL);
		if (!te)
			return mcr_error(eb, MCR_ENOENT,
					 "propagation route table %s does not exist",
					 cfg->propagate[i]);
		tmp->prop[i] = te->t;
	}
	return MCR_OK;
}

enum mcr_err mcr_core_attach_add(struct mcr_core *c, const char *name,
				 const struct mcr_attach_config *cfg,
				 struct mcr_deltas *out, struct mcr_errbuf *eb)
{
	struct aent tmp, *ae;
	size_t pos;
	enum mcr_err err;

	if (!mcr_name_valid(name))
		return mcr_error(eb, MCR_EINVAL, "invalid attachment name");
	if (!cfg)
		return mcr_error(eb, MCR_EINVAL, "no configuration");
	if (att_find(c, name, &pos))
		return mcr_error(eb, MCR_EEXIST, "attachment %s exists", name);
	err = resolve_tables(c, cfg, &tmp, eb);
	if (err)
		return err;
	begin(c, out);
	ae = mcr_calloc(MCR_MT_PIPELINE, 1, sizeof(*ae));
	*ae = tmp;
	ae->id = name_intern(c, name);
	ae->name = c->names[ae->id];
	ae->a = mcr_attach_new_in(name, cfg, c->grp);
	ae->self = mcr_attach_rsrc(ae->a);
	mcr_attach_set_owner(ae->a, ae);
	ae->e = mcr_export_new(name, mcr_attach_rsrc(ae->a));
	mcr_export_set_limits(ae->e, cfg->profile.out_limit);
	mcr_export_set_table(ae->e, ae->assoc);
	VEC_PUSH(c->att, c->natt, c->capatt, NULL);
	memmove(&c->att[pos + 1], &c->att[pos],
		(c->natt - 1 - pos) * sizeof(c->att[0]));
	c->att[pos] = ae;
	att_renumber(c);
	assoc_rebuild(c);
	return end(c);
}

static int deact_cb(struct mcr_rin *r, void *arg)
{
	void **a = arg;

	if (r->in_tables)
		deactivate(a[0], a[1], r);
	return 0;
}

static void deactivate_all(struct mcr_core *c, struct aent *ae)
{
	void *a[2] = {c, ae};

	mcr_attach_rin_walk(ae->a, MCR_AF_INET, deact_cb, a);
	mcr_attach_rin_walk(ae->a, MCR_AF_INET6, deact_cb, a);
}

static void touch_statics(struct mcr_core *c, struct aent *ae)
{
	for (size_t i = 0; i < c->ntab; i++)
		mcr_rtable_touch_src(c->tab[i]->t, mcr_attach_rsrc(ae->a));
}

enum mcr_err mcr_core_attach_set(struct mcr_core *c, const char *name,
				 const struct mcr_attach_config *cfg,
				 struct mcr_deltas *out, struct mcr_errbuf *eb)
{
	struct aent tmp, *ae = name ? att_find(c, name, NULL) : NULL;
	enum mcr_err err;

	if (!ae)
		return mcr_error(eb, MCR_ENOENT, "unknown attachment \"%s\"",
				 name ? name : "");
	if (!cfg)
		return mcr_error(eb, MCR_EINVAL, "no configuration");
	err = resolve_tables(c, cfg, &tmp, eb);
	if (err)
		return err;
	begin(c, out);
	deactivate_all(c, ae);
	mcr_export_set_table(ae->e, tmp.assoc);
	mcr_export_set_limits(ae->e, cfg->profile.out_limit);
	mcr_attach_set_config(ae->a, cfg);
	ae->assoc = tmp.assoc;
	assoc_rebuild(c);
	ae->nprop = tmp.nprop;
	memcpy(ae->prop, tmp.prop, sizeof(ae->prop));
	touch_statics(c, ae);
	reeval_attach(c, ae);
	return end(c);
}

enum mcr_err mcr_core_attach_del(struct mcr_core *c, const char *name,
				 struct mcr_deltas *out, struct mcr_errbuf *eb)
{
	size_t pos;
	struct aent *ae = name ? att_find(c, name, &pos) : NULL;

	if (!ae)
		return mcr_error(eb, MCR_ENOENT, "unknown attachment \"%s\"",
				 name ? name : "");
	for (size_t i = 0; i < c->ntab; i++)
		if (mcr_rtable_src_used(c->tab[i]->t, mcr_attach_rsrc(ae->a)))
			return mcr_error(eb, MCR_ECONFLICT,
					 "route table %s has a static route to attachment %s",
					 c->tab[i]->name, name);
	begin(c, out);
	memset(c->ev_cache, 0, sizeof(c->ev_cache));
	mcr_export_clear(ae->e, export_emit, c);
	ae->assoc = NULL;
	assoc_rebuild(c);
	deactivate_all(c, ae);
	finish(c);
	c->out = NULL;
	/* pending deltas for routes waiting for approval are not needed:
	 * the attachment is gone */
	mcr_attach_free(ae->a);
	mcr_export_free(ae->e);
	mcr_free(MCR_MT_PIPELINE, ae, sizeof(*ae));
	memmove(&c->att[pos], &c->att[pos + 1],
		(c->natt - pos - 1) * sizeof(c->att[0]));
	c->natt--;
	att_renumber(c);
	return MCR_OK;
}

static int sync_cb(struct mcr_rin *r, void *arg)
{
	void **a = arg;

	sync_active(a[0], a[1], r);
	return 0;
}

enum mcr_err mcr_core_attach_oper(struct mcr_core *c, const char *name,
				  bool up, struct mcr_deltas *out,
				  struct mcr_errbuf *eb)
{
	struct aent *ae = name ? att_find(c, name, NULL) : NULL;
	void *a[2] = {c, ae};

	if (!ae)
		return mcr_error(eb, MCR_ENOENT, "unknown attachment \"%s\"",
				 name ? name : "");
	begin(c, out);
	mcr_attach_set_oper(ae->a, up);
	touch_statics(c, ae);
	mcr_attach_rin_walk(ae->a, MCR_AF_INET, sync_cb, a);
	mcr_attach_rin_walk(ae->a, MCR_AF_INET6, sync_cb, a);
	return end(c);
}

enum mcr_err mcr_core_attach_clear(struct mcr_core *c, const char *name,
				   struct mcr_deltas *out,
				   struct mcr_errbuf *eb)
{
	struct aent *ae = name ? att_find(c, name, NULL) : NULL;

	if (!ae)
		return mcr_error(eb, MCR_ENOENT, "unknown attachment \"%s\"",
				 name ? name : "");
	begin(c, out);
	reeval_attach(c, ae);
	return end(c);
}

enum mcr_err mcr_core_approve(struct mcr_core *c, const char *attach,
			      const struct mcr_prefix *p, bool approve,
			      struct mcr_deltas *out, struct mcr_errbuf *eb)
{
	struct aent *ae = attach ? att_find(c, attach, NULL) : NULL;
	struct mcr_rin *r;
	enum mcr_err err;

	if (!ae)
		return mcr_error(eb, MCR_ENOENT, "unknown attachment \"%s\"",
				 attach ? attach : "");
	err = check_prefix(p, eb);
	if (err)
		return err;
	begin(c, out);
	mcr_attach_approve(ae->a, p, approve);
	r = mcr_attach_rin_find(ae->a, p);
	if (r) {
		enum mcr_reason old = (enum mcr_reason)r->reason;

		set_reason(c, ae, r, old, decide_one(c, ae, r, old), true);
		limit_fixup(c, ae, p->family);
	}
	return end(c);
}

/* After a bogon of family @afi came or went: every route is decided
 * again. */
static enum mcr_err bogons_changed(struct mcr_core *c, unsigned afi)
{
	bogon_map(c, afi);
	for (size_t i = 0; i < c->natt; i++)
		reeval_attach(c, c->att[i]);
	return end(c);
}

enum mcr_err mcr_core_bogon_add(struct mcr_core *c, const struct mcr_prefix *p,
				struct mcr_deltas *out, struct mcr_errbuf *eb)
{
	enum mcr_err err = check_prefix(p, eb);
	char buf[MCR_PREFIX_STRLEN];

	if (err)
		return err;
	if (mcr_trie_find(c->bogon[mcr_afi_of(p->family)], p))
		return mcr_error(eb, MCR_EEXIST, "%s is already a bogon",
				 mcr_prefix2str(p, buf, sizeof(buf)));
	begin(c, out);
	mcr_trie_insert(c->bogon[mcr_afi_of(p->family)], p, &bogon_sentinel);
	return bogons_changed(c, mcr_afi_of(p->family));
}

enum mcr_err mcr_core_bogon_del(struct mcr_core *c, const struct mcr_prefix *p,
				struct mcr_deltas *out, struct mcr_errbuf *eb)
{
	enum mcr_err err = check_prefix(p, eb);
	char buf[MCR_PREFIX_STRLEN];

	if (err)
		return err;
	if (!mcr_trie_find(c->bogon[mcr_afi_of(p->family)], p))
		return mcr_error(eb, MCR_ENOENT, "%s is not a bogon",
				 mcr_prefix2str(p, buf, sizeof(buf)));
	begin(c, out);
	mcr_trie_delete(c->bogon[mcr_afi_of(p->family)], p);
	return bogons_changed(c, mcr_afi_of(p->family));
}

int mcr_core_bogon_walk(const struct mcr_core *c, uint8_t family,
			mcr_rtable_prefix_cb cb, void *arg)
{
	return mcr_trie_walk_prefixes(c->bogon[mcr_afi_of(family)], cb, arg);
}

/* ---- queries */

const struct mcr_attach *mcr_core_attach_find(const struct mcr_core *c,
					      const char *name)
{
	struct aent *ae = name ? att_find(c, name, NULL) : NULL;

	return ae ? ae->a : NULL;
}

const struct mcr_rtable *mcr_core_table_find(const struct mcr_core *c,
					     const char *name)
{
	struct tent *te = name ? tab_find(c, name, NULL) : NULL;

	return te ? te->t : NULL;
}

const struct mcr_export *mcr_core_export_find(const struct mcr_core *c,
					      const char *attach)
{
	struct aent *ae = attach ? att_find(c, attach, NULL) : NULL;

	return ae ? ae->e : NULL;
}

int mcr_core_attach_walk(const struct mcr_core *c, mcr_core_attach_cb cb,
			 void *arg)
{
	for (size_t i = 0; i < c->natt; i++) {
		int r = cb(c->att[i]->a, arg);

		if (r)
			return r;
	}
	return 0;
}

int mcr_core_table_walk(const struct mcr_core *c, mcr_core_table_cb cb,
			void *arg)
{
	for (size_t i = 0; i < c->ntab; i++) {
		int r = cb(c->tab[i]->t, arg);

		if (r)
			return r;
	}
	return 0;
}

static void cf_info(const struct conflict *k, struct mcr_conflict_info *ci)
{
	ci->a = k->a->route.src->name;
	ci->b = k->b->route.src->name;
	ci->pa = k->a->prefix;
	ci->pb = k->b->prefix;
	ci->since = k->since;
}

static int cmp_cf(const void *x, const void *y)
{
	struct mcr_conflict_info a, b;
	int r;

	cf_info(x, &a);
	cf_info(y, &b);
	if ((r = strcmp(a.a, b.a)))
		return r;
	if ((r = mcr_prefix_cmp(&a.pa, &b.pa)))
		return r;
	if ((r = strcmp(a.b, b.b)))
		return r;
	return mcr_prefix_cmp(&a.pb, &b.pb);
}

int mcr_core_conflict_walk(const struct mcr_core *c, mcr_core_conflict_cb cb,
			   void *arg)
{
	struct conflict *v;
	size_t n = 0;
	int r = 0;

	if (!c->ncf)
		return 0;
	v = mcr_malloc(MCR_MT_PIPELINE, c->ncf * sizeof(*v));
	for (const struct conflict *k = c->cf; k; k = k->gnext)
		v[n++] = *k;
	MCR_ASSERT(n == c->ncf);
	qsort(v, c->ncf, sizeof(*v), cmp_cf);
	for (size_t i = 0; i < c->ncf && !r; i++) {
		struct mcr_conflict_info ci;

		cf_info(&v[i], &ci);
		r = cb(&ci, arg);
	}
	mcr_free(MCR_MT_PIPELINE, v, c->ncf * sizeof(*v));
	return r;
}

size_t mcr_core_conflict_count(const struct mcr_core *c)
{
	return c->ncf;
}

const char *mcr_hist_op_name(enum mcr_hist_op op)
{
	switch (op) {
	case MCR_H_ANNOUNCE:
		return "announce";
	case MCR_H_WITHDRAW:
		return "withdraw";
	case MCR_H_REEVAL:
		return "re-evaluated";
	case MCR_H_INSTALL:
		return "installed";
	case MCR_H_UNINSTALL:
		return "uninstalled";
	}
	return "?";
}

int mcr_core_history(const struct mcr_core *c, const struct mcr_prefix *p,
		     mcr_core_history_cb cb, void *arg)
{
	struct hist *h = mcr_trie_find(c->hist[mcr_afi_of(p->family)], p);

	for (unsigned i = 0; h && i < h->n; i++) {
		unsigned k = (h->head + i) % h->cap;
		const struct hent *e = &h->e[k];
		struct mcr_history_entry x;
		int r;

		x.seq = e->seq;
		x.op = (enum mcr_hist_op)(hist_opr(h)[k] >> 4);
		x.attach = e->attach ? c->names[e->attach - 1] : NULL;
		x.table = e->table ? c->names[e->table - 1] : NULL;
		x.reason = (enum mcr_reason)(hist_opr(h)[k] & 0x0f);
		r = cb(&x, arg);
		if (r)
			return r;
	}
	return 0;
}

struct pendwalk {
	const char *name;
	mcr_core_pending_cb cb;
	void *arg;
};

static int pend_cb(const struct mcr_attach_route *r, void *arg)
{
	struct pendwalk *w = arg;

	if (r->reason != MCR_R_PENDING)
		return 0;
	return w->cb(w->name, &r->prefix, w->arg);
}

int mcr_core_pending_walk(const struct mcr_core *c, mcr_core_pending_cb cb,
			  void *arg)
{
	for (size_t i = 0; i < c->natt; i++) {
		struct pendwalk w = {c->att[i]->name, cb, arg};
		int r = mcr_attach_route_walk(c->att[i]->a, MCR_AF_INET,
					      pend_cb, &w);

		if (!r)
			r = mcr_attach_route_walk(c->att[i]->a, MCR_AF_INET6,
						  pend_cb, &w);
		if (r)
			return r;
	}
	return 0;
}

uint64_t mcr_core_seq(const struct mcr_core *c)
{
	return c->seq;
}

/* ---- teardown */

static int hist_free_cb(const struct mcr_prefix *p, void *v, void *arg)
{
	(void)p;
	(void)arg;
	mcr_obj_free(MCR_MT_HISTORY, v, hist_size(((struct hist *)v)->cap));
	return 0;
}

static int gidx_free_cb(const struct mcr_prefix *p, void *v, void *arg)
{
	uintptr_t u = (uintptr_t)v;

	(void)p;
	(void)arg;
	if (u & 1) {
		size_t *vec = (size_t *)(u & ~(uintptr_t)1);

		mcr_free(MCR_MT_CONFLICT, vec, (vec[0] + 1) * sizeof(size_t));
	}
	return 0;
}

void mcr_core_free(struct mcr_core *c)
{
	if (!c)
		return;
	/* before the routes they name */
	while (c->cf) {
		struct conflict *k = c->cf;

		cf_unlink(c, k);
		mcr_obj_free(MCR_MT_CONFLICT, k, sizeof(*k));
	}
	for (size_t i = 0; i < c->natt; i++) {
		mcr_attach_free(c->att[i]->a);
		mcr_export_free(c->att[i]->e);
		mcr_free(MCR_MT_PIPELINE, c->att[i], sizeof(*c->att[i]));
	}
	for (size_t i = 0; i < c->ntab; i++) {
		mcr_rtable_free(c->tab[i]->t);
		mcr_free(MCR_MT_PIPELINE, c->tab[i]->assoc,
			 c->tab[i]->capassoc * sizeof(*c->tab[i]->assoc));
		mcr_free(MCR_MT_PIPELINE, c->tab[i], sizeof(*c->tab[i]));
	}
	for (int i = 0; i < MCR_AFI_MAX; i++) {
		mcr_trie_walk(c->hist[i], hist_free_cb, NULL);
		mcr_trie_walk(c->gidx[i], gidx_free_cb, NULL);
		mcr_trie_free(c->hist[i]);
		mcr_trie_free(c->gidx[i]);
		mcr_trie_free(c->bogon[i]);
		mcr_trie_group_free(c->grp[i]);
	}
	for (size_t i = 0; i < c->nnames; i++)
		mcr_strfree(MCR_MT_PIPELINE, c->names[i]);
	mcr_free(MCR_MT_PIPELINE, c->names, c->capnames * sizeof(*c->names));
	mcr_free(MCR_MT_PIPELINE, c->att, c->capatt * sizeof(*c->att));
	mcr_free(MCR_MT_PIPELINE, c->tab, c->captab * sizeof(*c->tab));
	mcr_free(MCR_MT_PIPELINE, c->res, c->capres * sizeof(*c->res));
	mcr_free(MCR_MT_PIPELINE, c->touched,
		 c->captouched * sizeof(*c->touched));
	mcr_free(MCR_MT_PIPELINE, c->zombies,
		 c->capzombies * sizeof(*c->zombies));
	mcr_free(MCR_MT_PIPELINE, c->xc, c->capxc * sizeof(*c->xc));
	mcr_free(MCR_MT_PIPELINE, c->xv, c->capxv * sizeof(*c->xv));
	mcr_free(MCR_MT_PIPELINE, c, sizeof(*c));
}
