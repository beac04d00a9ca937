/*
 * Unit tests for lib/pipeline.c: every pipeline rule, IPv4 and IPv6,
 * and bad input leaving state unchanged.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "mcr/mem.h"
#include "mcr/pipeline.h"

static struct mcr_core *core;
static struct mcr_deltas d;

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

static enum mcr_err route(const char *att, const char *pfx, const char *nh,
			  uint32_t metric)
{
	struct mcr_addr a = A(nh);
	struct mcr_route_event ev = {.op = MCR_ROUTE_ADD,
				     .attach = att,
				     .prefix = P(pfx),
				     .nh = &a,
				     .nnh = 1,
				     .metric = metric};

	mcr_deltas_reset(&d);
	return mcr_core_route(core, &ev, &d, NULL);
}

static enum mcr_err withdraw(const char *att, const char *pfx)
{
	struct mcr_route_event ev = {.op = MCR_ROUTE_WITHDRAW,
				     .attach = att,
				     .prefix = P(pfx)};

	mcr_deltas_reset(&d);
	return mcr_core_route(core, &ev, &d, NULL);
}

static void attach(const char *name, enum mcr_provider prov,
		   const char *assoc, const char *prop1, const char *prop2,
		   const char *group)
{
	struct mcr_attach_config c;

	mcr_attach_config_init(&c, MCR_ATTACH_CIRCUIT, prov);
	if (assoc)
		strcpy(c.assoc, assoc);
	if (prop1)
		ck_assert_int_eq(mcr_attach_config_propagate(&c, prop1, NULL),
				 MCR_OK);
	if (prop2)
		ck_assert_int_eq(mcr_attach_config_propagate(&c, prop2, NULL),
				 MCR_OK);
	if (group)
		strcpy(c.redgroup, group);
	mcr_deltas_reset(&d);
	ck_assert_int_eq(mcr_core_attach_add(core, name, &c, &d, NULL),
			 MCR_OK);
}

/* Source name selected at @pfx in @table, "" if none, "blackhole". */
static const char *sel(const char *table, const char *pfx)
{
	static char buf[256];
	const struct mcr_rtable *t = mcr_core_table_find(core, table);
	struct mcr_prefix p = P(pfx);
	struct mcr_rsel s;

	ck_assert_ptr_nonnull(t);
	buf[0] = 0;
	if (!mcr_rtable_find(t, &p, &s))
		return buf;
	if (s.kind == MCR_RK_BLACKHOLE)
		return "blackhole";
	for (unsigned i = 0; i < s.n; i++) {
		if (i)
			strcat(buf, "+");
		strcat(buf, s.src[i]->name);
	}
	return buf;
}

static size_t count(enum mcr_delta_type t)
{
	size_t n = 0;

	for (size_t i = 0; i < d.n; i++)
		n += d.v[i].type == t;
	return n;
}

static void setup(void)
{
	core = mcr_core_new();
	mcr_deltas_init(&d);
	ck_assert_int_eq(mcr_core_table_add(core, "t1", 101, &d, NULL), MCR_OK);
	ck_assert_int_eq(mcr_core_table_add(core, "t2", 102, &d, NULL), MCR_OK);
}

static void teardown(void)
{
	mcr_core_free(core);
	mcr_deltas_fini(&d);
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}

