/*
 * mcrouted zebra client.
 *
 * In: the BGP routes zebra selects in the main table (redistribution of
 * type bgp, IPv4 and IPv6).  Each is attributed to the attachment whose
 * BGP neighbor address is its nexthop (mcr_neighbor_find; a link-local
 * IPv6 nexthop stands for the neighbor on its interface,
 * mcr_neighbor_on_link) and fed to libmcr as a route event of that
 * attachment; routes from unknown neighbors are counted but not used.
 *
 * Out: each route table's selected routes, installed as type mcr into the
 * table's kernel table (ZAPI table id).  zebra never redistributes routes of
 * non-main tables, so these installs cannot take the BGP routes they come
 * from away from us (the loop described in doc/bgp-integration.md).
 *
 * Restarts: zebra replays its selected routes after every (re)connect
 * (zclient_send_reg_requests re-sends the redistribution requests).
 * FRR 8.4's zclient has no disconnect callback, so on connect every known
 * route is marked stale; the replay refreshes the live ones and a sweep
 * timer withdraws the rest.  Our own installs are re-sent from libmcr's
 * tables on connect (ZEBRA_ROUTE_ADD replaces, so this never flaps).
 *
 * Our own restarts: zebra's client graceful restart keeps our routes when
 * we go away (ZEBRA_CLIENT_GR_CAPABILITIES on every connect); mcr_export.c
 * re-installs its checkpoint, waits for the configuration and tells zebra
 * when the tables are re-sent (mcr_zebra_gr_complete).
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
#include "if.h"
#include "nexthop.h"
#include "prefix.h"
#include "table.h"
#include "thread.h"
#include "zclient.h"

#include "mcrouted.h"
#include "mcr_bgp.h"
#include "mcr_core.h"
#include "mcr_debug.h"
#include "mcr_zebra.h"

DEFINE_MTYPE_STATIC(MCROUTED, MCR_SEEN, "mcrouted BGP route from zebra");
DEFINE_HOOK(mcr_zebra_connect, (bool first), (first));

/* Seconds after a (re)connect before routes not replayed are withdrawn. */
#define MCR_ZEBRA_SWEEP_DELAY 10

static struct zclient *zclient;
static struct thread *mcr_sweep_timer;
static uint64_t mcr_installs, mcr_withdrawals;

/*
 * A BGP route zebra redistributed to us: its nexthops as zebra gave them,
 * with their interfaces (0: none).
 * Invariant: attach[0] != 0 iff the route was fed to libmcr as a route of
 * that attachment (and not withdrawn since).
 */
struct mcr_seen {
	char attach[MCR_NAME_MAX];
	struct mcr_addr nh[MCR_NH_MAX];
	ifindex_t ifindex[MCR_NH_MAX];
	uint8_t nnh;
	bool stale;
	uint32_t metric, tag;
};

static struct route_table *mcr_seen_tbl[AFI_MAX];
static uint32_t mcr_seen_count, mcr_seen_unclassified;

bool mcr_zebra_is_connected(void)
{
	return zclient && zclient->sock >= 0;
}

void mcr_zebra_stats(struct mcr_zebra_stats *st)
{
	st->bgp_routes = mcr_seen_count;
	st->unclassified = mcr_seen_unclassified;
	st->installs = mcr_installs;
	st->withdrawals = mcr_withdrawals;
}

static void prefix2mcr(const struct prefix *p, struct mcr_prefix *out)
{
	if (p->family == AF_INET)
		mcr_prefix_make(MCR_AF_INET, &p->u.prefix4, p->prefixlen, out,
				NULL);
	else
		mcr_prefix_make(MCR_AF_INET6, &p->u.prefix6, p->prefixlen, out,
				NULL);
}

