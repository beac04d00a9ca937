/*
 * mcrouted northbound: configuration callbacks.
 *
 * Design: the per-node create/modify/destroy callbacks accept every value
 * the YANG model accepts and do nothing else; rules YANG cannot express
 * are checked in pre_validate callbacks on the whole candidate (each
 * attachment's assembled configuration goes through libmcr's own
 * validation there, so APPLY cannot fail).  After a commit has applied,
 * the apply_finish callback of the top container (run once per commit,
 * after all node callbacks) reconciles the daemon with the new running
 * configuration, in an order that keeps every libmcr call valid:
 *
 *   1. bogons (built-in + configured - exceptions);
 *   2. route tables that have a table-id: add, kernel id, ECMP, policy,
 *      protected prefixes;
 *   3. attachments: assemble struct mcr_attach_config (attachment value >
 *      its profile > built-in provider default), add or replace; neighbor
 *      and interface maps; approvals;
 *   4. static and blackhole routes;
 *   5. attachments, then tables, no longer configured (or without
 *      table-id) leave the core;
 *   6. tunnels (mcr_nb_tunnel.c) and the VICI socket, announced by hooks.
 *
 * All core calls of one commit share one batch and one delta buffer, which
 * mcr_deltas_apply() pushes out.  This is holo's "update config, process
 * once after the commit" and staticd's "assemble in apply_finish".
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#include <zebra.h>

#include "log.h"
#include "memory.h"
#include "northbound.h"
#include "yang.h"

#include "mcrouted.h"
#include "mcr_bgp.h"
#include "mcr_core.h"
#include "mcr_debug.h"
#include "mcr_nb.h"
#include "mcr_zebra.h"

DEFINE_MTYPE_STATIC(MCROUTED, MCR_CFG_TABLE, "mcrouted route table config");
DEFINE_MTYPE_STATIC(MCROUTED, MCR_CFG_ATTACH, "mcrouted attachment config");
DEFINE_MTYPE_STATIC(MCROUTED, MCR_CFG_PFX, "mcrouted configured prefix");

static const char *const mcr_bogons_builtin[] = {MCR_BOGONS_DEFAULT};

/* ---- lookups ----------------------------------------------------------- */

struct mcr_cfg_table *mcr_cfg_table_find(const char *name)
{
	struct mcr_cfg_table key = {};

	strlcpy(key.name, name, sizeof(key.name));
	return mcr_cfg_tables_find(&mcrd.tables, &key);
}

struct mcr_cfg_attach *mcr_cfg_attach_find(const char *name)
{
	struct mcr_cfg_attach key = {};

	strlcpy(key.name, name, sizeof(key.name));
	return mcr_cfg_attachs_find(&mcrd.attachs, &key);
}

/* ---- small helpers ----------------------------------------------------- */

/* Parse a canonical prefix string from the datastore (never fails for
 * values YANG accepted; returns false otherwise). */
bool mcr_nb_prefix(const char *s, struct mcr_prefix *p)
{
	return mcr_prefix_parse(s, false, false, p, NULL) == MCR_OK;
}

static bool mcr_nb_addr(const char *s, struct mcr_addr *a)
{
	return mcr_addr_parse(s, a, NULL) == MCR_OK;
}

/* The top container of the tree @dn belongs to. */
const struct lyd_node *mcr_nb_root(const struct lyd_node *dn)
{
	while (dn->parent)
		dn = lyd_parent(dn);
	return dn;
}

#define MCR_CHILDREN(parent, child)                                            \
	for ((child) = lyd_child(parent); (child); (child) = (child)->next)

static bool mcr_dn_is(const struct lyd_node *dn, const char *name)
{
	return strcmp(dn->schema->name, name) == 0;
}

static void mcr_pfxs_clear(struct mcr_cfg_pfxs_head *h)
{
	struct mcr_cfg_pfx *e;

	while ((e = mcr_cfg_pfxs_pop(h)))
		XFREE(MTYPE_MCR_CFG_PFX, e);
}

static struct mcr_cfg_pfx *mcr_pfx_new(const struct mcr_prefix *p)
{
	struct mcr_cfg_pfx *e = XCALLOC(MTYPE_MCR_CFG_PFX, sizeof(*e));

	e->p = *p;
	return e;
}

/* Is the route table @name usable by attachments (it has a table-id)? */
static bool mcr_table_active(const struct lyd_node *root, const char *name)
{
	return yang_dnode_existsf(root, "./route-table[name='%s']/table-id",
				  name);
}

/* ---- attachment configuration assembly --------------------------------- */

static int mcr_nb_enum(const struct lyd_node *dn, const char *path,
		       const char *const names[], int n, int dflt)
{
	const char *s;

	if (!yang_dnode_exists(dn, path))
		return dflt;
	s = yang_dnode_get_string(dn, path);
	for (int i = 0; i < n; i++)
		if (names[i] && strcmp(names[i], s) == 0)
			return i;
	return dflt;
}

/* Overrides a profile or an attachment may carry (grouping limit-policy,
 * ipv4-settings, ipv6-settings). */
