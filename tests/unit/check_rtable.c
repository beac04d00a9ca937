/*
 * Unit tests for lib/rtable.c alone: TGW selection (static and blackhole
 * beat propagated, preference, metric, ECMP, name tie-break), conflict
 * policies with redundancy groups, what a flush reports (only changes,
 * old selection readable), touches, protected prefixes, longest-prefix
 * match, IPv6, and bad input.  Sources and routes are built by hand here
 * (the pipeline normally owns them).
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "mcr/mem.h"
#include "mcr/rtable.h"

static struct mcr_rtable *t;

/* what the last flush reported: "p old>new;" per change */
static char rep[4096];

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

static void sel_str(const struct mcr_rsel *s, char *buf, size_t size)
{
	size_t off;

	if (s->kind == MCR_RK_NONE) {
		snprintf(buf, size, "-");
		return;
	}
	if (s->kind == MCR_RK_BLACKHOLE) {
		snprintf(buf, size, "bh");
		return;
	}
	off = (size_t)snprintf(buf, size, "%s",
			       s->kind == MCR_RK_STATIC ? "st:" : "");
	for (unsigned i = 0; i < s->n; i++)
		off += (size_t)snprintf(buf + off, size - off, "%s%s",
					i ? "+" : "", s->src[i]->name);
}

static void change_cb(struct mcr_rtable *tb, const struct mcr_prefix *p,
		      const struct mcr_rsel *old, const struct mcr_rsel *new,
		      void *arg)
{
	char a[MCR_PREFIX_STRLEN], o[256], n[256];

	(void)arg;
	ck_assert_ptr_eq(tb, t);
	sel_str(old, o, sizeof(o));
	sel_str(new, n, sizeof(n));
	snprintf(rep + strlen(rep), sizeof(rep) - strlen(rep), "%s %s>%s;",
		 mcr_prefix2str(p, a, sizeof(a)), o, n);
}

static size_t flush(void)
{
	rep[0] = 0;
	return mcr_rtable_flush(t, change_cb, NULL);
}

/* selection at @pfx as a string ("-" for none) */
static const char *at(const char *pfx)
{
	static char buf[256];
	struct mcr_prefix p = P(pfx);
	struct mcr_rsel s;

	if (!mcr_rtable_find(t, &p, &s))
		return "-";
	sel_str(&s, buf, sizeof(buf));
	return buf;
}

/* sources */
static struct mcr_rsrc dx = {"dx", NULL, 100, true};
static struct mcr_rsrc conn = {"conn", NULL, 200, true};
static struct mcr_rsrc vpna = {"vpna", NULL, 300, true};
static struct mcr_rsrc vpnb = {"vpnb", NULL, 300, true};
static struct mcr_rsrc g1a = {"g1a", "g1", 300, true};
static struct mcr_rsrc g1b = {"g1b", "g1", 300, true};

static struct mcr_addr nh1;

static struct mcr_route R(const struct mcr_rsrc *src, uint32_t metric,
			  uint64_t seq)
{
	struct mcr_route r = {.src = src, .nh = &nh1, .nnh = 1,
			      .metric = metric, .seq = seq};

	return r;
}

static void setup(void)
{
	nh1 = A("192.0.2.1");
	dx.up = conn.up = vpna.up = vpnb.up = g1a.up = g1b.up = true;
	t = mcr_rtable_new("t1", 101);
}

static void teardown(void)
{
	mcr_rtable_free(t);
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}

START_TEST(names_and_settings)
{
	enum mcr_conflict_policy p = MCR_CONFLICT_REPORT;

	ck_assert_str_eq(mcr_rtable_name(t), "t1");
	ck_assert_uint_eq(mcr_rtable_kernel_id(t), 101);
	ck_assert(!mcr_rtable_ecmp(t));
	ck_assert_int_eq(mcr_rtable_policy(t), MCR_CONFLICT_REPORT);
	for (int i = 0; i < MCR_CONFLICT_POLICY_MAX; i++) {
		ck_assert_int_eq(mcr_conflict_policy_parse(
					 mcr_conflict_policy_name(i), &p, NULL),
				 MCR_OK);
		ck_assert_int_eq(p, i);
	}
	ck_assert_int_eq(mcr_conflict_policy_parse("prefer", &p, NULL),
			 MCR_EINVAL);
	ck_assert_int_eq(p, MCR_CONFLICT_POLICY_MAX - 1);
	ck_assert_str_eq(mcr_route_kind_name(MCR_RK_BLACKHOLE), "blackhole");
	ck_assert(!mcr_rtable_dirty(t));
	ck_assert_uint_eq(flush(), 0);
}
END_TEST

