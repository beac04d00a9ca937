/*
 * mcrouted northbound: tunnels and the VICI socket.
 *
 * Keeps one struct mcr_tunnel_cfg per configured tunnel (resolved against
 * its preset, see mcr_tunnel_cfg.h) and announces every change through the
 * hooks declared there; the tunnel runtime (VICI, netlink) subscribes to
 * them.  Called from mcr_nb_apply_finish() once per commit.
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#include <zebra.h>

#include "log.h"
#include "memory.h"
#include "northbound.h"
#include "thread.h"
#include "yang.h"

#include "mcr/secret.h"

#include "mcrouted.h"
#include "mcr_debug.h"
#include "mcr_nb.h"
#include "mcr_tunnel_cfg.h"

DEFINE_MTYPE_STATIC(MCROUTED, MCR_CFG_TUNNEL, "mcrouted tunnel config");

DEFINE_HOOK(mcr_tunnel_cfg_changed, (const struct mcr_tunnel_cfg *cfg),
	    (cfg));
DEFINE_HOOK(mcr_tunnel_cfg_deleted, (const char *name), (name));
DEFINE_HOOK(mcr_vici_cfg_changed, (const char *socket_path), (socket_path));
DEFINE_HOOK(mcr_tunnel_oper_get,
	    (const char *name, struct mcr_tunnel_oper *oper), (name, oper));

PREDECL_RBTREE_UNIQ(mcr_tcfgs);

struct mcr_tcfg {
	struct mcr_tcfgs_item item;
	struct mcr_tunnel_cfg cfg;
	bool mark;
};

static int mcr_tcfg_cmp(const struct mcr_tcfg *a, const struct mcr_tcfg *b)
{
	return strcmp(a->cfg.name, b->cfg.name);
}

DECLARE_RBTREE_UNIQ(mcr_tcfgs, struct mcr_tcfg, item, mcr_tcfg_cmp);

static struct mcr_tcfgs_head mcr_tunnels;
static bool mcr_vici_announced;
static struct thread *mcr_vici_startup;

/* Values of each preset (YANG 'preset' descriptions; proposals:
 * ../shared/docs/providers.md, AES-GCM/CBC with SHA-2 and DH 14-24 for
 * AWS).  NULL ends a proposal list; an empty list leaves charon's. */
#define MCR_PRESET_PROPS 4
static const struct {
	const char *name;
	uint16_t mtu;
	uint32_t ike_lifetime, child_lifetime, rekey_margin, dpd_delay;
	enum mcr_tcfg_dpd_action dpd_action;
	const char *ike[MCR_PRESET_PROPS], *esp[MCR_PRESET_PROPS];
} mcr_presets[] = {
	[MCR_TCFG_PRESET_NONE] = {"none"},
	[MCR_TCFG_PRESET_AWS_VPN] = {
		"aws-vpn", 1436, 28800, 3600, 540, 10, MCR_TCFG_DPD_RESTART,
		.ike = {"aes256gcm16-prfsha384-ecp384",
			"aes256-sha256-modp2048", "aes128-sha1-modp2048"},
		.esp = {"aes256gcm16-ecp384", "aes256-sha256-modp2048",
			"aes128-sha1-modp2048"},
	},
	[MCR_TCFG_PRESET_AZURE_VPN] = {
		"azure-vpn", 1400, 28800, 27000, 0, 45, MCR_TCFG_DPD_DEFAULT,
		.ike = {"aes256-sha256-modp2048", "aes256-sha256-modp1024"},
		.esp = {"aes256gcm16", "aes256-sha256"},
	},
	[MCR_TCFG_PRESET_AWS_TGW_CONNECT] = {"aws-tgw-connect", 8500},
};

#define MCR_MTU_IPSEC 1400
#define MCR_MTU_GRE 1476

const struct mcr_tunnel_cfg *mcr_tunnel_cfg_find(const char *name)
{
	struct mcr_tcfg key = {}, *t;

	strlcpy(key.cfg.name, name, sizeof(key.cfg.name));
	t = mcr_tcfgs_find(&mcr_tunnels, &key);
	return t ? &t->cfg : NULL;
}

int mcr_tunnel_cfg_walk(int (*cb)(const struct mcr_tunnel_cfg *cfg,
				  void *arg),
			void *arg)
{
	struct mcr_tcfg *t;
	int ret;

	frr_each (mcr_tcfgs, &mcr_tunnels, t) {
		ret = cb(&t->cfg, arg);
		if (ret)
			return ret;
	}
	return 0;
}