START_TEST(propagation_and_selection_order)
{
	attach("dx", MCR_PROV_AWS_DX, NULL, "t1", NULL, NULL);
	attach("vpn", MCR_PROV_AWS_VPN, NULL, "t1", "t2", NULL);
	attach("conn", MCR_PROV_AWS_TGW_CONNECT, NULL, "t1", NULL, NULL);
	ck_assert_int_eq(route("vpn", "10.0.0.0/16", "169.254.0.1", 0), MCR_OK);
	ck_assert_str_eq(sel("t1", "10.0.0.0/16"), "vpn");
	ck_assert_str_eq(sel("t2", "10.0.0.0/16"), "vpn");
	ck_assert_uint_eq(count(MCR_D_ROUTE_INSTALL), 2);
	ck_assert_int_eq(route("conn", "10.0.0.0/16", "169.254.1.1", 0),
			 MCR_OK);
	ck_assert_str_eq(sel("t1", "10.0.0.0/16"), "conn");
	ck_assert_uint_eq(count(MCR_D_ROUTE_INSTALL), 1); /* t1 only */
	ck_assert_int_eq(route("dx", "10.0.0.0/16", "192.168.0.1", 0), MCR_OK);
	ck_assert_str_eq(sel("t1", "10.0.0.0/16"), "dx");
	/* same update again: nothing changes, nothing emitted */
	ck_assert_int_eq(route("dx", "10.0.0.0/16", "192.168.0.1", 0), MCR_OK);
	ck_assert_uint_eq(d.n, 0);
	/* nexthop change: re-install */
	ck_assert_int_eq(route("dx", "10.0.0.0/16", "192.168.0.2", 0), MCR_OK);
	ck_assert_uint_eq(count(MCR_D_ROUTE_INSTALL), 1);
	ck_assert_int_eq(withdraw("dx", "10.0.0.0/16"), MCR_OK);
	ck_assert_str_eq(sel("t1", "10.0.0.0/16"), "conn");
	ck_assert_int_eq(withdraw("conn", "10.0.0.0/16"), MCR_OK);
	ck_assert_int_eq(withdraw("vpn", "10.0.0.0/16"), MCR_OK);
	ck_assert_str_eq(sel("t1", "10.0.0.0/16"), "");
	ck_assert_uint_eq(count(MCR_D_ROUTE_WITHDRAW), 2);
}
END_TEST

START_TEST(ecmp_and_tiebreak_ipv6)
{
	attach("b", MCR_PROV_AWS_VPN, NULL, "t1", NULL, NULL);
	attach("a", MCR_PROV_AWS_VPN, NULL, "t1", NULL, NULL);
	route("b", "2600:1f00::/40", "fd00::2", 5);
	route("a", "2600:1f00::/40", "fd00::1", 5);
	ck_assert_str_eq(sel("t1", "2600:1f00::/40"), "a"); /* name order */
	mcr_deltas_reset(&d);
	ck_assert_int_eq(mcr_core_table_set_ecmp(core, "t1", true, &d, NULL),
			 MCR_OK);
	ck_assert_str_eq(sel("t1", "2600:1f00::/40"), "a+b");
	ck_assert_uint_eq(d.n, 1);
	ck_assert_uint_eq(d.v[0].nnh, 2);
	route("b", "2600:1f00::/40", "fd00::2", 3); /* lower metric wins */
	ck_assert_str_eq(sel("t1", "2600:1f00::/40"), "b");
}
END_TEST

START_TEST(static_and_blackhole_beat_propagated)
{
	struct mcr_prefix p = P("10.1.0.0/16");
	struct mcr_addr nh = A("10.9.9.9");

	attach("dx", MCR_PROV_AWS_DX, NULL, "t1", NULL, NULL);
	attach("vpn", MCR_PROV_AWS_VPN, NULL, NULL, NULL, NULL);
	route("dx", "10.1.0.0/16", "192.168.0.1", 0);
	mcr_deltas_reset(&d);
	ck_assert_int_eq(
		mcr_core_static_set(core, "t1", &p, "vpn", &nh, &d, NULL),
		MCR_OK);
	ck_assert_str_eq(sel("t1", "10.1.0.0/16"), "vpn");
	/* static target down: falls back to the propagated route */
	mcr_deltas_reset(&d);
	mcr_core_attach_oper(core, "vpn", false, &d, NULL);
	ck_assert_str_eq(sel("t1", "10.1.0.0/16"), "dx");
	mcr_core_attach_oper(core, "vpn", true, &d, NULL);
	ck_assert_str_eq(sel("t1", "10.1.0.0/16"), "vpn");
	/* blackhole refused while a static is there */
	ck_assert_int_eq(mcr_core_blackhole_set(core, "t1", &p, &d, NULL),
			 MCR_EEXIST);
	ck_assert_int_eq(mcr_core_static_del(core, "t1", &p, &d, NULL),
			 MCR_OK);
	ck_assert_int_eq(mcr_core_blackhole_set(core, "t1", &p, &d, NULL),
			 MCR_OK);
	ck_assert_str_eq(sel("t1", "10.1.0.0/16"), "blackhole");
	/* attachment with a static pointing at it cannot be deleted */
	mcr_core_static_del(core, "t1", &p, &d, NULL);
	mcr_core_static_set(core, "t1", &p, "vpn", NULL, &d, NULL);
	ck_assert_int_eq(mcr_core_attach_del(core, "vpn", &d, NULL),
			 MCR_ECONFLICT);
}
END_TEST

