/*
 * mcrouted CLI: configuration commands (mcr_cli.c) and show/exec commands
 * (mcr_vty.c).
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#ifndef _MCR_VTY_H
#define _MCR_VTY_H

void mcr_cli_init(void);
void mcr_vty_init(void);

#endif /* _MCR_VTY_H */
