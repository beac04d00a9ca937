/*
 * mcrouted -> bgpd.
 *
 * bgpd stays the only BGP speaker.  What each attachment is sent (its
 * export, computed by libmcr) and how AS paths are normalized reach bgpd
 * as configuration objects named mcr-*: rendered by lib/bgpconf.c,
 * compared with what bgpd's running-config holds, and the difference
 * applied through bgpd's vty socket the way vtysh does (one command per
 * write, NUL-terminated; the reply ends with three NULs and a status
 * byte).  Reading bgpd's own running-config every time makes mcrouted
 * restart-safe: nothing is re-applied that bgpd already has, and stale
 * objects left by an earlier run are removed.
 *
 * Attachments with 'bgp-integration manual' are rendered for
 * 'show mcr bgp-config' only; their objects in bgpd are left alone.
 *
 * The vty exchange is synchronous with short timeouts (bgpd answers
 * configuration commands immediately); a reconcile runs at most every
 * MCR_BGP_DEBOUNCE_MS after a change and every MCR_BGP_PERIOD seconds.
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#include <zebra.h>

#include <poll.h>
#include <sys/un.h>

#include "command.h"
#include "json.h"
#include "libfrr.h"
#include "log.h"
#include "memory.h"
#include "northbound.h"
#include "prefix.h"
#include "table.h"
#include "thread.h"
#include "vty.h"
#include "yang.h"

#include "mcr/bgpconf.h"

#include "mcrouted.h"
#include "mcr_bgp.h"
#include "mcr_core.h"
#include "mcr_debug.h"
#include "mcr_rules.h"
#include "mcr_zebra.h"

#define MCR_BGP_DEBOUNCE_MS 200
#define MCR_BGP_PERIOD 30
#define MCR_BGP_TIMEOUT_MS 3000

static struct thread *mcr_bgp_timer;
static struct mcr_bgpconf *mcr_bgp_want;	/* last rendered (auto) */
static struct mcr_bgpconf *mcr_bgp_manual;	/* rendered, not applied */
static char mcr_bgp_status[256] = "not run yet";
static uint32_t mcr_bgp_local_as;
static char mcr_bgp_vty_dir[256];

/* Attachments with 'bgp-integration manual' and their neighbors, from the
 * last render: their objects in bgpd are the operator's. */
#define MCR_BGP_MAX_MANUAL 64
static char mcr_bgp_manual_names[MCR_BGP_MAX_MANUAL][MCR_NAME_MAX];
static char mcr_bgp_manual_nbrs[MCR_BGP_MAX_MANUAL][MCR_ADDR_STRLEN];
static size_t mcr_bgp_nmanual, mcr_bgp_nmanual_nbrs;
static uint64_t mcr_bgp_runs, mcr_bgp_changes;
static time_t mcr_bgp_last;

/* Summary prefixes installed in zebra's main table, refcounted by the
 * number of exports advertising them. */
static struct route_table *mcr_summaries[AFI_MAX];

/* ---- bgpd vty socket ----------------------------------------------- */

static int vty_wait(int fd, short ev)
{
	struct pollfd pfd = {.fd = fd, .events = ev};

	return poll(&pfd, 1, MCR_BGP_TIMEOUT_MS) == 1 ? 0 : -1;
}

/* Run one command; output (truncated to @outsz) in @out. Returns the
 * command's status (CMD_SUCCESS...) or -1 on I/O failure. */
