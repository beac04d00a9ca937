/*
 * mcrouted: provider presets of tunnels (aws-vpn, azure-vpn,
 * aws-tgw-connect) and the built-in defaults of frr-mcrouted.yang.
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#ifndef _MCR_TUNNEL_PRESET_H
#define _MCR_TUNNEL_PRESET_H

#include "mcr_tunnel_cfg.h"

/*
 * Fill every field of @c still at its "absent" value (0, "", *_DEFAULT,
 * no proposals) from @c->preset, then from the YANG defaults: IKEv2,
 * MTU 1400 (IPsec) / 1476 (GRE), dpd-action restart, start-action start.
 * Values already set are kept: presets are overridable defaults
 * (../shared/docs/providers.md).  O(1), never fails.
 */
void mcr_tunnel_cfg_resolve(struct mcr_tunnel_cfg *c);

/* "aws-vpn" ... -> enum; MCR_TCFG_PRESET_NONE for "none"/unknown. */
enum mcr_tcfg_preset mcr_tunnel_preset_parse(const char *s);

#endif /* _MCR_TUNNEL_PRESET_H */
