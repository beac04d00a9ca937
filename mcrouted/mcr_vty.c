/*
 * mcrouted CLI: show and exec commands.
 *
 * Every show command has a json form whose keys are the YANG state leaves
 * in camelCase (mcr_state.h computes the values for both).  Objects are
 * keyed by name or prefix, as FRR's own json output is.
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
#include "command.h"
#include "json.h"
#include "linklist.h"
#include "northbound_cli.h"
#include "yang.h"
#include "vty.h"

#include "mcr/mem.h"
#include "mcr/pipeline.h"

#include "mcrouted.h"
#include "mcr_core.h"
#include "mcr_nb.h"
#include "mcr_state.h"
#include "mcr_vty.h"
#include "mcr_zebra.h"

#ifndef VTYSH_EXTRACT_PL
#include "mcrouted/mcr_vty_clippy.c"
#endif

#define MCR_SHOW_STR "Multi-cloud transit router (mcrouted)\n"

static const char *mcr_p2s(const struct mcr_prefix *p, char *buf)
{
	return mcr_prefix2str(p, buf, MCR_PREFIX_STRLEN);
}

/* Print @js as json, or hand it to @text for a human rendering. */
static int mcr_out(struct vty *vty, bool json, json_object *js,
		   void (*text)(struct vty *vty, json_object *js))
{
	if (json) {
		vty_json(vty, js);
		return CMD_SUCCESS;
	}
	text(vty, js);
	json_object_free(js);
	return CMD_SUCCESS;
}

/* A json value for text output: "-" if absent, arrays as "a, b" (in a
 * buffer that lives until the next call with an array). */
static const char *jstr(json_object *o, const char *key)
{
	static char buf[1024];
	json_object *v;
	size_t n;

	if (!json_object_object_get_ex(o, key, &v))
		return "-";
	if (!json_object_is_type(v, json_type_array))
		return json_object_get_string(v);
	n = json_object_array_length(v);
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i)
			strlcat(buf, ", ", sizeof(buf));
		strlcat(buf,
			json_object_get_string(json_object_array_get_idx(v, i)),
			sizeof(buf));
	}
	return n ? buf : "-";
}

/* ---- show mcr status --------------------------------------------------- */

DEFPY(show_mcr_status, show_mcr_status_cmd, "show mcr status [json$json]",
      SHOW_STR MCR_SHOW_STR
      "Daemon status\n"
      JSON_STR)
{
	struct mcr_cfg_table *t;
	struct mcr_zebra_stats zs;
	struct mcr_st_counts cnt;
	json_object *js, *jtables;

	mcr_zebra_stats(&zs);
	mcr_st_counts(&cnt);

	if (json) {
		js = json_object_new_object();
		json_object_string_add(js, "version", FRR_VERSION);
		json_object_boolean_add(js, "zebraConnected",
					mcr_zebra_is_connected());
		json_object_int_add(js, "distance", mcrd.distance);
		json_object_int_add(js, "bgpRoutes", zs.bgp_routes);
		json_object_int_add(js, "bgpRoutesUnclassified", zs.unclassified);
		json_object_int_add(js, "uptimeSeconds",
				    (int64_t)(time(NULL) - mcrd.start_time));
		json_object_int_add(js, "attachmentCount",
				    mcr_cfg_attachs_count(&mcrd.attachs));
		json_object_int_add(js, "routeTableCount",
				    mcr_cfg_tables_count(&mcrd.tables));
		json_object_int_add(js, "tunnelCount", mcr_tunnel_cfg_count());
		json_object_int_add(js, "routeCount", cnt.routes);
		json_object_int_add(js, "conflictCount", cnt.conflicts);
		json_object_int_add(js, "pendingCount", cnt.pending);
		json_object_int_add(js, "eventSequence", mcr_core_seq(mcr_core));
		jtables = json_object_new_object();
		frr_each (mcr_cfg_tables, &mcrd.tables, t) {
			json_object *jt = json_object_new_object();

			if (t->table_id)
				json_object_int_add(jt, "tableId",
						    t->table_id);
			json_object_object_add(jtables, t->name, jt);
		}
		json_object_object_add(js, "routeTables", jtables);
		vty_json(vty, js);
		return CMD_SUCCESS;
	}

	vty_out(vty, "mcrouted %s\n", FRR_VERSION);
	vty_out(vty, "  zebra: %s\n",
		mcr_zebra_is_connected() ? "connected" : "not connected");
	vty_out(vty, "  distance: %u\n", mcrd.distance);
	vty_out(vty, "  BGP routes from zebra: %u (%u from no known attachment)\n",
		zs.bgp_routes, zs.unclassified);
	vty_out(vty, "  attachments: %zu, tunnels: %zu\n",
		mcr_cfg_attachs_count(&mcrd.attachs), mcr_tunnel_cfg_count());
	vty_out(vty, "  selected routes: %" PRIu64 ", conflicts: %" PRIu64
		     ", pending: %" PRIu64 "\n",
		cnt.routes, cnt.conflicts, cnt.pending);
	vty_out(vty, "  route tables: %zu\n",
		mcr_cfg_tables_count(&mcrd.tables));
	frr_each (mcr_cfg_tables, &mcrd.tables, t) {
		if (t->table_id)
			vty_out(vty, "    %s (kernel table %u)\n", t->name,
				t->table_id);
		else
			vty_out(vty, "    %s (no kernel table: inactive)\n",
				t->name);
	}
	return CMD_SUCCESS;
}

