/*
 * libmcr pipeline: the top-level handle (struct mcr_core) that owns the
 * attachments, route tables and exports, takes route and config events in
 * and returns ordered deltas.
 *
 * Route event from attachment A for prefix p (add/update or withdraw):
 *   1. filters: bogons (covered by a bogon prefix; defaults in
 *      MCR_BOGONS_DEFAULT), default route (p.len == 0) per the profile's
 *      policy, else the profile's prefix-length range;
 *   2. approval: with MCR_APPROVAL_MANUAL a prefix not approved stays
 *      pending; approvals are remembered (also across withdrawals);
 *   3. inbound limit, per family, counted over accepted routes:
 *      warn         -- accept; MCR_D_LIMIT_WARNING when the count reaches
 *                      warn_pct of the limit, MCR_D_LIMIT_EXCEEDED when it
 *                      goes over it (once per crossing);
 *      drop-excess  -- a route not yet accepted is refused (MCR_R_LIMIT)
 *                      when the limit is reached; accepted ones stay.  A
 *                      refused route is reconsidered when re-announced or
 *                      when the attachment is re-evaluated (config change,
 *                      mcr_core_attach_clear), in arrival order;
 *      withdraw-all -- when the routes passing steps 1-2 exceed the limit
 *                      all are refused (MCR_R_LIMIT) and the attachment is
 *                      tripped; it un-trips only when they are back at or
 *                      under the limit, so it never oscillates;
 *   4. overlap: accepted routes of attachments up, from different
 *      attachments not in the same redundancy group, whose prefixes are
 *      equal or nested, are recorded as conflicts (MCR_D_CONFLICT_*); each
 *      table resolves them by its policy (mcr/rtable.h);
 *   5. propagation into A's tables (when A is admin and oper up) and
 *      selection (mcr/rtable.h);
 *   6. exports of the attachments associated with changed tables
 *      (mcr/export.h).
 * Config events re-evaluate what they affect, in the same order.
 *
 * Deltas of one call, in order: refusals / pending / limit / conflict
 * events as decided; then table installs and withdrawals (per table in
 * name order, prefixes in order); then export changes.  Only changes are
 * emitted.  Every call either succeeds or returns MCR_E* with a message
 * and leaves the state (and @out) unchanged.
 *
 * Batches: between mcr_core_batch_begin and _end, summarized exports are
 * recomputed once, at _end, instead of after each event.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MCR_PIPELINE_H
#define MCR_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mcr/attach.h"
#include "mcr/error.h"
#include "mcr/export.h"
#include "mcr/prefix.h"
#include "mcr/profile.h"
#include "mcr/rtable.h"

/* Default bogon list (IPv4 and IPv6), installed by mcr_core_new. */
#define MCR_BOGONS_DEFAULT                                                     \
	"0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "192.0.0.0/24",          \
		"192.0.2.0/24", "198.18.0.0/15", "198.51.100.0/24",            \
		"203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4", "::/8",        \
		"2001:db8::/32", "fe80::/10", "ff00::/8"

/* Entries of history kept per prefix (ring buffer). */
#define MCR_HISTORY_LEN 8

enum mcr_delta_type {
	MCR_D_ROUTE_INSTALL = 0, /* table, kernel_id, prefix, kind, nh */
	MCR_D_ROUTE_WITHDRAW,	/* table, kernel_id, prefix */
	MCR_D_EXPORT_ADD,	/* attach, prefix, summary */
	MCR_D_EXPORT_DEL,	/* attach, prefix */
	MCR_D_EXPORT_STATUS,	/* attach, family, summary, reason!=NONE
				 * if failed, msg */
	MCR_D_CONFLICT_FOUND,	/* attach/prefix vs other_attach/other_prefix */
	MCR_D_CONFLICT_RESOLVED,
	MCR_D_LIMIT_WARNING,	/* attach, family, count, limit */
	MCR_D_LIMIT_EXCEEDED,
	MCR_D_LIMIT_CLEARED,	/* back under warn_pct */
	MCR_D_PENDING_ADD,	/* attach, prefix waits for approval */
	MCR_D_PENDING_DEL,	/* no longer pending (approved, withdrawn) */
	MCR_D_REFUSED,		/* attach, prefix, reason (new refusal) */
	MCR_D_ACCEPTED,		/* attach, prefix: refused before, now ok */
	MCR_D_TYPE_MAX,
};

/* A resolved nexthop: the attachment and an address (family 0 = none:
 * a static route without nexthop, use the attachment's interface). */
struct mcr_nexthop {
	const char *attach;
	struct mcr_addr addr;
};

/*
 * Invariant: names (table, attach, other_attach) are interned by the core
 * and stay valid until mcr_core_free; nh and msg point into the owning
 * struct mcr_deltas and stay valid until mcr_deltas_reset/_fini.
 */