static void mcr_profile_overrides(const struct lyd_node *dn,
				  struct mcr_profile *p)
{
	static const char *const fam[MCR_AFI_MAX] = {"ipv4", "ipv6"};
	char path[64];
	enum mcr_limit_action act;

	if (yang_dnode_exists(dn, "./limit-warning"))
		p->warn_pct = yang_dnode_get_uint8(dn, "./limit-warning");
	if (yang_dnode_exists(dn, "./limit-action") &&
	    mcr_limit_action_parse(yang_dnode_get_string(dn, "./limit-action"),
				   &act, NULL) == MCR_OK)
		p->limit_action = act;
	for (int f = 0; f < MCR_AFI_MAX; f++) {
		snprintf(path, sizeof(path), "./%s/inbound-limit", fam[f]);
		if (yang_dnode_exists(dn, path))
			p->in_limit[f] = yang_dnode_get_uint32(dn, path);
		snprintf(path, sizeof(path), "./%s/outbound-limit", fam[f]);
		if (yang_dnode_exists(dn, path))
			p->out_limit[f] = yang_dnode_get_uint32(dn, path);
		snprintf(path, sizeof(path), "./%s/min-prefix-length", fam[f]);
		if (yang_dnode_exists(dn, path))
			p->minlen[f] = yang_dnode_get_uint8(dn, path);
		snprintf(path, sizeof(path), "./%s/max-prefix-length", fam[f]);
		if (yang_dnode_exists(dn, path))
			p->maxlen[f] = yang_dnode_get_uint8(dn, path);
	}
}

static const char *const mcr_kind_names[] = {
	[MCR_ATTACH_CIRCUIT] = "circuit",
	[MCR_ATTACH_TUNNEL] = "tunnel",
	[MCR_ATTACH_STATIC] = "static",
};

enum mcr_provider mcr_nb_attach_provider(const struct lyd_node *adn)
{
	const struct lyd_node *root = mcr_nb_root(adn), *pdn;
	enum mcr_provider prov = MCR_PROV_GENERIC;

	if (yang_dnode_exists(adn, "./provider")) {
		mcr_provider_parse(yang_dnode_get_string(adn, "./provider"),
				   &prov, NULL);
		return prov;
	}
	if (yang_dnode_exists(adn, "./profile")) {
		pdn = yang_dnode_getf(root, "./profile[name='%s']",
				      yang_dnode_get_string(adn, "./profile"));
		if (pdn)
			mcr_provider_parse(yang_dnode_get_string(pdn,
								 "./provider"),
					   &prov, NULL);
	}
	return prov;
}

/*
 * Assemble the configuration of the attachment at @adn (a node of a
 * complete tree: candidate or running).  Tables without table-id are left
 * out.  MCR_OK, or an error with a message in @eb.
 */
enum mcr_err mcr_nb_attach_build(const struct lyd_node *adn,
				 struct mcr_attach_config *cfg,
				 struct mcr_errbuf *eb)
{
	const struct lyd_node *root = mcr_nb_root(adn), *pdn = NULL, *c;
	enum mcr_attach_kind kind;
	struct mcr_profile *p;
	const char *s;
	enum mcr_err err;

	kind = mcr_nb_enum(adn, "./kind", mcr_kind_names,
			   array_size(mcr_kind_names), MCR_ATTACH_CIRCUIT);
	memset(cfg, 0, sizeof(*cfg));
	mcr_attach_config_init(cfg, kind, mcr_nb_attach_provider(adn));
	p = &cfg->profile;

	p->defroute = strcmp(yang_dnode_get_string(root, "./default-route"),
			     "accept") == 0
			      ? MCR_DEFROUTE_ACCEPT
			      : MCR_DEFROUTE_REFUSE;
	if (yang_dnode_exists(adn, "./profile"))
		pdn = yang_dnode_getf(root, "./profile[name='%s']",
				      yang_dnode_get_string(adn, "./profile"));
	if (pdn) {
		if (yang_dnode_exists(pdn, "./peer-asn"))
			p->peer_asn = yang_dnode_get_uint32(pdn, "./peer-asn");
		if (yang_dnode_exists(pdn, "./reserved-asn")) {
			p->nreserved = 0;
			MCR_CHILDREN (pdn, c) {
				if (!mcr_dn_is(c, "reserved-asn"))
					continue;
				if (p->nreserved >= MCR_PROFILE_MAX_RESERVED)
					return mcr_error(
						eb, MCR_ELIMIT,
						"profile %s: at most %u reserved-asn entries",
						yang_dnode_get_string(pdn,
								      "./name"),
						MCR_PROFILE_MAX_RESERVED);
				p->reserved[p->nreserved].lo =
					p->reserved[p->nreserved].hi =
						yang_dnode_get_uint32(c, NULL);
				p->nreserved++;
			}
		}
		if (yang_dnode_exists(pdn, "./default-route"))
			p->defroute = strcmp(yang_dnode_get_string(
						     pdn, "./default-route"),
					     "accept") == 0
					      ? MCR_DEFROUTE_ACCEPT
					      : MCR_DEFROUTE_REFUSE;
		mcr_profile_overrides(pdn, p);
	}
	mcr_profile_overrides(adn, p);