/* ---- show mcr attachment ----------------------------------------------- */

static int mcr_json_pending_cb(const struct mcr_attach_route *r, void *arg)
{
	char buf[MCR_PREFIX_STRLEN];

	if (r->reason == MCR_R_PENDING)
		json_object_array_add(arg, json_object_new_string(
						   mcr_p2s(&r->prefix, buf)));
	return 0;
}

static json_object *mcr_json_export(const struct mcr_cfg_attach *a)
{
	struct mcr_st_export ex;
	json_object *je = json_object_new_object();

	mcr_st_export_get(a, &ex);
	if (ex.table)
		json_object_string_add(je, "routeTable", ex.table);
	json_object_int_add(je, "candidateCount", ex.wanted);
	json_object_int_add(je, "advertisedCount", ex.advertised);
	json_object_boolean_add(je, "summarized", ex.summarized);
	json_object_string_add(je, "status", ex.status);
	if (ex.reason[0])
		json_object_string_add(je, "reason", ex.reason);
	return je;
}

static json_object *mcr_json_attach(const struct mcr_cfg_attach *a)
{
	const struct mcr_attach *ca = mcr_core_attach_find(mcr_core, a->name);
	json_object *ja = json_object_new_object(), *jf, *jfam, *jr, *jl;
	struct mcr_attach_counters cnt;
	char buf[INET6_ADDRSTRLEN];
	uint64_t refused[MCR_R_MAX] = {};

	json_object_string_add(ja, "name", a->name);
	json_object_string_add(ja, "kind", mcr_attach_kind_name(a->cfg.kind));
	json_object_string_add(ja, "effectiveProvider",
			       mcr_provider_name(a->cfg.profile.provider));
	json_object_string_add(ja, "operStatus",
			       ca && mcr_attach_is_up(ca) ? "up" : "down");
	if (mcr_st_attach_reason(a, buf, sizeof(buf)))
		json_object_string_add(ja, "reason", buf);
	json_object_boolean_add(ja, "shutdown", !a->cfg.admin_up);
	if (a->tunnel[0])
		json_object_string_add(ja, "tunnel", a->tunnel);
	if (a->ifname[0])
		json_object_string_add(ja, "interface", a->ifname);
	jl = json_object_new_array();
	for (unsigned i = 0; i < a->nnbr; i++)
		json_object_array_add(jl, json_object_new_string(ipaddr2str(
						  &a->nbr[i], buf,
						  sizeof(buf))));
	json_object_object_add(ja, "neighbor", jl);
	if (a->cfg.assoc[0])
		json_object_string_add(ja, "associate", a->cfg.assoc);
	jl = json_object_new_array();
	for (unsigned i = 0; i < a->cfg.npropagate; i++)
		json_object_array_add(jl, json_object_new_string(
						  a->cfg.propagate[i]));
	json_object_object_add(ja, "propagate", jl);
	json_object_string_add(ja, "approvalMode",
			       a->cfg.approval == MCR_APPROVAL_MANUAL
				       ? "manual"
				       : "automatic");
	json_object_int_add(ja, "preference",
			    ca ? mcr_attach_rsrc(ca)->preference
			       : a->cfg.preference);
	if (a->cfg.redgroup[0])
		json_object_string_add(ja, "redundancyGroup", a->cfg.redgroup);
	json_object_string_add(ja, "limitAction",
			       mcr_limit_action_name(
				       a->cfg.profile.limit_action));
	json_object_int_add(ja, "limitWarning", a->cfg.profile.warn_pct);

	jfam = json_object_new_object();
	for (uint8_t f = MCR_AF_INET; f <= MCR_AF_INET6; f += 2) {
		enum mcr_afi afi = mcr_afi_of(f);

		memset(&cnt, 0, sizeof(cnt));
		if (ca)
			mcr_attach_counters(ca, f, &cnt);
		jf = json_object_new_object();
		json_object_int_add(jf, "received", cnt.received);
		json_object_int_add(jf, "accepted", cnt.accepted);
		json_object_int_add(jf, "refused", mcr_st_refused(&cnt));
		json_object_int_add(jf, "pending", cnt.pending);
		json_object_int_add(jf, "inboundLimit",
				    a->cfg.profile.in_limit[afi]);
		json_object_int_add(jf, "outboundLimit",
				    a->cfg.profile.out_limit[afi]);
		json_object_int_add(jf, "minPrefixLength",
				    a->cfg.profile.minlen[afi]);
		json_object_int_add(jf, "maxPrefixLength",
				    a->cfg.profile.maxlen[afi]);
		json_object_string_add(jf, "limitStatus",
				       mcr_st_limit_status(cnt.limit_state));
		json_object_object_add(jfam, f == MCR_AF_INET ? "ipv4" : "ipv6",
				       jf);
		for (int r = 0; r < MCR_R_MAX; r++)
			refused[r] += cnt.refused[r];
	}
	json_object_object_add(ja, "family", jfam);
	jr = json_object_new_object();
	for (int r = 0; r < MCR_R_MAX; r++)
		if (mcr_st_reason_is_refusal(r) && refused[r])
			json_object_int_add(jr, mcr_reason_name(r), refused[r]);
	json_object_object_add(ja, "refused", jr);
	jl = json_object_new_array();
	if (ca) {
		mcr_attach_route_walk(ca, MCR_AF_INET, mcr_json_pending_cb, jl);
		mcr_attach_route_walk(ca, MCR_AF_INET6, mcr_json_pending_cb,
				      jl);
	}
	json_object_object_add(ja, "pendingPrefix", jl);
	json_object_object_add(ja, "export", mcr_json_export(a));
	return ja;
}

