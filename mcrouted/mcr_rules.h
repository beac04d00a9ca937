/*
 * mcrouted: route table associations as kernel policy routing rules.
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#ifndef _MCR_RULES_H
#define _MCR_RULES_H

/* Make the kernel's mcrouted rules (protocol mcr) match the associations:
 * for every attachment with an interface and an associated route table
 * whose kernel table is set, "iif IFNAME lookup TABLE" for IPv4 and IPv6.
 * Returns the number of changes, -1 if netlink failed (reason logged). */
int mcr_rules_reconcile(void);

/* Last reconcile's result, for show commands. */
const char *mcr_rules_status(void);

#endif /* _MCR_RULES_H */
