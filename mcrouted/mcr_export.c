/*
 * mcrouted export stream and checkpoint (see mcr_export.h for what they
 * are; frames are built by libmcr's lib/frame.c).
 *
 * Stream state: one listening socket (or one append-only file) and a
 * list of readers, each with its own output queue (struct mcr_fbuf)
 * drained by a write thread; a read thread only notices hang-ups.  Live
 * frames of one delta batch are encoded once and appended to every
 * queue.
 *
 * Restart state machine (restore phase):
 *
 *   WAIT_ZEBRA --first zebra connect--> WAIT_CONFIG: checkpoint routes
 *       libmcr lacks are re-installed and remembered (restored set);
 *   WAIT_CONFIG --end of configuration + SETTLE, or HOLD--> DONE:
 *       restored routes libmcr did not take over are withdrawn, zebra is
 *       told the update is complete, checkpoint writing starts.
 *
 * A libmcr install or withdrawal of a restored (kernel table, prefix)
 * takes it over: it leaves the restored set.  While restored routes wait
 * for DONE the checkpoint file is not rewritten (the old one still
 * describes the kernel), and stream checkpoints show libmcr's routes
 * plus the restored ones.
 *
 * Configuration: the northbound has no export-stream callbacks yet, so
 * after every delta batch (each commit ends with one) an event reads
 * export-stream/path and /mode from the running configuration and calls
 * mcr_export_configure(); cheap when nothing changed.
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#include <zebra.h>

#include <sys/stat.h>
#include <sys/un.h>

#include <lib/version.h>
#include "command.h"
#include "hash.h"
#include "jhash.h"
#include "libfrr.h"
#include "log.h"
#include "memory.h"
#include "network.h"
#include "northbound.h"
#include "thread.h"
#include "typesafe.h"
#include "yang.h"

#include "mcr/frame.h"

#include "mcrouted.h"
#include "mcr_core.h"
#include "mcr_export.h"
#include "mcr_tunnel_cfg.h"
#include "mcr_zebra.h"

DEFINE_MTYPE_STATIC(MCROUTED, MCR_EXP_READER, "mcrouted export reader");
DEFINE_MTYPE_STATIC(MCROUTED, MCR_EXP_TUNNEL, "mcrouted export tunnel");
DEFINE_MTYPE_STATIC(MCROUTED, MCR_EXP_RESTORED, "mcrouted restored route");

#define XPATH_ES "/frr-mcrouted:mcrouted/export-stream"

PREDECL_DLIST(mcr_exp_readers);

/* Invariant: fd >= 0 while on the list; sent_initial is what the reader
 * was queued at connect (its backlog allowance starts above it). */
struct mcr_exp_reader {
	struct mcr_exp_readers_item item;
	int fd;
	struct mcr_fbuf out;
	size_t limit;
	uint64_t id;
	struct thread *t_read, *t_write;
};
DECLARE_DLIST(mcr_exp_readers, struct mcr_exp_reader, item);

PREDECL_RBTREE_UNIQ(mcr_exp_tunnels);

/* Last reported state of a tunnel (for checkpoints). */
struct mcr_exp_tunnel {
	struct mcr_exp_tunnels_item item;
	char name[MCR_NAME_MAX];
	char attach[MCR_NAME_MAX];
	char reason[128];
	enum mcr_tunnel_state state, old_state;
	bool up;
	uint32_t sa_count;
};

static int mcr_exp_tunnel_cmp(const struct mcr_exp_tunnel *a,
			      const struct mcr_exp_tunnel *b)
{
	return strcmp(a->name, b->name);
}
DECLARE_RBTREE_UNIQ(mcr_exp_tunnels, struct mcr_exp_tunnel, item,
		    mcr_exp_tunnel_cmp);

/* A route re-installed from the checkpoint that libmcr has not taken
 * over.  Invariant: one per (kernel_id, prefix); rc points into
 * mcr_exp.restored_frame. */
struct mcr_exp_restored {
	uint32_t kernel_id;
	struct mcr_prefix p;
	const Mcr__RouteChange *rc;
};

enum mcr_restore_phase {
	MCR_RS_WAIT_ZEBRA,
	MCR_RS_WAIT_CONFIG,
	MCR_RS_DONE,
};

