/*
 * mcrouted: tunnel runtime.  One struct mcr_tun per configured tunnel,
 * wrapping libmcr's state machine (mcr/tunnel.h): configuration (hooks of
 * mcr_tunnel_cfg.h), VICI events (mcr_vici.c) and link notifications
 * (mcr_netlink.c) go in as events; the machine's deltas come out as VICI
 * commands, rtnetlink requests and the attachment's oper state in the
 * routing core (mcr_core_attach_oper), so that a tunnel's routes leave
 * every table when it goes down and return when it comes back.
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#ifndef _MCR_TUNNEL_H
#define _MCR_TUNNEL_H

#include "debug.h"
#include "typesafe.h"

#include "mcr/tunnel.h"

#include "mcr_tunnel_cfg.h"

extern struct debug mcr_dbg_tunnel;

#define MCR_DEBUG_TUNNEL(fmt, ...)                                             \
	DEBUGD(&mcr_dbg_tunnel, "MCR-TUNNEL: " fmt, ##__VA_ARGS__)

struct thread_master;
struct vty;

/* How an IPsec tunnel's packets get to the kernel. */
enum mcr_tun_dataplane {
	MCR_TUN_DP_XFRM,     /* xfrm interface created by mcrouted (if_id) */
	MCR_TUN_DP_LIBIPSEC, /* no xfrm interfaces: charon's ipsec0 TUN */
	MCR_TUN_DP_GRE,	     /* kernel GRE link created by mcrouted */
};

/* What list-sa / the up events told about one CHILD_SA (no SPIs). */
struct mcr_tun_child {
	uint32_t uid;
	char name[64];
	char state[32];
	char encr[48];
	char integ[48];
	time_t installed_at; /* monotonic seconds */
	time_t rekey_at;     /* 0 unknown */
	uint64_t bytes_in, bytes_out, packets_in, packets_out;
};

struct mcr_tun_ike {
	bool valid;
	uint32_t uid;
	char state[32];
	uint8_t version;
	char local_host[48], remote_host[48];
	char encr[48], integ[48], prf[48], dh[48];
	time_t established_at; /* monotonic seconds */
	time_t rekey_at;
};

PREDECL_RBTREE_UNIQ(mcr_tuns);

#define MCR_TUN_EVQ 16

/*
 * Invariant: name == cfg.name == mcr_tunnel_name(sm); sm's type matches
 * cfg.type; if_id is unique among tunnels with the xfrm data plane;
 * attach_reported names the attachment whose oper state we last set.
 */
struct mcr_tun {
	struct mcr_tuns_item item;
	char name[MCR_NAME_MAX];
	struct mcr_tunnel_cfg cfg;
	struct mcr_tunnel *sm;
	enum mcr_tun_dataplane dp;
	uint32_t if_id;
	uint32_t gen; /* bumped on config change: stale answers ignored */

	/* SA details for show */
	struct mcr_tun_ike ike;
	struct mcr_tun_child child[MCR_TUNNEL_MAX_CHILD];
	unsigned n_child;

	/* list-sas resync in progress */
	bool resync;
	uint32_t rs_ike[MCR_TUNNEL_MAX_IKE];
	size_t rs_n_ike;
	uint32_t rs_child[MCR_TUNNEL_MAX_CHILD];
	size_t rs_n_child;

	/* events raised while actions run, processed afterwards */
	bool busy;
	struct mcr_tunnel_event evq[MCR_TUN_EVQ];
	char evq_reason[MCR_TUN_EVQ][MCR_TUNNEL_ERRLEN];
	unsigned evq_n;

	time_t last_error_time; /* wall clock, 0 none */
	time_t initiated_at;	/* monotonic, last INITIATE sent */
	unsigned retry_s;	/* current retry backoff */
	struct thread *t_retry;

	char attach_reported[MCR_NAME_MAX];
	bool attach_reported_up;
	bool inside_on_ipsec0;	/* libipsec: inside address added */
};

void mcr_tunnel_rt_init(struct thread_master *master);
void mcr_tunnel_rt_fini(void);

/* Lookup and walk for show and the northbound state callbacks. */
const struct mcr_tun *mcr_tun_find(const char *name);
int mcr_tun_walk(int (*cb)(const struct mcr_tun *t, void *arg), void *arg);

/* YANG oper-status ("up", "connecting", "down", "unsupported") and the
 * 'reason' text ("" when up). */
const char *mcr_tun_oper_status(const struct mcr_tun *t);
void mcr_tun_reason(const struct mcr_tun *t, char *buf, size_t size);
const char *mcr_tun_dataplane_name(enum mcr_tun_dataplane dp);
uint64_t mcr_tun_uptime(const struct mcr_tun *t);
/* The interface carrying the tunnel ("ipsec0" for kernel-libipsec). */
const char *mcr_tun_ifname(const struct mcr_tun *t);
/* Seconds since / until a monotonic time (0 when unknown or past). */
uint64_t mcr_tun_ago(time_t at);
uint64_t mcr_tun_until(time_t at);
void mcr_tun_bytes(const struct mcr_tun *t, uint64_t *in, uint64_t *out);

/* mcr_tunnel_vty.c */
void mcr_tunnel_vty_init(void);

#endif /* _MCR_TUNNEL_H */
