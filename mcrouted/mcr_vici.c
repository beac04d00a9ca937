/*
 * mcrouted: VICI client of charon (see mcr_vici.h).
 *
 * Each connection is a small state machine:
 *
 *   closed --connect()--> open --(all requests of the start-up script
 *   answered)--> ready;  any read/write error, EOF, protocol error or a
 *   request unanswered for MCR_VICI_CMD_TIMEOUT s closes both
 *   connections and arms the reconnect timer (backoff doubling from
 *   0.5 s to 8 s, reset after a successful start-up).
 *
 * Requests (commands and event registrations) wait in a FIFO; only the
 * head is on the wire, the next one is written when the head's answer
 * (CMD_RESPONSE, CMD_UNKNOWN, EVENT_CONFIRM, EVENT_UNKNOWN) arrives.
 * EVENT packets may arrive at any time and go to the owner.
 *
 * Frames may hold a PSK (load-shared): they are never logged and are
 * wiped when released (mcr_vici_frame_release).
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#include <zebra.h>

#include <sys/un.h>

#include "log.h"
#include "network.h"
#include "memory.h"
#include "thread.h"
#include "typesafe.h"

#include "mcrouted.h"
#include "mcr_tunnel.h"
#include "mcr_vici.h"

DEFINE_MTYPE_STATIC(MCROUTED, MCR_VICI_REQ, "mcrouted VICI request");

#define MCR_VICI_BACKOFF_MIN_MS 500
#define MCR_VICI_BACKOFF_MAX_MS 8000
#define MCR_VICI_CMD_TIMEOUT 30 /* seconds without an answer */
#define MCR_VICI_READ_CHUNK 16384

/* Events the event connection subscribes to. */
static const char *const mcr_vici_events[] = {
	"ike-updown",
	"child-updown",
	"ike-rekey",
	"child-rekey",
};

PREDECL_DLIST(mcr_vici_reqs);

/* Invariant: frame is empty once written (wire_off == frame.len). */
struct mcr_vici_req {
	struct mcr_vici_reqs_item item;
	struct mcr_vici_frame frame;
	size_t wire_off;
	char what[32];
	bool startup; /* part of the connection's start-up script */
	mcr_vici_done_cb cb;
	void *arg;
};

DECLARE_DLIST(mcr_vici_reqs, struct mcr_vici_req, item);

/*
 * Invariant: fd >= 0 iff the connection is open; reader is non-NULL iff
 * open; the head of reqs is the request on the wire (if wire_busy).
 */
struct mcr_vici_conn {
	const char *name; /* "command" / "event" */
	int fd;
	struct mcr_vici_reader *reader;
	struct mcr_vici_reqs_head reqs;
	bool wire_busy;
	unsigned startup_left;
	struct thread *t_read, *t_write, *t_timeout;
};

static struct {
	struct thread_master *master;
	struct mcr_vici_owner owner;
	char path[PATH_MAX];
	struct mcr_vici_conn cmd, evt;
	bool wanted;	/* some tunnel needs charon */
	bool connected; /* both ready */
	unsigned backoff_ms;
	struct thread *t_reconnect;
	char status[128];
	struct mcr_vici_stats stats;
} vc;

static void mcr_vici_reconnect(struct thread *t);
static void mcr_vici_read(struct thread *t);
static void mcr_vici_write(struct thread *t);
static void mcr_vici_timeout(struct thread *t);

static void mcr_vici_req_free(struct mcr_vici_req *r)
{
	mcr_vici_frame_release(&r->frame);
	XFREE(MTYPE_MCR_VICI_REQ, r);
}

static void mcr_vici_conn_close(struct mcr_vici_conn *c)
{
	struct mcr_vici_req *r;

	THREAD_OFF(c->t_read);
	THREAD_OFF(c->t_write);
	THREAD_OFF(c->t_timeout);
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	mcr_vici_reader_free(c->reader);
	c->reader = NULL;
	c->wire_busy = false;
	c->startup_left = 0;
	/* Drop what is queued; owners learn of the loss through 'lost'. */
	while ((r = mcr_vici_reqs_pop(&c->reqs))) {
		if (r->cb)
			r->cb(NULL, MCR_EAGAIN, "VICI connection lost", r->arg);
		mcr_vici_req_free(r);
	}
}