static struct {
	struct thread_master *master;

	/* stream */
	char path[PATH_MAX];
	enum mcr_export_mode mode;
	int listen_fd, file_fd;
	struct thread *t_accept, *t_cfg;
	struct mcr_exp_readers_head readers;
	uint64_t reader_ids;
	uint64_t seq, batch;
	struct mcr_fbuf scratch;

	/* tunnels */
	struct mcr_exp_tunnels_head tunnels;

	/* checkpoint and restore */
	char ckpt_path[PATH_MAX];
	bool ckpt_dirty;
	struct thread *t_ckpt;
	enum mcr_restore_phase phase;
	bool config_done;
	struct thread *t_reconcile;
	Mcr__Frame *restored_frame;
	struct hash *restored;
	unsigned n_restored_total;
} mcr_exp = {.listen_fd = -1, .file_fd = -1};

static uint64_t mcr_exp_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* ---- restored set --------------------------------------------------- */

static unsigned int mcr_restored_hash(const void *arg)
{
	const struct mcr_exp_restored *r = arg;

	return jhash(r->p.addr, sizeof(r->p.addr),
		     jhash_3words(r->kernel_id, r->p.family, r->p.len, 0));
}

static bool mcr_restored_eq(const void *a, const void *b)
{
	const struct mcr_exp_restored *x = a, *y = b;

	return x->kernel_id == y->kernel_id && mcr_prefix_equal(&x->p, &y->p);
}

static void *mcr_restored_alloc(void *arg)
{
	struct mcr_exp_restored *r = XCALLOC(MTYPE_MCR_EXP_RESTORED, sizeof(*r));

	*r = *(struct mcr_exp_restored *)arg;
	return r;
}

static void mcr_restored_free(void *arg)
{
	XFREE(MTYPE_MCR_EXP_RESTORED, arg);
}

/* libmcr now owns (kernel_id, p): forget the restored copy. */
static void mcr_restored_taken(uint32_t kernel_id, const struct mcr_prefix *p)
{
	struct mcr_exp_restored key = {.kernel_id = kernel_id, .p = *p}, *r;

	if (!mcr_exp.restored)
		return;
	r = hash_release(mcr_exp.restored, &key);
	if (r)
		mcr_restored_free(r);
}

/* ---- checkpoints ----------------------------------------------------- */

static int mcr_ckpt_add_restored(struct hash_bucket *b, void *arg)
{
	struct mcr_exp_restored *r = b->data;
	struct mcr_nexthop nh[MCR_ECMP_MAX * MCR_NH_MAX];
	struct mcr_delta d;

	if (mcr_frame_route_get(r->rc, &d, nh, array_size(nh), NULL) == MCR_OK)
		mcr_ckpt_route(arg, &d, NULL);
	return HASHWALK_CONTINUE;
}

/* Hello + Checkpoint of the current state, appended to @out. */
static bool mcr_exp_put_snapshot(struct mcr_fbuf *out)
{
	struct mcr_frame_meta m = {.seq = mcr_exp.seq,
				   .time_ms = mcr_exp_now_ms(),
				   .batch = mcr_exp.batch};
	struct mcr_frame_hello h = {.daemon = "mcrouted",
				    .daemon_version = FRR_VERSION,
				    .pid = (uint32_t)getpid(),
				    .start_time = (uint64_t)mcrd.start_time};
	struct mcr_ckpt *ck = mcr_ckpt_new();
	struct mcr_exp_tunnel *t;
	struct mcr_errbuf eb;
	enum mcr_err err;

	mcr_ckpt_from_core(ck, mcr_core);
	if (mcr_exp.restored)
		hash_walk(mcr_exp.restored, mcr_ckpt_add_restored, ck);
	frr_each (mcr_exp_tunnels, &mcr_exp.tunnels, t) {
		struct mcr_frame_tunnel ft = {.name = t->name,
					      .attach = t->attach,
					      .state = t->state,
					      .old_state = t->old_state,
					      .up = t->up,
					      .sa_count = t->sa_count,
					      .reason = t->reason};

		mcr_ckpt_tunnel(ck, &ft);
	}
	err = mcr_frame_put_hello(out, &m, &h, &eb);
	if (err == MCR_OK)
		err = mcr_frame_put_checkpoint(out, &m, ck, &eb);
	mcr_ckpt_free(ck);
	if (err != MCR_OK) {
		zlog_err("export: cannot encode a checkpoint: %s", eb.msg);
		return false;
	}
	return true;
}

