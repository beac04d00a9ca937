/*
 * libmcr tunnel state machine: one per configured tunnel (IPsec through
 * charon, optionally over an XFRM interface; or GRE), driven by events
 * from the glue (config, netlink, VICI, timers) and answering with deltas:
 * the attachment going up or down for the routing core, and the actions
 * the glue must perform (create/delete the kernel link, load-conn,
 * initiate, terminate, list-sas).  No I/O, no clock: the glue passes the
 * time in each event.
 *
 * Routes follow the data plane: the attachment is up only in state
 * MCR_TUN_UP.  For IPsec that means at least one CHILD_SA installed, and
 * the XFRM link up when there is one.  CHILD_SAs are tracked by charon's
 * unique id as a set, so a make-before-break rekey (new installed, then
 * old deleted) and duplicate SAs never take the attachment down.
 *
 * The state is derived from facts the events set (see lib/tunnel.c for
 * the transition table):
 *
 *   !admin                                       -> ADMIN_DOWN
 *   kernel said the link type is unsupported     -> KERNEL_UNSUPP
 *   link creation failed otherwise               -> LINK_FAILED
 *   link needed and not (created and oper up)    -> LINK_WAIT
 *   GRE                                          -> UP
 *   no VICI connection to charon                 -> CHARON_WAIT
 *   >= 1 CHILD_SA installed                      -> UP
 *   >= 1 IKE_SA established                      -> ESTABLISHED
 *   otherwise                                    -> CONNECTING
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MCR_TUNNEL_H
#define MCR_TUNNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mcr/error.h"

enum mcr_tunnel_type {
	MCR_TUNNEL_IPSEC, /* charon; with_link: an XFRM interface */
	MCR_TUNNEL_GRE,	  /* kernel GRE link, always with_link */
};

enum mcr_tunnel_state {
	MCR_TUN_ADMIN_DOWN,
	MCR_TUN_KERNEL_UNSUPP,
	MCR_TUN_LINK_FAILED,
	MCR_TUN_LINK_WAIT,
	MCR_TUN_CHARON_WAIT,
	MCR_TUN_CONNECTING,
	MCR_TUN_ESTABLISHED,
	MCR_TUN_UP,
	MCR_TUN_STATE_MAX,
};

enum mcr_tunnel_evtype {
	MCR_TEV_ADMIN_UP,
	MCR_TEV_ADMIN_DOWN,
	MCR_TEV_CONFIG_CHANGED,
	MCR_TEV_LINK_CREATED,	/* ifindex */
	MCR_TEV_LINK_FAILED,	/* err (MCR_EUNSUPP: kernel lacks it), reason */
	MCR_TEV_LINK_UP,	/* oper up */
	MCR_TEV_LINK_DOWN,	/* oper down */
	MCR_TEV_LINK_DELETED,	/* removed behind our back */
	MCR_TEV_IKE_UP,		/* uid */
	MCR_TEV_IKE_DOWN,	/* uid */
	MCR_TEV_IKE_REKEYED,	/* old_uid -> uid */
	MCR_TEV_CHILD_UP,	/* uid: CHILD_SA installed */
	MCR_TEV_CHILD_REKEYED,	/* old_uid -> uid */
	MCR_TEV_CHILD_DOWN,	/* uid: CHILD_SA deleted */
	MCR_TEV_DPD_TIMEOUT,
	MCR_TEV_CHARON_LOST,
	MCR_TEV_CHARON_RESTORED,
	MCR_TEV_RESYNC,		/* ike_uids/child_uids: what list-sas found */
	MCR_TEV_CMD_FAILED,	/* reason: a VICI command for us failed */
	MCR_TEV_RETRY,		/* the glue's retry timer fired */
	MCR_TEV_MAX,
};

