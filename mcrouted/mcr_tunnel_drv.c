/*
 * mcrouted: LOCAL TEST DRIVER for the tunnel runtime, used only while the
 * northbound of the 'tunnel' list (mcrouted/mcr_nb_tunnel.c, on main) is
 * not in the tree.  It compiles to nothing once that file exists.
 *
 * It stands in for the northbound's side of mcr_tunnel_cfg.h: defines
 * the hooks and the lookup functions, and feeds tunnels from a file named
 * by the environment variable MCR_TUNNEL_TESTCFG, re-read when its mtime
 * changes (polled every second).  It also creates what the tunnel's
 * attachment needs in the routing core (a route table, the attachment of
 * kind tunnel associated with and propagating into it, the BGP neighbor
 * of the inside network), which the full northbound does from the
 * 'route-table' and 'attachment' lists.
 *
 * File format, one statement a line ('#' comments):
 *   vici-socket PATH
 *   secret-key PATH
 *   tunnel NAME                     starts a tunnel block; then, indented:
 *    type ipsec|gre   preset P   interface-name IF   local A   remote A
 *    inside-prefix P   local-inside A   mtu N   gre-key N
 *    ike-proposal S   esp-proposal S   ike-lifetime N   child-lifetime N
 *    rekey-margin N   dpd-delay N   dpd-action none|clear|restart
 *    psk encrypted TOKEN   start-action none|start|trap   if-id N
 *    shutdown
 *    attachment NAME table TABLE KERNEL-ID neighbor ADDR
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#if !__has_include("mcr_nb_tunnel.c")

#include <zebra.h>

#include "hook.h"
#include "libfrr.h"
#include "log.h"
#include "memory.h"
#include "thread.h"

#include "mcr/attach.h"

#include "mcrouted.h"
#include "mcr_core.h"
#include "mcr_tunnel_cfg.h"
#include "mcr_tunnel_preset.h"

DEFINE_MTYPE_STATIC(MCROUTED, MCR_TDRV, "mcrouted tunnel test driver");

DEFINE_HOOK(mcr_tunnel_cfg_changed, (const struct mcr_tunnel_cfg *cfg),
	    (cfg));
DEFINE_HOOK(mcr_tunnel_cfg_deleted, (const char *name), (name));
DEFINE_HOOK(mcr_vici_cfg_changed, (const char *socket_path), (socket_path));

#define DRV_MAX 16

struct drv_attach {
	char table[MCR_NAME_MAX];
	uint32_t kernel_id;
	struct ipaddr neighbor;
};

static struct {
	const char *file;
	struct timespec mtime;
	struct thread_master *master;
	struct thread *t_poll;
	char vici[PATH_MAX];
	char key[PATH_MAX];
	struct mcr_tunnel_cfg *cfg[DRV_MAX];
	struct drv_attach att[DRV_MAX];
	unsigned n;
} drv;

const struct mcr_tunnel_cfg *mcr_tunnel_cfg_find(const char *name)
{
	for (unsigned i = 0; i < drv.n; i++)
		if (!strcmp(drv.cfg[i]->name, name))
			return drv.cfg[i];
	return NULL;
}

int mcr_tunnel_cfg_walk(int (*cb)(const struct mcr_tunnel_cfg *cfg,
				  void *arg),
			void *arg)
{
	int rc;

	for (unsigned i = 0; i < drv.n; i++)
		if ((rc = cb(drv.cfg[i], arg)))
			return rc;
	return 0;
}

const char *mcr_vici_socket(void)
{
	return drv.vici[0] ? drv.vici : "/var/run/charon.vici";
}

const char *mcr_secret_key_path(void)
{
	static char def[PATH_MAX];

	if (drv.key[0])
		return drv.key;
	snprintf(def, sizeof(def), "%s/mcrouted.key", frr_sysconfdir);
	return def;
}

static bool drv_ip(const char *s, struct ipaddr *a)
{
	return str2ipaddr(s, a) == 0;
}

static int drv_parse(FILE *f, struct mcr_tunnel_cfg **cfgs,
		     struct drv_attach *att, unsigned *n)
{
	char line[1024], k[64], v[768], v2[128], v3[128], v4[128], v5[128];
	struct mcr_tunnel_cfg *c = NULL;
	struct drv_attach *a = NULL;

	*n = 0;
	while (fgets(line, sizeof(line), f)) {
		int nf;

		line[strcspn(line, "\r\n#")] = 0;
		v[0] = v2[0] = v3[0] = v4[0] = v5[0] = 0;
		nf = sscanf(line, " %63s %767s %127s %127s %127s %127s %127s",
			    k, v, v2, v3, v4, v5, v5);
		if (nf < 1)
			continue;
		if (!strcmp(k, "vici-socket"))
			strlcpy(drv.vici, v, sizeof(drv.vici));
		else if (!strcmp(k, "secret-key"))
			strlcpy(drv.key, v, sizeof(drv.key));
		else if (!strcmp(k, "tunnel")) {
			if (*n >= DRV_MAX)
				return -1;
			c = cfgs[*n] = XCALLOC(MTYPE_MCR_TDRV, sizeof(*c));
			a = &att[*n];
			memset(a, 0, sizeof(*a));
			(*n)++;
			strlcpy(c->name, v, sizeof(c->name));
			c->admin_up = true;
		} else if (!c)
			continue;
		else if (!strcmp(k, "type"))
			c->type = strcmp(v, "gre") ? MCR_TUNNEL_IPSEC
						   : MCR_TUNNEL_GRE;
		else if (!strcmp(k, "preset"))
			c->preset = mcr_tunnel_preset_parse(v);
		else if (!strcmp(k, "interface-name")) {
			strlcpy(c->ifname, v, sizeof(c->ifname));
			c->ifname_configured = true;
		} else if (!strcmp(k, "local"))
			drv_ip(v, &c->local);
		else if (!strcmp(k, "remote"))
			drv_ip(v, &c->remote);
		else if (!strcmp(k, "inside-prefix"))
			str2prefix(v, &c->inside_prefix);
		else if (!strcmp(k, "local-inside"))
			drv_ip(v, &c->local_inside);
		else if (!strcmp(k, "mtu"))
			c->mtu = atoi(v);
		else if (!strcmp(k, "gre-key")) {
			c->gre_key_set = true;
			c->gre_key = strtoul(v, NULL, 10);
		} else if (!strcmp(k, "ike-proposal") &&
			   c->n_ike_proposal < MCR_TCFG_PROPOSALS_MAX)
			strlcpy(c->ike_proposal[c->n_ike_proposal++], v,
				MCR_TCFG_PROPOSAL_LEN);
		else if (!strcmp(k, "esp-proposal") &&
			 c->n_esp_proposal < MCR_TCFG_PROPOSALS_MAX)
			strlcpy(c->esp_proposal[c->n_esp_proposal++], v,
				MCR_TCFG_PROPOSAL_LEN);
		else if (!strcmp(k, "ike-lifetime"))
			c->ike_lifetime = atoi(v);
		else if (!strcmp(k, "child-lifetime"))
			c->child_lifetime = atoi(v);
		else if (!strcmp(k, "rekey-margin"))
			c->rekey_margin = atoi(v);
		else if (!strcmp(k, "dpd-delay"))
			c->dpd_delay = atoi(v);
		else if (!strcmp(k, "dpd-action"))
			c->dpd_action = !strcmp(v, "none")    ? MCR_TCFG_DPD_NONE
					: !strcmp(v, "clear") ? MCR_TCFG_DPD_CLEAR
							      : MCR_TCFG_DPD_RESTART;
		else if (!strcmp(k, "psk") && !strcmp(v, "encrypted"))
			strlcpy(c->psk, v2, sizeof(c->psk));
		else if (!strcmp(k, "start-action"))
			c->start_action = !strcmp(v, "none") ? MCR_TCFG_START_NONE
					  : !strcmp(v, "trap")
						  ? MCR_TCFG_START_TRAP
						  : MCR_TCFG_START_START;
		else if (!strcmp(k, "if-id"))
			c->if_id = strtoul(v, NULL, 10);
		else if (!strcmp(k, "shutdown"))
			c->admin_up = false;
		else if (!strcmp(k, "attachment") && nf >= 7) {
			/* attachment NAME table TABLE KID neighbor ADDR */
			strlcpy(c->attachment, v, sizeof(c->attachment));
			strlcpy(a->table, v3, sizeof(a->table));
			a->kernel_id = strtoul(v4, NULL, 10);
			sscanf(line, " %*s %*s %*s %*s %*s %*s %127s", v5);
			drv_ip(v5, &a->neighbor);
		}
	}
	for (unsigned i = 0; i < *n; i++)
		mcr_tunnel_cfg_resolve(cfgs[i]);
	return 0;
}

