/*
 * mcrouted: the libmcr core instance, delta application, neighbor map.
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#include <zebra.h>

#include "hash.h"
#include "jhash.h"
#include "log.h"
#include "memory.h"

#include "mcr/mem.h"
#include "mcrouted.h"
#include "mcr_bgp.h"
#include "mcr_core.h"
#include "mcr_notify.h"
#include "mcr_debug.h"
#include "mcr_export.h"
#include "mcr_nb.h"
#include "mcr_zebra.h"

DEFINE_MTYPE_STATIC(MCROUTED, MCR_NEIGHBOR, "mcrouted BGP neighbor map");

struct mcr_core *mcr_core;
static struct mcr_deltas mcr_scratch;

/* Invariant: one entry per address; attach is the owning attachment. */
struct mcr_neighbor {
	struct ipaddr addr;
	char attach[64];
};

static struct hash *mcr_neighbors;

static unsigned int mcr_neighbor_hash(const void *p)
{
	const struct mcr_neighbor *n = p;

	return jhash(&n->addr.ip, sizeof(n->addr.ip), n->addr.ipa_type);
}

static bool mcr_neighbor_eq(const void *a, const void *b)
{
	const struct mcr_neighbor *x = a, *y = b;

	return ipaddr_cmp(&x->addr, &y->addr) == 0;
}

static void *mcr_neighbor_alloc(void *p)
{
	struct mcr_neighbor *n = XCALLOC(MTYPE_MCR_NEIGHBOR, sizeof(*n));

	n->addr = ((struct mcr_neighbor *)p)->addr;
	return n;
}

static void mcr_neighbor_free(void *p)
{
	XFREE(MTYPE_MCR_NEIGHBOR, p);
}

void mcr_neighbor_set(const char *attach, const struct ipaddr *addr,
		      bool add)
{
	struct mcr_neighbor key = {.addr = *addr}, *n;

	if (add) {
		n = hash_get(mcr_neighbors, &key, mcr_neighbor_alloc);
		strlcpy(n->attach, attach, sizeof(n->attach));
		return;
	}
	n = hash_lookup(mcr_neighbors, &key);
	if (n && strcmp(n->attach, attach) == 0) {
		hash_release(mcr_neighbors, n);
		mcr_neighbor_free(n);
	}
}

const char *mcr_neighbor_find(const struct ipaddr *addr)
{
	struct mcr_neighbor key = {.addr = *addr}, *n;

	n = hash_lookup(mcr_neighbors, &key);
	return n ? n->attach : NULL;
}

struct mcr_neighbor_del_ctx {
	const char *attach;
	struct mcr_neighbor *victims[64];
	unsigned n;
};

static int mcr_neighbor_del_walk(struct hash_bucket *b, void *arg)
{
	struct mcr_neighbor_del_ctx *ctx = arg;
	struct mcr_neighbor *n = b->data;

	if (strcmp(n->attach, ctx->attach) == 0 &&
	    ctx->n < array_size(ctx->victims))
		ctx->victims[ctx->n++] = n;
	return HASHWALK_CONTINUE;
}

void mcr_neighbor_del_attach(const char *attach)
{
	struct mcr_neighbor_del_ctx ctx;

	do {
		ctx.attach = attach;
		ctx.n = 0;
		hash_walk(mcr_neighbors, mcr_neighbor_del_walk, &ctx);
		for (unsigned i = 0; i < ctx.n; i++) {
			hash_release(mcr_neighbors, ctx.victims[i]);
			mcr_neighbor_free(ctx.victims[i]);
		}
	} while (ctx.n == array_size(ctx.victims));
}

/* Invariant: one entry per attachment with a non-empty interface. */
struct mcr_attach_iface {
	char attach[64];
	char ifname[INTERFACE_NAMSIZ];
};

static struct hash *mcr_ifaces;

static unsigned int mcr_iface_hash(const void *p)
{
	return string_hash_make(((const struct mcr_attach_iface *)p)->attach);
}

static bool mcr_iface_eq(const void *a, const void *b)
{
	return strcmp(((const struct mcr_attach_iface *)a)->attach,
		      ((const struct mcr_attach_iface *)b)->attach) == 0;
}

static void *mcr_iface_alloc(void *p)
{
	struct mcr_attach_iface *i = XCALLOC(MTYPE_MCR_NEIGHBOR, sizeof(*i));

	strlcpy(i->attach, ((struct mcr_attach_iface *)p)->attach,
		sizeof(i->attach));
	return i;
}

void mcr_attach_iface_set(const char *attach, const char *ifname)
{
	struct mcr_attach_iface key = {}, *i;

	strlcpy(key.attach, attach, sizeof(key.attach));
	if (ifname && *ifname) {
		i = hash_get(mcr_ifaces, &key, mcr_iface_alloc);
		strlcpy(i->ifname, ifname, sizeof(i->ifname));
		return;
	}
	i = hash_release(mcr_ifaces, &key);
	XFREE(MTYPE_MCR_NEIGHBOR, i);
}

const char *mcr_attach_iface(const char *attach)
{
	struct mcr_attach_iface key = {}, *i;

	strlcpy(key.attach, attach, sizeof(key.attach));
	i = hash_lookup(mcr_ifaces, &key);
	return i ? i->ifname : NULL;
}

struct mcr_link_ctx {
	const char *ifname;
	const char *attach;
	unsigned found;
	struct ipaddr addr;
};

static int mcr_link_iface_walk(struct hash_bucket *b, void *arg)
{
	struct mcr_link_ctx *ctx = arg;
	const struct mcr_attach_iface *i = b->data;

	if (strcmp(i->ifname, ctx->ifname) == 0) {
		ctx->attach = i->attach;
		ctx->found++;
	}
	return HASHWALK_CONTINUE;
}

