/*
 * mcrouted northbound: operational state (config false) getters.
 *
 * Everything is read from libmcr's query API (mcr/pipeline.h, attach.h,
 * rtable.h, export.h) and the daemon's applied configuration (mcrouted.h).
 * Lists whose entries libmcr only offers through walks are snapshotted
 * into an array when their iteration starts (get_next with no previous
 * entry, or lookup_entry); entries are pointers into that array.  FRR
 * iterates operational data synchronously, so the snapshot cannot change
 * underneath an iteration.  get_elem callbacks serve all leaves of one
 * container and dispatch on the leaf name.
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#include <zebra.h>

#include <lib/version.h>
#include "memory.h"
#include "northbound.h"
#include "yang.h"

#include "mcr/mem.h"
#include "mcr/pipeline.h"

#include "mcrouted.h"
#include "mcr_core.h"
#include "mcr_nb.h"
#include "mcr_state.h"
#include "mcr_tunnel_cfg.h"
#include "mcr_zebra.h"

DEFINE_MTYPE_STATIC(MCROUTED, MCR_SNAP, "mcrouted state snapshot");

/*
 * FRR 8.4's nb_oper_data_iterate() does not resolve the list entries named
 * in the path it is given (with libyang 2 it walks up from the first node
 * created, the top one), so a list under another list can be asked for
 * with no parent entry, e.g. for ".../prefix-history[prefix='P']/event".
 * Such a query gets nothing rather than a crash.
 */
#define MCR_NEED_PARENT(args)                                                  \
	do {                                                                   \
		if (!(args)->parent_list_entry)                                \
			return NULL;                                           \
	} while (0)

/* Leaf name of a data xpath ("/a/b[k='x']/c" -> "c"). */
static const char *mcr_leaf(const char *xpath)
{
	const char *s = strrchr(xpath, '/');

	return s ? s + 1 : xpath;
}

#define LEAF_IS(name) (strcmp(leaf, (name)) == 0)

static void *mcr_snap_grow(void *v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 16;
	return XREALLOC(MTYPE_MCR_SNAP, v, *cap * size);
}

static struct yang_data *mcr_yd_prefix(const char *xpath,
				       const struct mcr_prefix *p)
{
	char buf[MCR_PREFIX_STRLEN];

	return yang_data_new_string(xpath, mcr_prefix2str(p, buf, sizeof(buf)));
}

/* ---- route-table ------------------------------------------------------- */

const void *mcr_st_table_next(struct nb_cb_get_next_args *args)
{
	if (!args->list_entry)
		return mcr_cfg_tables_const_first(&mcrd.tables);
	return mcr_cfg_tables_const_next(&mcrd.tables, args->list_entry);
}

int mcr_st_table_keys(struct nb_cb_get_keys_args *args)
{
	const struct mcr_cfg_table *t = args->list_entry;

	args->keys->num = 1;
	strlcpy(args->keys->key[0], t->name, sizeof(args->keys->key[0]));
	return NB_OK;
}

const void *mcr_st_table_lookup(struct nb_cb_lookup_entry_args *args)
{
	return mcr_cfg_table_find(args->keys->key[0]);
}

struct yang_data *mcr_st_table_elem(struct nb_cb_get_elem_args *args)
{
	const struct mcr_cfg_table *t = args->list_entry;
	const struct mcr_rtable *rt = mcr_core_table_find(mcr_core, t->name);
	const char *leaf = mcr_leaf(args->xpath);

	if (LEAF_IS("route-count"))
		return yang_data_new_uint32(
			args->xpath,
			rt ? mcr_rtable_count(rt, MCR_AF_INET) +
				     mcr_rtable_count(rt, MCR_AF_INET6)
			   : 0);
	if (LEAF_IS("installed"))
		return yang_data_new_bool(args->xpath,
					  rt && mcr_zebra_is_connected());
	return NULL;
}

/* Selected routes of one table, with their nexthops resolved as
 * installed (mcr_state.h). */
static struct {
	struct mcr_st_route *v;
	size_t n, cap;
} snap_routes;

static int mcr_snap_route_cb(const struct mcr_prefix *p,
			     const struct mcr_rsel *sel, void *arg)
{
	snap_routes.v = mcr_snap_grow(snap_routes.v, &snap_routes.cap,
				      snap_routes.n, sizeof(*snap_routes.v));
	mcr_st_route_fill(&snap_routes.v[snap_routes.n++], p, sel);
	return 0;
}

static void mcr_snap_routes(const struct mcr_cfg_table *t)
{
	const struct mcr_rtable *rt = mcr_core_table_find(mcr_core, t->name);

	snap_routes.n = 0;
	if (!rt)
		return;
	mcr_rtable_walk(rt, MCR_AF_INET, mcr_snap_route_cb, NULL);
	mcr_rtable_walk(rt, MCR_AF_INET6, mcr_snap_route_cb, NULL);
}

const void *mcr_st_route_next(struct nb_cb_get_next_args *args)
{
	const struct mcr_st_route *r = args->list_entry;

	MCR_NEED_PARENT(args);
	if (!r) {
		mcr_snap_routes(args->parent_list_entry);
		return snap_routes.n ? &snap_routes.v[0] : NULL;
	}
	r++;
	return r < snap_routes.v + snap_routes.n ? r : NULL;
}

