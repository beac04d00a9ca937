/*
 * Unit tests for lib/frame.c: every delta type, tunnel, hello and
 * checkpoint frames round trip; the incremental decoder over arbitrary
 * chunks; each malformed-input class gives its error; byte-level
 * corruption and truncation never crash or leak (run under ASan/UBSan).
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcr/frame.h"
#include "mcr/mem.h"
#include "mcr/pipeline.h"

static struct mcr_fbuf buf;

static struct mcr_prefix P(const char *s)
{
	struct mcr_prefix p;

	ck_assert_int_eq(mcr_prefix_parse(s, true, false, &p, NULL), MCR_OK);
	return p;
}

static struct mcr_addr A(const char *s)
{
	struct mcr_addr a;

	ck_assert_int_eq(mcr_addr_parse(s, &a, NULL), MCR_OK);
	return a;
}

/* Deterministic PRNG (xorshift64*), fixed seeds. */
static uint64_t rng_state;

static uint32_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545F4914F6CDD1DULL) >> 32);
}

static void setup(void)
{
	mcr_fbuf_init(&buf);
	rng_state = 0x9e3779b97f4a7c15ULL;
}

static void teardown(void)
{
	mcr_fbuf_fini(&buf);
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}

static struct mcr_nexthop nh3[3];

/* One delta of every type, with every field the type carries set. */
static size_t all_deltas(struct mcr_delta *v)
{
	size_t n = 0;

	nh3[0] = (struct mcr_nexthop){"aws-dx", A("169.254.10.1")};
	nh3[1] = (struct mcr_nexthop){"aws-vpn", A("169.254.20.1")};
	nh3[2] = (struct mcr_nexthop){"onprem", {0}};
	for (int t = 0; t < MCR_D_TYPE_MAX; t++) {
		struct mcr_delta *d = &v[n++];

		memset(d, 0, sizeof(*d));
		d->type = (enum mcr_delta_type)t;
		d->attach = "aws-dx";
		d->prefix = P("10.1.0.0/16");
		switch (d->type) {
		case MCR_D_ROUTE_INSTALL:
			d->table = "aws";
			d->kernel_id = 100;
			d->kind = MCR_RK_PROPAGATED;
			d->nh = nh3;
			d->nnh = 3;
			d->metric = 77;
			d->tag = 4200000000u;
			d->attach = NULL;
			break;
		case MCR_D_ROUTE_WITHDRAW:
			d->table = "azure";
			d->kernel_id = 4294967295u;
			d->prefix = P("2001:db8:1::/48");
			d->attach = NULL;
			break;
		case MCR_D_EXPORT_ADD:
			d->summary = true;
			d->prefix = P("10.0.0.0/8");
			break;
		case MCR_D_EXPORT_STATUS:
			d->family = MCR_AF_INET6;
			d->reason = MCR_R_LIMIT;
			d->msg = "cannot summarize under 2 prefixes";
			break;
		case MCR_D_CONFLICT_FOUND:
		case MCR_D_CONFLICT_RESOLVED:
			d->other_attach = "azure-er";
			d->other_prefix = P("10.1.128.0/17");
			break;
		case MCR_D_LIMIT_WARNING:
		case MCR_D_LIMIT_EXCEEDED:
		case MCR_D_LIMIT_CLEARED:
			d->family = MCR_AF_INET;
			d->count = 81 + t;
			d->limit = 100;
			break;
		case MCR_D_REFUSED:
			d->reason = MCR_R_BOGON;
			d->prefix = P("192.0.2.0/24");
			break;
		default:
			break;
		}
	}
	/* a static route without address and a blackhole, IPv6 */
	v[n] = v[0];
	v[n].kind = MCR_RK_STATIC;
	v[n].nh = &nh3[2];
	v[n].nnh = 1;
	v[n].metric = v[n].tag = 0;
	v[n++].prefix = P("fd00::/8");
	v[n] = v[0];
	v[n].kind = MCR_RK_BLACKHOLE;
	v[n].nh = NULL;
	v[n].nnh = 0;
	v[n++].prefix = P("0.0.0.0/0");
	return n;
}

/* Compare what each type carries. */
static void delta_eq(const struct mcr_delta *a, const struct mcr_delta *b)
{
	char x[512], y[512];

	ck_assert_int_eq(a->type, b->type);
	ck_assert_str_eq(mcr_delta_format(a, x, sizeof(x)),
			 mcr_delta_format(b, y, sizeof(y)));
	switch (a->type) {
	case MCR_D_ROUTE_INSTALL:
		ck_assert_uint_eq(a->nnh, b->nnh);
		for (unsigned i = 0; i < a->nnh; i++) {
			ck_assert_str_eq(a->nh[i].attach, b->nh[i].attach);
			ck_assert_uint_eq(a->nh[i].addr.family,
					  b->nh[i].addr.family);
			ck_assert_mem_eq(a->nh[i].addr.addr, b->nh[i].addr.addr,
					 16);
		}
		ck_assert_uint_eq(a->metric, b->metric);
		ck_assert_uint_eq(a->tag, b->tag);
		ck_assert_int_eq(a->kind, b->kind);
		/* fall through */
	case MCR_D_ROUTE_WITHDRAW:
		ck_assert_str_eq(a->table, b->table);
		ck_assert_uint_eq(a->kernel_id, b->kernel_id);
		ck_assert(mcr_prefix_equal(&a->prefix, &b->prefix));
		break;
	case MCR_D_EXPORT_STATUS:
		ck_assert_uint_eq(a->family, b->family);
		ck_assert_int_eq(a->reason, b->reason);
		ck_assert_str_eq(a->msg, b->msg);
		ck_assert_int_eq(a->summary, b->summary);
		break;
	case MCR_D_EXPORT_ADD:
		ck_assert_int_eq(a->summary, b->summary);
		break;
	case MCR_D_LIMIT_WARNING:
	case MCR_D_LIMIT_EXCEEDED:
	case MCR_D_LIMIT_CLEARED:
		ck_assert_uint_eq(a->count, b->count);
		ck_assert_uint_eq(a->limit, b->limit);
		ck_assert_uint_eq(a->family, b->family);
		break;
	case MCR_D_REFUSED:
		ck_assert_int_eq(a->reason, b->reason);
		break;
	default:
		break;
	}
}