static void mcr_vici_schedule_reconnect(void)
{
	if (!vc.wanted || !vc.path[0])
		return;
	if (!vc.backoff_ms)
		vc.backoff_ms = MCR_VICI_BACKOFF_MIN_MS;
	thread_add_timer_msec(vc.master, mcr_vici_reconnect, NULL,
			      vc.backoff_ms, &vc.t_reconnect);
	vc.backoff_ms = MIN(vc.backoff_ms * 2, MCR_VICI_BACKOFF_MAX_MS);
}

/* Close both connections after an error, tell the owner, retry later. */
static void mcr_vici_fail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static void mcr_vici_fail(const char *fmt, ...)
{
	bool was = vc.connected;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(vc.status, sizeof(vc.status), fmt, ap);
	va_end(ap);
	if (was) {
		zlog_warn("VICI: %s (charon at %s); reconnecting", vc.status,
			  vc.path);
		vc.stats.losses++;
	} else
		MCR_DEBUG_TUNNEL("VICI: %s", vc.status);
	vc.connected = false;
	mcr_vici_conn_close(&vc.cmd);
	mcr_vici_conn_close(&vc.evt);
	if (was && vc.owner.lost)
		vc.owner.lost(vc.status);
	mcr_vici_schedule_reconnect();
}

static void mcr_vici_kick(struct mcr_vici_conn *c)
{
	struct mcr_vici_req *r = mcr_vici_reqs_first(&c->reqs);

	if (c->fd < 0 || c->wire_busy || !r)
		return;
	c->wire_busy = true;
	r->wire_off = 0;
	thread_add_write(vc.master, mcr_vici_write, c, c->fd, &c->t_write);
	thread_add_timer(vc.master, mcr_vici_timeout, c, MCR_VICI_CMD_TIMEOUT,
			 &c->t_timeout);
}

static void mcr_vici_enqueue(struct mcr_vici_conn *c,
			     struct mcr_vici_frame *f, const char *what,
			     bool startup, mcr_vici_done_cb cb, void *arg)
{
	struct mcr_vici_req *r = XCALLOC(MTYPE_MCR_VICI_REQ, sizeof(*r));

	r->frame = *f;
	f->data = NULL;
	f->len = 0;
	strlcpy(r->what, what, sizeof(r->what));
	r->startup = startup;
	r->cb = cb;
	r->arg = arg;
	if (startup)
		c->startup_left++;
	mcr_vici_reqs_add_tail(&c->reqs, r);
	mcr_vici_kick(c);
}

static void mcr_vici_check_ready(void)
{
	if (vc.connected || vc.cmd.fd < 0 || vc.evt.fd < 0 ||
	    vc.cmd.startup_left || vc.evt.startup_left)
		return;
	vc.connected = true;
	vc.backoff_ms = 0;
	vc.stats.connects++;
	snprintf(vc.status, sizeof(vc.status), "connected");
	zlog_info("VICI: connected to charon at %s", vc.path);
	if (vc.owner.connected)
		vc.owner.connected();
}

static void mcr_vici_startup_done(const struct mcr_vici_msg *m,
				  enum mcr_err err, const char *msg, void *arg)
{
	struct mcr_vici_conn *c = arg;

	if (err == MCR_EAGAIN)
		return;
	if (err != MCR_OK) {
		/* e.g. an unpatched event name: log, do not loop on it */
		zlog_warn("VICI: %s connection start-up: %s", c->name, msg);
	}
	if (c->startup_left)
		c->startup_left--;
	mcr_vici_check_ready();
}

static int mcr_vici_open(struct mcr_vici_conn *c)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	int fd;

	if (strlen(vc.path) >= sizeof(sun.sun_path)) {
		mcr_vici_fail("socket path too long: %s", vc.path);
		return -1;
	}
	strlcpy(sun.sun_path, vc.path, sizeof(sun.sun_path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		mcr_vici_fail("socket: %s", safe_strerror(errno));
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		int e = errno;

		close(fd);
		mcr_vici_fail("cannot connect to %s: %s", vc.path,
			      safe_strerror(e));
		return -1;
	}
	set_nonblocking(fd);
	c->fd = fd;
	c->reader = mcr_vici_reader_new(0);
	thread_add_read(vc.master, mcr_vici_read, c, fd, &c->t_read);
	return 0;
}

