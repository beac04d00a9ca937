/*
 * libmcr tunnel state machine (see mcr/tunnel.h).
 *
 * Events update facts; the state is a pure function of the facts
 * (derive()); actions are decided per event, plus one generic step that
 * loads the charon connection once the tunnel is ready for it.
 *
 * Transition table (facts changed -> actions; the resulting state follows
 * from derive()):
 *
 *   event            effect on facts                   actions
 *   ---------------  --------------------------------  ---------------------
 *   ADMIN_UP         admin=1                           CREATE_LINK if link
 *                                                      needed and absent;
 *                                                      generic step
 *   ADMIN_DOWN       admin=0, everything cleared       TERMINATE+UNLOAD_CONN
 *                                                      if conn loaded;
 *                                                      DELETE_LINK if any
 *   CONFIG_CHANGED   (admin up only) unsupp/failed     IPsec: TERMINATE if
 *                    cleared, SAs cleared, conn        loaded, generic step;
 *                    unloaded; link recreated          link: DELETE_LINK if
 *                                                      any + CREATE_LINK
 *   LINK_CREATED     link exists, ifindex              DELETE_LINK if admin
 *                                                      down (late reply)
 *   LINK_FAILED      EUNSUPP: unsupp=1, else failed=1; -
 *                    last error = reason
 *   LINK_UP          link oper up                      generic step
 *   LINK_DOWN        link oper down                    -
 *   LINK_DELETED     no link                           CREATE_LINK if admin
 *   IKE_UP           uid added to IKE set (dups ok)    -
 *   IKE_DOWN         uid removed; last IKE gone ->     -
 *                    CHILD set cleared
 *   IKE_REKEYED      new uid added, then old removed   -
 *   CHILD_UP         uid added to CHILD set (dups ok)  -
 *   CHILD_REKEYED    new uid added, then old removed   -
 *                    (make-before-break: never empty)
 *   CHILD_DOWN       uid removed (unknown uid: no-op)  -
 *   DPD_TIMEOUT      IKE and CHILD sets cleared,       -
 *                    last error "DPD timeout"
 *   CHARON_LOST      charon=0, SAs cleared, conn       -
 *                    unloaded, last error
 *   CHARON_RESTORED  charon=1, resync pending          LIST_SAS, generic
 *                                                      step (no INITIATE
 *                                                      while resyncing)
 *   RESYNC           sets replaced by list-sas result  INITIATE if admin,
 *                                                      conn loaded, no IKE
 *   CMD_FAILED       last error = reason; conn         -
 *                    unloaded (reloaded on RETRY)
 *   RETRY            failed=0 (not unsupp)             CREATE_LINK if link
 *                                                      needed and absent;
 *                                                      INITIATE if
 *                                                      CONNECTING; generic
 *
 *   generic step: IPsec, admin up, not unsupp/failed, link ready (or none),
 *   charon connected, conn not loaded -> LOAD_CONN (+ INITIATE unless a
 *   resync is pending); conn loaded.
 *
 * With the rule "attachment up <=> state UP", the table above gives:
 * rekeys, duplicate SAs and IKE rekeys never change the attachment; the
 * last CHILD_SA going, DPD, charon loss, link down and admin down take it
 * down.  Uptime is anchored at the event that entered UP.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "mcr/mem.h"
#include "mcr/tunnel.h"

/*
 * Invariant: ike[0..n_ike) and child[0..n_child) hold distinct uids;
 * link_up implies link_exists; conn_loaded implies charon (IPsec);
 * state == derive(t) between events.
 */
struct mcr_tunnel {
	char *name;
	enum mcr_tunnel_type type;
	bool with_link;

	bool admin;
	bool unsupp;	      /* kernel lacks the link type */
	bool link_failed;     /* other link creation error */
	bool link_requested;  /* CREATE_LINK issued, no answer yet */
	bool link_exists;
	bool link_up;
	uint32_t ifindex;
	bool charon;	      /* VICI connected */
	bool conn_loaded;     /* LOAD_CONN issued since charon/config */
	bool resync_pending;  /* LIST_SAS issued, RESYNC not yet seen */
	uint32_t ike[MCR_TUNNEL_MAX_IKE];
	size_t n_ike;
	uint32_t child[MCR_TUNNEL_MAX_CHILD];
	size_t n_child;

	enum mcr_tunnel_state state;
	uint64_t up_since;
	char last_error[MCR_TUNNEL_ERRLEN];
};

