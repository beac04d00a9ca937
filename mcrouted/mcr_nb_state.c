/*
 * mcrouted northbound: operational state (config false) getters.
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
#include "northbound.h"
#include "yang.h"

#include "mcrouted.h"
#include "mcr_zebra.h"
#include "mcr_nb.h"

struct yang_data *mcr_nb_state_version_get(struct nb_cb_get_elem_args *args)
{
	return yang_data_new_string(args->xpath, FRR_VERSION);
}

struct yang_data *
mcr_nb_state_zebra_connected_get(struct nb_cb_get_elem_args *args)
{
	return yang_data_new_bool(args->xpath, mcr_zebra_is_connected());
}

struct yang_data *
mcr_nb_state_table_count_get(struct nb_cb_get_elem_args *args)
{
	return yang_data_new_uint32(args->xpath,
				    mcr_cfg_tables_count(&mcrd.tables));
}

struct yang_data *
mcr_nb_state_bgp_routes_get(struct nb_cb_get_elem_args *args)
{
	struct mcr_zebra_stats zs;

	mcr_zebra_stats(&zs);
	return yang_data_new_uint32(args->xpath, zs.bgp_routes);
}