START_TEST(preference_metric_tiebreak_ecmp)
{
	struct mcr_prefix p = P("10.0.0.0/16");
	struct mcr_route a = R(&vpna, 5, 1), b = R(&vpnb, 5, 2),
			 c = R(&conn, 9, 3), d = R(&dx, 9, 4);

	ck_assert_int_eq(mcr_rtable_path_add(t, &p, &b), MCR_OK);
	ck_assert_int_eq(mcr_rtable_path_add(t, &p, &a), MCR_OK);
	ck_assert_int_eq(mcr_rtable_path_add(t, &p, &a), MCR_EEXIST);
	ck_assert(mcr_rtable_dirty(t));
	ck_assert_uint_eq(flush(), 1);
	ck_assert_str_eq(rep, "10.0.0.0/16 ->vpna;"); /* name tie-break */
	mcr_rtable_set_ecmp(t, true);
	flush();
	ck_assert_str_eq(rep, "10.0.0.0/16 vpna>vpna+vpnb;");
	/* lower metric wins among equal preference */
	b.metric = 1;
	mcr_rtable_touch(t, &p);
	flush();
	ck_assert_str_eq(at("10.0.0.0/16"), "vpnb");
	/* preference beats metric: tgw-connect over vpn, dx over both */
	mcr_rtable_path_add(t, &p, &c);
	flush();
	ck_assert_str_eq(rep, "10.0.0.0/16 vpnb>conn;");
	mcr_rtable_path_add(t, &p, &d);
	flush();
	ck_assert_str_eq(at("10.0.0.0/16"), "dx");
	/* removal: the old selection is still readable in the callback */
	ck_assert_int_eq(mcr_rtable_path_del(t, &p, &d), MCR_OK);
	ck_assert_int_eq(mcr_rtable_path_del(t, &p, &d), MCR_ENOENT);
	flush();
	ck_assert_str_eq(rep, "10.0.0.0/16 dx>conn;");
	mcr_rtable_path_del(t, &p, &c);
	mcr_rtable_path_del(t, &p, &b);
	mcr_rtable_path_del(t, &p, &a);
	flush();
	ck_assert_str_eq(rep, "10.0.0.0/16 conn>-;");
	ck_assert_uint_eq(mcr_rtable_count(t, MCR_AF_INET), 0);
}
END_TEST

START_TEST(ecmp_cap_by_name)
{
	struct mcr_prefix p = P("2600::/32");
	struct mcr_rsrc src[MCR_ECMP_MAX + 4];
	struct mcr_route r[MCR_ECMP_MAX + 4];
	char names[MCR_ECMP_MAX + 4][8];
	struct mcr_rsel s;

	mcr_rtable_set_ecmp(t, true);
	/* added in reverse name order: the smallest names win */
	for (int i = MCR_ECMP_MAX + 3; i >= 0; i--) {
		snprintf(names[i], sizeof(names[i]), "s%02d", i);
		src[i] = (struct mcr_rsrc){names[i], NULL, 300, true};
		r[i] = R(&src[i], 0, (uint64_t)i + 1);
		mcr_rtable_path_add(t, &p, &r[i]);
	}
	flush();
	ck_assert(mcr_rtable_find(t, &p, &s));
	ck_assert_uint_eq(s.n, MCR_ECMP_MAX);
	for (unsigned i = 0; i < s.n; i++)
		ck_assert_ptr_eq(s.src[i], &src[i]);
	ck_assert_uint_eq(mcr_rtable_count(t, MCR_AF_INET6), 1);
	for (int i = 0; i < MCR_ECMP_MAX + 4; i++)
		mcr_rtable_path_del(t, &p, &r[i]);
	flush();
}
END_TEST