	cfg->approval = strcmp(yang_dnode_get_string(adn, "./approval-mode"),
			       "manual") == 0
				? MCR_APPROVAL_MANUAL
				: MCR_APPROVAL_AUTO;
	if (yang_dnode_exists(adn, "./redundancy-group"))
		strlcpy(cfg->redgroup,
			yang_dnode_get_string(adn, "./redundancy-group"),
			sizeof(cfg->redgroup));
	if (yang_dnode_exists(adn, "./preference"))
		cfg->preference = yang_dnode_get_uint16(adn, "./preference");
	if (yang_dnode_exists(adn, "./associate")) {
		s = yang_dnode_get_string(adn, "./associate");
		if (mcr_table_active(root, s))
			strlcpy(cfg->assoc, s, sizeof(cfg->assoc));
	}
	MCR_CHILDREN (adn, c) {
		if (!mcr_dn_is(c, "propagate"))
			continue;
		s = yang_dnode_get_string(c, NULL);
		if (!mcr_table_active(root, s))
			continue;
		err = mcr_attach_config_propagate(cfg, s, eb);
		if (err != MCR_OK)
			return err;
	}
	cfg->admin_up = !yang_dnode_get_bool(adn, "./shutdown");

	err = mcr_profile_validate(p, eb);
	if (err != MCR_OK)
		return err;
	return mcr_attach_config_validate(cfg, eb);
}

/* ---- pre_validate (whole candidate) ------------------------------------ */

int mcr_nb_attach_pre_validate(struct nb_cb_pre_validate_args *args)
{
	const struct lyd_node *adn = args->dnode, *root, *o, *c, *c2;
	const char *name = yang_dnode_get_string(adn, "./name");
	struct mcr_attach_config cfg;
	struct mcr_errbuf eb;
	unsigned nnbr = 0, nnh = 0;

	if (mcr_nb_attach_build(adn, &cfg, &eb) != MCR_OK) {
		snprintf(args->errmsg, args->errmsg_len, "attachment %s: %s",
			 name, eb.msg);
		return NB_ERR_VALIDATION;
	}

	/* A BGP neighbor belongs to one attachment only. */
	root = mcr_nb_root(adn);
	MCR_CHILDREN (adn, c) {
		if (mcr_dn_is(c, "nexthop"))
			nnh++;
		if (!mcr_dn_is(c, "neighbor"))
			continue;
		nnbr++;
		MCR_CHILDREN (root, o) {
			if (o == adn || !mcr_dn_is(o, "attachment"))
				continue;
			MCR_CHILDREN (o, c2) {
				if (!mcr_dn_is(c2, "neighbor") ||
				    strcmp(yang_dnode_get_string(c2, NULL),
					   yang_dnode_get_string(c, NULL)))
					continue;
				snprintf(args->errmsg, args->errmsg_len,
					 "attachment %s: neighbor %s already belongs to attachment %s",
					 name, yang_dnode_get_string(c, NULL),
					 yang_dnode_get_string(o, "./name"));
				return NB_ERR_VALIDATION;
			}
		}
	}
	if (nnbr > MCR_CFG_ADDR_MAX || nnh > MCR_CFG_ADDR_MAX) {
		snprintf(args->errmsg, args->errmsg_len,
			 "attachment %s: at most %u neighbors and %u nexthops",
			 name, MCR_CFG_ADDR_MAX, MCR_CFG_ADDR_MAX);
		return NB_ERR_VALIDATION;
	}
	return NB_OK;
}

/* ---- generic node callbacks -------------------------------------------- */

/*
 * The nodes' own callbacks: nothing to do per node (see the file comment);
 * the commit is reconciled as a whole in mcr_nb_apply_finish().
 */
int mcr_nb_create(struct nb_cb_create_args *args)
{
	return NB_OK;
}

int mcr_nb_modify(struct nb_cb_modify_args *args)
{
	return NB_OK;
}

int mcr_nb_destroy(struct nb_cb_destroy_args *args)
{
	return NB_OK;
}

int mcr_nb_move(struct nb_cb_move_args *args)
{
	return NB_OK;
}

/* ---- reconcile: bogons ------------------------------------------------- */

/* Add @p minus every exception under @root to @out. */
static void mcr_bogon_add_minus(const struct lyd_node *root,
				const struct mcr_prefix *p,
				struct mcr_cfg_pfxs_head *out)
{
	const struct lyd_node *c;
	struct mcr_prefix ex, cur, half;