int mcr_st_route_keys(struct nb_cb_get_keys_args *args)
{
	const struct mcr_st_route *r = args->list_entry;

	args->keys->num = 1;
	mcr_prefix2str(&r->p, args->keys->key[0], sizeof(args->keys->key[0]));
	return NB_OK;
}

const void *mcr_st_route_lookup(struct nb_cb_lookup_entry_args *args)
{
	struct mcr_prefix p;

	MCR_NEED_PARENT(args);
	if (!mcr_nb_prefix(args->keys->key[0], &p))
		return NULL;
	mcr_snap_routes(args->parent_list_entry);
	for (size_t i = 0; i < snap_routes.n; i++)
		if (mcr_prefix_equal(&snap_routes.v[i].p, &p))
			return &snap_routes.v[i];
	return NULL;
}

struct yang_data *mcr_st_route_elem(struct nb_cb_get_elem_args *args)
{
	const struct mcr_st_route *r = args->list_entry;
	const char *leaf = mcr_leaf(args->xpath);

	if (LEAF_IS("prefix"))
		return mcr_yd_prefix(args->xpath, &r->p);
	if (LEAF_IS("kind"))
		return yang_data_new_string(args->xpath,
					    mcr_route_kind_name(r->sel.kind));
	return NULL;
}

const void *mcr_st_route_src_next(struct nb_cb_get_next_args *args)
{
	const struct mcr_st_route *r = args->parent_list_entry;
	const struct mcr_rsrc *const *s = args->list_entry;

	MCR_NEED_PARENT(args);
	if (!s)
		return r->sel.n ? &r->sel.src[0] : NULL;
	s++;
	return s < r->sel.src + r->sel.n ? s : NULL;
}

struct yang_data *mcr_st_route_src_elem(struct nb_cb_get_elem_args *args)
{
	const struct mcr_rsrc *const *s = args->list_entry;

	return yang_data_new_string(args->xpath, (*s)->name);
}

/* Nexthops of the route being iterated. */
static struct mcr_st_nh snap_nh[MCR_ST_NH_MAX];
static unsigned snap_nh_n;

const void *mcr_st_route_nh_next(struct nb_cb_get_next_args *args)
{
	const struct mcr_st_route *r = args->parent_list_entry;
	const struct mcr_st_nh *nh = args->list_entry;

	MCR_NEED_PARENT(args);
	if (!nh) {
		snap_nh_n = mcr_st_route_nhs(&r->sel, snap_nh, MCR_ST_NH_MAX);
		return snap_nh_n ? &snap_nh[0] : NULL;
	}
	nh++;
	return nh < snap_nh + snap_nh_n ? nh : NULL;
}

struct yang_data *mcr_st_route_nh_elem(struct nb_cb_get_elem_args *args)
{
	const struct mcr_st_nh *nh = args->list_entry;
	const char *leaf = mcr_leaf(args->xpath);
	char buf[MCR_ADDR_STRLEN];

	if (LEAF_IS("attachment"))
		return yang_data_new_string(args->xpath, nh->attach);
	if (LEAF_IS("address") && nh->addr.family)
		return yang_data_new_string(
			args->xpath, mcr_addr2str(&nh->addr, buf, sizeof(buf)));
	if (LEAF_IS("interface") && nh->ifname[0])
		return yang_data_new_string(args->xpath, nh->ifname);
	return NULL;
}

/* Conflicts of one table (mcr_state.h). */
static struct {
	struct mcr_st_conflict *v;
	size_t n, cap;
} snap_conf;

static int mcr_snap_conf_cb(const struct mcr_st_conflict *c, void *arg)
{
	snap_conf.v = mcr_snap_grow(snap_conf.v, &snap_conf.cap, snap_conf.n,
				    sizeof(*snap_conf.v));
	snap_conf.v[snap_conf.n++] = *c;
	return 0;
}

const void *mcr_st_conflict_next(struct nb_cb_get_next_args *args)
{
	const struct mcr_st_conflict *c = args->list_entry;

	MCR_NEED_PARENT(args);
	if (!c) {
		snap_conf.n = 0;
		mcr_st_table_conflicts(args->parent_list_entry,
				       mcr_snap_conf_cb, NULL);
		return snap_conf.n ? &snap_conf.v[0] : NULL;
	}
	c++;
	return c < snap_conf.v + snap_conf.n ? c : NULL;
}

int mcr_st_conflict_keys(struct nb_cb_get_keys_args *args)
{
	const struct mcr_st_conflict *c = args->list_entry;

	args->keys->num = 4;
	mcr_prefix2str(&c->ci.pa, args->keys->key[0],
		       sizeof(args->keys->key[0]));
	strlcpy(args->keys->key[1], c->ci.a, sizeof(args->keys->key[1]));
	mcr_prefix2str(&c->ci.pb, args->keys->key[2],
		       sizeof(args->keys->key[2]));
	strlcpy(args->keys->key[3], c->ci.b, sizeof(args->keys->key[3]));
	return NB_OK;
}