const struct mcr_tunnel_cfg *
mcr_tunnel_cfg_next(const struct mcr_tunnel_cfg *prev)
{
	const struct mcr_tcfg *t;

	if (!prev)
		t = mcr_tcfgs_const_first(&mcr_tunnels);
	else
		t = mcr_tcfgs_const_next(&mcr_tunnels,
					 container_of(prev, struct mcr_tcfg,
						      cfg));
	return t ? &t->cfg : NULL;
}

void mcr_nb_tunnel_oper(const char *name, struct mcr_tunnel_oper *oper)
{
	hook_call(mcr_tunnel_oper_get, name, oper);
}

size_t mcr_tunnel_cfg_count(void)
{
	return mcr_tcfgs_count(&mcr_tunnels);
}

const char *mcr_vici_socket(void)
{
	return mcrd.vici_socket;
}

const char *mcr_secret_key_path(void)
{
	return mcrd.secret_key;
}

static uint32_t mcr_u32(const struct lyd_node *dn, const char *path,
			uint32_t dflt)
{
	return yang_dnode_exists(dn, path) ? yang_dnode_get_uint32(dn, path)
					   : dflt;
}

/* Add @n to the host part of @a. */
static void mcr_addr_add(struct ipaddr *a, unsigned n)
{
	uint8_t *b = a->ipa_type == IPADDR_V4 ? (uint8_t *)&a->ipaddr_v4
					      : (uint8_t *)&a->ipaddr_v6;
	int i = a->ipa_type == IPADDR_V4 ? 3 : 15;

	for (; i >= 0 && n; i--) {
		n += b[i];
		b[i] = n & 0xff;
		n >>= 8;
	}
}

/* The network address of @p and its maximum length. */
static unsigned mcr_inside_base(const struct prefix *p, struct ipaddr *base)
{
	struct prefix m = *p;

	apply_mask(&m);
	memset(base, 0, sizeof(*base));
	if (m.family == AF_INET) {
		base->ipa_type = IPADDR_V4;
		base->ipaddr_v4 = m.u.prefix4;
		return 32;
	}
	base->ipa_type = IPADDR_V6;
	base->ipaddr_v6 = m.u.prefix6;
	return 128;
}

/*
 * local-inside-address absent: the first usable address of the inside
 * prefix (the appliance's for aws-tgw-connect), but for aws-vpn the
 * second, AWS's gateway taking the first (/30, /126).  /31, /127: the
 * first address.
 */
static void mcr_inside_default(struct mcr_tunnel_cfg *cfg)
{
	struct ipaddr a;
	unsigned maxlen, len = cfg->inside_prefix.prefixlen;

	if (!cfg->inside_prefix.family ||
	    cfg->local_inside.ipa_type != IPADDR_NONE)
		return;
	maxlen = mcr_inside_base(&cfg->inside_prefix, &a);
	if (len + 1 < maxlen)
		mcr_addr_add(&a, cfg->preset == MCR_TCFG_PRESET_AWS_VPN &&
						 len + 2 == maxlen
					 ? 2
					 : 1);
	cfg->local_inside = a;
}

/*
 * The remote inside addresses: /30 and /126 (and /31, /127): the other
 * address of the pair; /29 and /125 (TGW Connect): the second and third
 * usable addresses, the appliance having the first.
 */
static unsigned mcr_inside_peers(const struct mcr_tunnel_cfg *cfg,
				 struct ipaddr *out, unsigned max)
{
	struct ipaddr base, cand[2];
	unsigned maxlen, len = cfg->inside_prefix.prefixlen, ncand = 0, n = 0;
	unsigned first;

	if (!cfg->inside_prefix.family)
		return 0;
	maxlen = mcr_inside_base(&cfg->inside_prefix, &base);
	if (cfg->local_inside.ipa_type != base.ipa_type)
		return 0;
	cand[0] = cand[1] = base;
	if (len == maxlen - 1 || len == maxlen - 2) {
		first = len == maxlen - 1 ? 0 : 1;
		mcr_addr_add(&cand[0], first);
		mcr_addr_add(&cand[1], first + 1);
		ncand = 2;
	} else if (len == maxlen - 3) {
		mcr_addr_add(&cand[0], 2);
		mcr_addr_add(&cand[1], 3);
		ncand = 2;
	}
	for (unsigned i = 0; i < ncand && n < max; i++)
		if (ipaddr_cmp(&cand[i], &cfg->local_inside))
			out[n++] = cand[i];
	return n;
}

