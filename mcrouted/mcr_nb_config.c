/*
 * mcrouted northbound: configuration callbacks.
 *
 * VALIDATE / PREPARE / ABORT / APPLY as FRR's northbound defines them;
 * APPLY never fails.  Callbacks only update the daemon's configuration and
 * hand changes to the core; they never talk to zebra directly.
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
#include "memory.h"
#include "yang.h"

#include "mcrouted.h"
#include "mcr_debug.h"
#include "mcr_nb.h"

DEFINE_MTYPE_STATIC(MCROUTED, MCR_CFG_TABLE, "mcrouted route table config");

struct mcr_cfg_table *mcr_cfg_table_find(const char *name)
{
	struct mcr_cfg_table key = {};

	strlcpy(key.name, name, sizeof(key.name));
	return mcr_cfg_tables_find(&mcrd.tables, &key);
}

int mcr_nb_distance_modify(struct nb_cb_modify_args *args)
{
	if (args->event != NB_EV_APPLY)
		return NB_OK;
	mcrd.distance = yang_dnode_get_uint8(args->dnode, NULL);
	MCR_DEBUG_NB("distance %u", mcrd.distance);
	return NB_OK;
}

int mcr_nb_table_create(struct nb_cb_create_args *args)
{
	struct mcr_cfg_table *t;

	if (args->event != NB_EV_APPLY)
		return NB_OK;
	t = XCALLOC(MTYPE_MCR_CFG_TABLE, sizeof(*t));
	strlcpy(t->name, yang_dnode_get_string(args->dnode, "./name"),
		sizeof(t->name));
	mcr_cfg_tables_add(&mcrd.tables, t);
	nb_running_set_entry(args->dnode, t);
	MCR_DEBUG_NB("route-table %s created", t->name);
	return NB_OK;
}

int mcr_nb_table_destroy(struct nb_cb_destroy_args *args)
{
	struct mcr_cfg_table *t;

	if (args->event != NB_EV_APPLY)
		return NB_OK;
	t = nb_running_unset_entry(args->dnode);
	mcr_cfg_tables_del(&mcrd.tables, t);
	MCR_DEBUG_NB("route-table %s destroyed", t->name);
	XFREE(MTYPE_MCR_CFG_TABLE, t);
	return NB_OK;
}

int mcr_nb_table_id_modify(struct nb_cb_modify_args *args)
{
	struct mcr_cfg_table *t;

	if (args->event != NB_EV_APPLY)
		return NB_OK;
	t = nb_running_get_entry(args->dnode, NULL, true);
	t->table_id = yang_dnode_get_uint32(args->dnode, NULL);
	return NB_OK;
}

int mcr_nb_table_id_destroy(struct nb_cb_destroy_args *args)
{
	struct mcr_cfg_table *t;

	if (args->event != NB_EV_APPLY)
		return NB_OK;
	t = nb_running_get_entry(args->dnode, NULL, true);
	t->table_id = 0;
	return NB_OK;
}
