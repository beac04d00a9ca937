/*
 * mcrouted: derived operational state (see mcr_state.h).
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#include <zebra.h>

#include "hook.h"

#include "mcrouted.h"
#include "mcr_core.h"
#include "mcr_nb.h"
#include "mcr_state.h"

void mcr_st_route_fill(struct mcr_st_route *r, const struct mcr_prefix *p,
		       const struct mcr_rsel *sel)
{
	r->p = *p;
	r->sel = *sel;
}

static void mcr_st_nh_set(struct mcr_st_nh *nh, const char *attach,
			  const struct mcr_addr *addr)
{
	const char *ifname = mcr_attach_iface(attach);

	nh->attach = attach;
	if (addr)
		nh->addr = *addr;
	else
		memset(&nh->addr, 0, sizeof(nh->addr));
	strlcpy(nh->ifname, ifname ? ifname : "", sizeof(nh->ifname));
}

unsigned mcr_st_route_nhs(const struct mcr_rsel *sel, struct mcr_st_nh *out,
			  unsigned max)
{
	unsigned n = 0;

	if (sel->kind == MCR_RK_STATIC && sel->n && n < max)
		mcr_st_nh_set(&out[n++], sel->src[0]->name,
			      sel->static_nh.family ? &sel->static_nh : NULL);
	for (unsigned i = 0; sel->kind == MCR_RK_PROPAGATED && i < sel->n;
	     i++)
		for (unsigned j = 0; j < sel->route[i]->nnh && n < max; j++)
			mcr_st_nh_set(&out[n++], sel->src[i]->name,
				      &sel->route[i]->nh[j]);
	return n;
}

static bool mcr_st_propagates(const struct mcr_attach *ca, const char *table)
{
	const struct mcr_attach_config *cfg = mcr_attach_config(ca);

	for (unsigned i = 0; i < cfg->npropagate; i++)
		if (!strcmp(cfg->propagate[i], table))
			return true;
	return false;
}

struct mcr_st_conf_ctx {
	const struct mcr_cfg_table *t;
	const struct mcr_rtable *rt;
	int (*cb)(const struct mcr_st_conflict *c, void *arg);
	void *arg;
};

static bool mcr_st_excluded(const struct mcr_rtable *rt,
			    const struct mcr_attach *ca,
			    const struct mcr_prefix *p)
{
	struct mcr_attach_route ar;

	if (!mcr_attach_route_find(ca, p, &ar) || !ar.route)
		return false;
	return mcr_rtable_path_excluded(rt, p, ar.route);
}

static int mcr_st_conf_cb(const struct mcr_conflict_info *ci, void *arg)
{
	struct mcr_st_conf_ctx *ctx = arg;
	const struct mcr_attach *a = mcr_core_attach_find(mcr_core, ci->a);
	const struct mcr_attach *b = mcr_core_attach_find(mcr_core, ci->b);
	struct mcr_st_conflict c = {.ci = *ci};
	bool xa, xb;

	if (!a || !b || !mcr_st_propagates(a, ctx->t->name) ||
	    !mcr_st_propagates(b, ctx->t->name))
		return 0;
	c.policy = mcr_rtable_policy(ctx->rt);
	xa = mcr_st_excluded(ctx->rt, a, &ci->pa);
	xb = mcr_st_excluded(ctx->rt, b, &ci->pb);
	if (xa && xb)
		c.resolution = "both-rejected";
	else if (xa || xb) {
		c.resolution = "attachment-won";
		c.winner = xa ? ci->b : ci->a;
	} else
		c.resolution = "both-kept";
	return ctx->cb(&c, ctx->arg);
}

int mcr_st_table_conflicts(const struct mcr_cfg_table *t,
			   int (*cb)(const struct mcr_st_conflict *c,
				     void *arg),
			   void *arg)
{
	struct mcr_st_conf_ctx ctx = {.t = t, .cb = cb, .arg = arg};

	ctx.rt = mcr_core_table_find(mcr_core, t->name);
	if (!ctx.rt)
		return 0;
	return mcr_core_conflict_walk(mcr_core, mcr_st_conf_cb, &ctx);
}

bool mcr_st_attach_reason(const struct mcr_cfg_attach *a, char *buf,
			  size_t size)
{
	const struct mcr_attach *ca = mcr_core_attach_find(mcr_core, a->name);

	if (!ca) {
		snprintf(buf, size, "configuration not applied");
		return true;
	}
	if (mcr_attach_is_up(ca))
		return false;
	if (!a->cfg.admin_up)
		snprintf(buf, size, "shutdown");
	else if (a->cfg.kind == MCR_ATTACH_TUNNEL && !a->tunnel[0])
		snprintf(buf, size, "no tunnel configured");
	else if (a->cfg.kind == MCR_ATTACH_TUNNEL)
		snprintf(buf, size, "tunnel %s is down", a->tunnel);
	else
		snprintf(buf, size, "operationally down");
	return true;
}

bool mcr_st_reason_is_refusal(enum mcr_reason r)
{
	switch (r) {
	case MCR_R_BOGON:
	case MCR_R_DEFAULT_ROUTE:
	case MCR_R_PREFIX_LEN:
	case MCR_R_LIMIT:
	case MCR_R_CONFLICT:
		return true;
	default:
		return false;
	}
}

uint64_t mcr_st_refused(const struct mcr_attach_counters *c)
{
	uint64_t n = 0;

	for (int r = 0; r < MCR_R_MAX; r++)
		if (mcr_st_reason_is_refusal(r))
			n += c->refused[r];
	return n;
}

const char *mcr_st_limit_status(enum mcr_limit_state s)
{
	switch (s) {
	case MCR_LIMIT_OK:
		return "normal";
	case MCR_LIMIT_WARNING:
		return "warning";
	default:
		return "exceeded";
	}
}

void mcr_st_export_get(const struct mcr_cfg_attach *a,
		       struct mcr_st_export *ex)
{
	const struct mcr_attach *ca = mcr_core_attach_find(mcr_core, a->name);
	const struct mcr_export *e = mcr_core_export_find(mcr_core, a->name);
	const struct mcr_rtable *t = e ? mcr_export_table(e) : NULL;
	struct mcr_export_status st;
	bool failed = false;

	memset(ex, 0, sizeof(*ex));
	ex->table = t ? mcr_rtable_name(t) : NULL;
	for (uint8_t f = MCR_AF_INET; e && f <= MCR_AF_INET6; f += 2) {
		mcr_export_status(e, f, &st);
		ex->wanted += st.wanted;
		ex->advertised += st.advertised;
		ex->summarized |= st.summarized;
		failed |= st.failed;
		if (!ex->reason[0] && st.reason[0])
			strlcpy(ex->reason, st.reason, sizeof(ex->reason));
	}
	if (!ca || !mcr_attach_is_up(ca))
		ex->status = "down";
	else if (!t)
		ex->status = "not-associated";
	else if (failed)
		ex->status = "no-valid-summary";
	else if (ex->summarized)
		ex->status = "summarized";
	else
		ex->status = "ok";
}

void mcr_st_tunnel_oper(const struct mcr_tunnel_cfg *cfg,
			struct mcr_tunnel_oper *o)
{
	memset(o, 0, sizeof(*o));
	mcr_nb_tunnel_oper(cfg->name, o);
	if (o->valid)
		return;
	o->status = MCR_TOPER_DOWN;
	snprintf(o->reason, sizeof(o->reason), "%s",
		 !cfg->admin_up ? "shutdown"
				: "no tunnel runtime reported its state");
}

const char *mcr_st_toper_status(enum mcr_toper_status s)
{
	switch (s) {
	case MCR_TOPER_CONNECTING:
		return "connecting";
	case MCR_TOPER_UP:
		return "up";
	case MCR_TOPER_UNSUPPORTED:
		return "unsupported";
	default:
		return "down";
	}
}

static int mcr_st_count_table(const struct mcr_rtable *t, void *arg)
{
	struct mcr_st_counts *c = arg;

	c->routes += mcr_rtable_count(t, MCR_AF_INET) +
		     mcr_rtable_count(t, MCR_AF_INET6);
	return 0;
}

static int mcr_st_count_pending(const char *attach, const struct mcr_prefix *p,
				void *arg)
{
	((struct mcr_st_counts *)arg)->pending++;
	return 0;
}

void mcr_st_counts(struct mcr_st_counts *c)
{
	memset(c, 0, sizeof(*c));
	mcr_core_table_walk(mcr_core, mcr_st_count_table, c);
	mcr_core_pending_walk(mcr_core, mcr_st_count_pending, c);
	c->conflicts = mcr_core_conflict_count(mcr_core);
}

const char *mcr_st_hist_action(const struct mcr_history_entry *h)
{
	switch (h->op) {
	case MCR_H_ANNOUNCE:
	case MCR_H_REEVAL:
		if (h->reason == MCR_R_NONE)
			return h->op == MCR_H_ANNOUNCE ? "announce" : "accept";
		if (h->reason == MCR_R_PENDING)
			return "pending";
		if (h->reason == MCR_R_CONFLICT)
			return "conflict";
		if (mcr_st_reason_is_refusal(h->reason))
			return "refuse";
		return h->op == MCR_H_ANNOUNCE ? "announce" : "accept";
	case MCR_H_WITHDRAW:
		return "withdraw";
	case MCR_H_INSTALL:
		return "select";
	case MCR_H_UNINSTALL:
		return "deselect";
	}
	return "announce";
}