const void *mcr_st_conflict_lookup(struct nb_cb_lookup_entry_args *args)
{
	struct mcr_prefix pa, pb;

	MCR_NEED_PARENT(args);
	if (!mcr_nb_prefix(args->keys->key[0], &pa) ||
	    !mcr_nb_prefix(args->keys->key[2], &pb))
		return NULL;
	snap_conf.n = 0;
	mcr_st_table_conflicts(args->parent_list_entry, mcr_snap_conf_cb,
			       NULL);
	for (size_t i = 0; i < snap_conf.n; i++) {
		const struct mcr_st_conflict *c = &snap_conf.v[i];

		if (mcr_prefix_equal(&c->ci.pa, &pa) &&
		    mcr_prefix_equal(&c->ci.pb, &pb) &&
		    !strcmp(c->ci.a, args->keys->key[1]) &&
		    !strcmp(c->ci.b, args->keys->key[3]))
			return c;
	}
	return NULL;
}

struct yang_data *mcr_st_conflict_elem(struct nb_cb_get_elem_args *args)
{
	const struct mcr_st_conflict *c = args->list_entry;
	const char *leaf = mcr_leaf(args->xpath);

	if (LEAF_IS("prefix"))
		return mcr_yd_prefix(args->xpath, &c->ci.pa);
	if (LEAF_IS("attachment"))
		return yang_data_new_string(args->xpath, c->ci.a);
	if (LEAF_IS("other-prefix"))
		return mcr_yd_prefix(args->xpath, &c->ci.pb);
	if (LEAF_IS("other-attachment"))
		return yang_data_new_string(args->xpath, c->ci.b);
	if (LEAF_IS("policy"))
		return yang_data_new_string(
			args->xpath, mcr_conflict_policy_name(c->policy));
	if (LEAF_IS("resolution"))
		return yang_data_new_string(args->xpath, c->resolution);
	if (LEAF_IS("winner") && c->winner)
		return yang_data_new_string(args->xpath, c->winner);
	if (LEAF_IS("detected-sequence"))
		return yang_data_new_uint64(args->xpath, c->ci.since);
	return NULL;
}

/* ---- attachment -------------------------------------------------------- */

const void *mcr_st_attach_next(struct nb_cb_get_next_args *args)
{
	if (!args->list_entry)
		return mcr_cfg_attachs_const_first(&mcrd.attachs);
	return mcr_cfg_attachs_const_next(&mcrd.attachs, args->list_entry);
}

int mcr_st_attach_keys(struct nb_cb_get_keys_args *args)
{
	const struct mcr_cfg_attach *a = args->list_entry;

	args->keys->num = 1;
	strlcpy(args->keys->key[0], a->name, sizeof(args->keys->key[0]));
	return NB_OK;
}

const void *mcr_st_attach_lookup(struct nb_cb_lookup_entry_args *args)
{
	return mcr_cfg_attach_find(args->keys->key[0]);
}

struct yang_data *mcr_st_attach_elem(struct nb_cb_get_elem_args *args)
{
	const struct mcr_cfg_attach *a = args->list_entry;
	const struct mcr_attach *ca = mcr_core_attach_find(mcr_core, a->name);
	const char *leaf = mcr_leaf(args->xpath);
	char reason[128];

	if (LEAF_IS("oper-status"))
		return yang_data_new_string(args->xpath,
					    ca && mcr_attach_is_up(ca) ? "up"
								       : "down");
	if (LEAF_IS("reason")) {
		if (!mcr_st_attach_reason(a, reason, sizeof(reason)))
			return NULL;
		return yang_data_new_string(args->xpath, reason);
	}
	if (LEAF_IS("effective-provider"))
		return yang_data_new_string(
			args->xpath,
			mcr_provider_name(a->cfg.profile.provider));
	return NULL;
}

/* The two families of the attachment being iterated. */
static struct mcr_st_family {
	const struct mcr_cfg_attach *a;
	uint8_t family;
} snap_fam[2];

const void *mcr_st_family_next(struct nb_cb_get_next_args *args)
{
	const struct mcr_st_family *f = args->list_entry;

	MCR_NEED_PARENT(args);
	if (!f) {
		snap_fam[0].a = snap_fam[1].a = args->parent_list_entry;
		snap_fam[0].family = MCR_AF_INET;
		snap_fam[1].family = MCR_AF_INET6;
		return &snap_fam[0];
	}
	return f == &snap_fam[0] ? &snap_fam[1] : NULL;
}

int mcr_st_family_keys(struct nb_cb_get_keys_args *args)
{
	const struct mcr_st_family *f = args->list_entry;

	args->keys->num = 1;
	strlcpy(args->keys->key[0], f->family == MCR_AF_INET ? "ipv4" : "ipv6",
		sizeof(args->keys->key[0]));
	return NB_OK;
}

const void *mcr_st_family_lookup(struct nb_cb_lookup_entry_args *args)
{
	int i = strcmp(args->keys->key[0], "ipv6") == 0;

	MCR_NEED_PARENT(args);
	snap_fam[i].a = args->parent_list_entry;
	snap_fam[i].family = i ? MCR_AF_INET6 : MCR_AF_INET;
	return &snap_fam[i];
}

struct yang_data *mcr_st_family_elem(struct nb_cb_get_elem_args *args)
{
	const struct mcr_st_family *f = args->list_entry;
	const struct mcr_attach *ca =
		mcr_core_attach_find(mcr_core, f->a->name);
	const char *leaf = mcr_leaf(args->xpath);
	struct mcr_attach_counters cnt = {};
	enum mcr_afi afi = mcr_afi_of(f->family);