/* (fields ordered by size: less padding, less to zero per delta) */
struct mcr_delta {
	const char *table;	/* ROUTE_* */
	const char *attach;
	const struct mcr_nexthop *nh; /* ROUTE_INSTALL */
	const char *other_attach; /* CONFLICT_* */
	const char *msg;	/* EXPORT_STATUS: reason text, else NULL */
	enum mcr_delta_type type;
	uint32_t kernel_id;
	enum mcr_route_kind kind; /* ROUTE_INSTALL */
	unsigned nnh;
	uint32_t metric, tag;	/* ROUTE_INSTALL: of the first route */
	enum mcr_reason reason;
	uint32_t count, limit;	/* LIMIT_* */
	struct mcr_prefix prefix;
	struct mcr_prefix other_prefix; /* CONFLICT_* */
	uint8_t family;
	bool summary;		/* EXPORT_ADD / EXPORT_STATUS */
};

struct mcr_deltas_chunk;
struct mcr_deltas {
	struct mcr_delta *v;
	size_t n, cap;
	struct mcr_deltas_chunk *chunks;
};

void mcr_deltas_init(struct mcr_deltas *d);
/* Drop all deltas, keep the buffers. */
void mcr_deltas_reset(struct mcr_deltas *d);
void mcr_deltas_fini(struct mcr_deltas *d);
const char *mcr_delta_type_name(enum mcr_delta_type t);
/* One line "route-install t1 10.0.0.0/8 propagated via a1 192.0.2.1"
 * (used by scenario tests and debug logs). */
const char *mcr_delta_format(const struct mcr_delta *d, char *buf,
			     size_t size);

enum mcr_route_op {
	MCR_ROUTE_ADD = 0,	/* add or update */
	MCR_ROUTE_WITHDRAW,
};

struct mcr_route_event {
	enum mcr_route_op op;
	const char *attach;
	struct mcr_prefix prefix;	/* must be canonical */
	const struct mcr_addr *nh;	/* 1..MCR_NH_MAX of prefix's family */
	size_t nnh;			/* (ignored for withdraw) */
	uint32_t metric;
	uint32_t tag;
};

struct mcr_core;

/* New core with the default bogons. Never fails. */
struct mcr_core *mcr_core_new(void);
/* Free everything (no deltas). O(n). */
void mcr_core_free(struct mcr_core *c);

void mcr_core_batch_begin(struct mcr_core *c);
void mcr_core_batch_end(struct mcr_core *c, struct mcr_deltas *out);

/* Route event. MCR_ENOENT unknown attachment, MCR_EINVAL bad prefix or
 * nexthops, withdraw of a prefix not received is MCR_ENOENT.  Cost: O(W *
 * tables) plus overlapping prefixes under non-report policies. */
enum mcr_err mcr_core_route(struct mcr_core *c,
			    const struct mcr_route_event *ev,
			    struct mcr_deltas *out, struct mcr_errbuf *eb);

/* Tables.  add: MCR_EINVAL bad name, MCR_EEXIST name or kernel id taken;
 * del: MCR_ENOENT, MCR_ECONFLICT if an attachment still refers to it. */
enum mcr_err mcr_core_table_add(struct mcr_core *c, const char *name,
				uint32_t kernel_id, struct mcr_deltas *out,
				struct mcr_errbuf *eb);
enum mcr_err mcr_core_table_del(struct mcr_core *c, const char *name,
				struct mcr_deltas *out, struct mcr_errbuf *eb);
enum mcr_err mcr_core_table_set_kernel_id(struct mcr_core *c,
					  const char *name, uint32_t kernel_id,
					  struct mcr_deltas *out,
					  struct mcr_errbuf *eb);
enum mcr_err mcr_core_table_set_ecmp(struct mcr_core *c, const char *name,
				     bool ecmp, struct mcr_deltas *out,
				     struct mcr_errbuf *eb);
enum mcr_err mcr_core_table_set_policy(struct mcr_core *c, const char *name,
				       enum mcr_conflict_policy p,
				       struct mcr_deltas *out,
				       struct mcr_errbuf *eb);
enum mcr_err mcr_core_table_protect(struct mcr_core *c, const char *name,
				    const struct mcr_prefix *p, bool add,
				    struct mcr_deltas *out,
				    struct mcr_errbuf *eb);
/* Static route in @table to @attach (optional @nh of p's family). */
enum mcr_err mcr_core_static_set(struct mcr_core *c, const char *table,
				 const struct mcr_prefix *p,
				 const char *attach, const struct mcr_addr *nh,
				 struct mcr_deltas *out,
				 struct mcr_errbuf *eb);
enum mcr_err mcr_core_blackhole_set(struct mcr_core *c, const char *table,
				    const struct mcr_prefix *p,
				    struct mcr_deltas *out,
				    struct mcr_errbuf *eb);
/* Remove the static or blackhole route at @p. */
enum mcr_err mcr_core_static_del(struct mcr_core *c, const char *table,
				 const struct mcr_prefix *p,
				 struct mcr_deltas *out,
				 struct mcr_errbuf *eb);

/* Attachments.  add: MCR_EEXIST, MCR_EINVAL (config), MCR_ENOENT (a
 * named table does not exist).  set replaces the whole config (profile,
 * limits, association, propagations, group, preference, approval, admin
 * state) and re-evaluates.  del: MCR_ECONFLICT while a static route
 * points at it; its routes and export are withdrawn. */