START_TEST(filters_bogon_default_length)
{
	struct mcr_attach_counters k;

	attach("dx", MCR_PROV_AWS_DX, NULL, "t1", NULL, NULL);
	route("dx", "192.0.2.0/24", "192.168.0.1", 0);
	ck_assert_uint_eq(count(MCR_D_REFUSED), 1);
	ck_assert_int_eq(d.v[0].reason, MCR_R_BOGON);
	route("dx", "0.0.0.0/0", "192.168.0.1", 0);
	ck_assert_int_eq(d.v[0].reason, MCR_R_DEFAULT_ROUTE);
	route("dx", "10.0.0.0/30", "192.168.0.1", 0);
	ck_assert_int_eq(d.v[0].reason, MCR_R_PREFIX_LEN);
	route("dx", "fe80::/64", "fe80::1", 0);
	ck_assert_int_eq(d.v[0].reason, MCR_R_BOGON);
	ck_assert_str_eq(sel("t1", "0.0.0.0/0"), "");
	mcr_attach_counters(mcr_core_attach_find(core, "dx"), MCR_AF_INET, &k);
	ck_assert_uint_eq(k.received, 3);
	ck_assert_uint_eq(k.accepted, 0);
	ck_assert_uint_eq(k.refused[MCR_R_BOGON], 1);
	/* removing the bogon re-evaluates */
	{
		struct mcr_prefix b = P("192.0.2.0/24");

		mcr_deltas_reset(&d);
		ck_assert_int_eq(mcr_core_bogon_del(core, &b, &d, NULL),
				 MCR_OK);
		ck_assert_str_eq(sel("t1", "192.0.2.0/24"), "dx");
		ck_assert_uint_eq(count(MCR_D_ACCEPTED), 1);
	}
}
END_TEST

/*
 * Bogons shorter than /8 span several first bytes, and bogons added or
 * removed at run time count at once (the pipeline skips the bogon lookup
 * for first bytes no bogon touches).
 */
START_TEST(filters_bogon_short_and_runtime)
{
	struct mcr_prefix b4 = P("12.0.0.0/6"), b6 = P("2600::/7");

	attach("dx", MCR_PROV_GENERIC, NULL, "t1", NULL, NULL);
	ck_assert_int_eq(mcr_core_bogon_add(core, &b4, &d, NULL), MCR_OK);
	ck_assert_int_eq(mcr_core_bogon_add(core, &b6, &d, NULL), MCR_OK);
	route("dx", "15.200.0.0/16", "192.168.0.1", 0); /* last byte of 12/6 */
	ck_assert_int_eq(d.v[0].reason, MCR_R_BOGON);
	route("dx", "12.0.0.0/24", "192.168.0.1", 0);
	ck_assert_int_eq(d.v[0].reason, MCR_R_BOGON);
	route("dx", "16.0.0.0/24", "192.168.0.1", 0); /* just past it */
	ck_assert_str_eq(sel("t1", "16.0.0.0/24"), "dx");
	route("dx", "2701:db8::/32", "fd00::1", 0); /* 0x27: second byte */
	ck_assert_int_eq(d.v[0].reason, MCR_R_BOGON);
	route("dx", "2801:db8::/32", "fd00::1", 0);
	ck_assert_str_eq(sel("t1", "2801:db8::/32"), "dx");
	/* a bogon for a first byte no bogon touched before (10/8), then
	 * gone again */
	route("dx", "10.1.0.0/16", "192.168.0.1", 0);
	ck_assert_str_eq(sel("t1", "10.1.0.0/16"), "dx");
	{
		struct mcr_prefix ten = P("10.0.0.0/8");

		ck_assert_int_eq(mcr_core_bogon_add(core, &ten, &d, NULL),
				 MCR_OK);
		ck_assert_str_eq(sel("t1", "10.1.0.0/16"), "");
		ck_assert_int_eq(mcr_core_bogon_del(core, &ten, &d, NULL),
				 MCR_OK);
		ck_assert_str_eq(sel("t1", "10.1.0.0/16"), "dx");
	}
	ck_assert_int_eq(mcr_core_bogon_del(core, &b4, &d, NULL), MCR_OK);
	ck_assert_str_eq(sel("t1", "15.200.0.0/16"), "dx");
	ck_assert_str_eq(sel("t1", "12.0.0.0/24"), "dx");
}
END_TEST