/* Decode everything in @b, expecting whole frames only. */
static size_t decode_all(const uint8_t *data, size_t len, Mcr__Frame **out,
			 size_t max)
{
	struct mcr_frame_dec *dec = mcr_frame_dec_new(0);
	struct mcr_errbuf eb;
	size_t n = 0;
	Mcr__Frame *f;

	mcr_frame_dec_feed(dec, data, len);
	while (mcr_frame_dec_next(dec, &f, &eb) == MCR_OK) {
		ck_assert_uint_lt(n, max);
		out[n++] = f;
	}
	ck_assert_int_eq(mcr_frame_dec_finish(dec, &eb), MCR_OK);
	ck_assert_uint_eq(mcr_frame_dec_offset(dec), len);
	mcr_frame_dec_free(dec);
	return n;
}

START_TEST(every_delta_type_round_trips)
{
	struct mcr_delta v[MCR_D_TYPE_MAX + 2], back;
	struct mcr_nexthop nh[8];
	Mcr__Frame *f[MCR_D_TYPE_MAX + 2];
	size_t n = all_deltas(v), got;

	for (size_t i = 0; i < n; i++) {
		struct mcr_frame_meta m = {.seq = i + 1,
					   .time_ms = 1764000000000ULL + i,
					   .batch = 7};

		ck_assert_int_eq(mcr_frame_put_delta(&buf, &m, &v[i], NULL),
				 MCR_OK);
	}
	got = decode_all(mcr_fbuf_head(&buf), mcr_fbuf_size(&buf), f, n);
	ck_assert_uint_eq(got, n);
	for (size_t i = 0; i < n; i++) {
		ck_assert_uint_eq(f[i]->seq, i + 1);
		ck_assert_uint_eq(f[i]->time_ms, 1764000000000ULL + i);
		ck_assert_uint_eq(f[i]->batch, 7);
		ck_assert_int_eq(mcr_frame_delta_get(f[i], &back, nh, 8, NULL),
				 MCR_OK);
		delta_eq(&v[i], &back);
		mcr_frame_free(f[i]);
	}
}
END_TEST

START_TEST(encoder_refuses_bad_values_unchanged)
{
	struct mcr_delta d = {.type = MCR_D_ROUTE_WITHDRAW, .table = "t"};
	struct mcr_frame_meta m = {0};
	struct mcr_errbuf eb;

	d.prefix.family = 5;
	ck_assert_int_eq(mcr_frame_put_delta(&buf, &m, &d, &eb), MCR_EINVAL);
	ck_assert_ptr_nonnull(strstr(eb.msg, "family 5"));
	d.type = MCR_D_TYPE_MAX;
	ck_assert_int_eq(mcr_frame_put_delta(&buf, &m, &d, &eb), MCR_EINVAL);
	d.type = MCR_D_LIMIT_WARNING;
	d.family = 0;
	ck_assert_int_eq(mcr_frame_put_delta(&buf, &m, &d, &eb), MCR_EINVAL);
	ck_assert_uint_eq(mcr_fbuf_size(&buf), 0);
}
END_TEST

START_TEST(tunnel_and_hello_round_trip)
{
	struct mcr_frame_tunnel t = {.name = "aws-vpn-1",
				     .attach = "aws-vpn",
				     .state = MCR_TUN_UP,
				     .old_state = MCR_TUN_ESTABLISHED,
				     .up = true,
				     .sa_count = 2,
				     .reason = NULL};
	struct mcr_frame_hello h = {"mcrouted", "8.4.4+mcr", 4242, 1764000000};
	struct mcr_frame_meta m = {.seq = 9};
	struct mcr_delta d;
	Mcr__Frame *f[2];

	ck_assert_int_eq(mcr_frame_put_hello(&buf, &m, &h, NULL), MCR_OK);
	ck_assert_int_eq(mcr_frame_put_tunnel(&buf, &m, &t, NULL), MCR_OK);
	t.name = "";
	ck_assert_int_eq(mcr_frame_put_tunnel(&buf, &m, &t, NULL), MCR_EINVAL);
	t.name = "x";
	t.state = MCR_TUN_STATE_MAX;
	ck_assert_int_eq(mcr_frame_put_tunnel(&buf, &m, &t, NULL), MCR_EINVAL);
	ck_assert_uint_eq(decode_all(mcr_fbuf_head(&buf), mcr_fbuf_size(&buf),
				     f, 2),
			  2);
	ck_assert_int_eq(f[0]->body_case, MCR__FRAME__BODY_HELLO);
	ck_assert_uint_eq(f[0]->hello->version, MCR_FRAME_VERSION);
	ck_assert_str_eq(f[0]->hello->daemon, "mcrouted");
	ck_assert_str_eq(f[0]->hello->daemon_version, "8.4.4+mcr");
	ck_assert_uint_eq(f[0]->hello->pid, 4242);
	ck_assert_uint_eq(f[0]->hello->start_time, 1764000000);
	ck_assert_int_eq(f[1]->body_case, MCR__FRAME__BODY_TUNNEL);
	ck_assert_str_eq(f[1]->tunnel->name, "aws-vpn-1");
	ck_assert_str_eq(f[1]->tunnel->attachment, "aws-vpn");
	ck_assert_int_eq(f[1]->tunnel->state, MCR__TUNNEL_STATE__TUNNEL_UP);
	ck_assert_int_eq(f[1]->tunnel->old_state,
			 MCR__TUNNEL_STATE__TUNNEL_ESTABLISHED);
	ck_assert(f[1]->tunnel->up);
	ck_assert_uint_eq(f[1]->tunnel->sa_count, 2);
	ck_assert_str_eq(f[1]->tunnel->reason, "");
	ck_assert_str_eq(mcr_frame_body_name(f[1]->body_case), "tunnel");
	/* neither is a delta */
	ck_assert_int_eq(mcr_frame_delta_get(f[0], &d, NULL, 0, NULL),
			 MCR_EINVAL);
	ck_assert_int_eq(mcr_frame_delta_get(f[1], &d, NULL, 0, NULL),
			 MCR_EINVAL);
	mcr_frame_free(f[0]);
	mcr_frame_free(f[1]);
}
END_TEST

