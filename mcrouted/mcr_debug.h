/*
 * mcrouted debugging flags (lib/debug.h, one struct debug per subsystem).
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#ifndef _MCR_DEBUG_H
#define _MCR_DEBUG_H

#include "debug.h"

extern struct debug mcr_dbg_zebra;
extern struct debug mcr_dbg_nb;

void mcr_debug_init(void);

#define MCR_DEBUG_ZEBRA(fmt, ...)                                              \
	DEBUGD(&mcr_dbg_zebra, "MCR-ZEBRA: " fmt, ##__VA_ARGS__)
#define MCR_DEBUG_NB(fmt, ...)                                                 \
	DEBUGD(&mcr_dbg_nb, "MCR-NB: " fmt, ##__VA_ARGS__)

#endif /* _MCR_DEBUG_H */