enum mcr_err mcr_core_attach_add(struct mcr_core *c, const char *name,
				 const struct mcr_attach_config *cfg,
				 struct mcr_deltas *out,
				 struct mcr_errbuf *eb);
enum mcr_err mcr_core_attach_set(struct mcr_core *c, const char *name,
				 const struct mcr_attach_config *cfg,
				 struct mcr_deltas *out,
				 struct mcr_errbuf *eb);
enum mcr_err mcr_core_attach_del(struct mcr_core *c, const char *name,
				 struct mcr_deltas *out,
				 struct mcr_errbuf *eb);
/* Operational state (BGP session / tunnel / SA up or down).  Down: its
 * routes leave every table (kept in RIB-in); up: they come back. */
enum mcr_err mcr_core_attach_oper(struct mcr_core *c, const char *name,
				  bool up, struct mcr_deltas *out,
				  struct mcr_errbuf *eb);
/* Re-evaluate all routes of the attachment (clear a tripped limit when
 * the routes now fit, re-admit drop-excess refusals in arrival order). */
enum mcr_err mcr_core_attach_clear(struct mcr_core *c, const char *name,
				   struct mcr_deltas *out,
				   struct mcr_errbuf *eb);
/* Approve (or revoke) @p for @attach; remembered even if not received. */
enum mcr_err mcr_core_approve(struct mcr_core *c, const char *attach,
			      const struct mcr_prefix *p, bool approve,
			      struct mcr_deltas *out, struct mcr_errbuf *eb);

/* Bogons: add (MCR_EEXIST) / del (MCR_ENOENT); every attachment is
 * re-evaluated. */
enum mcr_err mcr_core_bogon_add(struct mcr_core *c, const struct mcr_prefix *p,
				struct mcr_deltas *out, struct mcr_errbuf *eb);
enum mcr_err mcr_core_bogon_del(struct mcr_core *c, const struct mcr_prefix *p,
				struct mcr_deltas *out, struct mcr_errbuf *eb);
int mcr_core_bogon_walk(const struct mcr_core *c, uint8_t family,
			mcr_rtable_prefix_cb cb, void *arg);

/* ---- queries (show commands, YANG state) */

const struct mcr_attach *mcr_core_attach_find(const struct mcr_core *c,
					      const char *name);
const struct mcr_rtable *mcr_core_table_find(const struct mcr_core *c,
					     const char *name);
const struct mcr_export *mcr_core_export_find(const struct mcr_core *c,
					      const char *attach);
/* In name order. */
typedef int (*mcr_core_attach_cb)(const struct mcr_attach *a, void *arg);
int mcr_core_attach_walk(const struct mcr_core *c, mcr_core_attach_cb cb,
			 void *arg);
typedef int (*mcr_core_table_cb)(const struct mcr_rtable *t, void *arg);
int mcr_core_table_walk(const struct mcr_core *c, mcr_core_table_cb cb,
			void *arg);

struct mcr_conflict_info {
	const char *a, *b;	/* a < b by name */
	struct mcr_prefix pa, pb;
	uint64_t since;		/* event sequence number when found */
};
typedef int (*mcr_core_conflict_cb)(const struct mcr_conflict_info *ci,
				    void *arg);
/* Current conflicts, in (a, pa, b, pb) order. O(k log k). */
int mcr_core_conflict_walk(const struct mcr_core *c, mcr_core_conflict_cb cb,
			   void *arg);
size_t mcr_core_conflict_count(const struct mcr_core *c);

enum mcr_hist_op {
	MCR_H_ANNOUNCE = 0,	/* route add/update received */
	MCR_H_WITHDRAW,		/* route withdrawn by the attachment */
	MCR_H_REEVAL,		/* decision changed by config / state */
	MCR_H_INSTALL,		/* table selection now this attachment */
	MCR_H_UNINSTALL,	/* table no longer selects this prefix */
};
const char *mcr_hist_op_name(enum mcr_hist_op op);

struct mcr_history_entry {
	uint64_t seq;		/* event sequence number */
	enum mcr_hist_op op;
	const char *attach;	/* for INSTALL the first selected source */
	const char *table;	/* INSTALL / UNINSTALL, else NULL */
	enum mcr_reason reason;	/* decision: MCR_R_NONE = accepted */
};
typedef int (*mcr_core_history_cb)(const struct mcr_history_entry *h,
				   void *arg);
/* Last MCR_HISTORY_LEN entries for exactly @p, oldest first. O(W). */
int mcr_core_history(const struct mcr_core *c, const struct mcr_prefix *p,
		     mcr_core_history_cb cb, void *arg);

/* Routes waiting for approval, per attachment in name order. */
typedef int (*mcr_core_pending_cb)(const char *attach,
				   const struct mcr_prefix *p, void *arg);
int mcr_core_pending_walk(const struct mcr_core *c, mcr_core_pending_cb cb,
			  void *arg);

/* Event sequence number (increments per call that changes state). */
uint64_t mcr_core_seq(const struct mcr_core *c);

#endif /* MCR_PIPELINE_H */
