/*
 * Randomized differential test of the libmcr pipeline (lib/pipeline.c and
 * everything under it) against a brute-force reference model.
 *
 * Long random event sequences -- route add/withdraw from several
 * attachments with overlapping IPv4 and IPv6 prefixes, attachment up/down,
 * config changes (limits and actions, approval mode, redundancy groups,
 * preferences, prefix-length range, default-route policy, tables),
 * approve/revoke, conflict policies, ECMP, static and blackhole routes,
 * protected prefixes, bogons, attachment delete/re-add, kernel table ids,
 * and bad input -- are applied both to a struct mcr_core and to the
 * reference model below, which keeps nothing but flat arrays and
 * recomputes every table, conflict and export from scratch after each
 * event, straight from the rules written in mcr/pipeline.h,
 * mcr/rtable.h and mcr/export.h.
 *
 * After every event the test compares:
 *   - each table's selection per prefix (kind, sources, nexthops);
 *   - the same, as rebuilt from the ROUTE_* deltas alone (a shadow FIB:
 *     every install must change something, every withdraw must remove
 *     something);
 *   - the conflict set;
 *   - every RIB-in entry's decision (reason, active) and the counters;
 *   - each export as rebuilt from the EXPORT_* deltas against
 *     mcr_export_walk, and against the reference want set when it fits
 *     the outbound limit;
 * and checks the invariants: no table selects a route the pipeline
 * refused; no summarized export exceeds its limit, misses a wanted
 * route, or covers protected or elsewhere-routed space; bad input
 * returns an error, emits nothing and changes nothing.  At the end every
 * route and static is withdrawn: tables, conflicts and exports are empty,
 * and after mcr_core_free no memory is in use.
 *
 * Seeds are fixed (SEEDS below); a failure prints the seed, the event
 * number and the event, so it replays exactly.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcr/mem.h"
#include "mcr/pipeline.h"

#define NEVENTS 3000
static const uint64_t SEEDS[] = {1, 2, 3, 20260101, 77};

#define NT 3
#define NA 5
#define MAXR 48
#define MAXS 32
#define MAXB 32
#define BUFSZ 32768

/* Assertions that cost nothing when they hold (Check's ck_assert records
 * its location on every call, which would dominate the run time). */
static uint64_t cur_seed;
static unsigned cur_event;
static char cur_desc[256];