static void mcr_vici_connect(void)
{
	struct mcr_vici_frame f = {};
	struct mcr_errbuf eb;

	if (mcr_vici_open(&vc.cmd) < 0 || mcr_vici_open(&vc.evt) < 0)
		return;
	for (size_t i = 0; i < array_size(mcr_vici_events); i++) {
		if (mcr_vici_encode_register(mcr_vici_events[i], &f, &eb)) {
			mcr_vici_fail("encode: %s", eb.msg);
			return;
		}
		mcr_vici_enqueue(&vc.evt, &f, mcr_vici_events[i], true,
				 mcr_vici_startup_done, &vc.evt);
	}
	if (mcr_vici_encode_register("list-sa", &f, &eb)) {
		mcr_vici_fail("encode: %s", eb.msg);
		return;
	}
	mcr_vici_enqueue(&vc.cmd, &f, "list-sa", true, mcr_vici_startup_done,
			 &vc.cmd);
}

static void mcr_vici_reconnect(struct thread *t)
{
	mcr_vici_connect();
}

static void mcr_vici_timeout(struct thread *t)
{
	struct mcr_vici_conn *c = THREAD_ARG(t);
	struct mcr_vici_req *r = mcr_vici_reqs_first(&c->reqs);

	mcr_vici_fail("no answer to %s on the %s connection in %d s",
		      r ? r->what : "?", c->name, MCR_VICI_CMD_TIMEOUT);
}

static void mcr_vici_write(struct thread *t)
{
	struct mcr_vici_conn *c = THREAD_ARG(t);
	struct mcr_vici_req *r = mcr_vici_reqs_first(&c->reqs);
	ssize_t n;

	if (!r || !c->wire_busy)
		return;
	while (r->wire_off < r->frame.len) {
		n = write(c->fd, r->frame.data + r->wire_off,
			  r->frame.len - r->wire_off);
		if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			thread_add_write(vc.master, mcr_vici_write, c, c->fd,
					 &c->t_write);
			return;
		}
		if (n <= 0) {
			mcr_vici_fail("write on the %s connection: %s",
				      c->name, safe_strerror(errno));
			return;
		}
		r->wire_off += n;
	}
	/* On the wire: the plaintext (maybe a PSK) is no longer needed. */
	mcr_vici_frame_release(&r->frame);
	MCR_DEBUG_TUNNEL("VICI: sent %s on the %s connection", r->what,
			 c->name);
}

/* An answer for the head request of @c. */
static void mcr_vici_answer(struct mcr_vici_conn *c,
			    const struct mcr_vici_msg *m)
{
	struct mcr_vici_req *r = mcr_vici_reqs_first(&c->reqs);
	struct mcr_errbuf eb = {};
	enum mcr_err err;

	if (!r || !c->wire_busy) {
		mcr_vici_fail("unexpected answer on the %s connection", c->name);
		return;
	}
	mcr_vici_reqs_del(&c->reqs, r);
	c->wire_busy = false;
	THREAD_OFF(c->t_timeout);
	err = mcr_vici_response_check(m, &eb);
	if (!r->startup)
		vc.stats.commands++;
	if (err != MCR_OK) {
		vc.stats.failures++;
		MCR_DEBUG_TUNNEL("VICI: %s failed: %s", r->what, eb.msg);
	}
	if (r->cb)
		r->cb(m, err, eb.msg, r->arg);
	mcr_vici_req_free(r);
	/* the callback may have failed the connection */
	if (c->fd >= 0)
		mcr_vici_kick(c);
}

static void mcr_vici_dispatch(struct mcr_vici_conn *c,
			      const struct mcr_vici_msg *m)
{
	switch (m->type) {
	case MCR_VICI_CMD_RESPONSE:
	case MCR_VICI_CMD_UNKNOWN:
	case MCR_VICI_EVENT_CONFIRM:
	case MCR_VICI_EVENT_UNKNOWN:
		mcr_vici_answer(c, m);
		break;
	case MCR_VICI_EVENT:
		vc.stats.events++;
		MCR_DEBUG_TUNNEL("VICI: event %s", m->name);
		if (vc.owner.event)
			vc.owner.event(m);
		break;
	default:
		mcr_vici_fail("unexpected packet type %u on the %s connection",
			      (unsigned)m->type, c->name);
		break;
	}
}

