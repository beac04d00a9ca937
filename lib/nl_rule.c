/*
 * libmcr policy routing rules over rtnetlink (see mcr/nl_rule.h).
 *
 * Message layout (linux/fib_rules.h): nlmsghdr, fib_rule_hdr, then
 * attributes FRA_IIFNAME (string), FRA_TABLE (u32, so ids > 255 work),
 * FRA_PRIORITY (u32), FRA_PROTOCOL (u8).  Action FR_ACT_TO_TBL.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>
#include <sys/socket.h>
#include <linux/fib_rules.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "mcr/nl_rule.h"

struct nlbuf {
	uint8_t *b;
	size_t size, len;
	bool overflow;
};

static void *nl_put(struct nlbuf *nb, size_t n)
{
	size_t al = NLMSG_ALIGN(n);
	void *p;

	if (nb->len + al > nb->size) {
		nb->overflow = true;
		return NULL;
	}
	p = nb->b + nb->len;
	memset(p, 0, al);
	nb->len += al;
	return p;
}

static void nl_attr(struct nlbuf *nb, uint16_t type, const void *data,
		    size_t n)
{
	struct rtattr *rta = nl_put(nb, RTA_LENGTH(n));

	if (!rta)
		return;
	rta->rta_type = type;
	rta->rta_len = (unsigned short)RTA_LENGTH(n);
	memcpy(RTA_DATA(rta), data, n);
}

static enum mcr_err nl_begin(struct nlbuf *nb, uint16_t type, uint16_t flags,
			     uint32_t seq, uint8_t family,
			     struct mcr_errbuf *eb)
{
	struct nlmsghdr *h = nl_put(nb, NLMSG_HDRLEN);
	struct fib_rule_hdr *fr = nl_put(nb, sizeof(*fr));

	if (!h || !fr)
		return mcr_error(eb, MCR_ENOSPC, "netlink buffer too small");
	h->nlmsg_type = type;
	h->nlmsg_flags = NLM_F_REQUEST | flags;
	h->nlmsg_seq = seq;
	fr->family = family;
	return MCR_OK;
}

enum mcr_err mcr_nl_rule_msg(void *buf, size_t size, uint32_t seq, bool add,
			     const struct mcr_nl_rule *r, size_t *len,
			     struct mcr_errbuf *eb)
{
	struct nlbuf nb = {.b = buf, .size = size};
	struct fib_rule_hdr *fr;
	size_t n = strnlen(r->iifname, sizeof(r->iifname));
	uint8_t proto = MCR_NL_RULE_PROTO;
	enum mcr_err err;

	if (r->family != AF_INET && r->family != AF_INET6)
		return mcr_error(eb, MCR_EINVAL, "rule family %u", r->family);
	if (n == 0 || n >= sizeof(r->iifname))
		return mcr_error(eb, MCR_EINVAL, "bad incoming interface name");
	if (!r->table)
		return mcr_error(eb, MCR_EINVAL, "rule without table");
	err = nl_begin(&nb, add ? RTM_NEWRULE : RTM_DELRULE,
		       add ? NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL : NLM_F_ACK,
		       seq, r->family, eb);
	if (err)
		return err;
	fr = (struct fib_rule_hdr *)(nb.b + NLMSG_HDRLEN);
	fr->action = FR_ACT_TO_TBL;
	fr->table = r->table < 256 ? (uint8_t)r->table : RT_TABLE_UNSPEC;
	nl_attr(&nb, FRA_IIFNAME, r->iifname, n + 1);
	nl_attr(&nb, FRA_TABLE, &r->table, sizeof(r->table));
	nl_attr(&nb, FRA_PRIORITY, &r->priority, sizeof(r->priority));
	nl_attr(&nb, FRA_PROTOCOL, &proto, sizeof(proto));
	if (nb.overflow)
		return mcr_error(eb, MCR_ENOSPC, "netlink buffer too small");
	((struct nlmsghdr *)nb.b)->nlmsg_len = (uint32_t)nb.len;
	*len = nb.len;
	return MCR_OK;
}

enum mcr_err mcr_nl_rule_dump(void *buf, size_t size, uint32_t seq,
			      uint8_t family, size_t *len,
			      struct mcr_errbuf *eb)
{
	struct nlbuf nb = {.b = buf, .size = size};
	enum mcr_err err;

	err = nl_begin(&nb, RTM_GETRULE, NLM_F_DUMP, seq, family, eb);
	if (err)
		return err;
	((struct nlmsghdr *)nb.b)->nlmsg_len = (uint32_t)nb.len;
	*len = nb.len;
	return MCR_OK;
}

bool mcr_nl_rule_parse(const void *msg, size_t len, struct mcr_nl_rule *r)
{
	const struct nlmsghdr *h = msg;
	const struct fib_rule_hdr *fr;
	const struct rtattr *rta;
	size_t alen;
	bool ours = false, has_iif = false;

	if (len < NLMSG_HDRLEN + sizeof(*fr) || h->nlmsg_len > len ||
	    h->nlmsg_len < NLMSG_HDRLEN + sizeof(*fr) ||
	    h->nlmsg_type != RTM_NEWRULE)
		return false;
	fr = NLMSG_DATA(h);
	memset(r, 0, sizeof(*r));
	r->family = fr->family;
	r->table = fr->table;
	rta = (const struct rtattr *)((const uint8_t *)fr +
				      NLMSG_ALIGN(sizeof(*fr)));
	alen = h->nlmsg_len - NLMSG_HDRLEN - NLMSG_ALIGN(sizeof(*fr));
	for (; RTA_OK(rta, alen); rta = RTA_NEXT(rta, alen)) {
		size_t pl = RTA_PAYLOAD(rta);

		switch (rta->rta_type) {
		case FRA_IIFNAME:
			if (pl == 0 || pl > sizeof(r->iifname))
				return false;
			memcpy(r->iifname, RTA_DATA(rta), pl);
			r->iifname[sizeof(r->iifname) - 1] = '\0';
			has_iif = r->iifname[0] != '\0';
			break;
		case FRA_TABLE:
			if (pl == 4)
				memcpy(&r->table, RTA_DATA(rta), 4);
			break;
		case FRA_PRIORITY:
			if (pl == 4)
				memcpy(&r->priority, RTA_DATA(rta), 4);
			break;
		case FRA_PROTOCOL:
			if (pl >= 1)
				ours = *(const uint8_t *)RTA_DATA(rta) ==
				       MCR_NL_RULE_PROTO;
			break;
		default:
			break;
		}
	}
	return ours && has_iif && r->table;
}