struct mcr_tunnel_event {
	enum mcr_tunnel_evtype type;
	uint64_t now;		/* glue's monotonic clock, seconds */
	uint32_t uid;		/* IKE/CHILD unique id */
	uint32_t old_uid;	/* rekeys: the replaced SA */
	uint32_t ifindex;	/* LINK_CREATED */
	enum mcr_err err;	/* LINK_FAILED */
	const char *reason;	/* LINK_FAILED, CMD_FAILED (copied) */
	const uint32_t *ike_uids; /* RESYNC */
	size_t n_ike;
	const uint32_t *child_uids;
	size_t n_child;
};

/* Actions for the glue, as bits of mcr_tunnel_delta.actions, to be done
 * in this order: */
enum {
	MCR_TACT_TERMINATE = 1 << 0,   /* terminate ike=<name> */
	MCR_TACT_UNLOAD_CONN = 1 << 1, /* unload-conn + unload-shared */
	MCR_TACT_DELETE_LINK = 1 << 2, /* RTM_DELLINK */
	MCR_TACT_CREATE_LINK = 1 << 3, /* RTM_NEWLINK + addresses + up */
	MCR_TACT_LOAD_CONN = 1 << 4,   /* load-shared + load-conn */
	MCR_TACT_LIST_SAS = 1 << 5,    /* list-sas ike=<name>, then RESYNC */
	MCR_TACT_INITIATE = 1 << 6,    /* initiate child, timeout -1 */
};

struct mcr_tunnel_delta {
	enum mcr_tunnel_state old_state, new_state;
	bool attach_changed; /* the attachment went up or down */
	bool attach_up;	     /* its state now */
	unsigned actions;    /* MCR_TACT_* */
	bool error_changed;  /* mcr_tunnel_last_error() changed */
};

/* Limits on tracked SAs (duplicates included); extra ones are ignored. */
#define MCR_TUNNEL_MAX_IKE 8
#define MCR_TUNNEL_MAX_CHILD 16
#define MCR_TUNNEL_ERRLEN 128

struct mcr_tunnel;

/*
 * New tunnel, admin down.  @with_link: an IPsec tunnel over an XFRM
 * interface the glue creates (ignored for GRE: always true).  @name is
 * copied.  O(1), never fails.
 */
struct mcr_tunnel *mcr_tunnel_new(const char *name, enum mcr_tunnel_type type,
				  bool with_link);
void mcr_tunnel_free(struct mcr_tunnel *t);

/*
 * Apply one event and fill @d.  MCR_EINVAL (state unchanged, @d zeroed
 * with old_state == new_state) for an unknown event or one that does not
 * apply to this tunnel type (IKE/CHILD/charon events on GRE, link events
 * on an IPsec tunnel without link).  O(MCR_TUNNEL_MAX_CHILD).
 */
enum mcr_err mcr_tunnel_event(struct mcr_tunnel *t,
			      const struct mcr_tunnel_event *ev,
			      struct mcr_tunnel_delta *d,
			      struct mcr_errbuf *eb);

const char *mcr_tunnel_name(const struct mcr_tunnel *t);
enum mcr_tunnel_state mcr_tunnel_state(const struct mcr_tunnel *t);
bool mcr_tunnel_attach_up(const struct mcr_tunnel *t);
/* "" if none yet; kept after recovery ("last" error). */
const char *mcr_tunnel_last_error(const struct mcr_tunnel *t);
/* Time (event clock) the tunnel last entered UP; 0 when not UP. */
uint64_t mcr_tunnel_up_since(const struct mcr_tunnel *t);
uint32_t mcr_tunnel_ifindex(const struct mcr_tunnel *t);
size_t mcr_tunnel_n_ike(const struct mcr_tunnel *t);
size_t mcr_tunnel_n_child(const struct mcr_tunnel *t);
/* "admin-down", "kernel-unsupported", ..., "up". */
const char *mcr_tunnel_state_name(enum mcr_tunnel_state s);

#endif /* MCR_TUNNEL_H */