	if (ca)
		mcr_attach_counters(ca, f->family, &cnt);
	if (LEAF_IS("family"))
		return yang_data_new_string(args->xpath, f->family ==
								 MCR_AF_INET
							 ? "ipv4"
							 : "ipv6");
	if (LEAF_IS("received"))
		return yang_data_new_uint32(args->xpath, cnt.received);
	if (LEAF_IS("accepted"))
		return yang_data_new_uint32(args->xpath, cnt.accepted);
	if (LEAF_IS("refused"))
		return yang_data_new_uint32(args->xpath, mcr_st_refused(&cnt));
	if (LEAF_IS("pending"))
		return yang_data_new_uint32(args->xpath, cnt.pending);
	if (LEAF_IS("inbound-limit"))
		return yang_data_new_uint32(args->xpath,
					    f->a->cfg.profile.in_limit[afi]);
	if (LEAF_IS("outbound-limit"))
		return yang_data_new_uint32(args->xpath,
					    f->a->cfg.profile.out_limit[afi]);
	if (LEAF_IS("limit-status"))
		return yang_data_new_string(
			args->xpath, mcr_st_limit_status(cnt.limit_state));
	return NULL;
}

/* Refusal counts of one attachment, both families, by reason. */
static struct mcr_st_refusal {
	enum mcr_reason reason;
	uint64_t count;
} snap_ref[MCR_R_MAX];
static size_t snap_ref_n;

static void mcr_snap_refused(const struct mcr_cfg_attach *a)
{
	const struct mcr_attach *ca = mcr_core_attach_find(mcr_core, a->name);
	struct mcr_attach_counters c4 = {}, c6 = {};

	snap_ref_n = 0;
	if (!ca)
		return;
	mcr_attach_counters(ca, MCR_AF_INET, &c4);
	mcr_attach_counters(ca, MCR_AF_INET6, &c6);
	for (int r = 0; r < MCR_R_MAX; r++) {
		if (!mcr_st_reason_is_refusal(r) ||
		    !(c4.refused[r] + c6.refused[r]))
			continue;
		snap_ref[snap_ref_n].reason = r;
		snap_ref[snap_ref_n++].count = c4.refused[r] + c6.refused[r];
	}
}

const void *mcr_st_refused_next(struct nb_cb_get_next_args *args)
{
	const struct mcr_st_refusal *r = args->list_entry;

	MCR_NEED_PARENT(args);
	if (!r) {
		mcr_snap_refused(args->parent_list_entry);
		return snap_ref_n ? &snap_ref[0] : NULL;
	}
	r++;
	return r < snap_ref + snap_ref_n ? r : NULL;
}

int mcr_st_refused_keys(struct nb_cb_get_keys_args *args)
{
	const struct mcr_st_refusal *r = args->list_entry;

	args->keys->num = 1;
	strlcpy(args->keys->key[0], mcr_reason_name(r->reason),
		sizeof(args->keys->key[0]));
	return NB_OK;
}

const void *mcr_st_refused_lookup(struct nb_cb_lookup_entry_args *args)
{
	MCR_NEED_PARENT(args);
	mcr_snap_refused(args->parent_list_entry);
	for (size_t i = 0; i < snap_ref_n; i++)
		if (!strcmp(mcr_reason_name(snap_ref[i].reason),
			    args->keys->key[0]))
			return &snap_ref[i];
	return NULL;
}

struct yang_data *mcr_st_refused_elem(struct nb_cb_get_elem_args *args)
{
	const struct mcr_st_refusal *r = args->list_entry;
	const char *leaf = mcr_leaf(args->xpath);

	if (LEAF_IS("reason"))
		return yang_data_new_string(args->xpath,
					    mcr_reason_name(r->reason));
	if (LEAF_IS("count"))
		return yang_data_new_uint32(args->xpath, r->count);
	return NULL;
}

/* Pending prefixes of one attachment. */
static struct {
	struct mcr_prefix *v;
	size_t n, cap;
} snap_pend;

static int mcr_snap_pend_cb(const struct mcr_attach_route *r, void *arg)
{
	if (r->reason != MCR_R_PENDING)
		return 0;
	snap_pend.v = mcr_snap_grow(snap_pend.v, &snap_pend.cap, snap_pend.n,
				    sizeof(*snap_pend.v));
	snap_pend.v[snap_pend.n++] = r->prefix;
	return 0;
}

static void mcr_snap_pending(const struct mcr_cfg_attach *a)
{
	const struct mcr_attach *ca = mcr_core_attach_find(mcr_core, a->name);

	snap_pend.n = 0;
	if (!ca)
		return;
	mcr_attach_route_walk(ca, MCR_AF_INET, mcr_snap_pend_cb, NULL);
	mcr_attach_route_walk(ca, MCR_AF_INET6, mcr_snap_pend_cb, NULL);
}

const void *mcr_st_pending_next(struct nb_cb_get_next_args *args)
{
	const struct mcr_prefix *p = args->list_entry;

	MCR_NEED_PARENT(args);
	if (!p) {
		mcr_snap_pending(args->parent_list_entry);
		return snap_pend.n ? &snap_pend.v[0] : NULL;
	}
	p++;
	return p < snap_pend.v + snap_pend.n ? p : NULL;
}