static void mcr_text_attach(struct vty *vty, json_object *js)
{
	json_object_object_foreach(js, name, ja)
	{
		json_object *jfam, *je, *jr;

		vty_out(vty, "Attachment %s: %s %s, %s", name,
			jstr(ja, "effectiveProvider"), jstr(ja, "kind"),
			jstr(ja, "operStatus"));
		if (json_object_object_get_ex(ja, "reason", &jr))
			vty_out(vty, " (%s)", json_object_get_string(jr));
		vty_out(vty, "\n  neighbors %s,", jstr(ja, "neighbor"));
		vty_out(vty, " associate %s,", jstr(ja, "associate"));
		vty_out(vty, " propagate %s\n", jstr(ja, "propagate"));
		vty_out(vty, "  approval %s, preference %s, limit-action %s\n",
			jstr(ja, "approvalMode"), jstr(ja, "preference"),
			jstr(ja, "limitAction"));
		json_object_object_get_ex(ja, "family", &jfam);
		json_object_object_foreach(jfam, fam, jf)
		{
			vty_out(vty, "  %s: received %s accepted %s refused %s pending %s, limit in %s out %s (%s)\n",
				fam, jstr(jf, "received"),
				jstr(jf, "accepted"), jstr(jf, "refused"),
				jstr(jf, "pending"), jstr(jf, "inboundLimit"),
				jstr(jf, "outboundLimit"),
				jstr(jf, "limitStatus"));
		}
		json_object_object_get_ex(ja, "refused", &jr);
		json_object_object_foreach(jr, reason, jc)
		{
			vty_out(vty, "  refused %s: %s\n", reason,
				json_object_get_string(jc));
		}
		vty_out(vty, "  pending: %s\n", jstr(ja, "pendingPrefix"));
		json_object_object_get_ex(ja, "export", &je);
		vty_out(vty, "  export: table %s, %s of %s routes, %s\n",
			jstr(je, "routeTable"), jstr(je, "advertisedCount"),
			jstr(je, "candidateCount"), jstr(je, "status"));
	}
}

DEFPY(show_mcr_attach, show_mcr_attach_cmd,
      "show mcr attachment [WORD$name] [json$json]",
      SHOW_STR MCR_SHOW_STR
      "Attachments\n"
      "Attachment name\n"
      JSON_STR)
{
	struct mcr_cfg_attach *a;
	json_object *js;

	if (name && !mcr_cfg_attach_find(name)) {
		vty_out(vty, "%% No attachment %s\n", name);
		return CMD_WARNING;
	}
	js = json_object_new_object();
	frr_each (mcr_cfg_attachs, &mcrd.attachs, a)
		if (!name || !strcmp(name, a->name))
			json_object_object_add(js, a->name, mcr_json_attach(a));
	return mcr_out(vty, !!json, js, mcr_text_attach);
}

/* ---- show mcr route-table ---------------------------------------------- */

