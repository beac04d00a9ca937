/*
 * libmcr route tables with AWS Transit Gateway semantics.
 *
 * A table (one per kernel table id) holds, per prefix, the routes
 * propagated into it by attachments (pointers to routes the attachments
 * own), at most one static route to an attachment, or a blackhole.
 * Selection per prefix:
 *   1. a blackhole, else an active static route (its attachment up);
 *   2. else the propagated routes not excluded by the conflict policy,
 *      ordered by source preference (lower wins; defaults by link class:
 *      direct-connect < tgw-connect < vpn < other), then metric (lower
 *      wins); all routes tied on both form an ECMP set when the table
 *      allows ECMP (at most MCR_ECMP_MAX, by name), otherwise the one whose
 *      source name sorts first (strcmp) wins.
 * Lookup is longest-prefix match over prefixes with a selected route.
 *
 * Conflict policy (per table), applied to propagated candidates r, s of
 * the same table whose prefixes overlap (equal, covering or covered) and
 * whose sources differ and are not in the same redundancy group:
 *   report            -- nothing excluded (LPM decides), only reported;
 *   prefer-attachment -- r is excluded if s's source has a better
 *                        (lower) preference, or equal and a smaller name;
 *   first-wins        -- r is excluded if s arrived first (smaller seq);
 *   reject-both       -- both are excluded.
 * Exclusion is decided from the candidate set, not the survivors, so it
 * is order-independent.
 *
 * Changes are batched: mutations mark prefixes dirty; mcr_rtable_flush()
 * recomputes the dirty prefixes and reports each one whose selection
 * changed (only those).  Routes removed with mcr_rtable_path_del() stay
 * readable by the flush callback (as old selection) until the flush ends,
 * so their owner frees them only after the flush.
 *
 * The daemon reads tables through the const functions; mutation is done
 * by the pipeline (mcr/pipeline.h).
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MCR_RTABLE_H
#define MCR_RTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mcr/error.h"
#include "mcr/prefix.h"
#include "mcr/profile.h"

/* Names (attachments, tables, groups) are 1..MCR_NAME_MAX-1 chars. */
#define MCR_NAME_MAX 64
/* Widest ECMP set installed. */
#define MCR_ECMP_MAX 16
/* Most nexthops accepted on one route. */
#define MCR_NH_MAX 16

enum mcr_conflict_policy {
	MCR_CONFLICT_REPORT = 0,
	MCR_CONFLICT_PREFER_ATTACHMENT,
	MCR_CONFLICT_FIRST_WINS,
	MCR_CONFLICT_REJECT_BOTH,
	MCR_CONFLICT_POLICY_MAX,
};

enum mcr_route_kind {
	MCR_RK_NONE = 0,	/* nothing selected */
	MCR_RK_PROPAGATED,
	MCR_RK_STATIC,
	MCR_RK_BLACKHOLE,
};

/*
 * A route source (an attachment) as tables see it; embedded in the
 * attachment.  Invariant: name and redgroup point at storage that lives
 * as long as the source; redgroup NULL = no group.
 */
struct mcr_rsrc {
	const char *name;
	const char *redgroup;
	uint32_t preference;	/* lower wins */
	bool up;		/* admin and oper up */
	void *owner;		/* the owner's object for this source (the
				 * pipeline's attachment entry); tables never
				 * read it */
};

/*
 * One received route as tables see it; owned (embedded) by the
 * attachment's RIB-in entry.  Invariant: 1 <= nnh <= MCR_NH_MAX, nexthops
 * of the route's family; seq is unique per route and never reused.
 */
struct mcr_route {
	const struct mcr_rsrc *src;
	struct mcr_addr *nh;
	uint16_t nnh;
	uint32_t metric;
	uint32_t tag;
	uint64_t seq;		/* arrival order (first announcement) */
};

/* A selection as reported by walks, lookups and flushes. */
struct mcr_rsel {
	enum mcr_route_kind kind;
	unsigned n;			/* sources (0 for blackhole/none) */
	const struct mcr_rsrc *src[MCR_ECMP_MAX];
	/* propagated: the selected routes; static: NULL */
	const struct mcr_route *route[MCR_ECMP_MAX];
	/* static: its optional nexthop (family 0 = none) */
	struct mcr_addr static_nh;
};

struct mcr_rtable;
struct mcr_trie_group;

const char *mcr_conflict_policy_name(enum mcr_conflict_policy p);
enum mcr_err mcr_conflict_policy_parse(const char *s,
				       enum mcr_conflict_policy *out,
				       struct mcr_errbuf *eb);
const char *mcr_route_kind_name(enum mcr_route_kind k);

/* New empty table; @name copied.  Never fails (names checked by caller). */
struct mcr_rtable *mcr_rtable_new(const char *name, uint32_t kernel_id);
/* The same, its prefixes kept in the trie groups @grp (one per family,
 * see mcr/trie.h), shared with other tables of the pipeline. */
struct mcr_rtable *
mcr_rtable_new_in(const char *name, uint32_t kernel_id,
		  struct mcr_trie_group *const grp[MCR_AFI_MAX]);
/* Free the table (not the routes it points to). O(n). */
void mcr_rtable_free(struct mcr_rtable *t);

const char *mcr_rtable_name(const struct mcr_rtable *t);
uint32_t mcr_rtable_kernel_id(const struct mcr_rtable *t);
bool mcr_rtable_ecmp(const struct mcr_rtable *t);
enum mcr_conflict_policy mcr_rtable_policy(const struct mcr_rtable *t);
/* Number of prefixes with a selection, per family. O(1). */
size_t mcr_rtable_count(const struct mcr_rtable *t, uint8_t family);