/* No proposal configured: the preset's list, if it has one. */
static void mcr_preset_proposals(char (*dst)[MCR_TCFG_PROPOSAL_LEN],
				 unsigned *n, const char *const *src)
{
	if (*n)
		return;
	while (*n < MCR_PRESET_PROPS && src[*n]) {
		strlcpy(dst[*n], src[*n], MCR_TCFG_PROPOSAL_LEN);
		(*n)++;
	}
}

static void mcr_tunnel_build(const struct lyd_node *tdn,
			     struct mcr_tunnel_cfg *cfg)
{
	const struct lyd_node *root = mcr_nb_root(tdn), *c, *adn;
	const char *s;

	memset(cfg, 0, sizeof(*cfg));
	strlcpy(cfg->name, yang_dnode_get_string(tdn, "./name"),
		sizeof(cfg->name));
	if (yang_dnode_exists(tdn, "./description"))
		strlcpy(cfg->description,
			yang_dnode_get_string(tdn, "./description"),
			sizeof(cfg->description));
	cfg->type = strcmp(yang_dnode_get_string(tdn, "./type"), "gre") == 0
			    ? MCR_TUNNEL_GRE
			    : MCR_TUNNEL_IPSEC;
	s = yang_dnode_get_string(tdn, "./preset");
	for (size_t i = 0; i < array_size(mcr_presets); i++)
		if (strcmp(mcr_presets[i].name, s) == 0)
			cfg->preset = i;

	if (yang_dnode_exists(tdn, "./interface-name")) {
		strlcpy(cfg->ifname,
			yang_dnode_get_string(tdn, "./interface-name"),
			sizeof(cfg->ifname));
		cfg->ifname_configured = true;
	} else
		snprintf(cfg->ifname, sizeof(cfg->ifname), "mcr-%.11s",
			 cfg->name);
	if (yang_dnode_exists(tdn, "./local-address"))
		yang_dnode_get_ip(&cfg->local, tdn, "./local-address");
	if (yang_dnode_exists(tdn, "./remote-address"))
		yang_dnode_get_ip(&cfg->remote, tdn, "./remote-address");
	if (yang_dnode_exists(tdn, "./inside-prefix"))
		yang_dnode_get_prefix(&cfg->inside_prefix, tdn,
				      "./inside-prefix");
	if (yang_dnode_exists(tdn, "./local-inside-address"))
		yang_dnode_get_ip(&cfg->local_inside, tdn,
				  "./local-inside-address");
	mcr_inside_default(cfg);

	cfg->mtu = mcr_presets[cfg->preset].mtu;
	if (!cfg->mtu)
		cfg->mtu = cfg->type == MCR_TUNNEL_GRE ? MCR_MTU_GRE
						       : MCR_MTU_IPSEC;
	if (yang_dnode_exists(tdn, "./mtu"))
		cfg->mtu = yang_dnode_get_uint16(tdn, "./mtu");
	if (yang_dnode_exists(tdn, "./gre-key")) {
		cfg->gre_key_set = true;
		cfg->gre_key = yang_dnode_get_uint32(tdn, "./gre-key");
	}