int mcr_st_pending_keys(struct nb_cb_get_keys_args *args)
{
	args->keys->num = 1;
	mcr_prefix2str(args->list_entry, args->keys->key[0],
		       sizeof(args->keys->key[0]));
	return NB_OK;
}

const void *mcr_st_pending_lookup(struct nb_cb_lookup_entry_args *args)
{
	struct mcr_prefix p;

	MCR_NEED_PARENT(args);
	if (!mcr_nb_prefix(args->keys->key[0], &p))
		return NULL;
	mcr_snap_pending(args->parent_list_entry);
	for (size_t i = 0; i < snap_pend.n; i++)
		if (mcr_prefix_equal(&snap_pend.v[i], &p))
			return &snap_pend.v[i];
	return NULL;
}

struct yang_data *mcr_st_pending_elem(struct nb_cb_get_elem_args *args)
{
	if (strcmp(mcr_leaf(args->xpath), "prefix") == 0)
		return mcr_yd_prefix(args->xpath, args->list_entry);
	return NULL;
}

struct yang_data *mcr_st_export_elem(struct nb_cb_get_elem_args *args)
{
	const struct mcr_cfg_attach *a = args->list_entry;
	const char *leaf = mcr_leaf(args->xpath);
	struct mcr_st_export ex;

	mcr_st_export_get(a, &ex);
	if (LEAF_IS("route-table"))
		return ex.table ? yang_data_new_string(args->xpath, ex.table)
				: NULL;
	if (LEAF_IS("candidate-count"))
		return yang_data_new_uint32(args->xpath, ex.wanted);
	if (LEAF_IS("advertised-count"))
		return yang_data_new_uint32(args->xpath, ex.advertised);
	if (LEAF_IS("summarized"))
		return yang_data_new_bool(args->xpath, ex.summarized);
	if (LEAF_IS("status"))
		return yang_data_new_string(args->xpath, ex.status);
	if (LEAF_IS("reason"))
		return ex.reason[0] ? yang_data_new_string(args->xpath,
							   ex.reason)
				    : NULL;
	return NULL;
}

/* Advertised prefixes of one attachment. */
static struct {
	struct mcr_st_adv *v;
	size_t n, cap;
} snap_adv;

static int mcr_snap_adv_cb(const struct mcr_prefix *p, bool summary,
			   void *arg)
{
	snap_adv.v = mcr_snap_grow(snap_adv.v, &snap_adv.cap, snap_adv.n,
				   sizeof(*snap_adv.v));
	snap_adv.v[snap_adv.n].p = *p;
	snap_adv.v[snap_adv.n++].summary = summary;
	return 0;
}

static void mcr_snap_adv(const struct mcr_cfg_attach *a)
{
	const struct mcr_export *e = mcr_core_export_find(mcr_core, a->name);

	snap_adv.n = 0;
	if (!e)
		return;
	mcr_export_walk(e, MCR_AF_INET, mcr_snap_adv_cb, NULL);
	mcr_export_walk(e, MCR_AF_INET6, mcr_snap_adv_cb, NULL);
}

const void *mcr_st_adv_next(struct nb_cb_get_next_args *args)
{
	const struct mcr_st_adv *p = args->list_entry;

	MCR_NEED_PARENT(args);
	if (!p) {
		mcr_snap_adv(args->parent_list_entry);
		return snap_adv.n ? &snap_adv.v[0] : NULL;
	}
	p++;
	return p < snap_adv.v + snap_adv.n ? p : NULL;
}

int mcr_st_adv_keys(struct nb_cb_get_keys_args *args)
{
	const struct mcr_st_adv *p = args->list_entry;

	args->keys->num = 1;
	mcr_prefix2str(&p->p, args->keys->key[0], sizeof(args->keys->key[0]));
	return NB_OK;
}

const void *mcr_st_adv_lookup(struct nb_cb_lookup_entry_args *args)
{
	struct mcr_prefix p;

	MCR_NEED_PARENT(args);
	if (!mcr_nb_prefix(args->keys->key[0], &p))
		return NULL;
	mcr_snap_adv(args->parent_list_entry);
	for (size_t i = 0; i < snap_adv.n; i++)
		if (mcr_prefix_equal(&snap_adv.v[i].p, &p))
			return &snap_adv.v[i];
	return NULL;
}

struct yang_data *mcr_st_adv_elem(struct nb_cb_get_elem_args *args)
{
	const struct mcr_st_adv *p = args->list_entry;
	const char *leaf = mcr_leaf(args->xpath);

	if (LEAF_IS("prefix"))
		return mcr_yd_prefix(args->xpath, &p->p);
	if (LEAF_IS("summary"))
		return yang_data_new_bool(args->xpath, p->summary);
	return NULL;
}

/* ---- tunnel ------------------------------------------------------------ */

/* Operational state of the tunnel being iterated (from the runtime). */
static struct mcr_tunnel_oper snap_toper;
static const struct mcr_tunnel_cfg *snap_toper_of;

