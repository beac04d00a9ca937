/*
 * Unit tests for lib/export.c (with lib/rtable.c as its input): what an
 * attachment is sent -- its associated table minus its own routes and
 * blackholes -- mirrored while within the outbound limit, summarized when
 * over it (never covering space routed elsewhere or protected), the
 * previous set kept when no summary exists, and the transitions between
 * the modes, IPv4 and IPv6.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "mcr/export.h"
#include "mcr/mem.h"

static struct mcr_rtable *t;
static struct mcr_export *e;
static char ev[4096]; /* emitted events of the last step */

static struct mcr_rsrc self = {"self", NULL, 100, true};
static struct mcr_rsrc other = {"other", NULL, 300, true};
static struct mcr_addr nh;

/* routes by slot, so they can be removed */
#define NR 64
static struct mcr_route rt[NR];
static struct mcr_prefix rp[NR];
static bool used[NR];

static struct mcr_prefix P(const char *s)
{
	struct mcr_prefix p;

	ck_assert_int_eq(mcr_prefix_parse(s, true, false, &p, NULL), MCR_OK);
	return p;
}

static void emit(void *arg, const struct mcr_export *x, enum mcr_export_ev k,
		 const struct mcr_prefix *p, bool summary,
		 const struct mcr_export_status *st)
{
	char b[MCR_PREFIX_STRLEN];

	(void)arg;
	ck_assert_ptr_eq(x, e);
	if (k == MCR_EXPORT_EV_STATUS) {
		snprintf(ev + strlen(ev), sizeof(ev) - strlen(ev),
			 "status:%s%s ",
			 st->failed	  ? "failed"
			 : st->summarized ? "summarized"
					  : "exact",
			 p->family == MCR_AF_INET6 ? "6" : "4");
		return;
	}
	/* a withdrawal carries no summary flag */
	ck_assert(k == MCR_EXPORT_EV_ADD || !summary);
	snprintf(ev + strlen(ev), sizeof(ev) - strlen(ev), "%s%s%s ",
		 k == MCR_EXPORT_EV_ADD ? "+" : "-",
		 mcr_prefix2str(p, b, sizeof(b)), summary ? "*" : "");
}

/* table flush -> incremental export changes, as the pipeline does */
static void change_cb(struct mcr_rtable *tb, const struct mcr_prefix *p,
		      const struct mcr_rsel *old, const struct mcr_rsel *new,
		      void *arg)
{
	(void)tb;
	(void)arg;
	if (mcr_export_wants(e, old) == mcr_export_wants(e, new))
		mcr_export_touch(e, p);
	else
		mcr_export_change(e, p, old, new, emit, NULL);
}

static const char *step(void)
{
	ev[0] = 0;
	mcr_rtable_flush(t, change_cb, NULL);
	mcr_export_flush(e, emit, NULL);
	return ev;
}

static int add(const char *pfx, const struct mcr_rsrc *src)
{
	for (int i = 0; i < NR; i++)
		if (!used[i]) {
			used[i] = true;
			rp[i] = P(pfx);
			rt[i] = (struct mcr_route){.src = src, .nh = &nh,
						   .nnh = 1, .seq = i + 1};
			ck_assert_int_eq(mcr_rtable_path_add(t, &rp[i], &rt[i]),
					 MCR_OK);
			return i;
		}
	ck_abort_msg("out of route slots");
	return -1;
}

static void del(int i)
{
	ck_assert_int_eq(mcr_rtable_path_del(t, &rp[i], &rt[i]), MCR_OK);
	used[i] = false;
}

static int walk_cb(const struct mcr_prefix *p, bool summary, void *arg)
{
	char b[MCR_PREFIX_STRLEN];

	sprintf((char *)arg + strlen(arg), "%s%s ",
		mcr_prefix2str(p, b, sizeof(b)), summary ? "*" : "");
	return 0;
}

static const char *adv(uint8_t family)
{
	static char buf[1024];

	buf[0] = 0;
	mcr_export_walk(e, family, walk_cb, buf);
	return buf;
}

static void limits(uint32_t v4, uint32_t v6)
{
	uint32_t l[MCR_AFI_MAX] = {v4, v6};

	mcr_export_set_limits(e, l);
}

static void setup(void)
{
	mcr_addr_parse("192.0.2.1", &nh, NULL);
	memset(used, 0, sizeof(used));
	t = mcr_rtable_new("t1", 101);
	e = mcr_export_new("self", &self);
	limits(100, 100);
	mcr_export_set_table(e, t);
	step();
}