static json_object *mcr_json_route(const struct mcr_rsel *sel)
{
	struct mcr_st_nh nh[MCR_ST_NH_MAX];
	unsigned n = mcr_st_route_nhs(sel, nh, MCR_ST_NH_MAX);
	json_object *jr = json_object_new_object(), *jl;
	char buf[MCR_ADDR_STRLEN];

	json_object_string_add(jr, "kind", mcr_route_kind_name(sel->kind));
	jl = json_object_new_array();
	for (unsigned i = 0; i < sel->n; i++)
		json_object_array_add(
			jl, json_object_new_string(sel->src[i]->name));
	json_object_object_add(jr, "sourceAttachment", jl);
	jl = json_object_new_array();
	for (unsigned i = 0; i < n; i++) {
		json_object *jn = json_object_new_object();

		json_object_string_add(jn, "attachment", nh[i].attach);
		if (nh[i].addr.family)
			json_object_string_add(jn, "address",
					       mcr_addr2str(&nh[i].addr, buf,
							    sizeof(buf)));
		if (nh[i].ifname[0])
			json_object_string_add(jn, "interface", nh[i].ifname);
		json_object_array_add(jl, jn);
	}
	json_object_object_add(jr, "nexthop", jl);
	if (sel->kind == MCR_RK_PROPAGATED && sel->n)
		json_object_int_add(jr, "metric", sel->route[0]->metric);
	return jr;
}

static int mcr_json_route_cb(const struct mcr_prefix *p,
			     const struct mcr_rsel *sel, void *arg)
{
	char buf[MCR_PREFIX_STRLEN];

	json_object_object_add(arg, mcr_p2s(p, buf), mcr_json_route(sel));
	return 0;
}

static void mcr_text_route(struct vty *vty, const char *prefix,
			   json_object *jr)
{
	json_object *jl;
	size_t n;

	vty_out(vty, "  %-20s %-10s", prefix, jstr(jr, "kind"));
	json_object_object_get_ex(jr, "nexthop", &jl);
	n = json_object_array_length(jl);
	for (size_t i = 0; i < n; i++) {
		json_object *jn = json_object_array_get_idx(jl, i);

		vty_out(vty, "%s via %s", i ? "," : "", jstr(jn, "attachment"));
		if (json_object_object_get_ex(jn, "address", NULL))
			vty_out(vty, " %s", jstr(jn, "address"));
		if (json_object_object_get_ex(jn, "interface", NULL))
			vty_out(vty, " dev %s", jstr(jn, "interface"));
	}
	vty_out(vty, "\n");
}

static void mcr_text_table(struct vty *vty, json_object *js)
{
	json_object *jroutes;

	vty_out(vty, "Route table %s: kernel table %s, %s routes, %s\n",
		jstr(js, "name"), jstr(js, "tableId"), jstr(js, "routeCount"),
		!strcmp(jstr(js, "installed"), "true") ? "installed"
						       : "not installed");
	if (json_object_object_get_ex(js, "routes", &jroutes)) {
		json_object_object_foreach(jroutes, p, jr)
		{
			mcr_text_route(vty, p, jr);
		}
	}
	if (json_object_object_get_ex(js, "prefix", NULL))
		mcr_text_route(vty, jstr(js, "prefix"), js);
}

DEFPY(show_mcr_table, show_mcr_table_cmd,
      "show mcr route-table WORD$name [<A.B.C.D|A.B.C.D/M|X:X::X:X|X:X::X:X/M>$pfx] [json$json]",
      SHOW_STR MCR_SHOW_STR
      "Route table\n"
      "Route table name\n"
      "Longest match of an IPv4 address\n"
      "Longest match of an IPv4 prefix\n"
      "Longest match of an IPv6 address\n"
      "Longest match of an IPv6 prefix\n"
      JSON_STR)
{
	struct mcr_cfg_table *t = mcr_cfg_table_find(name);
	const struct mcr_rtable *rt;
	struct mcr_prefix p, m;
	struct mcr_rsel sel;
	struct mcr_errbuf eb;
	char buf[MCR_PREFIX_STRLEN];
	json_object *js, *jr;

	if (!t) {
		vty_out(vty, "%% No route table %s\n", name);
		return CMD_WARNING;
	}
	rt = mcr_core_table_find(mcr_core, name);
	js = json_object_new_object();
	json_object_string_add(js, "name", t->name);
	if (t->table_id)
		json_object_int_add(js, "tableId", t->table_id);
	json_object_boolean_add(js, "installed",
				rt && mcr_zebra_is_connected());
	json_object_int_add(js, "routeCount",
			    rt ? mcr_rtable_count(rt, MCR_AF_INET) +
					 mcr_rtable_count(rt, MCR_AF_INET6)
			       : 0);
	if (pfx) {
		if (mcr_prefix_parse(pfx, false, true, &p, &eb) !=
		    MCR_OK) {
			json_object_free(js);
			vty_out(vty, "%% %s\n", eb.msg);
			return CMD_WARNING;
		}
		if (rt && mcr_rtable_match(rt, &p, &m, &sel)) {
			jr = mcr_json_route(&sel);
			json_object_string_add(jr, "prefix", mcr_p2s(&m, buf));
			json_object_object_add(js, "match", jr);
			if (!json) {
				json_object_free(js);
				vty_out(vty, "Route table %s, longest match of %s:\n",
					name, pfx);
				mcr_text_route(vty, buf, mcr_json_route(&sel));
				return CMD_SUCCESS;
			}
		} else if (!json) {
			json_object_free(js);
			vty_out(vty, "%% No route for %s in %s\n", pfx,
				name);
			return CMD_WARNING;
		}
	} else {
		jr = json_object_new_object();
		if (rt) {
			mcr_rtable_walk(rt, MCR_AF_INET, mcr_json_route_cb,
					jr);
			mcr_rtable_walk(rt, MCR_AF_INET6, mcr_json_route_cb,
					jr);
		}
		json_object_object_add(js, "routes", jr);
	}
	return mcr_out(vty, !!json, js, mcr_text_table);
}