static void mcr2prefix(const struct mcr_prefix *p, struct prefix *out)
{
	memset(out, 0, sizeof(*out));
	if (p->family == MCR_AF_INET) {
		out->family = AF_INET;
		memcpy(&out->u.prefix4, p->addr, 4);
	} else {
		out->family = AF_INET6;
		memcpy(&out->u.prefix6, p->addr, 16);
	}
	out->prefixlen = p->len;
}

static void addr2ipaddr(const struct mcr_addr *a, struct ipaddr *out)
{
	memset(out, 0, sizeof(*out));
	if (a->family == MCR_AF_INET) {
		out->ipa_type = IPADDR_V4;
		memcpy(&out->ipaddr_v4, a->addr, 4);
	} else {
		out->ipa_type = IPADDR_V6;
		memcpy(&out->ipaddr_v6, a->addr, 16);
	}
}

/*
 * The nexthops of @s as libmcr gets them: a link-local IPv6 nexthop
 * becomes the address of the neighbor on its interface
 * (mcr_neighbor_on_link), which forwards the same way and names the
 * attachment.
 */
static void mcr_seen_nexthops(const struct mcr_seen *s, struct mcr_addr *out)
{
	for (unsigned i = 0; i < s->nnh; i++) {
		struct ipaddr ip;

		out[i] = s->nh[i];
		if (s->nh[i].family != MCR_AF_INET6 || !s->ifindex[i] ||
		    !IN6_IS_ADDR_LINKLOCAL((const struct in6_addr *)s->nh[i].addr))
			continue;
		if (mcr_neighbor_on_link(ifindex2ifname(s->ifindex[i],
							VRF_DEFAULT),
					 &ip))
			memcpy(out[i].addr, &ip.ipaddr_v6, 16);
	}
}

/* Feed one seen route into libmcr under its attachment, with nexthops
 * @nh (mcr_seen_nexthops), or withdraw it (@nh NULL). */
static void mcr_seen_feed(const struct prefix *p, struct mcr_seen *s,
			  const struct mcr_addr *nh)
{
	bool withdraw = !nh;
	struct mcr_route_event ev = {};
	struct mcr_deltas *d = mcr_deltas_scratch();
	struct mcr_errbuf eb;
	enum mcr_err err;

	if (!s->attach[0])
		return;
	ev.op = withdraw ? MCR_ROUTE_WITHDRAW : MCR_ROUTE_ADD;
	ev.attach = s->attach;
	prefix2mcr(p, &ev.prefix);
	ev.nh = nh;
	ev.nnh = withdraw ? 0 : s->nnh;
	ev.metric = s->metric;
	ev.tag = s->tag;
	err = mcr_core_route(mcr_core, &ev, d, &eb);
	/* a withdraw for an attachment just deleted is expected (its routes
	 * left the core with it) */
	if (err != MCR_OK && !(withdraw && err == MCR_ENOENT))
		zlog_warn("route %pFX from attachment %s refused: %s", p,
			  s->attach, eb.msg);
	mcr_deltas_apply(d);
	if (withdraw) {
		s->attach[0] = '\0';
		mcr_seen_unclassified++;
	}
}

/* Attribute @s to its attachment (by nexthop), feeding libmcr. */
static void mcr_seen_classify(const struct prefix *p, struct mcr_seen *s)
{
	const char *attach = NULL;
	struct mcr_addr nh[MCR_NH_MAX];
	struct ipaddr ip;

	mcr_seen_nexthops(s, nh);
	for (unsigned i = 0; i < s->nnh && !attach; i++) {
		addr2ipaddr(&nh[i], &ip);
		attach = mcr_neighbor_find(&ip);
	}
	if (s->attach[0] && (!attach || strcmp(attach, s->attach)))
		mcr_seen_feed(p, s, NULL); /* moved or now unknown */
	if (!attach)
		return;
	if (!s->attach[0])
		mcr_seen_unclassified--;
	strlcpy(s->attach, attach, sizeof(s->attach));
	mcr_seen_feed(p, s, nh);
}

