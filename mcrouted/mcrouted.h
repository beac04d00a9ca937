/*
 * mcrouted: daemon-wide state shared by the glue modules.
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#ifndef _MCROUTED_H
#define _MCROUTED_H

#include "memory.h"
#include "privs.h"
#include "typesafe.h"

DECLARE_MGROUP(MCROUTED);

#define MCR_VTY_PORT 2622
#define MCR_DEFAULT_DISTANCE 220

PREDECL_RBTREE_UNIQ(mcr_cfg_tables);

/*
 * A configured route table, as the northbound applied it.
 * Invariant: name is unique (tree key); table_id is 0 (none) or unique
 * across tables (the YANG 'unique' statement guarantees it after commit).
 */
struct mcr_cfg_table {
	struct mcr_cfg_tables_item item;
	char name[64];
	uint32_t table_id;
};

static inline int mcr_cfg_table_cmp(const struct mcr_cfg_table *a,
				    const struct mcr_cfg_table *b)
{
	return strcmp(a->name, b->name);
}

DECLARE_RBTREE_UNIQ(mcr_cfg_tables, struct mcr_cfg_table, item,
		    mcr_cfg_table_cmp);

struct mcr_daemon {
	struct thread_master *master;
	uint8_t distance;
	struct mcr_cfg_tables_head tables;
	time_t start_time;
};

extern struct mcr_daemon mcrd;
extern struct zebra_privs_t mcr_privs;

struct mcr_cfg_table *mcr_cfg_table_find(const char *name);

#endif /* _MCROUTED_H */
