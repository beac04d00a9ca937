/*
 * mcrouted: tunnel runtime (see mcr_tunnel.h).
 *
 * Event flow for one tunnel:
 *
 *   hooks mcr_tunnel_cfg_changed/_deleted --+
 *   VICI events (ike/child up/down/rekey) --+--> mcr_tun_event()
 *   netlink link up/down/deleted ----------+       |
 *   retry timer, VICI connected/lost ------+       v
 *                                   mcr_tunnel_event() (lib/tunnel.c)
 *                                                  |
 *              +-----------------------------------+------------------+
 *              v                                   v                  v
 *   attachment oper up/down           actions in the delta's order:  last
 *   (mcr_core_attach_oper +           terminate, unload, delete/create error
 *   mcr_deltas_apply)                 link, load-shared+load-conn,   time
 *                                     list-sas, initiate
 *
 * Actions may produce events at once (a link creation fails, a PSK does
 * not decrypt); those are queued on the tunnel and processed after the
 * current delta, so the machine never re-enters itself.
 *
 * Re-initiation is mcrouted's job, not charon's: connections are loaded
 * with start_action none, close_action none and dpd_action clear (a
 * configured dpd-action 'none' disables DPD), and the retry timer sends
 * 'initiate' with a growing back-off (MCR_TUN_RETRY_MIN..MAX s) while the
 * tunnel is admin up and not established.  One initiator avoids the
 * duplicate IKE_SAs two would create.
 *
 * PSKs: the encrypted token of the configuration is decrypted into a
 * stack buffer only to build the load-shared frame; both are wiped right
 * after (the frame once it is written to charon's socket).
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#include <zebra.h>

#include <ifaddrs.h>

#include "hook.h"
#include "libfrr.h"
#include "log.h"
#include "memory.h"
#include "monotime.h"
#include "thread.h"

#include "mcr/secret.h"
#include "mcr/vici.h"

#include "mcrouted.h"
#include "mcr_core.h"
#include "mcr_export.h"
#include "mcr_netlink.h"
#include "mcr_notify.h"
#include "mcr_tunnel.h"
#include "mcr_tunnel_cfg.h"
#include "mcr_vici.h"

DEFINE_MTYPE_STATIC(MCROUTED, MCR_TUN, "mcrouted tunnel runtime");
DEFINE_MTYPE_STATIC(MCROUTED, MCR_TUN_REQ, "mcrouted tunnel VICI request");

/* Declared in mcr_export.h (the export stream registers); run here. */
DEFINE_HOOK(mcr_tunnel_event, (const struct mcr_tunnel_report *ev), (ev));

struct debug mcr_dbg_tunnel = {0, "mcrouted tunnels"};

#define MCR_TUN_RETRY_MIN 3
#define MCR_TUN_RETRY_MAX 30
#define MCR_TUN_REFRESH 5 /* seconds between list-sas for counters */
/* No new initiate this soon after the last one: charon may still be
 * negotiating (slow peer, retransmits), a second one would duplicate. */
#define MCR_TUN_INIT_GRACE 20
#define MCR_TUN_IFID_BASE 0x4d430000u

static inline int mcr_tun_cmp(const struct mcr_tun *a, const struct mcr_tun *b)
{
	return strcmp(a->name, b->name);
}

DECLARE_RBTREE_UNIQ(mcr_tuns, struct mcr_tun, item, mcr_tun_cmp);

static struct {
	struct thread_master *master;
	struct mcr_tuns_head tuns;
	struct thread *t_refresh;
	bool refreshing;
} tr;

static void mcr_tun_run(struct mcr_tun *t);

static time_t mcr_now(void)
{
	return monotime(NULL);
}

static struct mcr_tun *mcr_tun_lookup(const char *name)
{
	struct mcr_tun key;

	strlcpy(key.name, name, sizeof(key.name));
	return mcr_tuns_find(&tr.tuns, &key);
}

const struct mcr_tun *mcr_tun_find(const char *name)
{
	return mcr_tun_lookup(name);
}

int mcr_tun_walk(int (*cb)(const struct mcr_tun *t, void *arg), void *arg)
{
	struct mcr_tun *t;
	int rc;

	frr_each (mcr_tuns, &tr.tuns, t)
		if ((rc = cb(t, arg)))
			return rc;
	return 0;
}

const char *mcr_tun_dataplane_name(enum mcr_tun_dataplane dp)
{
	switch (dp) {
	case MCR_TUN_DP_XFRM:
		return "xfrm-interface";
	case MCR_TUN_DP_LIBIPSEC:
		return "kernel-libipsec";
	case MCR_TUN_DP_GRE:
		return "gre";
	}
	return "?";
}

static enum mcr_toper_status mcr_tun_toper(const struct mcr_tun *t)
{
	switch (mcr_tunnel_state(t->sm)) {
	case MCR_TUN_UP:
		return MCR_TOPER_UP;
	case MCR_TUN_KERNEL_UNSUPP:
		return MCR_TOPER_UNSUPPORTED;
	case MCR_TUN_CONNECTING:
	case MCR_TUN_ESTABLISHED:
	case MCR_TUN_LINK_WAIT:
		return MCR_TOPER_CONNECTING;
	default:
		return MCR_TOPER_DOWN;
	}
}

const char *mcr_tun_oper_status(const struct mcr_tun *t)
{
	switch (mcr_tun_toper(t)) {
	case MCR_TOPER_UP:
		return "up";
	case MCR_TOPER_UNSUPPORTED:
		return "unsupported";
	case MCR_TOPER_CONNECTING:
		return "connecting";
	case MCR_TOPER_DOWN:
		break;
	}
	return "down";
}

const char *mcr_tun_ifname(const struct mcr_tun *t)
{
	return t->dp == MCR_TUN_DP_LIBIPSEC ? "ipsec0" : t->cfg.ifname;
}

void mcr_tun_reason(const struct mcr_tun *t, char *buf, size_t size)
{
	const char *err = mcr_tunnel_last_error(t->sm);

	switch (mcr_tunnel_state(t->sm)) {
	case MCR_TUN_UP:
		snprintf(buf, size, "%s", "");
		break;
	case MCR_TUN_ADMIN_DOWN:
		snprintf(buf, size, "administratively down");
		break;
	case MCR_TUN_KERNEL_UNSUPP:
	case MCR_TUN_LINK_FAILED:
		snprintf(buf, size, "%s", err);
		break;
	case MCR_TUN_LINK_WAIT:
		snprintf(buf, size, "waiting for interface %s", t->cfg.ifname);
		break;
	case MCR_TUN_CHARON_WAIT:
		snprintf(buf, size, "no VICI connection to charon (%s: %s)",
			 mcr_vici_socket_path(), mcr_vici_status());
		break;
	case MCR_TUN_CONNECTING:
		if (!t->cfg.remote.ipa_type)
			snprintf(buf, size, "remote-address not set");
		else
			snprintf(buf, size, "IKE negotiation%s%s",
				 err[0] ? "; last error: " : "", err);
		break;
	case MCR_TUN_ESTABLISHED:
		snprintf(buf, size, "IKE SA established, no CHILD SA installed");
		break;
	default:
		snprintf(buf, size, "?");
	}
}