/* ---- a real core: its deltas and its checkpoint */

static struct mcr_core *core;
static struct mcr_deltas ds;

static void core_setup(void)
{
	struct mcr_attach_config c;
	struct mcr_addr nh[2] = {A("169.254.1.1"), A("169.254.1.2")};
	struct mcr_addr nh6 = A("fe80::1");
	char pfx[32];

	setup();
	core = mcr_core_new();
	mcr_deltas_init(&ds);
	ck_assert_int_eq(mcr_core_table_add(core, "aws", 100, &ds, NULL),
			 MCR_OK);
	ck_assert_int_eq(mcr_core_table_add(core, "onprem", 200, &ds, NULL),
			 MCR_OK);
	mcr_attach_config_init(&c, MCR_ATTACH_CIRCUIT, MCR_PROV_AWS_DX);
	strcpy(c.assoc, "aws");
	ck_assert_int_eq(mcr_attach_config_propagate(&c, "onprem", NULL),
			 MCR_OK);
	ck_assert_int_eq(mcr_core_attach_add(core, "dx", &c, &ds, NULL),
			 MCR_OK);
	mcr_attach_config_init(&c, MCR_ATTACH_CIRCUIT, MCR_PROV_GENERIC);
	strcpy(c.assoc, "onprem");
	ck_assert_int_eq(mcr_attach_config_propagate(&c, "aws", NULL),
			 MCR_OK);
	ck_assert_int_eq(mcr_core_attach_add(core, "dc", &c, &ds, NULL),
			 MCR_OK);
	for (int i = 0; i < 40; i++) {
		struct mcr_route_event ev = {.op = MCR_ROUTE_ADD,
					     .attach = "dx",
					     .nh = nh,
					     .nnh = 1 + (i & 1),
					     .metric = (uint32_t)i,
					     .tag = 7};

		snprintf(pfx, sizeof(pfx), "10.%d.0.0/16", i);
		ev.prefix = P(pfx);
		ck_assert_int_eq(mcr_core_route(core, &ev, &ds, NULL), MCR_OK);
	}
	{
		struct mcr_route_event ev = {.op = MCR_ROUTE_ADD,
					     .attach = "dc",
					     .prefix = P("fd00:1::/48"),
					     .nh = &nh6,
					     .nnh = 1};

		ck_assert_int_eq(mcr_core_route(core, &ev, &ds, NULL), MCR_OK);
	}
	{
		struct mcr_prefix bh = P("192.168.0.0/16");

		ck_assert_int_eq(mcr_core_blackhole_set(core, "aws", &bh, &ds,
							NULL),
				 MCR_OK);
	}
}

static void core_teardown(void)
{
	mcr_core_free(core);
	mcr_deltas_fini(&ds);
	teardown();
}

START_TEST(pipeline_deltas_round_trip)
{
	struct mcr_nexthop nh[MCR_ECMP_MAX * MCR_NH_MAX];
	struct mcr_frame_dec *dec = mcr_frame_dec_new(0);
	struct mcr_delta back;
	size_t seen[MCR_D_TYPE_MAX] = {0};
	size_t i = 0;
	Mcr__Frame *f;

	ck_assert_uint_gt(ds.n, 80);
	for (size_t k = 0; k < ds.n; k++) {
		struct mcr_frame_meta m = {.seq = k + 1};

		ck_assert_int_eq(mcr_frame_put_delta(&buf, &m, &ds.v[k], NULL),
				 MCR_OK);
	}
	mcr_frame_dec_feed(dec, mcr_fbuf_head(&buf), mcr_fbuf_size(&buf));
	while (mcr_frame_dec_next(dec, &f, NULL) == MCR_OK) {
		ck_assert_uint_eq(f->seq, i + 1);
		ck_assert_int_eq(mcr_frame_delta_get(f, &back, nh,
						     MCR_ECMP_MAX * MCR_NH_MAX,
						     NULL),
				 MCR_OK);
		delta_eq(&ds.v[i], &back);
		seen[back.type]++;
		mcr_frame_free(f);
		i++;
	}
	ck_assert_uint_eq(i, ds.n);
	ck_assert_uint_eq(seen[MCR_D_ROUTE_INSTALL], 40 + 1 + 1);
	ck_assert_uint_gt(seen[MCR_D_EXPORT_ADD], 0);
	mcr_frame_dec_free(dec);
}
END_TEST