static void teardown(void)
{
	for (int i = 0; i < NR; i++)
		if (used[i])
			del(i);
	step();
	ev[0] = 0;
	mcr_export_clear(e, emit, NULL);
	ck_assert_str_eq(ev, "");
	mcr_export_free(e);
	mcr_rtable_free(t);
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}

START_TEST(mirror_minus_own_and_blackholes)
{
	struct mcr_prefix bh = P("10.5.0.0/16");
	struct mcr_export_status st;

	ck_assert_str_eq(mcr_export_name(e), "self");
	ck_assert_ptr_eq(mcr_export_table(e), t);
	add("10.1.0.0/16", &other);
	ck_assert_str_eq(step(), "+10.1.0.0/16 ");
	add("10.2.0.0/16", &self); /* own route: not sent back */
	ck_assert_str_eq(step(), "");
	mcr_rtable_blackhole_set(t, &bh, NULL); /* never sent */
	ck_assert_str_eq(step(), "");
	add("2600::/32", &other);
	ck_assert_str_eq(step(), "+2600::/32 ");
	ck_assert_str_eq(adv(MCR_AF_INET), "10.1.0.0/16 ");
	ck_assert_str_eq(adv(MCR_AF_INET6), "2600::/32 ");
	mcr_export_status(e, MCR_AF_INET, &st);
	ck_assert(!st.summarized && !st.failed);
	ck_assert_uint_eq(st.wanted, 1);
	ck_assert_uint_eq(st.advertised, 1);
	mcr_rtable_static_del(t, &bh, NULL);
}
END_TEST

START_TEST(own_route_wins_then_loses)
{
	int o = add("10.1.0.0/16", &other);
	int s;

	step();
	/* self has the better preference: the prefix is now its own */
	s = add("10.1.0.0/16", &self);
	ck_assert_str_eq(step(), "-10.1.0.0/16 ");
	del(s);
	ck_assert_str_eq(step(), "+10.1.0.0/16 ");
	del(o);
	ck_assert_str_eq(step(), "-10.1.0.0/16 ");
}
END_TEST

START_TEST(ecmp_including_self_not_sent)
{
	struct mcr_rsrc peer = {"peer", NULL, 100, true};
	struct mcr_rsel sel = {.kind = MCR_RK_PROPAGATED, .n = 2,
			       .src = {&peer, &self}};

	ck_assert(!mcr_export_wants(e, &sel));
	sel.n = 1;
	ck_assert(mcr_export_wants(e, &sel));
	sel.kind = MCR_RK_STATIC;
	ck_assert(mcr_export_wants(e, &sel));
	sel.src[0] = &self;
	ck_assert(!mcr_export_wants(e, &sel));
	sel.kind = MCR_RK_BLACKHOLE;
	sel.n = 0;
	ck_assert(!mcr_export_wants(e, &sel));
	sel.kind = MCR_RK_NONE;
	ck_assert(!mcr_export_wants(e, &sel));
}
END_TEST

START_TEST(summarized_over_limit_and_back)
{
	struct mcr_prefix prot = P("10.0.3.0/24");
	struct mcr_export_status st;
	int last;

	limits(2, 100);
	step();
	add("10.0.0.0/24", &other);
	add("10.0.1.0/24", &other);
	ck_assert_str_eq(step(), "+10.0.0.0/24 +10.0.1.0/24 ");
	add("10.9.0.0/16", &self); /* routed elsewhere (to self) */
	mcr_rtable_protect_add(t, &prot, NULL);
	mcr_export_invalidate(e);
	step();
	/* third route: over the limit -> one summary */
	last = add("10.0.2.0/24", &other);
	ck_assert_str_eq(step(),
			 "-10.0.0.0/24 -10.0.1.0/24 +10.0.0.0/23* +10.0.2.0/24 "
			 "status:summarized4 ");
	mcr_export_status(e, MCR_AF_INET, &st);
	ck_assert(st.summarized && !st.failed);
	ck_assert_uint_eq(st.advertised, 2);
	ck_assert_uint_eq(st.wanted, 3);
	ck_assert_uint_eq(st.extra, 0);
	ck_assert(strstr(st.reason, "summarized into 2"));
	ck_assert_str_eq(adv(MCR_AF_INET), "10.0.0.0/23* 10.0.2.0/24 ");
	/* never 10.0.0.0/22 (protected 10.0.3/24) nor anything covering
	 * self's 10.9/16; IPv6 unaffected */
	ck_assert_str_eq(adv(MCR_AF_INET6), "");
	/* back within the limit: exact again */
	del(last);
	ck_assert_str_eq(step(), "-10.0.0.0/23 -10.0.2.0/24 +10.0.0.0/24 "
				 "+10.0.1.0/24 status:exact4 ");
	mcr_export_status(e, MCR_AF_INET, &st);
	ck_assert(!st.summarized);
	mcr_rtable_protect_del(t, &prot, NULL);
}
END_TEST