static void mcr_seen_forget(struct route_node *rn)
{
	struct mcr_seen *s = rn->info;

	if (s->attach[0])
		mcr_seen_feed(&rn->p, s, NULL);
	mcr_seen_unclassified--;
	mcr_seen_count--;
	XFREE(MTYPE_MCR_SEEN, s);
	rn->info = NULL;
	route_unlock_node(rn);
}

void mcr_zebra_reclassify(void)
{
	struct route_node *rn;

	for (afi_t afi = AFI_IP; afi <= AFI_IP6; afi++)
		for (rn = route_top(mcr_seen_tbl[afi]); rn;
		     rn = route_next(rn))
			if (rn->info)
				mcr_seen_classify(&rn->p, rn->info);
}

static int mcr_zebra_redist_route(ZAPI_CALLBACK_ARGS)
{
	struct zapi_route api;
	struct route_node *rn;
	struct mcr_seen *s;
	afi_t afi;
	bool add = (cmd == ZEBRA_REDISTRIBUTE_ROUTE_ADD);

	if (zapi_route_decode(zclient->ibuf, &api) < 0) {
		zlog_warn("%s: malformed route from zebra", __func__);
		return -1;
	}
	if (api.type != ZEBRA_ROUTE_BGP)
		return 0;
	afi = family2afi(api.prefix.family);
	if (afi != AFI_IP && afi != AFI_IP6)
		return 0;

	MCR_DEBUG_ZEBRA("redistribute %s %pFX (%u nexthops)",
			add ? "add" : "del", &api.prefix, api.nexthop_num);

	if (!add) {
		rn = route_node_lookup(mcr_seen_tbl[afi], &api.prefix);
		if (rn) {
			route_unlock_node(rn);
			mcr_seen_forget(rn);
		}
		return 0;
	}

	rn = route_node_get(mcr_seen_tbl[afi], &api.prefix);
	if (rn->info) {
		route_unlock_node(rn);
		s = rn->info;
	} else {
		s = XCALLOC(MTYPE_MCR_SEEN, sizeof(*s));
		rn->info = s;
		mcr_seen_count++;
		mcr_seen_unclassified++;
	}
	s->stale = false;
	s->metric = api.metric;
	s->tag = api.tag;
	s->nnh = 0;
	for (unsigned i = 0; i < api.nexthop_num && s->nnh < MCR_NH_MAX; i++) {
		const struct zapi_nexthop *znh = &api.nexthops[i];
		struct mcr_addr *a = &s->nh[s->nnh];

		switch (znh->type) {
		case NEXTHOP_TYPE_IPV4:
		case NEXTHOP_TYPE_IPV4_IFINDEX:
			a->family = MCR_AF_INET;
			memset(a->addr, 0, sizeof(a->addr));
			memcpy(a->addr, &znh->gate.ipv4, 4);
			s->ifindex[s->nnh++] = znh->ifindex;
			break;
		case NEXTHOP_TYPE_IPV6:
		case NEXTHOP_TYPE_IPV6_IFINDEX:
			a->family = MCR_AF_INET6;
			memcpy(a->addr, &znh->gate.ipv6, 16);
			s->ifindex[s->nnh++] = znh->type == NEXTHOP_TYPE_IPV6_IFINDEX
						       ? znh->ifindex
						       : 0;
			break;
		default:
			break;
		}
	}
	/* A route libmcr needs nexthops of its own family for: an IPv6 route
	 * over an IPv4 session (v4-mapped nexthop) is attributed by address
	 * but fed with what zebra resolved. */
	mcr_seen_classify(&api.prefix, s);
	return 0;
}

/* ---- route tables -> zebra ------------------------------------------- */

