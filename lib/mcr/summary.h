/*
 * libmcr summarization under a prefix budget.
 *
 * Given the prefixes an attachment must be sent (@want), the space it must
 * not be sent (@deny: routed elsewhere by the table, or configured as
 * protected) and a budget N, find at most N prefixes that together cover
 * every address of @want, cover no address of @deny, and cover as little
 * extra (unrouted) space as possible.  lib/summary.c documents the
 * algorithm and its optimality bound.
 *
 * Pure function: no state between calls except what the caller keeps.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MCR_SUMMARY_H
#define MCR_SUMMARY_H

#include <stddef.h>

#include "mcr/error.h"
#include "mcr/prefix.h"

struct mcr_summary_result {
	struct mcr_prefix *prefixes; /* sorted (mcr_prefix_cmp), mcr_malloc'd */
	size_t count;
	/* Extra address space covered beyond @want:
	 * for IPv4 the exact number of addresses, for IPv6 the number of /64s
	 * (saturating at UINT64_MAX). */
	unsigned long long extra;
};

/*
 * Compute the summary.  @want and @deny may be unsorted and may contain
 * duplicates or nested prefixes; all must be canonical and of @family.
 * Returns MCR_OK with @res filled (free with mcr_summary_result_free),
 * MCR_ELIMIT if no set of at most @budget prefixes exists (message says
 * why, e.g. which denied prefix forces more), MCR_EINVAL on bad input
 * (budget 0, mixed family, a wanted prefix that is itself denied -> the
 * message names it).  Cost documented in summary.c.
 */
enum mcr_err mcr_summarize(uint8_t family, const struct mcr_prefix *want,
			   size_t nwant, const struct mcr_prefix *deny,
			   size_t ndeny, size_t budget,
			   struct mcr_summary_result *res,
			   struct mcr_errbuf *eb);

void mcr_summary_result_free(struct mcr_summary_result *res);

#endif /* MCR_SUMMARY_H */