uint64_t mcr_tun_uptime(const struct mcr_tun *t)
{
	uint64_t since = mcr_tunnel_up_since(t->sm);

	return mcr_tunnel_attach_up(t->sm) ? (uint64_t)mcr_now() - since : 0;
}

void mcr_tun_bytes(const struct mcr_tun *t, uint64_t *in, uint64_t *out)
{
	*in = *out = 0;
	for (unsigned i = 0; i < t->n_child; i++) {
		*in += t->child[i].bytes_in;
		*out += t->child[i].bytes_out;
	}
}

uint64_t mcr_tun_ago(time_t at)
{
	time_t now = mcr_now();

	return at && now > at ? (uint64_t)(now - at) : 0;
}

uint64_t mcr_tun_until(time_t at)
{
	time_t now = mcr_now();

	return at > now ? (uint64_t)(at - now) : 0;
}

static void mcr_tun_host(const char *s, struct ipaddr *a)
{
	if (!s[0] || str2ipaddr(s, a) < 0)
		memset(a, 0, sizeof(*a));
}

/*
 * Hook mcr_tunnel_oper_get: YANG tunnel/state from the same getters as
 * 'show mcr tunnel', so that both say the same.
 */
static int mcr_tun_oper_get(const char *name, struct mcr_tunnel_oper *o)
{
	const struct mcr_tun *t = mcr_tun_lookup(name);
	unsigned n = 0;

	if (!t)
		return 0;
	o->valid = true;
	o->status = mcr_tun_toper(t);
	mcr_tun_reason(t, o->reason, sizeof(o->reason));
	strlcpy(o->last_error, mcr_tunnel_last_error(t->sm),
		sizeof(o->last_error));
	o->last_error_time = o->last_error[0] ? t->last_error_time : 0;
	strlcpy(o->interface, mcr_tun_ifname(t), sizeof(o->interface));
	o->uptime = mcr_tun_uptime(t);
	if (t->cfg.type == MCR_TUNNEL_IPSEC)
		mcr_tun_bytes(t, &o->bytes_in, &o->bytes_out);
	if (t->ike.valid) {
		o->ike_valid = true;
		strlcpy(o->ike.state, t->ike.state, sizeof(o->ike.state));
		o->ike.version = t->ike.version;
		mcr_tun_host(t->ike.local_host, &o->ike.local_host);
		mcr_tun_host(t->ike.remote_host, &o->ike.remote_host);
		strlcpy(o->ike.encryption, t->ike.encr,
			sizeof(o->ike.encryption));
		strlcpy(o->ike.integrity, t->ike.integ,
			sizeof(o->ike.integrity));
		strlcpy(o->ike.prf, t->ike.prf, sizeof(o->ike.prf));
		strlcpy(o->ike.dh_group, t->ike.dh, sizeof(o->ike.dh_group));
		o->ike.established = mcr_tun_ago(t->ike.established_at);
		o->ike.rekey_in = mcr_tun_until(t->ike.rekey_at);
	}
	for (unsigned i = 0; i < t->n_child && n < MCR_TOPER_CHILD_MAX; i++) {
		const struct mcr_tun_child *c = &t->child[i];
		struct mcr_tunnel_oper_sa *sa = &o->child[n++];

		sa->unique_id = c->uid;
		strlcpy(sa->name, c->name, sizeof(sa->name));
		strlcpy(sa->state, c->state, sizeof(sa->state));
		strlcpy(sa->encryption, c->encr, sizeof(sa->encryption));
		strlcpy(sa->integrity, c->integ, sizeof(sa->integrity));
		sa->installed = mcr_tun_ago(c->installed_at);
		sa->rekey_in = mcr_tun_until(c->rekey_at);
		sa->bytes_in = c->bytes_in;
		sa->bytes_out = c->bytes_out;
		sa->packets_in = c->packets_in;
		sa->packets_out = c->packets_out;
	}
	o->n_child = n;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Attachment oper state */

/* A tunnel attachment went up or down: YANG notification tunnel-up or
 * tunnel-down (NETCONF subscribers). */
static void mcr_tun_notify(const struct mcr_tun *t, const char *attach,
			   bool up)
{
	char reason[256];

	if (up)
		reason[0] = 0;
	else if (!t->cfg.attachment[0] || strcmp(attach, t->cfg.attachment))
		snprintf(reason, sizeof(reason),
			 "attachment no longer uses tunnel %s", t->name);
	else
		mcr_tun_reason(t, reason, sizeof(reason));
	zlog_info("tunnel %s: attachment %s %s%s%s", t->name, attach,
		  up ? "up" : "down", reason[0] ? ": " : "", reason);
	mcr_notify_tunnel(t->name, attach, up, reason);
}

/*
 * Report the attachment's oper state to the core.  An attachment of kind
 * tunnel starts down, so reporting it down the first time is no
 * transition; every later change (and the first 'up') is notified.
 */
static void mcr_tun_report_attach(struct mcr_tun *t, bool force)
{
	bool up = mcr_tunnel_attach_up(t->sm) && t->cfg.admin_up;
	struct mcr_deltas *d;
	struct mcr_errbuf eb;

	/* attachment renamed or removed: the old one goes down */
	if (t->attach_reported[0] &&
	    strcmp(t->attach_reported, t->cfg.attachment)) {
		if (t->attach_reported_up) {
			d = mcr_deltas_scratch();
			if (mcr_core_attach_oper(mcr_core, t->attach_reported,
						 false, d, &eb) == MCR_OK)
				mcr_deltas_apply(d);
			else
				mcr_deltas_reset(d);
			mcr_tun_notify(t, t->attach_reported, false);
		}
		t->attach_reported[0] = 0;
		force = true;
	}
	if (!t->cfg.attachment[0] || !mcr_core)
		return;
	if (!force && t->attach_reported[0] && t->attach_reported_up == up)
		return;
	d = mcr_deltas_scratch();
	if (mcr_core_attach_oper(mcr_core, t->cfg.attachment, up, d, &eb) !=
	    MCR_OK) {
		MCR_DEBUG_TUNNEL("tunnel %s: attachment %s: %s", t->name,
				 t->cfg.attachment, eb.msg);
		mcr_deltas_reset(d);
		return;
	}
	mcr_deltas_apply(d);
	if (t->attach_reported[0] ? t->attach_reported_up != up : up)
		mcr_tun_notify(t, t->cfg.attachment, up);
	strlcpy(t->attach_reported, t->cfg.attachment,
		sizeof(t->attach_reported));
	t->attach_reported_up = up;
}

/* ------------------------------------------------------------------ */
/* Events */

static void mcr_tun_event(struct mcr_tun *t, const struct mcr_tunnel_event *ev)
{
	unsigned i;

	if (t->evq_n >= MCR_TUN_EVQ) {
		zlog_warn("tunnel %s: event queue full, event %u dropped",
			  t->name, (unsigned)ev->type);
		return;
	}
	i = t->evq_n++;
	t->evq[i] = *ev;
	t->evq[i].now = mcr_now();
	t->evq_reason[i][0] = 0;
	if (ev->reason)
		strlcpy(t->evq_reason[i], ev->reason,
			sizeof(t->evq_reason[i]));
	t->evq[i].reason = t->evq_reason[i];
	if (!t->busy)
		mcr_tun_run(t);
}

static void mcr_tun_ev(struct mcr_tun *t, enum mcr_tunnel_evtype type,
		       uint32_t uid, uint32_t old_uid)
{
	struct mcr_tunnel_event ev = {.type = type, .uid = uid,
				      .old_uid = old_uid};

	mcr_tun_event(t, &ev);
}

static void mcr_tun_fail(struct mcr_tun *t, enum mcr_tunnel_evtype type,
			 enum mcr_err err, const char *reason)
{
	struct mcr_tunnel_event ev = {.type = type, .err = err,
				      .reason = reason};

	mcr_tun_event(t, &ev);
}

/* ------------------------------------------------------------------ */
/* VICI requests on behalf of a tunnel */

struct mcr_tun_req {
	char name[MCR_NAME_MAX];
	uint32_t gen;
	enum { REQ_PLAIN, REQ_CONN, REQ_LIST } kind;
};

static struct mcr_tun_req *mcr_tun_req_new(struct mcr_tun *t, int kind)
{
	struct mcr_tun_req *r = XCALLOC(MTYPE_MCR_TUN_REQ, sizeof(*r));

	strlcpy(r->name, t->name, sizeof(r->name));
	r->gen = t->gen;
	r->kind = kind;
	return r;
}

static void mcr_tun_req_done(const struct mcr_vici_msg *m, enum mcr_err err,
			     const char *msg, void *arg)
{
	struct mcr_tun_req *r = arg;
	struct mcr_tun *t = mcr_tun_lookup(r->name);
	struct mcr_tunnel_event ev = {};

	/* A list-sas answer is charon's word on the connection whatever the
	 * configuration did meanwhile: the machine waits for it (RESYNC)
	 * before it initiates, so it is never dropped as stale.  Answers to
	 * commands of an older configuration are. */
	if (!t || (t->gen != r->gen && r->kind != REQ_LIST) ||
	    err == MCR_EAGAIN) {
		if (t && r->kind == REQ_LIST)
			t->resync = false;
		goto out;
	}
	switch (r->kind) {
	case REQ_LIST:
		t->resync = false;
		ev.type = MCR_TEV_RESYNC;
		ev.ike_uids = t->rs_ike;
		ev.n_ike = t->rs_n_ike;
		ev.child_uids = t->rs_child;
		ev.n_child = t->rs_n_child;
		mcr_tun_event(t, &ev);
		break;
	case REQ_CONN:
		if (err != MCR_OK) {
			zlog_warn("tunnel %s: %s", t->name, msg);
			mcr_tun_fail(t, MCR_TEV_CMD_FAILED, err, msg);
		}
		break;
	case REQ_PLAIN:
		if (err != MCR_OK)
			MCR_DEBUG_TUNNEL("tunnel %s: %s", t->name, msg);
		break;
	}
out:
	XFREE(MTYPE_MCR_TUN_REQ, r);
}

static void mcr_tun_submit(struct mcr_tun *t, struct mcr_vici_frame *f,
			   const char *what, int kind)
{
	struct mcr_tun_req *r = mcr_tun_req_new(t, kind);

	MCR_DEBUG_TUNNEL("tunnel %s: VICI %s", t->name, what);
	if (!mcr_vici_submit(f, what, mcr_tun_req_done, r))
		XFREE(MTYPE_MCR_TUN_REQ, r);
}

static void mcr_ip2str(const struct ipaddr *a, char *buf, size_t size)
{
	buf[0] = 0;
	if (a->ipa_type == IPADDR_V4 || a->ipa_type == IPADDR_V6)
		ipaddr2str(a, buf, size);
}

static void mcr_tun_shared_id(const struct mcr_tun *t, char *buf, size_t size)
{
	snprintf(buf, size, "mcr-psk-%s", t->name);
}

/* load-shared (decrypted PSK) + load-conn.  False: failed (event queued). */
static bool mcr_tun_load_conn(struct mcr_tun *t)
{
	const struct mcr_tunnel_cfg *c = &t->cfg;
	char local[INET6_ADDRSTRLEN], remote[INET6_ADDRSTRLEN];
	const char *la[1], *ra[1], *ikep[MCR_TCFG_PROPOSALS_MAX],
		*espp[MCR_TCFG_PROPOSALS_MAX];
	const char *ts_any;
	struct mcr_vici_child_cfg ch = {};
	struct mcr_vici_conn_cfg conn = {};
	struct mcr_vici_frame f = {};
	struct mcr_errbuf eb;
	char sid[MCR_NAME_MAX + 16], msg[MCR_TUNNEL_ERRLEN + MCR_ERRMSG_LEN];

	mcr_ip2str(&c->local, local, sizeof(local));
	mcr_ip2str(&c->remote, remote, sizeof(remote));

	if (c->psk[0]) {
		struct mcr_secret_key key;
		uint8_t plain[MCR_SECRET_MAX_PLAIN + 1];
		size_t plen = 0;
		const char *owners[2];
		size_t nown = 0;
		enum mcr_err err;

		err = mcr_secret_key_load(mcr_secret_key_path(), true, &key,
					  &eb);
		if (!err)
			err = mcr_secret_decrypt(&key, c->psk, plain,
						 sizeof(plain), &plen, &eb);
		mcr_secret_wipe(&key, sizeof(key));
		if (err) {
			mcr_secret_wipe(plain, sizeof(plain));
			snprintf(msg, sizeof(msg), "psk: %s", eb.msg);
			zlog_warn("tunnel %s: %s", t->name, msg);
			mcr_tun_fail(t, MCR_TEV_CMD_FAILED, err, msg);
			return false;
		}
		if (local[0])
			owners[nown++] = local;
		if (remote[0])
			owners[nown++] = remote;
		mcr_tun_shared_id(t, sid, sizeof(sid));
		err = mcr_vici_cmd_load_shared(
			sid, "IKE", plain, plen,
			(struct mcr_vici_strv){.v = owners, .n = nown}, &f,
			&eb);
		mcr_secret_wipe(plain, sizeof(plain));
		if (err) {
			mcr_tun_fail(t, MCR_TEV_CMD_FAILED, err, eb.msg);
			return false;
		}
		mcr_tun_submit(t, &f, "load-shared", REQ_CONN);
	}

	la[0] = local;
	ra[0] = remote;
	for (unsigned i = 0; i < c->n_ike_proposal; i++)
		ikep[i] = c->ike_proposal[i];
	for (unsigned i = 0; i < c->n_esp_proposal; i++)
		espp[i] = c->esp_proposal[i];
	ts_any = c->remote.ipa_type == IPADDR_V6 ? "::/0" : "0.0.0.0/0";

	ch.name = t->name;
	ch.local_ts = (struct mcr_vici_strv){.v = &ts_any, .n = 1};
	ch.remote_ts = (struct mcr_vici_strv){.v = &ts_any, .n = 1};
	ch.esp_proposals = (struct mcr_vici_strv){.v = espp,
						  .n = c->n_esp_proposal};
	ch.mode = "tunnel";
	ch.start_action = c->start_action == MCR_TCFG_START_TRAP ? "trap"
								 : "none";
	ch.close_action = "none";
	ch.dpd_action = "clear";
	ch.life_time = c->child_lifetime;
	if (c->child_lifetime && c->rekey_margin &&
	    c->rekey_margin < c->child_lifetime)
		ch.rekey_time = c->child_lifetime - c->rekey_margin;
	if (t->dp == MCR_TUN_DP_XFRM) {
		ch.if_id_in = t->if_id;
		ch.if_id_out = t->if_id;
	}

	conn.name = t->name;
	conn.version = c->ike_version ? c->ike_version : 2;
	conn.local_addrs = (struct mcr_vici_strv){.v = la, .n = local[0] ? 1
									 : 0};
	conn.remote_addrs = (struct mcr_vici_strv){.v = ra,
						   .n = remote[0] ? 1 : 0};
	conn.proposals = (struct mcr_vici_strv){.v = ikep,
						.n = c->n_ike_proposal};
	conn.local_auth = c->certificate[0] ? "pubkey" : "psk";
	conn.remote_auth = c->certificate[0] ? "pubkey" : "psk";
	conn.local_id = local[0] ? local : NULL;
	conn.remote_id = remote[0] ? remote : NULL;
	conn.dpd_delay = c->dpd_action == MCR_TCFG_DPD_NONE ? 0 : c->dpd_delay;
	if (c->ike_lifetime)
		conn.rekey_time = c->ike_lifetime > c->rekey_margin
					  ? c->ike_lifetime - c->rekey_margin
					  : c->ike_lifetime;
	conn.children = &ch;
	conn.n_children = 1;
	if (mcr_vici_cmd_load_conn(&conn, &f, &eb)) {
		mcr_tun_fail(t, MCR_TEV_CMD_FAILED, MCR_EINVAL, eb.msg);
		return false;
	}
	mcr_tun_submit(t, &f, "load-conn", REQ_CONN);
	return true;
}

static void mcr_tun_initiate(struct mcr_tun *t)
{
	struct mcr_vici_frame f = {};
	struct mcr_errbuf eb;

	if (t->cfg.start_action == MCR_TCFG_START_NONE ||
	    t->cfg.start_action == MCR_TCFG_START_TRAP || !t->cfg.remote.ipa_type)
		return;
	if (mcr_vici_cmd_initiate(t->name, t->name, -1, false, &f, &eb))
		return;
	t->initiated_at = mcr_now();
	mcr_tun_submit(t, &f, "initiate", REQ_CONN);
}

static void mcr_tun_terminate(struct mcr_tun *t)
{
	struct mcr_vici_terminate term = {.ike = t->name, .force = true,
					  .timeout_ms = -1};
	struct mcr_vici_frame f = {};
	struct mcr_errbuf eb;

	if (!mcr_vici_cmd_terminate(&term, &f, &eb))
		mcr_tun_submit(t, &f, "terminate", REQ_PLAIN);
}

static void mcr_tun_unload(struct mcr_tun *t)
{
	struct mcr_vici_frame f = {};
	struct mcr_errbuf eb;
	char sid[MCR_NAME_MAX + 16];

	if (!mcr_vici_cmd_unload_conn(t->name, &f, &eb))
		mcr_tun_submit(t, &f, "unload-conn", REQ_PLAIN);
	mcr_tun_shared_id(t, sid, sizeof(sid));
	if (t->cfg.psk[0] && !mcr_vici_cmd_unload_shared(sid, &f, &eb))
		mcr_tun_submit(t, &f, "unload-shared", REQ_PLAIN);
}

static void mcr_tun_list_sas(struct mcr_tun *t)
{
	struct mcr_vici_frame f = {};
	struct mcr_errbuf eb;

	if (mcr_vici_cmd_list_sas(t->name, false, &f, &eb))
		return;
	t->resync = true;
	t->rs_n_ike = t->rs_n_child = 0;
	mcr_tun_submit(t, &f, "list-sas", REQ_LIST);
}

/* ------------------------------------------------------------------ */
/* Links */

static void ipaddr2mcr(const struct ipaddr *a, struct mcr_addr *out)
{
	memset(out, 0, sizeof(*out));
	if (a->ipa_type == IPADDR_V4) {
		out->family = MCR_AF_INET;
		memcpy(out->addr, &a->ipaddr_v4, 4);
	} else if (a->ipa_type == IPADDR_V6) {
		out->family = MCR_AF_INET6;
		memcpy(out->addr, &a->ipaddr_v6, 16);
	}
}

/* The local inside address (resolved by the northbound: configured, else
 * the preset's default, see mcr_tunnel_cfg.h).  False if there is none. */
static bool mcr_tun_inside(const struct mcr_tun *t, struct mcr_addr *a,
			   unsigned *plen)
{
	if (!t->cfg.inside_prefix.family ||
	    t->cfg.local_inside.ipa_type == IPADDR_NONE)
		return false;
	*plen = t->cfg.inside_prefix.prefixlen;
	ipaddr2mcr(&t->cfg.local_inside, a);
	return true;
}

/* Underlay interface carrying @local (xfrm link), 0 if unknown. */
static uint32_t mcr_tun_underlay(const struct ipaddr *local)
{
	struct ifaddrs *ifa, *i;
	uint32_t idx = 0;

	if (local->ipa_type == IPADDR_NONE || getifaddrs(&ifa) < 0)
		return 0;
	for (i = ifa; i && !idx; i = i->ifa_next) {
		if (!i->ifa_addr)
			continue;
		if (local->ipa_type == IPADDR_V4 &&
		    i->ifa_addr->sa_family == AF_INET &&
		    ((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr ==
			    local->ipaddr_v4.s_addr)
			idx = if_nametoindex(i->ifa_name);
		else if (local->ipa_type == IPADDR_V6 &&
			 i->ifa_addr->sa_family == AF_INET6 &&
			 !memcmp(&((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr,
				 &local->ipaddr_v6, 16))
			idx = if_nametoindex(i->ifa_name);
	}
	freeifaddrs(ifa);
	return idx;
}

static void mcr_tun_create_link(struct mcr_tun *t)
{
	struct mcr_addr inside;
	unsigned plen = 0;
	bool has_inside = mcr_tun_inside(t, &inside, &plen);
	uint32_t ifindex = 0;
	struct mcr_errbuf eb = {};
	enum mcr_err err;
	struct mcr_tunnel_event ev = {};

	/* a stale link of ours from an earlier run or config */
	mcr_netlink_link_delete(0, t->cfg.ifname, &eb);
	if (t->cfg.type == MCR_TUNNEL_GRE) {
		struct mcr_nl_gre g = {.ifname = t->cfg.ifname,
				       .mtu = t->cfg.mtu,
				       .has_key = t->cfg.gre_key_set,
				       .key = t->cfg.gre_key};

		ipaddr2mcr(&t->cfg.local, &g.local);
		ipaddr2mcr(&t->cfg.remote, &g.remote);
		if (!g.local.family)
			g.local.family = g.remote.family;
		if (!g.remote.family)
			err = mcr_error(&eb, MCR_EINVAL,
					"remote-address not set");
		else
			err = mcr_netlink_gre_create(&g, has_inside ? &inside
								    : NULL,
						     plen, &ifindex, &eb);
	} else {
		struct mcr_nl_xfrm x = {.ifname = t->cfg.ifname,
					.if_id = t->if_id,
					.mtu = t->cfg.mtu};

		x.link_ifindex = mcr_tun_underlay(&t->cfg.local);
		err = mcr_netlink_xfrm_create(&x, has_inside ? &inside : NULL,
					      plen, &ifindex, &eb);
	}
	if (err) {
		zlog_warn("tunnel %s: interface %s: %s", t->name,
			  t->cfg.ifname, eb.msg);
		mcr_tun_fail(t, MCR_TEV_LINK_FAILED, err, eb.msg);
		return;
	}
	MCR_DEBUG_TUNNEL("tunnel %s: interface %s created (ifindex %u)",
			 t->name, t->cfg.ifname, ifindex);
	ev.type = MCR_TEV_LINK_CREATED;
	ev.ifindex = ifindex;
	mcr_tun_event(t, &ev);
}

static void mcr_tun_delete_link(struct mcr_tun *t, uint32_t ifindex)
{
	struct mcr_errbuf eb;

	if (mcr_netlink_link_delete(ifindex, ifindex ? NULL : t->cfg.ifname,
				    &eb))
		zlog_warn("tunnel %s: deleting %s: %s", t->name, t->cfg.ifname,
			  eb.msg);
}

/* kernel-libipsec: charon's ipsec0 carries the tunnel; put the inside
 * address on it once the tunnel is up. */
static void mcr_tun_libipsec_inside(struct mcr_tun *t)
{
	struct mcr_addr inside;
	unsigned plen;
	unsigned idx;
	struct mcr_errbuf eb;

	if (t->dp != MCR_TUN_DP_LIBIPSEC || t->inside_on_ipsec0 ||
	    !mcr_tunnel_attach_up(t->sm) || !mcr_tun_inside(t, &inside, &plen))
		return;
	idx = if_nametoindex("ipsec0");
	if (!idx)
		return;
	if (mcr_netlink_addr_add(idx, &inside, plen, &eb))
		zlog_warn("tunnel %s: inside address on ipsec0: %s", t->name,
			  eb.msg);
	else
		t->inside_on_ipsec0 = true;
}

/* ------------------------------------------------------------------ */
/* Retry timer */

static void mcr_tun_retry(struct thread *th)
{
	struct mcr_tun *t = THREAD_ARG(th);

	mcr_tun_ev(t, MCR_TEV_RETRY, 0, 0);
}

static void mcr_tun_arm_retry(struct mcr_tun *t)
{
	enum mcr_tunnel_state s = mcr_tunnel_state(t->sm);
	bool want;

	want = s == MCR_TUN_LINK_FAILED ||
	       (t->cfg.type == MCR_TUNNEL_IPSEC &&
		(s == MCR_TUN_CONNECTING || s == MCR_TUN_ESTABLISHED));
	if (!want) {
		THREAD_OFF(t->t_retry);
		t->retry_s = 0;
		return;
	}
	if (t->t_retry)
		return;
	t->retry_s = t->retry_s ? MIN(t->retry_s * 2, MCR_TUN_RETRY_MAX)
				: MCR_TUN_RETRY_MIN;
	thread_add_timer(tr.master, mcr_tun_retry, t, t->retry_s, &t->t_retry);
}

/* ------------------------------------------------------------------ */
/* Running the state machine */

static void mcr_tun_do_actions(struct mcr_tun *t,
			       const struct mcr_tunnel_delta *d,
			       uint32_t old_ifindex)
{
	unsigned a = d->actions;

	if (a & MCR_TACT_TERMINATE)
		mcr_tun_terminate(t);
	if (a & MCR_TACT_UNLOAD_CONN)
		mcr_tun_unload(t);
	if (a & MCR_TACT_DELETE_LINK)
		mcr_tun_delete_link(t, old_ifindex);
	if (a & MCR_TACT_CREATE_LINK)
		mcr_tun_create_link(t);
	if (a & MCR_TACT_LOAD_CONN) {
		if (!mcr_tun_load_conn(t))
			a &= ~MCR_TACT_INITIATE;
	}
	if (a & MCR_TACT_LIST_SAS)
		mcr_tun_list_sas(t);
	if ((a & MCR_TACT_INITIATE) && (a & MCR_TACT_LOAD_CONN))
		mcr_tun_initiate(t); /* fresh connection: always */
	else if (a & MCR_TACT_INITIATE) {
		if (t->initiated_at &&
		    mcr_now() - t->initiated_at < MCR_TUN_INIT_GRACE)
			MCR_DEBUG_TUNNEL("tunnel %s: initiate deferred (last one %llds ago)",
					 t->name,
					 (long long)(mcr_now() - t->initiated_at));
		else
			mcr_tun_initiate(t);
	}
}

/* Hook mcr_tunnel_event: the export stream's tunnel frames. */
static void mcr_tun_export(const struct mcr_tun *t,
			   const struct mcr_tunnel_delta *d)
{
	struct mcr_tunnel_report rep = {
		.name = t->name,
		.attachment = t->cfg.attachment,
		.old_state = d->old_state,
		.state = d->new_state,
		.up = mcr_tunnel_attach_up(t->sm) && t->cfg.admin_up,
		.sa_count = mcr_tunnel_n_child(t->sm),
		.reason = mcr_tunnel_last_error(t->sm),
	};

	hook_call(mcr_tunnel_event, &rep);
}

static void mcr_tun_run(struct mcr_tun *t)
{
	struct mcr_tunnel_delta d;
	struct mcr_errbuf eb;

	t->busy = true;
	for (unsigned i = 0; i < t->evq_n; i++) {
		struct mcr_tunnel_event ev = t->evq[i];
		uint32_t old_ifindex = mcr_tunnel_ifindex(t->sm);

		size_t old_sas = mcr_tunnel_n_child(t->sm);

		if (mcr_tunnel_event(t->sm, &ev, &d, &eb) != MCR_OK) {
			MCR_DEBUG_TUNNEL("tunnel %s: %s", t->name, eb.msg);
			continue;
		}
		if (d.old_state != d.new_state)
			zlog_info("tunnel %s: %s -> %s", t->name,
				  mcr_tunnel_state_name(d.old_state),
				  mcr_tunnel_state_name(d.new_state));
		if (d.error_changed) {
			t->last_error_time = time(NULL);
			if (mcr_tunnel_last_error(t->sm)[0])
				zlog_info("tunnel %s: last error: %s", t->name,
					  mcr_tunnel_last_error(t->sm));
		}
		if (d.new_state != MCR_TUN_UP)
			t->inside_on_ipsec0 = false;
		if (d.attach_changed)
			mcr_tun_report_attach(t, false);
		if (d.new_state == MCR_TUN_UP) {
			THREAD_OFF(t->t_retry);
			t->retry_s = 0;
		}
		if (d.old_state != d.new_state || d.attach_changed ||
		    d.error_changed || old_sas != mcr_tunnel_n_child(t->sm))
			mcr_tun_export(t, &d);
		mcr_tun_do_actions(t, &d, old_ifindex);
		mcr_tun_libipsec_inside(t);
	}
	t->evq_n = 0;
	t->busy = false;
	mcr_tun_arm_retry(t);
}

/* ------------------------------------------------------------------ */
/* Configuration */

static uint32_t mcr_tun_alloc_if_id(const struct mcr_tun *self)
{
	struct mcr_tun *o;
	uint32_t id = MCR_TUN_IFID_BASE;
	bool clash;

	do {
		clash = false;
		frr_each (mcr_tuns, &tr.tuns, o)
			if (o != self && (o->if_id == id || o->cfg.if_id == id))
				clash = true;
		if (clash)
			id++;
	} while (clash);
	return id;
}

static enum mcr_tun_dataplane mcr_tun_pick_dp(const struct mcr_tunnel_cfg *c)
{
	struct mcr_errbuf eb;

	if (c->type == MCR_TUNNEL_GRE)
		return MCR_TUN_DP_GRE;
	return mcr_netlink_xfrm_probe(&eb) == MCR_EUNSUPP ? MCR_TUN_DP_LIBIPSEC
							 : MCR_TUN_DP_XFRM;
}

/* Does a change of @o to @n need the machine to start over? */
static bool mcr_tun_cfg_differs(const struct mcr_tunnel_cfg *o,
				const struct mcr_tunnel_cfg *n)
{
	struct mcr_tunnel_cfg a = *o, b = *n;

	/* fields that only matter to show / the attachment */
	memset(a.description, 0, sizeof(a.description));
	memset(b.description, 0, sizeof(b.description));
	memset(a.attachment, 0, sizeof(a.attachment));
	memset(b.attachment, 0, sizeof(b.attachment));
	a.admin_up = b.admin_up = false;
	return memcmp(&a, &b, sizeof(a)) != 0;
}

static void mcr_tun_free(struct mcr_tun *t)
{
	THREAD_OFF(t->t_retry);
	mcr_tunnel_free(t->sm);
	mcr_secret_wipe(&t->cfg, sizeof(t->cfg));
	XFREE(MTYPE_MCR_TUN, t);
}

static void mcr_tun_want_charon(void)
{
	struct mcr_tun *t;
	bool want = false;

	frr_each (mcr_tuns, &tr.tuns, t)
		want |= t->cfg.type == MCR_TUNNEL_IPSEC;
	mcr_vici_want(want);
}

static int mcr_tun_cfg_changed(const struct mcr_tunnel_cfg *cfg)
{
	struct mcr_tun *t = mcr_tun_lookup(cfg->name);
	bool fresh = !t, restart = false;
	enum mcr_tun_dataplane dp = mcr_tun_pick_dp(cfg);

	if (t && (t->cfg.type != cfg->type || t->dp != dp)) {
		/* another kind of tunnel: take the old one down first */
		mcr_tun_ev(t, MCR_TEV_ADMIN_DOWN, 0, 0);
		mcr_tuns_del(&tr.tuns, t);
		mcr_tun_free(t);
		t = NULL;
		fresh = true;
	}
	if (!t) {
		t = XCALLOC(MTYPE_MCR_TUN, sizeof(*t));
		strlcpy(t->name, cfg->name, sizeof(t->name));
		t->dp = dp;
		t->sm = mcr_tunnel_new(cfg->name, cfg->type,
				       dp == MCR_TUN_DP_XFRM);
		mcr_tuns_add(&tr.tuns, t);
	} else
		restart = mcr_tun_cfg_differs(&t->cfg, cfg);

	if (!fresh && restart)
		t->gen++;
	mcr_secret_wipe(&t->cfg, sizeof(t->cfg));
	t->cfg = *cfg;
	if (!t->cfg.ifname[0])
		snprintf(t->cfg.ifname, sizeof(t->cfg.ifname), "mcr-%.11s",
			 cfg->name);
	if (dp == MCR_TUN_DP_XFRM)
		t->if_id = cfg->if_id ? cfg->if_id : mcr_tun_alloc_if_id(t);
	else
		t->if_id = 0;

	MCR_DEBUG_TUNNEL("tunnel %s: config %s (%s, %s)", t->name,
			 fresh ? "new" : restart ? "changed" : "refreshed",
			 cfg->type == MCR_TUNNEL_GRE ? "gre" : "ipsec",
			 mcr_tun_dataplane_name(dp));
	if (fresh && dp == MCR_TUN_DP_LIBIPSEC)
		zlog_info("tunnel %s: kernel lacks xfrm interfaces; using charon's kernel-libipsec device ipsec0",
			  t->name);

	if (!cfg->admin_up) {
		mcr_tun_ev(t, MCR_TEV_ADMIN_DOWN, 0, 0);
	} else if (fresh || mcr_tunnel_state(t->sm) == MCR_TUN_ADMIN_DOWN) {
		mcr_tun_ev(t, MCR_TEV_ADMIN_UP, 0, 0);
	} else if (restart) {
		t->ike.valid = false;
		t->n_child = 0;
		mcr_tun_ev(t, MCR_TEV_CONFIG_CHANGED, 0, 0);
	}
	/* charon's state as the machine must know it: after ADMIN_UP, so
	 * that SAs left from an earlier run are found (list-sas) before
	 * anything is initiated */
	if (fresh && t->cfg.type == MCR_TUNNEL_IPSEC && mcr_vici_is_connected())
		mcr_tun_ev(t, MCR_TEV_CHARON_RESTORED, 0, 0);
	/* the attachment may be new (starts oper-down) or renamed */
	mcr_tun_report_attach(t, true);
	mcr_tun_want_charon();
	return 0;
}

static int mcr_tun_cfg_deleted(const char *name)
{
	struct mcr_tun *t = mcr_tun_lookup(name);

	if (!t)
		return 0;
	mcr_tun_ev(t, MCR_TEV_ADMIN_DOWN, 0, 0);
	t->cfg.attachment[0] = 0;
	mcr_tun_report_attach(t, true);
	mcr_tuns_del(&tr.tuns, t);
	mcr_tun_free(t);
	mcr_tun_want_charon();
	return 0;
}

static int mcr_tun_vici_cfg_changed(const char *path)
{
	mcr_vici_set_socket(path);
	return 0;
}

/* ------------------------------------------------------------------ */
/* VICI events */

static void mcr_tun_vici_connected(void)
{
	struct mcr_tun *t;

	frr_each (mcr_tuns, &tr.tuns, t)
		if (t->cfg.type == MCR_TUNNEL_IPSEC)
			mcr_tun_ev(t, MCR_TEV_CHARON_RESTORED, 0, 0);
}

static void mcr_tun_vici_lost(const char *why)
{
	struct mcr_tun *t;

	frr_each (mcr_tuns, &tr.tuns, t) {
		if (t->cfg.type != MCR_TUNNEL_IPSEC)
			continue;
		t->ike.valid = false;
		t->n_child = 0;
		t->resync = false;
		mcr_tun_ev(t, MCR_TEV_CHARON_LOST, 0, 0);
	}
}

/* Extra SA details (algorithms, rekey time) from the raw message. */
static void mcr_tun_algs(const struct mcr_vici_node *sec, char *encr,
			 char *integ, size_t size)
{
	const char *e = mcr_vici_node_get(sec, "encr-alg");
	const char *k = mcr_vici_node_get(sec, "encr-keysize");
	const char *i = mcr_vici_node_get(sec, "integ-alg");

	if (e)
		snprintf(encr, size, "%s%s%s", e, k ? "-" : "", k ? k : "");
	if (i)
		snprintf(integ, size, "%s", i);
}

static uint64_t mcr_tun_num(const struct mcr_vici_node *sec, const char *key)
{
	const char *s = mcr_vici_node_get(sec, key);

	return s ? strtoull(s, NULL, 10) : 0;
}

static const struct mcr_vici_node *
mcr_tun_child_node(const struct mcr_vici_node *ike, uint32_t uid)
{
	const struct mcr_vici_node *kids = mcr_vici_child(ike, "child-sas");

	for (const struct mcr_vici_node *c = kids ? kids->child : NULL; c;
	     c = c->next) {
		const struct mcr_vici_node *n = c;

		if (c->type != MCR_VICI_N_SECTION)
			continue;
		if (mcr_vici_child(c, "new"))
			n = mcr_vici_child(c, "new");
		if (mcr_tun_num(n, "uniqueid") == uid)
			return n;
	}
	return NULL;
}

static void mcr_tun_note_ike(struct mcr_tun *t, const struct mcr_vici_node *ike,
			     const struct mcr_vici_ike_info *ii)
{
	time_t now = mcr_now();
	const char *s;

	if (ike && mcr_vici_child(ike, "new"))
		ike = mcr_vici_child(ike, "new");
	t->ike.valid = true;
	t->ike.uid = ii->uniqueid;
	strlcpy(t->ike.state, ii->state, sizeof(t->ike.state));
	strlcpy(t->ike.local_host, ii->local_host, sizeof(t->ike.local_host));
	strlcpy(t->ike.remote_host, ii->remote_host,
		sizeof(t->ike.remote_host));
	t->ike.established_at =
		ii->has_established ? now - (time_t)ii->established : now;
	if (!ike)
		return;
	t->ike.version = mcr_tun_num(ike, "version");
	mcr_tun_algs(ike, t->ike.encr, t->ike.integ, sizeof(t->ike.encr));
	if ((s = mcr_vici_node_get(ike, "prf-alg")))
		strlcpy(t->ike.prf, s, sizeof(t->ike.prf));
	if ((s = mcr_vici_node_get(ike, "dh-group")))
		strlcpy(t->ike.dh, s, sizeof(t->ike.dh));
	t->ike.rekey_at = mcr_vici_node_get(ike, "rekey-time")
				  ? now + mcr_tun_num(ike, "rekey-time")
				  : 0;
}

static void mcr_tun_child_del(struct mcr_tun *t, uint32_t uid)
{
	for (unsigned i = 0; i < t->n_child; i++)
		if (t->child[i].uid == uid) {
			t->child[i] = t->child[--t->n_child];
			return;
		}
}

static void mcr_tun_note_child(struct mcr_tun *t,
			       const struct mcr_vici_node *ike,
			       const struct mcr_vici_child_info *ci)
{
	const struct mcr_vici_node *n = ike ? mcr_tun_child_node(ike, ci->uniqueid)
					    : NULL;
	struct mcr_tun_child *c = NULL;
	time_t now = mcr_now();

	for (unsigned i = 0; i < t->n_child; i++)
		if (t->child[i].uid == ci->uniqueid)
			c = &t->child[i];
	if (!c) {
		if (t->n_child >= MCR_TUNNEL_MAX_CHILD)
			return;
		c = &t->child[t->n_child++];
		memset(c, 0, sizeof(*c));
	}
	c->uid = ci->uniqueid;
	strlcpy(c->name, ci->name, sizeof(c->name));
	strlcpy(c->state, ci->state, sizeof(c->state));
	c->installed_at = now - ci->install_time;
	c->bytes_in = ci->bytes_in;
	c->bytes_out = ci->bytes_out;
	if (n) {
		mcr_tun_algs(n, c->encr, c->integ, sizeof(c->encr));
		c->packets_in = mcr_tun_num(n, "packets-in");
		c->packets_out = mcr_tun_num(n, "packets-out");
		c->rekey_at = mcr_vici_node_get(n, "rekey-time")
				      ? now + mcr_tun_num(n, "rekey-time")
				      : 0;
	}
}

static bool mcr_tun_installed(const struct mcr_vici_child_info *c)
{
	return !strcmp(c->state, "INSTALLED") || !c->state[0];
}

static void mcr_tun_vici_event(const struct mcr_vici_msg *m)
{
	struct mcr_vici_sa_event *ev;
	const struct mcr_vici_node *ike = NULL;
	struct mcr_errbuf eb;
	struct mcr_tun *t;
	enum mcr_err err;

	ev = XCALLOC(MTYPE_MCR_TUN_REQ, sizeof(*ev));
	err = mcr_vici_decode_sa_event(m, ev, &eb);
	if (err) {
		if (err != MCR_ENOENT)
			zlog_warn("VICI: %s", eb.msg);
		goto out;
	}
	t = mcr_tun_lookup(ev->ike.name);
	if (!t || t->cfg.type != MCR_TUNNEL_IPSEC) {
		MCR_DEBUG_TUNNEL("VICI: %s for unknown connection %s", m->name,
				 ev->ike.name);
		goto out;
	}
	for (const struct mcr_vici_node *c = m->root->child; c; c = c->next)
		if (c->type == MCR_VICI_N_SECTION) {
			ike = c;
			break;
		}

	switch (ev->type) {
	case MCR_VICI_EV_IKE_UPDOWN:
		if (ev->up) {
			mcr_tun_note_ike(t, ike, &ev->ike);
			mcr_tun_ev(t, MCR_TEV_IKE_UP, ev->ike.uniqueid, 0);
		} else {
			if (t->ike.uid == ev->ike.uniqueid)
				t->ike.valid = false;
			t->n_child = 0;
			mcr_tun_ev(t, MCR_TEV_IKE_DOWN, ev->ike.uniqueid, 0);
		}
		break;
	case MCR_VICI_EV_CHILD_UPDOWN:
		for (size_t i = 0; i < ev->n_children; i++) {
			const struct mcr_vici_child_info *c = &ev->children[i];

			if (ev->up && mcr_tun_installed(c)) {
				mcr_tun_note_child(t, ike, c);
				mcr_tun_ev(t, MCR_TEV_CHILD_UP, c->uniqueid, 0);
			} else if (!ev->up) {
				mcr_tun_child_del(t, c->uniqueid);
				mcr_tun_ev(t, MCR_TEV_CHILD_DOWN, c->uniqueid,
					   0);
			}
		}
		break;
	case MCR_VICI_EV_IKE_REKEY:
		mcr_tun_note_ike(t, ike, &ev->ike);
		mcr_tun_ev(t, MCR_TEV_IKE_REKEYED, ev->ike.uniqueid,
			   ev->old_ike_uniqueid);
		break;
	case MCR_VICI_EV_CHILD_REKEY:
		/* make-before-break: the new one first, then the old goes */
		mcr_tun_note_child(t, ike, &ev->children[0]);
		mcr_tun_child_del(t, ev->old_child.uniqueid);
		zlog_info("tunnel %s: CHILD SA rekeyed (#%u -> #%u)", t->name,
			  ev->old_child.uniqueid, ev->children[0].uniqueid);
		mcr_tun_ev(t, MCR_TEV_CHILD_REKEYED, ev->children[0].uniqueid,
			   ev->old_child.uniqueid);
		break;
	case MCR_VICI_EV_LIST_SA:
		if (!strcmp(ev->ike.state, "ESTABLISHED")) {
			mcr_tun_note_ike(t, ike, &ev->ike);
			if (t->resync && t->rs_n_ike < MCR_TUNNEL_MAX_IKE)
				t->rs_ike[t->rs_n_ike++] = ev->ike.uniqueid;
		}
		for (size_t i = 0; i < ev->n_children; i++) {
			const struct mcr_vici_child_info *c = &ev->children[i];

			if (!mcr_tun_installed(c) &&
			    strcmp(c->state, "REKEYING"))
				continue;
			mcr_tun_note_child(t, ike, c);
			if (t->resync && t->rs_n_child < MCR_TUNNEL_MAX_CHILD)
				t->rs_child[t->rs_n_child++] = c->uniqueid;
		}
		break;
	}
out:
	XFREE(MTYPE_MCR_TUN_REQ, ev);
}

/* Periodic list-sas: counters and SA details for show. */
static void mcr_tun_refresh_done(const struct mcr_vici_msg *m,
				 enum mcr_err err, const char *msg, void *arg)
{
	tr.refreshing = false;
}

static void mcr_tun_refresh(struct thread *th)
{
	struct mcr_vici_frame f = {};
	struct mcr_errbuf eb;
	struct mcr_tun *t;
	bool any = false, resync = false;

	thread_add_timer(tr.master, mcr_tun_refresh, NULL, MCR_TUN_REFRESH,
			 &tr.t_refresh);
	frr_each (mcr_tuns, &tr.tuns, t) {
		any |= t->cfg.type == MCR_TUNNEL_IPSEC && t->n_child;
		resync |= t->resync;
	}
	if (!any || resync || tr.refreshing || !mcr_vici_is_connected())
		return;
	if (mcr_vici_cmd_list_sas(NULL, false, &f, &eb))
		return;
	tr.refreshing = mcr_vici_submit(&f, "list-sas", mcr_tun_refresh_done,
					NULL);
}

/* ------------------------------------------------------------------ */
/* Links */

static void mcr_tun_link_event(const struct mcr_nl_link_info *li,
			       bool deleted)
{
	struct mcr_tun *t;

	frr_each (mcr_tuns, &tr.tuns, t) {
		if (t->dp == MCR_TUN_DP_LIBIPSEC) {
			if (!strcmp(li->name, "ipsec0") && !deleted &&
			    mcr_nl_link_is_up(li))
				mcr_tun_libipsec_inside(t);
			continue;
		}
		if (!mcr_tunnel_ifindex(t->sm) ||
		    mcr_tunnel_ifindex(t->sm) != li->ifindex)
			continue;
		if (deleted) {
			zlog_warn("tunnel %s: interface %s deleted", t->name,
				  li->name);
			mcr_tun_ev(t, MCR_TEV_LINK_DELETED, 0, 0);
		} else
			mcr_tun_ev(t, mcr_nl_link_is_up(li) ? MCR_TEV_LINK_UP
							    : MCR_TEV_LINK_DOWN,
				   0, 0);
	}
}

/* ------------------------------------------------------------------ */

static const struct mcr_vici_owner mcr_tun_vici_owner = {
	.connected = mcr_tun_vici_connected,
	.lost = mcr_tun_vici_lost,
	.event = mcr_tun_vici_event,
};

void mcr_tunnel_rt_init(struct thread_master *master)
{
	tr.master = master;
	mcr_tuns_init(&tr.tuns);
	mcr_netlink_init(master, mcr_tun_link_event);
	mcr_vici_init(master, &mcr_tun_vici_owner);
	hook_register(mcr_tunnel_cfg_changed, mcr_tun_cfg_changed);
	hook_register(mcr_tunnel_cfg_deleted, mcr_tun_cfg_deleted);
	hook_register(mcr_vici_cfg_changed, mcr_tun_vici_cfg_changed);
	hook_register(mcr_tunnel_oper_get, mcr_tun_oper_get);
	thread_add_timer(master, mcr_tun_refresh, NULL, MCR_TUN_REFRESH,
			 &tr.t_refresh);
}

void mcr_tunnel_rt_fini(void)
{
	struct mcr_tun *t;
	struct mcr_errbuf eb;

	THREAD_OFF(tr.t_refresh);
	mcr_vici_fini();
	while ((t = mcr_tuns_pop(&tr.tuns))) {
		if (mcr_tunnel_ifindex(t->sm))
			mcr_netlink_link_delete(mcr_tunnel_ifindex(t->sm), NULL,
						&eb);
		mcr_tun_free(t);
	}
	mcr_netlink_fini();
	mcr_tuns_fini(&tr.tuns);
}

static int mcr_tunnel_late_init(struct thread_master *master)
{
	mcr_tunnel_rt_init(master);
	mcr_tunnel_vty_init();
	/* the northbound runs mcr_vici_cfg_changed at start-up; until then
	 * its current value (the YANG default) */
	if (!mcr_vici_socket_path()[0])
		mcr_vici_set_socket(mcr_vici_socket());
	return 0;
}

static int mcr_tunnel_fini_hook(void)
{
	mcr_tunnel_rt_fini();
	return 0;
}

static void __attribute__((constructor)) mcr_tunnel_register(void)
{
	hook_register(frr_late_init, mcr_tunnel_late_init);
	hook_register(frr_fini, mcr_tunnel_fini_hook);
}