static int vty_cmd(int fd, const char *cmd, char *out, size_t outsz)
{
	size_t len = strlen(cmd) + 1, off = 0, have = 0;
	char buf[4096];
	/* last 4 bytes seen, for the terminator */
	char tail[4] = {1, 1, 1, 1};

	while (off < len) {
		ssize_t n;

		if (vty_wait(fd, POLLOUT) < 0)
			return -1;
		n = write(fd, cmd + off, len - off);
		if (n <= 0)
			return -1;
		off += (size_t)n;
	}
	if (out && outsz)
		out[0] = '\0';
	for (;;) {
		ssize_t n;

		if (vty_wait(fd, POLLIN) < 0)
			return -1;
		n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			return -1;
		for (ssize_t i = 0; i < n; i++) {
			memmove(tail, tail + 1, 3);
			tail[3] = buf[i];
			if (tail[0] == 0 && tail[1] == 0 && tail[2] == 0) {
				if (out && have >= 3 && have - 3 < outsz)
					out[have - 3] = '\0';
				return (unsigned char)tail[3];
			}
			if (out && have + 1 < outsz) {
				out[have] = buf[i];
				out[have + 1] = '\0';
			}
			have++;
		}
	}
}

static const char *bgpd_socket_path(char *buf, size_t size)
{
	const struct lyd_node *dn;

	dn = yang_dnode_get(running_config->dnode,
			    "/frr-mcrouted:mcrouted/bgp/vty-socket");
	/* The model's default names Debian's path; unless set explicitly,
	 * bgpd is found next to our own vty socket (same FRR instance). */
	if (dn && !yang_dnode_is_default(dn, NULL))
		strlcpy(buf, yang_dnode_get_string(dn, NULL), size);
	else
		snprintf(buf, size, "%.*s/bgpd.vty", (int)(size - 10),
			 mcr_bgp_vty_dir);
	return buf;
}

static int bgpd_connect(void)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	char path[sizeof(sa.sun_path)];
	int fd;

	bgpd_socket_path(path, sizeof(path));
	strlcpy(sa.sun_path, path, sizeof(sa.sun_path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		snprintf(mcr_bgp_status, sizeof(mcr_bgp_status),
			 "bgpd not reachable at %s: %s", path,
			 safe_strerror(errno));
		close(fd);
		return -1;
	}
	if (vty_cmd(fd, "enable", NULL, 0) != CMD_SUCCESS) {
		snprintf(mcr_bgp_status, sizeof(mcr_bgp_status),
			 "bgpd vty at %s did not accept 'enable'", path);
		close(fd);
		return -1;
	}
	return fd;
}

/* ---- rendering ------------------------------------------------------ */

struct render_ctx {
	uint32_t local_as;
	const char *only;		/* render just this attachment */
	struct mcr_bgpconf *want, *manual;	/* where to render */
	struct mcr_prefix *pfx;
	size_t npfx, cap;
	struct mcr_addr nb[32];
	size_t nnb;
	uint32_t excl[64];
	size_t nexcl;
};

static int collect_export(const struct mcr_prefix *p, bool summary, void *arg)
{
	struct render_ctx *rc = arg;

	if (rc->npfx == rc->cap) {
		size_t nc = rc->cap ? rc->cap * 2 : 64;

		rc->pfx = XREALLOC(MTYPE_TMP, rc->pfx, nc * sizeof(*rc->pfx));
		rc->cap = nc;
	}
	rc->pfx[rc->npfx++] = *p;
	return 0;
}

/* The attachment's BGP neighbors as the configuration applied them: its
 * 'neighbor' list or, for a tunnel attachment without one, the tunnel's
 * remote inside address(es) -- the same the neighbor map attributes
 * routes by. */
static void collect_neighbors(const char *name, struct render_ctx *rc)
{
	const struct mcr_cfg_attach *ca = mcr_cfg_attach_find(name);
	char buf[INET6_ADDRSTRLEN];

	for (unsigned i = 0; ca && i < ca->nnbr && rc->nnb < array_size(rc->nb);
	     i++)
		if (mcr_addr_parse(ipaddr2str(&ca->nbr[i], buf, sizeof(buf)),
				   &rc->nb[rc->nnb], NULL) == MCR_OK)
			rc->nnb++;
}

struct excl_ctx {
	const struct mcr_attach *self;
	struct render_ctx *rc;
};

