/*
 * libmcr frames (see mcr/frame.h for the format and the error classes).
 *
 * Encoders fill protobuf-c messages that point at the caller's data (no
 * copies), size them with get_packed_size and pack them straight into the
 * output buffer behind the length prefix.  The checkpoint builder owns
 * its messages: strings and messages live in an arena freed at once,
 * pointer vectors grow by doubling.
 *
 * The decoder keeps unconsumed input in one buffer (compacted when the
 * consumed part dominates) and hands whole payloads to protobuf-c's
 * unpacker, whose allocations go through mcr_malloc (MCR_MT_FRAME) with a
 * size header, so the memory counters see them like any libmcr object.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcr/attach.h"
#include "mcr/export.h"
#include "mcr/frame.h"
#include "mcr/mem.h"
#include "mcr/prefix.h"
#include "mcr/rtable.h"

/* The proto enums mirror libmcr's numbering; keep them in step. */
_Static_assert((int)MCR__REASON__REASON_WITHDRAWN == (int)MCR_R_WITHDRAWN,
	       "Reason and enum mcr_reason differ");
_Static_assert((int)MCR__TUNNEL_STATE__TUNNEL_UP == (int)MCR_TUN_UP,
	       "TunnelState and enum mcr_tunnel_state differ");
_Static_assert((int)MCR__ROUTE_KIND__ROUTE_KIND_BLACKHOLE ==
		       (int)MCR_RK_BLACKHOLE,
	       "RouteKind and enum mcr_route_kind differ");
_Static_assert((int)MCR__FAMILY__FAMILY_INET == MCR_AF_INET &&
		       (int)MCR__FAMILY__FAMILY_INET6 == MCR_AF_INET6,
	       "Family and enum mcr_af differ");

/* ---- protobuf-c allocator on mcr_malloc */

/* Size header in front of each block, keeping max_align_t alignment. */
#define PB_HDR sizeof(max_align_t)

static void *pb_alloc(void *data, size_t size)
{
	uint8_t *b = mcr_malloc(MCR_MT_FRAME, size + PB_HDR);

	(void)data;
	memcpy(b, &size, sizeof(size));
	return b + PB_HDR;
}

static void pb_free(void *data, void *ptr)
{
	uint8_t *b;
	size_t size;

	(void)data;
	if (!ptr)
		return;
	b = (uint8_t *)ptr - PB_HDR;
	memcpy(&size, b, sizeof(size));
	mcr_free(MCR_MT_FRAME, b, size + PB_HDR);
}

static ProtobufCAllocator pb_allocator = {
	.alloc = pb_alloc,
	.free = pb_free,
};

/* ---- output buffer */

void mcr_fbuf_init(struct mcr_fbuf *b)
{
	memset(b, 0, sizeof(*b));
}

void mcr_fbuf_fini(struct mcr_fbuf *b)
{
	mcr_free(MCR_MT_FRAME, b->data, b->cap);
	memset(b, 0, sizeof(*b));
}

/* Make room for @n more bytes at the end. */
static void fbuf_reserve(struct mcr_fbuf *b, size_t n)
{
	size_t cap;

	if (b->off && b->off == b->len)
		b->off = b->len = 0;
	if (b->cap - b->len >= n)
		return;
	if (b->off) { /* compact first: the consumed part is reusable */
		memmove(b->data, b->data + b->off, b->len - b->off);
		b->len -= b->off;
		b->off = 0;
		if (b->cap - b->len >= n)
			return;
	}
	cap = b->cap ? b->cap : 256;
	while (cap - b->len < n)
		cap *= 2;
	b->data = mcr_realloc(MCR_MT_FRAME, b->data, b->cap, cap);
	b->cap = cap;
}

void mcr_fbuf_consume(struct mcr_fbuf *b, size_t n)
{
	MCR_ASSERT(n <= mcr_fbuf_size(b));
	b->off += n;
	if (b->off == b->len)
		b->off = b->len = 0;
}

