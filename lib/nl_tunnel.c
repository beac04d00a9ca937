/*
 * libmcr rtnetlink messages for tunnel links (see mcr/nl_tunnel.h).
 *
 * A tiny attribute writer over the caller's buffer: every append checks
 * the remaining space first and the first overflow sticks, so builders
 * just append and check once.  Nests remember their start and patch
 * nla_len when closed.  Parsers walk attributes with explicit length
 * checks (never trusting nla_len past the message).
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/if_tunnel.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "mcr/nl_tunnel.h"

/* Invariant: len <= size, len 4-aligned; full means an append failed. */
struct nlw {
	uint8_t *buf;
	size_t size, len;
	bool full;
};

static void *nlw_put(struct nlw *w, size_t n)
{
	size_t al = NLA_ALIGN(n);
	void *p;

	if (w->full || w->size - w->len < al) {
		w->full = true;
		return NULL;
	}
	p = w->buf + w->len;
	memset(p, 0, al);
	w->len += al;
	return p;
}

static void nlw_attr(struct nlw *w, uint16_t type, const void *data,
		     size_t n)
{
	struct nlattr *a = nlw_put(w, NLA_HDRLEN + n);

	if (!a)
		return;
	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + n);
	if (n)
		memcpy((uint8_t *)a + NLA_HDRLEN, data, n);
}

static void nlw_u8(struct nlw *w, uint16_t type, uint8_t v)
{
	nlw_attr(w, type, &v, 1);
}

static void nlw_u32(struct nlw *w, uint16_t type, uint32_t v)
{
	nlw_attr(w, type, &v, 4);
}

static void nlw_str(struct nlw *w, uint16_t type, const char *s)
{
	nlw_attr(w, type, s, strlen(s) + 1);
}

/* Returns the nest's offset (for nlw_nest_end). */
static size_t nlw_nest(struct nlw *w, uint16_t type)
{
	size_t off = w->len;

	nlw_attr(w, type, NULL, 0);
	return off;
}

static void nlw_nest_end(struct nlw *w, size_t off)
{
	struct nlattr *a;

	if (w->full)
		return;
	a = (struct nlattr *)(w->buf + off);
	a->nla_len = (uint16_t)(w->len - off);
}

static struct nlmsghdr *nlw_hdr(struct nlw *w, uint16_t type, uint16_t flags,
				uint32_t seq)
{
	struct nlmsghdr *h = nlw_put(w, NLMSG_HDRLEN);

	if (!h)
		return NULL;
	h->nlmsg_type = type;
	h->nlmsg_flags = flags;
	h->nlmsg_seq = seq;
	return h;
}

static enum mcr_err nlw_finish(struct nlw *w, size_t *len,
			       struct mcr_errbuf *eb)
{
	struct nlmsghdr *h = (struct nlmsghdr *)w->buf;

	if (w->full) {
		*len = 0;
		return mcr_error(eb, MCR_ENOSPC,
				 "netlink message does not fit in %zu bytes",
				 w->size);
	}
	h->nlmsg_len = (uint32_t)w->len;
	*len = w->len;
	return MCR_OK;
}

static enum mcr_err check_ifname(const char *n, struct mcr_errbuf *eb)
{
	size_t l = n ? strlen(n) : 0;

	if (l == 0 || l >= MCR_NL_IFNAMSIZ)
		return mcr_error(eb, MCR_EINVAL,
				 "interface name must be 1 to %d characters",
				 MCR_NL_IFNAMSIZ - 1);
	if (strchr(n, '/') || strchr(n, ' ') || !strcmp(n, ".") ||
	    !strcmp(n, ".."))
		return mcr_error(eb, MCR_EINVAL, "bad interface name '%s'", n);
	return MCR_OK;
}

/* RTM_NEWLINK header + ifinfomsg. */
static struct ifinfomsg *link_hdr(struct nlw *w, uint16_t type,
				  uint16_t flags, uint32_t seq)
{
	nlw_hdr(w, type, flags, seq);
	return nlw_put(w, sizeof(struct ifinfomsg));
}

#define CREATE_FLAGS (NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL)

enum mcr_err mcr_nl_gre_new(void *buf, size_t size, uint32_t seq,
			    const struct mcr_nl_gre *g, size_t *len,
			    struct mcr_errbuf *eb)
{
	struct nlw w = {.buf = buf, .size = size};
	size_t alen, li, data;
	enum mcr_err err;
	uint16_t fl = GRE_KEY; /* already big endian in the uapi header */
	uint32_t key = htonl(g->key);