static const char *const state_names[MCR_TUN_STATE_MAX] = {
	[MCR_TUN_ADMIN_DOWN] = "admin-down",
	[MCR_TUN_KERNEL_UNSUPP] = "kernel-unsupported",
	[MCR_TUN_LINK_FAILED] = "link-failed",
	[MCR_TUN_LINK_WAIT] = "link-wait",
	[MCR_TUN_CHARON_WAIT] = "charon-wait",
	[MCR_TUN_CONNECTING] = "connecting",
	[MCR_TUN_ESTABLISHED] = "established",
	[MCR_TUN_UP] = "up",
};

const char *mcr_tunnel_state_name(enum mcr_tunnel_state s)
{
	return (unsigned)s < MCR_TUN_STATE_MAX ? state_names[s] : "?";
}

struct mcr_tunnel *mcr_tunnel_new(const char *name, enum mcr_tunnel_type type,
				  bool with_link)
{
	struct mcr_tunnel *t = mcr_calloc(MCR_MT_TUNNEL, 1, sizeof(*t));

	t->name = mcr_strdup(MCR_MT_TUNNEL, name);
	t->type = type;
	t->with_link = type == MCR_TUNNEL_GRE ? true : with_link;
	t->state = MCR_TUN_ADMIN_DOWN;
	return t;
}

void mcr_tunnel_free(struct mcr_tunnel *t)
{
	if (!t)
		return;
	mcr_strfree(MCR_MT_TUNNEL, t->name);
	mcr_free(MCR_MT_TUNNEL, t, sizeof(*t));
}

static enum mcr_tunnel_state derive(const struct mcr_tunnel *t)
{
	if (!t->admin)
		return MCR_TUN_ADMIN_DOWN;
	if (t->unsupp)
		return MCR_TUN_KERNEL_UNSUPP;
	if (t->link_failed)
		return MCR_TUN_LINK_FAILED;
	if (t->with_link && !(t->link_exists && t->link_up))
		return MCR_TUN_LINK_WAIT;
	if (t->type == MCR_TUNNEL_GRE)
		return MCR_TUN_UP;
	if (!t->charon)
		return MCR_TUN_CHARON_WAIT;
	if (t->n_child)
		return MCR_TUN_UP;
	if (t->n_ike)
		return MCR_TUN_ESTABLISHED;
	return MCR_TUN_CONNECTING;
}

/* uid sets */
static void set_add(uint32_t *set, size_t *n, size_t max, uint32_t uid)
{
	for (size_t i = 0; i < *n; i++)
		if (set[i] == uid)
			return;
	if (*n < max)
		set[(*n)++] = uid;
}

static void set_del(uint32_t *set, size_t *n, uint32_t uid)
{
	for (size_t i = 0; i < *n; i++)
		if (set[i] == uid) {
			set[i] = set[--*n];
			return;
		}
}

/* last_error = @prefix @msg */
static void set_error(struct mcr_tunnel *t, struct mcr_tunnel_delta *d,
		      const char *prefix, const char *msg)
{
	char buf[MCR_TUNNEL_ERRLEN];

	snprintf(buf, sizeof(buf), "%s%s", prefix, msg);
	if (strcmp(buf, t->last_error)) {
		memcpy(t->last_error, buf, sizeof(buf));
		d->error_changed = true;
	}
}

static void clear_sas(struct mcr_tunnel *t)
{
	t->n_ike = 0;
	t->n_child = 0;
}

static bool link_ready(const struct mcr_tunnel *t)
{
	return !t->with_link || (t->link_exists && t->link_up);
}

/* Ask for the link if it is needed and neither there nor asked for. */
static void want_link(struct mcr_tunnel *t, struct mcr_tunnel_delta *d)
{
	if (t->admin && t->with_link && !t->unsupp && !t->link_failed &&
	    !t->link_exists && !t->link_requested) {
		d->actions |= MCR_TACT_CREATE_LINK;
		t->link_requested = true;
	}
}

static void generic_step(struct mcr_tunnel *t, struct mcr_tunnel_delta *d)
{
	if (t->type != MCR_TUNNEL_IPSEC || !t->admin || t->unsupp ||
	    t->link_failed || !link_ready(t) || !t->charon || t->conn_loaded)
		return;
	d->actions |= MCR_TACT_LOAD_CONN;
	if (!t->resync_pending)
		d->actions |= MCR_TACT_INITIATE;
	t->conn_loaded = true;
}

