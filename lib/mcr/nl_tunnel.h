/*
 * libmcr rtnetlink messages for tunnel links: build requests into a
 * caller buffer, parse the kernel's answers.  No sockets: the glue sends
 * the bytes on its NETLINK_ROUTE socket and feeds each reply message
 * (one struct nlmsghdr and its payload; iterate a datagram with NLMSG_OK/
 * NLMSG_NEXT) to the parsers.
 *
 * Requests:
 *   RTM_NEWLINK  kind "gre" (IPv4 outer) or "ip6gre" (IPv6 outer):
 *                IFLA_GRE_LOCAL/REMOTE, IFLA_GRE_TTL, and with a key
 *                IFLA_GRE_IKEY/OKEY plus IFLA_GRE_IFLAGS/OFLAGS = GRE_KEY;
 *   RTM_NEWLINK  kind "xfrm": IFLA_XFRM_LINK, IFLA_XFRM_IF_ID;
 *   RTM_DELLINK  by ifindex or name;
 *   RTM_NEWLINK  (no create) to set a link up/down and its MTU;
 *   RTM_NEWADDR / RTM_DELADDR for the inside address.
 * All ask for an ACK (NLM_F_ACK); creations are NLM_F_CREATE|NLM_F_EXCL.
 * Layout follows linux/netlink.h, linux/rtnetlink.h, linux/if_link.h and
 * linux/if_tunnel.h; attributes are 4-byte aligned, nests carry no
 * NLA_F_NESTED flag (as iproute2 sends them).
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MCR_NL_TUNNEL_H
#define MCR_NL_TUNNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mcr/error.h"
#include "mcr/prefix.h"

#define MCR_NL_IFNAMSIZ 16 /* IFNAMSIZ, NUL included */

struct mcr_nl_gre {
	const char *ifname;	 /* required, < 16 chars */
	struct mcr_addr local;	 /* both IPv4 (gre) or both IPv6 (ip6gre) */
	struct mcr_addr remote;
	uint8_t ttl;		 /* 0: inherit */
	bool has_key;
	uint32_t key;		 /* host order; sent big endian */
	uint32_t mtu;		 /* 0: kernel default */
};

struct mcr_nl_xfrm {
	const char *ifname;
	uint32_t link_ifindex;	 /* underlying device (0: none) */
	uint32_t if_id;		 /* must be non-zero, matches if_id_in/out */
	uint32_t mtu;
};

/*
 * Each builder writes one message of at most @size bytes at @buf (4-byte
 * aligned), sets *@len and returns MCR_OK; MCR_ENOSPC if @size is too
 * small, MCR_EINVAL for bad arguments (message says which).  O(1).
 */
enum mcr_err mcr_nl_gre_new(void *buf, size_t size, uint32_t seq,
			    const struct mcr_nl_gre *g, size_t *len,
			    struct mcr_errbuf *eb);
enum mcr_err mcr_nl_xfrm_new(void *buf, size_t size, uint32_t seq,
			     const struct mcr_nl_xfrm *x, size_t *len,
			     struct mcr_errbuf *eb);
/* Delete by @ifindex, or by @ifname when @ifindex is 0. */
enum mcr_err mcr_nl_link_del(void *buf, size_t size, uint32_t seq,
			     uint32_t ifindex, const char *ifname,
			     size_t *len, struct mcr_errbuf *eb);
/* Set IFF_UP on or off; @mtu 0 leaves the MTU alone. */
enum mcr_err mcr_nl_link_set(void *buf, size_t size, uint32_t seq,
			     uint32_t ifindex, bool up, uint32_t mtu,
			     size_t *len, struct mcr_errbuf *eb);
/* Add (@add) or delete address @a/@plen on @ifindex (IFA_LOCAL and
 * IFA_ADDRESS both @a, scope universe). */
enum mcr_err mcr_nl_addr(void *buf, size_t size, uint32_t seq, bool add,
			 uint32_t ifindex, const struct mcr_addr *a,
			 unsigned plen, size_t *len, struct mcr_errbuf *eb);

/*
 * Parse an NLMSG_ERROR message answering request @seq.  error 0 (the ACK)
 * -> MCR_OK.  Otherwise the kernel's extended ack text, if any, is in the
 * message, and:
 *   EOPNOTSUPP, or "Unknown device type"  -> MCR_EUNSUPP
 *                                            "kernel lacks <what> support"
 *   EEXIST -> MCR_EEXIST, ENODEV -> MCR_ENOENT, other errno -> MCR_EIO.
 * MCR_EINVAL if the message is not a well-formed NLMSG_ERROR for @seq.
 * @what names the request ("GRE", "XFRM interface", "address").  O(len).
 */
enum mcr_err mcr_nl_parse_ack(const void *msg, size_t len, uint32_t seq,
			      const char *what, struct mcr_errbuf *eb);

struct mcr_nl_link_info {
	uint32_t ifindex;
	char name[MCR_NL_IFNAMSIZ];
	char kind[MCR_NL_IFNAMSIZ];	/* IFLA_INFO_KIND, "" if absent */
	uint32_t flags;			/* IFF_* */
	uint8_t operstate;		/* IF_OPER_*, IF_OPER_UNKNOWN if absent */
	uint32_t mtu;
};

/* Oper state the routing core should treat as "link up". */
bool mcr_nl_link_is_up(const struct mcr_nl_link_info *li);

/*
 * Parse one RTM_NEWLINK message (a reply or a multicast notification).
 * MCR_EINVAL for another type or a malformed message (truncated header,
 * attribute overrunning the message, name not NUL-terminated).  O(len).
 */
enum mcr_err mcr_nl_parse_link(const void *msg, size_t len,
			       struct mcr_nl_link_info *out,
			       struct mcr_errbuf *eb);

#endif /* MCR_NL_TUNNEL_H */
