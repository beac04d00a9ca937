/*
 * mcrouted: derived operational state, shared by the YANG state callbacks
 * (mcr_nb_state.c) and the show commands (mcr_vty.c) so that both report
 * the same values under the same names.
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#ifndef _MCR_STATE_H
#define _MCR_STATE_H

#include "if.h"

#include "mcr/pipeline.h"

#include "mcrouted.h"
#include "mcr_tunnel_cfg.h"

/* Most nexthops reported per selected route. */
#define MCR_ST_NH_MAX 64

/* A nexthop as installed: attachment, gateway (family 0: none), and the
 * attachment's interface ("" if none). */
struct mcr_st_nh {
	const char *attach;
	struct mcr_addr addr;
	char ifname[INTERFACE_NAMSIZ];
};

/* A selected route of a table (valid until the core changes). */
struct mcr_st_route {
	struct mcr_prefix p;
	struct mcr_rsel sel;
};

void mcr_st_route_fill(struct mcr_st_route *r, const struct mcr_prefix *p,
		       const struct mcr_rsel *sel);
/* The nexthops of @sel into @out (at most @max); returns the count. */
unsigned mcr_st_route_nhs(const struct mcr_rsel *sel, struct mcr_st_nh *out,
			  unsigned max);

/* A conflict as seen from one table. */
struct mcr_st_conflict {
	struct mcr_conflict_info ci;
	enum mcr_conflict_policy policy;
	const char *resolution;	/* both-kept, attachment-won, both-rejected */
	const char *winner;	/* NULL if none */
};
/* Conflicts whose two routes are both propagated into @t. */
int mcr_st_table_conflicts(const struct mcr_cfg_table *t,
			   int (*cb)(const struct mcr_st_conflict *c,
				     void *arg),
			   void *arg);

/* Why @a is down (false if it is up). */
bool mcr_st_attach_reason(const struct mcr_cfg_attach *a, char *buf,
			  size_t size);
/* Routes refused for a refusal reason (bogon, default-route, ...). */
uint64_t mcr_st_refused(const struct mcr_attach_counters *c);
bool mcr_st_reason_is_refusal(enum mcr_reason r);
const char *mcr_st_limit_status(enum mcr_limit_state s);

struct mcr_st_export {
	const char *table;	/* associated table, NULL if none */
	uint64_t wanted, advertised;
	bool summarized;
	const char *status;	/* YANG export/status */
	char reason[MCR_ERRMSG_LEN];
};
void mcr_st_export_get(const struct mcr_cfg_attach *a,
		       struct mcr_st_export *ex);

struct mcr_st_adv {
	struct mcr_prefix p;
	bool summary;
};

/* Tunnel operational state from the runtime (hook mcr_tunnel_oper_get),
 * or "down" with a reason when no runtime answers. */
void mcr_st_tunnel_oper(const struct mcr_tunnel_cfg *cfg,
			struct mcr_tunnel_oper *o);
const char *mcr_st_toper_status(enum mcr_toper_status s);

struct mcr_st_counts {
	uint64_t routes;	/* selected routes over all tables */
	uint64_t conflicts;
	uint64_t pending;
};
void mcr_st_counts(struct mcr_st_counts *c);

/* YANG prefix-history/event/action of a history entry. */
const char *mcr_st_hist_action(const struct mcr_history_entry *h);

#endif /* _MCR_STATE_H */
