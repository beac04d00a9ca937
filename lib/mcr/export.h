/*
 * libmcr exports: what one attachment must be sent.
 *
 * want(A) = the prefixes selected in A's associated table whose selection
 * is propagated or static and does not include A itself (A's own routes
 * are not sent back; blackholes are never sent).  Per family, if
 * |want| <= out_limit the export is want itself ("mirror" mode: kept
 * incrementally, no copy).  Otherwise it is mcr_summarize(want, deny,
 * out_limit) where deny is the table's other selected space (A's own
 * routes and blackholes, minus more-specific wanted routes) plus the
 * table's protected prefixes (likewise).  If no summary exists, the
 * previous good set is kept, minus any entry that now overlaps denied
 * space, and the status says why.
 *
 * Changes come out through an emit callback, only for prefixes whose
 * presence (or summary flag) changed.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MCR_EXPORT_H
#define MCR_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mcr/error.h"
#include "mcr/prefix.h"
#include "mcr/profile.h"
#include "mcr/rtable.h"

struct mcr_export;

/* Status of one family of an export. */
struct mcr_export_status {
	bool summarized;	/* the advertised set is a summary */
	bool failed;		/* summarization failed; previous set kept */
	char reason[MCR_ERRMSG_LEN]; /* why summarized / why it failed */
	size_t advertised;	/* prefixes sent */
	size_t wanted;		/* |want| */
	uint32_t limit;		/* out_limit */
	unsigned long long extra; /* extra space covered (see summary.h) */
};

enum mcr_export_ev {
	MCR_EXPORT_EV_ADD = 0,	/* start sending prefix (summary flag) */
	MCR_EXPORT_EV_DEL,	/* stop sending prefix */
	MCR_EXPORT_EV_STATUS,	/* status (summarized/failed/reason) changed */
};

/* For MCR_EXPORT_EV_STATUS, @p is the family's /0 (only its family is
 * meaningful). */
typedef void (*mcr_export_emit_cb)(void *arg, const struct mcr_export *e,
				   enum mcr_export_ev ev,
				   const struct mcr_prefix *p, bool summary,
				   const struct mcr_export_status *st);

/* The attachment this export belongs to. */
const char *mcr_export_name(const struct mcr_export *e);
/* The associated table, NULL if none. */
const struct mcr_rtable *mcr_export_table(const struct mcr_export *e);
void mcr_export_status(const struct mcr_export *e, uint8_t family,
		       struct mcr_export_status *out);
/* Advertised prefixes of @family in prefix order; @summary is true for a
 * prefix that is not itself a wanted route. */
typedef int (*mcr_export_walk_cb)(const struct mcr_prefix *p, bool summary,
				  void *arg);
int mcr_export_walk(const struct mcr_export *e, uint8_t family,
		    mcr_export_walk_cb cb, void *arg);
/* Is @sel (a selection of the associated table) sent to this export? */
bool mcr_export_wants(const struct mcr_export *e, const struct mcr_rsel *sel);
/* The same rule for the export of the attachment whose source descriptor
 * is @self (inline, for the pipeline's per-change path). */
static inline bool mcr_export_wants_src(const struct mcr_rsrc *self,
					const struct mcr_rsel *sel)
{
	if (sel->kind != MCR_RK_PROPAGATED && sel->kind != MCR_RK_STATIC)
		return false;
	for (unsigned i = 0; i < sel->n; i++)
		if (sel->src[i] == self)
			return false;
	return true;
}

/* ---- used by the pipeline */

/* @self: the attachment's source descriptor. Never fails. */
struct mcr_export *mcr_export_new(const char *name,
				  const struct mcr_rsrc *self);
void mcr_export_free(struct mcr_export *e);
/*
 * Change the associated table (NULL = none) or the outbound limits: the
 * current advertised set is kept as a copy and the export recomputed from
 * scratch at the next flush.  Must be called when no table is dirty.
 */
void mcr_export_set_table(struct mcr_export *e, const struct mcr_rtable *t);
void mcr_export_set_limits(struct mcr_export *e,
			   const uint32_t out_limit[MCR_AFI_MAX]);
/* The deny space changed (protected prefixes): recompute if summarized. */
void mcr_export_invalidate(struct mcr_export *e);
/* The selection at @p in the associated table changed without changing
 * whether @p is wanted (e.g. now the export's own route or a blackhole):
 * the deny space may have changed, so a summarized family of @p is
 * recomputed at the next flush. O(1). */
void mcr_export_touch(struct mcr_export *e, const struct mcr_prefix *p);
/* The selection at @p in the associated table changed (from a table
 * flush): update incrementally, emitting at once in mirror mode. */
void mcr_export_change(struct mcr_export *e, const struct mcr_prefix *p,
		       const struct mcr_rsel *old, const struct mcr_rsel *new,
		       mcr_export_emit_cb emit, void *arg);
/* A batch of membership changes (each prefix at most once) from one
 * flush of the associated table, applied in one step. */
struct mcr_export_chg {
	struct mcr_prefix prefix;
	bool in;	/* now wanted */
};
void mcr_export_apply(struct mcr_export *e, const struct mcr_export_chg *v,
		      size_t n, mcr_export_emit_cb emit, void *arg);
bool mcr_export_dirty(const struct mcr_export *e);
/* Recompute dirty families (summarizing if needed). O(n + summarize). */
void mcr_export_flush(struct mcr_export *e, mcr_export_emit_cb emit,
		      void *arg);
/* Withdraw everything advertised (attachment deleted). */
void mcr_export_clear(struct mcr_export *e, mcr_export_emit_cb emit,
		      void *arg);

#endif /* MCR_EXPORT_H */