/* ---- show mcr conflicts ------------------------------------------------ */

struct mcr_conf_json {
	json_object *arr;
	const struct mcr_cfg_table *t;
};

static int mcr_conf_table_cb(const struct mcr_st_conflict *c, void *arg)
{
	struct mcr_conf_json *ctx = arg;
	char pa[MCR_PREFIX_STRLEN], pb[MCR_PREFIX_STRLEN];
	size_t n = json_object_array_length(ctx->arr);
	json_object *jc = NULL, *jt, *jtables;

	mcr_p2s(&c->ci.pa, pa);
	mcr_p2s(&c->ci.pb, pb);
	for (size_t i = 0; i < n && !jc; i++) {
		json_object *o = json_object_array_get_idx(ctx->arr, i);

		if (!strcmp(jstr(o, "prefix"), pa) &&
		    !strcmp(jstr(o, "attachment"), c->ci.a) &&
		    !strcmp(jstr(o, "otherPrefix"), pb) &&
		    !strcmp(jstr(o, "otherAttachment"), c->ci.b))
			jc = o;
	}
	if (!jc)
		return 0;
	json_object_object_get_ex(jc, "routeTables", &jtables);
	jt = json_object_new_object();
	json_object_string_add(jt, "policy",
			       mcr_conflict_policy_name(c->policy));
	json_object_string_add(jt, "resolution", c->resolution);
	if (c->winner)
		json_object_string_add(jt, "winner", c->winner);
	json_object_object_add(jtables, ctx->t->name, jt);
	return 0;
}

static int mcr_conf_cb(const struct mcr_conflict_info *ci, void *arg)
{
	json_object *jc = json_object_new_object();
	char buf[MCR_PREFIX_STRLEN];

	json_object_string_add(jc, "prefix", mcr_p2s(&ci->pa, buf));
	json_object_string_add(jc, "attachment", ci->a);
	json_object_string_add(jc, "otherPrefix", mcr_p2s(&ci->pb, buf));
	json_object_string_add(jc, "otherAttachment", ci->b);
	json_object_int_add(jc, "detectedSequence", ci->since);
	json_object_object_add(jc, "routeTables", json_object_new_object());
	json_object_array_add(arg, jc);
	return 0;
}

static void mcr_text_conflicts(struct vty *vty, json_object *js)
{
	json_object *arr, *jtables;
	size_t n;

	json_object_object_get_ex(js, "conflicts", &arr);
	n = json_object_array_length(arr);
	vty_out(vty, "%zu conflicts\n", n);
	for (size_t i = 0; i < n; i++) {
		json_object *jc = json_object_array_get_idx(arr, i);

		vty_out(vty, "  %s from %s overlaps %s from %s\n",
			jstr(jc, "prefix"), jstr(jc, "attachment"),
			jstr(jc, "otherPrefix"), jstr(jc, "otherAttachment"));
		json_object_object_get_ex(jc, "routeTables", &jtables);
		json_object_object_foreach(jtables, tn, jt)
		{
			vty_out(vty, "    table %s: %s, %s%s%s\n", tn,
				jstr(jt, "policy"), jstr(jt, "resolution"),
				json_object_object_get_ex(jt, "winner", NULL)
					? ", winner "
					: "",
				json_object_object_get_ex(jt, "winner", NULL)
					? jstr(jt, "winner")
					: "");
		}
	}
}

DEFPY(show_mcr_conflicts, show_mcr_conflicts_cmd,
      "show mcr conflicts [json$json]",
      SHOW_STR MCR_SHOW_STR
      "Overlaps between attachments\n"
      JSON_STR)
{
	json_object *js = json_object_new_object();
	struct mcr_conf_json ctx = {.arr = json_object_new_array()};
	struct mcr_cfg_table *t;

	mcr_core_conflict_walk(mcr_core, mcr_conf_cb, ctx.arr);
	frr_each (mcr_cfg_tables, &mcrd.tables, t) {
		ctx.t = t;
		mcr_st_table_conflicts(t, mcr_conf_table_cb, &ctx);
	}
	json_object_object_add(js, "conflicts", ctx.arr);
	json_object_int_add(js, "conflictCount",
			    mcr_core_conflict_count(mcr_core));
	return mcr_out(vty, !!json, js, mcr_text_conflicts);
}