START_TEST(approval_pending_remembered)
{
	struct mcr_attach_config c;
	struct mcr_prefix p = P("10.2.0.0/16");

	mcr_attach_config_init(&c, MCR_ATTACH_CIRCUIT, MCR_PROV_AZURE_ER);
	c.approval = MCR_APPROVAL_MANUAL;
	mcr_attach_config_propagate(&c, "t1", NULL);
	ck_assert_int_eq(mcr_core_attach_add(core, "er", &c, &d, NULL), MCR_OK);
	route("er", "10.2.0.0/16", "192.168.1.1", 0);
	ck_assert_uint_eq(count(MCR_D_PENDING_ADD), 1);
	ck_assert_str_eq(sel("t1", "10.2.0.0/16"), "");
	mcr_deltas_reset(&d);
	mcr_core_approve(core, "er", &p, true, &d, NULL);
	ck_assert_uint_eq(count(MCR_D_PENDING_DEL), 1);
	ck_assert_str_eq(sel("t1", "10.2.0.0/16"), "er");
	withdraw("er", "10.2.0.0/16");
	route("er", "10.2.0.0/16", "192.168.1.1", 0);
	ck_assert_uint_eq(count(MCR_D_PENDING_ADD), 0);
	ck_assert_str_eq(sel("t1", "10.2.0.0/16"), "er");
}
END_TEST

static void limit_attach(enum mcr_limit_action act, uint32_t limit)
{
	struct mcr_attach_config c;

	mcr_attach_config_init(&c, MCR_ATTACH_CIRCUIT, MCR_PROV_GENERIC);
	c.profile.in_limit[MCR_AFI_IP] = limit;
	c.profile.limit_action = act;
	c.profile.warn_pct = 50;
	mcr_attach_config_propagate(&c, "t1", NULL);
	ck_assert_int_eq(mcr_core_attach_add(core, "g", &c, &d, NULL), MCR_OK);
}

START_TEST(limit_warn)
{
	limit_attach(MCR_LIMIT_WARN, 4);
	route("g", "10.0.1.0/24", "1.1.1.1", 0);
	route("g", "10.0.2.0/24", "1.1.1.1", 0);
	ck_assert_uint_eq(count(MCR_D_LIMIT_WARNING), 1);
	route("g", "10.0.3.0/24", "1.1.1.1", 0);
	ck_assert_uint_eq(count(MCR_D_LIMIT_WARNING), 0);
	route("g", "10.0.4.0/24", "1.1.1.1", 0);
	route("g", "10.0.5.0/24", "1.1.1.1", 0);
	ck_assert_uint_eq(count(MCR_D_LIMIT_EXCEEDED), 1);
	ck_assert_str_eq(sel("t1", "10.0.5.0/24"), "g");
}
END_TEST

START_TEST(limit_drop_excess)
{
	limit_attach(MCR_LIMIT_DROP_EXCESS, 2);
	route("g", "10.0.1.0/24", "1.1.1.1", 0);
	route("g", "10.0.2.0/24", "1.1.1.1", 0);
	route("g", "10.0.3.0/24", "1.1.1.1", 0);
	ck_assert_uint_eq(count(MCR_D_REFUSED), 1);
	ck_assert_int_eq(d.v[0].reason, MCR_R_LIMIT);
	ck_assert_uint_eq(count(MCR_D_LIMIT_EXCEEDED), 1);
	ck_assert_str_eq(sel("t1", "10.0.3.0/24"), "");
	/* accepted ones stay; the refused one comes in when re-announced
	 * after room is made */
	withdraw("g", "10.0.1.0/24");
	ck_assert_str_eq(sel("t1", "10.0.3.0/24"), "");
	route("g", "10.0.3.0/24", "1.1.1.1", 0);
	ck_assert_str_eq(sel("t1", "10.0.3.0/24"), "g");
}
END_TEST

