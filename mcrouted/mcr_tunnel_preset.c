/*
 * mcrouted: provider presets of tunnels (see mcr_tunnel_preset.h).
 *
 * Sources (../shared/docs/providers.md): AWS Site-to-Site VPN: IKEv2,
 * phase 1 lifetime 28,800 s, phase 2 3,600 s, rekey margin 540 s, DPD
 * (10 s, restart), AES-GCM/CBC with SHA-2 and DH 14-24, tunnel MTU 1436;
 * Azure VPN gateway: IKEv2, phase 1 28,800 s, phase 2 27,000 s, DPD 45 s,
 * MTU 1400; Transit Gateway Connect: GRE, MTU 8500.
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#include <zebra.h>

#include "mcr_tunnel_preset.h"

struct mcr_preset {
	uint16_t mtu;
	uint8_t ike_version;
	uint32_t ike_lifetime, child_lifetime, rekey_margin, dpd_delay;
	enum mcr_tcfg_dpd_action dpd_action;
	const char *ike[4], *esp[4];
};

static const struct mcr_preset mcr_presets[] = {
	[MCR_TCFG_PRESET_AWS_VPN] = {
		.mtu = 1436, .ike_version = 2,
		.ike_lifetime = 28800, .child_lifetime = 3600,
		.rekey_margin = 540, .dpd_delay = 10,
		.dpd_action = MCR_TCFG_DPD_RESTART,
		.ike = {"aes256gcm16-prfsha384-ecp384",
			"aes256-sha256-modp2048", "aes128-sha1-modp2048"},
		.esp = {"aes256gcm16-ecp384", "aes256-sha256-modp2048",
			"aes128-sha1-modp2048"},
	},
	[MCR_TCFG_PRESET_AZURE_VPN] = {
		.mtu = 1400, .ike_version = 2,
		.ike_lifetime = 28800, .child_lifetime = 27000,
		.dpd_delay = 45, .dpd_action = MCR_TCFG_DPD_RESTART,
		.ike = {"aes256-sha256-modp2048", "aes256-sha256-modp1024"},
		.esp = {"aes256gcm16", "aes256-sha256"},
	},
	[MCR_TCFG_PRESET_AWS_TGW_CONNECT] = {
		.mtu = 8500,
	},
};

enum mcr_tcfg_preset mcr_tunnel_preset_parse(const char *s)
{
	if (!strcmp(s, "aws-vpn"))
		return MCR_TCFG_PRESET_AWS_VPN;
	if (!strcmp(s, "azure-vpn"))
		return MCR_TCFG_PRESET_AZURE_VPN;
	if (!strcmp(s, "aws-tgw-connect"))
		return MCR_TCFG_PRESET_AWS_TGW_CONNECT;
	return MCR_TCFG_PRESET_NONE;
}

static void fill_list(char (*dst)[MCR_TCFG_PROPOSAL_LEN], unsigned *n,
		      const char *const *src)
{
	if (*n)
		return;
	for (unsigned i = 0; i < 4 && src[i] && *n < MCR_TCFG_PROPOSALS_MAX;
	     i++)
		strlcpy(dst[(*n)++], src[i], MCR_TCFG_PROPOSAL_LEN);
}

void mcr_tunnel_cfg_resolve(struct mcr_tunnel_cfg *c)
{
	const struct mcr_preset *p = NULL;

	if (c->preset > MCR_TCFG_PRESET_NONE &&
	    (size_t)c->preset < array_size(mcr_presets))
		p = &mcr_presets[c->preset];
	if (p) {
		if (!c->mtu)
			c->mtu = p->mtu;
		if (c->type == MCR_TUNNEL_IPSEC) {
			if (!c->ike_version)
				c->ike_version = p->ike_version;
			if (!c->ike_lifetime)
				c->ike_lifetime = p->ike_lifetime;
			if (!c->child_lifetime)
				c->child_lifetime = p->child_lifetime;
			if (!c->rekey_margin)
				c->rekey_margin = p->rekey_margin;
			if (!c->dpd_delay)
				c->dpd_delay = p->dpd_delay;
			if (c->dpd_action == MCR_TCFG_DPD_DEFAULT)
				c->dpd_action = p->dpd_action;
			fill_list(c->ike_proposal, &c->n_ike_proposal, p->ike);
			fill_list(c->esp_proposal, &c->n_esp_proposal, p->esp);
		}
	}
	if (!c->mtu)
		c->mtu = c->type == MCR_TUNNEL_GRE ? 1476 : 1400;
	if (c->type == MCR_TUNNEL_IPSEC) {
		if (!c->ike_version)
			c->ike_version = 2;
		if (c->dpd_action == MCR_TCFG_DPD_DEFAULT)
			c->dpd_action = MCR_TCFG_DPD_RESTART;
		if (c->start_action == MCR_TCFG_START_DEFAULT)
			c->start_action = MCR_TCFG_START_START;
	}
}
