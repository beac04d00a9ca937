/*
 * libmcr provider profiles: the published limits and conventions of each
 * cloud circuit type, as overridable defaults.
 *
 * A profile is a plain value (struct mcr_profile).  The built-in ones carry
 * the figures of doc providers.md (AWS Direct Connect / VPN / TGW Connect,
 * Azure ExpressRoute / VPN, Google Interconnect / VPN, generic); an
 * attachment embeds a copy in its configuration, so overriding a value is
 * assigning a field.  Limits are per address family, indexed by enum
 * mcr_afi, and always >= 1 (see mcr_profile_validate).
 *
 * Direction words are from mcrouted's point of view: "in" = prefixes the
 * cloud sends us, "out" = prefixes we may send the cloud before it resets
 * the session (the export budget).
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MCR_PROFILE_H
#define MCR_PROFILE_H

#include <stdbool.h>
#include <stdint.h>

#include "mcr/error.h"
#include "mcr/prefix.h"

enum mcr_afi {
	MCR_AFI_IP = 0,
	MCR_AFI_IP6 = 1,
	MCR_AFI_MAX,
};

/* Index of a family (MCR_AF_INET / MCR_AF_INET6) in per-family arrays. */
static inline enum mcr_afi mcr_afi_of(uint8_t family)
{
	return family == MCR_AF_INET6 ? MCR_AFI_IP6 : MCR_AFI_IP;
}

enum mcr_provider {
	MCR_PROV_AWS_DX = 0,	/* "aws-direct-connect" */
	MCR_PROV_AWS_VPN,	/* "aws-vpn" */
	MCR_PROV_AWS_TGW_CONNECT, /* "aws-tgw-connect" */
	MCR_PROV_AZURE_ER,	/* "azure-expressroute" */
	MCR_PROV_AZURE_VPN,	/* "azure-vpn" */
	MCR_PROV_GCP_INTERCONNECT, /* "gcp-interconnect" */
	MCR_PROV_GCP_VPN,	/* "gcp-vpn" */
	MCR_PROV_GENERIC,	/* "generic" */
	MCR_PROV_MAX,
};

/* Link class: gives the default preference order of TGW (direct > connect
 * > vpn > other). */
enum mcr_link_class {
	MCR_CLASS_DIRECT = 0,
	MCR_CLASS_CONNECT,
	MCR_CLASS_VPN,
	MCR_CLASS_OTHER,
	MCR_CLASS_MAX,
};

/* Default preference per class (lower is better), see mcr_class_pref(). */
#define MCR_PREF_DIRECT 100
#define MCR_PREF_CONNECT 200
#define MCR_PREF_VPN 300
#define MCR_PREF_OTHER 400

/* What happens to a received default route (0.0.0.0/0, ::/0). */
enum mcr_defroute_policy {
	MCR_DEFROUTE_REFUSE = 0,
	MCR_DEFROUTE_ACCEPT,
};

/* Inbound prefix-limit action (see pipeline.h for the exact rules). */
enum mcr_limit_action {
	MCR_LIMIT_WARN = 0,	/* accept everything, report */
	MCR_LIMIT_DROP_EXCESS,	/* keep accepted routes, refuse new ones */
	MCR_LIMIT_WITHDRAW_ALL,	/* refuse all until back under the limit */
	MCR_LIMIT_ACTION_MAX,
};

#define MCR_PROFILE_MAX_RESERVED 8

/* An inclusive ASN range. */
struct mcr_asn_range {
	uint32_t lo, hi;
};

/*
 * Invariant (mcr_profile_validate): in_limit/out_limit >= 1;
 * 1 <= warn_pct <= 100; minlen <= maxlen <= family max length;
 * nreserved <= MCR_PROFILE_MAX_RESERVED with lo <= hi in each range.
 */
struct mcr_profile {
	enum mcr_provider provider;
	enum mcr_link_class link_class;
	uint32_t peer_asn;	/* the cloud side's default ASN, 0 = none */
	/* ASNs the provider owns / a customer must not use */
	struct mcr_asn_range reserved[MCR_PROFILE_MAX_RESERVED];
	unsigned nreserved;
	uint32_t in_limit[MCR_AFI_MAX];	 /* max prefixes accepted per family */
	uint32_t out_limit[MCR_AFI_MAX]; /* max prefixes sent per family */
	uint8_t warn_pct;		 /* warn at this % of in_limit */
	enum mcr_limit_action limit_action;
	uint8_t minlen[MCR_AFI_MAX];	 /* accepted prefix-length range */
	uint8_t maxlen[MCR_AFI_MAX];
	enum mcr_defroute_policy defroute;
};

/* The built-in profile of @prov (static storage); NULL if out of range. O(1). */
const struct mcr_profile *mcr_profile_builtin(enum mcr_provider prov);

/* "aws-direct-connect", ...; "?" if out of range. O(1). */
const char *mcr_provider_name(enum mcr_provider prov);
/* Parse a provider name.  MCR_EINVAL (message lists nothing else) if
 * unknown; @out untouched on error. O(number of providers). */
enum mcr_err mcr_provider_parse(const char *name, enum mcr_provider *out,
				struct mcr_errbuf *eb);

const char *mcr_limit_action_name(enum mcr_limit_action a);
enum mcr_err mcr_limit_action_parse(const char *name,
				    enum mcr_limit_action *out,
				    struct mcr_errbuf *eb);

/* Default preference of a link class (MCR_PREF_*). O(1). */
uint32_t mcr_class_pref(enum mcr_link_class c);

/* True if @asn falls in one of the profile's reserved ranges. O(n). */
bool mcr_profile_asn_reserved(const struct mcr_profile *p, uint32_t asn);

/* Check the invariant above; MCR_EINVAL with the offending field. O(1). */
enum mcr_err mcr_profile_validate(const struct mcr_profile *p,
				  struct mcr_errbuf *eb);

#endif /* MCR_PROFILE_H */