static void mcr_zebra_send(bool install, const struct mcr_prefix *mp,
			   uint32_t table_id, enum mcr_route_kind kind,
			   const struct mcr_nexthop *nh, unsigned nnh,
			   uint32_t metric, uint32_t tag)
{
	struct zapi_route api = {};
	struct prefix p;

	if (!table_id || !mcr_zebra_is_connected())
		return;
	mcr2prefix(mp, &p);
	api.vrf_id = VRF_DEFAULT;
	api.type = ZEBRA_ROUTE_MCR;
	api.safi = SAFI_UNICAST;
	prefix_copy(&api.prefix, &p);
	SET_FLAG(api.message, ZAPI_MESSAGE_TABLEID);
	api.tableid = table_id;

	if (!install) {
		zclient_route_send(ZEBRA_ROUTE_DELETE, zclient, &api);
		mcr_withdrawals++;
		return;
	}

	SET_FLAG(api.flags, ZEBRA_FLAG_ALLOW_RECURSION);
	SET_FLAG(api.message, ZAPI_MESSAGE_DISTANCE);
	api.distance = mcrd.distance;
	SET_FLAG(api.message, ZAPI_MESSAGE_METRIC);
	api.metric = metric;
	if (tag) {
		SET_FLAG(api.message, ZAPI_MESSAGE_TAG);
		api.tag = tag;
	}
	SET_FLAG(api.message, ZAPI_MESSAGE_NEXTHOP);
	if (kind == MCR_RK_BLACKHOLE) {
		api.nexthops[0].type = NEXTHOP_TYPE_BLACKHOLE;
		api.nexthops[0].bh_type = BLACKHOLE_NULL;
		api.nexthops[0].vrf_id = VRF_DEFAULT;
		api.nexthop_num = 1;
	} else {
		for (unsigned i = 0; i < nnh && api.nexthop_num < MULTIPATH_NUM;
		     i++) {
			struct zapi_nexthop *znh =
				&api.nexthops[api.nexthop_num];
			const char *ifname = mcr_attach_iface(nh[i].attach);
			struct interface *ifp =
				ifname ? if_lookup_by_name(ifname, VRF_DEFAULT)
				       : NULL;

			znh->vrf_id = VRF_DEFAULT;
			if (nh[i].addr.family == MCR_AF_INET) {
				znh->type = ifp ? NEXTHOP_TYPE_IPV4_IFINDEX
						: NEXTHOP_TYPE_IPV4;
				memcpy(&znh->gate.ipv4, nh[i].addr.addr, 4);
			} else if (nh[i].addr.family == MCR_AF_INET6) {
				znh->type = ifp ? NEXTHOP_TYPE_IPV6_IFINDEX
						: NEXTHOP_TYPE_IPV6;
				memcpy(&znh->gate.ipv6, nh[i].addr.addr, 16);
			} else if (ifp) {
				znh->type = NEXTHOP_TYPE_IFINDEX;
			} else {
				zlog_warn("%pFX in table %u: attachment %s has no nexthop address and no interface",
					  &p, table_id, nh[i].attach);
				continue;
			}
			if (ifp)
				znh->ifindex = ifp->ifindex;
			api.nexthop_num++;
		}
		if (!api.nexthop_num) {
			zclient_route_send(ZEBRA_ROUTE_DELETE, zclient, &api);
			mcr_withdrawals++;
			return;
		}
	}
	zclient_route_send(ZEBRA_ROUTE_ADD, zclient, &api);
	mcr_installs++;
}

void mcr_zebra_summary_route(bool install, const struct mcr_prefix *mp)
{
	struct zapi_route api = {};
	struct prefix p;

	if (!mcr_zebra_is_connected())
		return; /* re-sent by mcr_bgp_zebra_resync() on connect */
	mcr2prefix(mp, &p);
	api.vrf_id = VRF_DEFAULT;
	api.type = ZEBRA_ROUTE_MCR;
	api.safi = SAFI_UNICAST;
	prefix_copy(&api.prefix, &p);
	if (install) {
		SET_FLAG(api.message, ZAPI_MESSAGE_DISTANCE);
		api.distance = mcrd.distance;
		SET_FLAG(api.message, ZAPI_MESSAGE_NEXTHOP);
		api.nexthops[0].type = NEXTHOP_TYPE_BLACKHOLE;
		api.nexthops[0].bh_type = BLACKHOLE_NULL;
		api.nexthops[0].vrf_id = VRF_DEFAULT;
		api.nexthop_num = 1;
	}
	zclient_route_send(install ? ZEBRA_ROUTE_ADD : ZEBRA_ROUTE_DELETE,
			   zclient, &api);
}

