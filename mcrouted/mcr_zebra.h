/*
 * mcrouted zebra client (ZAPI).
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#ifndef _MCR_ZEBRA_H
#define _MCR_ZEBRA_H

#include "hook.h"

#include "mcr/pipeline.h"

struct thread_master;

void mcr_zebra_init(struct thread_master *master);
void mcr_zebra_stop(void);
bool mcr_zebra_is_connected(void);

/* Install or withdraw one route of a route table (a ROUTE_* delta) in the
 * table's kernel table through zebra. */
void mcr_zebra_route_delta(const struct mcr_delta *d);

/* Install (or remove) a summary prefix as a discard route of type mcr in
 * zebra's main table, where 'redistribute mcr' hands it to bgpd. */
void mcr_zebra_summary_route(bool install, const struct mcr_prefix *p);

/* Re-attribute every BGP route zebra gave us after the neighbor map
 * changed (attachment neighbors added/removed). */
void mcr_zebra_reclassify(void);

/* Graceful restart (client side): seconds zebra keeps our routes after
 * we disconnect, and "every table was re-sent" once we are back. */
#define MCR_ZEBRA_GR_STALE_TIME 120
void mcr_zebra_gr_complete(void);
/* Run after each connect once our tables were re-sent (@first: the first
 * connection of this run). */
DECLARE_HOOK(mcr_zebra_connect, (bool first), (first));

/* Counters for show commands. */
struct mcr_zebra_stats {
	uint32_t bgp_routes;	/* BGP routes zebra currently redistributes */
	uint32_t unclassified;	/* of those, from no known attachment */
	uint64_t installs, withdrawals;
};
void mcr_zebra_stats(struct mcr_zebra_stats *st);

#endif /* _MCR_ZEBRA_H */