START_TEST(limit_withdraw_all_no_oscillation)
{
	limit_attach(MCR_LIMIT_WITHDRAW_ALL, 2);
	route("g", "10.0.1.0/24", "1.1.1.1", 0);
	route("g", "10.0.2.0/24", "1.1.1.1", 0);
	route("g", "10.0.3.0/24", "1.1.1.1", 0);
	ck_assert_str_eq(sel("t1", "10.0.1.0/24"), "");
	ck_assert_str_eq(sel("t1", "10.0.3.0/24"), "");
	ck_assert_uint_eq(count(MCR_D_LIMIT_EXCEEDED), 1);
	/* repeating the same announcements changes nothing */
	route("g", "10.0.1.0/24", "1.1.1.1", 0);
	ck_assert_uint_eq(d.n, 0);
	withdraw("g", "10.0.3.0/24");
	ck_assert_str_eq(sel("t1", "10.0.1.0/24"), "g");
	ck_assert_str_eq(sel("t1", "10.0.2.0/24"), "g");
}
END_TEST

START_TEST(conflicts_policies_and_redgroup)
{
	attach("aws", MCR_PROV_AWS_DX, NULL, "t1", NULL, NULL);
	attach("az", MCR_PROV_AZURE_ER, NULL, "t1", NULL, NULL);
	attach("aws2", MCR_PROV_AWS_DX, NULL, "t1", NULL, "grp");
	attach("aws3", MCR_PROV_AWS_DX, NULL, "t1", NULL, "grp");
	route("aws2", "10.8.0.0/16", "1.1.1.1", 0);
	route("aws3", "10.8.0.0/16", "1.1.1.2", 0);
	ck_assert_uint_eq(mcr_core_conflict_count(core), 0); /* same group */
	route("aws", "10.0.0.0/16", "1.1.1.1", 0);
	route("az", "10.0.0.0/8", "2.2.2.2", 0);
	ck_assert_uint_eq(count(MCR_D_CONFLICT_FOUND), 3);
	/* report: both installed, LPM decides */
	ck_assert_str_eq(sel("t1", "10.0.0.0/16"), "aws");
	ck_assert_str_eq(sel("t1", "10.0.0.0/8"), "az");
	mcr_deltas_reset(&d);
	mcr_core_table_set_policy(core, "t1", MCR_CONFLICT_FIRST_WINS, &d,
				  NULL);
	ck_assert_str_eq(sel("t1", "10.0.0.0/8"), "");
	ck_assert_str_eq(sel("t1", "10.8.0.0/16"), "aws2");
	mcr_core_table_set_policy(core, "t1", MCR_CONFLICT_REJECT_BOTH, &d,
				  NULL);
	ck_assert_str_eq(sel("t1", "10.0.0.0/16"), "");
	ck_assert_str_eq(sel("t1", "10.0.0.0/8"), "");
	mcr_core_table_set_policy(core, "t1", MCR_CONFLICT_PREFER_ATTACHMENT,
				  &d, NULL);
	ck_assert_str_eq(sel("t1", "10.0.0.0/16"), "aws"); /* aws < az */
	ck_assert_str_eq(sel("t1", "10.0.0.0/8"), "");
	withdraw("az", "10.0.0.0/8");
	ck_assert_uint_eq(count(MCR_D_CONFLICT_RESOLVED), 3);
	ck_assert_uint_eq(mcr_core_conflict_count(core), 0);
}
END_TEST

START_TEST(tunnel_down_withdraws_everywhere)
{
	attach("tun", MCR_PROV_AWS_VPN, NULL, "t1", "t2", NULL);
	attach("dx", MCR_PROV_AWS_DX, NULL, "t1", NULL, NULL);
	route("tun", "10.3.0.0/16", "169.254.10.1", 0);
	route("tun", "2600::/32", "fd00::1", 0);
	route("dx", "10.3.0.0/16", "192.168.0.1", 100);
	mcr_deltas_reset(&d);
	mcr_core_attach_oper(core, "tun", false, &d, NULL);
	ck_assert_str_eq(sel("t2", "10.3.0.0/16"), "");
	ck_assert_str_eq(sel("t2", "2600::/32"), "");
	ck_assert_str_eq(sel("t1", "10.3.0.0/16"), "dx");
	ck_assert_uint_eq(count(MCR_D_ROUTE_WITHDRAW), 3);
	mcr_deltas_reset(&d);
	mcr_core_attach_oper(core, "tun", true, &d, NULL);
	ck_assert_str_eq(sel("t2", "2600::/32"), "tun");
	/* t1 10.3/16 stays on dx (better preference): only 3 installs */
	ck_assert_str_eq(sel("t1", "10.3.0.0/16"), "dx");
	ck_assert_uint_eq(count(MCR_D_ROUTE_INSTALL), 3);
}
END_TEST