void mcr_zebra_route_delta(const struct mcr_delta *d)
{
	MCR_DEBUG_ZEBRA("%s %s table %u", mcr_delta_type_name(d->type),
			d->table, d->kernel_id);
	mcr_zebra_send(d->type == MCR_D_ROUTE_INSTALL, &d->prefix,
		       d->kernel_id, d->kind, d->nh, d->nnh, d->metric, d->tag);
}

struct mcr_resync_ctx {
	uint32_t table_id;
};

static int mcr_resync_route(const struct mcr_prefix *p,
			    const struct mcr_rsel *sel, void *arg)
{
	struct mcr_resync_ctx *ctx = arg;
	struct mcr_nexthop nh[MCR_ECMP_MAX * MCR_NH_MAX];
	unsigned nnh = 0;
	uint32_t metric = 0, tag = 0;

	if (sel->kind == MCR_RK_NONE)
		return 0;
	if (sel->kind == MCR_RK_STATIC && sel->n) {
		nh[nnh].attach = sel->src[0]->name;
		nh[nnh].addr = sel->static_nh;
		nnh++;
	}
	for (unsigned i = 0; sel->kind == MCR_RK_PROPAGATED && i < sel->n;
	     i++) {
		const struct mcr_route *r = sel->route[i];

		if (i == 0) {
			metric = r->metric;
			tag = r->tag;
		}
		for (unsigned j = 0; j < r->nnh && nnh < array_size(nh); j++) {
			nh[nnh].attach = sel->src[i]->name;
			nh[nnh].addr = r->nh[j];
			nnh++;
		}
	}
	mcr_zebra_send(true, p, ctx->table_id, sel->kind, nh, nnh, metric,
		       tag);
	return 0;
}

static int mcr_resync_table(const struct mcr_rtable *t, void *arg)
{
	struct mcr_resync_ctx ctx = {.table_id = mcr_rtable_kernel_id(t)};

	mcr_rtable_walk(t, MCR_AF_INET, mcr_resync_route, &ctx);
	mcr_rtable_walk(t, MCR_AF_INET6, mcr_resync_route, &ctx);
	return 0;
}

static void mcr_zebra_sweep(struct thread *t)
{
	struct route_node *rn;
	unsigned n = 0;

	for (afi_t afi = AFI_IP; afi <= AFI_IP6; afi++)
		for (rn = route_top(mcr_seen_tbl[afi]); rn;
		     rn = route_next(rn)) {
			struct mcr_seen *s = rn->info;

			if (s && s->stale) {
				mcr_seen_forget(rn);
				n++;
			}
		}
	if (n)
		zlog_info("withdrew %u BGP routes zebra did not replay", n);
}

/* ---- client graceful restart ---------------------------------------- */

/*
 * Ask zebra to keep our routes for MCR_ZEBRA_GR_STALE_TIME seconds when
 * this connection goes away (restart, crash) instead of removing them
 * at once.  zebra forgets the routes of main tables we did not refresh
 * when we send ZEBRA_CLIENT_ROUTE_UPDATE_COMPLETE or the time runs out;
 * routes of other tables it keeps: mcr_export.c withdraws those.
 */
static void mcr_zebra_gr_capabilities(struct zclient *zc)
{
	struct zapi_cap api = {
		.cap = ZEBRA_CLIENT_GR_CAPABILITIES,
		.stale_removal_time = MCR_ZEBRA_GR_STALE_TIME,
		.vrf_id = VRF_DEFAULT,
	};

	if (zclient_capabilities_send(ZEBRA_CLIENT_CAPABILITIES, zc, &api) ==
	    ZCLIENT_SEND_FAILURE)
		zlog_warn("zebra: cannot send graceful restart capabilities");
}