static const struct mcr_tunnel_oper *
mcr_toper(const struct mcr_tunnel_cfg *cfg)
{
	if (snap_toper_of != cfg) {
		mcr_st_tunnel_oper(cfg, &snap_toper);
		snap_toper_of = cfg;
	}
	return &snap_toper;
}

const void *mcr_st_tunnel_next(struct nb_cb_get_next_args *args)
{
	snap_toper_of = NULL;
	return mcr_tunnel_cfg_next(args->list_entry);
}

int mcr_st_tunnel_keys(struct nb_cb_get_keys_args *args)
{
	const struct mcr_tunnel_cfg *cfg = args->list_entry;

	args->keys->num = 1;
	strlcpy(args->keys->key[0], cfg->name, sizeof(args->keys->key[0]));
	return NB_OK;
}

const void *mcr_st_tunnel_lookup(struct nb_cb_lookup_entry_args *args)
{
	snap_toper_of = NULL;
	return mcr_tunnel_cfg_find(args->keys->key[0]);
}

static struct yang_data *mcr_yd_ip(const char *xpath, const struct ipaddr *ip)
{
	char buf[INET6_ADDRSTRLEN];

	if (ip->ipa_type == IPADDR_NONE)
		return NULL;
	return yang_data_new_string(xpath, ipaddr2str(ip, buf, sizeof(buf)));
}

struct yang_data *mcr_st_tunnel_elem(struct nb_cb_get_elem_args *args)
{
	const struct mcr_tunnel_oper *o = mcr_toper(args->list_entry);
	const char *leaf = mcr_leaf(args->xpath);

	if (LEAF_IS("oper-status"))
		return yang_data_new_string(args->xpath,
					    mcr_st_toper_status(o->status));
	if (LEAF_IS("reason"))
		return o->reason[0] ? yang_data_new_string(args->xpath,
							   o->reason)
				    : NULL;
	if (!o->valid)
		return NULL;
	if (LEAF_IS("last-error"))
		return o->last_error[0] ? yang_data_new_string(args->xpath,
							       o->last_error)
					: NULL;
	if (LEAF_IS("last-error-time"))
		return o->last_error_time ? yang_data_new_date_and_time(
						    args->xpath,
						    o->last_error_time)
					  : NULL;
	if (LEAF_IS("interface"))
		return o->interface[0]
			       ? yang_data_new_string(args->xpath, o->interface)
			       : NULL;
	if (LEAF_IS("uptime"))
		return yang_data_new_uint64(args->xpath, o->uptime);
	if (LEAF_IS("bytes-in"))
		return yang_data_new_uint64(args->xpath, o->bytes_in);
	if (LEAF_IS("bytes-out"))
		return yang_data_new_uint64(args->xpath, o->bytes_out);
	return NULL;
}

struct yang_data *mcr_st_ike_elem(struct nb_cb_get_elem_args *args)
{
	const struct mcr_tunnel_oper *o = mcr_toper(args->list_entry);
	const char *leaf = mcr_leaf(args->xpath);

	if (!o->valid || !o->ike_valid)
		return NULL;
	if (LEAF_IS("state"))
		return yang_data_new_string(args->xpath, o->ike.state);
	if (LEAF_IS("version"))
		return yang_data_new_uint8(args->xpath, o->ike.version);
	if (LEAF_IS("local-host"))
		return mcr_yd_ip(args->xpath, &o->ike.local_host);
	if (LEAF_IS("remote-host"))
		return mcr_yd_ip(args->xpath, &o->ike.remote_host);
	if (LEAF_IS("encryption"))
		return yang_data_new_string(args->xpath, o->ike.encryption);
	if (LEAF_IS("integrity"))
		return yang_data_new_string(args->xpath, o->ike.integrity);
	if (LEAF_IS("prf"))
		return yang_data_new_string(args->xpath, o->ike.prf);
	if (LEAF_IS("dh-group"))
		return yang_data_new_string(args->xpath, o->ike.dh_group);
	if (LEAF_IS("established"))
		return yang_data_new_uint64(args->xpath, o->ike.established);
	if (LEAF_IS("rekey-in"))
		return yang_data_new_uint64(args->xpath, o->ike.rekey_in);
	return NULL;
}

const void *mcr_st_child_next(struct nb_cb_get_next_args *args)
{
	const struct mcr_tunnel_oper *o;
	const struct mcr_tunnel_oper_sa *sa = args->list_entry;

	MCR_NEED_PARENT(args);
	o = mcr_toper(args->parent_list_entry);

	if (!o->valid)
		return NULL;
	if (!sa)
		return o->n_child ? &o->child[0] : NULL;
	sa++;
	return sa < o->child + o->n_child ? sa : NULL;
}

int mcr_st_child_keys(struct nb_cb_get_keys_args *args)
{
	const struct mcr_tunnel_oper_sa *sa = args->list_entry;

	args->keys->num = 1;
	snprintf(args->keys->key[0], sizeof(args->keys->key[0]), "%u",
		 sa->unique_id);
	return NB_OK;
}

const void *mcr_st_child_lookup(struct nb_cb_lookup_entry_args *args)
{
	const struct mcr_tunnel_oper *o;
	uint32_t id = strtoul(args->keys->key[0], NULL, 10);

	MCR_NEED_PARENT(args);
	o = mcr_toper(args->parent_list_entry);

	for (unsigned i = 0; o->valid && i < o->n_child; i++)
		if (o->child[i].unique_id == id)
			return &o->child[i];
	return NULL;
}