	if (cfg->type == MCR_TUNNEL_IPSEC) {
		cfg->ike_version = mcr_u32(tdn, "./ike-version", 2);
		cfg->ike_lifetime = mcr_u32(tdn, "./ike-lifetime",
					    mcr_presets[cfg->preset]
						    .ike_lifetime);
		cfg->child_lifetime = mcr_u32(tdn, "./child-lifetime",
					      mcr_presets[cfg->preset]
						      .child_lifetime);
		cfg->rekey_margin = mcr_u32(tdn, "./rekey-margin",
					    mcr_presets[cfg->preset]
						    .rekey_margin);
		cfg->dpd_delay = mcr_u32(tdn, "./dpd-delay",
					 mcr_presets[cfg->preset].dpd_delay);
		cfg->dpd_action = mcr_presets[cfg->preset].dpd_action;
		if (yang_dnode_exists(tdn, "./dpd-action")) {
			s = yang_dnode_get_string(tdn, "./dpd-action");
			cfg->dpd_action = !strcmp(s, "none") ? MCR_TCFG_DPD_NONE
					  : !strcmp(s, "clear")
						  ? MCR_TCFG_DPD_CLEAR
						  : MCR_TCFG_DPD_RESTART;
		}
		if (yang_dnode_exists(tdn, "./start-action")) {
			s = yang_dnode_get_string(tdn, "./start-action");
			cfg->start_action =
				!strcmp(s, "none")    ? MCR_TCFG_START_NONE
				: !strcmp(s, "trap") ? MCR_TCFG_START_TRAP
						     : MCR_TCFG_START_START;
		}
		if (yang_dnode_exists(tdn, "./psk"))
			strlcpy(cfg->psk, yang_dnode_get_string(tdn, "./psk"),
				sizeof(cfg->psk));
		if (yang_dnode_exists(tdn, "./certificate"))
			strlcpy(cfg->certificate,
				yang_dnode_get_string(tdn, "./certificate"),
				sizeof(cfg->certificate));
		cfg->if_id = mcr_u32(tdn, "./if-id", 0);
		for (c = lyd_child(tdn); c; c = c->next) {
			if (!strcmp(c->schema->name, "ike-proposal") &&
			    cfg->n_ike_proposal < MCR_TCFG_PROPOSALS_MAX)
				strlcpy(cfg->ike_proposal
						[cfg->n_ike_proposal++],
					yang_dnode_get_string(c, NULL),
					MCR_TCFG_PROPOSAL_LEN);
			if (!strcmp(c->schema->name, "esp-proposal") &&
			    cfg->n_esp_proposal < MCR_TCFG_PROPOSALS_MAX)
				strlcpy(cfg->esp_proposal
						[cfg->n_esp_proposal++],
					yang_dnode_get_string(c, NULL),
					MCR_TCFG_PROPOSAL_LEN);
		}
		mcr_preset_proposals(cfg->ike_proposal, &cfg->n_ike_proposal,
				     mcr_presets[cfg->preset].ike);
		mcr_preset_proposals(cfg->esp_proposal, &cfg->n_esp_proposal,
				     mcr_presets[cfg->preset].esp);
	}
	cfg->admin_up = !yang_dnode_get_bool(tdn, "./shutdown");

	for (adn = lyd_child(root); adn; adn = adn->next)
		if (!strcmp(adn->schema->name, "attachment") &&
		    yang_dnode_exists(adn, "./tunnel") &&
		    !strcmp(yang_dnode_get_string(adn, "./tunnel"), cfg->name))
			strlcpy(cfg->attachment,
				yang_dnode_get_string(adn, "./name"),
				sizeof(cfg->attachment));
}

unsigned mcr_nb_tunnel_peers(const struct lyd_node *tdn, struct ipaddr *out,
			     unsigned max)
{
	struct mcr_tunnel_cfg *cfg = XCALLOC(MTYPE_TMP, sizeof(*cfg));
	unsigned n;

	mcr_tunnel_build(tdn, cfg);
	n = mcr_inside_peers(cfg, out, max);
	mcr_secret_wipe(cfg, sizeof(*cfg));
	XFREE(MTYPE_TMP, cfg);
	return n;
}

/* Rules YANG does not express: IPv6 (and short IPv4) inside-address
 * containment, proposal count, and that the PSK decrypts with our key. */
int mcr_nb_tunnel_pre_validate(struct nb_cb_pre_validate_args *args)
{
	const struct lyd_node *tdn = args->dnode;
	const char *name = yang_dnode_get_string(tdn, "./name");
	struct mcr_prefix in;
	struct mcr_addr la;
	struct mcr_secret_key key;
	struct mcr_errbuf eb;
	char plain[MCR_SECRET_MAX_PLAIN + 1];
	size_t plen, nike = 0, nesp = 0;
	const struct lyd_node *c;
	enum mcr_err err;

	if (yang_dnode_exists(tdn, "./inside-prefix") &&
	    yang_dnode_exists(tdn, "./local-inside-address") &&
	    mcr_nb_prefix(yang_dnode_get_string(tdn, "./inside-prefix"),
			  &in) &&
	    mcr_addr_parse(yang_dnode_get_string(tdn,
						 "./local-inside-address"),
			   &la, NULL) == MCR_OK &&
	    !mcr_prefix_contains_addr(&in, &la)) {
		snprintf(args->errmsg, args->errmsg_len,
			 "tunnel %s: local-inside-address %s is not inside inside-prefix %s",
			 name,
			 yang_dnode_get_string(tdn, "./local-inside-address"),
			 yang_dnode_get_string(tdn, "./inside-prefix"));
		return NB_ERR_VALIDATION;
	}
	for (c = lyd_child(tdn); c; c = c->next) {
		nike += !strcmp(c->schema->name, "ike-proposal");
		nesp += !strcmp(c->schema->name, "esp-proposal");
	}
	if (nike > MCR_TCFG_PROPOSALS_MAX || nesp > MCR_TCFG_PROPOSALS_MAX) {
		snprintf(args->errmsg, args->errmsg_len,
			 "tunnel %s: at most %u ike-proposal and esp-proposal entries",
			 name, MCR_TCFG_PROPOSALS_MAX);
		return NB_ERR_VALIDATION;
	}
	if (!yang_dnode_exists(tdn, "./psk"))
		return NB_OK;
	err = mcr_secret_key_load(mcrd.secret_key, false, &key, &eb);
	if (err == MCR_OK) {
		err = mcr_secret_decrypt(&key, yang_dnode_get_string(tdn,
								     "./psk"),
					 plain, sizeof(plain), &plen, &eb);
		mcr_secret_wipe(plain, sizeof(plain));
		mcr_secret_wipe(&key, sizeof(key));
	}
	if (err != MCR_OK) {
		snprintf(args->errmsg, args->errmsg_len, "tunnel %s: psk: %s",
			 name, eb.msg);
		return NB_ERR_VALIDATION;
	}
	return NB_OK;
}

