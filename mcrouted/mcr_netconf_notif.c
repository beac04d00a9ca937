/*
 * NETCONF server module: event notifications (RFC 5277).
 *
 * The daemon sends YANG notifications through nb_notification_send(); the
 * hook below turns each into a notification of the NETCONF context and
 * writes it to every session with a subscription to the NETCONF stream.
 * :interleave: subscribed sessions keep sending RPCs.  No replay
 * (startTime is refused), no per-subscription filter.
 *
 * Main pthread only.
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#include <zebra.h>

#include "hook.h"
#include "linklist.h"
#include "log.h"
#include "northbound.h"
#include "yang.h"

#include "mcr_netconf.h"

static int ncs_notif_send(const char *xpath, struct list *arguments)
{
	struct lyd_node *tree = NULL, *node = NULL;
	struct nc_server_notif *notif;
	struct yang_data *data;
	struct listnode *ln;
	struct timespec ts;
	struct ncs_sess *s;
	char *when = NULL;
	unsigned int sent = 0;

	if (!ncs.ctx)
		return 0;
	if (lyd_new_path(NULL, ncs.ctx, xpath, NULL, 0, &tree) || !tree) {
		zlog_warn("NETCONF: notification %s unknown to NETCONF",
			  xpath);
		return 0;
	}
	for (ALL_LIST_ELEMENTS_RO(arguments, ln, data))
		if (lyd_new_path(tree, ncs.ctx, data->xpath, data->value,
				 LYD_NEW_PATH_UPDATE, &node))
			zlog_warn("NETCONF: notification %s: bad argument %s",
				  xpath, data->xpath);
	while (lyd_parent(tree))
		tree = lyd_parent(tree);

	clock_gettime(CLOCK_REALTIME, &ts);
	ly_time_ts2str(&ts, &when);
	notif = nc_server_notif_new(tree, when, NC_PARAMTYPE_FREE);
	if (!notif) {
		lyd_free_all(tree);
		free(when);
		return 0;
	}
	pthread_mutex_lock(&ncs.mtx);
	frr_each (ncs_sessions, &ncs.sessions, s) {
		if (!s->subscribed ||
		    nc_session_get_status(s->nc) != NC_STATUS_RUNNING)
			continue;
		if (nc_server_notif_send(s->nc, notif, 1000) == NC_MSG_NOTIF) {
			s->notifs++;
			sent++;
		} else
			zlog_warn("NETCONF: cannot send notification to session %u",
				  s->id);
	}
	pthread_mutex_unlock(&ncs.mtx);
	nc_server_notif_free(notif);
	NCS_DEBUG("notification %s sent to %u session(s)", xpath, sent);
	return 0;
}

struct nc_server_reply *ncs_notif_subscribe(struct lyd_node *rpc,
					    struct ncs_sess *sess)
{
	struct lyd_node *c;
	const char *stream = "NETCONF";

	LY_LIST_FOR (lyd_child(rpc), c) {
		if (!strcmp(LYD_NAME(c), "stream"))
			stream = lyd_get_value(c);
		else if (!strcmp(LYD_NAME(c), "startTime"))
			return ncs_reply_err(ncs_err(
				NC_ERR_OP_NOT_SUPPORTED, NC_ERR_TYPE_PROT,
				NULL, "notification replay is not supported"));
		else if (!strcmp(LYD_NAME(c), "filter"))
			return ncs_reply_err(ncs_err(
				NC_ERR_OP_NOT_SUPPORTED, NC_ERR_TYPE_PROT,
				NULL,
				"notification filters are not supported"));
	}
	if (strcmp(stream, "NETCONF"))
		return ncs_reply_err(ncs_err(NC_ERR_INVALID_VALUE,
					     NC_ERR_TYPE_APP, NULL,
					     "no stream %s", stream));
	if (sess->subscribed)
		return ncs_reply_err(ncs_err(
			NC_ERR_IN_USE, NC_ERR_TYPE_PROT, NULL,
			"this session already has a subscription"));
	pthread_mutex_lock(&ncs.mtx);
	sess->subscribed = true;
	pthread_mutex_unlock(&ncs.mtx);
	nc_session_inc_notif_status(sess->nc);
	NCS_DEBUG("session %u subscribed to %s", sess->id, stream);
	return nc_server_reply_ok();
}

void ncs_notif_init(void)
{
	hook_register(nb_notification_send, ncs_notif_send);
}