/* The table and the attachment in the core, the neighbor in the map. */
static void drv_core(const struct mcr_tunnel_cfg *c, const struct drv_attach *a)
{
	struct mcr_attach_config ac;
	struct mcr_deltas *d;
	struct mcr_errbuf eb;

	if (!c->attachment[0] || !a->table[0])
		return;
	if (!mcr_core_table_find(mcr_core, a->table)) {
		d = mcr_deltas_scratch();
		if (mcr_core_table_add(mcr_core, a->table, a->kernel_id, d, &eb))
			zlog_warn("test driver: table %s: %s", a->table, eb.msg);
		mcr_deltas_apply(d);
	}
	if (!mcr_core_attach_find(mcr_core, c->attachment)) {
		mcr_attach_config_init(&ac, MCR_ATTACH_TUNNEL,
				       MCR_PROV_GENERIC);
		strlcpy(ac.assoc, a->table, sizeof(ac.assoc));
		mcr_attach_config_propagate(&ac, a->table, &eb);
		ac.admin_up = true;
		d = mcr_deltas_scratch();
		if (mcr_core_attach_add(mcr_core, c->attachment, &ac, d, &eb))
			zlog_warn("test driver: attachment %s: %s",
				  c->attachment, eb.msg);
		/* kind tunnel starts oper-down until the runtime says */
		mcr_core_attach_oper(mcr_core, c->attachment, false, d, &eb);
		mcr_deltas_apply(d);
	}
	if (a->neighbor.ipa_type != IPADDR_NONE)
		mcr_neighbor_set(c->attachment, &a->neighbor, true);
}