	MCR_CHILDREN (root, c) {
		if (!mcr_dn_is(c, "bogon-exception") ||
		    !mcr_nb_prefix(yang_dnode_get_string(c, NULL), &ex) ||
		    ex.family != p->family || !mcr_prefix_overlaps(p, &ex))
			continue;
		if (mcr_prefix_covers(&ex, p))
			return; /* wholly excepted */
		/* p strictly covers ex: keep the siblings along the path
		 * from p down to ex, each minus the other exceptions. */
		cur = *p;
		while (cur.len < ex.len) {
			half = ex;
			mcr_prefix_truncate(&half, cur.len + 1);
			/* the sibling of half under cur */
			half.addr[cur.len / 8] ^= 0x80 >> (cur.len % 8);
			mcr_bogon_add_minus(root, &half, out);
			cur = ex;
			mcr_prefix_truncate(&cur, half.len);
		}
		return;
	}
	if (!mcr_cfg_pfxs_find(out, &(struct mcr_cfg_pfx){.p = *p}))
		mcr_cfg_pfxs_add(out, mcr_pfx_new(p));
}

static void mcr_reconcile_bogons(const struct lyd_node *root,
				 struct mcr_deltas *d)
{
	struct mcr_cfg_pfxs_head want;
	struct mcr_cfg_pfx *e, *w;
	const struct lyd_node *c;
	struct mcr_prefix p;
	struct mcr_errbuf eb;

	mcr_cfg_pfxs_init(&want);
	if (yang_dnode_get_bool(root, "./builtin-bogons"))
		for (size_t i = 0; i < array_size(mcr_bogons_builtin); i++)
			if (mcr_nb_prefix(mcr_bogons_builtin[i], &p))
				mcr_bogon_add_minus(root, &p, &want);
	MCR_CHILDREN (root, c)
		if (mcr_dn_is(c, "bogon") &&
		    mcr_nb_prefix(yang_dnode_get_string(c, NULL), &p))
			mcr_bogon_add_minus(root, &p, &want);

	frr_each_safe (mcr_cfg_pfxs, &mcrd.bogons, e) {
		if (mcr_cfg_pfxs_find(&want, e))
			continue;
		if (mcr_core_bogon_del(mcr_core, &e->p, d, &eb) != MCR_OK)
			zlog_warn("bogon del: %s", eb.msg);
		mcr_cfg_pfxs_del(&mcrd.bogons, e);
		XFREE(MTYPE_MCR_CFG_PFX, e);
	}
	while ((w = mcr_cfg_pfxs_pop(&want))) {
		if (mcr_cfg_pfxs_find(&mcrd.bogons, w)) {
			XFREE(MTYPE_MCR_CFG_PFX, w);
			continue;
		}
		if (mcr_core_bogon_add(mcr_core, &w->p, d, &eb) != MCR_OK)
			zlog_warn("bogon add: %s", eb.msg);
		mcr_cfg_pfxs_add(&mcrd.bogons, w);
	}
	mcr_cfg_pfxs_fini(&want);
}

/* ---- reconcile: tables ------------------------------------------------- */

static void mcr_cfg_table_free(struct mcr_cfg_table *t)
{
	mcr_pfxs_clear(&t->statics);
	mcr_cfg_pfxs_fini(&t->statics);
	mcr_pfxs_clear(&t->protect);
	mcr_cfg_pfxs_fini(&t->protect);
	XFREE(MTYPE_MCR_CFG_TABLE, t);
}

static struct mcr_cfg_table *mcr_cfg_table_get(const char *name)
{
	struct mcr_cfg_table *t = mcr_cfg_table_find(name);

	if (t)
		return t;
	t = XCALLOC(MTYPE_MCR_CFG_TABLE, sizeof(*t));
	strlcpy(t->name, name, sizeof(t->name));
	mcr_cfg_pfxs_init(&t->statics);
	mcr_cfg_pfxs_init(&t->protect);
	mcr_cfg_tables_add(&mcrd.tables, t);
	return t;
}

static bool mcr_kernel_id_used(uint32_t id, const struct mcr_cfg_table *self)
{
	struct mcr_cfg_table *t;

	frr_each (mcr_cfg_tables, &mcrd.tables, t)
		if (t != self && t->table_id == id)
			return true;
	return false;
}

/* Give @t kernel table @id; if another table still holds @id (a swap in
 * one commit), that one moves to a free temporary id first. */
static void mcr_cfg_table_set_id(struct mcr_cfg_table *t, uint32_t id,
			     struct mcr_deltas *d)
{
	struct mcr_cfg_table *o;
	struct mcr_errbuf eb;
	uint32_t tmp = 0xfffffffe;

	frr_each (mcr_cfg_tables, &mcrd.tables, o) {
		if (o == t || o->table_id != id)
			continue;
		while (mcr_kernel_id_used(tmp, NULL))
			tmp--;
		if (mcr_core_table_set_kernel_id(mcr_core, o->name, tmp, d,
						 &eb) == MCR_OK)
			o->table_id = tmp;
	}
	if (!t->table_id) {
		if (mcr_core_table_add(mcr_core, t->name, id, d, &eb) !=
		    MCR_OK) {
			zlog_err("route-table %s: %s", t->name, eb.msg);
			return;
		}
		/* fresh in the core: settings and sets start empty */
		t->ecmp = false;
		t->policy = MCR_CONFLICT_REPORT;
		mcr_pfxs_clear(&t->statics);
		mcr_pfxs_clear(&t->protect);
	} else if (mcr_core_table_set_kernel_id(mcr_core, t->name, id, d,
						&eb) != MCR_OK) {
		zlog_err("route-table %s: %s", t->name, eb.msg);
		return;
	}
	t->table_id = id;
}