START_TEST(deny_change_inside_summary)
{
	int own;

	limits(1, 100);
	add("10.0.0.0/24", &other);
	add("10.0.1.0/24", &other);
	ck_assert_str_eq(step(), "+10.0.0.0/23* status:summarized4 ");
	/* self starts routing a piece next to them: a /23 is still fine */
	own = add("10.0.2.0/24", &self);
	ck_assert_str_eq(step(), "");
	/* ... but a route of self inside the summary must split it: the
	 * membership of 10.0.1.128/25 does not change, the deny space
	 * does.  No single prefix fits now: the previous set minus what
	 * overlaps the denied space is kept, and that is said. */
	del(own);
	own = add("10.0.1.128/25", &self);
	ck_assert_str_eq(step(), "-10.0.0.0/23 status:failed4 ");
	ck_assert_str_eq(adv(MCR_AF_INET), "");
	{
		struct mcr_export_status st;

		mcr_export_status(e, MCR_AF_INET, &st);
		ck_assert(st.failed && st.summarized);
		ck_assert(strstr(st.reason, "previous set kept"));
	}
	/* room for two: both /24 (a /25 stays out) */
	limits(2, 100);
	ck_assert_str_eq(step(), "+10.0.0.0/24 +10.0.1.0/24 status:exact4 ");
	del(own);
	ck_assert_str_eq(step(), "");
}
END_TEST

START_TEST(ipv6_summary_and_table_change)
{
	struct mcr_rtable *t2 = mcr_rtable_new("t2", 102);

	limits(100, 1);
	add("2600:1::/48", &other);
	add("2600:1:1::/48", &other);
	ck_assert_str_eq(step(), "+2600:1::/47* status:summarized6 ");
	/* another (empty) table: everything is withdrawn at the flush */
	mcr_export_set_table(e, t2);
	ev[0] = 0;
	mcr_export_flush(e, emit, NULL);
	ck_assert_str_eq(ev, "-2600:1::/47 status:exact6 ");
	ck_assert_ptr_eq(mcr_export_table(e), t2);
	mcr_export_set_table(e, t);
	ev[0] = 0;
	mcr_export_flush(e, emit, NULL);
	ck_assert_str_eq(ev, "+2600:1::/47* status:summarized6 ");
	/* clear withdraws everything advertised */
	ev[0] = 0;
	mcr_export_clear(e, emit, NULL);
	ck_assert_str_eq(ev, "-2600:1::/47 ");
	ck_assert_ptr_null(mcr_export_table(e));
	ck_assert(!mcr_export_dirty(e));
	mcr_export_set_table(e, t);
	mcr_export_flush(e, emit, NULL);
	mcr_rtable_free(t2);
}
END_TEST

START_TEST(batch_apply_withdrawals_first)
{
	struct mcr_export_chg v[3];

	limits(2, 100);
	add("10.0.0.0/24", &other);
	add("10.0.1.0/24", &other);
	step();
	/* a batch that swaps one route for another: the peer sees the
	 * withdrawal before the addition, never 3 prefixes */
	v[0] = (struct mcr_export_chg){P("10.0.5.0/24"), true};
	v[1] = (struct mcr_export_chg){P("10.0.0.0/24"), false};
	ev[0] = 0;
	mcr_export_apply(e, v, 2, emit, NULL);
	ck_assert_str_eq(ev, "-10.0.0.0/24 +10.0.5.0/24 ");
	/* undo through the same interface */
	v[0].in = false;
	v[1].in = true;
	ev[0] = 0;
	mcr_export_apply(e, v, 2, emit, NULL);
	ck_assert_str_eq(ev, "-10.0.5.0/24 +10.0.0.0/24 ");
	(void)v[2];
}
END_TEST

int main(void)
{
	Suite *s = suite_create("export");
	TCase *tc = tcase_create("export");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, mirror_minus_own_and_blackholes);
	tcase_add_test(tc, own_route_wins_then_loses);
	tcase_add_test(tc, ecmp_including_self_not_sent);
	tcase_add_test(tc, summarized_over_limit_and_back);
	tcase_add_test(tc, deny_change_inside_summary);
	tcase_add_test(tc, ipv6_summary_and_table_change);
	tcase_add_test(tc, batch_apply_withdrawals_first);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