static bool mcr_exp_write_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* Write the checkpoint file atomically: temporary file, rename. */
static void mcr_ckpt_write(void)
{
	char tmp[PATH_MAX + 8];
	struct mcr_fbuf b;
	int fd;
	bool ok;

	mcr_fbuf_init(&b);
	if (!mcr_exp_put_snapshot(&b)) {
		mcr_fbuf_fini(&b);
		return;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", mcr_exp.ckpt_path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		zlog_warn("checkpoint: cannot create %s: %s", tmp,
			  safe_strerror(errno));
		mcr_fbuf_fini(&b);
		return;
	}
	ok = mcr_exp_write_all(fd, mcr_fbuf_head(&b), mcr_fbuf_size(&b)) &&
	     fsync(fd) == 0;
	close(fd);
	if (!ok || rename(tmp, mcr_exp.ckpt_path) < 0) {
		zlog_warn("checkpoint: cannot write %s: %s", mcr_exp.ckpt_path,
			  safe_strerror(errno));
		unlink(tmp);
	} else {
		mcr_exp.ckpt_dirty = false;
	}
	mcr_fbuf_fini(&b);
}

/* The file may be replaced once nothing from it waits to be reconciled
 * (nothing was restored, or the restore phase is over). */
static bool mcr_ckpt_writable(void)
{
	return mcr_exp.phase == MCR_RS_DONE ||
	       (mcr_exp.phase == MCR_RS_WAIT_CONFIG && !mcr_exp.restored_frame);
}

static void mcr_ckpt_timer(struct thread *t)
{
	if (mcr_exp.ckpt_dirty && mcr_ckpt_writable())
		mcr_ckpt_write();
}

/* State changed: write the checkpoint at most every MCR_CKPT_DELAY_MS. */
static void mcr_ckpt_touch(void)
{
	mcr_exp.ckpt_dirty = true;
	if (mcr_ckpt_writable() && !mcr_exp.t_ckpt)
		thread_add_timer_msec(mcr_exp.master, mcr_ckpt_timer, NULL,
				      MCR_CKPT_DELAY_MS, &mcr_exp.t_ckpt);
}

/* Read the checkpoint file; NULL (logged) if absent or unusable. */
static Mcr__Frame *mcr_ckpt_read(void)
{
	struct mcr_frame_dec *dec;
	struct mcr_errbuf eb;
	Mcr__Frame *f, *ck = NULL;
	uint8_t buf[65536];
	enum mcr_err err;
	ssize_t n;
	int fd;

	fd = open(mcr_exp.ckpt_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno != ENOENT)
			zlog_warn("checkpoint: cannot open %s: %s",
				  mcr_exp.ckpt_path, safe_strerror(errno));
		return NULL;
	}
	dec = mcr_frame_dec_new(0);
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		mcr_frame_dec_feed(dec, buf, (size_t)n);
		while ((err = mcr_frame_dec_next(dec, &f, &eb)) != MCR_EAGAIN) {
			if (err != MCR_OK) {
				zlog_warn("checkpoint %s: %s", mcr_exp.ckpt_path,
					  eb.msg);
				if (mcr_frame_dec_failed(dec))
					break;
				continue;
			}
			if (f->body_case == MCR__FRAME__BODY_CHECKPOINT) {
				mcr_frame_free(ck);
				ck = f;
			} else {
				mcr_frame_free(f);
			}
		}
		if (mcr_frame_dec_failed(dec))
			break;
	}
	if (n < 0)
		zlog_warn("checkpoint: reading %s: %s", mcr_exp.ckpt_path,
			  safe_strerror(errno));
	else if (!mcr_frame_dec_failed(dec) &&
		 mcr_frame_dec_finish(dec, &eb) != MCR_OK)
		zlog_warn("checkpoint %s: %s", mcr_exp.ckpt_path, eb.msg);
	mcr_frame_dec_free(dec);
	close(fd);
	return ck;
}