/* The other attachments' provider ASNs: what exclude-provider-asn strips. */
static int collect_excl(const struct mcr_attach *a, void *arg)
{
	struct excl_ctx *ec = arg;
	uint32_t asn = mcr_attach_config(a)->profile.peer_asn;

	if (a == ec->self || !asn)
		return 0;
	for (size_t i = 0; i < ec->rc->nexcl; i++)
		if (ec->rc->excl[i] == asn)
			return 0;
	if (ec->rc->nexcl < array_size(ec->rc->excl))
		ec->rc->excl[ec->rc->nexcl++] = asn;
	return 0;
}

static int render_attach(const struct mcr_attach *a, void *arg)
{
	struct render_ctx *rc = arg;
	const char *name = mcr_attach_name(a);
	const struct mcr_attach_config *cfg = mcr_attach_config(a);
	const struct mcr_export *e = mcr_core_export_find(mcr_core, name);
	const struct lyd_node *dn;
	struct mcr_bgpconf_attach ba = {.name = name};
	struct excl_ctx ec = {.self = a, .rc = rc};
	struct mcr_errbuf eb;
	bool manual = false;

	if (rc->only && strcmp(rc->only, name))
		return 0;
	dn = yang_dnode_getf(running_config->dnode,
			     "/frr-mcrouted:mcrouted/attachment[name='%s']",
			     name);
	if (!dn)
		return 0;
	rc->nnb = rc->npfx = rc->nexcl = 0;
	collect_neighbors(name, rc);
	if (!rc->nnb)
		return 0; /* no BGP session of ours to steer */
	if (yang_dnode_exists(dn, "./bgp-integration"))
		manual = strmatch(yang_dnode_get_string(dn, "./bgp-integration"),
				  "manual");
	if (yang_dnode_exists(dn, "./as-path-mode"))
		mcr_aspath_mode_parse(yang_dnode_get_string(dn,
							    "./as-path-mode"),
				      &ba.mode, NULL);
	if (manual && !rc->only && mcr_bgp_nmanual < MCR_BGP_MAX_MANUAL) {
		strlcpy(mcr_bgp_manual_names[mcr_bgp_nmanual++], name,
			MCR_NAME_MAX);
		for (size_t i = 0; i < rc->nnb &&
				   mcr_bgp_nmanual_nbrs < MCR_BGP_MAX_MANUAL;
		     i++)
			mcr_addr2str(&rc->nb[i],
				     mcr_bgp_manual_nbrs[mcr_bgp_nmanual_nbrs++],
				     MCR_ADDR_STRLEN);
	}
	if (e) {
		mcr_export_walk(e, MCR_AF_INET, collect_export, rc);
		mcr_export_walk(e, MCR_AF_INET6, collect_export, rc);
	}
	mcr_core_attach_walk(mcr_core, collect_excl, &ec);
	ba.neighbors = rc->nb;
	ba.nneighbors = rc->nnb;
	ba.export = rc->pfx;
	ba.nexport = rc->npfx;
	ba.exclude_asn = rc->excl;
	ba.nexclude = rc->nexcl;
	ba.out_limit[0] = cfg->profile.out_limit[MCR_AFI_IP];
	ba.out_limit[1] = cfg->profile.out_limit[MCR_AFI_IP6];
	if (mcr_bgpconf_render(manual ? rc->manual : rc->want,
			       rc->local_as, &ba, &eb) != MCR_OK)
		zlog_warn("bgpd policy for attachment %s: %s", name, eb.msg);
	return 0;
}