static int mcr_link_nbr_walk(struct hash_bucket *b, void *arg)
{
	struct mcr_link_ctx *ctx = arg;
	const struct mcr_neighbor *n = b->data;

	if (n->addr.ipa_type == IPADDR_V6 && strcmp(n->attach, ctx->attach) == 0) {
		ctx->addr = n->addr;
		ctx->found++;
	}
	return HASHWALK_CONTINUE;
}

/*
 * bgpd installs a route of a directly connected IPv6 peer that sends a
 * link-local next hop as well (BIRD, most routers) via that link-local
 * address, which no attachment names.  It is the neighbor's own address
 * on the session's interface: with one attachment on that interface and
 * one IPv6 neighbor, that neighbor is the one (with several, telling
 * them apart would need the neighbor cache; the route stays
 * unattributed, as before).
 */
bool mcr_neighbor_on_link(const char *ifname, struct ipaddr *out)
{
	struct mcr_link_ctx ctx = {.ifname = ifname};

	if (!ifname || !*ifname)
		return false;
	hash_walk(mcr_ifaces, mcr_link_iface_walk, &ctx);
	if (ctx.found != 1)
		return false;
	ctx.found = 0;
	hash_walk(mcr_neighbors, mcr_link_nbr_walk, &ctx);
	if (ctx.found != 1)
		return false;
	*out = ctx.addr;
	return true;
}

struct mcr_deltas *mcr_deltas_scratch(void)
{
	mcr_deltas_reset(&mcr_scratch);
	return &mcr_scratch;
}

/* Pending prefixes covered by an approved-prefix with max-length. */
#define MCR_AUTO_APPROVE_MAX 256

void mcr_deltas_apply(struct mcr_deltas *d)
{
	struct {
		const char *attach;
		struct mcr_prefix p;
	} approve[MCR_AUTO_APPROVE_MAX];
	unsigned napprove = 0;
	char buf[256];

	mcr_export_deltas(d);
	for (size_t i = 0; i < d->n; i++) {
		const struct mcr_delta *dl = &d->v[i];

		MCR_DEBUG_NB("delta %s", mcr_delta_format(dl, buf, sizeof(buf)));
		mcr_notify_delta(dl);
		switch (dl->type) {
		case MCR_D_ROUTE_INSTALL:
		case MCR_D_ROUTE_WITHDRAW:
			mcr_zebra_route_delta(dl);
			break;
		case MCR_D_EXPORT_ADD:
		case MCR_D_EXPORT_DEL:
		case MCR_D_EXPORT_STATUS:
			mcr_bgp_export_delta(dl);
			break;
		case MCR_D_LIMIT_WARNING:
		case MCR_D_LIMIT_EXCEEDED:
		case MCR_D_CONFLICT_FOUND:
			zlog_warn("%s", mcr_delta_format(dl, buf, sizeof(buf)));
			break;
		case MCR_D_PENDING_ADD:
			if (napprove < MCR_AUTO_APPROVE_MAX &&
			    mcr_nb_approved_covers(dl->attach, &dl->prefix)) {
				approve[napprove].attach = dl->attach;
				approve[napprove++].p = dl->prefix;
			}
			break;
		default:
			break;
		}
	}
	mcr_deltas_reset(d);
	if (!napprove)
		return;

	/* Approvals by prefix range ('approved-prefix P max-length N'):
	 * libmcr approves exact prefixes, so approve each one as it shows
	 * up.  Approved prefixes never become pending again: no recursion
	 * beyond one level. */
	struct mcr_deltas more;
	struct mcr_errbuf eb;

	mcr_deltas_init(&more);
	for (unsigned i = 0; i < napprove; i++)
		if (mcr_core_approve(mcr_core, approve[i].attach,
				     &approve[i].p, true, &more,
				     &eb) != MCR_OK)
			zlog_warn("approve %s: %s", approve[i].attach, eb.msg);
	mcr_deltas_apply(&more);
	mcr_deltas_fini(&more);
}

/*
 * libmcr keeps the blocks of its per-route objects for reuse (a peer's
 * routes come back soon after a flap); once a minute those left with no
 * object at all go back to the system.
 */
#define MCR_TRIM_PERIOD 60
static struct thread *mcr_trim_timer;

static void mcr_trim(struct thread *t)
{
	uint64_t freed = mcr_obj_trim();

	if (freed)
		zlog_debug("libmcr: %" PRIu64 " bytes of empty blocks released",
			   freed);
	thread_add_timer(mcrd.master, mcr_trim, NULL, MCR_TRIM_PERIOD,
			 &mcr_trim_timer);
}

void mcr_core_init(void)
{
	mcr_core = mcr_core_new();
	mcr_deltas_init(&mcr_scratch);
	mcr_neighbors = hash_create(mcr_neighbor_hash, mcr_neighbor_eq,
				    "mcrouted neighbors");
	mcr_ifaces = hash_create(mcr_iface_hash, mcr_iface_eq,
				 "mcrouted attachment interfaces");
	mcr_export_init(mcrd.master);
	thread_add_timer(mcrd.master, mcr_trim, NULL, MCR_TRIM_PERIOD,
			 &mcr_trim_timer);
}

void mcr_core_fini(void)
{
	THREAD_OFF(mcr_trim_timer);
	mcr_export_fini(); /* writes the last checkpoint from the core */
	hash_clean(mcr_neighbors, mcr_neighbor_free);
	hash_free(mcr_neighbors);
	hash_clean(mcr_ifaces, mcr_neighbor_free);
	hash_free(mcr_ifaces);
	mcr_deltas_fini(&mcr_scratch);
	mcr_core_free(mcr_core);
	mcr_core = NULL;
}