void mcr_zebra_gr_complete(void)
{
	struct zapi_cap api = {
		.cap = ZEBRA_CLIENT_ROUTE_UPDATE_COMPLETE,
		.safi = SAFI_UNICAST,
		.vrf_id = VRF_DEFAULT,
	};

	if (!mcr_zebra_is_connected())
		return; /* sent again after the next connect */
	for (afi_t afi = AFI_IP; afi <= AFI_IP6; afi++) {
		api.afi = afi;
		if (zclient_capabilities_send(ZEBRA_CLIENT_CAPABILITIES,
					      zclient, &api) ==
		    ZCLIENT_SEND_FAILURE)
			zlog_warn("zebra: cannot send route update complete");
	}
	MCR_DEBUG_ZEBRA("route update complete sent");
}

/*
 * Called on the first connect and after every reconnect (see the file
 * comment for why stale marking happens here).
 */
static void mcr_zebra_connected(struct zclient *zc)
{
	static bool first = true;
	struct route_node *rn;

	zlog_info("connected to zebra");
	mcr_zebra_gr_capabilities(zc);
	for (afi_t afi = AFI_IP; afi <= AFI_IP6; afi++)
		for (rn = route_top(mcr_seen_tbl[afi]); rn;
		     rn = route_next(rn))
			if (rn->info)
				((struct mcr_seen *)rn->info)->stale = true;
	zclient_send_reg_requests(zc, VRF_DEFAULT);
	mcr_core_table_walk(mcr_core, mcr_resync_table, NULL);
	mcr_bgp_zebra_resync();
	THREAD_OFF(mcr_sweep_timer);
	thread_add_timer(mcrd.master, mcr_zebra_sweep, NULL,
			 MCR_ZEBRA_SWEEP_DELAY, &mcr_sweep_timer);
	hook_call(mcr_zebra_connect, first);
	first = false;
}

static zclient_handler *const mcr_handlers[] = {
	[ZEBRA_REDISTRIBUTE_ROUTE_ADD] = mcr_zebra_redist_route,
	[ZEBRA_REDISTRIBUTE_ROUTE_DEL] = mcr_zebra_redist_route,
};

void mcr_zebra_init(struct thread_master *master)
{
	struct zclient_options opt = {.receive_notify = false};

	for (afi_t afi = AFI_IP; afi <= AFI_IP6; afi++)
		mcr_seen_tbl[afi] = route_table_init();

	zclient = zclient_new(master, &opt, mcr_handlers,
			      array_size(mcr_handlers));
	zclient_init(zclient, ZEBRA_ROUTE_MCR, 0, &mcr_privs);
	zclient->zebra_connected = mcr_zebra_connected;

	for (afi_t afi = AFI_IP; afi <= AFI_IP6; afi++)
		zclient_redistribute(ZEBRA_REDISTRIBUTE_ADD, zclient, afi,
				     ZEBRA_ROUTE_BGP, 0, VRF_DEFAULT);
}

void mcr_zebra_stop(void)
{
	struct route_node *rn;

	THREAD_OFF(mcr_sweep_timer);
	if (!zclient)
		return;
	zclient_stop(zclient);
	zclient_free(zclient);
	zclient = NULL;
	for (afi_t afi = AFI_IP; afi <= AFI_IP6; afi++) {
		for (rn = route_top(mcr_seen_tbl[afi]); rn;
		     rn = route_next(rn))
			if (rn->info) {
				XFREE(MTYPE_MCR_SEEN, rn->info);
				rn->info = NULL;
				route_unlock_node(rn);
			}
		route_table_finish(mcr_seen_tbl[afi]);
	}
}
