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

struct thread_master;

void mcr_zebra_init(struct thread_master *master);
void mcr_zebra_stop(void);
bool mcr_zebra_is_connected(void);

#endif /* _MCR_ZEBRA_H */