struct walk_ctx {
	const Mcr__TableSnapshot *ts;
	size_t i;
};

/* Each selected route equals the checkpoint's, in order. */
static int cmp_route(const struct mcr_prefix *p, const struct mcr_rsel *sel,
		     void *arg)
{
	struct walk_ctx *w = arg;
	struct mcr_nexthop nh[64];
	struct mcr_delta d;
	struct mcr_prefix q;

	ck_assert_uint_lt(w->i, w->ts->n_routes);
	ck_assert_int_eq(mcr_frame_route_get(w->ts->routes[w->i], &d, nh, 64,
					     NULL),
			 MCR_OK);
	ck_assert_int_eq(mcr_frame_prefix_get(w->ts->routes[w->i]->prefix, &q,
					      NULL),
			 MCR_OK);
	ck_assert(mcr_prefix_equal(p, &q));
	ck_assert_int_eq(d.kind, sel->kind);
	ck_assert_str_eq(d.table, w->ts->name);
	if (sel->kind == MCR_RK_PROPAGATED) {
		ck_assert_uint_eq(d.nnh, sel->route[0]->nnh);
		ck_assert_str_eq(d.nh[0].attach, sel->src[0]->name);
		ck_assert_mem_eq(d.nh[0].addr.addr, sel->route[0]->nh[0].addr,
				 16);
		ck_assert_uint_eq(d.metric, sel->route[0]->metric);
		ck_assert_uint_eq(d.tag, sel->route[0]->tag);
	}
	w->i++;
	return 0;
}

START_TEST(checkpoint_from_core_round_trips)
{
	struct mcr_ckpt *ck = mcr_ckpt_new();
	struct mcr_frame_tunnel t = {.name = "vpn1",
				     .attach = "dx",
				     .state = MCR_TUN_CONNECTING,
				     .reason = "peer unreachable"};
	struct mcr_frame_meta m = {.seq = 3};
	struct mcr_errbuf eb;
	Mcr__Frame *f;
	const Mcr__Checkpoint *cp;
	size_t nexp = 0;

	mcr_ckpt_from_core(ck, core);
	mcr_ckpt_tunnel(ck, &t);
	ck_assert_uint_eq(mcr_ckpt_route_count(ck), 40 + 1 + 1);
	ck_assert_int_eq(mcr_frame_put_checkpoint(&buf, &m, ck, NULL), MCR_OK);
	mcr_ckpt_free(ck);
	ck_assert_int_eq(mcr_frame_decode(mcr_fbuf_head(&buf) + MCR_FRAME_HDR,
					  mcr_fbuf_size(&buf) - MCR_FRAME_HDR,
					  &f, &eb),
			 MCR_OK);
	ck_assert_int_eq(f->body_case, MCR__FRAME__BODY_CHECKPOINT);
	cp = f->checkpoint;
	ck_assert_uint_eq(cp->core_seq, mcr_core_seq(core));
	ck_assert_uint_eq(cp->n_tables, 2);
	for (size_t i = 0; i < cp->n_tables; i++) {
		const struct mcr_rtable *rt =
			mcr_core_table_find(core, cp->tables[i]->name);
		struct walk_ctx w = {.ts = cp->tables[i]};

		ck_assert_ptr_nonnull(rt);
		ck_assert_uint_eq(cp->tables[i]->kernel_table,
				  mcr_rtable_kernel_id(rt));
		mcr_rtable_walk(rt, MCR_AF_INET, cmp_route, &w);
		mcr_rtable_walk(rt, MCR_AF_INET6, cmp_route, &w);
		ck_assert_uint_eq(w.i, cp->tables[i]->n_routes);
	}
	for (size_t i = 0; i < cp->n_exports; i++) {
		struct mcr_prefix p;

		ck_assert_int_eq(cp->exports[i]->op,
				 MCR__EXPORT_CHANGE__OP__ADD);
		ck_assert_int_eq(mcr_frame_prefix_get(cp->exports[i]->prefix,
						      &p, NULL),
				 MCR_OK);
		nexp += !strcmp(cp->exports[i]->attachment, "dx");
	}
	/* dx is associated with aws, which holds dc's IPv6 route */
	ck_assert_uint_ge(nexp, 1);
	ck_assert_uint_eq(cp->n_tunnels, 1);
	ck_assert_str_eq(cp->tunnels[0]->name, "vpn1");
	ck_assert_str_eq(cp->tunnels[0]->reason, "peer unreachable");
	ck_assert_int_eq(cp->tunnels[0]->state,
			 MCR__TUNNEL_STATE__TUNNEL_CONNECTING);
	mcr_frame_free(f);
}
END_TEST