void mcr_fbuf_put(struct mcr_fbuf *b, const void *data, size_t n)
{
	if (!n)
		return;
	fbuf_reserve(b, n);
	memcpy(b->data + b->len, data, n);
	b->len += n;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static enum mcr_err put_frame(struct mcr_fbuf *out, Mcr__Frame *f,
			      const struct mcr_frame_meta *m,
			      struct mcr_errbuf *eb)
{
	size_t n;

	f->seq = m->seq;
	f->time_ms = m->time_ms;
	f->batch = m->batch;
	n = mcr__frame__get_packed_size(f);
	if (n > MCR_FRAME_MAX)
		return mcr_error(eb, MCR_ELIMIT,
				 "frame of %zu bytes exceeds the maximum %u",
				 n, MCR_FRAME_MAX);
	fbuf_reserve(out, MCR_FRAME_HDR + n);
	put_be32(out->data + out->len, (uint32_t)n);
	mcr__frame__pack(f, out->data + out->len + MCR_FRAME_HDR);
	out->len += MCR_FRAME_HDR + n;
	return MCR_OK;
}

/* ---- libmcr values -> messages (pointing at the caller's data) */

static size_t af_bytes(uint8_t family)
{
	return family == MCR_AF_INET ? 4 : family == MCR_AF_INET6 ? 16 : 0;
}

static enum mcr_err pb_prefix(Mcr__Prefix *pb, const struct mcr_prefix *p,
			      struct mcr_errbuf *eb)
{
	mcr__prefix__init(pb);
	if (!af_bytes(p->family) || p->len > mcr_af_maxlen(p->family))
		return mcr_error(eb, MCR_EINVAL,
				 "prefix of family %u length %u cannot be encoded",
				 p->family, p->len);
	pb->family = (Mcr__Family)p->family;
	pb->addr.data = (uint8_t *)p->addr;
	pb->addr.len = af_bytes(p->family);
	pb->len = p->len;
	return MCR_OK;
}

/* Strings: protobuf-c wants char *, and "" for absent ones. */
static char *pb_str(const char *s)
{
	return (char *)(s ? s : "");
}

static enum mcr_err put_route(struct mcr_fbuf *out,
			      const struct mcr_frame_meta *m,
			      const struct mcr_delta *d,
			      struct mcr_errbuf *eb)
{
	Mcr__Frame f = MCR__FRAME__INIT;
	Mcr__RouteChange rc = MCR__ROUTE_CHANGE__INIT;
	Mcr__Prefix p;
	Mcr__Nexthop *nh = NULL, **nhp = NULL;
	Mcr__Address *na = NULL;
	unsigned nnh = d->type == MCR_D_ROUTE_INSTALL ? d->nnh : 0;
	enum mcr_err err;

	if (pb_prefix(&p, &d->prefix, eb))
		return MCR_EINVAL;
	if (d->type == MCR_D_ROUTE_INSTALL &&
	    (unsigned)d->kind > MCR_RK_BLACKHOLE)
		return mcr_error(eb, MCR_EINVAL, "route kind %d", d->kind);
	rc.op = d->type == MCR_D_ROUTE_INSTALL
			? MCR__ROUTE_CHANGE__OP__INSTALL
			: MCR__ROUTE_CHANGE__OP__WITHDRAW;
	rc.table = pb_str(d->table);
	rc.kernel_table = d->kernel_id;
	rc.prefix = &p;
	if (d->type == MCR_D_ROUTE_INSTALL) {
		rc.kind = (Mcr__RouteKind)d->kind;
		rc.metric = d->metric;
		rc.tag = d->tag;
	}
	if (nnh) {
		nh = mcr_calloc(MCR_MT_FRAME, nnh, sizeof(*nh));
		na = mcr_calloc(MCR_MT_FRAME, nnh, sizeof(*na));
		nhp = mcr_calloc(MCR_MT_FRAME, nnh, sizeof(*nhp));
		for (unsigned i = 0; i < nnh; i++) {
			mcr__nexthop__init(&nh[i]);
			nh[i].attachment = pb_str(d->nh[i].attach);
			if (d->nh[i].addr.family) {
				mcr__address__init(&na[i]);
				na[i].family =
					(Mcr__Family)d->nh[i].addr.family;
				na[i].addr.data = (uint8_t *)d->nh[i].addr.addr;
				na[i].addr.len = af_bytes(d->nh[i].addr.family);
				nh[i].address = &na[i];
			}
			nhp[i] = &nh[i];
		}
		rc.n_nexthops = nnh;
		rc.nexthops = nhp;
	}
	f.body_case = MCR__FRAME__BODY_ROUTE;
	f.route = &rc;
	err = put_frame(out, &f, m, eb);
	mcr_free(MCR_MT_FRAME, nh, nnh * sizeof(*nh));
	mcr_free(MCR_MT_FRAME, na, nnh * sizeof(*na));
	mcr_free(MCR_MT_FRAME, nhp, nnh * sizeof(*nhp));
	return err;
}

enum mcr_err mcr_frame_put_delta(struct mcr_fbuf *out,
				 const struct mcr_frame_meta *m,
				 const struct mcr_delta *d,
				 struct mcr_errbuf *eb)
{
	Mcr__Frame f = MCR__FRAME__INIT;
	Mcr__ExportChange ex = MCR__EXPORT_CHANGE__INIT;
	Mcr__ConflictEvent co = MCR__CONFLICT_EVENT__INIT;
	Mcr__LimitEvent li = MCR__LIMIT_EVENT__INIT;
	Mcr__PendingEvent pe = MCR__PENDING_EVENT__INIT;
	Mcr__DecisionEvent de = MCR__DECISION_EVENT__INIT;
	Mcr__Prefix p, q;

	if ((unsigned)d->reason >= MCR_R_MAX)
		return mcr_error(eb, MCR_EINVAL, "reason %d", d->reason);
	switch (d->type) {
	case MCR_D_ROUTE_INSTALL:
	case MCR_D_ROUTE_WITHDRAW:
		return put_route(out, m, d, eb);
	case MCR_D_EXPORT_ADD:
	case MCR_D_EXPORT_DEL:
		if (pb_prefix(&p, &d->prefix, eb))
			return MCR_EINVAL;
		ex.op = d->type == MCR_D_EXPORT_ADD
				? MCR__EXPORT_CHANGE__OP__ADD
				: MCR__EXPORT_CHANGE__OP__DEL;
		ex.attachment = pb_str(d->attach);
		ex.prefix = &p;
		ex.summary = d->type == MCR_D_EXPORT_ADD && d->summary;
		f.body_case = MCR__FRAME__BODY_EXPORT;
		f.export = &ex;
		break;
	case MCR_D_EXPORT_STATUS:
		if (!af_bytes(d->family))
			return mcr_error(eb, MCR_EINVAL, "family %u",
					 d->family);
		ex.op = MCR__EXPORT_CHANGE__OP__STATUS;
		ex.attachment = pb_str(d->attach);
		ex.family = (Mcr__Family)d->family;
		ex.summary = d->summary;
		ex.reason = (Mcr__Reason)d->reason;
		ex.message = pb_str(d->msg);
		f.body_case = MCR__FRAME__BODY_EXPORT;
		f.export = &ex;
		break;
	case MCR_D_CONFLICT_FOUND:
	case MCR_D_CONFLICT_RESOLVED:
		if (pb_prefix(&p, &d->prefix, eb) ||
		    pb_prefix(&q, &d->other_prefix, eb))
			return MCR_EINVAL;
		co.resolved = d->type == MCR_D_CONFLICT_RESOLVED;
		co.attachment = pb_str(d->attach);
		co.prefix = &p;
		co.other_attachment = pb_str(d->other_attach);
		co.other_prefix = &q;
		f.body_case = MCR__FRAME__BODY_CONFLICT;
		f.conflict = &co;
		break;
	case MCR_D_LIMIT_WARNING:
	case MCR_D_LIMIT_EXCEEDED:
	case MCR_D_LIMIT_CLEARED:
		if (!af_bytes(d->family))
			return mcr_error(eb, MCR_EINVAL, "family %u",
					 d->family);
		li.level = d->type == MCR_D_LIMIT_WARNING
				   ? MCR__LIMIT_EVENT__LEVEL__WARNING
			   : d->type == MCR_D_LIMIT_EXCEEDED
				   ? MCR__LIMIT_EVENT__LEVEL__EXCEEDED
				   : MCR__LIMIT_EVENT__LEVEL__CLEARED;
		li.attachment = pb_str(d->attach);
		li.family = (Mcr__Family)d->family;
		li.count = d->count;
		li.limit = d->limit;
		f.body_case = MCR__FRAME__BODY_LIMIT;
		f.limit = &li;
		break;
	case MCR_D_PENDING_ADD:
	case MCR_D_PENDING_DEL:
		if (pb_prefix(&p, &d->prefix, eb))
			return MCR_EINVAL;
		pe.added = d->type == MCR_D_PENDING_ADD;
		pe.attachment = pb_str(d->attach);
		pe.prefix = &p;
		f.body_case = MCR__FRAME__BODY_PENDING;
		f.pending = &pe;
		break;
	case MCR_D_REFUSED:
	case MCR_D_ACCEPTED:
		if (pb_prefix(&p, &d->prefix, eb))
			return MCR_EINVAL;
		de.accepted = d->type == MCR_D_ACCEPTED;
		de.attachment = pb_str(d->attach);
		de.prefix = &p;
		de.reason = (Mcr__Reason)d->reason;
		f.body_case = MCR__FRAME__BODY_DECISION;
		f.decision = &de;
		break;
	default:
		return mcr_error(eb, MCR_EINVAL, "unknown delta type %d",
				 d->type);
	}
	return put_frame(out, &f, m, eb);
}

static enum mcr_err pb_tunnel(Mcr__TunnelEvent *te,
			      const struct mcr_frame_tunnel *t,
			      struct mcr_errbuf *eb)
{
	mcr__tunnel_event__init(te);
	if (!t->name || !*t->name)
		return mcr_error(eb, MCR_EINVAL, "tunnel without a name");
	if ((unsigned)t->state >= MCR_TUN_STATE_MAX ||
	    (unsigned)t->old_state >= MCR_TUN_STATE_MAX)
		return mcr_error(eb, MCR_EINVAL, "tunnel %s: state %d/%d",
				 t->name, t->state, t->old_state);
	te->name = pb_str(t->name);
	te->attachment = pb_str(t->attach);
	te->state = (Mcr__TunnelState)t->state;
	te->old_state = (Mcr__TunnelState)t->old_state;
	te->up = t->up;
	te->sa_count = t->sa_count;
	te->reason = pb_str(t->reason);
	return MCR_OK;
}

enum mcr_err mcr_frame_put_tunnel(struct mcr_fbuf *out,
				  const struct mcr_frame_meta *m,
				  const struct mcr_frame_tunnel *t,
				  struct mcr_errbuf *eb)
{
	Mcr__Frame f = MCR__FRAME__INIT;
	Mcr__TunnelEvent te;

	if (pb_tunnel(&te, t, eb))
		return MCR_EINVAL;
	f.body_case = MCR__FRAME__BODY_TUNNEL;
	f.tunnel = &te;
	return put_frame(out, &f, m, eb);
}

enum mcr_err mcr_frame_put_hello(struct mcr_fbuf *out,
				 const struct mcr_frame_meta *m,
				 const struct mcr_frame_hello *h,
				 struct mcr_errbuf *eb)
{
	Mcr__Frame f = MCR__FRAME__INIT;
	Mcr__Hello he = MCR__HELLO__INIT;

	he.version = MCR_FRAME_VERSION;
	he.daemon = pb_str(h->daemon);
	he.daemon_version = pb_str(h->daemon_version);
	he.pid = h->pid;
	he.start_time = h->start_time;
	f.body_case = MCR__FRAME__BODY_HELLO;
	f.hello = &he;
	return put_frame(out, &f, m, eb);
}

/* ---- checkpoint builder */

struct ck_chunk {
	struct ck_chunk *next;
	size_t size, used;
	max_align_t data[];
};

#define CK_CHUNK_MIN 16384

/* Invariant: tables[i].routes has n_routes of rcap slots; every message
 * and string is in the arena. */
struct ck_table {
	Mcr__TableSnapshot pb;
	size_t rcap;
};

struct mcr_ckpt {
	struct ck_chunk *arena;
	struct ck_table *tables;
	size_t ntables, tcap;
	size_t last;		/* table of the previous route */
	Mcr__ExportChange **exports;
	size_t nexports, ecap;
	Mcr__TunnelEvent **tunnels;
	size_t ntunnels, ucap;
	uint64_t core_seq;
	size_t nroutes;
};

static void *ck_alloc(struct mcr_ckpt *ck, size_t n)
{
	struct ck_chunk *c = ck->arena;
	size_t al = sizeof(max_align_t);
	void *p;

	n = (n + al - 1) / al * al;
	if (!c || c->size - c->used < n) {
		size_t size = n > CK_CHUNK_MIN ? n : CK_CHUNK_MIN;

		c = mcr_malloc(MCR_MT_FRAME, sizeof(*c) + size);
		c->size = size;
		c->used = 0;
		c->next = ck->arena;
		ck->arena = c;
	}
	p = (uint8_t *)c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

static char *ck_strdup(struct mcr_ckpt *ck, const char *s)
{
	size_t n = strlen(s ? s : "") + 1;
	char *d = ck_alloc(ck, n);

	memcpy(d, s ? s : "", n);
	return d;
}

/* Grow a vector of pointers to hold one more. */
static void *vec_grow(void *v, size_t n, size_t *cap, size_t elt)
{
	size_t ncap;

	if (n < *cap)
		return v;
	ncap = *cap ? *cap * 2 : 8;
	v = mcr_realloc(MCR_MT_FRAME, v, *cap * elt, ncap * elt);
	*cap = ncap;
	return v;
}

static Mcr__Prefix *ck_prefix(struct mcr_ckpt *ck, const struct mcr_prefix *p)
{
	Mcr__Prefix *pb = ck_alloc(ck, sizeof(*pb));
	uint8_t *a;

	mcr__prefix__init(pb);
	pb->family = (Mcr__Family)p->family;
	pb->addr.len = af_bytes(p->family);
	a = ck_alloc(ck, pb->addr.len);
	memcpy(a, p->addr, pb->addr.len);
	pb->addr.data = a;
	pb->len = p->len;
	return pb;
}

struct mcr_ckpt *mcr_ckpt_new(void)
{
	return mcr_calloc(MCR_MT_FRAME, 1, sizeof(struct mcr_ckpt));
}

void mcr_ckpt_free(struct mcr_ckpt *ck)
{
	struct ck_chunk *c, *next;

	if (!ck)
		return;
	for (size_t i = 0; i < ck->ntables; i++)
		mcr_free(MCR_MT_FRAME, ck->tables[i].pb.routes,
			 ck->tables[i].rcap * sizeof(Mcr__RouteChange *));
	mcr_free(MCR_MT_FRAME, ck->tables, ck->tcap * sizeof(*ck->tables));
	mcr_free(MCR_MT_FRAME, ck->exports, ck->ecap * sizeof(*ck->exports));
	mcr_free(MCR_MT_FRAME, ck->tunnels, ck->ucap * sizeof(*ck->tunnels));
	for (c = ck->arena; c; c = next) {
		next = c->next;
		mcr_free(MCR_MT_FRAME, c, sizeof(*c) + c->size);
	}
	mcr_free(MCR_MT_FRAME, ck, sizeof(*ck));
}

static size_t ck_table_idx(struct mcr_ckpt *ck, const char *name,
			   uint32_t kernel_id)
{
	struct ck_table *t;
	size_t i;

	name = name ? name : "";
	if (ck->last < ck->ntables &&
	    strcmp(ck->tables[ck->last].pb.name, name) == 0)
		i = ck->last;
	else
		for (i = 0; i < ck->ntables; i++)
			if (strcmp(ck->tables[i].pb.name, name) == 0)
				break;
	if (i == ck->ntables) {
		ck->tables = vec_grow(ck->tables, ck->ntables, &ck->tcap,
				      sizeof(*ck->tables));
		t = &ck->tables[ck->ntables++];
		memset(t, 0, sizeof(*t));
		mcr__table_snapshot__init(&t->pb);
		t->pb.name = ck_strdup(ck, name);
	}
	ck->tables[i].pb.kernel_table = kernel_id;
	ck->last = i;
	return i;
}

void mcr_ckpt_table(struct mcr_ckpt *ck, const char *name,
		    uint32_t kernel_id)
{
	ck_table_idx(ck, name, kernel_id);
}

enum mcr_err mcr_ckpt_route(struct mcr_ckpt *ck, const struct mcr_delta *d,
			    struct mcr_errbuf *eb)
{
	struct ck_table *t;
	Mcr__RouteChange *rc;
	Mcr__Prefix tmp;
	size_t i;

	if (d->type != MCR_D_ROUTE_INSTALL)
		return mcr_error(eb, MCR_EINVAL,
				 "checkpoint routes are installs, not %s",
				 mcr_delta_type_name(d->type));
	if (pb_prefix(&tmp, &d->prefix, eb))
		return MCR_EINVAL;
	if ((unsigned)d->kind > MCR_RK_BLACKHOLE)
		return mcr_error(eb, MCR_EINVAL, "route kind %d", d->kind);
	i = ck_table_idx(ck, d->table, d->kernel_id); /* may grow tables */
	t = &ck->tables[i];
	rc = ck_alloc(ck, sizeof(*rc));
	mcr__route_change__init(rc);
	rc->op = MCR__ROUTE_CHANGE__OP__INSTALL;
	rc->table = t->pb.name;
	rc->kernel_table = d->kernel_id;
	rc->prefix = ck_prefix(ck, &d->prefix);
	rc->kind = (Mcr__RouteKind)d->kind;
	rc->metric = d->metric;
	rc->tag = d->tag;
	if (d->nnh) {
		rc->nexthops = ck_alloc(ck, d->nnh * sizeof(*rc->nexthops));
		for (unsigned k = 0; k < d->nnh; k++) {
			Mcr__Nexthop *nh = ck_alloc(ck, sizeof(*nh));

			mcr__nexthop__init(nh);
			nh->attachment = ck_strdup(ck, d->nh[k].attach);
			if (af_bytes(d->nh[k].addr.family)) {
				Mcr__Address *a = ck_alloc(ck, sizeof(*a));
				uint8_t *b;

				mcr__address__init(a);
				a->family = (Mcr__Family)d->nh[k].addr.family;
				a->addr.len = af_bytes(a->family);
				b = ck_alloc(ck, a->addr.len);
				memcpy(b, d->nh[k].addr.addr, a->addr.len);
				a->addr.data = b;
				nh->address = a;
			}
			rc->nexthops[k] = nh;
		}
		rc->n_nexthops = d->nnh;
	}
	t->pb.routes = vec_grow(t->pb.routes, t->pb.n_routes, &t->rcap,
				sizeof(*t->pb.routes));
	t->pb.routes[t->pb.n_routes++] = rc;
	ck->nroutes++;
	return MCR_OK;
}

void mcr_ckpt_export(struct mcr_ckpt *ck, const char *attach,
		     const struct mcr_prefix *p, bool summary)
{
	Mcr__ExportChange *ex = ck_alloc(ck, sizeof(*ex));

	mcr__export_change__init(ex);
	ex->op = MCR__EXPORT_CHANGE__OP__ADD;
	ex->attachment = ck_strdup(ck, attach);
	ex->prefix = ck_prefix(ck, p);
	ex->summary = summary;
	ck->exports = vec_grow(ck->exports, ck->nexports, &ck->ecap,
			       sizeof(*ck->exports));
	ck->exports[ck->nexports++] = ex;
}

void mcr_ckpt_tunnel(struct mcr_ckpt *ck, const struct mcr_frame_tunnel *t)
{
	Mcr__TunnelEvent *te = ck_alloc(ck, sizeof(*te));

	mcr__tunnel_event__init(te);
	te->name = ck_strdup(ck, t->name);
	te->attachment = ck_strdup(ck, t->attach);
	te->state = (Mcr__TunnelState)t->state;
	te->old_state = (Mcr__TunnelState)t->old_state;
	te->up = t->up;
	te->sa_count = t->sa_count;
	te->reason = ck_strdup(ck, t->reason);
	ck->tunnels = vec_grow(ck->tunnels, ck->ntunnels, &ck->ucap,
			       sizeof(*ck->tunnels));
	ck->tunnels[ck->ntunnels++] = te;
}

void mcr_ckpt_set_seq(struct mcr_ckpt *ck, uint64_t core_seq)
{
	ck->core_seq = core_seq;
}

size_t mcr_ckpt_route_count(const struct mcr_ckpt *ck)
{
	return ck->nroutes;
}

struct ck_walk {
	struct mcr_ckpt *ck;
	const char *name;
	uint32_t kernel_id;
};

/* One selected route as the pipeline's table_change_cb would emit it. */
static int ck_walk_route(const struct mcr_prefix *p,
			 const struct mcr_rsel *sel, void *arg)
{
	struct ck_walk *w = arg;
	struct mcr_nexthop nh[MCR_ECMP_MAX * MCR_NH_MAX];
	struct mcr_delta d = {.type = MCR_D_ROUTE_INSTALL};

	if (sel->kind == MCR_RK_NONE)
		return 0;
	d.table = w->name;
	d.kernel_id = w->kernel_id;
	d.prefix = *p;
	d.kind = sel->kind;
	for (unsigned i = 0; i < sel->n; i++) {
		if (!sel->route[i]) {
			nh[d.nnh].attach = sel->src[i]->name;
			nh[d.nnh++].addr = sel->static_nh;
			continue;
		}
		for (unsigned j = 0; j < sel->route[i]->nnh &&
				     d.nnh < MCR_ECMP_MAX * MCR_NH_MAX;
		     j++) {
			nh[d.nnh].attach = sel->src[i]->name;
			nh[d.nnh++].addr = sel->route[i]->nh[j];
		}
	}
	d.nh = nh;
	if (sel->kind == MCR_RK_PROPAGATED && sel->n) {
		d.metric = sel->route[0]->metric;
		d.tag = sel->route[0]->tag;
	}
	mcr_ckpt_route(w->ck, &d, NULL);
	return 0;
}

static int ck_walk_table(const struct mcr_rtable *t, void *arg)
{
	struct ck_walk w = {
		.ck = arg,
		.name = mcr_rtable_name(t),
		.kernel_id = mcr_rtable_kernel_id(t),
	};

	mcr_ckpt_table(w.ck, w.name, w.kernel_id);
	mcr_rtable_walk(t, MCR_AF_INET, ck_walk_route, &w);
	mcr_rtable_walk(t, MCR_AF_INET6, ck_walk_route, &w);
	return 0;
}

struct ck_exp_walk {
	struct mcr_ckpt *ck;
	const char *attach;
};

static int ck_walk_export_prefix(const struct mcr_prefix *p, bool summary,
				 void *arg)
{
	struct ck_exp_walk *w = arg;

	mcr_ckpt_export(w->ck, w->attach, p, summary);
	return 0;
}

struct ck_core_walk {
	struct mcr_ckpt *ck;
	const struct mcr_core *c;
};

static int ck_walk_attach_core(const struct mcr_attach *a, void *arg)
{
	struct ck_core_walk *cw = arg;
	struct ck_exp_walk w = {.ck = cw->ck, .attach = mcr_attach_name(a)};
	const struct mcr_export *e = mcr_core_export_find(cw->c, w.attach);

	if (!e)
		return 0;
	mcr_export_walk(e, MCR_AF_INET, ck_walk_export_prefix, &w);
	mcr_export_walk(e, MCR_AF_INET6, ck_walk_export_prefix, &w);
	return 0;
}

void mcr_ckpt_from_core(struct mcr_ckpt *ck, const struct mcr_core *c)
{
	struct ck_core_walk cw = {.ck = ck, .c = c};

	mcr_core_table_walk(c, ck_walk_table, ck);
	mcr_core_attach_walk(c, ck_walk_attach_core, &cw);
	mcr_ckpt_set_seq(ck, mcr_core_seq(c));
}

enum mcr_err mcr_frame_put_checkpoint(struct mcr_fbuf *out,
				      const struct mcr_frame_meta *m,
				      const struct mcr_ckpt *ck,
				      struct mcr_errbuf *eb)
{
	Mcr__Frame f = MCR__FRAME__INIT;
	Mcr__Checkpoint cp = MCR__CHECKPOINT__INIT;
	Mcr__TableSnapshot **tp = NULL;
	enum mcr_err err;

	if (ck->ntables) {
		tp = mcr_calloc(MCR_MT_FRAME, ck->ntables, sizeof(*tp));
		for (size_t i = 0; i < ck->ntables; i++)
			tp[i] = &ck->tables[i].pb;
	}
	cp.n_tables = ck->ntables;
	cp.tables = tp;
	cp.n_exports = ck->nexports;
	cp.exports = ck->exports;
	cp.n_tunnels = ck->ntunnels;
	cp.tunnels = ck->tunnels;
	cp.core_seq = ck->core_seq;
	f.body_case = MCR__FRAME__BODY_CHECKPOINT;
	f.checkpoint = &cp;
	err = put_frame(out, &f, m, eb);
	mcr_free(MCR_MT_FRAME, tp, ck->ntables * sizeof(*tp));
	return err;
}

/* ---- decoding */

static const char *const body_names[] = {
	[MCR__FRAME__BODY_HELLO] = "hello",
	[MCR__FRAME__BODY_CHECKPOINT] = "checkpoint",
	[MCR__FRAME__BODY_ROUTE] = "route",
	[MCR__FRAME__BODY_EXPORT] = "export",
	[MCR__FRAME__BODY_CONFLICT] = "conflict",
	[MCR__FRAME__BODY_LIMIT] = "limit",
	[MCR__FRAME__BODY_PENDING] = "pending",
	[MCR__FRAME__BODY_DECISION] = "decision",
	[MCR__FRAME__BODY_TUNNEL] = "tunnel",
};

const char *mcr_frame_body_name(Mcr__Frame__BodyCase c)
{
	if ((unsigned)c >= sizeof(body_names) / sizeof(body_names[0]) ||
	    !body_names[c])
		return "?";
	return body_names[c];
}

void mcr_frame_free(Mcr__Frame *f)
{
	if (f)
		mcr__frame__free_unpacked(f, &pb_allocator);
}

enum mcr_err mcr_frame_decode(const void *payload, size_t len,
			      Mcr__Frame **out, struct mcr_errbuf *eb)
{
	Mcr__Frame *f;

	*out = NULL;
	f = mcr__frame__unpack(&pb_allocator, len, payload);
	if (!f)
		return mcr_error(eb, MCR_EINVAL,
				 "undecodable payload (%zu bytes): not a mcr.Frame",
				 len);
	if (!strcmp(mcr_frame_body_name(f->body_case), "?")) {
		unsigned tag = f->base.n_unknown_fields
				       ? f->base.unknown_fields[0].tag
				       : 0;

		mcr_frame_free(f);
		if (tag)
			return mcr_error(eb, MCR_EINVAL,
					 "frame with unknown body (field %u)",
					 tag);
		return mcr_error(eb, MCR_EINVAL, "frame without a body");
	}
	*out = f;
	return MCR_OK;
}

/* Invariant: buf[off..len) is unconsumed input starting at stream offset
 * @offset; failed => err holds the message repeated to callers. */
struct mcr_frame_dec {
	uint8_t *buf;
	size_t off, len, cap;
	size_t max;
	uint64_t offset;
	uint64_t count;
	bool failed;
	char err[MCR_ERRMSG_LEN];
};

struct mcr_frame_dec *mcr_frame_dec_new(size_t max_frame)
{
	struct mcr_frame_dec *dec = mcr_calloc(MCR_MT_FRAME, 1, sizeof(*dec));

	dec->max = max_frame && max_frame < MCR_FRAME_MAX ? max_frame
							  : MCR_FRAME_MAX;
	return dec;
}

void mcr_frame_dec_free(struct mcr_frame_dec *dec)
{
	if (!dec)
		return;
	mcr_free(MCR_MT_FRAME, dec->buf, dec->cap);
	mcr_free(MCR_MT_FRAME, dec, sizeof(*dec));
}

void mcr_frame_dec_feed(struct mcr_frame_dec *dec, const void *data,
			size_t len)
{
	size_t cap;

	if (!len || dec->failed)
		return;
	if (dec->off == dec->len)
		dec->off = dec->len = 0;
	if (dec->cap - dec->len < len && dec->off) {
		memmove(dec->buf, dec->buf + dec->off, dec->len - dec->off);
		dec->len -= dec->off;
		dec->off = 0;
	}
	if (dec->cap - dec->len < len) {
		cap = dec->cap ? dec->cap : 4096;
		while (cap - dec->len < len)
			cap *= 2;
		dec->buf = mcr_realloc(MCR_MT_FRAME, dec->buf, dec->cap, cap);
		dec->cap = cap;
	}
	memcpy(dec->buf + dec->len, data, len);
	dec->len += len;
}

static enum mcr_err dec_fail(struct mcr_frame_dec *dec, struct mcr_errbuf *eb)
{
	dec->failed = true;
	return mcr_error(eb, MCR_EINVAL, "%s", dec->err);
}

enum mcr_err mcr_frame_dec_next(struct mcr_frame_dec *dec, Mcr__Frame **out,
				struct mcr_errbuf *eb)
{
	struct mcr_errbuf lb;
	size_t avail = dec->len - dec->off;
	uint64_t at = dec->offset;
	uint32_t n;

	*out = NULL;
	if (dec->failed)
		return mcr_error(eb, MCR_EINVAL, "%s", dec->err);
	if (avail < MCR_FRAME_HDR)
		return MCR_EAGAIN;
	n = get_be32(dec->buf + dec->off);
	if (n == 0 || n > dec->max) {
		snprintf(dec->err, sizeof(dec->err),
			 "bad frame length %u at offset %llu (1..%zu)", n,
			 (unsigned long long)at, dec->max);
		return dec_fail(dec, eb);
	}
	if (avail - MCR_FRAME_HDR < n)
		return MCR_EAGAIN;
	dec->off += MCR_FRAME_HDR + n;
	dec->offset += MCR_FRAME_HDR + n;
	if (mcr_frame_decode(dec->buf + dec->off - n, n, out, &lb) != MCR_OK)
		return mcr_error(eb, MCR_EINVAL, "frame at offset %llu: %s",
				 (unsigned long long)at, lb.msg);
	dec->count++;
	return MCR_OK;
}

enum mcr_err mcr_frame_dec_finish(struct mcr_frame_dec *dec,
				  struct mcr_errbuf *eb)
{
	size_t avail = dec->len - dec->off;

	if (dec->failed)
		return mcr_error(eb, MCR_EINVAL, "%s", dec->err);
	if (!avail)
		return MCR_OK;
	if (avail < MCR_FRAME_HDR)
		return mcr_error(eb, MCR_EINVAL,
				 "truncated frame at offset %llu: %zu of %u length bytes",
				 (unsigned long long)dec->offset, avail,
				 MCR_FRAME_HDR);
	return mcr_error(eb, MCR_EINVAL,
			 "truncated frame at offset %llu: %zu of %u payload bytes",
			 (unsigned long long)dec->offset,
			 avail - MCR_FRAME_HDR, get_be32(dec->buf + dec->off));
}

uint64_t mcr_frame_dec_offset(const struct mcr_frame_dec *dec)
{
	return dec->offset;
}

uint64_t mcr_frame_dec_count(const struct mcr_frame_dec *dec)
{
	return dec->count;
}

bool mcr_frame_dec_failed(const struct mcr_frame_dec *dec)
{
	return dec->failed;
}

/* ---- decoded messages -> libmcr values */

enum mcr_err mcr_frame_prefix_get(const Mcr__Prefix *p,
				  struct mcr_prefix *out,
				  struct mcr_errbuf *eb)
{
	size_t n;

	if (!p)
		return mcr_error(eb, MCR_EINVAL, "prefix missing");
	n = af_bytes((uint8_t)p->family);
	if (!n || (unsigned)p->family > 255)
		return mcr_error(eb, MCR_EINVAL, "prefix of unknown family %d",
				 p->family);
	if (p->addr.len != n)
		return mcr_error(eb, MCR_EINVAL,
				 "IPv%d prefix with %zu address bytes",
				 p->family, p->addr.len);
	if (p->len > mcr_af_maxlen((uint8_t)p->family))
		return mcr_error(eb, MCR_EINVAL, "IPv%d prefix length %u",
				 p->family, p->len);
	memset(out, 0, sizeof(*out));
	out->family = (uint8_t)p->family;
	out->len = (uint8_t)p->len;
	memcpy(out->addr, p->addr.data, n);
	if (!mcr_prefix_is_canonical(out))
		return mcr_error(eb, MCR_EINVAL, "prefix with host bits set");
	return MCR_OK;
}

static enum mcr_err name_get(const char *s, const char *what,
			     struct mcr_errbuf *eb)
{
	if (!s || !*s)
		return mcr_error(eb, MCR_EINVAL, "%s missing", what);
	if (strlen(s) >= MCR_NAME_MAX)
		return mcr_error(eb, MCR_EINVAL, "%s name too long", what);
	return MCR_OK;
}

static enum mcr_err family_get(int family, uint8_t *out,
			       struct mcr_errbuf *eb)
{
	if (family != MCR_AF_INET && family != MCR_AF_INET6)
		return mcr_error(eb, MCR_EINVAL, "unknown family %d", family);
	*out = (uint8_t)family;
	return MCR_OK;
}

static enum mcr_err reason_get(int r, enum mcr_reason *out,
			       struct mcr_errbuf *eb)
{
	if (r < 0 || r >= MCR_R_MAX)
		return mcr_error(eb, MCR_EINVAL, "unknown reason %d", r);
	*out = (enum mcr_reason)r;
	return MCR_OK;
}

enum mcr_err mcr_frame_route_get(const Mcr__RouteChange *rc,
				 struct mcr_delta *d, struct mcr_nexthop *nh,
				 size_t nh_max, struct mcr_errbuf *eb)
{
	memset(d, 0, sizeof(*d));
	if (!rc)
		return mcr_error(eb, MCR_EINVAL, "route missing");
	if (rc->op == MCR__ROUTE_CHANGE__OP__INSTALL)
		d->type = MCR_D_ROUTE_INSTALL;
	else if (rc->op == MCR__ROUTE_CHANGE__OP__WITHDRAW)
		d->type = MCR_D_ROUTE_WITHDRAW;
	else
		return mcr_error(eb, MCR_EINVAL, "route: unknown op %d",
				 rc->op);
	if (name_get(rc->table, "route table", eb) ||
	    mcr_frame_prefix_get(rc->prefix, &d->prefix, eb))
		return MCR_EINVAL;
	d->table = rc->table;
	d->kernel_id = rc->kernel_table;
	d->family = d->prefix.family;
	if (d->type == MCR_D_ROUTE_WITHDRAW)
		return MCR_OK;
	if (rc->kind < 0 || rc->kind > (int)MCR_RK_BLACKHOLE)
		return mcr_error(eb, MCR_EINVAL, "route: unknown kind %d",
				 rc->kind);
	d->kind = (enum mcr_route_kind)rc->kind;
	d->metric = rc->metric;
	d->tag = rc->tag;
	if (rc->n_nexthops > nh_max)
		return mcr_error(eb, MCR_ELIMIT,
				 "route with %zu nexthops (at most %zu)",
				 rc->n_nexthops, nh_max);
	for (size_t i = 0; i < rc->n_nexthops; i++) {
		const Mcr__Nexthop *n = rc->nexthops[i];
		const Mcr__Address *a = n->address;

		if (name_get(n->attachment, "nexthop attachment", eb))
			return MCR_EINVAL;
		memset(&nh[i], 0, sizeof(nh[i]));
		nh[i].attach = n->attachment;
		if (!a || a->family == MCR__FAMILY__FAMILY_UNSPEC)
			continue;
		if (family_get(a->family, &nh[i].addr.family, eb))
			return MCR_EINVAL;
		if (a->addr.len != af_bytes(nh[i].addr.family))
			return mcr_error(eb, MCR_EINVAL,
					 "IPv%d nexthop with %zu address bytes",
					 a->family, a->addr.len);
		memcpy(nh[i].addr.addr, a->addr.data, a->addr.len);
	}
	d->nh = nh;
	d->nnh = (unsigned)rc->n_nexthops;
	return MCR_OK;
}

enum mcr_err mcr_frame_delta_get(const Mcr__Frame *f, struct mcr_delta *d,
				 struct mcr_nexthop *nh, size_t nh_max,
				 struct mcr_errbuf *eb)
{
	const Mcr__ExportChange *ex;
	const Mcr__ConflictEvent *co;
	const Mcr__LimitEvent *li;
	const Mcr__PendingEvent *pe;
	const Mcr__DecisionEvent *de;

	memset(d, 0, sizeof(*d));
	switch (f->body_case) {
	case MCR__FRAME__BODY_ROUTE:
		return mcr_frame_route_get(f->route, d, nh, nh_max, eb);
	case MCR__FRAME__BODY_EXPORT:
		ex = f->export;
		if (name_get(ex->attachment, "export attachment", eb))
			return MCR_EINVAL;
		d->attach = ex->attachment;
		switch (ex->op) {
		case MCR__EXPORT_CHANGE__OP__ADD:
		case MCR__EXPORT_CHANGE__OP__DEL:
			d->type = ex->op == MCR__EXPORT_CHANGE__OP__ADD
					  ? MCR_D_EXPORT_ADD
					  : MCR_D_EXPORT_DEL;
			if (mcr_frame_prefix_get(ex->prefix, &d->prefix, eb))
				return MCR_EINVAL;
			d->summary = ex->summary;
			return MCR_OK;
		case MCR__EXPORT_CHANGE__OP__STATUS:
			d->type = MCR_D_EXPORT_STATUS;
			d->summary = ex->summary;
			d->msg = *ex->message ? ex->message : NULL;
			if (family_get(ex->family, &d->family, eb) ||
			    reason_get(ex->reason, &d->reason, eb))
				return MCR_EINVAL;
			return MCR_OK;
		default:
			return mcr_error(eb, MCR_EINVAL,
					 "export: unknown op %d", ex->op);
		}
	case MCR__FRAME__BODY_CONFLICT:
		co = f->conflict;
		d->type = co->resolved ? MCR_D_CONFLICT_RESOLVED
				       : MCR_D_CONFLICT_FOUND;
		if (name_get(co->attachment, "conflict attachment", eb) ||
		    name_get(co->other_attachment, "conflict attachment", eb) ||
		    mcr_frame_prefix_get(co->prefix, &d->prefix, eb) ||
		    mcr_frame_prefix_get(co->other_prefix, &d->other_prefix,
					 eb))
			return MCR_EINVAL;
		d->attach = co->attachment;
		d->other_attach = co->other_attachment;
		return MCR_OK;
	case MCR__FRAME__BODY_LIMIT:
		li = f->limit;
		switch (li->level) {
		case MCR__LIMIT_EVENT__LEVEL__WARNING:
			d->type = MCR_D_LIMIT_WARNING;
			break;
		case MCR__LIMIT_EVENT__LEVEL__EXCEEDED:
			d->type = MCR_D_LIMIT_EXCEEDED;
			break;
		case MCR__LIMIT_EVENT__LEVEL__CLEARED:
			d->type = MCR_D_LIMIT_CLEARED;
			break;
		default:
			return mcr_error(eb, MCR_EINVAL,
					 "limit: unknown level %d", li->level);
		}
		if (name_get(li->attachment, "limit attachment", eb) ||
		    family_get(li->family, &d->family, eb))
			return MCR_EINVAL;
		d->attach = li->attachment;
		d->count = li->count;
		d->limit = li->limit;
		return MCR_OK;
	case MCR__FRAME__BODY_PENDING:
		pe = f->pending;
		d->type = pe->added ? MCR_D_PENDING_ADD : MCR_D_PENDING_DEL;
		if (name_get(pe->attachment, "pending attachment", eb) ||
		    mcr_frame_prefix_get(pe->prefix, &d->prefix, eb))
			return MCR_EINVAL;
		d->attach = pe->attachment;
		return MCR_OK;
	case MCR__FRAME__BODY_DECISION:
		de = f->decision;
		d->type = de->accepted ? MCR_D_ACCEPTED : MCR_D_REFUSED;
		if (name_get(de->attachment, "decision attachment", eb) ||
		    mcr_frame_prefix_get(de->prefix, &d->prefix, eb) ||
		    reason_get(de->reason, &d->reason, eb))
			return MCR_EINVAL;
		d->attach = de->attachment;
		return MCR_OK;
	default:
		return mcr_error(eb, MCR_EINVAL, "a %s frame is not a delta",
				 mcr_frame_body_name(f->body_case));
	}
}
