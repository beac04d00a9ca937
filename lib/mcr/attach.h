/*
 * libmcr attachments: where routes come from and go to (a cloud circuit,
 * a tunnel, or a static attachment), with its configuration and its
 * RIB-in (every route received, accepted or not, with the decision).
 *
 * The configuration is a plain value (struct mcr_attach_config) that the
 * daemon fills from YANG and hands to mcr_core_attach_add/_set
 * (mcr/pipeline.h); tables are referred to by name.  The attachment object
 * itself is opaque; the daemon reads it through the const functions
 * below (show / YANG state).  The remaining functions are the pipeline's.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MCR_ATTACH_H
#define MCR_ATTACH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mcr/error.h"
#include "mcr/prefix.h"
#include "mcr/profile.h"
#include "mcr/rtable.h"

#define MCR_ATTACH_MAX_PROPAGATE 32

enum mcr_attach_kind {
	MCR_ATTACH_CIRCUIT = 0,
	MCR_ATTACH_TUNNEL,
	MCR_ATTACH_STATIC,
	MCR_ATTACH_KIND_MAX,
};

enum mcr_approval {
	MCR_APPROVAL_AUTO = 0,	/* accept without approval */
	MCR_APPROVAL_MANUAL,	/* new prefixes pending until approved */
};

/*
 * Why a received route is not (or no longer) in the tables.  MCR_R_NONE
 * means accepted.  Stable numbering: used in YANG state and json.
 */
enum mcr_reason {
	MCR_R_NONE = 0,		/* accepted */
	MCR_R_BOGON,		/* covered by a bogon prefix */
	MCR_R_DEFAULT_ROUTE,	/* default route refused by policy */
	MCR_R_PREFIX_LEN,	/* outside the accepted length range */
	MCR_R_PENDING,		/* waiting for approval */
	MCR_R_LIMIT,		/* inbound prefix limit */
	MCR_R_ATTACH_DOWN,	/* accepted, but the attachment is down */
	MCR_R_CONFLICT,		/* excluded from a table by its conflict policy */
	MCR_R_NOT_SELECTED,	/* in a table, but another route won */
	MCR_R_WITHDRAWN,	/* withdrawn by the attachment */
	MCR_R_MAX,
};

/* "bogon", "default-route", "prefix-length", ... O(1). */
const char *mcr_reason_name(enum mcr_reason r);

/*
 * Invariant (mcr_attach_config_validate): profile valid; assoc empty or a
 * name; propagate[0..npropagate) distinct names; redgroup empty or a
 * name; preference 0 (= from the profile's link class) or any value.
 */
struct mcr_attach_config {
	enum mcr_attach_kind kind;
	struct mcr_profile profile;	/* effective values, overrides applied */
	char assoc[MCR_NAME_MAX];	/* associated table, "" = none */
	char propagate[MCR_ATTACH_MAX_PROPAGATE][MCR_NAME_MAX];
	unsigned npropagate;
	char redgroup[MCR_NAME_MAX];	/* redundancy group, "" = none */
	uint32_t preference;		/* lower wins; 0 = class default */
	enum mcr_approval approval;
	bool admin_up;
};

/* Defaults: the built-in profile of @prov, no tables, admin up, auto
 * approval.  Never fails. */
void mcr_attach_config_init(struct mcr_attach_config *c,
			    enum mcr_attach_kind kind, enum mcr_provider prov);
/* Add @table to the propagation set (no-op if present); MCR_ELIMIT when
 * full, MCR_EINVAL for a bad name. */
enum mcr_err mcr_attach_config_propagate(struct mcr_attach_config *c,
					 const char *table,
					 struct mcr_errbuf *eb);
enum mcr_err mcr_attach_config_validate(const struct mcr_attach_config *c,
					struct mcr_errbuf *eb);
/* True if @s is a valid object name (1..MCR_NAME_MAX-1 printable, no
 * spaces). */
bool mcr_name_valid(const char *s);
const char *mcr_attach_kind_name(enum mcr_attach_kind k);

/* Limit state of one family, for show/YANG. */
enum mcr_limit_state {
	MCR_LIMIT_OK = 0,
	MCR_LIMIT_WARNING,	/* at or over warn_pct of the limit */
	MCR_LIMIT_EXCEEDED,	/* over the limit (warn / drop-excess) */
	MCR_LIMIT_TRIPPED,	/* withdraw-all in force */
};
const char *mcr_limit_state_name(enum mcr_limit_state s);

/* Counters of one family. */
struct mcr_attach_counters {
	uint64_t received;		/* routes currently held in RIB-in */
	uint64_t accepted;		/* reason MCR_R_NONE */
	uint64_t pending;		/* reason MCR_R_PENDING */
	uint64_t refused[MCR_R_MAX];	/* currently refused, by reason */
	uint64_t events;		/* route events processed (total) */
	enum mcr_limit_state limit_state;
};

/* A RIB-in entry as the daemon sees it. */
struct mcr_attach_route {
	struct mcr_prefix prefix;
	const struct mcr_route *route;	/* nexthops, metric, tag, seq */
	enum mcr_reason reason;		/* MCR_R_NONE = accepted */
	bool active;			/* accepted and attachment up */
};