static bool applies(const struct mcr_tunnel *t, enum mcr_tunnel_evtype e)
{
	switch (e) {
	case MCR_TEV_LINK_CREATED:
	case MCR_TEV_LINK_FAILED:
	case MCR_TEV_LINK_UP:
	case MCR_TEV_LINK_DOWN:
	case MCR_TEV_LINK_DELETED:
		return t->with_link;
	case MCR_TEV_IKE_UP:
	case MCR_TEV_IKE_DOWN:
	case MCR_TEV_IKE_REKEYED:
	case MCR_TEV_CHILD_UP:
	case MCR_TEV_CHILD_REKEYED:
	case MCR_TEV_CHILD_DOWN:
	case MCR_TEV_DPD_TIMEOUT:
	case MCR_TEV_CHARON_LOST:
	case MCR_TEV_CHARON_RESTORED:
	case MCR_TEV_RESYNC:
	case MCR_TEV_CMD_FAILED:
		return t->type == MCR_TUNNEL_IPSEC;
	default:
		return (unsigned)e < MCR_TEV_MAX;
	}
}

enum mcr_err mcr_tunnel_event(struct mcr_tunnel *t,
			      const struct mcr_tunnel_event *ev,
			      struct mcr_tunnel_delta *d,
			      struct mcr_errbuf *eb)
{
	bool was_up = t->state == MCR_TUN_UP;

	memset(d, 0, sizeof(*d));
	d->old_state = d->new_state = t->state;
	d->attach_up = was_up;
	if (!applies(t, ev->type))
		return mcr_error(eb, MCR_EINVAL,
				 "tunnel %s: event %u does not apply to a %s tunnel%s",
				 t->name, (unsigned)ev->type,
				 t->type == MCR_TUNNEL_GRE ? "GRE" : "IPsec",
				 t->with_link ? "" : " without link");
	if (ev->type == MCR_TEV_RESYNC &&
	    ((ev->n_ike && !ev->ike_uids) || (ev->n_child && !ev->child_uids)))
		return mcr_error(eb, MCR_EINVAL, "tunnel %s: RESYNC without ids",
				 t->name);