/* ---- show mcr export --------------------------------------------------- */

static int mcr_json_adv_cb(const struct mcr_prefix *p, bool summary,
			   void *arg)
{
	json_object *ja = json_object_new_object();
	char buf[MCR_PREFIX_STRLEN];

	json_object_boolean_add(ja, "summary", summary);
	json_object_object_add(arg, mcr_p2s(p, buf), ja);
	return 0;
}

static void mcr_text_export(struct vty *vty, json_object *js)
{
	json_object *jadv, *jfam;

	vty_out(vty, "Export to %s: table %s, %s of %s routes advertised, %s%s%s\n",
		jstr(js, "attachment"), jstr(js, "routeTable"),
		jstr(js, "advertisedCount"), jstr(js, "candidateCount"),
		jstr(js, "status"),
		json_object_object_get_ex(js, "reason", NULL) ? ": " : "",
		json_object_object_get_ex(js, "reason", NULL)
			? jstr(js, "reason")
			: "");
	json_object_object_get_ex(js, "family", &jfam);
	json_object_object_foreach(jfam, fam, jf)
	{
		vty_out(vty, "  %s: %s of %s within limit %s%s\n", fam,
			jstr(jf, "advertised"), jstr(jf, "wanted"),
			jstr(jf, "outboundLimit"),
			!strcmp(jstr(jf, "summarized"), "true")
				? " (summarized)"
				: "");
	}
	json_object_object_get_ex(js, "advertised", &jadv);
	json_object_object_foreach(jadv, p, ja)
	{
		vty_out(vty, "  %s%s\n", p,
			!strcmp(jstr(ja, "summary"), "true") ? " (summary)"
							      : "");
	}
}

DEFPY(show_mcr_export, show_mcr_export_cmd,
      "show mcr export WORD$name [json$json]",
      SHOW_STR MCR_SHOW_STR
      "What an attachment is sent\n"
      "Attachment name\n"
      JSON_STR)
{
	struct mcr_cfg_attach *a = mcr_cfg_attach_find(name);
	const struct mcr_export *e = mcr_core_export_find(mcr_core, name);
	struct mcr_export_status st;
	json_object *js, *jadv, *jfam;

	if (!a) {
		vty_out(vty, "%% No attachment %s\n", name);
		return CMD_WARNING;
	}
	js = mcr_json_export(a);
	json_object_string_add(js, "attachment", name);
	jfam = json_object_new_object();
	jadv = json_object_new_object();
	for (uint8_t f = MCR_AF_INET; e && f <= MCR_AF_INET6; f += 2) {
		json_object *jf = json_object_new_object();

		mcr_export_status(e, f, &st);
		json_object_int_add(jf, "wanted", st.wanted);
		json_object_int_add(jf, "advertised", st.advertised);
		json_object_int_add(jf, "outboundLimit", st.limit);
		json_object_boolean_add(jf, "summarized", st.summarized);
		json_object_boolean_add(jf, "failed", st.failed);
		if (st.reason[0])
			json_object_string_add(jf, "reason", st.reason);
		json_object_object_add(jfam, f == MCR_AF_INET ? "ipv4" : "ipv6",
				       jf);
		mcr_export_walk(e, f, mcr_json_adv_cb, jadv);
	}
	json_object_object_add(js, "family", jfam);
	json_object_object_add(js, "advertised", jadv);
	return mcr_out(vty, !!json, js, mcr_text_export);
}

/* ---- show mcr route PREFIX history ------------------------------------- */

static int mcr_json_hist_cb(const struct mcr_history_entry *h, void *arg)
{
	json_object *je = json_object_new_object();

	json_object_int_add(je, "sequence", h->seq);
	json_object_string_add(je, "operation", mcr_hist_op_name(h->op));
	json_object_string_add(je, "action", mcr_st_hist_action(h));
	if (h->attach)
		json_object_string_add(je, "attachment", h->attach);
	if (h->table)
		json_object_string_add(je, "routeTable", h->table);
	json_object_string_add(je, "reason",
			       h->reason == MCR_R_NONE
				       ? "accepted"
				       : mcr_reason_name(h->reason));
	json_object_array_add(arg, je);
	return 0;
}