static uint32_t local_as_from(const char *running)
{
	const struct lyd_node *dn;
	const char *p = running;

	dn = yang_dnode_get(running_config->dnode,
			    "/frr-mcrouted:mcrouted/bgp/local-as");
	if (dn)
		return yang_dnode_get_uint32(dn, NULL);
	while (p && *p) {
		char line[128];
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		unsigned long as;
		char rest[8];

		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, p, n);
		line[n] = '\0';
		/* "router bgp N" of the default VRF only (no "vrf X" after) */
		if (sscanf(line, "router bgp %lu %7s", &as, rest) == 1)
			return (uint32_t)as;
		p = e ? e + 1 : NULL;
	}
	return 0;
}

/* Render into mcr_bgp_want / mcr_bgp_manual for @local_as. */
static void mcr_bgp_render(uint32_t local_as)
{
	struct render_ctx rc = {.local_as = local_as,
				.want = mcr_bgp_want,
				.manual = mcr_bgp_manual};

	mcr_bgpconf_clear(mcr_bgp_want);
	mcr_bgpconf_clear(mcr_bgp_manual);
	mcr_bgp_nmanual = mcr_bgp_nmanual_nbrs = 0;
	if (!local_as)
		return;
	mcr_core_attach_walk(mcr_core, render_attach, &rc);
	if (mcr_bgpconf_count(mcr_bgp_want))
		mcr_bgpconf_render_redistribute(mcr_bgp_want, local_as);
	XFREE(MTYPE_TMP, rc.pfx);
}

static bool is_manual(const char *ctx, const char *line, void *arg)
{
	char nb[MCR_ADDR_STRLEN + 16];

	for (size_t i = 0; i < mcr_bgp_nmanual; i++)
		if (mcr_bgpconf_names_attach(ctx, mcr_bgp_manual_names[i]) ||
		    mcr_bgpconf_names_attach(line, mcr_bgp_manual_names[i]))
			return true;
	for (size_t i = 0; i < mcr_bgp_nmanual_nbrs; i++) {
		snprintf(nb, sizeof(nb), "neighbor %.*s ", MCR_ADDR_STRLEN,
			 mcr_bgp_manual_nbrs[i]);
		if (strncmp(line, nb, strlen(nb)) == 0)
			return true;
	}
	return false;
}

static void mcr_bgp_run(struct thread *t)
{
	char *running, *script = NULL, out[512];
	struct mcr_bgpconf *have;
	size_t len = 0, changes;
	const char *cmd;
	int fd, ret;

	thread_add_timer(mcrd.master, mcr_bgp_run, NULL, MCR_BGP_PERIOD,
			 &mcr_bgp_timer);
	mcr_bgp_runs++;
	/* the same reconcile pass keeps the kernel's association rules */
	mcr_rules_reconcile();
	fd = bgpd_connect();
	if (fd < 0)
		return;
	running = XCALLOC(MTYPE_TMP, 1 << 20);
	ret = vty_cmd(fd, "show running-config", running, 1 << 20);
	if (ret != CMD_SUCCESS) {
		snprintf(mcr_bgp_status, sizeof(mcr_bgp_status),
			 "reading bgpd's running-config failed");
		goto out;
	}
	mcr_bgp_local_as = local_as_from(running);
	mcr_bgp_render(mcr_bgp_local_as);
	if (!mcr_bgp_local_as) {
		snprintf(mcr_bgp_status, sizeof(mcr_bgp_status),
			 "bgpd has no 'router bgp' (and no bgp local-as is configured)");
		goto out;
	}
	have = mcr_bgpconf_new();
	mcr_bgpconf_parse(have, running);
	mcr_bgpconf_drop_if(have, is_manual, NULL);
	changes = mcr_bgpconf_diff(have, mcr_bgp_want, &script, &len);
	mcr_bgpconf_free(have);
	mcr_bgp_last = time(NULL);
	if (!changes) {
		snprintf(mcr_bgp_status, sizeof(mcr_bgp_status), "in sync");
		goto out;
	}
	MCR_DEBUG_ZEBRA("bgpd: applying %zu change(s)", changes);
	ret = vty_cmd(fd, "configure terminal", out, sizeof(out));
	for (cmd = script; ret == CMD_SUCCESS && *cmd;
	     cmd += strlen(cmd) + 1) {
		ret = vty_cmd(fd, cmd, out, sizeof(out));
		if (ret != CMD_SUCCESS && ret != CMD_WARNING) {
			snprintf(mcr_bgp_status, sizeof(mcr_bgp_status),
				 "bgpd refused '%.100s': %.100s", cmd, out);
			zlog_warn("%s", mcr_bgp_status);
			break;
		}
		ret = CMD_SUCCESS;
	}
	if (ret == CMD_SUCCESS) {
		vty_cmd(fd, "end", NULL, 0);
		mcr_bgp_changes += changes;
		snprintf(mcr_bgp_status, sizeof(mcr_bgp_status),
			 "applied %zu change(s)", changes);
		/* read it back soon: confirms bgpd holds what was sent */
		THREAD_OFF(mcr_bgp_timer);
		thread_add_timer(mcrd.master, mcr_bgp_run, NULL, 1,
				 &mcr_bgp_timer);
	}
	mcr_bgpconf_script_free(script, len);
out:
	XFREE(MTYPE_TMP, running);
	close(fd);
}

