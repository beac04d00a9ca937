/*
 * mcrouted northbound: xpath -> callbacks table for frr-mcrouted.
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#include <zebra.h>

#include "northbound.h"

#include "mcr_nb.h"

/* clang-format off */
const struct frr_yang_module_info frr_mcrouted_info = {
	.name = "frr-mcrouted",
	.nodes = {
		{
			.xpath = "/frr-mcrouted:mcrouted",
			.cbs = {
				.cli_show = mcr_cli_show_router,
				.cli_show_end = mcr_cli_show_router_end,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/distance",
			.cbs = {
				.modify = mcr_nb_distance_modify,
				.cli_show = mcr_cli_show_distance,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table",
			.cbs = {
				.create = mcr_nb_table_create,
				.destroy = mcr_nb_table_destroy,
				.cli_show = mcr_cli_show_table,
				.cli_show_end = mcr_cli_show_table_end,
				.cli_cmp = mcr_cli_cmp_table,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/table-id",
			.cbs = {
				.modify = mcr_nb_table_id_modify,
				.destroy = mcr_nb_table_id_destroy,
				.cli_show = mcr_cli_show_table_id,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/state/version",
			.cbs = {
				.get_elem = mcr_nb_state_version_get,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/state/zebra-connected",
			.cbs = {
				.get_elem = mcr_nb_state_zebra_connected_get,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/state/route-table-count",
			.cbs = {
				.get_elem = mcr_nb_state_table_count_get,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/state/bgp-routes",
			.cbs = {
				.get_elem = mcr_nb_state_bgp_routes_get,
			},
		},
		{
			.xpath = NULL,
		},
	}
};
/* clang-format on */
