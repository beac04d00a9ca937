/*
 * mcrouted: libmcr deltas as frr-mcrouted YANG notifications.
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#ifndef _MCR_NOTIFY_H
#define _MCR_NOTIFY_H

#include "mcr/pipeline.h"

/* Send the notification a delta calls for, if any (limit warning and
 * exceeded, conflict found and resolved, prefix pending).  Through FRR's
 * nb_notification_send hook: NETCONF sessions that subscribed get it. */
void mcr_notify_delta(const struct mcr_delta *d);

/* tunnel-up / tunnel-down (called by the tunnel runtime). */
void mcr_notify_tunnel(const char *tunnel, const char *attach, bool up,
		       const char *reason);

#endif /* _MCR_NOTIFY_H */
