/*
 * mcrouted: configured tunnels, as the northbound applied them, and the
 * hooks that announce changes to the tunnel runtime (VICI, netlink).
 *
 * The northbound (mcr_nb_tunnel.c) owns one struct mcr_tunnel_cfg per
 * 'tunnel NAME' of the running configuration.  After every commit that
 * touches a tunnel (or the attachment that uses it) it runs the hook
 * mcr_tunnel_cfg_changed with the whole, resolved configuration; when the
 * tunnel is removed it runs mcr_tunnel_cfg_deleted with its name.  The
 * runtime registers with hook_register(mcr_tunnel_cfg_changed, fn) and
 * must copy what it keeps: @cfg is only valid during the call.
 *
 * Values are resolved: a leaf left absent takes its preset's value, else
 * the built-in default documented in frr-mcrouted.yang; fields that stay
 * 0 / "" / MCR_TCFG_*_DEFAULT mean "charon's default".
 *
 * An attachment of kind tunnel starts oper-down; the runtime reports the
 * data plane with mcr_core_attach_oper(mcr_core, cfg->attachment, up, ...)
 * (mcr_core.h), then mcr_deltas_apply().
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#ifndef _MCR_TUNNEL_CFG_H
#define _MCR_TUNNEL_CFG_H

#include "hook.h"
#include "if.h"
#include "ipaddr.h"
#include "prefix.h"

#include "mcr/rtable.h"
#include "mcr/tunnel.h"

/* Most ike-proposal / esp-proposal entries kept (extra ones are ignored
 * with a warning at commit). */
#define MCR_TCFG_PROPOSALS_MAX 8
#define MCR_TCFG_PROPOSAL_LEN 256
/* An encrypted PSK token ("$1$..." of mcr/secret.h), NUL included. */
#define MCR_TCFG_PSK_LEN 512
#define MCR_TCFG_DESCR_LEN 256

enum mcr_tcfg_preset {
	MCR_TCFG_PRESET_NONE = 0,
	MCR_TCFG_PRESET_AWS_VPN,
	MCR_TCFG_PRESET_AZURE_VPN,
	MCR_TCFG_PRESET_AWS_TGW_CONNECT,
};

enum mcr_tcfg_dpd_action {
	MCR_TCFG_DPD_DEFAULT = 0, /* absent: charon's default */
	MCR_TCFG_DPD_NONE,
	MCR_TCFG_DPD_CLEAR,
	MCR_TCFG_DPD_RESTART,
};

enum mcr_tcfg_start_action {
	MCR_TCFG_START_DEFAULT = 0, /* absent: start */
	MCR_TCFG_START_NONE,
	MCR_TCFG_START_START,
	MCR_TCFG_START_TRAP,
};

/*
 * One tunnel.  Invariant: name unique; type IPSEC => gre_key_set false;
 * type GRE => the IPsec fields are zero/empty (YANG 'must' rules);
 * local/remote are IPADDR_NONE when absent and otherwise of one family;
 * inside_prefix.family is 0 when absent; local_inside is IPADDR_NONE only
 * when inside_prefix is absent (else local-inside-address, or its default:
 * the first usable address, for aws-vpn the second, AWS's gateway having
 * the first).  The attachment's BGP peers, unless configured, are the
 * other inside addresses (mcr_nb_tunnel_peers()).
 */
struct mcr_tunnel_cfg {
	char name[MCR_NAME_MAX];
	char description[MCR_TCFG_DESCR_LEN];
	enum mcr_tunnel_type type;	/* MCR_TUNNEL_IPSEC / MCR_TUNNEL_GRE */
	enum mcr_tcfg_preset preset;
	/* interface-name, else "mcr-" + name */
	char ifname[INTERFACE_NAMSIZ];
	bool ifname_configured;
	struct ipaddr local;		/* local-address */
	struct ipaddr remote;		/* remote-address */
	struct prefix inside_prefix;	/* inside-prefix */
	struct ipaddr local_inside;	/* local-inside-address, resolved */
	uint16_t mtu;			/* leaf, else preset, else type */
	bool gre_key_set;
	uint32_t gre_key;

