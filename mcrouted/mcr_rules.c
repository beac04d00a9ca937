/*
 * mcrouted: route table associations as kernel policy routing rules.
 *
 * An attachment is associated with one route table: traffic arriving on
 * its interface is looked up in that table's kernel table.  That is an
 * "ip rule iif IFNAME lookup TABLE".  FRR 8.4's zebra only installs rules
 * on behalf of pbrd (with its own encoding), so mcrouted programs them
 * itself over rtnetlink, tagged with protocol mcr (199): on every
 * reconcile it dumps the kernel's rules, keeps ours, and adds/deletes the
 * difference.  Nothing without that tag is ever touched, and a restart
 * finds its rules again instead of flapping them.
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#include <zebra.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "log.h"
#include "northbound.h"
#include "privs.h"
#include "yang.h"

#include "mcr/nl_rule.h"

#include "mcrouted.h"
#include "mcr_core.h"
#include "mcr_rules.h"

#define MCR_RULE_PRIORITY 1000
#define MCR_RULES_MAX 256

static char mcr_rules_msg[256] = "not run yet";
static uint32_t mcr_rules_seq;

const char *mcr_rules_status(void)
{
	return mcr_rules_msg;
}

struct rule_set {
	struct mcr_nl_rule v[MCR_RULES_MAX];
	size_t n;
};

static bool rule_eq(const struct mcr_nl_rule *a, const struct mcr_nl_rule *b)
{
	return a->family == b->family && a->table == b->table &&
	       a->priority == b->priority &&
	       strcmp(a->iifname, b->iifname) == 0;
}

static bool rule_in(const struct rule_set *s, const struct mcr_nl_rule *r)
{
	for (size_t i = 0; i < s->n; i++)
		if (rule_eq(&s->v[i], r))
			return true;
	return false;
}

static int want_attach(const struct lyd_node *dn, void *arg)
{
	struct rule_set *want = arg;
	const struct mcr_rtable *t;
	const char *ifname, *table;
	uint32_t id;

	if (!yang_dnode_exists(dn, "./interface") ||
	    !yang_dnode_exists(dn, "./associate"))
		return YANG_ITER_CONTINUE;
	ifname = yang_dnode_get_string(dn, "./interface");
	table = yang_dnode_get_string(dn, "./associate");
	t = mcr_core_table_find(mcr_core, table);
	id = t ? mcr_rtable_kernel_id(t) : 0;
	if (!id)
		return YANG_ITER_CONTINUE;
	for (int f = 0; f < 2 && want->n < MCR_RULES_MAX; f++) {
		struct mcr_nl_rule *r = &want->v[want->n++];

		memset(r, 0, sizeof(*r));
		r->family = f ? AF_INET6 : AF_INET;
		strlcpy(r->iifname, ifname, sizeof(r->iifname));
		r->table = id;
		r->priority = MCR_RULE_PRIORITY;
	}
	return YANG_ITER_CONTINUE;
}

/* Send one request; collect RTM_NEWRULE replies of ours into @have (for a
 * dump), or the ack's errno. Returns 0 or -errno. */
static int nl_exchange(int fd, const void *req, size_t len,
		       struct rule_set *have)
{
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
	uint8_t buf[16384];
	const struct nlmsghdr *rq = req;

	if (sendto(fd, req, len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -errno;
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *h;
		size_t rem;

		if (n < 0)
			return -errno;
		rem = (size_t)n;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, rem);
		     h = NLMSG_NEXT(h, rem)) {
			if (h->nlmsg_seq != rq->nlmsg_seq)
				continue;
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				return e->error;
			}
			if (have && h->nlmsg_type == RTM_NEWRULE &&
			    have->n < MCR_RULES_MAX &&
			    mcr_nl_rule_parse(h, h->nlmsg_len,
					      &have->v[have->n]))
				have->n++;
		}
	}
}

int mcr_rules_reconcile(void)
{
	static struct rule_set want, have;
	uint8_t req[256];
	size_t len;
	int fd, err = 0, changes = 0;
	struct timeval tv = {.tv_sec = 2};

	want.n = have.n = 0;
	yang_dnode_iterate(want_attach, &want, running_config->dnode,
			   "/frr-mcrouted:mcrouted/attachment");

	frr_with_privs (&mcr_privs) {
		fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	}
	if (fd < 0) {
		snprintf(mcr_rules_msg, sizeof(mcr_rules_msg),
			 "netlink socket: %s", safe_strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	for (int f = 0; f < 2 && !err; f++) {
		mcr_nl_rule_dump(req, sizeof(req), ++mcr_rules_seq,
				 f ? AF_INET6 : AF_INET, &len, NULL);
		err = nl_exchange(fd, req, len, &have);
	}
	/* add what is missing first, then remove what is no longer wanted */
	for (size_t i = 0; i < want.n && !err; i++) {
		if (rule_in(&have, &want.v[i]))
			continue;
		if (mcr_nl_rule_msg(req, sizeof(req), ++mcr_rules_seq, true,
				    &want.v[i], &len, NULL) == MCR_OK) {
			frr_with_privs (&mcr_privs) {
				err = nl_exchange(fd, req, len, NULL);
			}
			if (err == -EEXIST)
				err = 0;
			changes++;
		}
	}
	for (size_t i = 0; i < have.n && !err; i++) {
		if (rule_in(&want, &have.v[i]))
			continue;
		if (mcr_nl_rule_msg(req, sizeof(req), ++mcr_rules_seq, false,
				    &have.v[i], &len, NULL) == MCR_OK) {
			frr_with_privs (&mcr_privs) {
				err = nl_exchange(fd, req, len, NULL);
			}
			if (err == -ENOENT)
				err = 0;
			changes++;
		}
	}
	close(fd);
	if (err) {
		snprintf(mcr_rules_msg, sizeof(mcr_rules_msg),
			 "netlink: %s", safe_strerror(-err));
		zlog_warn("policy rules: %s", mcr_rules_msg);
		return -1;
	}
	snprintf(mcr_rules_msg, sizeof(mcr_rules_msg), "%zu rule(s) in place",
		 want.n);
	return changes;
}