/* Settings; they mark every prefix dirty (selection may change). O(n). */
void mcr_rtable_set_ecmp(struct mcr_rtable *t, bool ecmp);
void mcr_rtable_set_policy(struct mcr_rtable *t, enum mcr_conflict_policy p);
void mcr_rtable_set_kernel_id(struct mcr_rtable *t, uint32_t kernel_id);

/* Protected prefixes (never covered by an export summary).
 * add: MCR_EEXIST if present; del: MCR_ENOENT if absent. O(W). */
enum mcr_err mcr_rtable_protect_add(struct mcr_rtable *t,
				    const struct mcr_prefix *p,
				    struct mcr_errbuf *eb);
enum mcr_err mcr_rtable_protect_del(struct mcr_rtable *t,
				    const struct mcr_prefix *p,
				    struct mcr_errbuf *eb);
bool mcr_rtable_is_protected(const struct mcr_rtable *t,
			     const struct mcr_prefix *p);
typedef int (*mcr_rtable_prefix_cb)(const struct mcr_prefix *p, void *arg);
int mcr_rtable_protect_walk(const struct mcr_rtable *t, uint8_t family,
			    mcr_rtable_prefix_cb cb, void *arg);

/* Propagated routes.  add: MCR_EEXIST if @r is already there; del:
 * MCR_ENOENT if absent.  Both mark @p dirty. O(W + routes at @p). */
enum mcr_err mcr_rtable_path_add(struct mcr_rtable *t,
				 const struct mcr_prefix *p,
				 const struct mcr_route *r);
enum mcr_err mcr_rtable_path_del(struct mcr_rtable *t,
				 const struct mcr_prefix *p,
				 const struct mcr_route *r);
/* The attributes (nexthops, metric, source state) of routes at @p
 * changed: recompute and report even if the same routes stay selected. */
void mcr_rtable_touch(struct mcr_rtable *t, const struct mcr_prefix *p);
/* The attributes of route @r at @p changed: the flush reports @p if @r
 * is (still) selected there, even with the same routes selected.  No-op
 * if @r is not a path at @p. O(W + routes at @p). */
void mcr_rtable_path_touch(struct mcr_rtable *t, const struct mcr_prefix *p,
			   const struct mcr_route *r);

/* Static route to @src (optional @nh), replacing any static at @p.
 * MCR_EEXIST if @p holds a blackhole. O(W). */
enum mcr_err mcr_rtable_static_set(struct mcr_rtable *t,
				   const struct mcr_prefix *p,
				   const struct mcr_rsrc *src,
				   const struct mcr_addr *nh,
				   struct mcr_errbuf *eb);
/* Blackhole at @p.  MCR_EEXIST if @p holds a static route. O(W). */
enum mcr_err mcr_rtable_blackhole_set(struct mcr_rtable *t,
				      const struct mcr_prefix *p,
				      struct mcr_errbuf *eb);
/* Remove the static or blackhole at @p; MCR_ENOENT if none. O(W). */
enum mcr_err mcr_rtable_static_del(struct mcr_rtable *t,
				   const struct mcr_prefix *p,
				   struct mcr_errbuf *eb);
/* Mark dirty every static route pointing at @src (it went up/down). O(n). */
void mcr_rtable_touch_src(struct mcr_rtable *t, const struct mcr_rsrc *src);
/* True if a static route points at @src. O(n). */
bool mcr_rtable_src_used(const struct mcr_rtable *t,
			 const struct mcr_rsrc *src);
/* The configured static/blackhole at @p: kind MCR_RK_STATIC (src, nh),
 * MCR_RK_BLACKHOLE, or MCR_RK_NONE. O(W). */
enum mcr_route_kind mcr_rtable_static_find(const struct mcr_rtable *t,
					   const struct mcr_prefix *p,
					   const struct mcr_rsrc **src,
					   struct mcr_addr *nh);

/*
 * Flush: recompute every dirty prefix; for each whose selection changed
 * (other routes, other kind, or touched), call @cb with the old and new
 * selection (kind MCR_RK_NONE for none), in prefix order per family.
 * Returns the number of changes. O(d log d + d * k) for d dirty prefixes.
 */
typedef void (*mcr_rtable_change_cb)(struct mcr_rtable *t,
				     const struct mcr_prefix *p,
				     const struct mcr_rsel *old,
				     const struct mcr_rsel *new, void *arg);
size_t mcr_rtable_flush(struct mcr_rtable *t, mcr_rtable_change_cb cb,
			void *arg);
/* True if some prefix waits for a flush. O(1). */
bool mcr_rtable_dirty(const struct mcr_rtable *t);

/* Is @r excluded from @t by the conflict policy (as of the last flush)? */
bool mcr_rtable_path_excluded(const struct mcr_rtable *t,
			      const struct mcr_prefix *p,
			      const struct mcr_route *r);

/* Exact lookup of the selection at @p (as of the last flush); false if
 * nothing is selected there. O(W). */
bool mcr_rtable_find(const struct mcr_rtable *t, const struct mcr_prefix *p,
		     struct mcr_rsel *sel);
/* Longest-prefix match of @p (an address is a full-length prefix) over
 * selected prefixes; @matched gets the prefix found. O(W * k). */
bool mcr_rtable_match(const struct mcr_rtable *t, const struct mcr_prefix *p,
		      struct mcr_prefix *matched, struct mcr_rsel *sel);

/* All selected routes of @family in prefix order; non-zero from @cb stops. */
typedef int (*mcr_rtable_walk_cb)(const struct mcr_prefix *p,
				  const struct mcr_rsel *sel, void *arg);
int mcr_rtable_walk(const struct mcr_rtable *t, uint8_t family,
		    mcr_rtable_walk_cb cb, void *arg);

#endif /* MCR_RTABLE_H */