/* Does libmcr select @p in a table of kernel id @kid? */
struct mcr_exp_kid_ctx {
	uint32_t kid;
	const struct mcr_prefix *p;
	bool found;
};

static int mcr_exp_kid_walk(const struct mcr_rtable *t, void *arg)
{
	struct mcr_exp_kid_ctx *c = arg;
	struct mcr_rsel sel;

	if (mcr_rtable_kernel_id(t) == c->kid &&
	    mcr_rtable_find(t, c->p, &sel) && sel.kind != MCR_RK_NONE) {
		c->found = true;
		return 1;
	}
	return 0;
}

static bool mcr_exp_core_has(uint32_t kid, const struct mcr_prefix *p)
{
	struct mcr_exp_kid_ctx c = {.kid = kid, .p = p};

	mcr_core_table_walk(mcr_core, mcr_exp_kid_walk, &c);
	return c.found;
}

/* First zebra connection: re-install what the checkpoint holds. */
static void mcr_restore(void)
{
	struct mcr_nexthop nh[MCR_ECMP_MAX * MCR_NH_MAX];
	const Mcr__Checkpoint *cp;
	struct mcr_errbuf eb;
	unsigned n = 0, bad = 0;

	mcr_exp.restored = hash_create(mcr_restored_hash, mcr_restored_eq,
				       "mcrouted restored routes");
	mcr_exp.restored_frame = mcr_ckpt_read();
	if (!mcr_exp.restored_frame) {
		zlog_info("checkpoint %s: nothing to restore",
			  mcr_exp.ckpt_path);
		return;
	}
	cp = mcr_exp.restored_frame->checkpoint;
	for (size_t i = 0; i < cp->n_tables; i++) {
		const Mcr__TableSnapshot *ts = cp->tables[i];

		for (size_t j = 0; j < ts->n_routes; j++) {
			struct mcr_exp_restored key = {};
			struct mcr_delta d;

			if (mcr_frame_route_get(ts->routes[j], &d, nh,
						array_size(nh), &eb) != MCR_OK ||
			    d.type != MCR_D_ROUTE_INSTALL || !d.kernel_id) {
				bad++;
				continue;
			}
			if (mcr_exp_core_has(d.kernel_id, &d.prefix))
				continue; /* libmcr re-sent it already */
			key.kernel_id = d.kernel_id;
			key.p = d.prefix;
			key.rc = ts->routes[j];
			hash_get(mcr_exp.restored, &key, mcr_restored_alloc);
			mcr_zebra_route_delta(&d);
			n++;
		}
	}
	mcr_exp.n_restored_total = n;
	zlog_notice("checkpoint %s: re-installed %u routes (%u unusable) until the configuration and BGP are back",
		    mcr_exp.ckpt_path, n, bad);
}

static void mcr_exp_emit(const struct mcr_fbuf *b);

static int mcr_reconcile_walk(struct hash_bucket *b, void *arg)
{
	struct mcr_exp_restored *r = b->data;
	struct mcr_fbuf *out = arg;
	struct mcr_delta d = {.type = MCR_D_ROUTE_WITHDRAW};
	struct mcr_frame_meta m = {.seq = ++mcr_exp.seq,
				   .time_ms = mcr_exp_now_ms(),
				   .batch = mcr_exp.batch};

	d.table = r->rc->table;
	d.kernel_id = r->kernel_id;
	d.prefix = r->p;
	mcr_zebra_route_delta(&d);
	mcr_frame_put_delta(out, &m, &d, NULL);
	return HASHWALK_CONTINUE;
}

/* Restore phase over: withdraw what libmcr did not take over, tell zebra
 * the update is complete, start writing checkpoints. */
static void mcr_reconcile(struct thread *t)
{
	unsigned long stale = 0;
	struct mcr_fbuf *b = &mcr_exp.scratch;

	if (mcr_exp.phase != MCR_RS_WAIT_CONFIG)
		return;
	if (mcr_exp.restored) {
		stale = mcr_exp.restored->count;
		if (stale) {
			mcr_exp.batch++;
			mcr_fbuf_consume(b, mcr_fbuf_size(b));
			hash_walk(mcr_exp.restored, mcr_reconcile_walk, b);
			mcr_exp_emit(b);
		}
		hash_clean(mcr_exp.restored, mcr_restored_free);
		hash_free(mcr_exp.restored);
		mcr_exp.restored = NULL;
	}
	mcr_frame_free(mcr_exp.restored_frame);
	mcr_exp.restored_frame = NULL;
	mcr_exp.phase = MCR_RS_DONE;
	mcr_zebra_gr_complete();
	zlog_notice("restart complete: %u checkpoint routes re-installed, %lu withdrawn as no longer wanted",
		    mcr_exp.n_restored_total, stale);
	mcr_ckpt_write();
}