START_TEST(checkpoint_builder_by_hand)
{
	struct mcr_ckpt *ck = mcr_ckpt_new();
	struct mcr_delta v[MCR_D_TYPE_MAX + 2];
	struct mcr_errbuf eb;
	struct mcr_frame_meta m = {0};
	Mcr__Frame *f;
	char name[32];

	all_deltas(v);
	mcr_ckpt_table(ck, "empty", 300);
	mcr_ckpt_table(ck, "empty", 301); /* updates the id */
	ck_assert_int_eq(mcr_ckpt_route(ck, &v[MCR_D_ROUTE_WITHDRAW], &eb),
			 MCR_EINVAL);
	ck_assert_ptr_nonnull(strstr(eb.msg, "route-withdraw"));
	/* 5000 routes over 3 tables, interleaved */
	for (unsigned i = 0; i < 5000; i++) {
		struct mcr_delta d = v[0];
		uint8_t a[4] = {10, (uint8_t)(i >> 8), (uint8_t)i, 0};

		snprintf(name, sizeof(name), "t%u", i % 3);
		d.table = name;
		d.kernel_id = 10 + i % 3;
		mcr_prefix_make(MCR_AF_INET, a, 24, &d.prefix, NULL);
		ck_assert_int_eq(mcr_ckpt_route(ck, &d, NULL), MCR_OK);
	}
	ck_assert_int_eq(mcr_frame_put_checkpoint(&buf, &m, ck, NULL), MCR_OK);
	mcr_ckpt_free(ck);
	ck_assert_int_eq(mcr_frame_decode(mcr_fbuf_head(&buf) + MCR_FRAME_HDR,
					  mcr_fbuf_size(&buf) - MCR_FRAME_HDR,
					  &f, NULL),
			 MCR_OK);
	ck_assert_uint_eq(f->checkpoint->n_tables, 4);
	ck_assert_str_eq(f->checkpoint->tables[0]->name, "empty");
	ck_assert_uint_eq(f->checkpoint->tables[0]->kernel_table, 301);
	ck_assert_uint_eq(f->checkpoint->tables[0]->n_routes, 0);
	ck_assert_uint_eq(f->checkpoint->tables[1]->n_routes, 1667);
	ck_assert_uint_eq(f->checkpoint->tables[3]->n_routes, 1666);
	ck_assert_uint_eq(f->checkpoint->tables[3]->routes[1665]->n_nexthops,
			  3);
	mcr_frame_free(f);
}
END_TEST

/* ---- decoder */

static void encode_sample(void)
{
	struct mcr_delta v[MCR_D_TYPE_MAX + 2];
	struct mcr_ckpt *ck = mcr_ckpt_new();
	struct mcr_frame_tunnel t = {"tun", "att", MCR_TUN_UP, MCR_TUN_UP,
				     true, 1, "ok"};
	struct mcr_frame_hello h = {"mcrouted", "x", 1, 2};
	size_t n = all_deltas(v);
	struct mcr_frame_meta m = {0};

	ck_assert_int_eq(mcr_frame_put_hello(&buf, &m, &h, NULL), MCR_OK);
	mcr_ckpt_tunnel(ck, &t);
	for (size_t i = 0; i < n; i++)
		if (v[i].type == MCR_D_ROUTE_INSTALL)
			mcr_ckpt_route(ck, &v[i], NULL);
	mcr_ckpt_export(ck, "att", &v[2].prefix, true);
	ck_assert_int_eq(mcr_frame_put_checkpoint(&buf, &m, ck, NULL), MCR_OK);
	mcr_ckpt_free(ck);
	for (size_t i = 0; i < n; i++) {
		m.seq = i + 1;
		ck_assert_int_eq(mcr_frame_put_delta(&buf, &m, &v[i], NULL),
				 MCR_OK);
	}
	ck_assert_int_eq(mcr_frame_put_tunnel(&buf, &m, &t, NULL), MCR_OK);
}

START_TEST(chunked_input_any_split)
{
	size_t total, nframes;
	Mcr__Frame *all[64];

	encode_sample();
	total = mcr_fbuf_size(&buf);
	nframes = decode_all(mcr_fbuf_head(&buf), total, all, 64);
	ck_assert_uint_eq(nframes, MCR_D_TYPE_MAX + 2 + 3);
	for (size_t i = 0; i < nframes; i++)
		mcr_frame_free(all[i]);
	/* chunk sizes 1..9 bytes, then random up to 200 */
	for (unsigned round = 0; round < 40; round++) {
		struct mcr_frame_dec *dec = mcr_frame_dec_new(0);
		size_t off = 0, got = 0;
		Mcr__Frame *f;

		while (off < total) {
			size_t c = round < 9 ? round + 1 : 1 + rnd() % 200;

			if (c > total - off)
				c = total - off;
			mcr_frame_dec_feed(dec, mcr_fbuf_head(&buf) + off, c);
			off += c;
			while (mcr_frame_dec_next(dec, &f, NULL) == MCR_OK) {
				got++;
				mcr_frame_free(f);
			}
			if (off < total)
				ck_assert_int_eq(mcr_frame_dec_finish(dec,
								      NULL),
						 off == mcr_frame_dec_offset(dec)
							 ? MCR_OK
							 : MCR_EINVAL);
		}
		ck_assert_uint_eq(got, nframes);
		ck_assert_uint_eq(mcr_frame_dec_count(dec), nframes);
		ck_assert_int_eq(mcr_frame_dec_finish(dec, NULL), MCR_OK);
		mcr_frame_dec_free(dec);
	}
}
END_TEST