	*len = 0;
	err = check_ifname(g->ifname, eb);
	if (err != MCR_OK)
		return err;
	if (g->local.family != g->remote.family ||
	    (g->local.family != MCR_AF_INET && g->local.family != MCR_AF_INET6))
		return mcr_error(eb, MCR_EINVAL,
				 "GRE %s: local and remote must both be IPv4 or both IPv6",
				 g->ifname);
	alen = g->local.family == MCR_AF_INET ? 4 : 16;
	link_hdr(&w, RTM_NEWLINK, CREATE_FLAGS, seq);
	nlw_str(&w, IFLA_IFNAME, g->ifname);
	if (g->mtu)
		nlw_u32(&w, IFLA_MTU, g->mtu);
	li = nlw_nest(&w, IFLA_LINKINFO);
	nlw_str(&w, IFLA_INFO_KIND,
		g->local.family == MCR_AF_INET ? "gre" : "ip6gre");
	data = nlw_nest(&w, IFLA_INFO_DATA);
	nlw_attr(&w, IFLA_GRE_LOCAL, g->local.addr, alen);
	nlw_attr(&w, IFLA_GRE_REMOTE, g->remote.addr, alen);
	nlw_u8(&w, IFLA_GRE_TTL, g->ttl); /* hop limit for ip6gre */
	if (g->has_key) {
		nlw_attr(&w, IFLA_GRE_IFLAGS, &fl, 2);
		nlw_attr(&w, IFLA_GRE_OFLAGS, &fl, 2);
		nlw_attr(&w, IFLA_GRE_IKEY, &key, 4);
		nlw_attr(&w, IFLA_GRE_OKEY, &key, 4);
	}
	nlw_nest_end(&w, data);
	nlw_nest_end(&w, li);
	return nlw_finish(&w, len, eb);
}

enum mcr_err mcr_nl_xfrm_new(void *buf, size_t size, uint32_t seq,
			     const struct mcr_nl_xfrm *x, size_t *len,
			     struct mcr_errbuf *eb)
{
	struct nlw w = {.buf = buf, .size = size};
	enum mcr_err err;
	size_t li, data;

	*len = 0;
	err = check_ifname(x->ifname, eb);
	if (err != MCR_OK)
		return err;
	if (!x->if_id)
		return mcr_error(eb, MCR_EINVAL,
				 "XFRM interface %s: if_id must not be 0",
				 x->ifname);
	link_hdr(&w, RTM_NEWLINK, CREATE_FLAGS, seq);
	nlw_str(&w, IFLA_IFNAME, x->ifname);
	if (x->mtu)
		nlw_u32(&w, IFLA_MTU, x->mtu);
	li = nlw_nest(&w, IFLA_LINKINFO);
	nlw_str(&w, IFLA_INFO_KIND, "xfrm");
	data = nlw_nest(&w, IFLA_INFO_DATA);
	if (x->link_ifindex)
		nlw_u32(&w, IFLA_XFRM_LINK, x->link_ifindex);
	nlw_u32(&w, IFLA_XFRM_IF_ID, x->if_id);
	nlw_nest_end(&w, data);
	nlw_nest_end(&w, li);
	return nlw_finish(&w, len, eb);
}

