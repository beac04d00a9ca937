/*
 * mcrouted: libmcr deltas as frr-mcrouted YANG notifications.
 *
 * The leaves are those of the notifications in yang/frr-mcrouted.yang;
 * FRR's nb_notification_send() hands them to every northbound plugin
 * (mcrouted's NETCONF module forwards them to subscribed sessions).
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#include <zebra.h>

#include "linklist.h"
#include "northbound.h"
#include "yang.h"

#include "mcr/attach.h"
#include "mcr/profile.h"

#include "mcrouted.h"
#include "mcr_core.h"
#include "mcr_notify.h"

#define NOTIF(name) "/frr-mcrouted:" name

static void arg_str(struct list *args, const char *notif, const char *leaf,
		    const char *value)
{
	char xpath[XPATH_MAXLEN];

	if (!value)
		return;
	snprintf(xpath, sizeof(xpath), "%s/%s", notif, leaf);
	listnode_add(args, yang_data_new(xpath, value));
}

static void arg_u32(struct list *args, const char *notif, const char *leaf,
		    uint32_t value)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%u", value);
	arg_str(args, notif, leaf, buf);
}

static void arg_prefix(struct list *args, const char *notif, const char *leaf,
		       const struct mcr_prefix *p)
{
	char buf[MCR_PREFIX_STRLEN];

	arg_str(args, notif, leaf, mcr_prefix2str(p, buf, sizeof(buf)));
}

static const char *family_name(uint8_t family)
{
	return family == MCR_AF_INET6 ? "ipv6" : "ipv4";
}

void mcr_notify_delta(const struct mcr_delta *d)
{
	const char *notif;
	struct list *args;
	const struct mcr_attach *a;

	switch (d->type) {
	case MCR_D_LIMIT_WARNING:
		notif = NOTIF("attachment-limit-warning");
		args = yang_data_list_new();
		arg_str(args, notif, "attachment", d->attach);
		arg_str(args, notif, "family", family_name(d->family));
		arg_str(args, notif, "direction", "inbound");
		arg_u32(args, notif, "count", d->count);
		arg_u32(args, notif, "limit", d->limit);
		a = mcr_core_attach_find(mcr_core, d->attach);
		if (a)
			arg_u32(args, notif, "threshold",
				mcr_attach_config(a)->profile.warn_pct);
		break;
	case MCR_D_LIMIT_EXCEEDED:
		notif = NOTIF("attachment-limit-exceeded");
		args = yang_data_list_new();
		arg_str(args, notif, "attachment", d->attach);
		arg_str(args, notif, "family", family_name(d->family));
		arg_u32(args, notif, "count", d->count);
		arg_u32(args, notif, "limit", d->limit);
		a = mcr_core_attach_find(mcr_core, d->attach);
		if (a)
			arg_str(args, notif, "action",
				mcr_limit_action_name(
					mcr_attach_config(a)->profile.limit_action));
		break;
	case MCR_D_CONFLICT_FOUND:
	case MCR_D_CONFLICT_RESOLVED:
		notif = d->type == MCR_D_CONFLICT_FOUND
				? NOTIF("conflict-found")
				: NOTIF("conflict-resolved");
		args = yang_data_list_new();
		arg_str(args, notif, "route-table", d->table);
		arg_prefix(args, notif, "prefix", &d->prefix);
		arg_str(args, notif, "attachment", d->attach);
		arg_prefix(args, notif, "other-prefix", &d->other_prefix);
		arg_str(args, notif, "other-attachment", d->other_attach);
		break;
	case MCR_D_PENDING_ADD:
		notif = NOTIF("prefix-pending");
		args = yang_data_list_new();
		arg_str(args, notif, "attachment", d->attach);
		arg_prefix(args, notif, "prefix", &d->prefix);
		break;
	default:
		return;
	}
	nb_notification_send(notif, args);
}

void mcr_notify_tunnel(const char *tunnel, const char *attach, bool up,
		       const char *reason)
{
	const char *notif = up ? NOTIF("tunnel-up") : NOTIF("tunnel-down");
	struct list *args = yang_data_list_new();

	arg_str(args, notif, "tunnel", tunnel);
	arg_str(args, notif, "attachment", attach);
	if (!up)
		arg_str(args, notif, "reason", reason);
	nb_notification_send(notif, args);
}