static void mcr_text_hist(struct vty *vty, json_object *js)
{
	json_object *arr;
	size_t n;

	vty_out(vty, "History of %s:\n", jstr(js, "prefix"));
	json_object_object_get_ex(js, "event", &arr);
	n = json_object_array_length(arr);
	for (size_t i = 0; i < n; i++) {
		json_object *je = json_object_array_get_idx(arr, i);

		vty_out(vty, "  #%s %-10s %-10s attachment %s table %s (%s)\n",
			jstr(je, "sequence"), jstr(je, "operation"),
			jstr(je, "action"), jstr(je, "attachment"),
			jstr(je, "routeTable"), jstr(je, "reason"));
	}
}

DEFPY(show_mcr_history, show_mcr_history_cmd,
      "show mcr route <A.B.C.D/M|X:X::X:X/M>$pfx history [json$json]",
      SHOW_STR MCR_SHOW_STR
      "One prefix\n"
      "IPv4 prefix\n"
      "IPv6 prefix\n"
      "Recent decisions about it\n"
      JSON_STR)
{
	struct mcr_prefix p;
	struct mcr_errbuf eb;
	char buf[MCR_PREFIX_STRLEN];
	json_object *js, *arr;

	if (mcr_prefix_parse(pfx_str, false, false, &p, &eb) != MCR_OK) {
		vty_out(vty, "%% %s\n", eb.msg);
		return CMD_WARNING;
	}
	js = json_object_new_object();
	json_object_string_add(js, "prefix", mcr_p2s(&p, buf));
	arr = json_object_new_array();
	mcr_core_history(mcr_core, &p, mcr_json_hist_cb, arr);
	json_object_object_add(js, "event", arr);
	return mcr_out(vty, !!json, js, mcr_text_hist);
}

/* ---- show mcr pending -------------------------------------------------- */

static int mcr_json_pend_cb(const char *attach, const struct mcr_prefix *p,
			    void *arg)
{
	json_object *ja;
	char buf[MCR_PREFIX_STRLEN];

	if (!json_object_object_get_ex(arg, attach, &ja)) {
		ja = json_object_new_array();
		json_object_object_add(arg, attach, ja);
	}
	json_object_array_add(ja, json_object_new_string(mcr_p2s(p, buf)));
	return 0;
}

static void mcr_text_pending(struct vty *vty, json_object *js)
{
	json_object *jp;

	json_object_object_get_ex(js, "pending", &jp);
	json_object_object_foreach(jp, attach, ja)
	{
		size_t n = json_object_array_length(ja);

		for (size_t i = 0; i < n; i++)
			vty_out(vty, "%-20s %s\n", attach,
				json_object_get_string(
					json_object_array_get_idx(ja, i)));
	}
}

DEFPY(show_mcr_pending, show_mcr_pending_cmd, "show mcr pending [json$json]",
      SHOW_STR MCR_SHOW_STR
      "Prefixes waiting for approval\n"
      JSON_STR)
{
	json_object *js = json_object_new_object();
	json_object *jp = json_object_new_object();

	mcr_core_pending_walk(mcr_core, mcr_json_pend_cb, jp);
	json_object_object_add(js, "pending", jp);
	return mcr_out(vty, !!json, js, mcr_text_pending);
}

/* ---- show mcr memory --------------------------------------------------- */

static void mcr_text_memory(struct vty *vty, json_object *js)
{
	json_object *jt;

	vty_out(vty, "%-16s %10s %12s\n", "type", "objects", "bytes");
	json_object_object_get_ex(js, "memory", &jt);
	json_object_object_foreach(jt, type, jm)
	{
		vty_out(vty, "%-16s %10s %12s\n", type, jstr(jm, "objects"),
			jstr(jm, "bytes"));
	}
	vty_out(vty, "%-16s %10s %12s\n", "total", jstr(js, "totalObjects"),
		jstr(js, "totalBytes"));
	vty_out(vty, "%-16s %10s %12s\n", "(kept free)", "",
		jstr(js, "freeListBytes"));
}

DEFPY(show_mcr_memory, show_mcr_memory_cmd, "show mcr memory [json$json]",
      SHOW_STR MCR_SHOW_STR
      "libmcr allocation counters\n"
      JSON_STR)
{
	json_object *js = json_object_new_object();
	json_object *jt = json_object_new_object();

	for (int i = 0; i < MCR_MT_MAX; i++) {
		struct mcr_mem_stat st = mcr_mem_stat(i);
		json_object *jm = json_object_new_object();

		json_object_int_add(jm, "objects", st.objects);
		json_object_int_add(jm, "bytes", st.bytes);
		json_object_object_add(jt, st.name, jm);
	}
	json_object_object_add(js, "memory", jt);
	json_object_int_add(js, "totalObjects", mcr_mem_total_objects());
	json_object_int_add(js, "totalBytes", mcr_mem_total_bytes());
	/* free objects in libmcr's blocks (mcr_obj_*), kept for reuse until
	 * they make up a whole block (released within a minute), not
	 * counted above; the key keeps its first name */
	json_object_int_add(js, "freeListBytes", mcr_obj_cached_bytes());
	return mcr_out(vty, !!json, js, mcr_text_memory);
}