struct yang_data *mcr_st_child_elem(struct nb_cb_get_elem_args *args)
{
	const struct mcr_tunnel_oper_sa *sa = args->list_entry;
	const char *leaf = mcr_leaf(args->xpath);

	if (LEAF_IS("unique-id"))
		return yang_data_new_uint32(args->xpath, sa->unique_id);
	if (LEAF_IS("name"))
		return yang_data_new_string(args->xpath, sa->name);
	if (LEAF_IS("state"))
		return yang_data_new_string(args->xpath, sa->state);
	if (LEAF_IS("encryption"))
		return yang_data_new_string(args->xpath, sa->encryption);
	if (LEAF_IS("integrity"))
		return yang_data_new_string(args->xpath, sa->integrity);
	if (LEAF_IS("installed"))
		return yang_data_new_uint64(args->xpath, sa->installed);
	if (LEAF_IS("rekey-in"))
		return yang_data_new_uint64(args->xpath, sa->rekey_in);
	if (LEAF_IS("bytes-in"))
		return yang_data_new_uint64(args->xpath, sa->bytes_in);
	if (LEAF_IS("bytes-out"))
		return yang_data_new_uint64(args->xpath, sa->bytes_out);
	if (LEAF_IS("packets-in"))
		return yang_data_new_uint64(args->xpath, sa->packets_in);
	if (LEAF_IS("packets-out"))
		return yang_data_new_uint64(args->xpath, sa->packets_out);
	return NULL;
}

/* ---- status ------------------------------------------------------------ */

struct yang_data *mcr_st_status_elem(struct nb_cb_get_elem_args *args)
{
	const char *leaf = mcr_leaf(args->xpath);
	struct mcr_st_counts cnt;

	if (LEAF_IS("version"))
		return yang_data_new_string(args->xpath, FRR_VERSION);
	if (LEAF_IS("zebra-connected"))
		return yang_data_new_bool(args->xpath,
					  mcr_zebra_is_connected());
	if (LEAF_IS("bgpd-connected") || LEAF_IS("vici-connected"))
		return NULL; /* owned by the bgpd / VICI modules */
	if (LEAF_IS("attachment-count"))
		return yang_data_new_uint32(
			args->xpath, mcr_cfg_attachs_count(&mcrd.attachs));
	if (LEAF_IS("route-table-count"))
		return yang_data_new_uint32(args->xpath,
					    mcr_cfg_tables_count(&mcrd.tables));
	if (LEAF_IS("tunnel-count"))
		return yang_data_new_uint32(args->xpath,
					    mcr_tunnel_cfg_count());
	mcr_st_counts(&cnt);
	if (LEAF_IS("route-count"))
		return yang_data_new_uint32(args->xpath, cnt.routes);
	if (LEAF_IS("conflict-count"))
		return yang_data_new_uint32(args->xpath, cnt.conflicts);
	if (LEAF_IS("pending-count"))
		return yang_data_new_uint32(args->xpath, cnt.pending);
	return NULL;
}

/* Memory types: entries are the MCR_MT_* values. */
static const enum mcr_mtype mcr_mtypes[MCR_MT_MAX] = {
#define X(i) [i] = i
	X(0), X(1), X(2), X(3), X(4), X(5), X(6), X(7), X(8),
	X(9), X(10), X(11), X(12), X(13), X(14), X(15), X(16),
#undef X
};

const void *mcr_st_mem_next(struct nb_cb_get_next_args *args)
{
	const enum mcr_mtype *m = args->list_entry;

	if (!m)
		return &mcr_mtypes[0];
	m++;
	return m < mcr_mtypes + MCR_MT_MAX ? m : NULL;
}

int mcr_st_mem_keys(struct nb_cb_get_keys_args *args)
{
	const enum mcr_mtype *m = args->list_entry;

	args->keys->num = 1;
	strlcpy(args->keys->key[0], mcr_mem_stat(*m).name,
		sizeof(args->keys->key[0]));
	return NB_OK;
}

const void *mcr_st_mem_lookup(struct nb_cb_lookup_entry_args *args)
{
	for (int i = 0; i < MCR_MT_MAX; i++)
		if (!strcmp(mcr_mem_stat(i).name, args->keys->key[0]))
			return &mcr_mtypes[i];
	return NULL;
}

struct yang_data *mcr_st_mem_elem(struct nb_cb_get_elem_args *args)
{
	const enum mcr_mtype *m = args->list_entry;
	struct mcr_mem_stat st = mcr_mem_stat(*m);
	const char *leaf = mcr_leaf(args->xpath);

	if (LEAF_IS("type"))
		return yang_data_new_string(args->xpath, st.name);
	if (LEAF_IS("objects"))
		return yang_data_new_uint64(args->xpath, st.objects);
	if (LEAF_IS("bytes"))
		return yang_data_new_uint64(args->xpath, st.bytes);
	return NULL;
}

/* ---- prefix-history ---------------------------------------------------- */

/* Prefixes received from any attachment (sorted, unique). */
static struct {
	struct mcr_prefix *v;
	size_t n, cap;
} snap_hp;
/* The prefix a lookup asked for (need not be received). */
static struct mcr_prefix snap_hp_one;