void mcr_bgp_schedule(void)
{
	/* until the run: "in sync" would describe the state before the
	 * change that asked for it */
	snprintf(mcr_bgp_status, sizeof(mcr_bgp_status), "update pending");
	THREAD_OFF(mcr_bgp_timer);
	thread_add_timer_msec(mcrd.master, mcr_bgp_run, NULL,
			      MCR_BGP_DEBOUNCE_MS, &mcr_bgp_timer);
}

/* ---- summaries in zebra's main table --------------------------------- */

static void mcr2prefix(const struct mcr_prefix *mp, struct prefix *p)
{
	memset(p, 0, sizeof(*p));
	p->family = mp->family == MCR_AF_INET ? AF_INET : AF_INET6;
	p->prefixlen = mp->len;
	memcpy(&p->u.prefix, mp->addr, mp->family == MCR_AF_INET ? 4 : 16);
}

void mcr_bgp_export_delta(const struct mcr_delta *d)
{
	struct route_node *rn;
	struct prefix p;
	afi_t afi;
	uintptr_t refs;

	mcr_bgp_schedule();
	if (d->type != MCR_D_EXPORT_ADD && d->type != MCR_D_EXPORT_DEL)
		return;
	if (d->type == MCR_D_EXPORT_ADD && !d->summary)
		return;
	mcr2prefix(&d->prefix, &p);
	afi = family2afi(p.family);
	if (d->type == MCR_D_EXPORT_ADD) {
		rn = route_node_get(mcr_summaries[afi], &p);
		refs = (uintptr_t)rn->info;
		if (refs)
			route_unlock_node(rn);
		else
			mcr_zebra_summary_route(true, &d->prefix);
		rn->info = (void *)(refs + 1);
		return;
	}
	rn = route_node_lookup(mcr_summaries[afi], &p);
	if (!rn)
		return; /* not a summary */
	route_unlock_node(rn);
	refs = (uintptr_t)rn->info;
	if (refs > 1) {
		rn->info = (void *)(refs - 1);
		return;
	}
	rn->info = NULL;
	route_unlock_node(rn);
	mcr_zebra_summary_route(false, &d->prefix);
}

void mcr_bgp_zebra_resync(void)
{
	struct route_node *rn;
	struct mcr_prefix mp;

	for (afi_t afi = AFI_IP; afi <= AFI_IP6; afi++)
		for (rn = route_top(mcr_summaries[afi]); rn;
		     rn = route_next(rn)) {
			if (!rn->info)
				continue;
			mcr_prefix_make(afi == AFI_IP ? MCR_AF_INET
						      : MCR_AF_INET6,
					&rn->p.u.prefix, rn->p.prefixlen, &mp,
					NULL);
			mcr_zebra_summary_route(true, &mp);
		}
}

