/*
 * mcrouted CLI: configuration commands (mcr_cli*.c) and show/exec commands
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

#include "command.h"

/* Help strings of the provider keywords, in the order of the command
 * strings (aws-direct-connect|...|generic). */
#define MCR_PROVIDERS_HELP                                                     \
	"AWS Direct Connect virtual interface\n"                              \
	"AWS Site-to-Site VPN\n"                                               \
	"AWS Transit Gateway Connect\n"                                        \
	"Azure ExpressRoute private peering\n"                                 \
	"Azure VPN gateway\n"                                                  \
	"Google Cloud Interconnect\n"                                          \
	"Google Cloud HA VPN\n"                                                \
	"Any other BGP peer\n"

void mcr_cli_init(void);
void mcr_cli_attach_init(void);
void mcr_cli_tunnel_init(void);
void mcr_vty_init(void);

/* Set (MODIFY) or, with @no, reset (to the default, or DESTROY) the leaf
 * at relative @path, and apply. */
int mcr_cli_leaf(struct vty *vty, bool no, const char *path,
		 const char *value);
/* Add or remove @value of the leaf-list at relative @path, and apply. */
int mcr_cli_llist(struct vty *vty, bool no, const char *path,
		  const char *value);
/* Create the list entry printf(@fmt, @name) and enter @node. */
int mcr_cli_enter(struct vty *vty, enum node_type node, const char *fmt,
		  const char *name);
int mcr_cli_remove(struct vty *vty, const char *fmt, const char *name);

#endif /* _MCR_VTY_H */