START_TEST(static_blackhole_beat_propagated)
{
	struct mcr_prefix p = P("10.1.0.0/16");
	struct mcr_route d = R(&dx, 0, 1);
	struct mcr_addr nh = A("10.9.9.9"), got;
	const struct mcr_rsrc *src = NULL;
	struct mcr_errbuf eb;

	mcr_rtable_path_add(t, &p, &d);
	flush();
	ck_assert_int_eq(mcr_rtable_static_set(t, &p, &vpna, &nh, &eb),
			 MCR_OK);
	flush();
	ck_assert_str_eq(rep, "10.1.0.0/16 dx>st:vpna;");
	ck_assert_int_eq(mcr_rtable_static_find(t, &p, &src, &got),
			 MCR_RK_STATIC);
	ck_assert_ptr_eq(src, &vpna);
	ck_assert(!memcmp(&got, &nh, sizeof(nh)));
	ck_assert(mcr_rtable_src_used(t, &vpna));
	ck_assert(!mcr_rtable_src_used(t, &vpnb));
	/* target down: the propagated route is back; up again: static */
	vpna.up = false;
	mcr_rtable_touch_src(t, &vpna);
	flush();
	ck_assert_str_eq(rep, "10.1.0.0/16 st:vpna>dx;");
	vpna.up = true;
	mcr_rtable_touch_src(t, &vpna);
	flush();
	ck_assert_str_eq(rep, "10.1.0.0/16 dx>st:vpna;");
	/* touching an unchanged source reports nothing */
	mcr_rtable_touch_src(t, &vpna);
	ck_assert_uint_eq(flush(), 0);
	/* static and blackhole exclude each other at one prefix */
	ck_assert_int_eq(mcr_rtable_blackhole_set(t, &p, &eb), MCR_EEXIST);
	ck_assert(strstr(eb.msg, "static"));
	ck_assert_int_eq(mcr_rtable_static_del(t, &p, &eb), MCR_OK);
	ck_assert_int_eq(mcr_rtable_blackhole_set(t, &p, &eb), MCR_OK);
	ck_assert_int_eq(mcr_rtable_static_set(t, &p, &vpna, NULL, &eb),
			 MCR_EEXIST);
	flush();
	ck_assert_str_eq(rep, "10.1.0.0/16 st:vpna>bh;");
	ck_assert_int_eq(mcr_rtable_static_find(t, &p, NULL, NULL),
			 MCR_RK_BLACKHOLE);
	/* a blackhole wins even with the source down */
	ck_assert_int_eq(mcr_rtable_static_del(t, &p, NULL), MCR_OK);
	ck_assert_int_eq(mcr_rtable_static_del(t, &p, &eb), MCR_ENOENT);
	ck_assert(strstr(eb.msg, "10.1.0.0/16"));
	flush();
	ck_assert_str_eq(rep, "10.1.0.0/16 bh>dx;");
	mcr_rtable_path_del(t, &p, &d);
	flush();
	ck_assert_int_eq(mcr_rtable_static_find(t, &p, NULL, NULL),
			 MCR_RK_NONE);
}
END_TEST

START_TEST(static_alone_and_down)
{
	struct mcr_prefix p = P("10.2.0.0/16");

	vpna.up = false;
	mcr_rtable_static_set(t, &p, &vpna, NULL, NULL);
	ck_assert_uint_eq(flush(), 0); /* nothing selected */
	vpna.up = true;
	mcr_rtable_touch_src(t, &vpna);
	flush();
	ck_assert_str_eq(rep, "10.2.0.0/16 ->st:vpna;");
	/* replacing the static with another target reports the change */
	mcr_rtable_static_set(t, &p, &vpnb, NULL, NULL);
	flush();
	ck_assert_str_eq(rep, "10.2.0.0/16 st:vpna>st:vpnb;");
	mcr_rtable_static_del(t, &p, NULL);
	flush();
	ck_assert_str_eq(rep, "10.2.0.0/16 st:vpnb>-;");
}
END_TEST

/* The four conflict policies on a covering and a covered route. */
START_TEST(conflict_policies)
{
	struct mcr_prefix p8 = P("10.0.0.0/8"), p16 = P("10.0.0.0/16"),
			  o = P("192.168.0.0/16");
	struct mcr_route big = R(&vpnb, 0, 1), small = R(&conn, 0, 2),
			 other = R(&vpna, 0, 3);

	mcr_rtable_path_add(t, &p8, &big);
	mcr_rtable_path_add(t, &p16, &small);
	mcr_rtable_path_add(t, &o, &other);
	flush();
	/* report: both, longest match decides */
	ck_assert_str_eq(at("10.0.0.0/8"), "vpnb");
	ck_assert_str_eq(at("10.0.0.0/16"), "conn");
	ck_assert(!mcr_rtable_path_excluded(t, &p8, &big));
	/* first-wins: the /8 came first */
	mcr_rtable_set_policy(t, MCR_CONFLICT_FIRST_WINS);
	flush();
	ck_assert_str_eq(rep, "10.0.0.0/16 conn>-;");
	ck_assert(mcr_rtable_path_excluded(t, &p16, &small));
	/* prefer-attachment: conn (200) beats vpnb (300) */
	mcr_rtable_set_policy(t, MCR_CONFLICT_PREFER_ATTACHMENT);
	flush();
	ck_assert_str_eq(rep, "10.0.0.0/8 vpnb>-;10.0.0.0/16 ->conn;");
	/* reject-both */
	mcr_rtable_set_policy(t, MCR_CONFLICT_REJECT_BOTH);
	flush();
	ck_assert_str_eq(rep, "10.0.0.0/16 conn>-;");
	ck_assert_str_eq(at("192.168.0.0/16"), "vpna"); /* unrelated */
	/* the conflict goes away with one side: the other comes back */
	mcr_rtable_path_del(t, &p16, &small);
	flush();
	ck_assert_str_eq(rep, "10.0.0.0/8 ->vpnb;");
	ck_assert_str_eq(at("10.0.0.0/8"), "vpnb");
	ck_assert_str_eq(at("10.0.0.0/16"), "-");
	mcr_rtable_path_del(t, &p8, &big);
	mcr_rtable_path_del(t, &o, &other);
	flush();
}
END_TEST

