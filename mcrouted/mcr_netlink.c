/*
 * mcrouted: rtnetlink for tunnel links (see mcr_netlink.h).
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#include <zebra.h>

#include <poll.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "log.h"
#include "network.h"
#include "privs.h"
#include "thread.h"

#include "mcrouted.h"
#include "mcr_netlink.h"
#include "mcr_tunnel.h"

#define MCR_NL_TIMEOUT_MS 2000
#define MCR_NL_BUFSIZE 16384

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

static struct {
	struct thread_master *master;
	int req_fd, mon_fd;
	uint32_t seq;
	mcr_netlink_link_cb cb;
	struct thread *t_mon;
	enum mcr_err xfrm_probe; /* MCR_EAGAIN: not probed yet */
	char xfrm_probe_msg[MCR_ERRMSG_LEN];
} nl = {.req_fd = -1, .mon_fd = -1, .xfrm_probe = MCR_EAGAIN};

static int mcr_nl_socket(uint32_t groups)
{
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK, .nl_groups = groups};
	int one = 1, fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Send one request built in @buf, wait for its ACK. */
static enum mcr_err mcr_nl_talk(const void *buf, size_t len, uint32_t seq,
				const char *what, struct mcr_errbuf *eb)
{
	struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
	uint8_t rbuf[MCR_NL_BUFSIZE];
	struct pollfd pfd;
	ssize_t n;
	int rc;

	if (nl.req_fd < 0)
		return mcr_error(eb, MCR_EIO, "netlink socket not open");
	frr_with_privs (&mcr_privs) {
		n = sendto(nl.req_fd, buf, len, 0, (struct sockaddr *)&kernel,
			   sizeof(kernel));
	}
	if (n < 0)
		return mcr_error(eb, MCR_EIO, "netlink send (%s): %s", what,
				 safe_strerror(errno));
	for (;;) {
		pfd.fd = nl.req_fd;
		pfd.events = POLLIN;
		rc = poll(&pfd, 1, MCR_NL_TIMEOUT_MS);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc <= 0)
			return mcr_error(eb, MCR_EIO,
					 "netlink: no answer to the %s request",
					 what);
		n = recv(nl.req_fd, rbuf, sizeof(rbuf), 0);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return mcr_error(eb, MCR_EIO, "netlink recv: %s",
					 safe_strerror(errno));
		}
		for (struct nlmsghdr *h = (struct nlmsghdr *)rbuf;
		     NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_seq != seq || h->nlmsg_type != NLMSG_ERROR)
				continue;
			return mcr_nl_parse_ack(h, h->nlmsg_len, seq, what, eb);
		}
	}
}

static enum mcr_err mcr_nl_set_up(uint32_t ifindex, uint32_t mtu,
				  struct mcr_errbuf *eb)
{
	uint8_t buf[512];
	size_t len;
	uint32_t seq = ++nl.seq;

	if (mcr_nl_link_set(buf, sizeof(buf), seq, ifindex, true, mtu, &len,
			    eb))
		return MCR_EINVAL;
	return mcr_nl_talk(buf, len, seq, "link", eb);
}

enum mcr_err mcr_netlink_addr_add(uint32_t ifindex, const struct mcr_addr *a,
				  unsigned plen, struct mcr_errbuf *eb)
{
	uint8_t buf[512];
	size_t len;
	uint32_t seq = ++nl.seq;
	enum mcr_err err;

	if (mcr_nl_addr(buf, sizeof(buf), seq, true, ifindex, a, plen, &len,
			eb))
		return MCR_EINVAL;
	err = mcr_nl_talk(buf, len, seq, "address", eb);
	return err == MCR_EEXIST ? MCR_OK : err;
}

enum mcr_err mcr_netlink_link_delete(uint32_t ifindex, const char *ifname,
				     struct mcr_errbuf *eb)
{
	uint8_t buf[512];
	size_t len;
	uint32_t seq = ++nl.seq;
	enum mcr_err err;

	if (mcr_nl_link_del(buf, sizeof(buf), seq, ifindex, ifname, &len, eb))
		return MCR_EINVAL;
	err = mcr_nl_talk(buf, len, seq, "link", eb);
	return err == MCR_ENOENT ? MCR_OK : err;
}

/* After RTM_NEWLINK: find the ifindex, set MTU/up, add the address. */
static enum mcr_err mcr_nl_finish(const char *ifname, uint32_t mtu,
				  const struct mcr_addr *inside,
				  unsigned plen, uint32_t *ifindex,
				  struct mcr_errbuf *eb)
{
	struct mcr_errbuf eb2;
	enum mcr_err err;
	unsigned idx = if_nametoindex(ifname);

	if (!idx)
		err = mcr_error(eb, MCR_EIO, "%s: created but not found: %s",
				ifname, safe_strerror(errno));
	else {
		err = mcr_nl_set_up(idx, mtu, eb);
		if (!err && inside && inside->family)
			err = mcr_netlink_addr_add(idx, inside, plen, eb);
	}
	if (err) {
		mcr_netlink_link_delete(idx, idx ? NULL : ifname, &eb2);
		return err;
	}
	*ifindex = idx;
	return MCR_OK;
}

enum mcr_err mcr_netlink_gre_create(const struct mcr_nl_gre *g,
				    const struct mcr_addr *inside,
				    unsigned plen, uint32_t *ifindex,
				    struct mcr_errbuf *eb)
{
	uint8_t buf[1024];
	size_t len;
	uint32_t seq = ++nl.seq;
	enum mcr_err err;