static void mcr_reconcile_schedule(long ms)
{
	THREAD_OFF(mcr_exp.t_reconcile);
	thread_add_timer_msec(mcr_exp.master, mcr_reconcile, NULL, ms,
			      &mcr_exp.t_reconcile);
}

/* XFRR_end_configuration: vtysh -b (or frr-reload) finished. */
static void mcr_exp_config_end(void)
{
	mcr_exp.config_done = true;
	if (mcr_exp.phase == MCR_RS_WAIT_CONFIG)
		mcr_reconcile_schedule(MCR_RESTORE_SETTLE_MS);
}

static int mcr_exp_zebra_connect(bool first)
{
	if (!first || mcr_exp.phase != MCR_RS_WAIT_ZEBRA) {
		/* zebra restarted: our tables were just re-sent */
		mcr_zebra_gr_complete();
		return 0;
	}
	mcr_restore();
	mcr_exp.phase = MCR_RS_WAIT_CONFIG;
	if (mcr_exp.ckpt_dirty)
		mcr_ckpt_touch();
	mcr_reconcile_schedule(mcr_exp.config_done ? MCR_RESTORE_SETTLE_MS
						   : MCR_RESTORE_HOLD_MS);
	return 0;
}

/* ---- stream: readers ------------------------------------------------- */

static void mcr_exp_reader_close(struct mcr_exp_reader *r, const char *why)
{
	zlog_info("export-stream: reader %" PRIu64 " closed: %s", r->id, why);
	THREAD_OFF(r->t_read);
	THREAD_OFF(r->t_write);
	close(r->fd);
	mcr_fbuf_fini(&r->out);
	mcr_exp_readers_del(&mcr_exp.readers, r);
	XFREE(MTYPE_MCR_EXP_READER, r);
}

static void mcr_exp_reader_write(struct thread *t);

static void mcr_exp_reader_flush(struct mcr_exp_reader *r)
{
	while (mcr_fbuf_size(&r->out)) {
		ssize_t n = send(r->fd, mcr_fbuf_head(&r->out),
				 mcr_fbuf_size(&r->out), MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && ERRNO_IO_RETRY(errno))
			break;
		if (n <= 0) {
			mcr_exp_reader_close(r, n < 0 ? safe_strerror(errno)
						      : "write failed");
			return;
		}
		mcr_fbuf_consume(&r->out, (size_t)n);
	}
	if (mcr_fbuf_size(&r->out))
		thread_add_write(mcr_exp.master, mcr_exp_reader_write, r, r->fd,
				 &r->t_write);
}

static void mcr_exp_reader_write(struct thread *t)
{
	mcr_exp_reader_flush(THREAD_ARG(t));
}

/* Readers send nothing; a readable socket is a hang-up (or junk). */
static void mcr_exp_reader_read(struct thread *t)
{
	struct mcr_exp_reader *r = THREAD_ARG(t);
	char buf[512];
	ssize_t n = read(r->fd, buf, sizeof(buf));

	if (n == 0 || (n < 0 && !ERRNO_IO_RETRY(errno))) {
		mcr_exp_reader_close(r, n == 0 ? "hang-up"
					       : safe_strerror(errno));
		return;
	}
	thread_add_read(mcr_exp.master, mcr_exp_reader_read, r, r->fd,
			&r->t_read);
}