START_TEST(prefer_attachment_name_and_redgroup)
{
	struct mcr_prefix p = P("10.0.0.0/16"), q = P("10.0.0.0/24");
	struct mcr_route a = R(&vpnb, 0, 1), b = R(&vpna, 0, 2),
			 c = R(&g1a, 0, 3), d = R(&g1b, 0, 4);

	mcr_rtable_set_policy(t, MCR_CONFLICT_PREFER_ATTACHMENT);
	/* equal preference: the smaller name wins, whatever the order */
	mcr_rtable_path_add(t, &p, &a);
	mcr_rtable_path_add(t, &q, &b);
	flush();
	ck_assert_str_eq(at("10.0.0.0/16"), "-");
	ck_assert_str_eq(at("10.0.0.0/24"), "vpna");
	mcr_rtable_path_del(t, &p, &a);
	mcr_rtable_path_del(t, &q, &b);
	flush();
	/* one redundancy group: no conflict, both stay */
	mcr_rtable_set_policy(t, MCR_CONFLICT_REJECT_BOTH);
	mcr_rtable_path_add(t, &p, &c);
	mcr_rtable_path_add(t, &q, &d);
	flush();
	ck_assert_str_eq(at("10.0.0.0/16"), "g1a");
	ck_assert_str_eq(at("10.0.0.0/24"), "g1b");
	mcr_rtable_path_del(t, &p, &c);
	mcr_rtable_path_del(t, &q, &d);
	flush();
}
END_TEST

START_TEST(flush_reports_only_changes)
{
	struct mcr_prefix p = P("10.0.0.0/16");
	struct mcr_route a = R(&vpna, 0, 1), b = R(&vpnb, 0, 2);
	struct mcr_addr nh2 = A("192.0.2.2");

	mcr_rtable_path_add(t, &p, &a);
	flush();
	/* a worse route arrives: nothing to report */
	mcr_rtable_path_add(t, &p, &b);
	ck_assert_uint_eq(flush(), 0);
	ck_assert_str_eq(rep, "");
	/* add + del of the same path within one flush: no change */
	mcr_rtable_path_del(t, &p, &b);
	mcr_rtable_path_add(t, &p, &b);
	ck_assert_uint_eq(flush(), 0);
	/* attributes of the unselected route change: nothing */
	b.nh = &nh2;
	mcr_rtable_path_touch(t, &p, &b);
	ck_assert_uint_eq(flush(), 0);
	/* of the selected one: reported although the same route */
	a.nh = &nh2;
	mcr_rtable_path_touch(t, &p, &a);
	ck_assert_uint_eq(flush(), 1);
	ck_assert_str_eq(rep, "10.0.0.0/16 vpna>vpna;");
	/* a new kernel id re-installs everything */
	mcr_rtable_set_kernel_id(t, 202);
	ck_assert_uint_eq(flush(), 1);
	ck_assert_uint_eq(mcr_rtable_kernel_id(t), 202);
	/* setting the same policy/ecmp/id again is not a change */
	mcr_rtable_set_kernel_id(t, 202);
	mcr_rtable_set_ecmp(t, false);
	mcr_rtable_set_policy(t, MCR_CONFLICT_REPORT);
	ck_assert(!mcr_rtable_dirty(t));
	mcr_rtable_path_del(t, &p, &a);
	mcr_rtable_path_del(t, &p, &b);
	flush();
}
END_TEST