static void mcr_reconcile_table(const struct lyd_node *tdn,
				struct mcr_deltas *d)
{
	struct mcr_cfg_table *t;
	const struct lyd_node *c;
	struct mcr_cfg_pfxs_head want;
	struct mcr_cfg_pfx *e;
	struct mcr_errbuf eb;
	struct mcr_prefix p;
	enum mcr_conflict_policy pol = MCR_CONFLICT_REPORT;
	bool ecmp;

	t = mcr_cfg_table_get(yang_dnode_get_string(tdn, "./name"));
	t->mark = true;
	if (!yang_dnode_exists(tdn, "./table-id"))
		return; /* inactive: removed from the core in step 5 */
	if (t->table_id != yang_dnode_get_uint32(tdn, "./table-id"))
		mcr_cfg_table_set_id(t, yang_dnode_get_uint32(tdn, "./table-id"),
				 d);
	if (!t->table_id)
		return;

	ecmp = yang_dnode_get_bool(tdn, "./ecmp");
	if (ecmp != t->ecmp &&
	    mcr_core_table_set_ecmp(mcr_core, t->name, ecmp, d, &eb) == MCR_OK)
		t->ecmp = ecmp;
	mcr_conflict_policy_parse(yang_dnode_get_string(tdn,
							"./conflict-policy"),
				  &pol, NULL);
	if (pol != t->policy &&
	    mcr_core_table_set_policy(mcr_core, t->name, pol, d, &eb) == MCR_OK)
		t->policy = pol;

	mcr_cfg_pfxs_init(&want);
	MCR_CHILDREN (tdn, c)
		if (mcr_dn_is(c, "protected-prefix") &&
		    mcr_nb_prefix(yang_dnode_get_string(c, NULL), &p) &&
		    !mcr_cfg_pfxs_find(&want, &(struct mcr_cfg_pfx){.p = p}))
			mcr_cfg_pfxs_add(&want, mcr_pfx_new(&p));
	frr_each_safe (mcr_cfg_pfxs, &t->protect, e) {
		if (mcr_cfg_pfxs_find(&want, e))
			continue;
		mcr_core_table_protect(mcr_core, t->name, &e->p, false, d,
				       &eb);
		mcr_cfg_pfxs_del(&t->protect, e);
		XFREE(MTYPE_MCR_CFG_PFX, e);
	}
	while ((e = mcr_cfg_pfxs_pop(&want))) {
		if (mcr_cfg_pfxs_find(&t->protect, e) ||
		    mcr_core_table_protect(mcr_core, t->name, &e->p, true, d,
					   &eb) != MCR_OK) {
			XFREE(MTYPE_MCR_CFG_PFX, e);
			continue;
		}
		mcr_cfg_pfxs_add(&t->protect, e);
	}
	mcr_cfg_pfxs_fini(&want);
}

/* Nexthop of a static route to @a for prefixes of @family: the first
 * gateway (static attachment) or neighbor (circuit) of that family. */
static struct mcr_addr mcr_static_nh(const struct mcr_cfg_attach *a,
				     uint8_t family)
{
	struct mcr_addr nh = {};

	if (!a)
		return nh;
	for (unsigned i = 0; i < a->nnh; i++)
		if (a->nh[i].family == family)
			return a->nh[i];
	for (unsigned i = 0; i < a->nnbr; i++) {
		if (family == MCR_AF_INET && a->nbr[i].ipa_type == IPADDR_V4) {
			nh.family = MCR_AF_INET;
			memcpy(nh.addr, &a->nbr[i].ipaddr_v4, 4);
			return nh;
		}
		if (family == MCR_AF_INET6 &&
		    a->nbr[i].ipa_type == IPADDR_V6) {
			nh.family = MCR_AF_INET6;
			memcpy(nh.addr, &a->nbr[i].ipaddr_v6, 16);
			return nh;
		}
	}
	return nh;
}

static void mcr_reconcile_statics(const struct lyd_node *tdn,
				  struct mcr_deltas *d)
{
	struct mcr_cfg_table *t;
	const struct lyd_node *c;
	struct mcr_cfg_pfxs_head want;
	struct mcr_cfg_pfx *e, *have;
	struct mcr_errbuf eb;
	struct mcr_prefix p;
	enum mcr_err err;

	t = mcr_cfg_table_find(yang_dnode_get_string(tdn, "./name"));
	if (!t || !t->table_id)
		return;