static void mcr_exp_accept(struct thread *t)
{
	struct mcr_exp_reader *r;
	int fd;

	thread_add_read(mcr_exp.master, mcr_exp_accept, NULL,
			mcr_exp.listen_fd, &mcr_exp.t_accept);
	fd = accept4(mcr_exp.listen_fd, NULL, NULL,
		     SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0) {
		if (!ERRNO_IO_RETRY(errno))
			zlog_warn("export-stream: accept: %s",
				  safe_strerror(errno));
		return;
	}
	r = XCALLOC(MTYPE_MCR_EXP_READER, sizeof(*r));
	r->fd = fd;
	r->id = ++mcr_exp.reader_ids;
	mcr_fbuf_init(&r->out);
	mcr_exp_readers_add_tail(&mcr_exp.readers, r);
	mcr_exp_put_snapshot(&r->out);
	r->limit = mcr_fbuf_size(&r->out) + MCR_EXPORT_BACKLOG;
	zlog_info("export-stream: reader %" PRIu64 " connected (checkpoint of %zu bytes)",
		  r->id, mcr_fbuf_size(&r->out));
	thread_add_read(mcr_exp.master, mcr_exp_reader_read, r, r->fd,
			&r->t_read);
	mcr_exp_reader_flush(r);
}

/* Send encoded live frames to every reader and the file. */
static void mcr_exp_emit(const struct mcr_fbuf *b)
{
	struct mcr_exp_reader *r;
	size_t n = mcr_fbuf_size(b);

	if (!n)
		return;
	frr_each_safe (mcr_exp_readers, &mcr_exp.readers, r) {
		if (mcr_fbuf_size(&r->out) + n > r->limit) {
			zlog_warn("export-stream: reader %" PRIu64 " too slow (%zu bytes queued, limit %zu), dropped",
				  r->id, mcr_fbuf_size(&r->out), r->limit);
			mcr_exp_reader_close(r, "too slow");
			continue;
		}
		mcr_fbuf_put(&r->out, mcr_fbuf_head(b), n);
		if (!r->t_write)
			mcr_exp_reader_flush(r);
	}
	if (mcr_exp.file_fd >= 0 &&
	    !mcr_exp_write_all(mcr_exp.file_fd, mcr_fbuf_head(b), n)) {
		zlog_warn("export-stream: writing %s: %s; stream closed",
			  mcr_exp.path, safe_strerror(errno));
		close(mcr_exp.file_fd);
		mcr_exp.file_fd = -1;
	}
}

static bool mcr_exp_active(void)
{
	return mcr_exp.file_fd >= 0 ||
	       mcr_exp_readers_count(&mcr_exp.readers) > 0;
}

/* ---- stream: open / close -------------------------------------------- */

static void mcr_exp_close(void)
{
	struct mcr_exp_reader *r;

	frr_each_safe (mcr_exp_readers, &mcr_exp.readers, r)
		mcr_exp_reader_close(r, "export-stream closed");
	THREAD_OFF(mcr_exp.t_accept);
	if (mcr_exp.listen_fd >= 0) {
		close(mcr_exp.listen_fd);
		mcr_exp.listen_fd = -1;
		unlink(mcr_exp.path);
	}
	if (mcr_exp.file_fd >= 0) {
		close(mcr_exp.file_fd);
		mcr_exp.file_fd = -1;
	}
}

