/*
 * mcrouted export stream and checkpoint (doc/stream.md).
 *
 * Stream: every delta batch libmcr returns (mcr_deltas_apply) and every
 * tunnel event (hook mcr_tunnel_event) becomes frames of proto/mcr.proto
 * (lib/mcr/frame.h), sent to the readers of 'export-stream path':
 *   unix-socket -- mcrouted listens at the path; each reader first gets a
 *                  Hello and a Checkpoint of the current state, then the
 *                  live frames.  A reader whose queue exceeds what it was
 *                  sent at connect plus MCR_EXPORT_BACKLOG is dropped
 *                  (logged): slow readers never block the daemon;
 *   file        -- frames are appended to the file (Hello and Checkpoint
 *                  first, each time the stream (re)opens it).
 *
 * Checkpoint: a Hello and a Checkpoint frame in MCR_CKPT_FILE, next to
 * zebra's socket (-z), rewritten atomically (temporary file + rename) at
 * most every MCR_CKPT_DELAY_MS after a change, and at shutdown.  At
 * start, on the first zebra connection, mcrouted re-installs the routes
 * of the checkpoint that libmcr does not have (yet); when the
 * configuration has been read (XFRR_end_configuration, i.e. vtysh -b,
 * plus MCR_RESTORE_SETTLE_MS) or at the latest MCR_RESTORE_HOLD_MS after
 * the connection, it withdraws those libmcr did not re-install and tells
 * zebra the route update is complete (client graceful restart, see
 * mcr_zebra.c): a restart loses nothing and flaps nothing.
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#ifndef _MCR_EXPORT_H
#define _MCR_EXPORT_H

#include "hook.h"

#include "mcr/pipeline.h"
#include "mcr/tunnel.h"

struct thread_master;

/* Bytes a socket reader may lag behind (beyond its initial checkpoint). */
#define MCR_EXPORT_BACKLOG (4u << 20)
#define MCR_CKPT_FILE "mcrouted.ckpt"
#define MCR_CKPT_DELAY_MS 1000
#define MCR_RESTORE_SETTLE_MS 2000
#define MCR_RESTORE_HOLD_MS 30000

/*
 * A tunnel changed state, or its SA count or error changed.  The tunnel
 * runtime (mcr_tunnel.c, which defines the hook) calls
 * hook_call(mcr_tunnel_event, &ev) after applying a struct
 * mcr_tunnel_delta; @ev and its strings are valid during the call.
 * Never put key material here: it goes to every stream reader.
 */
struct mcr_tunnel_report {
	const char *name;
	const char *attachment;		/* NULL/"" = none */
	enum mcr_tunnel_state old_state, state;
	bool up;			/* the attachment is up */
	uint32_t sa_count;		/* CHILD_SAs installed */
	const char *reason;		/* last error, NULL/"" = none */
};
DECLARE_HOOK(mcr_tunnel_event, (const struct mcr_tunnel_report *ev), (ev));

enum mcr_export_mode {
	MCR_EXPORT_SOCKET = 0,		/* YANG unix-socket */
	MCR_EXPORT_FILE,		/* YANG file */
};

void mcr_export_init(struct thread_master *master);
/* Write the checkpoint if it changed, close the stream. */
void mcr_export_fini(void);

/* A batch of deltas leaves libmcr (called by mcr_deltas_apply before it
 * acts on them).  O(deltas) plus encoding when the stream is open. */
void mcr_export_deltas(const struct mcr_deltas *d);

/* Set the stream (NULL or "" path: off).  Re-opens only on a change.
 * Until the northbound calls this, the running configuration is read
 * after each commit (see mcr_export.c). */
void mcr_export_configure(const char *path, enum mcr_export_mode mode);

#endif /* _MCR_EXPORT_H */