enum mcr_err mcr_nl_link_del(void *buf, size_t size, uint32_t seq,
			     uint32_t ifindex, const char *ifname,
			     size_t *len, struct mcr_errbuf *eb)
{
	struct nlw w = {.buf = buf, .size = size};
	struct ifinfomsg *ifi;
	enum mcr_err err;

	*len = 0;
	if (!ifindex) {
		err = check_ifname(ifname, eb);
		if (err != MCR_OK)
			return err;
	}
	ifi = link_hdr(&w, RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
	if (ifi)
		ifi->ifi_index = (int)ifindex;
	if (!ifindex)
		nlw_str(&w, IFLA_IFNAME, ifname);
	return nlw_finish(&w, len, eb);
}

enum mcr_err mcr_nl_link_set(void *buf, size_t size, uint32_t seq,
			     uint32_t ifindex, bool up, uint32_t mtu,
			     size_t *len, struct mcr_errbuf *eb)
{
	struct nlw w = {.buf = buf, .size = size};
	struct ifinfomsg *ifi;

	*len = 0;
	if (!ifindex)
		return mcr_error(eb, MCR_EINVAL, "link set: no ifindex");
	ifi = link_hdr(&w, RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
	if (ifi) {
		ifi->ifi_index = (int)ifindex;
		ifi->ifi_change = IFF_UP;
		ifi->ifi_flags = up ? IFF_UP : 0;
	}
	if (mtu)
		nlw_u32(&w, IFLA_MTU, mtu);
	return nlw_finish(&w, len, eb);
}

enum mcr_err mcr_nl_addr(void *buf, size_t size, uint32_t seq, bool add,
			 uint32_t ifindex, const struct mcr_addr *a,
			 unsigned plen, size_t *len, struct mcr_errbuf *eb)
{
	struct nlw w = {.buf = buf, .size = size};
	struct ifaddrmsg *ifa;
	size_t alen;

	*len = 0;
	if (!ifindex)
		return mcr_error(eb, MCR_EINVAL, "address: no ifindex");
	if (a->family != MCR_AF_INET && a->family != MCR_AF_INET6)
		return mcr_error(eb, MCR_EINVAL, "address: bad family %u",
				 a->family);
	if (plen > mcr_af_maxlen(a->family))
		return mcr_error(eb, MCR_EINVAL,
				 "address: prefix length %u too long", plen);
	alen = a->family == MCR_AF_INET ? 4 : 16;
	nlw_hdr(&w, add ? RTM_NEWADDR : RTM_DELADDR,
		add ? CREATE_FLAGS : NLM_F_REQUEST | NLM_F_ACK, seq);
	ifa = nlw_put(&w, sizeof(*ifa));
	if (ifa) {
		ifa->ifa_family = a->family == MCR_AF_INET ? AF_INET : AF_INET6;
		ifa->ifa_prefixlen = (uint8_t)plen;
		ifa->ifa_scope = RT_SCOPE_UNIVERSE;
		ifa->ifa_index = ifindex;
	}
	nlw_attr(&w, IFA_LOCAL, a->addr, alen);
	nlw_attr(&w, IFA_ADDRESS, a->addr, alen);
	return nlw_finish(&w, len, eb);
}

/* ---------------------------------------------------------------------
 * Parsers.
 */

/* Next attribute in [*p, end), or NULL at the end / on a bad length. */
static const struct nlattr *attr_next(const uint8_t **p, const uint8_t *end,
				      bool *bad)
{
	const struct nlattr *a = (const struct nlattr *)*p;
	size_t step;

	if ((size_t)(end - *p) < NLA_HDRLEN)
		return NULL;
	if (a->nla_len < (size_t)NLA_HDRLEN ||
	    a->nla_len > (size_t)(end - *p)) {
		*bad = true;
		return NULL;
	}
	step = (size_t)NLA_ALIGN(a->nla_len);
	*p += step < (size_t)(end - *p) ? step : (size_t)(end - *p);
	return a;
}

#define ATTR_DATA(a) ((const uint8_t *)(a) + NLA_HDRLEN)
#define ATTR_LEN(a) ((size_t)(a)->nla_len - NLA_HDRLEN)

enum mcr_err mcr_nl_parse_ack(const void *msg, size_t len, uint32_t seq,
			      const char *what, struct mcr_errbuf *eb)
{
	const struct nlmsghdr *h = msg;
	const struct nlmsgerr *e;
	const uint8_t *p, *end;
	const struct nlattr *a;
	char ext[128] = "";
	bool bad = false;
	int err;

	if (len < NLMSG_HDRLEN || h->nlmsg_len < NLMSG_HDRLEN ||
	    h->nlmsg_len > len)
		return mcr_error(eb, MCR_EINVAL, "netlink: truncated message");
	if (h->nlmsg_type != NLMSG_ERROR)
		return mcr_error(eb, MCR_EINVAL,
				 "netlink: message type %u is not an ack",
				 h->nlmsg_type);
	if (h->nlmsg_len < NLMSG_HDRLEN + sizeof(*e))
		return mcr_error(eb, MCR_EINVAL, "netlink: truncated ack");
	if (h->nlmsg_seq != seq)
		return mcr_error(eb, MCR_EINVAL,
				 "netlink: ack for sequence %u, expected %u",
				 h->nlmsg_seq, seq);
	e = (const struct nlmsgerr *)((const uint8_t *)msg + NLMSG_HDRLEN);
	err = e->error;
	if (err == 0)
		return MCR_OK;
	if (err > 0)
		return mcr_error(eb, MCR_EINVAL, "netlink: positive error %d",
				 err);
	err = -err;

	/* Extended ack TLVs, after the request (or its header if capped). */
	end = (const uint8_t *)msg + h->nlmsg_len;
	p = (const uint8_t *)e + sizeof(*e);
	if (h->nlmsg_flags & NLM_F_ACK_TLVS) {
		if (!(h->nlmsg_flags & NLM_F_CAPPED) &&
		    e->msg.nlmsg_len >= NLMSG_HDRLEN)
			p += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
		while (p < end && (a = attr_next(&p, end, &bad))) {
			size_t n = ATTR_LEN(a);

			if (a->nla_type != NLMSGERR_ATTR_MSG || !n)
				continue;
			if (n >= sizeof(ext))
				n = sizeof(ext) - 1;
			memcpy(ext, ATTR_DATA(a), n);
			ext[n] = 0;
		}
	}
	if (!what)
		what = "the link type";
	if (err == EOPNOTSUPP || strstr(ext, "Unknown device type"))
		return mcr_error(eb, MCR_EUNSUPP, "kernel lacks %s support%s%s%s",
				 what, ext[0] ? " (" : "", ext,
				 ext[0] ? ")" : "");
	if (err == EEXIST)
		return mcr_error(eb, MCR_EEXIST, "%s: %s%s%s", what,
				 strerror(err), ext[0] ? ": " : "", ext);
	if (err == ENODEV)
		return mcr_error(eb, MCR_ENOENT, "%s: %s%s%s", what,
				 strerror(err), ext[0] ? ": " : "", ext);
	return mcr_error(eb, MCR_EIO, "%s: %s%s%s", what, strerror(err),
			 ext[0] ? ": " : "", ext);
}

bool mcr_nl_link_is_up(const struct mcr_nl_link_info *li)
{
	/* Tunnels without carrier reporting say UNKNOWN while working. */
	if (!(li->flags & IFF_UP))
		return false;
	return li->operstate == IF_OPER_UP ||
	       (li->operstate == IF_OPER_UNKNOWN && (li->flags & IFF_RUNNING));
}

static enum mcr_err copy_name(char *dst, const struct nlattr *a,
			      const char *what, struct mcr_errbuf *eb)
{
	size_t n = ATTR_LEN(a);

	if (n == 0 || n > MCR_NL_IFNAMSIZ || ATTR_DATA(a)[n - 1] != 0 ||
	    strlen((const char *)ATTR_DATA(a)) + 1 != n)
		return mcr_error(eb, MCR_EINVAL,
				 "netlink: bad %s attribute", what);
	memcpy(dst, ATTR_DATA(a), n);
	return MCR_OK;
}

enum mcr_err mcr_nl_parse_link(const void *msg, size_t len,
			       struct mcr_nl_link_info *out,
			       struct mcr_errbuf *eb)
{
	const struct nlmsghdr *h = msg;
	const struct ifinfomsg *ifi;
	struct mcr_nl_link_info li;
	const uint8_t *p, *end, *q, *qend;
	const struct nlattr *a, *b;
	bool bad = false;
	enum mcr_err err;

	memset(&li, 0, sizeof(li));
	li.operstate = IF_OPER_UNKNOWN;
	if (len < NLMSG_HDRLEN || h->nlmsg_len < NLMSG_HDRLEN ||
	    h->nlmsg_len > len)
		return mcr_error(eb, MCR_EINVAL, "netlink: truncated message");
	if (h->nlmsg_type != RTM_NEWLINK)
		return mcr_error(eb, MCR_EINVAL,
				 "netlink: message type %u is not RTM_NEWLINK",
				 h->nlmsg_type);
	if (h->nlmsg_len < NLMSG_HDRLEN + sizeof(*ifi))
		return mcr_error(eb, MCR_EINVAL,
				 "netlink: truncated RTM_NEWLINK");
	ifi = (const struct ifinfomsg *)((const uint8_t *)msg + NLMSG_HDRLEN);
	li.ifindex = (uint32_t)ifi->ifi_index;
	li.flags = ifi->ifi_flags;
	end = (const uint8_t *)msg + h->nlmsg_len;
	p = (const uint8_t *)ifi + NLMSG_ALIGN(sizeof(*ifi));
	while (p < end && (a = attr_next(&p, end, &bad))) {
		switch (a->nla_type & NLA_TYPE_MASK) {
		case IFLA_IFNAME:
			err = copy_name(li.name, a, "IFLA_IFNAME", eb);
			if (err != MCR_OK)
				return err;
			break;
		case IFLA_OPERSTATE:
			if (ATTR_LEN(a) < 1)
				return mcr_error(eb, MCR_EINVAL,
						 "netlink: bad IFLA_OPERSTATE");
			li.operstate = ATTR_DATA(a)[0];
			break;
		case IFLA_MTU:
			if (ATTR_LEN(a) < 4)
				return mcr_error(eb, MCR_EINVAL,
						 "netlink: bad IFLA_MTU");
			memcpy(&li.mtu, ATTR_DATA(a), 4);
			break;
		case IFLA_LINKINFO:
			q = ATTR_DATA(a);
			qend = q + ATTR_LEN(a);
			while (q < qend && (b = attr_next(&q, qend, &bad)))
				if ((b->nla_type & NLA_TYPE_MASK) ==
				    IFLA_INFO_KIND) {
					err = copy_name(li.kind, b,
							"IFLA_INFO_KIND", eb);
					if (err != MCR_OK)
						return err;
				}
			break;
		default:
			break;
		}
	}
	if (bad)
		return mcr_error(eb, MCR_EINVAL,
				 "netlink: attribute overruns RTM_NEWLINK");
	if (!li.name[0])
		return mcr_error(eb, MCR_EINVAL,
				 "netlink: RTM_NEWLINK without IFLA_IFNAME");
	*out = li;
	return MCR_OK;
}