/* ---- show mcr bgp-config --------------------------------------------- */

#ifndef VTYSH_EXTRACT_PL
#include "mcrouted/mcr_bgp_clippy.c"
#endif

static void show_set(struct vty *vty, struct mcr_bgpconf *c)
{
	char *text;
	size_t len;

	mcr_bgpconf_text(c, &text, &len);
	for (const char *l = text; *l; l += strlen(l) + 1)
		vty_out(vty, "%s\n", l);
	mcr_bgpconf_script_free(text, len);
}

DEFPY(show_mcr_bgp_config, show_mcr_bgp_config_cmd,
      "show mcr bgp-config [WORD$name]",
      SHOW_STR
      "Multi-cloud transit router (mcrouted)\n"
      "bgpd configuration mcrouted applies (or renders, for manual attachments)\n"
      "Attachment name\n")
{
	vty_out(vty, "! mcrouted bgpd policy: %s (local AS %u, %llu run(s), %llu change(s))\n",
		mcr_bgp_status, mcr_bgp_local_as,
		(unsigned long long)mcr_bgp_runs,
		(unsigned long long)mcr_bgp_changes);
	vty_out(vty, "! kernel policy rules: %s\n", mcr_rules_status());
	if (!name) {
		vty_out(vty, "! applied by mcrouted (bgp-integration auto):\n");
		show_set(vty, mcr_bgp_want);
		if (mcr_bgpconf_count(mcr_bgp_manual)) {
			vty_out(vty,
				"! to apply by hand (bgp-integration manual):\n");
			show_set(vty, mcr_bgp_manual);
		}
		return CMD_SUCCESS;
	}
	/* one attachment: render it alone (as of now) */
	{
		struct render_ctx rc = {.local_as = mcr_bgp_local_as,
					.only = name};

		rc.want = mcr_bgpconf_new();
		rc.manual = mcr_bgpconf_new();
		if (!mcr_core_attach_find(mcr_core, name))
			vty_out(vty, "%% No attachment %s\n", name);
		else if (mcr_bgp_local_as)
			mcr_core_attach_walk(mcr_core, render_attach, &rc);
		vty_out(vty, "! attachment %s (bgp-integration %s):\n", name,
			mcr_bgpconf_count(rc.manual) ? "manual" : "auto");
		show_set(vty, mcr_bgpconf_count(rc.manual) ? rc.manual
							   : rc.want);
		mcr_bgpconf_free(rc.want);
		mcr_bgpconf_free(rc.manual);
		XFREE(MTYPE_TMP, rc.pfx);
	}
	return CMD_SUCCESS;
}

void mcr_bgp_init(const char *vty_dir)
{
	strlcpy(mcr_bgp_vty_dir, vty_dir, sizeof(mcr_bgp_vty_dir));
	for (afi_t afi = AFI_IP; afi <= AFI_IP6; afi++)
		mcr_summaries[afi] = route_table_init();
	mcr_bgp_want = mcr_bgpconf_new();
	mcr_bgp_manual = mcr_bgpconf_new();
	install_element(VIEW_NODE, &show_mcr_bgp_config_cmd);
	thread_add_timer(mcrd.master, mcr_bgp_run, NULL, 1, &mcr_bgp_timer);
}

void mcr_bgp_fini(void)
{
	THREAD_OFF(mcr_bgp_timer);
	for (afi_t afi = AFI_IP; afi <= AFI_IP6; afi++) {
		struct route_node *rn;

		for (rn = route_top(mcr_summaries[afi]); rn;
		     rn = route_next(rn))
			if (rn->info) {
				rn->info = NULL;
				route_unlock_node(rn);
			}
		route_table_finish(mcr_summaries[afi]);
	}
	mcr_bgpconf_free(mcr_bgp_want);
	mcr_bgpconf_free(mcr_bgp_manual);
}