static int collect_export(const struct mcr_prefix *p, bool summary, void *arg)
{
	char *buf = arg, s[MCR_PREFIX_STRLEN];

	strcat(buf, mcr_prefix2str(p, s, sizeof(s)));
	strcat(buf, summary ? "* " : " ");
	return 0;
}

START_TEST(export_minus_own_and_summarized)
{
	struct mcr_attach_config c;
	char buf[512] = "";
	struct mcr_export_status st;
	struct mcr_prefix prot = P("10.0.3.0/24");

	attach("onprem", MCR_PROV_GENERIC, "t1", "t1", NULL, NULL);
	mcr_attach_config_init(&c, MCR_ATTACH_CIRCUIT, MCR_PROV_AWS_DX);
	strcpy(c.assoc, "t1");
	mcr_attach_config_propagate(&c, "t1", NULL);
	c.profile.out_limit[MCR_AFI_IP] = 2;
	mcr_core_attach_add(core, "dx", &c, &d, NULL);
	route("dx", "10.9.0.0/16", "1.1.1.1", 0);
	route("onprem", "10.0.0.0/24", "2.2.2.2", 0);
	ck_assert_uint_eq(count(MCR_D_EXPORT_ADD), 1); /* to dx only */
	ck_assert_str_eq(d.v[d.n - 1].attach, "dx");
	route("onprem", "10.0.1.0/24", "2.2.2.2", 0);
	mcr_export_walk(mcr_core_export_find(core, "dx"), MCR_AF_INET,
			collect_export, buf);
	ck_assert_str_eq(buf, "10.0.0.0/24 10.0.1.0/24 ");
	mcr_deltas_reset(&d);
	mcr_core_table_protect(core, "t1", &prot, true, &d, NULL);
	route("onprem", "10.0.2.0/24", "2.2.2.2", 0);
	buf[0] = 0;
	mcr_export_walk(mcr_core_export_find(core, "dx"), MCR_AF_INET,
			collect_export, buf);
	mcr_export_status(mcr_core_export_find(core, "dx"), MCR_AF_INET, &st);
	ck_assert(st.summarized);
	ck_assert(!st.failed);
	ck_assert_uint_le(st.advertised, 2);
	/* never covers the protected 10.0.3.0/24 nor dx's own 10.9/16 */
	ck_assert_ptr_null(strstr(buf, "10.0.0.0/22"));
	ck_assert_ptr_null(strstr(buf, "10.0.0.0/8"));
	ck_assert_uint_eq(count(MCR_D_EXPORT_STATUS), 1);
	/* back under the limit: exact again */
	withdraw("onprem", "10.0.2.0/24");
	mcr_export_status(mcr_core_export_find(core, "dx"), MCR_AF_INET, &st);
	ck_assert(!st.summarized);
	buf[0] = 0;
	mcr_export_walk(mcr_core_export_find(core, "dx"), MCR_AF_INET,
			collect_export, buf);
	ck_assert_str_eq(buf, "10.0.0.0/24 10.0.1.0/24 ");
}
END_TEST

static int hist_cb(const struct mcr_history_entry *h, void *arg)
{
	char *buf = arg;

	sprintf(buf + strlen(buf), "%s:%s:%s:%s ", mcr_hist_op_name(h->op),
		h->attach ? h->attach : "-", h->table ? h->table : "-",
		mcr_reason_name(h->reason));
	return 0;
}