struct mcr_attach;

const char *mcr_attach_name(const struct mcr_attach *a);
const struct mcr_attach_config *mcr_attach_config(const struct mcr_attach *a);
bool mcr_attach_oper_up(const struct mcr_attach *a);
/* admin and oper up. */
bool mcr_attach_is_up(const struct mcr_attach *a);
/* The source descriptor tables use (stable while the attachment lives). */
const struct mcr_rsrc *mcr_attach_rsrc(const struct mcr_attach *a);
/* Set the source descriptor's owner (struct mcr_rsrc). */
void mcr_attach_set_owner(struct mcr_attach *a, void *owner);
void mcr_attach_counters(const struct mcr_attach *a, uint8_t family,
			 struct mcr_attach_counters *out);
/* The same counters in place (valid until the attachment changes them). */
const struct mcr_attach_counters *
mcr_attach_counters_ref(const struct mcr_attach *a, uint8_t family);
/* Walk the RIB-in of @family in prefix order. */
typedef int (*mcr_attach_route_cb)(const struct mcr_attach_route *r,
				   void *arg);
int mcr_attach_route_walk(const struct mcr_attach *a, uint8_t family,
			  mcr_attach_route_cb cb, void *arg);
/* One RIB-in entry; false if absent. O(W). */
bool mcr_attach_route_find(const struct mcr_attach *a,
			   const struct mcr_prefix *p,
			   struct mcr_attach_route *out);
/* Remembered approvals. */
bool mcr_attach_approved(const struct mcr_attach *a,
			 const struct mcr_prefix *p);
int mcr_attach_approval_walk(const struct mcr_attach *a, uint8_t family,
			     mcr_rtable_prefix_cb cb, void *arg);

/* ---- used by the pipeline (mcr_core_*); the daemon does not call these */

/* Config must be valid.  Never fails. */
struct mcr_attach *mcr_attach_new(const char *name,
				  const struct mcr_attach_config *cfg);
/* The same, the RIB-in kept in the trie groups @grp (see mcr/trie.h). */
struct mcr_attach *
mcr_attach_new_in(const char *name, const struct mcr_attach_config *cfg,
		  struct mcr_trie_group *const grp[MCR_AFI_MAX]);
/* Frees the RIB-in and approvals. O(n). */
void mcr_attach_free(struct mcr_attach *a);
void mcr_attach_set_config(struct mcr_attach *a,
			   const struct mcr_attach_config *cfg);
void mcr_attach_set_oper(struct mcr_attach *a, bool up);

/*
 * A RIB-in entry, owned by the attachment.  Invariant: route.src is the
 * attachment's rsrc; reason MCR_R_NONE iff accepted; in_tables iff the
 * route is currently propagated into the attachment's tables (accepted
 * and attachment up).
 */
struct mcr_rin {
	struct mcr_route route;
	struct mcr_prefix prefix;
	uint8_t reason;		/* enum mcr_reason */
	bool in_tables;
	bool gone;		/* withdrawn, freed after the flush */
	uint32_t nconflicts;	/* conflict records naming this route */
	void *conflicts;	/* the pipeline's list of those records */
	struct mcr_addr nh1;	/* route.nh when route.nnh == 1 */
};

/* Exact RIB-in lookup; NULL if absent. O(W). */
struct mcr_rin *mcr_attach_rin_find(struct mcr_attach *a,
				    const struct mcr_prefix *p);
/* Find or create (reason MCR_R_WITHDRAWN, no nexthops, seq 0). O(W). */
struct mcr_rin *mcr_attach_rin_get(struct mcr_attach *a,
				   const struct mcr_prefix *p, bool *created);
/* Replace the nexthops (copied). */
void mcr_attach_rin_set_nh(struct mcr_rin *r, const struct mcr_addr *nh,
			   size_t nnh);
/* Take @r out of the RIB-in; the caller frees it with mcr_attach_rin_free
 * once no table points at it. O(W). */
void mcr_attach_rin_unlink(struct mcr_attach *a, struct mcr_rin *r);
void mcr_attach_rin_free(struct mcr_rin *r);
/* Update counters when @r's reason changes (old = MCR_R_MAX: new entry;
 * new = MCR_R_MAX: entry removed). O(1). */
void mcr_attach_account(struct mcr_attach *a, uint8_t family,
			enum mcr_reason old, enum mcr_reason new);
void mcr_attach_count_event(struct mcr_attach *a, uint8_t family);
void mcr_attach_set_limit_state(struct mcr_attach *a, uint8_t family,
				enum mcr_limit_state s);
typedef int (*mcr_attach_rin_cb)(struct mcr_rin *r, void *arg);
int mcr_attach_rin_walk(struct mcr_attach *a, uint8_t family,
			mcr_attach_rin_cb cb, void *arg);
/* Approvals: set/unset; return true if something changed. O(W). */
bool mcr_attach_approve(struct mcr_attach *a, const struct mcr_prefix *p,
			bool approve);

#endif /* MCR_ATTACH_H */
