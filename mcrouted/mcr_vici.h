/*
 * mcrouted: VICI client of strongSwan's charon on FRR's event loop.
 *
 * Two UNIX stream connections to the socket of the model's 'vici'
 * container: one for commands (a FIFO of requests, one in flight at a
 * time, since VICI has no request ids), one for events (ike-updown,
 * child-updown, ike-rekey, child-rekey).  The command connection is also
 * registered for list-sa, which charon streams on the connection that
 * issued list-sas, before its response.
 *
 * Lost connections are retried with exponential backoff (0.5 s .. 8 s);
 * the owner is told when the client is connected (both connections up
 * and all event registrations confirmed: resync then) and when it is
 * lost.  Bytes are encoded and decoded by lib/vici.c only.
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#ifndef _MCR_VICI_H
#define _MCR_VICI_H

#include "mcr/vici.h"

struct thread_master;

/*
 * Completion of one request.  @err is MCR_OK (@m is the response),
 * an error from charon (@msg says why, @m the response), or MCR_EAGAIN
 * when the request was dropped because the connection was lost (@m NULL;
 * the owner learns about the loss through its 'lost' callback too).
 */
typedef void (*mcr_vici_done_cb)(const struct mcr_vici_msg *m,
				 enum mcr_err err, const char *msg, void *arg);

struct mcr_vici_owner {
	void (*connected)(void);
	void (*lost)(const char *why);
	/* An EVENT packet from either connection (list-sa included). */
	void (*event)(const struct mcr_vici_msg *m);
};

void mcr_vici_init(struct thread_master *master,
		   const struct mcr_vici_owner *owner);
void mcr_vici_fini(void);

/* Use @path (NULL or "": none, idle); reconnects if it changed.  The
 * default is the YANG one, applied by the northbound (mcr_vici_socket()). */
void mcr_vici_set_socket(const char *path);
const char *mcr_vici_socket_path(void);
/* Connect only while some IPsec tunnel is configured. */
void mcr_vici_want(bool want);
bool mcr_vici_is_connected(void);
/* Short text of the connection state, for show. */
const char *mcr_vici_status(void);

/*
 * Queue a command frame built by mcr_vici_cmd_*() on the command
 * connection.  Takes @frame (it is wiped and released once sent or
 * dropped).  @what names it in logs (never the frame's content: it may
 * hold a PSK).  Returns false (and releases @frame, without calling @cb)
 * when not connected.
 */
bool mcr_vici_submit(struct mcr_vici_frame *frame, const char *what,
		     mcr_vici_done_cb cb, void *arg);

/* Counters for show. */
struct mcr_vici_stats {
	uint64_t connects, losses, commands, failures, events;
};
void mcr_vici_get_stats(struct mcr_vici_stats *s);

#endif /* _MCR_VICI_H */