START_TEST(history_explains)
{
	struct mcr_prefix p = P("10.0.0.0/30"), q = P("10.7.0.0/16");
	char buf[1024] = "";

	attach("dx", MCR_PROV_AWS_DX, NULL, "t1", NULL, NULL);
	route("dx", "10.0.0.0/30", "1.1.1.1", 0);
	mcr_core_history(core, &p, hist_cb, buf);
	ck_assert_str_eq(buf, "announce:dx:-:prefix-length ");
	route("dx", "10.7.0.0/16", "1.1.1.1", 0);
	withdraw("dx", "10.7.0.0/16");
	buf[0] = 0;
	mcr_core_history(core, &q, hist_cb, buf);
	ck_assert_str_eq(buf, "announce:dx:-:accepted installed:dx:t1:accepted "
			      "withdraw:dx:-:withdrawn uninstalled:-:t1:accepted ");
}
END_TEST

static int hist_seq_cb(const struct mcr_history_entry *h, void *arg)
{
	char *buf = arg;

	sprintf(buf + strlen(buf), "%s:%llu ", mcr_hist_op_name(h->op),
		(unsigned long long)h->seq);
	return 0;
}

/* The history keeps the last MCR_HISTORY_LEN entries, oldest first, also
 * once it has grown and wrapped. */
START_TEST(history_ring_wraps)
{
	struct mcr_prefix p = P("10.7.0.0/16");
	char buf[1024] = "", want[1024] = "";
	uint64_t s0;

	attach("dx", MCR_PROV_AWS_DX, NULL, NULL, NULL, NULL);
	s0 = mcr_core_seq(core);
	for (int i = 0; i < 11; i++)
		route("dx", "10.7.0.0/16", i % 2 ? "1.1.1.1" : "1.1.1.2", 0);
	mcr_core_history(core, &p, hist_seq_cb, buf);
	for (int i = 11 - MCR_HISTORY_LEN; i < 11; i++)
		sprintf(want + strlen(want), "announce:%llu ",
			(unsigned long long)(s0 + 1 + i));
	ck_assert_str_eq(buf, want);
	/* below the ring size: all of them */
	p = P("10.8.0.0/16");
	s0 = mcr_core_seq(core);
	for (int i = 0; i < 3; i++)
		route("dx", "10.8.0.0/16", "1.1.1.1", 0);
	buf[0] = 0;
	mcr_core_history(core, &p, hist_seq_cb, buf);
	snprintf(want, sizeof(want), "announce:%llu announce:%llu announce:%llu ",
		 (unsigned long long)s0 + 1, (unsigned long long)s0 + 2,
		 (unsigned long long)s0 + 3);
	ck_assert_str_eq(buf, want);
}
END_TEST

/* ---- bad input leaves state unchanged */

static void snapshot(char *buf, size_t size)
{
	struct mcr_attach_counters k;
	const struct mcr_attach *a = mcr_core_attach_find(core, "dx");
	const struct mcr_rtable *t = mcr_core_table_find(core, "t1");

	mcr_attach_counters(a, MCR_AF_INET, &k);
	snprintf(buf, size, "%lu %lu %zu %zu %lu %zu", (unsigned long)k.received,
		 (unsigned long)k.accepted, mcr_rtable_count(t, MCR_AF_INET),
		 mcr_core_conflict_count(core),
		 (unsigned long)mcr_core_seq(core),
		 (size_t)mcr_rtable_kernel_id(t));
}

