/*
 * mcrouted: the daemon's one libmcr core, and where its deltas go.
 *
 * Events enter libmcr from two places: northbound APPLY callbacks (config)
 * and the zebra client (BGP routes, link state).  Each caller takes the
 * scratch delta buffer, calls one or more mcr_core_*() functions of
 * libmcr (mcr/pipeline.h) into it, then hands it to mcr_deltas_apply(),
 * which turns route deltas into ZAPI installs in the route tables' kernel
 * tables, refreshes what bgpd is told, raises notifications and logs.
 *
 * The neighbor map tells the zebra client which attachment a BGP route
 * came from: the northbound keeps it in sync with each attachment's
 * 'neighbor' leaf-list; a route whose BGP nexthop (the eBGP neighbor
 * address) is in the map belongs to that attachment.
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#ifndef _MCR_CORE_H
#define _MCR_CORE_H

#include "ipaddr.h"

#include "mcr/pipeline.h"

extern struct mcr_core *mcr_core;

void mcr_core_init(void);
void mcr_core_fini(void);

/* The scratch delta buffer, empty. Valid until the next call. */
struct mcr_deltas *mcr_deltas_scratch(void);
/* Push @d out (zebra, bgpd policy, notifications, logs) and reset it.
 * Never fails: what cannot be done now (zebra down) is redone on
 * reconnect from libmcr's tables. */
void mcr_deltas_apply(struct mcr_deltas *d);

/* Neighbor map: @attach owns BGP neighbor @addr (add) or no longer does. */
void mcr_neighbor_set(const char *attach, const struct ipaddr *addr,
		      bool add);
/* Attachment owning @addr, or NULL. */
const char *mcr_neighbor_find(const struct ipaddr *addr);
/* Forget every neighbor of @attach (attachment deleted). */
void mcr_neighbor_del_attach(const char *attach);
/*
 * The neighbor behind a link-local IPv6 nexthop on interface @ifname:
 * the one IPv6 neighbor of the one attachment reached through @ifname.
 * False (and *out untouched) if no attachment or several use the
 * interface, or the attachment has no or several IPv6 neighbors.
 */
bool mcr_neighbor_on_link(const char *ifname, struct ipaddr *out);

/* The interface an attachment is reached through ("" or NULL = none): the
 * nexthop of its static routes that have no gateway address. */
void mcr_attach_iface_set(const char *attach, const char *ifname);
const char *mcr_attach_iface(const char *attach);

#endif /* _MCR_CORE_H */