/* ---- exec: approve, clear (through the YANG RPCs) ---------------------- */

static void mcr_rpc_arg(struct list *input, const char *rpc, const char *leaf,
			const char *value)
{
	char xpath[XPATH_MAXLEN];

	snprintf(xpath, sizeof(xpath), "/frr-mcrouted:%s/input/%s", rpc, leaf);
	listnode_add(input, yang_data_new(xpath, value));
}

DEFPY(mcr_approve_cmd_fn, mcr_approve_cmd,
      "mcr approve <attachment WORD$name <prefix <A.B.C.D/M|X:X::X:X/M>$pfx|all$all_one>|all$all>",
      MCR_SHOW_STR
      "Approve pending prefixes (and keep the approval in the configuration)\n"
      "Of one attachment\n"
      "Attachment name\n"
      "One prefix\n"
      "IPv4 prefix\n"
      "IPv6 prefix\n"
      "Every pending prefix of the attachment\n"
      "Every pending prefix of every attachment\n")
{
	struct list *input = list_new(), *output = list_new();
	struct yang_data *count;
	int ret;

	input->del = (void (*)(void *))yang_data_free;
	output->del = (void (*)(void *))yang_data_free;
	if (name)
		mcr_rpc_arg(input, "approve-prefix", "attachment", name);
	if (pfx_str)
		mcr_rpc_arg(input, "approve-prefix", "prefix", pfx_str);
	if (all || all_one)
		mcr_rpc_arg(input, "approve-prefix", "all", NULL);
	ret = nb_cli_rpc(vty, "/frr-mcrouted:approve-prefix", input, output);
	count = yang_data_list_find(output, "%s",
				    "/frr-mcrouted:approve-prefix/output/approved-count");
	if (ret == CMD_SUCCESS && count)
		vty_out(vty, "approved %s prefix%s\n", count->value,
			strcmp(count->value, "1") ? "es" : "");
	list_delete(&input);
	list_delete(&output);
	return ret;
}

DEFPY(clear_mcr_attach, clear_mcr_attach_cmd, "clear mcr attachment WORD$name",
      CLEAR_STR MCR_SHOW_STR
      "Re-evaluate an attachment's routes (re-admit after a limit)\n"
      "Attachment name\n")
{
	struct list *input = list_new();
	int ret;

	input->del = (void (*)(void *))yang_data_free;
	mcr_rpc_arg(input, "clear-attachment", "attachment", name);
	ret = nb_cli_rpc(vty, "/frr-mcrouted:clear-attachment", input, NULL);
	list_delete(&input);
	return ret;
}

DEFPY(mcr_generate_psk, mcr_generate_psk_cmd,
      "mcr tunnel WORD$name generate-psk [length (16-64)$len] [no-apply$noapply]",
      MCR_SHOW_STR
      "A tunnel\n"
      "Tunnel name\n"
      "Generate a strong random PSK, stored encrypted as the tunnel's psk\n"
      "Length\n"
      "Characters\n"
      "Only print it (encrypted), do not store it\n")
{
	struct list *input = list_new(), *output = list_new();
	struct yang_data *psk;
	int ret;

	input->del = (void (*)(void *))yang_data_free;
	output->del = (void (*)(void *))yang_data_free;
	mcr_rpc_arg(input, "generate-psk", "tunnel", name);
	if (len_str)
		mcr_rpc_arg(input, "generate-psk", "length", len_str);
	mcr_rpc_arg(input, "generate-psk", "apply",
		    noapply ? "false" : "true");
	ret = nb_cli_rpc(vty, "/frr-mcrouted:generate-psk", input, output);
	psk = yang_data_list_find(output, "%s",
				  "/frr-mcrouted:generate-psk/output/psk");
	if (ret == CMD_SUCCESS && psk)
		vty_out(vty, "psk encrypted %s\n", psk->value);
	list_delete(&input);
	list_delete(&output);
	return ret;
}

void mcr_vty_init(void)
{
	install_element(VIEW_NODE, &show_mcr_status_cmd);
	install_element(VIEW_NODE, &show_mcr_attach_cmd);
	install_element(VIEW_NODE, &show_mcr_table_cmd);
	install_element(VIEW_NODE, &show_mcr_conflicts_cmd);
	install_element(VIEW_NODE, &show_mcr_export_cmd);
	install_element(VIEW_NODE, &show_mcr_history_cmd);
	install_element(VIEW_NODE, &show_mcr_pending_cmd);
	install_element(VIEW_NODE, &show_mcr_memory_cmd);
	install_element(ENABLE_NODE, &mcr_approve_cmd);
	install_element(ENABLE_NODE, &clear_mcr_attach_cmd);
	install_element(ENABLE_NODE, &mcr_generate_psk_cmd);
}