static void drv_load(void)
{
	struct mcr_tunnel_cfg *cfgs[DRV_MAX];
	struct drv_attach att[DRV_MAX];
	unsigned n = 0;
	char old_vici[PATH_MAX];
	FILE *f;

	strlcpy(old_vici, drv.vici, sizeof(old_vici));
	f = fopen(drv.file, "r");
	if (!f) {
		zlog_warn("test driver: %s: %s", drv.file, safe_strerror(errno));
		return;
	}
	if (drv_parse(f, cfgs, att, &n) < 0)
		zlog_warn("test driver: %s: too many tunnels", drv.file);
	fclose(f);
	zlog_info("test driver: %u tunnel(s) from %s", n, drv.file);
	if (strcmp(old_vici, drv.vici))
		hook_call(mcr_vici_cfg_changed, mcr_vici_socket());
	/* deleted tunnels */
	for (unsigned i = 0; i < drv.n; i++) {
		bool found = false;

		for (unsigned j = 0; j < n; j++)
			found |= !strcmp(drv.cfg[i]->name, cfgs[j]->name);
		if (!found)
			hook_call(mcr_tunnel_cfg_deleted, drv.cfg[i]->name);
		memset(drv.cfg[i], 0, sizeof(*drv.cfg[i]));
		XFREE(MTYPE_MCR_TDRV, drv.cfg[i]);
	}
	memcpy(drv.cfg, cfgs, sizeof(cfgs[0]) * n);
	memcpy(drv.att, att, sizeof(att[0]) * n);
	drv.n = n;
	for (unsigned i = 0; i < n; i++) {
		drv_core(drv.cfg[i], &drv.att[i]);
		hook_call(mcr_tunnel_cfg_changed, drv.cfg[i]);
	}
}

static void drv_poll(struct thread *t)
{
	struct stat st;

	thread_add_timer(drv.master, drv_poll, NULL, 1, &drv.t_poll);
	if (stat(drv.file, &st) < 0 ||
	    (st.st_mtim.tv_sec == drv.mtime.tv_sec &&
	     st.st_mtim.tv_nsec == drv.mtime.tv_nsec))
		return;
	drv.mtime = st.st_mtim;
	drv_load();
}

static int drv_late_init(struct thread_master *master)
{
	drv.master = master;
	drv.file = getenv("MCR_TUNNEL_TESTCFG");
	if (!drv.file || !*drv.file)
		return 0;
	zlog_notice("tunnel test driver: configuration from %s", drv.file);
	/* after the runtime's own late init (registered first) */
	thread_add_timer_msec(master, drv_poll, NULL, 100, &drv.t_poll);
	return 0;
}

static int drv_fini(void)
{
	THREAD_OFF(drv.t_poll);
	for (unsigned i = 0; i < drv.n; i++)
		XFREE(MTYPE_MCR_TDRV, drv.cfg[i]);
	drv.n = 0;
	return 0;
}

static void __attribute__((constructor)) drv_register(void)
{
	hook_register(frr_late_init, drv_late_init);
	hook_register(frr_fini, drv_fini);
}

#endif /* !__has_include("mcr_nb_tunnel.c") */
