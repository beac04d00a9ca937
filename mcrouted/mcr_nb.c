/*
 * mcrouted northbound: xpath -> callbacks table for frr-mcrouted.
 *
 * Every node of the model has its callbacks here (FRR refuses to start
 * otherwise).  Configuration nodes share the generic callbacks of
 * mcr_nb_config.c (the commit is reconciled as a whole in apply_finish);
 * state nodes use one getter per container (mcr_nb_state.c); most leaves
 * render through mcr_cli_show_leaf (mcr_cli.c).
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
				.apply_finish = mcr_nb_apply_finish,
				.cli_show = mcr_cli_show_router,
				.cli_show_end = mcr_cli_show_router_end,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/distance",
			.cbs = {
				.modify = mcr_nb_modify,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/default-route",
			.cbs = {
				.modify = mcr_nb_modify,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/builtin-bogons",
			.cbs = {
				.modify = mcr_nb_modify,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/bogon",
			.cbs = {
				.create = mcr_nb_create,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/bogon-exception",
			.cbs = {
				.create = mcr_nb_create,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/bgp/vty-socket",
			.cbs = {
				.modify = mcr_nb_modify,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/bgp/local-as",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/vici/socket",
			.cbs = {
				.modify = mcr_nb_modify,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/export-stream/path",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/export-stream/mode",
			.cbs = {
				.modify = mcr_nb_modify,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/profile",
			.cbs = {
				.create = mcr_nb_create,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_entry,
				.cli_show_end = mcr_cli_show_entry_end,
				.cli_cmp = mcr_cli_cmp_name,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/profile/provider",
			.cbs = {
				.modify = mcr_nb_modify,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/profile/peer-asn",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/profile/reserved-asn",
			.cbs = {
				.create = mcr_nb_create,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/profile/default-route",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/profile/limit-warning",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/profile/limit-action",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/profile/ipv4/inbound-limit",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/profile/ipv4/outbound-limit",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/profile/ipv4/min-prefix-length",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/profile/ipv4/max-prefix-length",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/profile/ipv6/inbound-limit",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/profile/ipv6/outbound-limit",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/profile/ipv6/min-prefix-length",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/profile/ipv6/max-prefix-length",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table",
			.cbs = {
				.create = mcr_nb_create,
				.destroy = mcr_nb_destroy,
				.get_next = mcr_st_table_next,
				.get_keys = mcr_st_table_keys,
				.lookup_entry = mcr_st_table_lookup,
				.cli_show = mcr_cli_show_entry,
				.cli_show_end = mcr_cli_show_entry_end,
				.cli_cmp = mcr_cli_cmp_name,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/description",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/table-id",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/ecmp",
			.cbs = {
				.modify = mcr_nb_modify,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/conflict-policy",
			.cbs = {
				.modify = mcr_nb_modify,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/protected-prefix",
			.cbs = {
				.create = mcr_nb_create,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/static-route",
			.cbs = {
				.create = mcr_nb_create,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_static,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/static-route/attachment",
			.cbs = {
				.modify = mcr_nb_modify,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/blackhole-route",
			.cbs = {
				.create = mcr_nb_create,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_blackhole,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/state/route-count",
			.cbs = {
				.get_elem = mcr_st_table_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/state/installed",
			.cbs = {
				.get_elem = mcr_st_table_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/state/route",
			.cbs = {
				.get_next = mcr_st_route_next,
				.get_keys = mcr_st_route_keys,
				.lookup_entry = mcr_st_route_lookup,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/state/route/prefix",
			.cbs = {
				.get_elem = mcr_st_route_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/state/route/kind",
			.cbs = {
				.get_elem = mcr_st_route_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/state/route/source-attachment",
			.cbs = {
				.get_elem = mcr_st_route_src_elem,
				.get_next = mcr_st_route_src_next,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/state/route/nexthop",
			.cbs = {
				.get_next = mcr_st_route_nh_next,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/state/route/nexthop/attachment",
			.cbs = {
				.get_elem = mcr_st_route_nh_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/state/route/nexthop/address",
			.cbs = {
				.get_elem = mcr_st_route_nh_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/state/route/nexthop/interface",
			.cbs = {
				.get_elem = mcr_st_route_nh_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/state/conflict",
			.cbs = {
				.get_next = mcr_st_conflict_next,
				.get_keys = mcr_st_conflict_keys,
				.lookup_entry = mcr_st_conflict_lookup,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/state/conflict/prefix",
			.cbs = {
				.get_elem = mcr_st_conflict_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/state/conflict/attachment",
			.cbs = {
				.get_elem = mcr_st_conflict_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/state/conflict/other-prefix",
			.cbs = {
				.get_elem = mcr_st_conflict_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/state/conflict/other-attachment",
			.cbs = {
				.get_elem = mcr_st_conflict_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/state/conflict/policy",
			.cbs = {
				.get_elem = mcr_st_conflict_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/state/conflict/resolution",
			.cbs = {
				.get_elem = mcr_st_conflict_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/state/conflict/winner",
			.cbs = {
				.get_elem = mcr_st_conflict_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/route-table/state/conflict/detected-sequence",
			.cbs = {
				.get_elem = mcr_st_conflict_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment",
			.cbs = {
				.create = mcr_nb_create,
				.destroy = mcr_nb_destroy,
				.get_next = mcr_st_attach_next,
				.get_keys = mcr_st_attach_keys,
				.lookup_entry = mcr_st_attach_lookup,
				.cli_show = mcr_cli_show_entry,
				.cli_show_end = mcr_cli_show_entry_end,
				.cli_cmp = mcr_cli_cmp_name,
				.pre_validate = mcr_nb_attach_pre_validate,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/description",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/kind",
			.cbs = {
				.modify = mcr_nb_modify,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/provider",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/profile",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/tunnel",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/neighbor",
			.cbs = {
				.create = mcr_nb_create,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/nexthop",
			.cbs = {
				.create = mcr_nb_create,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/interface",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/limit-warning",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/limit-action",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/ipv4/inbound-limit",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/ipv4/outbound-limit",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/ipv4/min-prefix-length",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/ipv4/max-prefix-length",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/ipv6/inbound-limit",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/ipv6/outbound-limit",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/ipv6/min-prefix-length",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/ipv6/max-prefix-length",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/approval-mode",
			.cbs = {
				.modify = mcr_nb_modify,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/approved-prefix",
			.cbs = {
				.create = mcr_nb_create,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_approved,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/approved-prefix/max-length",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/redundancy-group",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/preference",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/associate",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/propagate",
			.cbs = {
				.create = mcr_nb_create,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/as-path-mode",
			.cbs = {
				.modify = mcr_nb_modify,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/bgp-integration",
			.cbs = {
				.modify = mcr_nb_modify,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/shutdown",
			.cbs = {
				.modify = mcr_nb_modify,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/state/oper-status",
			.cbs = {
				.get_elem = mcr_st_attach_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/state/reason",
			.cbs = {
				.get_elem = mcr_st_attach_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/state/effective-provider",
			.cbs = {
				.get_elem = mcr_st_attach_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/state/family",
			.cbs = {
				.get_next = mcr_st_family_next,
				.get_keys = mcr_st_family_keys,
				.lookup_entry = mcr_st_family_lookup,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/state/family/family",
			.cbs = {
				.get_elem = mcr_st_family_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/state/family/received",
			.cbs = {
				.get_elem = mcr_st_family_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/state/family/accepted",
			.cbs = {
				.get_elem = mcr_st_family_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/state/family/refused",
			.cbs = {
				.get_elem = mcr_st_family_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/state/family/pending",
			.cbs = {
				.get_elem = mcr_st_family_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/state/family/inbound-limit",
			.cbs = {
				.get_elem = mcr_st_family_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/state/family/outbound-limit",
			.cbs = {
				.get_elem = mcr_st_family_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/state/family/limit-status",
			.cbs = {
				.get_elem = mcr_st_family_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/state/refused",
			.cbs = {
				.get_next = mcr_st_refused_next,
				.get_keys = mcr_st_refused_keys,
				.lookup_entry = mcr_st_refused_lookup,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/state/refused/reason",
			.cbs = {
				.get_elem = mcr_st_refused_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/state/refused/count",
			.cbs = {
				.get_elem = mcr_st_refused_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/state/pending-prefix",
			.cbs = {
				.get_next = mcr_st_pending_next,
				.get_keys = mcr_st_pending_keys,
				.lookup_entry = mcr_st_pending_lookup,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/state/pending-prefix/prefix",
			.cbs = {
				.get_elem = mcr_st_pending_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/state/export/route-table",
			.cbs = {
				.get_elem = mcr_st_export_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/state/export/candidate-count",
			.cbs = {
				.get_elem = mcr_st_export_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/state/export/advertised-count",
			.cbs = {
				.get_elem = mcr_st_export_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/state/export/summarized",
			.cbs = {
				.get_elem = mcr_st_export_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/state/export/status",
			.cbs = {
				.get_elem = mcr_st_export_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/state/export/reason",
			.cbs = {
				.get_elem = mcr_st_export_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/state/export/advertised",
			.cbs = {
				.get_next = mcr_st_adv_next,
				.get_keys = mcr_st_adv_keys,
				.lookup_entry = mcr_st_adv_lookup,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/state/export/advertised/prefix",
			.cbs = {
				.get_elem = mcr_st_adv_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/attachment/state/export/advertised/summary",
			.cbs = {
				.get_elem = mcr_st_adv_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel",
			.cbs = {
				.create = mcr_nb_create,
				.destroy = mcr_nb_destroy,
				.get_next = mcr_st_tunnel_next,
				.get_keys = mcr_st_tunnel_keys,
				.lookup_entry = mcr_st_tunnel_lookup,
				.cli_show = mcr_cli_show_entry,
				.cli_show_end = mcr_cli_show_entry_end,
				.cli_cmp = mcr_cli_cmp_name,
				.pre_validate = mcr_nb_tunnel_pre_validate,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/description",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/type",
			.cbs = {
				.modify = mcr_nb_modify,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/preset",
			.cbs = {
				.modify = mcr_nb_modify,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/interface-name",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/local-address",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/remote-address",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/inside-prefix",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/local-inside-address",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/mtu",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/gre-key",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/ike-version",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/ike-proposal",
			.cbs = {
				.create = mcr_nb_create,
				.destroy = mcr_nb_destroy,
				.move = mcr_nb_move,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/esp-proposal",
			.cbs = {
				.create = mcr_nb_create,
				.destroy = mcr_nb_destroy,
				.move = mcr_nb_move,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/ike-lifetime",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/child-lifetime",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/rekey-margin",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/dpd-delay",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/dpd-action",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/psk",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_psk,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/certificate",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/start-action",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/if-id",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/shutdown",
			.cbs = {
				.modify = mcr_nb_modify,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/oper-status",
			.cbs = {
				.get_elem = mcr_st_tunnel_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/reason",
			.cbs = {
				.get_elem = mcr_st_tunnel_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/last-error",
			.cbs = {
				.get_elem = mcr_st_tunnel_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/last-error-time",
			.cbs = {
				.get_elem = mcr_st_tunnel_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/interface",
			.cbs = {
				.get_elem = mcr_st_tunnel_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/uptime",
			.cbs = {
				.get_elem = mcr_st_tunnel_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/bytes-in",
			.cbs = {
				.get_elem = mcr_st_tunnel_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/bytes-out",
			.cbs = {
				.get_elem = mcr_st_tunnel_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/ike-sa/state",
			.cbs = {
				.get_elem = mcr_st_ike_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/ike-sa/version",
			.cbs = {
				.get_elem = mcr_st_ike_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/ike-sa/local-host",
			.cbs = {
				.get_elem = mcr_st_ike_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/ike-sa/remote-host",
			.cbs = {
				.get_elem = mcr_st_ike_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/ike-sa/encryption",
			.cbs = {
				.get_elem = mcr_st_ike_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/ike-sa/integrity",
			.cbs = {
				.get_elem = mcr_st_ike_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/ike-sa/prf",
			.cbs = {
				.get_elem = mcr_st_ike_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/ike-sa/dh-group",
			.cbs = {
				.get_elem = mcr_st_ike_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/ike-sa/established",
			.cbs = {
				.get_elem = mcr_st_ike_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/ike-sa/rekey-in",
			.cbs = {
				.get_elem = mcr_st_ike_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/child-sa",
			.cbs = {
				.get_next = mcr_st_child_next,
				.get_keys = mcr_st_child_keys,
				.lookup_entry = mcr_st_child_lookup,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/child-sa/unique-id",
			.cbs = {
				.get_elem = mcr_st_child_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/child-sa/name",
			.cbs = {
				.get_elem = mcr_st_child_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/child-sa/state",
			.cbs = {
				.get_elem = mcr_st_child_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/child-sa/encryption",
			.cbs = {
				.get_elem = mcr_st_child_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/child-sa/integrity",
			.cbs = {
				.get_elem = mcr_st_child_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/child-sa/installed",
			.cbs = {
				.get_elem = mcr_st_child_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/child-sa/rekey-in",
			.cbs = {
				.get_elem = mcr_st_child_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/child-sa/bytes-in",
			.cbs = {
				.get_elem = mcr_st_child_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/child-sa/bytes-out",
			.cbs = {
				.get_elem = mcr_st_child_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/child-sa/packets-in",
			.cbs = {
				.get_elem = mcr_st_child_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/tunnel/state/child-sa/packets-out",
			.cbs = {
				.get_elem = mcr_st_child_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/netconf",
			.cbs = {
				.cli_show = mcr_cli_show_netconf,
				.cli_show_end = mcr_cli_show_netconf_end,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/netconf/ssh/enabled",
			.cbs = {
				.modify = mcr_nb_modify,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/netconf/ssh/address",
			.cbs = {
				.modify = mcr_nb_modify,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/netconf/ssh/port",
			.cbs = {
				.modify = mcr_nb_modify,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/netconf/ssh/host-key",
			.cbs = {
				.modify = mcr_nb_modify,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/netconf/ssh/password-authentication",
			.cbs = {
				.modify = mcr_nb_modify,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/netconf/tls/enabled",
			.cbs = {
				.modify = mcr_nb_modify,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/netconf/tls/address",
			.cbs = {
				.modify = mcr_nb_modify,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/netconf/tls/port",
			.cbs = {
				.modify = mcr_nb_modify,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/netconf/tls/server-certificate",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/netconf/tls/server-key",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/netconf/tls/trusted-ca",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/netconf/user",
			.cbs = {
				.create = mcr_nb_create,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_nc_user,
				.cli_cmp = mcr_cli_cmp_name,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/netconf/user/access",
			.cbs = {
				.modify = mcr_nb_modify,
				.cli_show = mcr_cli_show_nc_user_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/netconf/user/authorized-keys",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_nc_user_leaf,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/netconf/cert-to-name",
			.cbs = {
				.create = mcr_nb_create,
				.destroy = mcr_nb_destroy,
				.cli_show = mcr_cli_show_c2n,
				.cli_cmp = mcr_cli_cmp_c2n,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/netconf/cert-to-name/fingerprint",
			.cbs = {
				.modify = mcr_nb_modify,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/netconf/cert-to-name/map-type",
			.cbs = {
				.modify = mcr_nb_modify,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/netconf/cert-to-name/name",
			.cbs = {
				.modify = mcr_nb_modify,
				.destroy = mcr_nb_destroy,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/status/version",
			.cbs = {
				.get_elem = mcr_st_status_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/status/zebra-connected",
			.cbs = {
				.get_elem = mcr_st_status_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/status/bgpd-connected",
			.cbs = {
				.get_elem = mcr_st_status_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/status/vici-connected",
			.cbs = {
				.get_elem = mcr_st_status_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/status/attachment-count",
			.cbs = {
				.get_elem = mcr_st_status_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/status/route-table-count",
			.cbs = {
				.get_elem = mcr_st_status_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/status/tunnel-count",
			.cbs = {
				.get_elem = mcr_st_status_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/status/route-count",
			.cbs = {
				.get_elem = mcr_st_status_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/status/conflict-count",
			.cbs = {
				.get_elem = mcr_st_status_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/status/pending-count",
			.cbs = {
				.get_elem = mcr_st_status_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/status/memory",
			.cbs = {
				.get_next = mcr_st_mem_next,
				.get_keys = mcr_st_mem_keys,
				.lookup_entry = mcr_st_mem_lookup,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/status/memory/type",
			.cbs = {
				.get_elem = mcr_st_mem_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/status/memory/objects",
			.cbs = {
				.get_elem = mcr_st_mem_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/status/memory/bytes",
			.cbs = {
				.get_elem = mcr_st_mem_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/prefix-history",
			.cbs = {
				.get_next = mcr_st_hist_next,
				.get_keys = mcr_st_hist_keys,
				.lookup_entry = mcr_st_hist_lookup,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/prefix-history/prefix",
			.cbs = {
				.get_elem = mcr_st_hist_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/prefix-history/event",
			.cbs = {
				.get_next = mcr_st_event_next,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/prefix-history/event/sequence",
			.cbs = {
				.get_elem = mcr_st_event_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/prefix-history/event/attachment",
			.cbs = {
				.get_elem = mcr_st_event_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/prefix-history/event/route-table",
			.cbs = {
				.get_elem = mcr_st_event_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/prefix-history/event/action",
			.cbs = {
				.get_elem = mcr_st_event_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/prefix-history/event/reason",
			.cbs = {
				.get_elem = mcr_st_event_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:mcrouted/prefix-history/event/detail",
			.cbs = {
				.get_elem = mcr_st_event_elem,
			},
		},
		{
			.xpath = "/frr-mcrouted:approve-prefix",
			.cbs = {
				.rpc = mcr_rpc_approve_prefix,
			},
		},
		{
			.xpath = "/frr-mcrouted:clear-attachment",
			.cbs = {
				.rpc = mcr_rpc_clear_attachment,
			},
		},
		{
			.xpath = "/frr-mcrouted:generate-psk",
			.cbs = {
				.rpc = mcr_rpc_generate_psk,
			},
		},
		{
			.xpath = NULL,
		},
	}
};
/* clang-format on */