/* Feed @len bytes, collect the error message of the first failure. */
static enum mcr_err feed_expect(const void *data, size_t len, size_t max,
				char *msg, size_t *ok_frames)
{
	struct mcr_frame_dec *dec = mcr_frame_dec_new(max);
	struct mcr_errbuf eb;
	enum mcr_err err, first = MCR_OK;
	Mcr__Frame *f;

	*ok_frames = 0;
	msg[0] = 0;
	mcr_frame_dec_feed(dec, data, len);
	for (int i = 0; i < 1000; i++) {
		err = mcr_frame_dec_next(dec, &f, &eb);
		if (err == MCR_EAGAIN)
			break;
		if (err == MCR_OK) {
			(*ok_frames)++;
			mcr_frame_free(f);
			continue;
		}
		if (first == MCR_OK) {
			first = err;
			strcpy(msg, eb.msg);
		}
		if (mcr_frame_dec_failed(dec))
			break;
	}
	if (first == MCR_OK && mcr_frame_dec_finish(dec, &eb) != MCR_OK) {
		first = MCR_EINVAL;
		strcpy(msg, eb.msg);
	}
	mcr_frame_dec_free(dec);
	return first;
}

START_TEST(bad_length_is_fatal)
{
	uint8_t zero[8] = {0, 0, 0, 0, 1, 2, 3, 4};
	uint8_t huge[8] = {0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4};
	struct mcr_frame_dec *dec = mcr_frame_dec_new(0);
	struct mcr_errbuf eb;
	char msg[MCR_ERRMSG_LEN];
	size_t ok;
	Mcr__Frame *f;

	ck_assert_int_eq(feed_expect(zero, 8, 0, msg, &ok), MCR_EINVAL);
	ck_assert_str_eq(msg, "bad frame length 0 at offset 0 (1..67108864)");
	ck_assert_int_eq(feed_expect(huge, 8, 0, msg, &ok), MCR_EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "bad frame length 4294967295"));
	/* a frame above a reader's own maximum */
	encode_sample();
	ck_assert_int_eq(feed_expect(mcr_fbuf_head(&buf), mcr_fbuf_size(&buf),
				     32, msg, &ok),
			 MCR_EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "bad frame length"));
	ck_assert_ptr_nonnull(strstr(msg, "(1..32)"));
	ck_assert_uint_eq(ok, 1); /* the hello before it */
	/* sticky: later input and finish repeat the error */
	mcr_frame_dec_feed(dec, huge, 8);
	ck_assert_int_eq(mcr_frame_dec_next(dec, &f, &eb), MCR_EINVAL);
	ck_assert(mcr_frame_dec_failed(dec));
	mcr_frame_dec_feed(dec, mcr_fbuf_head(&buf), mcr_fbuf_size(&buf));
	ck_assert_int_eq(mcr_frame_dec_next(dec, &f, &eb), MCR_EINVAL);
	ck_assert_ptr_null(f);
	ck_assert_int_eq(mcr_frame_dec_finish(dec, &eb), MCR_EINVAL);
	ck_assert_ptr_nonnull(strstr(eb.msg, "bad frame length"));
	mcr_frame_dec_free(dec);
}
END_TEST

START_TEST(truncation_reported_at_every_cut)
{
	size_t total, ok;
	char msg[MCR_ERRMSG_LEN];
	struct mcr_frame_meta m = {.seq = 1};
	struct mcr_frame_hello h = {"mcrouted", "x", 1, 2};

	ck_assert_int_eq(mcr_frame_put_hello(&buf, &m, &h, NULL), MCR_OK);
	total = mcr_fbuf_size(&buf);
	for (size_t cut = 1; cut < total; cut++) {
		ck_assert_int_eq(feed_expect(mcr_fbuf_head(&buf), cut, 0, msg,
					     &ok),
				 MCR_EINVAL);
		ck_assert_uint_eq(ok, 0);
		ck_assert_ptr_nonnull(strstr(msg, "truncated frame at offset 0"));
		ck_assert_ptr_nonnull(strstr(msg, cut < MCR_FRAME_HDR
							  ? "length bytes"
							  : "payload bytes"));
	}
	ck_assert_int_eq(feed_expect(mcr_fbuf_head(&buf), total, 0, msg, &ok),
			 MCR_OK);
	ck_assert_uint_eq(ok, 1);
}
END_TEST

/* A frame around a raw payload. */
static void raw_frame(const uint8_t *p, uint32_t n)
{
	uint8_t hdr[4] = {n >> 24, n >> 16, n >> 8, n};

	mcr_fbuf_put(&buf, hdr, 4);
	mcr_fbuf_put(&buf, p, n);
}