START_TEST(bad_input_unchanged)
{
	char before[256], after[256];
	struct mcr_errbuf eb;
	struct mcr_attach_config c;
	struct mcr_prefix bad = P("10.0.0.0/8");
	struct mcr_addr nh = A("1.1.1.1");
	struct mcr_route_event ev = {.op = MCR_ROUTE_ADD,
				     .attach = "dx",
				     .nh = &nh,
				     .nnh = 1};
	uint64_t mem;

	attach("dx", MCR_PROV_AWS_DX, NULL, "t1", NULL, NULL);
	route("dx", "10.1.0.0/16", "1.1.1.1", 0);
	snapshot(before, sizeof(before));
	mem = mcr_mem_total_bytes();
	mcr_deltas_reset(&d);

	bad.addr[3] = 1; /* host bits: not canonical */
	ev.prefix = bad;
	eb.msg[0] = 0;
	ck_assert_int_eq(mcr_core_route(core, &ev, &d, &eb), MCR_EINVAL);
	ck_assert(eb.msg[0]);
	ev.prefix = P("10.2.0.0/16");
	ev.attach = "nope";
	ck_assert_int_eq(mcr_core_route(core, &ev, &d, &eb), MCR_ENOENT);
	ck_assert(strstr(eb.msg, "nope"));
	ev.attach = "dx";
	ev.nnh = 0;
	ck_assert_int_eq(mcr_core_route(core, &ev, &d, &eb), MCR_EINVAL);
	mcr_attach_config_init(&c, MCR_ATTACH_CIRCUIT, MCR_PROV_AWS_DX);
	c.profile.in_limit[MCR_AFI_IP] = 0;
	ck_assert_int_eq(mcr_core_attach_set(core, "dx", &c, &d, &eb),
			 MCR_EINVAL);
	ck_assert(strstr(eb.msg, "limit"));
	ck_assert_int_eq(mcr_core_table_add(core, "t3", 101, &d, &eb),
			 MCR_EEXIST);
	ck_assert(strstr(eb.msg, "101"));
	ck_assert_int_eq(mcr_core_table_set_kernel_id(core, "t1", 102, &d,
						      &eb),
			 MCR_EEXIST);
	mcr_attach_config_init(&c, MCR_ATTACH_CIRCUIT, MCR_PROV_AWS_DX);
	strcpy(c.assoc, "missing");
	ck_assert_int_eq(mcr_core_attach_set(core, "dx", &c, &d, &eb),
			 MCR_ENOENT);
	ck_assert_int_eq(mcr_core_table_del(core, "t1", &d, &eb),
			 MCR_ECONFLICT);
	ck_assert_int_eq(withdraw("dx", "10.5.0.0/16"), MCR_ENOENT);

	ck_assert_uint_eq(d.n, 0);
	snapshot(after, sizeof(after));
	ck_assert_str_eq(before, after);
	ck_assert_uint_eq(mcr_mem_total_bytes(), mem);
	ck_assert_str_eq(sel("t1", "10.1.0.0/16"), "dx");
}
END_TEST

START_TEST(withdraw_all_returns_to_empty)
{
	char buf[32];

	attach("a", MCR_PROV_GENERIC, "t2", "t1", "t2", NULL);
	attach("b", MCR_PROV_GENERIC, "t1", "t1", NULL, NULL);
	for (int i = 0; i < 50; i++) {
		snprintf(buf, sizeof(buf), "10.%d.0.0/16", i);
		route(i % 2 ? "a" : "b", buf, "1.1.1.1", 0);
	}
	for (int i = 0; i < 50; i++) {
		snprintf(buf, sizeof(buf), "10.%d.0.0/16", i);
		withdraw(i % 2 ? "a" : "b", buf);
	}
	ck_assert_uint_eq(mcr_rtable_count(mcr_core_table_find(core, "t1"),
					   MCR_AF_INET),
			  0);
	ck_assert_uint_eq(mcr_rtable_count(mcr_core_table_find(core, "t2"),
					   MCR_AF_INET),
			  0);
	mcr_deltas_reset(&d);
	ck_assert_int_eq(mcr_core_attach_del(core, "a", &d, NULL), MCR_OK);
	ck_assert_int_eq(mcr_core_attach_del(core, "b", &d, NULL), MCR_OK);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pipeline");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, propagation_and_selection_order);
	tcase_add_test(tc, ecmp_and_tiebreak_ipv6);
	tcase_add_test(tc, static_and_blackhole_beat_propagated);
	tcase_add_test(tc, filters_bogon_default_length);
	tcase_add_test(tc, filters_bogon_short_and_runtime);
	tcase_add_test(tc, approval_pending_remembered);
	tcase_add_test(tc, limit_warn);
	tcase_add_test(tc, limit_drop_excess);
	tcase_add_test(tc, limit_withdraw_all_no_oscillation);
	tcase_add_test(tc, conflicts_policies_and_redgroup);
	tcase_add_test(tc, tunnel_down_withdraws_everywhere);
	tcase_add_test(tc, export_minus_own_and_summarized);
	tcase_add_test(tc, history_explains);
	tcase_add_test(tc, history_ring_wraps);
	tcase_add_test(tc, bad_input_unchanged);
	tcase_add_test(tc, withdraw_all_returns_to_empty);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
