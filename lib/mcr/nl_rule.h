/*
 * libmcr policy routing rules over rtnetlink: "iif IFNAME lookup TABLE",
 * how a route table's association (the attachments whose traffic is
 * looked up in it) reaches the kernel.
 *
 * Rules mcrouted installs carry FRA_PROTOCOL MCR_NL_RULE_PROTO (the route
 * protocol number FRR gives mcr routes), so they can be found again after
 * a restart and nothing else is ever touched.
 *
 * Pure byte building and parsing; the caller owns the socket.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MCR_NL_RULE_H
#define MCR_NL_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mcr/error.h"

#define MCR_NL_RULE_PROTO 199 /* RTPROT_MCR in FRR's zebra */

struct mcr_nl_rule {
	uint8_t family;		/* AF_INET or AF_INET6 */
	char iifname[16];	/* incoming interface */
	uint32_t table;		/* kernel table id */
	uint32_t priority;
};

/* RTM_NEWRULE (@add, with NLM_F_CREATE|NLM_F_EXCL) or RTM_DELRULE for @r
 * into @buf.  MCR_EINVAL: empty/long iifname, table 0, bad family;
 * MCR_ENOSPC: @size too small.  O(1). */
enum mcr_err mcr_nl_rule_msg(void *buf, size_t size, uint32_t seq, bool add,
			     const struct mcr_nl_rule *r, size_t *len,
			     struct mcr_errbuf *eb);

/* RTM_GETRULE dump request for @family. */
enum mcr_err mcr_nl_rule_dump(void *buf, size_t size, uint32_t seq,
			      uint8_t family, size_t *len,
			      struct mcr_errbuf *eb);

/* Parse one RTM_NEWRULE message of a dump.  Returns true and fills @r if
 * it is one of ours (FRA_PROTOCOL MCR_NL_RULE_PROTO, with an iif and a
 * table); false otherwise (including malformed input). O(len). */
bool mcr_nl_rule_parse(const void *msg, size_t len, struct mcr_nl_rule *r);

#endif /* MCR_NL_RULE_H */
