/*
 * mcrouted CLI: show and exec commands.
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
#include "vty.h"

#include "mcrouted.h"
#include "mcr_zebra.h"
#include "mcr_vty.h"

#ifndef VTYSH_EXTRACT_PL
#include "mcrouted/mcr_vty_clippy.c"
#endif

#define MCR_SHOW_STR "Multi-cloud transit router (mcrouted)\n"

DEFPY(show_mcr_status, show_mcr_status_cmd, "show mcr status [json$json]",
      SHOW_STR MCR_SHOW_STR
      "Daemon status\n"
      JSON_STR)
{
	struct mcr_cfg_table *t;
	struct mcr_zebra_stats zs;
	json_object *js, *jtables;

	mcr_zebra_stats(&zs);

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
	vty_out(vty, "  route tables: %zu\n",
		mcr_cfg_tables_count(&mcrd.tables));
	frr_each (mcr_cfg_tables, &mcrd.tables, t) {
		if (t->table_id)
			vty_out(vty, "    %s (kernel table %u)\n", t->name,
				t->table_id);
		else
			vty_out(vty, "    %s (no kernel table)\n", t->name);
	}
	return CMD_SUCCESS;
}

void mcr_vty_init(void)
{
	install_element(VIEW_NODE, &show_mcr_status_cmd);
}
