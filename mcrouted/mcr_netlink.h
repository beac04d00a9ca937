/*
 * mcrouted: rtnetlink for tunnel links (GRE and xfrm interfaces).
 *
 * Requests are synchronous on a private NETLINK_ROUTE socket (the kernel
 * answers link and address requests at once; each waits at most
 * MCR_NL_TIMEOUT_MS for its ACK).  The bytes are built and the answers
 * parsed by lib/nl_tunnel.c.  A second socket joins RTNLGRP_LINK so that
 * the owner learns when a link goes up, down or away.
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#ifndef _MCR_NETLINK_H
#define _MCR_NETLINK_H

#include "mcr/nl_tunnel.h"

struct thread_master;

/* Link notifications: @deleted, else the link's current state. */
typedef void (*mcr_netlink_link_cb)(const struct mcr_nl_link_info *li,
				    bool deleted);

void mcr_netlink_init(struct thread_master *master, mcr_netlink_link_cb cb);
void mcr_netlink_fini(void);

/*
 * Create a GRE (@g) or xfrm (@x) link, set its MTU and bring it up, add
 * @inside/@plen on it (if @inside non-NULL).  On success *@ifindex is set.
 * On error nothing is left behind (a link created before a later step
 * failed is deleted) and @eb says why; MCR_EUNSUPP means the kernel lacks
 * the link type ("kernel lacks GRE support ...").
 */
enum mcr_err mcr_netlink_gre_create(const struct mcr_nl_gre *g,
				    const struct mcr_addr *inside,
				    unsigned plen, uint32_t *ifindex,
				    struct mcr_errbuf *eb);
enum mcr_err mcr_netlink_xfrm_create(const struct mcr_nl_xfrm *x,
				     const struct mcr_addr *inside,
				     unsigned plen, uint32_t *ifindex,
				     struct mcr_errbuf *eb);
/* Delete by ifindex (or by name when @ifindex is 0); a missing link is
 * not an error. */
enum mcr_err mcr_netlink_link_delete(uint32_t ifindex, const char *ifname,
				     struct mcr_errbuf *eb);
/* Add @a/@plen on @ifindex; an existing address is not an error. */
enum mcr_err mcr_netlink_addr_add(uint32_t ifindex, const struct mcr_addr *a,
				  unsigned plen, struct mcr_errbuf *eb);
/* Can this kernel create xfrm interfaces?  Probed once (a throw-away
 * link), then cached.  MCR_OK, MCR_EUNSUPP, or another error. */
enum mcr_err mcr_netlink_xfrm_probe(struct mcr_errbuf *eb);

#endif /* _MCR_NETLINK_H */