static int mcr_snap_hp_route(const struct mcr_attach_route *r, void *arg)
{
	snap_hp.v = mcr_snap_grow(snap_hp.v, &snap_hp.cap, snap_hp.n,
				  sizeof(*snap_hp.v));
	snap_hp.v[snap_hp.n++] = r->prefix;
	return 0;
}

static int mcr_snap_hp_attach(const struct mcr_attach *a, void *arg)
{
	mcr_attach_route_walk(a, MCR_AF_INET, mcr_snap_hp_route, NULL);
	mcr_attach_route_walk(a, MCR_AF_INET6, mcr_snap_hp_route, NULL);
	return 0;
}

static int mcr_pfx_qcmp(const void *a, const void *b)
{
	return mcr_prefix_cmp(a, b);
}

const void *mcr_st_hist_next(struct nb_cb_get_next_args *args)
{
	const struct mcr_prefix *p = args->list_entry;
	size_t i, j;

	if (!p) {
		snap_hp.n = 0;
		mcr_core_attach_walk(mcr_core, mcr_snap_hp_attach, NULL);
		if (!snap_hp.n)
			return NULL;
		qsort(snap_hp.v, snap_hp.n, sizeof(*snap_hp.v), mcr_pfx_qcmp);
		for (i = 1, j = 1; i < snap_hp.n; i++)
			if (!mcr_prefix_equal(&snap_hp.v[i], &snap_hp.v[j - 1]))
				snap_hp.v[j++] = snap_hp.v[i];
		snap_hp.n = j;
		return &snap_hp.v[0];
	}
	if (p == &snap_hp_one)
		return NULL;
	p++;
	return p < snap_hp.v + snap_hp.n ? p : NULL;
}

int mcr_st_hist_keys(struct nb_cb_get_keys_args *args)
{
	args->keys->num = 1;
	mcr_prefix2str(args->list_entry, args->keys->key[0],
		       sizeof(args->keys->key[0]));
	return NB_OK;
}

const void *mcr_st_hist_lookup(struct nb_cb_lookup_entry_args *args)
{
	if (!mcr_nb_prefix(args->keys->key[0], &snap_hp_one))
		return NULL;
	return &snap_hp_one;
}

struct yang_data *mcr_st_hist_elem(struct nb_cb_get_elem_args *args)
{
	if (strcmp(mcr_leaf(args->xpath), "prefix") == 0)
		return mcr_yd_prefix(args->xpath, args->list_entry);
	return NULL;
}

/* History entries of the prefix being iterated (a keyless list: entries
 * of one event share its sequence number). */
static struct {
	struct mcr_history_entry v[MCR_HISTORY_LEN];
	size_t n;
} snap_ev;

static int mcr_snap_ev_cb(const struct mcr_history_entry *h, void *arg)
{
	if (snap_ev.n < MCR_HISTORY_LEN)
		snap_ev.v[snap_ev.n++] = *h;
	return 0;
}

const void *mcr_st_event_next(struct nb_cb_get_next_args *args)
{
	const struct mcr_history_entry *h = args->list_entry;

	MCR_NEED_PARENT(args);
	if (!h) {
		snap_ev.n = 0;
		mcr_core_history(mcr_core, args->parent_list_entry,
				 mcr_snap_ev_cb, NULL);
		return snap_ev.n ? &snap_ev.v[0] : NULL;
	}
	h++;
	return h < snap_ev.v + snap_ev.n ? h : NULL;
}

struct yang_data *mcr_st_event_elem(struct nb_cb_get_elem_args *args)
{
	const struct mcr_history_entry *h = args->list_entry;
	const char *leaf = mcr_leaf(args->xpath);

	if (LEAF_IS("sequence"))
		return yang_data_new_uint64(args->xpath, h->seq);
	if (LEAF_IS("attachment") && h->attach)
		return yang_data_new_string(args->xpath, h->attach);
	if (LEAF_IS("route-table") && h->table)
		return yang_data_new_string(args->xpath, h->table);
	if (LEAF_IS("action"))
		return yang_data_new_string(args->xpath,
					    mcr_st_hist_action(h));
	if (LEAF_IS("reason") && mcr_st_reason_is_refusal(h->reason))
		return yang_data_new_string(args->xpath,
					    mcr_reason_name(h->reason));
	if (LEAF_IS("detail"))
		return yang_data_new_string(args->xpath,
					    mcr_hist_op_name(h->op));
	return NULL;
}

void mcr_nb_state_fini(void)
{
	XFREE(MTYPE_MCR_SNAP, snap_routes.v);
	XFREE(MTYPE_MCR_SNAP, snap_conf.v);
	XFREE(MTYPE_MCR_SNAP, snap_pend.v);
	XFREE(MTYPE_MCR_SNAP, snap_adv.v);
	XFREE(MTYPE_MCR_SNAP, snap_hp.v);
	memset(&snap_routes, 0, sizeof(snap_routes));
	memset(&snap_conf, 0, sizeof(snap_conf));
	memset(&snap_pend, 0, sizeof(snap_pend));
	memset(&snap_adv, 0, sizeof(snap_adv));
	memset(&snap_hp, 0, sizeof(snap_hp));
}