	/* IPsec */
	uint8_t ike_version;		/* resolved: 1 or 2 */
	char ike_proposal[MCR_TCFG_PROPOSALS_MAX][MCR_TCFG_PROPOSAL_LEN];
	unsigned n_ike_proposal;	/* user order */
	char esp_proposal[MCR_TCFG_PROPOSALS_MAX][MCR_TCFG_PROPOSAL_LEN];
	unsigned n_esp_proposal;
	uint32_t ike_lifetime;		/* seconds, 0 = charon default */
	uint32_t child_lifetime;
	uint32_t rekey_margin;
	uint32_t dpd_delay;
	enum mcr_tcfg_dpd_action dpd_action;
	/* Encrypted PSK token (mcr/secret.h), "" = none.  Never plaintext. */
	char psk[MCR_TCFG_PSK_LEN];
	char certificate[256];		/* "" = none */
	enum mcr_tcfg_start_action start_action;
	uint32_t if_id;			/* 0 = allocated by the runtime */

	bool admin_up;			/* not 'shutdown' */
	/* The attachment of kind tunnel naming this tunnel, "" = none. */
	char attachment[MCR_NAME_MAX];
};

DECLARE_HOOK(mcr_tunnel_cfg_changed, (const struct mcr_tunnel_cfg *cfg),
	     (cfg));
DECLARE_HOOK(mcr_tunnel_cfg_deleted, (const char *name), (name));
/* The VICI socket path changed (also run once at start-up). */
DECLARE_HOOK(mcr_vici_cfg_changed, (const char *socket_path), (socket_path));

/*
 * Operational state of a tunnel, filled by the runtime for show commands
 * and YANG state (tunnel/state): the northbound runs hook
 * mcr_tunnel_oper_get with a zeroed struct; a runtime that knows the
 * tunnel fills it and sets valid.  Never an SPI or key.
 */
#define MCR_TOPER_CHILD_MAX 8
#define MCR_TOPER_STR 64

enum mcr_toper_status {
	MCR_TOPER_DOWN = 0,
	MCR_TOPER_CONNECTING,
	MCR_TOPER_UP,
	MCR_TOPER_UNSUPPORTED,
};

struct mcr_tunnel_oper_sa {
	uint32_t unique_id;
	char name[MCR_TOPER_STR];
	char state[MCR_TOPER_STR];
	char encryption[MCR_TOPER_STR];
	char integrity[MCR_TOPER_STR];
	uint64_t installed, rekey_in;	/* seconds */
	uint64_t bytes_in, bytes_out, packets_in, packets_out;
};

struct mcr_tunnel_oper {
	bool valid;
	enum mcr_toper_status status;
	char reason[128];
	char last_error[128];
	time_t last_error_time;		/* 0 = none */
	char interface[INTERFACE_NAMSIZ];
	uint64_t uptime;		/* seconds, 0 when not up */
	uint64_t bytes_in, bytes_out;
	bool ike_valid;
	struct {
		char state[MCR_TOPER_STR];
		uint8_t version;
		struct ipaddr local_host, remote_host;
		char encryption[MCR_TOPER_STR];
		char integrity[MCR_TOPER_STR];
		char prf[MCR_TOPER_STR];
		char dh_group[MCR_TOPER_STR];
		uint64_t established, rekey_in;	/* seconds */
	} ike;
	struct mcr_tunnel_oper_sa child[MCR_TOPER_CHILD_MAX];
	unsigned n_child;
};

DECLARE_HOOK(mcr_tunnel_oper_get,
	     (const char *name, struct mcr_tunnel_oper *oper), (name, oper));

/* The configured tunnel @name, NULL if none.  O(log n). */
const struct mcr_tunnel_cfg *mcr_tunnel_cfg_find(const char *name);
/* Every configured tunnel in name order; non-zero from @cb stops. */
int mcr_tunnel_cfg_walk(int (*cb)(const struct mcr_tunnel_cfg *cfg,
				  void *arg),
			void *arg);
/* The configured tunnel after @prev (NULL: the first), in name order. */
const struct mcr_tunnel_cfg *
mcr_tunnel_cfg_next(const struct mcr_tunnel_cfg *prev);
/* The current VICI socket path (YANG vici/socket). */
const char *mcr_vici_socket(void);
/* The key file of encrypted secrets (--secret-key, default
 * <sysconfdir>/mcrouted.key); see mcr/secret.h. */
const char *mcr_secret_key_path(void);

#endif /* _MCR_TUNNEL_CFG_H */
