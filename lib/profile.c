/*
 * libmcr provider profiles (see mcr/profile.h).
 *
 * A constant table of the figures in doc providers.md; everything else is
 * lookup and validation.  Where a provider documents no figure (e.g. what
 * a VPN gateway sends us) a generous default is used and marked so.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "mcr/profile.h"

#define AZ_RESERVED                                                            \
	.reserved = {{8074, 8075}, {12076, 12076}, {65515, 65520}},            \
	.nreserved = 3
#define AWS_RESERVED .reserved = {{7224, 7224}}, .nreserved = 1

static const struct mcr_profile builtin[MCR_PROV_MAX] = {
	/* DX private/transit VIF: AWS accepts 100 prefixes per family from
	 * us; a DX gateway sends at most 200 allowed prefixes. */
	[MCR_PROV_AWS_DX] = {.provider = MCR_PROV_AWS_DX,
			     .link_class = MCR_CLASS_DIRECT,
			     .peer_asn = 64512,
			     AWS_RESERVED,
			     .in_limit = {200, 200},
			     .out_limit = {100, 100},
			     .warn_pct = 80,
			     .limit_action = MCR_LIMIT_WARN,
			     .minlen = {8, 16},
			     .maxlen = {28, 64},
			     .defroute = MCR_DEFROUTE_REFUSE},
	/* TGW VPN attachment: 1,000 in (to AWS) / 5,000 out (from AWS). */
	[MCR_PROV_AWS_VPN] = {.provider = MCR_PROV_AWS_VPN,
			      .link_class = MCR_CLASS_VPN,
			      .peer_asn = 64512,
			      AWS_RESERVED,
			      .in_limit = {5000, 5000},
			      .out_limit = {1000, 1000},
			      .warn_pct = 80,
			      .limit_action = MCR_LIMIT_WARN,
			      .minlen = {8, 16},
			      .maxlen = {28, 64},
			      .defroute = MCR_DEFROUTE_REFUSE},
	/* TGW Connect peer: 1,000 in / 5,000 out, as VPN. */
	[MCR_PROV_AWS_TGW_CONNECT] = {.provider = MCR_PROV_AWS_TGW_CONNECT,
				      .link_class = MCR_CLASS_CONNECT,
				      .peer_asn = 64512,
				      AWS_RESERVED,
				      .in_limit = {5000, 5000},
				      .out_limit = {1000, 1000},
				      .warn_pct = 80,
				      .limit_action = MCR_LIMIT_WARN,
				      .minlen = {8, 16},
				      .maxlen = {28, 64},
				      .defroute = MCR_DEFROUTE_REFUSE},
	/* ExpressRoute private peering: ASN 12076; accepts 4,000 IPv4
	 * (Standard) / 100 IPv6 from us; a VNet sends at most 1,000. */
	[MCR_PROV_AZURE_ER] = {.provider = MCR_PROV_AZURE_ER,
			       .link_class = MCR_CLASS_DIRECT,
			       .peer_asn = 12076,
			       AZ_RESERVED,
			       .in_limit = {1000, 1000},
			       .out_limit = {4000, 100},
			       .warn_pct = 80,
			       .limit_action = MCR_LIMIT_WARN,
			       .minlen = {8, 16},
			       .maxlen = {29, 64},
			       .defroute = MCR_DEFROUTE_REFUSE},
	/* Azure VPN gateway / Route Server: ASN 65515, about 1,000 routes
	 * per peer. */
	[MCR_PROV_AZURE_VPN] = {.provider = MCR_PROV_AZURE_VPN,
				.link_class = MCR_CLASS_VPN,
				.peer_asn = 65515,
				AZ_RESERVED,
				.in_limit = {1000, 1000},
				.out_limit = {1000, 1000},
				.warn_pct = 80,
				.limit_action = MCR_LIMIT_WARN,
				.minlen = {8, 16},
				.maxlen = {29, 64},
				.defroute = MCR_DEFROUTE_REFUSE},
	/* Cloud Router: ASN 16550 (Partner Interconnect); 5,000 prefixes
	 * per peer, but only 250 unique dynamic prefixes per region are
	 * kept, so that is the export budget. */
	[MCR_PROV_GCP_INTERCONNECT] = {.provider = MCR_PROV_GCP_INTERCONNECT,
				       .link_class = MCR_CLASS_DIRECT,
				       .peer_asn = 16550,
				       .in_limit = {5000, 5000},
				       .out_limit = {250, 250},
				       .warn_pct = 80,
				       .limit_action = MCR_LIMIT_WARN,
				       .minlen = {8, 16},
				       .maxlen = {29, 64},
				       .defroute = MCR_DEFROUTE_REFUSE},
	/* HA VPN: the Cloud Router ASN is user-chosen (private); 64512 is
	 * only a placeholder default. */
	[MCR_PROV_GCP_VPN] = {.provider = MCR_PROV_GCP_VPN,
			      .link_class = MCR_CLASS_VPN,
			      .peer_asn = 64512,
			      .in_limit = {5000, 5000},
			      .out_limit = {250, 250},
			      .warn_pct = 80,
			      .limit_action = MCR_LIMIT_WARN,
			      .minlen = {8, 16},
			      .maxlen = {29, 64},
			      .defroute = MCR_DEFROUTE_REFUSE},
	/* Anything else (on-prem routers): no documented limits. */
	[MCR_PROV_GENERIC] = {.provider = MCR_PROV_GENERIC,
			      .link_class = MCR_CLASS_OTHER,
			      .peer_asn = 0,
			      .in_limit = {1000000, 1000000},
			      .out_limit = {1000000, 1000000},
			      .warn_pct = 90,
			      .limit_action = MCR_LIMIT_WARN,
			      .minlen = {0, 0},
			      .maxlen = {32, 128},
			      .defroute = MCR_DEFROUTE_ACCEPT},
};