static void mcr_vici_announce(void)
{
	mcr_vici_announced = true;
	hook_call(mcr_vici_cfg_changed, mcrd.vici_socket);
}

static void mcr_vici_startup_cb(struct thread *t)
{
	if (!mcr_vici_announced)
		mcr_vici_announce();
}

void mcr_nb_tunnel_reconcile(const struct lyd_node *root)
{
	struct mcr_tunnel_cfg cfg;
	struct mcr_tcfg key, *t;
	const struct lyd_node *c;
	const char *sock;

	frr_each (mcr_tcfgs, &mcr_tunnels, t)
		t->mark = false;
	for (c = lyd_child(root); c; c = c->next) {
		if (strcmp(c->schema->name, "tunnel"))
			continue;
		mcr_tunnel_build(c, &cfg);
		key.cfg = cfg;
		t = mcr_tcfgs_find(&mcr_tunnels, &key);
		if (!t) {
			t = XCALLOC(MTYPE_MCR_CFG_TUNNEL, sizeof(*t));
			t->cfg = cfg;
			mcr_tcfgs_add(&mcr_tunnels, t);
		} else if (memcmp(&t->cfg, &cfg, sizeof(cfg)) == 0) {
			t->mark = true;
			continue;
		}
		t->cfg = cfg;
		t->mark = true;
		MCR_DEBUG_NB("tunnel %s changed", cfg.name);
		hook_call(mcr_tunnel_cfg_changed, &t->cfg);
	}
	frr_each_safe (mcr_tcfgs, &mcr_tunnels, t) {
		if (t->mark)
			continue;
		mcr_tcfgs_del(&mcr_tunnels, t);
		MCR_DEBUG_NB("tunnel %s deleted", t->cfg.name);
		hook_call(mcr_tunnel_cfg_deleted, t->cfg.name);
		mcr_secret_wipe(t->cfg.psk, sizeof(t->cfg.psk));
		XFREE(MTYPE_MCR_CFG_TUNNEL, t);
	}

	sock = yang_dnode_get_string(root, "./vici/socket");
	if (strcmp(sock, mcrd.vici_socket) || !mcr_vici_announced) {
		strlcpy(mcrd.vici_socket, sock, sizeof(mcrd.vici_socket));
		mcr_vici_announce();
	}
}

void mcr_nb_tunnel_init(void)
{
	mcr_tcfgs_init(&mcr_tunnels);
	yang_get_default_string_buf(mcrd.vici_socket, sizeof(mcrd.vici_socket),
				    "/frr-mcrouted:mcrouted/vici/socket");
	/* Announce the default socket once the event loop runs, unless a
	 * configuration did already. */
	thread_add_event(mcrd.master, mcr_vici_startup_cb, NULL, 0,
			 &mcr_vici_startup);
}

void mcr_nb_tunnel_fini(void)
{
	struct mcr_tcfg *t;

	THREAD_OFF(mcr_vici_startup);
	while ((t = mcr_tcfgs_pop(&mcr_tunnels))) {
		mcr_secret_wipe(t->cfg.psk, sizeof(t->cfg.psk));
		XFREE(MTYPE_MCR_CFG_TUNNEL, t);
	}
	mcr_tcfgs_fini(&mcr_tunnels);
}