static void mcr_vici_read(struct thread *t)
{
	struct mcr_vici_conn *c = THREAD_ARG(t);
	uint8_t buf[MCR_VICI_READ_CHUNK];
	struct mcr_vici_frame pkt = {};
	struct mcr_vici_msg *m;
	struct mcr_errbuf eb;
	enum mcr_err err;
	ssize_t n;

	n = read(c->fd, buf, sizeof(buf));
	if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
		thread_add_read(vc.master, mcr_vici_read, c, c->fd, &c->t_read);
		return;
	}
	if (n <= 0) {
		mcr_vici_fail("%s connection %s", c->name,
			      n == 0 ? "closed by charon"
				     : safe_strerror(errno));
		return;
	}
	err = mcr_vici_reader_feed(c->reader, buf, n, &eb);
	explicit_bzero(buf, n);
	if (err) {
		mcr_vici_fail("%s connection: %s", c->name, eb.msg);
		return;
	}
	while ((err = mcr_vici_reader_next(c->reader, &pkt, &eb)) == MCR_OK) {
		err = mcr_vici_parse(pkt.data, pkt.len, &m, &eb);
		mcr_vici_frame_release(&pkt);
		if (err) {
			mcr_vici_fail("%s connection: %s", c->name, eb.msg);
			return;
		}
		mcr_vici_dispatch(c, m);
		mcr_vici_msg_free(m);
		if (c->fd < 0)
			return; /* failed while dispatching */
	}
	if (err != MCR_EAGAIN) {
		mcr_vici_fail("%s connection: %s", c->name, eb.msg);
		return;
	}
	thread_add_read(vc.master, mcr_vici_read, c, c->fd, &c->t_read);
}

bool mcr_vici_submit(struct mcr_vici_frame *frame, const char *what,
		     mcr_vici_done_cb cb, void *arg)
{
	if (!vc.connected) {
		mcr_vici_frame_release(frame);
		return false;
	}
	mcr_vici_enqueue(&vc.cmd, frame, what, false, cb, arg);
	return true;
}

static void mcr_vici_restart(void)
{
	bool was = vc.connected;

	vc.connected = false;
	THREAD_OFF(vc.t_reconnect);
	mcr_vici_conn_close(&vc.cmd);
	mcr_vici_conn_close(&vc.evt);
	if (was && vc.owner.lost)
		vc.owner.lost("VICI socket changed");
	vc.backoff_ms = 0;
	if (!vc.wanted || !vc.path[0]) {
		snprintf(vc.status, sizeof(vc.status), "idle (%s)",
			 vc.path[0] ? "no IPsec tunnel" : "no VICI socket");
		return;
	}
	snprintf(vc.status, sizeof(vc.status), "connecting");
	thread_add_timer_msec(vc.master, mcr_vici_reconnect, NULL, 0,
			      &vc.t_reconnect);
}

void mcr_vici_want(bool want)
{
	if (want == vc.wanted)
		return;
	vc.wanted = want;
	/* an open connection stays (queued terminate/unload still go out);
	 * only (re)connecting depends on it */
	if (want && !vc.connected && vc.cmd.fd < 0)
		mcr_vici_restart();
}

void mcr_vici_set_socket(const char *path)
{
	if (!path)
		path = "";
	if (strcmp(path, vc.path) == 0)
		return;
	strlcpy(vc.path, path, sizeof(vc.path));
	zlog_info("VICI: using charon socket %s", vc.path);
	mcr_vici_restart();
}

const char *mcr_vici_socket_path(void)
{
	return vc.path;
}

bool mcr_vici_is_connected(void)
{
	return vc.connected;
}

const char *mcr_vici_status(void)
{
	return vc.status;
}

void mcr_vici_get_stats(struct mcr_vici_stats *s)
{
	*s = vc.stats;
}

static void mcr_vici_conn_init(struct mcr_vici_conn *c, const char *name)
{
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->fd = -1;
	mcr_vici_reqs_init(&c->reqs);
}

void mcr_vici_init(struct thread_master *master,
		   const struct mcr_vici_owner *owner)
{
	vc.master = master;
	vc.owner = *owner;
	mcr_vici_conn_init(&vc.cmd, "command");
	mcr_vici_conn_init(&vc.evt, "event");
	snprintf(vc.status, sizeof(vc.status), "not started");
}

void mcr_vici_fini(void)
{
	vc.connected = false;
	vc.owner.lost = NULL;
	THREAD_OFF(vc.t_reconnect);
	mcr_vici_conn_close(&vc.cmd);
	mcr_vici_conn_close(&vc.evt);
	mcr_vici_reqs_fini(&vc.cmd.reqs);
	mcr_vici_reqs_fini(&vc.evt.reqs);
}