START_TEST(undecodable_and_unknown_bodies_are_skipped)
{
	/* field 1 varint then a truncated varint */
	static const uint8_t garbage[] = {0x08, 0xff, 0xff, 0xff};
	/* field 99, length-delimited, 1 byte: a body from a newer writer */
	static const uint8_t unknown[] = {0x08, 0x05, 0x9a, 0x06, 0x01, 0x00};
	/* only seq: no body at all */
	static const uint8_t nobody[] = {0x08, 0x05};
	/* route body whose prefix has 5 address bytes */
	static const uint8_t badpfx[] = {0x62, 0x0e, 0x12, 0x01, 't',
					 0x22, 0x09, 0x08, 0x04, 0x12,
					 0x05, 1, 2, 3, 4, 5};
	struct mcr_frame_dec *dec = mcr_frame_dec_new(0);
	struct mcr_frame_hello h = {"mcrouted", "x", 1, 2};
	struct mcr_frame_meta m = {0};
	struct mcr_errbuf eb;
	struct mcr_delta d;
	struct mcr_nexthop nh[4];
	Mcr__Frame *f;

	raw_frame(garbage, sizeof(garbage));
	raw_frame(unknown, sizeof(unknown));
	raw_frame(nobody, sizeof(nobody));
	raw_frame(badpfx, sizeof(badpfx));
	ck_assert_int_eq(mcr_frame_put_hello(&buf, &m, &h, NULL), MCR_OK);
	mcr_frame_dec_feed(dec, mcr_fbuf_head(&buf), mcr_fbuf_size(&buf));

	ck_assert_int_eq(mcr_frame_dec_next(dec, &f, &eb), MCR_EINVAL);
	ck_assert_str_eq(eb.msg,
			 "frame at offset 0: undecodable payload (4 bytes): not a mcr.Frame");
	ck_assert(!mcr_frame_dec_failed(dec));
	ck_assert_int_eq(mcr_frame_dec_next(dec, &f, &eb), MCR_EINVAL);
	ck_assert_str_eq(eb.msg,
			 "frame at offset 8: frame with unknown body (field 99)");
	ck_assert_int_eq(mcr_frame_dec_next(dec, &f, &eb), MCR_EINVAL);
	ck_assert_str_eq(eb.msg, "frame at offset 18: frame without a body");
	/* decodes, but its values are refused */
	ck_assert_int_eq(mcr_frame_dec_next(dec, &f, &eb), MCR_OK);
	ck_assert_int_eq(mcr_frame_delta_get(f, &d, nh, 4, &eb), MCR_EINVAL);
	ck_assert_str_eq(eb.msg, "IPv4 prefix with 5 address bytes");
	mcr_frame_free(f);
	/* and the stream goes on */
	ck_assert_int_eq(mcr_frame_dec_next(dec, &f, &eb), MCR_OK);
	ck_assert_int_eq(f->body_case, MCR__FRAME__BODY_HELLO);
	mcr_frame_free(f);
	ck_assert_int_eq(mcr_frame_dec_next(dec, &f, &eb), MCR_EAGAIN);
	ck_assert_int_eq(mcr_frame_dec_finish(dec, &eb), MCR_OK);
	mcr_frame_dec_free(dec);
}
END_TEST

START_TEST(decoded_values_validated)
{
	Mcr__Prefix p = MCR__PREFIX__INIT;
	uint8_t a[16] = {10, 1, 2, 3};
	struct mcr_prefix out;
	struct mcr_errbuf eb;
	Mcr__RouteChange rc = MCR__ROUTE_CHANGE__INIT;
	Mcr__Nexthop n = MCR__NEXTHOP__INIT, *np = &n;
	Mcr__Address ad = MCR__ADDRESS__INIT;
	struct mcr_delta d;
	struct mcr_nexthop nh[1];

	ck_assert_int_eq(mcr_frame_prefix_get(NULL, &out, &eb), MCR_EINVAL);
	ck_assert_str_eq(eb.msg, "prefix missing");
	p.family = 5;
	ck_assert_int_eq(mcr_frame_prefix_get(&p, &out, &eb), MCR_EINVAL);
	ck_assert_str_eq(eb.msg, "prefix of unknown family 5");
	p.family = MCR__FAMILY__FAMILY_INET;
	p.addr.data = a;
	p.addr.len = 4;
	p.len = 33;
	ck_assert_int_eq(mcr_frame_prefix_get(&p, &out, &eb), MCR_EINVAL);
	ck_assert_str_eq(eb.msg, "IPv4 prefix length 33");
	p.len = 16;
	ck_assert_int_eq(mcr_frame_prefix_get(&p, &out, &eb), MCR_EINVAL);
	ck_assert_str_eq(eb.msg, "prefix with host bits set");
	p.len = 32;
	ck_assert_int_eq(mcr_frame_prefix_get(&p, &out, &eb), MCR_OK);

	rc.prefix = &p;
	ck_assert_int_eq(mcr_frame_route_get(&rc, &d, nh, 1, &eb), MCR_EINVAL);
	ck_assert_str_eq(eb.msg, "route table missing");
	rc.table = "aws";
	rc.op = 7;
	ck_assert_int_eq(mcr_frame_route_get(&rc, &d, nh, 1, &eb), MCR_EINVAL);
	ck_assert_str_eq(eb.msg, "route: unknown op 7");
	rc.op = MCR__ROUTE_CHANGE__OP__INSTALL;
	rc.kind = 9;
	ck_assert_int_eq(mcr_frame_route_get(&rc, &d, nh, 1, &eb), MCR_EINVAL);
	rc.kind = MCR__ROUTE_KIND__ROUTE_KIND_PROPAGATED;
	rc.nexthops = &np;
	rc.n_nexthops = 1;
	ck_assert_int_eq(mcr_frame_route_get(&rc, &d, nh, 1, &eb), MCR_EINVAL);
	ck_assert_str_eq(eb.msg, "nexthop attachment missing");
	n.attachment = "dx";
	n.address = &ad;
	ad.family = MCR__FAMILY__FAMILY_INET6;
	ad.addr.data = a;
	ad.addr.len = 4;
	ck_assert_int_eq(mcr_frame_route_get(&rc, &d, nh, 1, &eb), MCR_EINVAL);
	ck_assert_str_eq(eb.msg, "IPv6 nexthop with 4 address bytes");
	ad.family = MCR__FAMILY__FAMILY_INET;
	ck_assert_int_eq(mcr_frame_route_get(&rc, &d, nh, 0, &eb), MCR_ELIMIT);
	ck_assert_int_eq(mcr_frame_route_get(&rc, &d, nh, 1, &eb), MCR_OK);
	ck_assert_uint_eq(d.nnh, 1);
	ck_assert_uint_eq(d.nh[0].addr.addr[0], 10);
}
END_TEST