static const char *const prov_names[MCR_PROV_MAX] = {
	[MCR_PROV_AWS_DX] = "aws-direct-connect",
	[MCR_PROV_AWS_VPN] = "aws-vpn",
	[MCR_PROV_AWS_TGW_CONNECT] = "aws-tgw-connect",
	[MCR_PROV_AZURE_ER] = "azure-expressroute",
	[MCR_PROV_AZURE_VPN] = "azure-vpn",
	[MCR_PROV_GCP_INTERCONNECT] = "gcp-interconnect",
	[MCR_PROV_GCP_VPN] = "gcp-vpn",
	[MCR_PROV_GENERIC] = "generic",
};

static const char *const action_names[MCR_LIMIT_ACTION_MAX] = {
	[MCR_LIMIT_WARN] = "warn",
	[MCR_LIMIT_DROP_EXCESS] = "drop-excess",
	[MCR_LIMIT_WITHDRAW_ALL] = "withdraw-all",
};

const struct mcr_profile *mcr_profile_builtin(enum mcr_provider prov)
{
	if ((unsigned)prov >= MCR_PROV_MAX)
		return NULL;
	return &builtin[prov];
}

const char *mcr_provider_name(enum mcr_provider prov)
{
	if ((unsigned)prov >= MCR_PROV_MAX)
		return "?";
	return prov_names[prov];
}

enum mcr_err mcr_provider_parse(const char *name, enum mcr_provider *out,
				struct mcr_errbuf *eb)
{
	for (unsigned i = 0; name && i < MCR_PROV_MAX; i++)
		if (!strcmp(name, prov_names[i])) {
			*out = (enum mcr_provider)i;
			return MCR_OK;
		}
	return mcr_error(eb, MCR_EINVAL, "unknown provider \"%s\"",
			 name ? name : "");
}

const char *mcr_limit_action_name(enum mcr_limit_action a)
{
	if ((unsigned)a >= MCR_LIMIT_ACTION_MAX)
		return "?";
	return action_names[a];
}

enum mcr_err mcr_limit_action_parse(const char *name,
				    enum mcr_limit_action *out,
				    struct mcr_errbuf *eb)
{
	for (unsigned i = 0; name && i < MCR_LIMIT_ACTION_MAX; i++)
		if (!strcmp(name, action_names[i])) {
			*out = (enum mcr_limit_action)i;
			return MCR_OK;
		}
	return mcr_error(eb, MCR_EINVAL, "unknown limit action \"%s\"",
			 name ? name : "");
}

uint32_t mcr_class_pref(enum mcr_link_class c)
{
	switch (c) {
	case MCR_CLASS_DIRECT:
		return MCR_PREF_DIRECT;
	case MCR_CLASS_CONNECT:
		return MCR_PREF_CONNECT;
	case MCR_CLASS_VPN:
		return MCR_PREF_VPN;
	default:
		return MCR_PREF_OTHER;
	}
}

bool mcr_profile_asn_reserved(const struct mcr_profile *p, uint32_t asn)
{
	for (unsigned i = 0; i < p->nreserved && i < MCR_PROFILE_MAX_RESERVED;
	     i++)
		if (asn >= p->reserved[i].lo && asn <= p->reserved[i].hi)
			return true;
	return false;
}

enum mcr_err mcr_profile_validate(const struct mcr_profile *p,
				  struct mcr_errbuf *eb)
{
	static const char *const af[MCR_AFI_MAX] = {"ipv4", "ipv6"};

	if ((unsigned)p->provider >= MCR_PROV_MAX)
		return mcr_error(eb, MCR_EINVAL, "unknown provider %d",
				 p->provider);
	if ((unsigned)p->link_class >= MCR_CLASS_MAX)
		return mcr_error(eb, MCR_EINVAL, "unknown link class %d",
				 p->link_class);
	if ((unsigned)p->limit_action >= MCR_LIMIT_ACTION_MAX)
		return mcr_error(eb, MCR_EINVAL, "unknown limit action %d",
				 p->limit_action);
	if (p->defroute != MCR_DEFROUTE_REFUSE &&
	    p->defroute != MCR_DEFROUTE_ACCEPT)
		return mcr_error(eb, MCR_EINVAL,
				 "unknown default-route policy %d",
				 p->defroute);
	if (p->warn_pct < 1 || p->warn_pct > 100)
		return mcr_error(eb, MCR_EINVAL,
				 "warning threshold %u%% not in 1..100",
				 p->warn_pct);
	if (p->nreserved > MCR_PROFILE_MAX_RESERVED)
		return mcr_error(eb, MCR_EINVAL, "too many reserved ASN ranges");
	for (unsigned i = 0; i < p->nreserved; i++)
		if (p->reserved[i].lo > p->reserved[i].hi)
			return mcr_error(eb, MCR_EINVAL,
					 "reserved ASN range %u-%u is empty",
					 p->reserved[i].lo, p->reserved[i].hi);
	for (int i = 0; i < MCR_AFI_MAX; i++) {
		unsigned max = i == MCR_AFI_IP ? 32 : 128;

		if (p->in_limit[i] == 0)
			return mcr_error(eb, MCR_EINVAL,
					 "%s inbound prefix limit must be >= 1",
					 af[i]);
		if (p->out_limit[i] == 0)
			return mcr_error(eb, MCR_EINVAL,
					 "%s outbound prefix limit must be >= 1",
					 af[i]);
		if (p->minlen[i] > p->maxlen[i] || p->maxlen[i] > max)
			return mcr_error(eb, MCR_EINVAL,
					 "%s prefix-length range %u-%u invalid",
					 af[i], p->minlen[i], p->maxlen[i]);
	}
	return MCR_OK;
}
