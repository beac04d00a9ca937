/*
 * mcrouted -> bgpd: the policy objects mcrouted owns in bgpd (see
 * doc/bgp-integration.md and lib/mcr/bgpconf.h).
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#ifndef _MCR_BGP_H
#define _MCR_BGP_H

#include "mcr/pipeline.h"

/* @vty_dir: where this FRR instance's vty sockets are (--vty_socket, -N);
 * bgpd's is looked for there unless 'bgp vty-socket' is set. */
void mcr_bgp_init(const char *vty_dir);
void mcr_bgp_fini(void);

/* Something that changes what bgpd must be told happened (export deltas,
 * attachment config): reconcile soon (debounced). */
void mcr_bgp_schedule(void);

/* An export delta: summaries (prefixes bgpd has no route for) are
 * installed as discard routes of type mcr in zebra's main table, for
 * 'redistribute mcr'. */
void mcr_bgp_export_delta(const struct mcr_delta *d);

/* zebra (re)connected: re-send the summary routes. */
void mcr_bgp_zebra_resync(void);

#endif /* _MCR_BGP_H */