	switch (ev->type) {
	case MCR_TEV_ADMIN_UP:
		t->admin = true;
		want_link(t, d);
		generic_step(t, d);
		break;
	case MCR_TEV_ADMIN_DOWN:
		if (!t->admin)
			break;
		if (t->conn_loaded)
			d->actions |= MCR_TACT_TERMINATE | MCR_TACT_UNLOAD_CONN;
		if (t->link_exists || t->link_requested)
			d->actions |= MCR_TACT_DELETE_LINK;
		t->admin = false;
		t->unsupp = t->link_failed = false;
		t->link_requested = t->link_exists = t->link_up = false;
		t->ifindex = 0;
		t->conn_loaded = false;
		t->resync_pending = false;
		clear_sas(t);
		break;
	case MCR_TEV_CONFIG_CHANGED:
		if (!t->admin)
			break;
		t->unsupp = t->link_failed = false;
		if (t->type == MCR_TUNNEL_IPSEC && t->conn_loaded)
			d->actions |= MCR_TACT_TERMINATE;
		t->conn_loaded = false;
		clear_sas(t);
		if (t->with_link) {
			if (t->link_exists || t->link_requested)
				d->actions |= MCR_TACT_DELETE_LINK;
			t->link_requested = t->link_exists = t->link_up = false;
			t->ifindex = 0;
			want_link(t, d);
		}
		generic_step(t, d);
		break;
	case MCR_TEV_LINK_CREATED:
		t->link_requested = false;
		t->link_exists = true;
		t->ifindex = ev->ifindex;
		if (!t->admin) {
			d->actions |= MCR_TACT_DELETE_LINK;
			t->link_exists = false;
			t->ifindex = 0;
		}
		break;
	case MCR_TEV_LINK_FAILED:
		t->link_requested = false;
		if (!t->admin)
			break;
		if (ev->err == MCR_EUNSUPP)
			t->unsupp = true;
		else
			t->link_failed = true;
		set_error(t, d, "",
			  ev->reason && ev->reason[0]
				  ? ev->reason
				  : (ev->err == MCR_EUNSUPP
					     ? "kernel lacks support for the link type"
					     : "link creation failed"));
		break;
	case MCR_TEV_LINK_UP:
		if (!t->link_exists)
			break;
		t->link_up = true;
		generic_step(t, d);
		break;
	case MCR_TEV_LINK_DOWN:
		t->link_up = false;
		break;
	case MCR_TEV_LINK_DELETED:
		t->link_exists = t->link_up = false;
		t->ifindex = 0;
		if (t->admin)
			set_error(t, d, "", "link deleted outside mcrouted");
		want_link(t, d);
		break;
	case MCR_TEV_IKE_UP:
		set_add(t->ike, &t->n_ike, MCR_TUNNEL_MAX_IKE, ev->uid);
		break;
	case MCR_TEV_IKE_DOWN:
		set_del(t->ike, &t->n_ike, ev->uid);
		if (!t->n_ike)
			t->n_child = 0;
		break;
	case MCR_TEV_IKE_REKEYED:
		set_add(t->ike, &t->n_ike, MCR_TUNNEL_MAX_IKE, ev->uid);
		if (ev->old_uid != ev->uid)
			set_del(t->ike, &t->n_ike, ev->old_uid);
		break;
	case MCR_TEV_CHILD_UP:
		set_add(t->child, &t->n_child, MCR_TUNNEL_MAX_CHILD, ev->uid);
		break;
	case MCR_TEV_CHILD_REKEYED:
		set_add(t->child, &t->n_child, MCR_TUNNEL_MAX_CHILD, ev->uid);
		if (ev->old_uid != ev->uid)
			set_del(t->child, &t->n_child, ev->old_uid);
		break;
	case MCR_TEV_CHILD_DOWN:
		set_del(t->child, &t->n_child, ev->uid);
		break;
	case MCR_TEV_DPD_TIMEOUT:
		clear_sas(t);
		set_error(t, d, "", "DPD timeout: peer not responding");
		break;
	case MCR_TEV_CHARON_LOST:
		t->charon = false;
		t->conn_loaded = false;
		t->resync_pending = false;
		clear_sas(t);
		set_error(t, d, "", "lost the VICI connection to charon");
		break;
	case MCR_TEV_CHARON_RESTORED:
		t->charon = true;
		if (t->admin) {
			t->resync_pending = true;
			d->actions |= MCR_TACT_LIST_SAS;
		}
		generic_step(t, d);
		break;
	case MCR_TEV_RESYNC:
		t->resync_pending = false;
		clear_sas(t);
		for (size_t i = 0; i < ev->n_ike; i++)
			set_add(t->ike, &t->n_ike, MCR_TUNNEL_MAX_IKE,
				ev->ike_uids[i]);
		for (size_t i = 0; i < ev->n_child; i++)
			set_add(t->child, &t->n_child, MCR_TUNNEL_MAX_CHILD,
				ev->child_uids[i]);
		if (t->admin && t->conn_loaded && !t->n_ike)
			d->actions |= MCR_TACT_INITIATE;
		break;
	case MCR_TEV_CMD_FAILED:
		t->conn_loaded = false;
		set_error(t, d, "charon: ",
			  ev->reason && ev->reason[0] ? ev->reason
						      : "command failed");
		break;
	case MCR_TEV_RETRY:
		t->link_failed = false;
		want_link(t, d);
		if (t->type == MCR_TUNNEL_IPSEC && t->admin &&
		    t->conn_loaded && !t->resync_pending && !t->n_ike &&
		    link_ready(t) && t->charon)
			d->actions |= MCR_TACT_INITIATE;
		generic_step(t, d);
		break;
	default:
		break;
	}

	t->state = derive(t);
	MCR_ASSERT(!t->link_up || t->link_exists);
	d->new_state = t->state;
	d->attach_up = t->state == MCR_TUN_UP;
	d->attach_changed = d->attach_up != was_up;
	if (d->attach_changed)
		t->up_since = d->attach_up ? ev->now : 0;
	return MCR_OK;
}

const char *mcr_tunnel_name(const struct mcr_tunnel *t)
{
	return t->name;
}

enum mcr_tunnel_state mcr_tunnel_state(const struct mcr_tunnel *t)
{
	return t->state;
}

bool mcr_tunnel_attach_up(const struct mcr_tunnel *t)
{
	return t->state == MCR_TUN_UP;
}

const char *mcr_tunnel_last_error(const struct mcr_tunnel *t)
{
	return t->last_error;
}

uint64_t mcr_tunnel_up_since(const struct mcr_tunnel *t)
{
	return t->up_since;
}

uint32_t mcr_tunnel_ifindex(const struct mcr_tunnel *t)
{
	return t->ifindex;
}

size_t mcr_tunnel_n_ike(const struct mcr_tunnel *t)
{
	return t->n_ike;
}

size_t mcr_tunnel_n_child(const struct mcr_tunnel *t)
{
	return t->n_child;
}