	mcr_cfg_pfxs_init(&want);
	MCR_CHILDREN (tdn, c) {
		if (mcr_dn_is(c, "static-route") &&
		    mcr_nb_prefix(yang_dnode_get_string(c, "./prefix"), &p)) {
			struct mcr_cfg_attach *a = mcr_cfg_attach_find(
				yang_dnode_get_string(c, "./attachment"));

			/* to an attachment not (or no longer) configured:
			 * inactive until it is */
			if (!a || !a->mark || !a->in_core)
				continue;
			e = mcr_pfx_new(&p);
			strlcpy(e->attach, a->name, sizeof(e->attach));
			e->nh = mcr_static_nh(a, p.family);
		} else if (mcr_dn_is(c, "blackhole-route") &&
			   mcr_nb_prefix(yang_dnode_get_string(c, NULL), &p)) {
			e = mcr_pfx_new(&p);
		} else
			continue;
		if (mcr_cfg_pfxs_add(&want, e))
			XFREE(MTYPE_MCR_CFG_PFX, e);
	}
	/* Removals first, so a prefix changing kind is free again. */
	frr_each_safe (mcr_cfg_pfxs, &t->statics, e) {
		struct mcr_cfg_pfx *w = mcr_cfg_pfxs_find(&want, e);

		if (w && strcmp(w->attach, e->attach) == 0 &&
		    memcmp(&w->nh, &e->nh, sizeof(e->nh)) == 0)
			continue;
		mcr_core_static_del(mcr_core, t->name, &e->p, d, &eb);
		mcr_cfg_pfxs_del(&t->statics, e);
		XFREE(MTYPE_MCR_CFG_PFX, e);
	}
	while ((e = mcr_cfg_pfxs_pop(&want))) {
		have = mcr_cfg_pfxs_find(&t->statics, e);
		if (have) {
			XFREE(MTYPE_MCR_CFG_PFX, e);
			continue;
		}
		if (e->attach[0])
			err = mcr_core_static_set(mcr_core, t->name, &e->p,
						  e->attach,
						  e->nh.family ? &e->nh : NULL,
						  d, &eb);
		else
			err = mcr_core_blackhole_set(mcr_core, t->name, &e->p,
						     d, &eb);
		if (err != MCR_OK) {
			zlog_err("route-table %s: route: %s", t->name, eb.msg);
			XFREE(MTYPE_MCR_CFG_PFX, e);
			continue;
		}
		mcr_cfg_pfxs_add(&t->statics, e);
	}
	mcr_cfg_pfxs_fini(&want);
}

/* ---- reconcile: attachments -------------------------------------------- */

static void mcr_cfg_attach_free(struct mcr_cfg_attach *a)
{
	mcr_pfxs_clear(&a->approved);
	mcr_cfg_pfxs_fini(&a->approved);
	XFREE(MTYPE_MCR_CFG_ATTACH, a);
}

struct mcr_approve_ctx {
	const struct mcr_cfg_attach *a;
	const struct mcr_cfg_pfx *e;
	struct mcr_prefix found[64];
	unsigned n;
};

static int mcr_approve_pending_cb(const char *attach,
				  const struct mcr_prefix *p, void *arg)
{
	struct mcr_approve_ctx *ctx = arg;

	if (strcmp(attach, ctx->a->name) || ctx->n >= array_size(ctx->found))
		return 0;
	if (mcr_prefix_covers(&ctx->e->p, p) && p->len <= ctx->e->maxlen)
		ctx->found[ctx->n++] = *p;
	return 0;
}

bool mcr_nb_approved_covers(const char *attach, const struct mcr_prefix *p)
{
	struct mcr_cfg_attach *a = mcr_cfg_attach_find(attach);
	struct mcr_cfg_pfx *e;

	if (!a)
		return false;
	frr_each (mcr_cfg_pfxs, &a->approved, e)
		if (e->maxlen && e->p.family == p->family &&
		    mcr_prefix_covers(&e->p, p) && p->len <= e->maxlen)
			return true;
	return false;
}

static void mcr_reconcile_approvals(struct mcr_cfg_attach *a,
				    const struct lyd_node *adn,
				    struct mcr_deltas *d)
{
	struct mcr_cfg_pfxs_head want;
	struct mcr_cfg_pfx *e;
	const struct lyd_node *c;
	struct mcr_errbuf eb;
	struct mcr_prefix p;

	mcr_cfg_pfxs_init(&want);
	MCR_CHILDREN (adn, c) {
		if (!mcr_dn_is(c, "approved-prefix") ||
		    !mcr_nb_prefix(yang_dnode_get_string(c, "./prefix"), &p))
			continue;
		e = mcr_pfx_new(&p);
		if (yang_dnode_exists(c, "./max-length"))
			e->maxlen = yang_dnode_get_uint8(c, "./max-length");
		mcr_cfg_pfxs_add(&want, e);
	}
	frr_each_safe (mcr_cfg_pfxs, &a->approved, e) {
		struct mcr_cfg_pfx *w = mcr_cfg_pfxs_find(&want, e);

		if (w && w->maxlen == e->maxlen)
			continue;
		if (!w)
			mcr_core_approve(mcr_core, a->name, &e->p, false, d,
					 &eb);
		mcr_cfg_pfxs_del(&a->approved, e);
		XFREE(MTYPE_MCR_CFG_PFX, e);
	}
	while ((e = mcr_cfg_pfxs_pop(&want))) {
		if (mcr_cfg_pfxs_find(&a->approved, e)) {
			XFREE(MTYPE_MCR_CFG_PFX, e);
			continue;
		}
		mcr_core_approve(mcr_core, a->name, &e->p, true, d, &eb);
		if (e->maxlen) {
			struct mcr_approve_ctx ctx = {.a = a, .e = e};

			mcr_core_pending_walk(mcr_core, mcr_approve_pending_cb,
					      &ctx);
			for (unsigned i = 0; i < ctx.n; i++)
				mcr_core_approve(mcr_core, a->name,
						 &ctx.found[i], true, d, &eb);
		}
		mcr_cfg_pfxs_add(&a->approved, e);
	}
	mcr_cfg_pfxs_fini(&want);
}

