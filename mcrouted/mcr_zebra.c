/*
 * mcrouted zebra client: subscribes to the BGP routes zebra selects
 * (redistribution, IPv4 and IPv6) and installs mcrouted's own routes.
 *
 * zebra replays its selected routes on every (re)connect because
 * zclient_send_reg_requests() re-sends the redistribution requests
 * recorded by zclient_redistribute().
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
#include "prefix.h"
#include "table.h"
#include "zclient.h"

#include "mcrouted.h"
#include "mcr_debug.h"
#include "mcr_zebra.h"

static struct zclient *zclient;

/* Prefixes zebra currently redistributes to us, per AFI. */
static struct route_table *mcr_bgp_seen[AFI_MAX];

bool mcr_zebra_is_connected(void)
{
	return zclient && zclient->sock >= 0;
}

/*
 * Called on the first connect and after every reconnect.  FRR 8.4's
 * zclient has no disconnect callback, so this is where state learned from
 * a previous zebra is dropped: zebra replays every selected route after
 * the redistribution requests are re-sent below.
 */
static void mcr_zebra_connected(struct zclient *zc)
{
	afi_t afi;

	zlog_info("connected to zebra");
	for (afi = AFI_IP; afi <= AFI_IP6; afi++) {
		route_table_finish(mcr_bgp_seen[afi]);
		mcr_bgp_seen[afi] = route_table_init();
	}
	mcrd.bgp_routes = 0;
	zclient_send_reg_requests(zc, VRF_DEFAULT);
}

static int mcr_zebra_redist_route(ZAPI_CALLBACK_ARGS)
{
	struct zapi_route api;
	struct route_node *rn;
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

	if (add) {
		rn = route_node_get(mcr_bgp_seen[afi], &api.prefix);
		if (rn->info)
			route_unlock_node(rn); /* update of a known prefix */
		else {
			rn->info = (void *)1;
			mcrd.bgp_routes++;
		}
	} else {
		rn = route_node_lookup(mcr_bgp_seen[afi], &api.prefix);
		if (rn) {
			rn->info = NULL;
			route_unlock_node(rn); /* lookup */
			route_unlock_node(rn); /* get */
			mcrd.bgp_routes--;
		}
	}
	return 0;
}

static zclient_handler *const mcr_handlers[] = {
	[ZEBRA_REDISTRIBUTE_ROUTE_ADD] = mcr_zebra_redist_route,
	[ZEBRA_REDISTRIBUTE_ROUTE_DEL] = mcr_zebra_redist_route,
};

void mcr_zebra_init(struct thread_master *master)
{
	struct zclient_options opt = {.receive_notify = true};
	afi_t afi;

	for (afi = AFI_IP; afi <= AFI_IP6; afi++)
		mcr_bgp_seen[afi] = route_table_init();

	zclient = zclient_new(master, &opt, mcr_handlers,
			      array_size(mcr_handlers));
	zclient_init(zclient, ZEBRA_ROUTE_MCR, 0, &mcr_privs);
	zclient->zebra_connected = mcr_zebra_connected;

	for (afi = AFI_IP; afi <= AFI_IP6; afi++)
		zclient_redistribute(ZEBRA_REDISTRIBUTE_ADD, zclient, afi,
				     ZEBRA_ROUTE_BGP, 0, VRF_DEFAULT);
}

void mcr_zebra_stop(void)
{
	afi_t afi;

	if (!zclient)
		return;
	zclient_stop(zclient);
	zclient_free(zclient);
	zclient = NULL;
	for (afi = AFI_IP; afi <= AFI_IP6; afi++)
		route_table_finish(mcr_bgp_seen[afi]);
}
