/*
 * mcrouted: daemon-wide state shared by the glue modules.
 *
 * The configuration objects below mirror what the northbound last pushed
 * into the libmcr core (mcr_nb_config.c is their only writer): each commit
 * reconciles them with the new running configuration, so they are also
 * the daemon's view of "applied" configuration for show commands.
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

#include "if.h"
#include "ipaddr.h"
#include "memory.h"
#include "privs.h"
#include "typesafe.h"

#include "mcr/attach.h"
#include "mcr/prefix.h"
#include "mcr/rtable.h"

DECLARE_MGROUP(MCROUTED);

#define MCR_VTY_PORT 2622
#define MCR_DEFAULT_DISTANCE 220
/* Most BGP neighbors / static nexthops per attachment. */
#define MCR_CFG_ADDR_MAX 16

PREDECL_RBTREE_UNIQ(mcr_cfg_tables);
PREDECL_RBTREE_UNIQ(mcr_cfg_attachs);
PREDECL_RBTREE_UNIQ(mcr_cfg_pfxs);

/*
 * A prefix of a configured set: a bogon, a protected prefix, a static
 * route (attach set) or blackhole (attach ""), an approved prefix
 * (maxlen 0 = exactly this prefix).
 */
struct mcr_cfg_pfx {
	struct mcr_cfg_pfxs_item item;
	struct mcr_prefix p;
	char attach[MCR_NAME_MAX];
	struct mcr_addr nh;	/* static route nexthop, family 0 = none */
	uint8_t maxlen;
};

static inline int mcr_cfg_pfx_cmp(const struct mcr_cfg_pfx *a,
				  const struct mcr_cfg_pfx *b)
{
	return mcr_prefix_cmp(&a->p, &b->p);
}

DECLARE_RBTREE_UNIQ(mcr_cfg_pfxs, struct mcr_cfg_pfx, item, mcr_cfg_pfx_cmp);

/*
 * A configured route table.
 * Invariant: name unique; table_id != 0 iff the table exists in the core
 * (a table without table-id is inactive); statics/protect are what the
 * core holds for it.
 */
struct mcr_cfg_table {
	struct mcr_cfg_tables_item item;
	char name[MCR_NAME_MAX];
	uint32_t table_id;
	bool ecmp;
	enum mcr_conflict_policy policy;
	struct mcr_cfg_pfxs_head statics;
	struct mcr_cfg_pfxs_head protect;
	bool mark;		/* reconcile: still configured */
};

static inline int mcr_cfg_table_cmp(const struct mcr_cfg_table *a,
				    const struct mcr_cfg_table *b)
{
	return strcmp(a->name, b->name);
}

DECLARE_RBTREE_UNIQ(mcr_cfg_tables, struct mcr_cfg_table, item,
		    mcr_cfg_table_cmp);

/*
 * A configured attachment.
 * Invariant: in_core iff the core has an attachment of this name with
 * config cfg; nbr[] are in the neighbor map under this name; approved
 * is what the core was told to approve.
 */
struct mcr_cfg_attach {
	struct mcr_cfg_attachs_item item;
	char name[MCR_NAME_MAX];
	bool in_core;
	struct mcr_attach_config cfg;
	char tunnel[MCR_NAME_MAX];
	char ifname[INTERFACE_NAMSIZ];
	struct ipaddr nbr[MCR_CFG_ADDR_MAX];
	unsigned nnbr;
	struct mcr_addr nh[MCR_CFG_ADDR_MAX];	/* static attachment gateways */
	unsigned nnh;
	struct mcr_cfg_pfxs_head approved;
	bool mark;
};

static inline int mcr_cfg_attach_cmp(const struct mcr_cfg_attach *a,
				     const struct mcr_cfg_attach *b)
{
	return strcmp(a->name, b->name);
}

DECLARE_RBTREE_UNIQ(mcr_cfg_attachs, struct mcr_cfg_attach, item,
		    mcr_cfg_attach_cmp);

struct mcr_daemon {
	struct thread_master *master;
	uint8_t distance;
	struct mcr_cfg_tables_head tables;
	struct mcr_cfg_attachs_head attachs;
	/* The bogon list the core holds (built-in + configured - exceptions) */
	struct mcr_cfg_pfxs_head bogons;
	time_t start_time;
	char secret_key[PATH_MAX];
	char vici_socket[PATH_MAX];
};

extern struct mcr_daemon mcrd;
extern struct zebra_privs_t mcr_privs;

struct mcr_cfg_table *mcr_cfg_table_find(const char *name);
struct mcr_cfg_attach *mcr_cfg_attach_find(const char *name);

#endif /* _MCROUTED_H */