	err = mcr_nl_gre_new(buf, sizeof(buf), seq, g, &len, eb);
	if (err)
		return err;
	err = mcr_nl_talk(buf, len, seq, "GRE", eb);
	if (err)
		return err;
	return mcr_nl_finish(g->ifname, g->mtu, inside, plen, ifindex, eb);
}

enum mcr_err mcr_netlink_xfrm_create(const struct mcr_nl_xfrm *x,
				     const struct mcr_addr *inside,
				     unsigned plen, uint32_t *ifindex,
				     struct mcr_errbuf *eb)
{
	uint8_t buf[1024];
	size_t len;
	uint32_t seq = ++nl.seq;
	enum mcr_err err;

	err = mcr_nl_xfrm_new(buf, sizeof(buf), seq, x, &len, eb);
	if (err)
		return err;
	err = mcr_nl_talk(buf, len, seq, "xfrm interface", eb);
	if (err)
		return err;
	return mcr_nl_finish(x->ifname, x->mtu, inside, plen, ifindex, eb);
}

enum mcr_err mcr_netlink_xfrm_probe(struct mcr_errbuf *eb)
{
	struct mcr_nl_xfrm x = {.ifname = "mcr-xprobe", .if_id = 0xfffffffe};
	uint8_t buf[1024];
	size_t len;
	uint32_t seq;
	struct mcr_errbuf e2 = {};

	if (nl.xfrm_probe != MCR_EAGAIN) {
		if (eb)
			strlcpy(eb->msg, nl.xfrm_probe_msg, sizeof(eb->msg));
		return nl.xfrm_probe;
	}
	seq = ++nl.seq;
	if (mcr_nl_xfrm_new(buf, sizeof(buf), seq, &x, &len, &e2) == MCR_OK)
		nl.xfrm_probe = mcr_nl_talk(buf, len, seq, "xfrm interface",
					    &e2);
	else
		nl.xfrm_probe = MCR_EINVAL;
	if (nl.xfrm_probe == MCR_OK || nl.xfrm_probe == MCR_EEXIST) {
		mcr_netlink_link_delete(0, x.ifname, &e2);
		nl.xfrm_probe = MCR_OK;
		e2.msg[0] = 0;
	} else if (nl.xfrm_probe != MCR_EUNSUPP) {
		/* a transient failure: ask again next time */
		enum mcr_err err = nl.xfrm_probe;

		nl.xfrm_probe = MCR_EAGAIN;
		return mcr_error(eb, err, "%s", e2.msg);
	}
	strlcpy(nl.xfrm_probe_msg, e2.msg, sizeof(nl.xfrm_probe_msg));
	zlog_info("netlink: xfrm interfaces %s%s%s",
		  nl.xfrm_probe == MCR_OK ? "available" : "unavailable",
		  e2.msg[0] ? ": " : "", e2.msg);
	if (eb)
		strlcpy(eb->msg, e2.msg, sizeof(eb->msg));
	return nl.xfrm_probe;
}

static void mcr_nl_monitor(struct thread *t)
{
	uint8_t buf[MCR_NL_BUFSIZE];
	struct mcr_nl_link_info li;
	struct mcr_errbuf eb;
	ssize_t n;

	thread_add_read(nl.master, mcr_nl_monitor, NULL, nl.mon_fd, &nl.t_mon);
	n = recv(nl.mon_fd, buf, sizeof(buf), MSG_DONTWAIT);
	if (n <= 0) {
		if (n < 0 && errno == ENOBUFS)
			zlog_warn("netlink: link monitor overrun");
		return;
	}
	for (struct nlmsghdr *h = (struct nlmsghdr *)buf;
	     NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
		if (h->nlmsg_type != RTM_NEWLINK && h->nlmsg_type != RTM_DELLINK)
			continue;
		if (h->nlmsg_type == RTM_DELLINK) {
			/* parse as NEWLINK-shaped: same layout */
			struct nlmsghdr *c = h;
			uint16_t saved = c->nlmsg_type;

			c->nlmsg_type = RTM_NEWLINK;
			if (mcr_nl_parse_link(c, c->nlmsg_len, &li, &eb) ==
			    MCR_OK && nl.cb)
				nl.cb(&li, true);
			c->nlmsg_type = saved;
			continue;
		}
		if (mcr_nl_parse_link(h, h->nlmsg_len, &li, &eb) == MCR_OK &&
		    nl.cb)
			nl.cb(&li, false);
	}
}

void mcr_netlink_init(struct thread_master *master, mcr_netlink_link_cb cb)
{
	nl.master = master;
	nl.cb = cb;
	frr_with_privs (&mcr_privs) {
		nl.req_fd = mcr_nl_socket(0);
		nl.mon_fd = mcr_nl_socket(RTMGRP_LINK);
	}
	if (nl.req_fd < 0 || nl.mon_fd < 0) {
		zlog_err("netlink: cannot open NETLINK_ROUTE sockets: %s",
			 safe_strerror(errno));
		return;
	}
	set_nonblocking(nl.mon_fd);
	thread_add_read(master, mcr_nl_monitor, NULL, nl.mon_fd, &nl.t_mon);
}

void mcr_netlink_fini(void)
{
	THREAD_OFF(nl.t_mon);
	if (nl.req_fd >= 0)
		close(nl.req_fd);
	if (nl.mon_fd >= 0)
		close(nl.mon_fd);
	nl.req_fd = nl.mon_fd = -1;
}