/* BGP peers of a tunnel attachment without 'neighbor': the remote inside
 * address(es) of its tunnel (mcr_nb_tunnel_peers()). */
static unsigned mcr_tunnel_peers(const struct lyd_node *adn,
				 struct ipaddr *out, unsigned max)
{
	const struct lyd_node *tdn;

	if (!yang_dnode_exists(adn, "./tunnel"))
		return 0;
	tdn = yang_dnode_getf(mcr_nb_root(adn), "./tunnel[name='%s']",
			      yang_dnode_get_string(adn, "./tunnel"));
	return tdn ? mcr_nb_tunnel_peers(tdn, out, max) : 0;
}

static bool mcr_reconcile_attach(const struct lyd_node *adn,
				 struct mcr_deltas *d)
{
	const char *name = yang_dnode_get_string(adn, "./name");
	struct mcr_cfg_attach *a = mcr_cfg_attach_find(name);
	struct mcr_attach_config cfg;
	struct ipaddr nbr[MCR_CFG_ADDR_MAX];
	unsigned nnbr = 0;
	const struct lyd_node *c;
	struct mcr_errbuf eb;
	bool nbr_changed = false, was_tunnel;
	const char *ifname;

	if (!a) {
		a = XCALLOC(MTYPE_MCR_CFG_ATTACH, sizeof(*a));
		strlcpy(a->name, name, sizeof(a->name));
		mcr_cfg_pfxs_init(&a->approved);
		mcr_cfg_attachs_add(&mcrd.attachs, a);
	}
	a->mark = true;

	if (mcr_nb_attach_build(adn, &cfg, &eb) != MCR_OK) {
		/* pre_validate refused such configs; keep the old one */
		zlog_err("attachment %s: %s", name, eb.msg);
		return false;
	}
	was_tunnel = a->in_core && a->cfg.kind == MCR_ATTACH_TUNNEL;
	if (!a->in_core) {
		if (mcr_core_attach_add(mcr_core, name, &cfg, d, &eb) ==
		    MCR_OK) {
			a->in_core = true;
			a->cfg = cfg;
			/* a tunnel attachment waits for its tunnel */
			if (cfg.kind == MCR_ATTACH_TUNNEL)
				mcr_core_attach_oper(mcr_core, name, false, d,
						     &eb);
		} else
			zlog_err("attachment %s: %s", name, eb.msg);
	} else if (memcmp(&cfg, &a->cfg, sizeof(cfg)) != 0) {
		if (mcr_core_attach_set(mcr_core, name, &cfg, d, &eb) ==
		    MCR_OK) {
			a->cfg = cfg;
			if (!was_tunnel && cfg.kind == MCR_ATTACH_TUNNEL)
				mcr_core_attach_oper(mcr_core, name, false, d,
						     &eb);
			else if (was_tunnel && cfg.kind != MCR_ATTACH_TUNNEL)
				mcr_core_attach_oper(mcr_core, name, true, d,
						     &eb);
		} else
			zlog_err("attachment %s: %s", name, eb.msg);
	}

	/* tunnel, interface */
	a->tunnel[0] = '\0';
	if (yang_dnode_exists(adn, "./tunnel"))
		strlcpy(a->tunnel, yang_dnode_get_string(adn, "./tunnel"),
			sizeof(a->tunnel));
	ifname = yang_dnode_exists(adn, "./interface")
			 ? yang_dnode_get_string(adn, "./interface")
			 : "";
	if (strcmp(ifname, a->ifname)) {
		strlcpy(a->ifname, ifname, sizeof(a->ifname));
		mcr_attach_iface_set(name, ifname);
		/* link-local nexthops are attributed by interface */
		nbr_changed = true;
	}