#define REQ(cond)                                                              \
	do {                                                                   \
		if (!(cond))                                                   \
			ck_abort_msg("seed %llu event %u (%s): %s",            \
				     (unsigned long long)cur_seed, cur_event,  \
				     cur_desc, #cond);                         \
	} while (0)
#define REQ_EQ(a, b)                                                           \
	do {                                                                   \
		long long a_ = (long long)(a), b_ = (long long)(b);            \
		if (a_ != b_)                                                  \
			ck_abort_msg("seed %llu event %u (%s): %s == %s "     \
				     "(%lld != %lld)",                         \
				     (unsigned long long)cur_seed, cur_event,  \
				     cur_desc, #a, #b, a_, b_);                \
	} while (0)

/* ---- random numbers (xorshift64*) */

static uint64_t rng;

static unsigned rnd(unsigned n)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (unsigned)((rng * 2685821657736338717ull) >> 33) % n;
}

/* ---- fixed universe */

static const char *const tname[NT] = {"t1", "t2", "t3"};
static const char *const aname[NA] = {"aws", "az", "gcp", "onprem", "tun"};
static const enum mcr_provider aprov[NA] = {
	MCR_PROV_AWS_DX, MCR_PROV_AZURE_ER, MCR_PROV_GCP_VPN, MCR_PROV_GENERIC,
	MCR_PROV_AWS_VPN};

static const char *const pool_s[] = {
	"10.0.0.0/8",	   "10.0.0.0/16",    "10.1.0.0/16",	 "10.0.0.0/24",
	"10.0.1.0/24",	   "10.1.2.0/24",    "10.0.0.128/25",	 "10.0.0.0/30",
	"0.0.0.0/0",	   "192.0.2.0/24",   "172.16.0.0/12",	 "172.16.5.0/24",
	"10.0.2.0/23",	   "10.0.3.0/24",    "2600::/16",	 "2600:1::/32",
	"2600:1:2::/48",   "2600:1:2:3::/64", "::/0",		 "2001:db8::/32",
	"fd00::/8",	   "fd00:1::/32",    "2600:1::/96",	 "2600:2::/32",
};
#define NPOOL (sizeof(pool_s) / sizeof(pool_s[0]))
static struct mcr_prefix pool[NPOOL];

/* extra bogon candidates (beyond the defaults) */
static const char *const bogon_s[] = {"10.1.0.0/16", "172.16.0.0/12",
				      "2600:1::/32", "10.0.0.0/24",
				      "192.0.2.0/24", "fd00::/8"};
#define NBOGONC (sizeof(bogon_s) / sizeof(bogon_s[0]))
static struct mcr_prefix bogonc[NBOGONC];

static const char *const nh4_s[] = {"192.168.0.1", "192.168.0.2",
				    "169.254.0.1"};
static const char *const nh6_s[] = {"fd00::1", "fd00::2", "fe80::9"};
static struct mcr_addr nh4[3], nh6[3];

/* ---- the reference model */

struct ref_route {
	struct mcr_prefix p;
	struct mcr_addr nh[2];
	unsigned nnh;
	uint32_t metric, tag;
	uint64_t seq;
	enum mcr_reason reason;
};

struct ref_att {
	bool exists;
	struct mcr_attach_config cfg;
	bool oper;
	struct ref_route rib[MAXR];
	unsigned n;
	struct mcr_prefix appr[NPOOL + 4];
	unsigned nappr;
};

struct ref_static {
	struct mcr_prefix p;
	bool blackhole;
	int att;
	struct mcr_addr nh;
};

struct ref_table {
	uint32_t kid;
	bool ecmp;
	enum mcr_conflict_policy pol;
	struct ref_static st[MAXS];
	unsigned nst;
	struct mcr_prefix prot[MAXS];
	unsigned nprot;
};

struct ref {
	struct ref_table t[NT];
	struct ref_att a[NA];
	struct mcr_prefix bogon[MAXB];
	unsigned nbogon;
	uint64_t rseq;
};

static struct ref R;

static bool ref_up(int ai)
{
	return R.a[ai].exists && R.a[ai].cfg.admin_up && R.a[ai].oper;
}

static uint32_t ref_pref(int ai)
{
	const struct mcr_attach_config *c = &R.a[ai].cfg;

	if (c->preference)
		return c->preference;
	switch (c->profile.link_class) {
	case MCR_CLASS_DIRECT:
		return 100;
	case MCR_CLASS_CONNECT:
		return 200;
	case MCR_CLASS_VPN:
		return 300;
	default:
		return 400;
	}
}

static bool ref_same_group(int a, int b)
{
	return a == b || (R.a[a].cfg.redgroup[0] &&
			  !strcmp(R.a[a].cfg.redgroup, R.a[b].cfg.redgroup));
}

static bool ref_approved(int ai, const struct mcr_prefix *p)
{
	for (unsigned i = 0; i < R.a[ai].nappr; i++)
		if (mcr_prefix_equal(&R.a[ai].appr[i], p))
			return true;
	return false;
}

/* Steps 1-2 of pipeline.h. */
static enum mcr_reason ref_filter(int ai, const struct mcr_prefix *p)
{
	const struct mcr_attach_config *c = &R.a[ai].cfg;
	int afi = p->family == MCR_AF_INET ? 0 : 1;

	for (unsigned i = 0; i < R.nbogon; i++)
		if (mcr_prefix_covers(&R.bogon[i], p))
			return MCR_R_BOGON;
	if (p->len == 0) {
		if (c->profile.defroute != MCR_DEFROUTE_ACCEPT)
			return MCR_R_DEFAULT_ROUTE;
	} else if (p->len < c->profile.minlen[afi] ||
		   p->len > c->profile.maxlen[afi]) {
		return MCR_R_PREFIX_LEN;
	}
	if (c->approval == MCR_APPROVAL_MANUAL && !ref_approved(ai, p))
		return MCR_R_PENDING;
	return MCR_R_NONE;
}

static struct ref_route *ref_rin(int ai, const struct mcr_prefix *p)
{
	for (unsigned i = 0; i < R.a[ai].n; i++)
		if (mcr_prefix_equal(&R.a[ai].rib[i].p, p))
			return &R.a[ai].rib[i];
	return NULL;
}

static unsigned ref_count(int ai, uint8_t fam, enum mcr_reason reason)
{
	unsigned n = 0;

	for (unsigned i = 0; i < R.a[ai].n; i++)
		n += R.a[ai].rib[i].p.family == fam &&
		     R.a[ai].rib[i].reason == reason;
	return n;
}

/* withdraw-all is a function of the state: tripped iff the routes passing
 * steps 1-2 exceed the limit. */
static void ref_wa_fix(int ai, uint8_t fam)
{
	const struct mcr_attach_config *c = &R.a[ai].cfg;
	uint32_t limit = c->profile.in_limit[fam == MCR_AF_INET ? 0 : 1];
	unsigned cand = 0;

	if (c->profile.limit_action != MCR_LIMIT_WITHDRAW_ALL)
		return;
	for (unsigned i = 0; i < R.a[ai].n; i++)
		if (R.a[ai].rib[i].p.family == fam &&
		    ref_filter(ai, &R.a[ai].rib[i].p) == MCR_R_NONE)
			cand++;
	for (unsigned i = 0; i < R.a[ai].n; i++)
		if (R.a[ai].rib[i].p.family == fam &&
		    ref_filter(ai, &R.a[ai].rib[i].p) == MCR_R_NONE)
			R.a[ai].rib[i].reason =
				cand > limit ? MCR_R_LIMIT : MCR_R_NONE;
}

/* A route (re)announced, or its approval changed. @fresh: new entry. */
static void ref_decide(int ai, struct ref_route *r, bool fresh)
{
	const struct mcr_attach_config *c = &R.a[ai].cfg;
	uint32_t limit = c->profile.in_limit[r->p.family == MCR_AF_INET ? 0
									  : 1];
	enum mcr_reason f = ref_filter(ai, &r->p);

	if (f == MCR_R_NONE &&
	    c->profile.limit_action == MCR_LIMIT_DROP_EXCESS &&
	    (fresh || r->reason != MCR_R_NONE) &&
	    ref_count(ai, r->p.family, MCR_R_NONE) >= limit)
		f = MCR_R_LIMIT;
	r->reason = f;
	ref_wa_fix(ai, r->p.family);
}

/* Re-decide everything of @ai in arrival order (config change, clear). */
static void ref_reeval(int ai)
{
	struct ref_att *a = &R.a[ai];

	for (int afi = 0; afi < 2; afi++) {
		uint8_t fam = afi ? MCR_AF_INET6 : MCR_AF_INET;
		uint32_t limit = a->cfg.profile.in_limit[afi];
		unsigned acc = 0;
		uint64_t last = 0;

		/* in seq order: repeatedly take the smallest seq > last */
		for (;;) {
			struct ref_route *r = NULL;

			for (unsigned i = 0; i < a->n; i++)
				if (a->rib[i].p.family == fam &&
				    a->rib[i].seq > last &&
				    (!r || a->rib[i].seq < r->seq))
					r = &a->rib[i];
			if (!r)
				break;
			last = r->seq;
			r->reason = ref_filter(ai, &r->p);
			if (r->reason == MCR_R_NONE &&
			    a->cfg.profile.limit_action ==
				    MCR_LIMIT_DROP_EXCESS) {
				if (acc >= limit)
					r->reason = MCR_R_LIMIT;
				else
					acc++;
			}
		}
		ref_wa_fix(ai, fam);
	}
}

static bool ref_propagates(int ai, int ti)
{
	const struct mcr_attach_config *c = &R.a[ai].cfg;

	for (unsigned i = 0; i < c->npropagate; i++)
		if (!strcmp(c->propagate[i], tname[ti]))
			return true;
	return false;
}

static int ref_assoc(int ai)
{
	for (int ti = 0; ti < NT; ti++)
		if (!strcmp(R.a[ai].cfg.assoc, tname[ti]))
			return ti;
	return -1;
}

/* A propagated candidate of a table. */
struct cand {
	int ai;
	const struct ref_route *r;
	bool excl;
};

/* mcr/rtable.h conflict policies: does @s make @r lose? */
static bool ref_beats(enum mcr_conflict_policy pol, const struct cand *s,
		      const struct cand *r)
{
	switch (pol) {
	case MCR_CONFLICT_PREFER_ATTACHMENT:
		if (ref_pref(s->ai) != ref_pref(r->ai))
			return ref_pref(s->ai) < ref_pref(r->ai);
		return strcmp(aname[s->ai], aname[r->ai]) < 0;
	case MCR_CONFLICT_FIRST_WINS:
		return s->r->seq < r->r->seq;
	case MCR_CONFLICT_REJECT_BOTH:
		return true;
	default:
		return false;
	}
}

/* One selected prefix of a table, as a comparable line. */
struct selline {
	struct mcr_prefix p;
	char s[256];
	/* for exports: kind and whether attachment i is a selected source */
	enum mcr_route_kind kind;
	bool has[NA];
};

static int selline_cmp(const void *x, const void *y)
{
	return mcr_prefix_cmp(&((const struct selline *)x)->p,
			      &((const struct selline *)y)->p);
}

static void fmt_nhs(char *buf, size_t size, const struct mcr_addr *nh,
		    unsigned n)
{
	size_t off = 0;

	buf[0] = 0;
	for (unsigned i = 0; i < n && off < size; i++) {
		char a[MCR_ADDR_STRLEN];

		if (nh[i].family)
			mcr_addr2str(&nh[i], a, sizeof(a));
		else
			strcpy(a, "-");
		off += (size_t)snprintf(buf + off, size - off, "%s%s",
					i ? "," : "", a);
	}
}

static int cand_name_cmp(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;

	return strcmp(aname[a->ai], aname[b->ai]);
}

/* The reference selection of table @ti, sorted by prefix. */
static size_t ref_select(int ti, struct selline *out, size_t max)
{
	const struct ref_table *t = &R.t[ti];
	struct cand c[NA * MAXR];
	struct mcr_prefix pfx[NA * MAXR + MAXS];
	size_t nc = 0, np = 0, nout = 0;

	for (int ai = 0; ai < NA; ai++) {
		if (!ref_up(ai) || !ref_propagates(ai, ti))
			continue;
		for (unsigned i = 0; i < R.a[ai].n; i++)
			if (R.a[ai].rib[i].reason == MCR_R_NONE) {
				c[nc].ai = ai;
				c[nc].r = &R.a[ai].rib[i];
				c[nc].excl = false;
				nc++;
			}
	}
	for (size_t i = 0; i < nc; i++) {
		if (t->pol == MCR_CONFLICT_REPORT)
			break;
		for (size_t j = 0; j < nc; j++)
			if (!ref_same_group(c[i].ai, c[j].ai) &&
			    mcr_prefix_overlaps(&c[i].r->p, &c[j].r->p) &&
			    ref_beats(t->pol, &c[j], &c[i]))
				c[i].excl = true;
	}
	/* prefixes */
	for (size_t i = 0; i < nc; i++)
		pfx[np++] = c[i].r->p;
	for (unsigned i = 0; i < t->nst; i++)
		pfx[np++] = t->st[i].p;
	for (size_t i = 0; i < np; i++) {
		const struct mcr_prefix *p = &pfx[i];
		struct selline *l;
		const struct ref_static *st = NULL;
		struct cand win[NA];
		size_t nwin = 0;
		bool dup = false;

		for (size_t j = 0; j < i; j++)
			if (mcr_prefix_equal(&pfx[j], p))
				dup = true;
		if (dup)
			continue;
		for (unsigned j = 0; j < t->nst; j++)
			if (mcr_prefix_equal(&t->st[j].p, p))
				st = &t->st[j];
		REQ(nout < max);
		l = &out[nout];
		memset(l, 0, sizeof(*l));
		l->p = *p;
		if (st && st->blackhole) {
			l->kind = MCR_RK_BLACKHOLE;
			snprintf(l->s, sizeof(l->s), "blackhole");
			nout++;
			continue;
		}
		if (st && ref_up(st->att)) {
			char nb[64];

			l->kind = MCR_RK_STATIC;
			l->has[st->att] = true;
			fmt_nhs(nb, sizeof(nb), &st->nh, 1);
			snprintf(l->s, sizeof(l->s), "static %s[%s]",
				 aname[st->att], nb);
			nout++;
			continue;
		}
		for (size_t j = 0; j < nc; j++) {
			const struct cand *x = &c[j];

			if (x->excl || !mcr_prefix_equal(&x->r->p, p))
				continue;
			if (nwin) {
				uint32_t pb = ref_pref(win[0].ai),
					 px = ref_pref(x->ai);

				if (px > pb ||
				    (px == pb && x->r->metric > win[0].r->metric))
					continue;
				if (px < pb || x->r->metric < win[0].r->metric)
					nwin = 0;
			}
			win[nwin++] = *x;
		}
		if (!nwin)
			continue;
		qsort(win, nwin, sizeof(win[0]), cand_name_cmp);
		if (!t->ecmp)
			nwin = 1;
		l->kind = MCR_RK_PROPAGATED;
		{
			size_t off = (size_t)snprintf(
				l->s, sizeof(l->s), "propagated m%u t%u",
				win[0].r->metric, win[0].r->tag);

			for (size_t j = 0; j < nwin; j++) {
				char nb[128];

				l->has[win[j].ai] = true;
				fmt_nhs(nb, sizeof(nb), win[j].r->nh,
					win[j].r->nnh);
				off += (size_t)snprintf(l->s + off,
							sizeof(l->s) - off,
							" %s[%s]",
							aname[win[j].ai], nb);
			}
		}
		nout++;
	}
	qsort(out, nout, sizeof(out[0]), selline_cmp);
	return nout;
}

static int str_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* ---- the system under test, and its observation */

static struct mcr_core *core;
static struct mcr_deltas d;

/* shadow state rebuilt from deltas only */
struct sh_fib {
	struct mcr_prefix p[NA * MAXR + MAXS];
	char s[NA * MAXR + MAXS][512];
	size_t n;
};
static struct sh_fib fib[NT];

struct sh_exp {
	struct mcr_prefix p[NPOOL * 2 + 8];
	bool summary[NPOOL * 2 + 8];
	size_t n;
};
static struct sh_exp xp[NA];

/* Probe mode (reference_detects_difference): record instead of abort. */
static bool probe, probe_failed;

static void failf(const char *what, const char *got, const char *want)
{
	if (probe) {
		probe_failed = true;
		return;
	}
	fprintf(stderr,
		"seed %llu event %u (%s): %s\n--- libmcr:\n%s\n--- reference:\n%s\n",
		(unsigned long long)cur_seed, cur_event, cur_desc, what, got,
		want);
	ck_abort_msg("seed %llu event %u (%s): %s", (unsigned long long)cur_seed,
		     cur_event, cur_desc, what);
}

static int tidx(const char *name)
{
	for (int i = 0; i < NT; i++)
		if (name && !strcmp(name, tname[i]))
			return i;
	ck_abort_msg("unknown table %s", name ? name : "(null)");
	return -1;
}

static int aidx(const char *name)
{
	for (int i = 0; i < NA; i++)
		if (name && !strcmp(name, aname[i]))
			return i;
	ck_abort_msg("unknown attachment %s", name ? name : "(null)");
	return -1;
}

/* Selection line of libmcr for a route-install delta or a selection. */
static void sel_line(const struct mcr_rsel *s, char *buf, size_t size)
{
	size_t off;

	if (s->kind == MCR_RK_BLACKHOLE) {
		snprintf(buf, size, "blackhole");
		return;
	}
	if (s->kind == MCR_RK_STATIC) {
		char nb[64];

		fmt_nhs(nb, sizeof(nb), &s->static_nh, 1);
		snprintf(buf, size, "static %s[%s]", s->src[0]->name, nb);
		return;
	}
	off = (size_t)snprintf(buf, size, "%s m%u t%u",
			       mcr_route_kind_name(s->kind),
			       s->n ? s->route[0]->metric : 0,
			       s->n ? s->route[0]->tag : 0);
	for (unsigned i = 0; i < s->n; i++) {
		char nb[128];

		fmt_nhs(nb, sizeof(nb), s->route[i]->nh, s->route[i]->nnh);
		off += (size_t)snprintf(buf + off, size - off, " %s[%s]",
					s->src[i]->name, nb);
	}
}

static void delta_line(const struct mcr_delta *x, char *buf, size_t size)
{
	size_t off;
	const char *last = NULL;

	if (x->kind == MCR_RK_BLACKHOLE) {
		snprintf(buf, size, "%u blackhole", x->kernel_id);
		return;
	}
	off = (size_t)snprintf(buf, size, "%u %s", x->kernel_id,
			       mcr_route_kind_name(x->kind));
	if (x->kind == MCR_RK_PROPAGATED)
		off += (size_t)snprintf(buf + off, size - off, " m%u t%u",
					x->metric, x->tag);
	/* nexthops come grouped per source in selection order */
	for (unsigned i = 0; i < x->nnh; i++) {
		char a[MCR_ADDR_STRLEN];

		if (x->nh[i].addr.family)
			mcr_addr2str(&x->nh[i].addr, a, sizeof(a));
		else
			strcpy(a, "-");
		if (!last || strcmp(last, x->nh[i].attach))
			off += (size_t)snprintf(buf + off, size - off,
						"%s %s[%s", last ? "]" : "",
						x->nh[i].attach, a);
		else
			off += (size_t)snprintf(buf + off, size - off, ",%s",
						a);
		last = x->nh[i].attach;
	}
	if (last)
		snprintf(buf + off, size - off, "]");
}

/* Apply the deltas of one call to the shadow FIB and exports. */
static void shadow_apply(void)
{
	char got[512], pb[MCR_PREFIX_STRLEN];

	for (size_t i = 0; i < d.n; i++) {
		const struct mcr_delta *x = &d.v[i];
		size_t k;

		if (x->type == MCR_D_ROUTE_INSTALL ||
		    x->type == MCR_D_ROUTE_WITHDRAW) {
			struct sh_fib *f = &fib[tidx(x->table)];

			for (k = 0; k < f->n; k++)
				if (mcr_prefix_equal(&f->p[k], &x->prefix))
					break;
			if (x->type == MCR_D_ROUTE_WITHDRAW) {
				if (k == f->n) {
					mcr_delta_format(x, got, sizeof(got));
					failf("withdraw of a route not installed",
					      got, "");
				}
				f->p[k] = f->p[f->n - 1];
				memcpy(f->s[k], f->s[f->n - 1],
				       sizeof(f->s[k]));
				f->n--;
				continue;
			}
			delta_line(x, got, sizeof(got));
			if (k < f->n && !strcmp(f->s[k], got)) {
				char full[600];

				snprintf(full, sizeof(full), "%s %s", x->table,
					 mcr_prefix2str(&x->prefix, pb,
							sizeof(pb)));
				failf("install that changes nothing", full,
				      got);
			}
			if (k == f->n) {
				REQ(f->n < NA * MAXR + MAXS);
				f->p[f->n++] = x->prefix;
			}
			snprintf(f->s[k], sizeof(f->s[k]), "%s", got);
		} else if (x->type == MCR_D_EXPORT_STATUS) {
			if (x->family != MCR_AF_INET &&
			    x->family != MCR_AF_INET6) {
				mcr_delta_format(x, got, sizeof(got));
				failf("export status without a family", got,
				      "");
			}
		} else if (x->type == MCR_D_EXPORT_ADD ||
			   x->type == MCR_D_EXPORT_DEL) {
			struct sh_exp *e = &xp[aidx(x->attach)];

			for (k = 0; k < e->n; k++)
				if (mcr_prefix_equal(&e->p[k], &x->prefix))
					break;
			mcr_delta_format(x, got, sizeof(got));
			if (x->type == MCR_D_EXPORT_DEL) {
				if (k == e->n)
					failf("export-del of a prefix not sent",
					      got, "");
				e->p[k] = e->p[e->n - 1];
				e->summary[k] = e->summary[e->n - 1];
				e->n--;
				continue;
			}
			if (k < e->n && e->summary[k] == x->summary)
				failf("export-add that changes nothing", got,
				      "");
			if (k == e->n) {
				REQ(e->n < NPOOL * 2 + 8);
				e->p[e->n++] = x->prefix;
			}
			e->summary[k] = x->summary;
		}
	}
}

struct walkbuf {
	char *buf;
	size_t off, size;
	const struct mcr_core *c;
	struct selline *lines;
	size_t n, max;
};

static int table_walk_cb(const struct mcr_prefix *p,
			 const struct mcr_rsel *s, void *arg)
{
	struct walkbuf *w = arg;
	struct selline *l;

	REQ(w->n < w->max);
	l = &w->lines[w->n++];
	memset(l, 0, sizeof(*l));
	l->p = *p;
	l->kind = s->kind;
	sel_line(s, l->s, sizeof(l->s));
	for (unsigned i = 0; i < s->n; i++)
		l->has[aidx(s->src[i]->name)] = true;
	return 0;
}

/* libmcr's selection of table @ti, both families, in prefix order. */
static size_t sut_select(int ti, struct selline *out, size_t max)
{
	const struct mcr_rtable *t = mcr_core_table_find(core, tname[ti]);
	struct walkbuf w = {.lines = out, .max = max};

	REQ(t != NULL);
	mcr_rtable_walk(t, MCR_AF_INET, table_walk_cb, &w);
	mcr_rtable_walk(t, MCR_AF_INET6, table_walk_cb, &w);
	return w.n;
}

static void lines_str(const struct selline *l, size_t n, char *buf,
		      size_t size)
{
	size_t off = 0;

	buf[0] = 0;
	for (size_t i = 0; i < n && off < size; i++) {
		char pb[MCR_PREFIX_STRLEN];

		off += (size_t)snprintf(buf + off, size - off, "%s %s\n",
					mcr_prefix2str(&l[i].p, pb, sizeof(pb)),
					l[i].s);
	}
}

static char gbuf[BUFSZ], wbuf[BUFSZ];
static struct selline sut_l[NT][NA * MAXR + MAXS], ref_l[NT][NA * MAXR + MAXS];
static size_t sut_n[NT], ref_n[NT];

static void check_tables(void)
{
	for (int ti = 0; ti < NT; ti++) {
		const struct mcr_rtable *t = mcr_core_table_find(core, tname[ti]);
		struct sh_fib *f = &fib[ti];
		char what[64];

		sut_n[ti] = sut_select(ti, sut_l[ti], NA * MAXR + MAXS);
		ref_n[ti] = ref_select(ti, ref_l[ti], NA * MAXR + MAXS);
		lines_str(sut_l[ti], sut_n[ti], gbuf, sizeof(gbuf));
		lines_str(ref_l[ti], ref_n[ti], wbuf, sizeof(wbuf));
		snprintf(what, sizeof(what), "table %s selection", tname[ti]);
		if (strcmp(gbuf, wbuf))
			failf(what, gbuf, wbuf);
		if (mcr_rtable_count(t, MCR_AF_INET) +
			    mcr_rtable_count(t, MCR_AF_INET6) !=
		    sut_n[ti])
			failf("mcr_rtable_count", "", "");
		/* the shadow FIB built from the deltas agrees */
		{
			size_t off = 0;
			struct selline tmp[NA * MAXR + MAXS];

			for (size_t i = 0; i < f->n; i++) {
				tmp[i].p = f->p[i];
				snprintf(tmp[i].s, sizeof(tmp[i].s), "%s",
					 f->s[i]);
			}
			qsort(tmp, f->n, sizeof(tmp[0]), selline_cmp);
			lines_str(tmp, f->n, gbuf, sizeof(gbuf));
			for (size_t i = 0; i < ref_n[ti] && off < sizeof(wbuf);
			     i++) {
				char pb[MCR_PREFIX_STRLEN];

				off += (size_t)snprintf(
					wbuf + off, sizeof(wbuf) - off,
					"%s %u %s\n",
					mcr_prefix2str(&ref_l[ti][i].p, pb,
						       sizeof(pb)),
					R.t[ti].kid, ref_l[ti][i].s);
			}
			snprintf(what, sizeof(what),
				 "table %s as told by deltas", tname[ti]);
			if (strcmp(gbuf, wbuf))
				failf(what, gbuf, wbuf);
		}
		/* invariant: nothing refused is in a table */
		for (size_t i = 0; i < sut_n[ti]; i++) {
			if (sut_l[ti][i].kind != MCR_RK_PROPAGATED)
				continue;
			for (int ai = 0; ai < NA; ai++) {
				struct mcr_attach_route ar;

				if (!sut_l[ti][i].has[ai])
					continue;
				REQ(mcr_attach_route_find( mcr_core_attach_find(core, aname[ai]), &sut_l[ti][i].p, &ar));
				if (ar.reason != MCR_R_NONE || !ar.active)
					failf("table holds a refused route",
					      sut_l[ti][i].s,
					      mcr_reason_name(ar.reason));
			}
		}
	}
}

static char *cf_lines[NA * MAXR * NA * MAXR];

static int conflict_cb(const struct mcr_conflict_info *ci, void *arg)
{
	size_t *n = arg;
	char a[MCR_PREFIX_STRLEN], b[MCR_PREFIX_STRLEN], buf[256];

	snprintf(buf, sizeof(buf), "%s %s %s %s", ci->a,
		 mcr_prefix2str(&ci->pa, a, sizeof(a)), ci->b,
		 mcr_prefix2str(&ci->pb, b, sizeof(b)));
	cf_lines[(*n)++] = strdup(buf);
	return 0;
}

static void join_free(char **v, size_t n, char *buf, size_t size)
{
	size_t off = 0;

	qsort(v, n, sizeof(v[0]), str_cmp);
	buf[0] = 0;
	for (size_t i = 0; i < n; i++) {
		if (off < size)
			off += (size_t)snprintf(buf + off, size - off, "%s\n",
						v[i]);
		free(v[i]);
	}
}

static void check_conflicts(void)
{
	size_t n = 0;
	char buf[256];

	mcr_core_conflict_walk(core, conflict_cb, &n);
	REQ_EQ(n, mcr_core_conflict_count(core));
	join_free(cf_lines, n, gbuf, sizeof(gbuf));
	n = 0;
	for (int x = 0; x < NA; x++)
		for (int y = x + 1; y < NA; y++) {
			if (!ref_up(x) || !ref_up(y) || ref_same_group(x, y))
				continue;
			for (unsigned i = 0; i < R.a[x].n; i++)
				for (unsigned j = 0; j < R.a[y].n; j++) {
					const struct ref_route *r =
						&R.a[x].rib[i];
					const struct ref_route *s =
						&R.a[y].rib[j];
					char a[MCR_PREFIX_STRLEN],
						b[MCR_PREFIX_STRLEN];

					if (r->reason != MCR_R_NONE ||
					    s->reason != MCR_R_NONE ||
					    !mcr_prefix_overlaps(&r->p, &s->p))
						continue;
					snprintf(buf, sizeof(buf),
						 "%s %s %s %s", aname[x],
						 mcr_prefix2str(&r->p, a,
								sizeof(a)),
						 aname[y],
						 mcr_prefix2str(&s->p, b,
								sizeof(b)));
					cf_lines[n++] = strdup(buf);
				}
		}
	join_free(cf_lines, n, wbuf, sizeof(wbuf));
	if (strcmp(gbuf, wbuf))
		failf("conflicts", gbuf, wbuf);
}

static int rib_cb(const struct mcr_attach_route *r, void *arg)
{
	struct walkbuf *w = arg;
	char pb[MCR_PREFIX_STRLEN];

	w->off += (size_t)snprintf(w->buf + w->off, w->size - w->off,
				   "%s %s%s\n",
				   mcr_prefix2str(&r->prefix, pb, sizeof(pb)),
				   mcr_reason_name(r->reason),
				   r->active ? " active" : "");
	return 0;
}

static int rr_cmp(const void *x, const void *y)
{
	return mcr_prefix_cmp(&((const struct ref_route *)x)->p,
			      &((const struct ref_route *)y)->p);
}

static void check_ribs(void)
{
	for (int ai = 0; ai < NA; ai++) {
		const struct mcr_attach *a = mcr_core_attach_find(core, aname[ai]);
		struct walkbuf w = {.buf = gbuf, .size = sizeof(gbuf)};
		struct ref_route tmp[MAXR];
		size_t off = 0;
		char what[64];

		if (!R.a[ai].exists) {
			REQ(a == NULL);
			continue;
		}
		REQ(a != NULL);
		gbuf[0] = 0;
		mcr_attach_route_walk(a, MCR_AF_INET, rib_cb, &w);
		mcr_attach_route_walk(a, MCR_AF_INET6, rib_cb, &w);
		memcpy(tmp, R.a[ai].rib, R.a[ai].n * sizeof(tmp[0]));
		qsort(tmp, R.a[ai].n, sizeof(tmp[0]), rr_cmp);
		wbuf[0] = 0;
		for (unsigned i = 0; i < R.a[ai].n; i++) {
			char pb[MCR_PREFIX_STRLEN];

			off += (size_t)snprintf(
				wbuf + off, sizeof(wbuf) - off, "%s %s%s\n",
				mcr_prefix2str(&tmp[i].p, pb, sizeof(pb)),
				mcr_reason_name(tmp[i].reason),
				tmp[i].reason == MCR_R_NONE && ref_up(ai)
					? " active"
					: "");
		}
		snprintf(what, sizeof(what), "RIB-in of %s", aname[ai]);
		if (strcmp(gbuf, wbuf))
			failf(what, gbuf, wbuf);
		for (int afi = 0; afi < 2; afi++) {
			uint8_t fam = afi ? MCR_AF_INET6 : MCR_AF_INET;
			struct mcr_attach_counters k;

			mcr_attach_counters(a, fam, &k);
			REQ_EQ(k.accepted, ref_count(ai, fam, MCR_R_NONE));
			REQ_EQ(k.pending, ref_count(ai, fam, MCR_R_PENDING));
			for (int r = MCR_R_BOGON; r < MCR_R_MAX; r++)
				if (r != MCR_R_PENDING)
					REQ_EQ(k.refused[r], ref_count(ai, fam, (enum mcr_reason)r));
		}
	}
}

/* ---- exports */

struct xwalk {
	struct mcr_prefix p[NPOOL * 2 + 8];
	bool summary[NPOOL * 2 + 8];
	size_t n;
};

static int export_cb(const struct mcr_prefix *p, bool summary, void *arg)
{
	struct xwalk *w = arg;

	REQ(w->n < NPOOL * 2 + 8);
	w->p[w->n] = *p;
	w->summary[w->n++] = summary;
	return 0;
}

/* True if the union of @q[0..n) covers all of @r (brute force halving). */
static bool union_covers(const struct mcr_prefix *r,
			 const struct mcr_prefix *q, size_t n)
{
	bool inside = false;

	for (size_t i = 0; i < n; i++) {
		if (mcr_prefix_covers(&q[i], r))
			return true;
		if (mcr_prefix_covers(r, &q[i]))
			inside = true;
	}
	if (!inside || r->len >= mcr_af_maxlen(r->family))
		return false;
	for (int h = 0; h < 2; h++) {
		struct mcr_prefix half = *r;

		half.len++;
		if (h)
			half.addr[r->len / 8] |= (uint8_t)(0x80 >> (r->len % 8));
		if (!union_covers(&half, q, n))
			return false;
	}
	return true;
}

static void fmt_plist(const struct mcr_prefix *p, const bool *summary,
		      size_t n, char *buf, size_t size)
{
	size_t off = 0;

	buf[0] = 0;
	for (size_t i = 0; i < n && off < size; i++) {
		char pb[MCR_PREFIX_STRLEN];

		off += (size_t)snprintf(buf + off, size - off, "%s%s\n",
					mcr_prefix2str(&p[i], pb, sizeof(pb)),
					summary && summary[i] ? " summary" : "");
	}
}

static int pfx_cmp(const void *x, const void *y)
{
	return mcr_prefix_cmp(x, y);
}

static void check_exports(void)
{
	for (int ai = 0; ai < NA; ai++) {
		const struct mcr_export *e;
		struct xwalk w = {.n = 0};
		struct sh_exp *sh = &xp[ai];
		int ti;

		if (!R.a[ai].exists) {
			REQ_EQ(sh->n, 0);
			continue;
		}
		e = mcr_core_export_find(core, aname[ai]);
		REQ(e != NULL);
		mcr_export_walk(e, MCR_AF_INET, export_cb, &w);
		mcr_export_walk(e, MCR_AF_INET6, export_cb, &w);
		/* deltas told the same story */
		{
			struct xwalk s;

			s.n = sh->n;
			for (size_t i = 0; i < sh->n; i++) {
				s.p[i] = sh->p[i];
				s.summary[i] = sh->summary[i];
			}
			/* sort shadow by prefix with its flags */
			for (size_t i = 1; i < s.n; i++)
				for (size_t j = i; j > 0 &&
						   mcr_prefix_cmp(&s.p[j - 1],
								  &s.p[j]) > 0;
				     j--) {
					struct mcr_prefix tp = s.p[j];
					bool tb = s.summary[j];

					s.p[j] = s.p[j - 1];
					s.summary[j] = s.summary[j - 1];
					s.p[j - 1] = tp;
					s.summary[j - 1] = tb;
				}
			fmt_plist(w.p, w.summary, w.n, gbuf, sizeof(gbuf));
			fmt_plist(s.p, s.summary, s.n, wbuf, sizeof(wbuf));
			if (strcmp(gbuf, wbuf))
				failf("export walk vs export deltas", gbuf,
				      wbuf);
		}
		ti = ref_assoc(ai);
		for (int afi = 0; afi < 2; afi++) {
			uint8_t fam = afi ? MCR_AF_INET6 : MCR_AF_INET;
			struct mcr_prefix want[NA * MAXR + MAXS],
				deny[NA * MAXR + 2 * MAXS];
			struct mcr_prefix adv[NPOOL * 2 + 8];
			bool advs[NPOOL * 2 + 8];
			size_t nwant = 0, ndeny = 0, nadv = 0;
			uint32_t limit = R.a[ai].cfg.profile.out_limit[afi];
			struct mcr_export_status st;

			mcr_export_status(e, fam, &st);
			for (size_t i = 0; ti >= 0 && i < ref_n[ti]; i++) {
				const struct selline *l = &ref_l[ti][i];

				if (l->p.family != fam)
					continue;
				if ((l->kind == MCR_RK_PROPAGATED ||
				     l->kind == MCR_RK_STATIC) &&
				    !l->has[ai])
					want[nwant++] = l->p;
				else
					deny[ndeny++] = l->p;
			}
			for (unsigned i = 0; ti >= 0 && i < R.t[ti].nprot; i++)
				if (R.t[ti].prot[i].family == fam)
					deny[ndeny++] = R.t[ti].prot[i];
			for (size_t i = 0; i < w.n; i++)
				if (w.p[i].family == fam) {
					adv[nadv] = w.p[i];
					advs[nadv++] = w.summary[i];
				}
			REQ_EQ(st.wanted, nwant);
			if (nwant <= limit) {
				fmt_plist(adv, advs, nadv, gbuf, sizeof(gbuf));
				fmt_plist(want, NULL, nwant, wbuf,
					  sizeof(wbuf));
				if (strcmp(gbuf, wbuf))
					failf("export within the limit", gbuf,
					      wbuf);
				REQ(!st.summarized && !st.failed);
				continue;
			}
			REQ(st.summarized);
			if (!st.failed) {
				REQ(nadv <= limit);
				for (size_t i = 0; i < nwant; i++)
					if (!union_covers(&want[i], adv, nadv)) {
						fmt_plist(adv, advs, nadv, gbuf,
							  sizeof(gbuf));
						fmt_plist(&want[i], NULL, 1,
							  wbuf, sizeof(wbuf));
						failf("summary misses a route",
						      gbuf, wbuf);
					}
			}
			/* no summary covers denied space (minus more
			 * specific wanted routes, which win by LPM) */
			for (size_t i = 0; i < nadv; i++) {
				if (!advs[i])
					continue;
				for (size_t j = 0; j < ndeny; j++) {
					const struct mcr_prefix *dp = &deny[j];
					const struct mcr_prefix *reg;
					struct mcr_prefix q[NA * MAXR + MAXS];
					size_t nq = 0;

					if (!mcr_prefix_overlaps(dp, &adv[i]))
						continue;
					reg = dp->len > adv[i].len ? dp
								   : &adv[i];
					for (size_t k = 0; k < nwant; k++)
						if (mcr_prefix_covers(dp,
								      &want[k]))
							q[nq++] = want[k];
					if (!union_covers(reg, q, nq)) {
						fmt_plist(&adv[i], NULL, 1,
							  gbuf, sizeof(gbuf));
						fmt_plist(dp, NULL, 1, wbuf,
							  sizeof(wbuf));
						failf("summary covers denied space",
						      gbuf, wbuf);
					}
				}
			}
			(void)pfx_cmp;
		}
	}
}

static void check_all(void)
{
	check_tables();
	check_conflicts();
	check_ribs();
	check_exports();
}

/* ---- events */

static void rand_config(int ai, struct mcr_attach_config *c)
{
	mcr_attach_config_init(c,
			       ai == 4 ? MCR_ATTACH_TUNNEL : MCR_ATTACH_CIRCUIT,
			       aprov[ai]);
	for (int afi = 0; afi < 2; afi++) {
		c->profile.in_limit[afi] = rnd(3) ? 1000 : 1 + rnd(5);
		c->profile.out_limit[afi] = rnd(3) ? 100 : 1 + rnd(4);
	}
	c->profile.limit_action = (enum mcr_limit_action)rnd(3);
	c->profile.warn_pct = (uint8_t)(50 + rnd(51));
	if (!rnd(4))
		c->profile.defroute = c->profile.defroute == MCR_DEFROUTE_ACCEPT
					      ? MCR_DEFROUTE_REFUSE
					      : MCR_DEFROUTE_ACCEPT;
	if (!rnd(4)) {
		c->profile.minlen[0] = (uint8_t)rnd(17);
		c->profile.maxlen[0] = (uint8_t)(24 + rnd(9));
		c->profile.minlen[1] = (uint8_t)rnd(33);
		c->profile.maxlen[1] = (uint8_t)(48 + rnd(81));
	}
	c->approval = rnd(4) ? MCR_APPROVAL_AUTO : MCR_APPROVAL_MANUAL;
	switch (rnd(4)) {
	case 0:
		strcpy(c->redgroup, "g1");
		break;
	case 1:
		strcpy(c->redgroup, "g2");
		break;
	default:
		break;
	}
	c->preference = rnd(3) ? 0 : (1 + rnd(4)) * 100;
	c->admin_up = rnd(8) != 0;
	if (rnd(4))
		strcpy(c->assoc, tname[rnd(NT)]);
	for (int ti = 0; ti < NT; ti++)
		if (rnd(2))
			REQ_EQ(mcr_attach_config_propagate( c, tname[ti], NULL), MCR_OK);
	if (!c->npropagate)
		mcr_attach_config_propagate(c, tname[rnd(NT)], NULL);
}

static char pbuf[MCR_PREFIX_STRLEN];

static const char *ps(const struct mcr_prefix *p)
{
	return mcr_prefix2str(p, pbuf, sizeof(pbuf));
}

static void expect_ok(enum mcr_err err, const struct mcr_errbuf *eb)
{
	if (err != MCR_OK)
		ck_abort_msg("seed %llu event %u (%s): error %s: %s",
			     (unsigned long long)cur_seed, cur_event, cur_desc,
			     mcr_strerror(err), eb->msg);
}

static void ev_route_add(int ai)
{
	struct mcr_errbuf eb;
	struct mcr_prefix p = pool[rnd(NPOOL)];
	const struct mcr_addr *nhp = p.family == MCR_AF_INET ? nh4 : nh6;
	struct mcr_addr nh[2];
	unsigned nnh = 1 + rnd(2), k = rnd(3);
	struct mcr_route_event ev = {.op = MCR_ROUTE_ADD,
				     .attach = aname[ai],
				     .prefix = p,
				     .nh = nh,
				     .metric = rnd(3),
				     .tag = rnd(2)};
	struct ref_route *r;
	bool fresh = false;

	nh[0] = nhp[k];
	nh[1] = nhp[(k + 1) % 3];
	ev.nnh = nnh;
	snprintf(cur_desc, sizeof(cur_desc), "add %s %s nnh %u metric %u",
		 aname[ai], ps(&p), nnh, ev.metric);
	if (!R.a[ai].exists) {
		REQ_EQ(mcr_core_route(core, &ev, &d, &eb), MCR_ENOENT);
		return;
	}
	expect_ok(mcr_core_route(core, &ev, &d, &eb), &eb);
	r = ref_rin(ai, &p);
	if (!r) {
		REQ(R.a[ai].n < MAXR);
		r = &R.a[ai].rib[R.a[ai].n++];
		memset(r, 0, sizeof(*r));
		r->p = p;
		r->seq = ++R.rseq;
		r->reason = MCR_R_WITHDRAWN; /* not counted until decided */
		fresh = true;
	}
	memcpy(r->nh, nh, sizeof(nh));
	r->nnh = nnh;
	r->metric = ev.metric;
	r->tag = ev.tag;
	ref_decide(ai, r, fresh);
}

static void ev_route_withdraw(int ai)
{
	struct mcr_errbuf eb;
	struct ref_att *a = &R.a[ai];
	unsigned i;
	struct mcr_route_event ev = {.op = MCR_ROUTE_WITHDRAW,
				     .attach = aname[ai]};
	uint8_t fam;

	if (!a->exists || !a->n)
		return;
	i = rnd(a->n);
	ev.prefix = a->rib[i].p;
	fam = ev.prefix.family;
	snprintf(cur_desc, sizeof(cur_desc), "withdraw %s %s", aname[ai],
		 ps(&ev.prefix));
	expect_ok(mcr_core_route(core, &ev, &d, &eb), &eb);
	a->rib[i] = a->rib[--a->n];
	ref_wa_fix(ai, fam);
}

static void ev_oper(int ai)
{
	struct mcr_errbuf eb;
	bool up = !R.a[ai].oper;

	snprintf(cur_desc, sizeof(cur_desc), "oper %s %s", aname[ai],
		 up ? "up" : "down");
	if (!R.a[ai].exists)
		return;
	expect_ok(mcr_core_attach_oper(core, aname[ai], up, &d, &eb), &eb);
	R.a[ai].oper = up;
}

static void ev_config(int ai)
{
	struct mcr_errbuf eb;
	struct mcr_attach_config c;

	rand_config(ai, &c);
	snprintf(cur_desc, sizeof(cur_desc),
		 "config %s in %u/%u %s appr %d group '%s' pref %u admin %d "
		 "assoc '%s' nprop %u len %u-%u/%u-%u def %d",
		 aname[ai], c.profile.in_limit[0], c.profile.in_limit[1],
		 mcr_limit_action_name(c.profile.limit_action), c.approval,
		 c.redgroup, c.preference, c.admin_up, c.assoc, c.npropagate,
		 c.profile.minlen[0], c.profile.maxlen[0], c.profile.minlen[1],
		 c.profile.maxlen[1], c.profile.defroute);
	if (!R.a[ai].exists) {
		expect_ok(mcr_core_attach_add(core, aname[ai], &c, &d, &eb),
			  &eb);
		memset(&R.a[ai], 0, sizeof(R.a[ai]));
		R.a[ai].exists = true;
		R.a[ai].oper = true;
		R.a[ai].cfg = c;
		return;
	}
	expect_ok(mcr_core_attach_set(core, aname[ai], &c, &d, &eb), &eb);
	R.a[ai].cfg = c;
	ref_reeval(ai);
}

static void ev_clear(int ai)
{
	struct mcr_errbuf eb;

	snprintf(cur_desc, sizeof(cur_desc), "clear %s", aname[ai]);
	if (!R.a[ai].exists)
		return;
	expect_ok(mcr_core_attach_clear(core, aname[ai], &d, &eb), &eb);
	ref_reeval(ai);
}

static void ev_approve(int ai)
{
	struct mcr_errbuf eb;
	struct mcr_prefix p = pool[rnd(NPOOL)];
	bool approve = rnd(3) != 0;
	struct ref_att *a = &R.a[ai];
	struct ref_route *r;

	snprintf(cur_desc, sizeof(cur_desc), "%s %s %s",
		 approve ? "approve" : "revoke", aname[ai], ps(&p));
	if (!a->exists)
		return;
	expect_ok(mcr_core_approve(core, aname[ai], &p, approve, &d, &eb),
		  &eb);
	if (approve && !ref_approved(ai, &p))
		a->appr[a->nappr++] = p;
	if (!approve)
		for (unsigned i = 0; i < a->nappr; i++)
			if (mcr_prefix_equal(&a->appr[i], &p))
				a->appr[i] = a->appr[--a->nappr];
	r = ref_rin(ai, &p);
	if (r)
		ref_decide(ai, r, false);
}

static void ev_policy(void)
{
	struct mcr_errbuf eb;
	int ti = rnd(NT);
	enum mcr_conflict_policy pol = (enum mcr_conflict_policy)rnd(4);

	snprintf(cur_desc, sizeof(cur_desc), "policy %s %s", tname[ti],
		 mcr_conflict_policy_name(pol));
	expect_ok(mcr_core_table_set_policy(core, tname[ti], pol, &d, &eb),
		  &eb);
	R.t[ti].pol = pol;
}

static void ev_ecmp(void)
{
	struct mcr_errbuf eb;
	int ti = rnd(NT);

	snprintf(cur_desc, sizeof(cur_desc), "ecmp %s %d", tname[ti],
		 !R.t[ti].ecmp);
	expect_ok(mcr_core_table_set_ecmp(core, tname[ti], !R.t[ti].ecmp, &d,
					  &eb),
		  &eb);
	R.t[ti].ecmp = !R.t[ti].ecmp;
}

static struct ref_static *ref_static_find(int ti, const struct mcr_prefix *p)
{
	for (unsigned i = 0; i < R.t[ti].nst; i++)
		if (mcr_prefix_equal(&R.t[ti].st[i].p, p))
			return &R.t[ti].st[i];
	return NULL;
}

static void ev_static(void)
{
	struct mcr_errbuf eb;
	int ti = rnd(NT), ai = rnd(NA), op = rnd(3);
	struct mcr_prefix p = pool[rnd(NPOOL)];
	struct ref_static *st = ref_static_find(ti, &p);
	struct mcr_addr nh;
	bool withnh = rnd(2);
	enum mcr_err err;

	nh = (p.family == MCR_AF_INET ? nh4 : nh6)[rnd(3)];
	if (op == 0) {
		snprintf(cur_desc, sizeof(cur_desc), "static %s %s -> %s%s",
			 tname[ti], ps(&p), aname[ai], withnh ? " nh" : "");
		err = mcr_core_static_set(core, tname[ti], &p, aname[ai],
					  withnh ? &nh : NULL, &d, &eb);
		if (!R.a[ai].exists) {
			REQ_EQ(err, MCR_ENOENT);
			return;
		}
		if (st && st->blackhole) {
			REQ_EQ(err, MCR_EEXIST);
			return;
		}
		expect_ok(err, &eb);
		if (!st) {
			REQ(R.t[ti].nst < MAXS);
			st = &R.t[ti].st[R.t[ti].nst++];
		}
		st->p = p;
		st->blackhole = false;
		st->att = ai;
		memset(&st->nh, 0, sizeof(st->nh));
		if (withnh)
			st->nh = nh;
	} else if (op == 1) {
		snprintf(cur_desc, sizeof(cur_desc), "blackhole %s %s",
			 tname[ti], ps(&p));
		err = mcr_core_blackhole_set(core, tname[ti], &p, &d, &eb);
		if (st && !st->blackhole) {
			REQ_EQ(err, MCR_EEXIST);
			return;
		}
		expect_ok(err, &eb);
		if (!st) {
			REQ(R.t[ti].nst < MAXS);
			st = &R.t[ti].st[R.t[ti].nst++];
		}
		memset(st, 0, sizeof(*st));
		st->p = p;
		st->blackhole = true;
	} else {
		snprintf(cur_desc, sizeof(cur_desc), "static-del %s %s",
			 tname[ti], ps(&p));
		err = mcr_core_static_del(core, tname[ti], &p, &d, &eb);
		if (!st) {
			REQ_EQ(err, MCR_ENOENT);
			return;
		}
		expect_ok(err, &eb);
		*st = R.t[ti].st[--R.t[ti].nst];
	}
}

static void ev_protect(void)
{
	struct mcr_errbuf eb;
	int ti = rnd(NT);
	struct mcr_prefix p = pool[rnd(NPOOL)];
	struct ref_table *t = &R.t[ti];
	unsigned i;
	enum mcr_err err;

	for (i = 0; i < t->nprot; i++)
		if (mcr_prefix_equal(&t->prot[i], &p))
			break;
	snprintf(cur_desc, sizeof(cur_desc), "protect %s %s %s", tname[ti],
		 ps(&p), i < t->nprot ? "del" : "add");
	err = mcr_core_table_protect(core, tname[ti], &p, i == t->nprot, &d,
				     &eb);
	expect_ok(err, &eb);
	if (i < t->nprot)
		t->prot[i] = t->prot[--t->nprot];
	else
		t->prot[t->nprot++] = p;
}

static void ev_bogon(void)
{
	struct mcr_errbuf eb;
	struct mcr_prefix p = bogonc[rnd(NBOGONC)];
	unsigned i;

	for (i = 0; i < R.nbogon; i++)
		if (mcr_prefix_equal(&R.bogon[i], &p))
			break;
	snprintf(cur_desc, sizeof(cur_desc), "bogon %s %s", ps(&p),
		 i < R.nbogon ? "del" : "add");
	if (i < R.nbogon) {
		expect_ok(mcr_core_bogon_del(core, &p, &d, &eb), &eb);
		R.bogon[i] = R.bogon[--R.nbogon];
	} else {
		expect_ok(mcr_core_bogon_add(core, &p, &d, &eb), &eb);
		R.bogon[R.nbogon++] = p;
	}
	for (int ai = 0; ai < NA; ai++)
		if (R.a[ai].exists)
			ref_reeval(ai);
}

static void ev_attach_del(int ai)
{
	struct mcr_errbuf eb;
	bool pinned = false;
	enum mcr_err err;

	snprintf(cur_desc, sizeof(cur_desc), "delete %s", aname[ai]);
	if (!R.a[ai].exists)
		return;
	for (int ti = 0; ti < NT; ti++)
		for (unsigned i = 0; i < R.t[ti].nst; i++)
			if (!R.t[ti].st[i].blackhole && R.t[ti].st[i].att == ai)
				pinned = true;
	err = mcr_core_attach_del(core, aname[ai], &d, &eb);
	if (pinned) {
		REQ_EQ(err, MCR_ECONFLICT);
		return;
	}
	expect_ok(err, &eb);
	memset(&R.a[ai], 0, sizeof(R.a[ai]));
}

static void ev_kernel_id(void)
{
	struct mcr_errbuf eb;
	int ti = rnd(NT);
	uint32_t kid = 1000 + ti * 10 + rnd(3);

	snprintf(cur_desc, sizeof(cur_desc), "kernel-id %s %u", tname[ti],
		 kid);
	expect_ok(mcr_core_table_set_kernel_id(core, tname[ti], kid, &d, &eb),
		  &eb);
	R.t[ti].kid = kid;
}

/* Bad input: an error, no deltas, no state or memory change. */
static void ev_bad(void)
{
	struct mcr_errbuf eb;
	struct mcr_addr nh = nh4[0];
	struct mcr_route_event ev = {.op = MCR_ROUTE_ADD,
				     .attach = aname[rnd(NA)],
				     .prefix = pool[0],
				     .nh = &nh,
				     .nnh = 1};
	struct mcr_attach_config c;
	struct mcr_prefix p = pool[rnd(NPOOL)];
	uint64_t mem = mcr_mem_total_bytes(), seq = mcr_core_seq(core);
	int which = rnd(10);
	enum mcr_err err;

	eb.msg[0] = 0;
	snprintf(cur_desc, sizeof(cur_desc), "bad input %d", which);
	switch (which) {
	case 0:
		ev.attach = "nope";
		err = mcr_core_route(core, &ev, &d, &eb);
		REQ_EQ(err, MCR_ENOENT);
		break;
	case 1:
		ev.prefix.addr[3] = 1; /* 10.0.0.1/8: host bits */
		err = mcr_core_route(core, &ev, &d, &eb);
		REQ(err == MCR_EINVAL || err == MCR_ENOENT);
		break;
	case 2:
		ev.nh = NULL;
		err = mcr_core_route(core, &ev, &d, &eb);
		REQ(err == MCR_EINVAL || err == MCR_ENOENT);
		break;
	case 3:
		rand_config(0, &c);
		c.profile.in_limit[rnd(2)] = 0;
		err = mcr_core_attach_set(core, aname[rnd(NA)], &c, &d, &eb);
		REQ(err == MCR_EINVAL || err == MCR_ENOENT);
		break;
	case 4:
		err = mcr_core_table_add(core, "t9", R.t[rnd(NT)].kid, &d,
					 &eb);
		REQ_EQ(err, MCR_EEXIST);
		break;
	case 5:
		ev.op = MCR_ROUTE_WITHDRAW;
		ev.prefix = p;
		ev.attach = aname[rnd(NA)];
		if (R.a[aidx(ev.attach)].exists &&
		    ref_rin(aidx(ev.attach), &p))
			return;
		err = mcr_core_route(core, &ev, &d, &eb);
		REQ_EQ(err, MCR_ENOENT);
		break;
	case 6: {
		int ti = rnd(NT);
		bool used = false;

		for (int ai = 0; ai < NA; ai++)
			used |= R.a[ai].exists &&
				(ref_propagates(ai, ti) || ref_assoc(ai) == ti);
		if (!used)
			return;
		err = mcr_core_table_del(core, tname[ti], &d, &eb);
		/* the tables stay referenced by someone most of the time */
		if (err == MCR_OK)
			ck_abort_msg("table deleted");
		if (err != MCR_ECONFLICT)
			ck_abort_msg("table del: %s", mcr_strerror(err));
		break;
	}
	case 7:
		err = mcr_core_table_set_kernel_id(core, tname[0], 254, &d,
						   &eb);
		REQ_EQ(err, MCR_EINVAL);
		break;
	case 8:
		p.len = 0xff;
		err = mcr_core_bogon_add(core, &p, &d, &eb);
		REQ_EQ(err, MCR_EINVAL);
		break;
	default:
		err = mcr_core_table_set_policy(
			core, tname[0], MCR_CONFLICT_POLICY_MAX, &d, &eb);
		REQ_EQ(err, MCR_EINVAL);
		break;
	}
	ck_assert_msg(eb.msg[0], "no message for bad input %d", which);
	REQ_EQ(d.n, 0);
	REQ_EQ(mcr_mem_total_bytes(), mem);
	REQ_EQ(mcr_core_seq(core), seq);
}

static void one_event(void)
{
	unsigned w = rnd(100);
	int ai = rnd(NA);

	if (w < 40)
		ev_route_add(ai);
	else if (w < 58)
		ev_route_withdraw(ai);
	else if (w < 63)
		ev_oper(ai);
	else if (w < 69)
		ev_config(ai);
	else if (w < 71)
		ev_clear(ai);
	else if (w < 77)
		ev_approve(ai);
	else if (w < 80)
		ev_policy();
	else if (w < 82)
		ev_ecmp();
	else if (w < 88)
		ev_static();
	else if (w < 90)
		ev_protect();
	else if (w < 92)
		ev_bogon();
	else if (w < 93)
		ev_attach_del(ai);
	else if (w < 94)
		ev_kernel_id();
	else
		ev_bad();
}

/* ---- setup */

static void init_universe(void)
{
	static const char *const defb[] = {MCR_BOGONS_DEFAULT};

	for (size_t i = 0; i < NPOOL; i++)
		REQ_EQ(mcr_prefix_parse(pool_s[i], true, false, &pool[i], NULL), MCR_OK);
	for (size_t i = 0; i < NBOGONC; i++)
		REQ_EQ(mcr_prefix_parse(bogon_s[i], true, false, &bogonc[i], NULL), MCR_OK);
	for (int i = 0; i < 3; i++) {
		REQ_EQ(mcr_addr_parse(nh4_s[i], &nh4[i], NULL), MCR_OK);
		REQ_EQ(mcr_addr_parse(nh6_s[i], &nh6[i], NULL), MCR_OK);
	}
	memset(&R, 0, sizeof(R));
	for (size_t i = 0; i < sizeof(defb) / sizeof(defb[0]); i++)
		REQ_EQ(mcr_prefix_parse(defb[i], true, false, &R.bogon[R.nbogon++], NULL), MCR_OK);
	memset(fib, 0, sizeof(fib));
	memset(xp, 0, sizeof(xp));
}

/* MCR_TRACE=<seed> in the environment prints that seed's events and
 * their deltas. */
static bool trace;

static void trace_event(void)
{
	char buf[512];

	fprintf(stderr, "%llu/%u: %s\n", (unsigned long long)cur_seed,
		cur_event, cur_desc);
	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "    %s\n",
			mcr_delta_format(&d.v[i], buf, sizeof(buf)));
}