/*
 * Corrupt a valid stream at the byte level (flip bits, overwrite, drop,
 * duplicate, truncate) many times with a fixed seed; everything decoded
 * is converted back (deltas, checkpoint routes).  Passes when nothing
 * crashes, ASan/UBSan stay quiet and no memory is left (teardown).
 */
START_TEST(corruption_fuzz)
{
	uint8_t *orig, *mut;
	size_t total;
	unsigned decoded = 0, errors = 0;
	struct mcr_nexthop nh[MCR_ECMP_MAX * MCR_NH_MAX];

	encode_sample();
	total = mcr_fbuf_size(&buf);
	orig = malloc(total);
	mut = malloc(total * 2);
	memcpy(orig, mcr_fbuf_head(&buf), total);
	for (unsigned it = 0; it < 20000; it++) {
		struct mcr_frame_dec *dec = mcr_frame_dec_new(it & 1 ? 0 : 4096);
		size_t len = total, off = 0;
		unsigned nmut = 1 + rnd() % 8;
		Mcr__Frame *f;
		struct mcr_errbuf eb;
		enum mcr_err err;

		memcpy(mut, orig, total);
		for (unsigned k = 0; k < nmut && len; k++) {
			size_t at = rnd() % len;

			switch (rnd() % 5) {
			case 0:
				mut[at] ^= (uint8_t)(1u << (rnd() % 8));
				break;
			case 1:
				mut[at] = (uint8_t)rnd();
				break;
			case 2: /* drop a byte */
				memmove(mut + at, mut + at + 1, len - at - 1);
				len--;
				break;
			case 3: /* duplicate a byte */
				if (len < total * 2) {
					memmove(mut + at + 1, mut + at,
						len - at);
					len++;
				}
				break;
			default:
				len = at;
				break;
			}
		}
		while (off < len) {
			size_t c = 1 + rnd() % 300;

			if (c > len - off)
				c = len - off;
			mcr_frame_dec_feed(dec, mut + off, c);
			off += c;
			while ((err = mcr_frame_dec_next(dec, &f, &eb)) !=
			       MCR_EAGAIN) {
				struct mcr_delta d;

				if (err != MCR_OK) {
					errors++;
					ck_assert_uint_gt(strlen(eb.msg), 10);
					if (mcr_frame_dec_failed(dec))
						break;
					continue;
				}
				decoded++;
				if (mcr_frame_delta_get(f, &d, nh, 256, &eb) ==
				    MCR_OK) {
					char s[512];

					mcr_delta_format(&d, s, sizeof(s));
				}
				if (f->body_case ==
				    MCR__FRAME__BODY_CHECKPOINT) {
					Mcr__Checkpoint *cp = f->checkpoint;

					for (size_t i = 0; i < cp->n_tables;
					     i++)
						for (size_t j = 0;
						     j < cp->tables[i]->n_routes;
						     j++)
							mcr_frame_route_get(
								cp->tables[i]
									->routes[j],
								&d, nh, 256,
								&eb);
				}
				mcr_frame_free(f);
			}
			if (mcr_frame_dec_failed(dec))
				break;
		}
		mcr_frame_dec_finish(dec, &eb);
		mcr_frame_dec_free(dec);
	}
	free(orig);
	free(mut);
	/* the mutations did reach both outcomes */
	ck_assert_uint_gt(decoded, 20000);
	ck_assert_uint_gt(errors, 5000);
}
END_TEST

START_TEST(fbuf_consume_and_reuse)
{
	uint8_t x[1000];

	for (size_t i = 0; i < sizeof(x); i++)
		x[i] = (uint8_t)i;
	for (int r = 0; r < 100; r++) {
		mcr_fbuf_put(&buf, x, sizeof(x));
		ck_assert_uint_eq(mcr_fbuf_head(&buf)[0],
				  ((1000 - 10 * r) % 1000) & 0xff);
		mcr_fbuf_consume(&buf, 990);
		mcr_fbuf_put(&buf, x, 0);
	}
	/* 10 bytes left per round, never lost nor duplicated */
	ck_assert_uint_eq(mcr_fbuf_size(&buf), 1000);
	ck_assert_uint_le(buf.cap, 4096);
	mcr_fbuf_consume(&buf, 1000);
	ck_assert_uint_eq(mcr_fbuf_size(&buf), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("frame");
	TCase *tc = tcase_create("frame");
	TCase *tcc = tcase_create("core");
	TCase *tcf = tcase_create("fuzz");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, every_delta_type_round_trips);
	tcase_add_test(tc, encoder_refuses_bad_values_unchanged);
	tcase_add_test(tc, tunnel_and_hello_round_trip);
	tcase_add_test(tc, checkpoint_builder_by_hand);
	tcase_add_test(tc, chunked_input_any_split);
	tcase_add_test(tc, bad_length_is_fatal);
	tcase_add_test(tc, truncation_reported_at_every_cut);
	tcase_add_test(tc, undecodable_and_unknown_bodies_are_skipped);
	tcase_add_test(tc, decoded_values_validated);
	tcase_add_test(tc, fbuf_consume_and_reuse);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(tcc, core_setup, core_teardown);
	tcase_add_test(tcc, pipeline_deltas_round_trip);
	tcase_add_test(tcc, checkpoint_from_core_round_trips);
	suite_add_tcase(s, tcc);
	tcase_add_checked_fixture(tcf, setup, teardown);
	tcase_set_timeout(tcf, 600); /* ASan, a busy machine */
	tcase_add_test(tcf, corruption_fuzz);
	suite_add_tcase(s, tcf);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