	/* neighbors and static gateways */
	a->nnh = 0;
	MCR_CHILDREN (adn, c) {
		if (mcr_dn_is(c, "nexthop") && a->nnh < MCR_CFG_ADDR_MAX &&
		    mcr_nb_addr(yang_dnode_get_string(c, NULL),
				&a->nh[a->nnh]))
			a->nnh++;
		if (mcr_dn_is(c, "neighbor") && nnbr < MCR_CFG_ADDR_MAX)
			yang_dnode_get_ip(&nbr[nnbr++], c, NULL);
	}
	if (!nnbr && cfg.kind == MCR_ATTACH_TUNNEL)
		nnbr = mcr_tunnel_peers(adn, nbr, MCR_CFG_ADDR_MAX);
	for (unsigned i = 0; i < a->nnbr; i++) {
		unsigned j;

		for (j = 0; j < nnbr; j++)
			if (!ipaddr_cmp(&a->nbr[i], &nbr[j]))
				break;
		if (j == nnbr) {
			mcr_neighbor_set(name, &a->nbr[i], false);
			nbr_changed = true;
		}
	}
	for (unsigned j = 0; j < nnbr; j++) {
		unsigned i;

		for (i = 0; i < a->nnbr; i++)
			if (!ipaddr_cmp(&a->nbr[i], &nbr[j]))
				break;
		if (i == a->nnbr) {
			mcr_neighbor_set(name, &nbr[j], true);
			nbr_changed = true;
		}
	}
	memcpy(a->nbr, nbr, sizeof(nbr));
	a->nnbr = nnbr;

	if (a->in_core)
		mcr_reconcile_approvals(a, adn, d);
	return nbr_changed;
}

/* ---- apply_finish ------------------------------------------------------ */

void mcr_nb_apply_finish(struct nb_cb_apply_finish_args *args)
{
	const struct lyd_node *root = args->dnode, *c;
	struct mcr_deltas *d = mcr_deltas_scratch();
	struct mcr_cfg_table *t;
	struct mcr_cfg_attach *a;
	struct mcr_errbuf eb;
	bool nbr_changed = false;

	mcrd.distance = yang_dnode_get_uint8(root, "./distance");

	mcr_core_batch_begin(mcr_core);
	mcr_reconcile_bogons(root, d);

	frr_each (mcr_cfg_tables, &mcrd.tables, t)
		t->mark = false;
	frr_each (mcr_cfg_attachs, &mcrd.attachs, a)
		a->mark = false;

	MCR_CHILDREN (root, c)
		if (mcr_dn_is(c, "route-table"))
			mcr_reconcile_table(c, d);
	MCR_CHILDREN (root, c)
		if (mcr_dn_is(c, "attachment") && mcr_reconcile_attach(c, d))
			nbr_changed = true;
	MCR_CHILDREN (root, c)
		if (mcr_dn_is(c, "route-table"))
			mcr_reconcile_statics(c, d);

	frr_each_safe (mcr_cfg_attachs, &mcrd.attachs, a) {
		if (a->mark)
			continue;
		if (a->in_core &&
		    mcr_core_attach_del(mcr_core, a->name, d, &eb) != MCR_OK)
			zlog_err("attachment %s: %s", a->name, eb.msg);
		if (a->nnbr)
			nbr_changed = true;
		mcr_neighbor_del_attach(a->name);
		mcr_attach_iface_set(a->name, NULL);
		mcr_cfg_attachs_del(&mcrd.attachs, a);
		mcr_cfg_attach_free(a);
	}
	frr_each_safe (mcr_cfg_tables, &mcrd.tables, t) {
		bool active = t->mark && yang_dnode_existsf(
				root, "./route-table[name='%s']/table-id",
				t->name);

		if (active)
			continue;
		if (t->table_id &&
		    mcr_core_table_del(mcr_core, t->name, d, &eb) != MCR_OK)
			zlog_err("route-table %s: %s", t->name, eb.msg);
		t->table_id = 0;
		mcr_pfxs_clear(&t->statics);
		mcr_pfxs_clear(&t->protect);
		if (!t->mark) {
			mcr_cfg_tables_del(&mcrd.tables, t);
			mcr_cfg_table_free(t);
		}
	}
	mcr_core_batch_end(mcr_core, d);
	mcr_deltas_apply(d);

	mcr_nb_tunnel_reconcile(root);
	if (nbr_changed)
		mcr_zebra_reclassify();
	/* attachments, neighbors, AS-path modes: bgpd policy may change */
	mcr_bgp_schedule();
	MCR_DEBUG_NB("configuration applied: %zu tables, %zu attachments",
		     mcr_cfg_tables_count(&mcrd.tables),
		     mcr_cfg_attachs_count(&mcrd.attachs));
}

void mcr_nb_config_init(void)
{
	struct mcr_prefix p;

	mcr_cfg_tables_init(&mcrd.tables);
	mcr_cfg_attachs_init(&mcrd.attachs);
	mcr_cfg_pfxs_init(&mcrd.bogons);
	/* mcr_core_new() installed the built-in bogons */
	for (size_t i = 0; i < array_size(mcr_bogons_builtin); i++)
		if (mcr_nb_prefix(mcr_bogons_builtin[i], &p))
			mcr_cfg_pfxs_add(&mcrd.bogons, mcr_pfx_new(&p));
}

void mcr_nb_config_fini(void)
{
	struct mcr_cfg_table *t;
	struct mcr_cfg_attach *a;

	while ((a = mcr_cfg_attachs_pop(&mcrd.attachs)))
		mcr_cfg_attach_free(a);
	while ((t = mcr_cfg_tables_pop(&mcrd.tables)))
		mcr_cfg_table_free(t);
	mcr_pfxs_clear(&mcrd.bogons);
	mcr_cfg_pfxs_fini(&mcrd.bogons);
}