static void run_seed(uint64_t seed, unsigned nevents)
{
	struct mcr_errbuf eb;

	trace = getenv("MCR_TRACE") &&
		strtoull(getenv("MCR_TRACE"), NULL, 10) == seed;
	cur_seed = seed;
	rng = seed * 0x9e3779b97f4a7c15ull + 1;
	init_universe();
	core = mcr_core_new();
	mcr_deltas_init(&d);
	for (int ti = 0; ti < NT; ti++) {
		R.t[ti].kid = 1000 + ti * 10;
		expect_ok(mcr_core_table_add(core, tname[ti], R.t[ti].kid, &d,
					     &eb),
			  &eb);
	}
	for (int ai = 0; ai < NA; ai++) {
		cur_event = 0;
		ev_config(ai);
		shadow_apply();
		mcr_deltas_reset(&d);
	}
	for (cur_event = 1; cur_event <= nevents; cur_event++) {
		mcr_deltas_reset(&d);
		one_event();
		if (trace)
			trace_event();
		shadow_apply();
		check_all();
	}
	/* withdraw everything */
	snprintf(cur_desc, sizeof(cur_desc), "final withdrawal");
	for (int ti = 0; ti < NT; ti++)
		while (R.t[ti].nst) {
			struct ref_static *st = &R.t[ti].st[R.t[ti].nst - 1];

			mcr_deltas_reset(&d);
			expect_ok(mcr_core_static_del(core, tname[ti], &st->p,
						      &d, &eb),
				  &eb);
			R.t[ti].nst--;
			shadow_apply();
			check_all();
		}
	for (int ai = 0; ai < NA; ai++)
		while (R.a[ai].exists && R.a[ai].n) {
			struct mcr_route_event ev = {
				.op = MCR_ROUTE_WITHDRAW,
				.attach = aname[ai],
				.prefix = R.a[ai].rib[R.a[ai].n - 1].p};

			mcr_deltas_reset(&d);
			expect_ok(mcr_core_route(core, &ev, &d, &eb), &eb);
			R.a[ai].n--;
			ref_wa_fix(ai, ev.prefix.family);
			shadow_apply();
			check_all();
		}
	for (int ti = 0; ti < NT; ti++) {
		const struct mcr_rtable *t = mcr_core_table_find(core, tname[ti]);

		REQ_EQ(mcr_rtable_count(t, MCR_AF_INET), 0);
		REQ_EQ(mcr_rtable_count(t, MCR_AF_INET6), 0);
		REQ_EQ(fib[ti].n, 0);
	}
	REQ_EQ(mcr_core_conflict_count(core), 0);
	for (int ai = 0; ai < NA; ai++)
		REQ_EQ(xp[ai].n, 0);
	mcr_core_free(core);
	mcr_deltas_fini(&d);
	REQ_EQ(mcr_mem_total_bytes(), 0);
}