static int walk_cb(const struct mcr_prefix *p, const struct mcr_rsel *s,
		   void *arg)
{
	char *buf = arg, a[MCR_PREFIX_STRLEN], n[64];

	sel_str(s, n, sizeof(n));
	sprintf(buf + strlen(buf), "%s=%s ", mcr_prefix2str(p, a, sizeof(a)),
		n);
	return 0;
}

START_TEST(match_walk_ipv6)
{
	struct mcr_prefix a = P("2600::/16"), b = P("2600:1::/32"),
			  c = P("2600:1:2::/48"), m, q;
	struct mcr_route ra = R(&vpna, 0, 1), rb = R(&dx, 0, 2);
	struct mcr_rsel s;
	char buf[256] = "";

	mcr_rtable_path_add(t, &b, &rb);
	mcr_rtable_path_add(t, &a, &ra);
	mcr_rtable_blackhole_set(t, &c, NULL);
	flush();
	q = P("2600:1:2:3::/64");
	ck_assert(mcr_rtable_match(t, &q, &m, &s));
	ck_assert(mcr_prefix_equal(&m, &c));
	ck_assert_int_eq(s.kind, MCR_RK_BLACKHOLE);
	q = P("2600:1:3::/48");
	ck_assert(mcr_rtable_match(t, &q, &m, &s));
	ck_assert(mcr_prefix_equal(&m, &b));
	ck_assert_ptr_eq(s.route[0], &rb);
	q = P("2601::/16");
	ck_assert(!mcr_rtable_match(t, &q, &m, &s));
	q = P("10.0.0.0/8"); /* other family: nothing */
	ck_assert(!mcr_rtable_match(t, &q, NULL, NULL));
	mcr_rtable_walk(t, MCR_AF_INET6, walk_cb, buf);
	ck_assert_str_eq(buf, "2600::/16=vpna 2600:1::/32=dx 2600:1:2::/48=bh ");
	buf[0] = 0;
	mcr_rtable_walk(t, MCR_AF_INET, walk_cb, buf);
	ck_assert_str_eq(buf, "");
	ck_assert_uint_eq(mcr_rtable_count(t, MCR_AF_INET6), 3);
	mcr_rtable_path_del(t, &a, &ra);
	mcr_rtable_path_del(t, &b, &rb);
	mcr_rtable_static_del(t, &c, NULL);
	flush();
	ck_assert_uint_eq(mcr_rtable_count(t, MCR_AF_INET6), 0);
}
END_TEST

static int prot_cb(const struct mcr_prefix *p, void *arg)
{
	char a[MCR_PREFIX_STRLEN];

	strcat(arg, mcr_prefix2str(p, a, sizeof(a)));
	strcat(arg, " ");
	return 0;
}

START_TEST(protected_prefixes)
{
	struct mcr_prefix p = P("10.0.3.0/24"), q = P("fd00::/8");
	struct mcr_errbuf eb;
	char buf[128] = "";

	ck_assert_int_eq(mcr_rtable_protect_add(t, &p, &eb), MCR_OK);
	ck_assert_int_eq(mcr_rtable_protect_add(t, &p, &eb), MCR_EEXIST);
	ck_assert(strstr(eb.msg, "10.0.3.0/24"));
	ck_assert_int_eq(mcr_rtable_protect_add(t, &q, &eb), MCR_OK);
	ck_assert(mcr_rtable_is_protected(t, &p));
	ck_assert(!mcr_rtable_dirty(t)); /* no selection change */
	mcr_rtable_protect_walk(t, MCR_AF_INET, prot_cb, buf);
	ck_assert_str_eq(buf, "10.0.3.0/24 ");
	ck_assert_int_eq(mcr_rtable_protect_del(t, &p, &eb), MCR_OK);
	ck_assert_int_eq(mcr_rtable_protect_del(t, &p, &eb), MCR_ENOENT);
	ck_assert(!mcr_rtable_is_protected(t, &p));
	ck_assert(mcr_rtable_is_protected(t, &q));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rtable");
	TCase *tc = tcase_create("rtable");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, names_and_settings);
	tcase_add_test(tc, preference_metric_tiebreak_ecmp);
	tcase_add_test(tc, ecmp_cap_by_name);
	tcase_add_test(tc, static_blackhole_beat_propagated);
	tcase_add_test(tc, static_alone_and_down);
	tcase_add_test(tc, conflict_policies);
	tcase_add_test(tc, prefer_attachment_name_and_redgroup);
	tcase_add_test(tc, flush_reports_only_changes);
	tcase_add_test(tc, match_walk_ipv6);
	tcase_add_test(tc, protected_prefixes);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