static void mcr_exp_open_socket(void)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct stat st;
	int fd;

	if (strlen(mcr_exp.path) >= sizeof(sa.sun_path)) {
		zlog_err("export-stream: socket path too long: %s",
			 mcr_exp.path);
		return;
	}
	strlcpy(sa.sun_path, mcr_exp.path, sizeof(sa.sun_path));
	if (lstat(mcr_exp.path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			zlog_err("export-stream: %s exists and is not a socket",
				 mcr_exp.path);
			return;
		}
		unlink(mcr_exp.path); /* a previous run's */
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    chmod(mcr_exp.path, 0660) < 0 || listen(fd, 16) < 0) {
		zlog_err("export-stream: cannot listen on %s: %s",
			 mcr_exp.path, safe_strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	mcr_exp.listen_fd = fd;
	thread_add_read(mcr_exp.master, mcr_exp_accept, NULL, fd,
			&mcr_exp.t_accept);
	zlog_info("export-stream: listening on %s", mcr_exp.path);
}

static void mcr_exp_open_file(void)
{
	struct mcr_fbuf b;
	int fd;

	fd = open(mcr_exp.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
		  0640);
	if (fd < 0) {
		zlog_err("export-stream: cannot open %s: %s", mcr_exp.path,
			 safe_strerror(errno));
		return;
	}
	mcr_fbuf_init(&b);
	if (!mcr_exp_put_snapshot(&b) ||
	    !mcr_exp_write_all(fd, mcr_fbuf_head(&b), mcr_fbuf_size(&b))) {
		zlog_err("export-stream: cannot write %s", mcr_exp.path);
		close(fd);
		fd = -1;
	}
	mcr_fbuf_fini(&b);
	mcr_exp.file_fd = fd;
	if (fd >= 0)
		zlog_info("export-stream: appending to %s", mcr_exp.path);
}

void mcr_export_configure(const char *path, enum mcr_export_mode mode)
{
	if (!path)
		path = "";
	if (!strcmp(path, mcr_exp.path) && mode == mcr_exp.mode)
		return;
	mcr_exp_close();
	strlcpy(mcr_exp.path, path, sizeof(mcr_exp.path));
	mcr_exp.mode = mode;
	if (!*path) {
		zlog_info("export-stream: off");
		return;
	}
	if (mode == MCR_EXPORT_FILE)
		mcr_exp_open_file();
	else
		mcr_exp_open_socket();
}

/* Read export-stream from the running configuration (see file comment). */
static void mcr_exp_cfg_poll(struct thread *t)
{
	const struct lyd_node *dn = running_config ? running_config->dnode
						   : NULL;
	const char *path = "";
	enum mcr_export_mode mode = MCR_EXPORT_SOCKET;

	if (dn && yang_dnode_exists(dn, XPATH_ES "/path"))
		path = yang_dnode_get_string(dn, XPATH_ES "/path");
	if (dn && yang_dnode_exists(dn, XPATH_ES "/mode") &&
	    !strcmp(yang_dnode_get_string(dn, XPATH_ES "/mode"), "file"))
		mode = MCR_EXPORT_FILE;
	mcr_export_configure(path, mode);
}

/* ---- live events ------------------------------------------------------ */

void mcr_export_deltas(const struct mcr_deltas *d)
{
	struct mcr_fbuf *b = &mcr_exp.scratch;
	bool active = mcr_exp_active();
	bool changed = false;
	struct mcr_frame_meta m;
	struct mcr_errbuf eb;

	/* a commit may have changed export-stream: look after it is done */
	thread_add_event(mcr_exp.master, mcr_exp_cfg_poll, NULL, 0,
			 &mcr_exp.t_cfg);
	if (!d->n)
		return;
	mcr_exp.batch++;
	m.batch = mcr_exp.batch;
	m.time_ms = mcr_exp_now_ms();
	mcr_fbuf_consume(b, mcr_fbuf_size(b));
	for (size_t i = 0; i < d->n; i++) {
		const struct mcr_delta *dl = &d->v[i];

		switch (dl->type) {
		case MCR_D_ROUTE_INSTALL:
		case MCR_D_ROUTE_WITHDRAW:
			mcr_restored_taken(dl->kernel_id, &dl->prefix);
			/* fall through */
		case MCR_D_EXPORT_ADD:
		case MCR_D_EXPORT_DEL:
			changed = true;
			break;
		default:
			break;
		}
		m.seq = ++mcr_exp.seq;
		if (active && mcr_frame_put_delta(b, &m, dl, &eb) != MCR_OK)
			zlog_warn("export-stream: delta not encoded: %s",
				  eb.msg);
	}
	if (changed)
		mcr_ckpt_touch();
	if (active)
		mcr_exp_emit(b);
}

static int mcr_exp_tunnel_event(const struct mcr_tunnel_report *ev)
{
	struct mcr_exp_tunnel key = {}, *t;
	struct mcr_frame_tunnel ft = {.name = ev->name,
				      .attach = ev->attachment,
				      .state = ev->state,
				      .old_state = ev->old_state,
				      .up = ev->up,
				      .sa_count = ev->sa_count,
				      .reason = ev->reason};
	struct mcr_frame_meta m = {.seq = ++mcr_exp.seq,
				   .time_ms = mcr_exp_now_ms(),
				   .batch = ++mcr_exp.batch};
	struct mcr_fbuf *b = &mcr_exp.scratch;
	struct mcr_errbuf eb;

	if (!ev->name || !*ev->name)
		return 0;
	strlcpy(key.name, ev->name, sizeof(key.name));
	t = mcr_exp_tunnels_find(&mcr_exp.tunnels, &key);
	if (!t) {
		t = XCALLOC(MTYPE_MCR_EXP_TUNNEL, sizeof(*t));
		strlcpy(t->name, ev->name, sizeof(t->name));
		mcr_exp_tunnels_add(&mcr_exp.tunnels, t);
	}
	strlcpy(t->attach, ev->attachment ? ev->attachment : "",
		sizeof(t->attach));
	strlcpy(t->reason, ev->reason ? ev->reason : "", sizeof(t->reason));
	t->state = ev->state;
	t->old_state = ev->old_state;
	t->up = ev->up;
	t->sa_count = ev->sa_count;
	mcr_ckpt_touch();
	if (!mcr_exp_active())
		return 0;
	mcr_fbuf_consume(b, mcr_fbuf_size(b));
	if (mcr_frame_put_tunnel(b, &m, &ft, &eb) != MCR_OK) {
		zlog_warn("export-stream: tunnel event not encoded: %s",
			  eb.msg);
		return 0;
	}
	mcr_exp_emit(b);
	return 0;
}

static int mcr_exp_tunnel_deleted(const char *name)
{
	struct mcr_exp_tunnel key = {}, *t;

	strlcpy(key.name, name, sizeof(key.name));
	t = mcr_exp_tunnels_find(&mcr_exp.tunnels, &key);
	if (!t)
		return 0;
	mcr_exp_tunnels_del(&mcr_exp.tunnels, t);
	XFREE(MTYPE_MCR_EXP_TUNNEL, t);
	mcr_ckpt_touch();
	return 0;
}

/* ---- init / fini -------------------------------------------------------- */

void mcr_export_init(struct thread_master *master)
{
	const char *z = frr_zclientpath;
	const char *slash = strrchr(z, '/');

	mcr_exp.master = master;
	mcr_exp_readers_init(&mcr_exp.readers);
	mcr_exp_tunnels_init(&mcr_exp.tunnels);
	mcr_fbuf_init(&mcr_exp.scratch);
	/* The checkpoint describes what this zebra holds: keep it beside
	 * zebra's socket (-z), else in the vty directory. */
	if (z[0] == '/' && slash)
		snprintf(mcr_exp.ckpt_path, sizeof(mcr_exp.ckpt_path),
			 "%.*s/%s", (int)(slash - z), z, MCR_CKPT_FILE);
	else
		snprintf(mcr_exp.ckpt_path, sizeof(mcr_exp.ckpt_path),
			 "%s/%s", frr_vtydir, MCR_CKPT_FILE);
	hook_register(mcr_zebra_connect, mcr_exp_zebra_connect);
	hook_register(mcr_tunnel_event, mcr_exp_tunnel_event);
	hook_register(mcr_tunnel_cfg_deleted, mcr_exp_tunnel_deleted);
	cmd_init_config_callbacks(NULL, mcr_exp_config_end);
}

void mcr_export_fini(void)
{
	struct mcr_exp_tunnel *t;

	if (mcr_ckpt_writable() && mcr_exp.ckpt_dirty)
		mcr_ckpt_write();
	THREAD_OFF(mcr_exp.t_ckpt);
	THREAD_OFF(mcr_exp.t_reconcile);
	THREAD_OFF(mcr_exp.t_cfg);
	mcr_exp_close();
	if (mcr_exp.restored) {
		hash_clean(mcr_exp.restored, mcr_restored_free);
		hash_free(mcr_exp.restored);
		mcr_exp.restored = NULL;
	}
	mcr_frame_free(mcr_exp.restored_frame);
	mcr_exp.restored_frame = NULL;
	while ((t = mcr_exp_tunnels_pop(&mcr_exp.tunnels)))
		XFREE(MTYPE_MCR_EXP_TUNNEL, t);
	mcr_fbuf_fini(&mcr_exp.scratch);
	hook_unregister(mcr_zebra_connect, mcr_exp_zebra_connect);
	hook_unregister(mcr_tunnel_event, mcr_exp_tunnel_event);
	hook_unregister(mcr_tunnel_cfg_deleted, mcr_exp_tunnel_deleted);
}