START_TEST(differential)
{
	run_seed(SEEDS[_i], NEVENTS);
}
END_TEST

/* The comparison must notice a planted difference: a route the
 * reference model does not know about. */
START_TEST(reference_detects_difference)
{
	struct mcr_errbuf eb;

	cur_seed = 0;
	rng = 5;
	init_universe();
	core = mcr_core_new();
	mcr_deltas_init(&d);
	for (int ti = 0; ti < NT; ti++) {
		R.t[ti].kid = 1000 + ti * 10;
		expect_ok(mcr_core_table_add(core, tname[ti], R.t[ti].kid, &d,
					     &eb),
			  &eb);
	}
	for (int ai = 0; ai < NA; ai++) {
		struct mcr_attach_config c;

		mcr_attach_config_init(&c, MCR_ATTACH_CIRCUIT, MCR_PROV_GENERIC);
		mcr_attach_config_propagate(&c, "t1", NULL);
		expect_ok(mcr_core_attach_add(core, aname[ai], &c, &d, &eb),
			  &eb);
		R.a[ai].exists = true;
		R.a[ai].oper = true;
		R.a[ai].cfg = c;
	}
	mcr_deltas_reset(&d);
	{
		struct mcr_route_event ev = {.op = MCR_ROUTE_ADD,
					     .attach = "aws",
					     .prefix = pool[1],
					     .nh = nh4,
					     .nnh = 1};

		expect_ok(mcr_core_route(core, &ev, &d, &eb), &eb);
	}
	/* the reference does not know about the route */
	probe = true;
	probe_failed = false;
	check_tables();
	REQ(probe_failed);
	probe_failed = false;
	check_conflicts();
	REQ(!probe_failed);
	probe = false;
	mcr_core_free(core);
	mcr_deltas_fini(&d);
	REQ_EQ(mcr_mem_total_bytes(), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pipeline_random");
	TCase *tc = tcase_create("differential");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, differential, 0,
			    (int)(sizeof(SEEDS) / sizeof(SEEDS[0])));
	tcase_add_test(tc, reference_detects_difference);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
