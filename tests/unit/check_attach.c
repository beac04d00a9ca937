/*
 * Unit tests for lib/attach.c alone: configuration defaults, propagation
 * sets and validation (bad input), the source descriptor tables see
 * (preference from the link class or overridden, redundancy group,
 * admin/oper state), the RIB-in, counters and remembered approvals.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "mcr/attach.h"
#include "mcr/mem.h"

static struct mcr_prefix P(const char *s)
{
	struct mcr_prefix p;

	ck_assert_int_eq(mcr_prefix_parse(s, true, false, &p, NULL), MCR_OK);
	return p;
}

static void teardown(void)
{
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}

START_TEST(config_defaults)
{
	struct mcr_attach_config c;

	mcr_attach_config_init(&c, MCR_ATTACH_TUNNEL, MCR_PROV_AWS_VPN);
	ck_assert_int_eq(c.kind, MCR_ATTACH_TUNNEL);
	ck_assert(!memcmp(&c.profile, mcr_profile_builtin(MCR_PROV_AWS_VPN),
			  sizeof(c.profile)));
	ck_assert_int_eq(c.approval, MCR_APPROVAL_AUTO);
	ck_assert(c.admin_up);
	ck_assert_str_eq(c.assoc, "");
	ck_assert_str_eq(c.redgroup, "");
	ck_assert_uint_eq(c.npropagate, 0);
	ck_assert_uint_eq(c.preference, 0);
	ck_assert_int_eq(mcr_attach_config_validate(&c, NULL), MCR_OK);
	/* an unknown provider falls back to the generic profile */
	mcr_attach_config_init(&c, MCR_ATTACH_STATIC, MCR_PROV_MAX);
	ck_assert_int_eq(c.profile.provider, MCR_PROV_GENERIC);
	ck_assert_str_eq(mcr_attach_kind_name(MCR_ATTACH_STATIC), "static");
	ck_assert_str_eq(mcr_attach_kind_name(MCR_ATTACH_KIND_MAX), "?");
}
END_TEST

START_TEST(propagation_set)
{
	struct mcr_attach_config c;
	struct mcr_errbuf eb;
	char name[16];

	mcr_attach_config_init(&c, MCR_ATTACH_CIRCUIT, MCR_PROV_AWS_DX);
	ck_assert_int_eq(mcr_attach_config_propagate(&c, "t1", &eb), MCR_OK);
	ck_assert_int_eq(mcr_attach_config_propagate(&c, "t1", &eb), MCR_OK);
	ck_assert_uint_eq(c.npropagate, 1); /* no duplicate */
	ck_assert_int_eq(mcr_attach_config_propagate(&c, "bad name", &eb),
			 MCR_EINVAL);
	ck_assert_int_eq(mcr_attach_config_propagate(&c, "", &eb), MCR_EINVAL);
	ck_assert_uint_eq(c.npropagate, 1);
	for (int i = 2; i <= MCR_ATTACH_MAX_PROPAGATE; i++) {
		snprintf(name, sizeof(name), "t%d", i);
		ck_assert_int_eq(mcr_attach_config_propagate(&c, name, NULL),
				 MCR_OK);
	}
	ck_assert_int_eq(mcr_attach_config_propagate(&c, "one-more", &eb),
			 MCR_ELIMIT);
	ck_assert(strstr(eb.msg, "32"));
	ck_assert_uint_eq(c.npropagate, MCR_ATTACH_MAX_PROPAGATE);
	ck_assert_int_eq(mcr_attach_config_validate(&c, NULL), MCR_OK);
}
END_TEST

START_TEST(names)
{
	char longname[MCR_NAME_MAX + 1];

	ck_assert(mcr_name_valid("aws-dx-1"));
	ck_assert(mcr_name_valid("a"));
	ck_assert(!mcr_name_valid(NULL));
	ck_assert(!mcr_name_valid(""));
	ck_assert(!mcr_name_valid("a b"));
	ck_assert(!mcr_name_valid("tab\there"));
	ck_assert(!mcr_name_valid("\x7f"));
	memset(longname, 'x', MCR_NAME_MAX);
	longname[MCR_NAME_MAX] = 0;
	ck_assert(!mcr_name_valid(longname));
	longname[MCR_NAME_MAX - 1] = 0;
	ck_assert(mcr_name_valid(longname));
}
END_TEST

START_TEST(validate_bad_input)
{
	struct mcr_attach_config c;
	struct mcr_errbuf eb;

#define BAD(mutation, word)                                                    \
	do {                                                                   \
		mcr_attach_config_init(&c, MCR_ATTACH_CIRCUIT,                 \
				       MCR_PROV_AZURE_ER);                     \
		mcr_attach_config_propagate(&c, "t1", NULL);                   \
		mutation;                                                      \
		eb.msg[0] = 0;                                                 \
		ck_assert_int_eq(mcr_attach_config_validate(&c, &eb),          \
				 MCR_EINVAL);                                  \
		ck_assert_msg(strstr(eb.msg, word), "\"%s\" lacks \"%s\"",     \
			      eb.msg, word);                                   \
	} while (0)

	BAD(c.kind = MCR_ATTACH_KIND_MAX, "kind");
	BAD(c.approval = (enum mcr_approval)3, "approval");
	BAD(c.profile.in_limit[MCR_AFI_IP] = 0, "limit");
	BAD(strcpy(c.assoc, "a b"), "associated");
	BAD(strcpy(c.redgroup, "g 1"), "redundancy");
	BAD(c.npropagate = MCR_ATTACH_MAX_PROPAGATE + 1, "propagations");
	BAD(strcpy(c.propagate[0], "x y"), "propagation");
	BAD((strcpy(c.propagate[1], "t1"), c.npropagate = 2), "twice");
#undef BAD
}
END_TEST

START_TEST(source_descriptor)
{
	struct mcr_attach_config c;
	struct mcr_attach *a;
	const struct mcr_rsrc *s;

	mcr_attach_config_init(&c, MCR_ATTACH_CIRCUIT, MCR_PROV_AWS_TGW_CONNECT);
	a = mcr_attach_new("conn1", &c);
	s = mcr_attach_rsrc(a);
	ck_assert_str_eq(mcr_attach_name(a), "conn1");
	ck_assert_str_eq(s->name, "conn1");
	ck_assert_ptr_null(s->redgroup);
	ck_assert_uint_eq(s->preference, MCR_PREF_CONNECT);
	ck_assert(s->up);
	ck_assert(mcr_attach_oper_up(a));
	/* overrides; the descriptor stays at the same address */
	c.preference = 50;
	strcpy(c.redgroup, "grp");
	c.admin_up = false;
	mcr_attach_set_config(a, &c);
	ck_assert_ptr_eq(mcr_attach_rsrc(a), s);
	ck_assert_uint_eq(s->preference, 50);
	ck_assert_str_eq(s->redgroup, "grp");
	ck_assert(!s->up);
	ck_assert(!mcr_attach_is_up(a));
	ck_assert_uint_eq(mcr_attach_config(a)->preference, 50);
	/* up = admin and oper */
	c.admin_up = true;
	mcr_attach_set_config(a, &c);
	ck_assert(mcr_attach_is_up(a));
	mcr_attach_set_oper(a, false);
	ck_assert(!mcr_attach_is_up(a));
	ck_assert(!mcr_attach_oper_up(a));
	mcr_attach_set_oper(a, true);
	ck_assert(s->up);
	/* preference 0 = class default again */
	c.preference = 0;
	c.redgroup[0] = 0;
	mcr_attach_set_config(a, &c);
	ck_assert_uint_eq(s->preference, MCR_PREF_CONNECT);
	ck_assert_ptr_null(s->redgroup);
	mcr_attach_free(a);
}
END_TEST

static int route_cb(const struct mcr_attach_route *r, void *arg)
{
	char *buf = arg, p[MCR_PREFIX_STRLEN];

	sprintf(buf + strlen(buf), "%s:%s%s ",
		mcr_prefix2str(&r->prefix, p, sizeof(p)),
		mcr_reason_name(r->reason), r->active ? "+" : "");
	return 0;
}

START_TEST(rib_in_and_counters)
{
	struct mcr_attach_config c;
	struct mcr_attach *a;
	struct mcr_prefix p1 = P("10.1.0.0/16"), p2 = P("10.0.0.0/8"),
			  p6 = P("2600::/32");
	struct mcr_addr nh[2];
	struct mcr_rin *r1, *r2, *r6;
	struct mcr_attach_counters k;
	struct mcr_attach_route v;
	bool created;
	char buf[256] = "";

	mcr_addr_parse("192.0.2.1", &nh[0], NULL);
	mcr_addr_parse("192.0.2.2", &nh[1], NULL);
	mcr_attach_config_init(&c, MCR_ATTACH_CIRCUIT, MCR_PROV_AWS_DX);
	a = mcr_attach_new("dx", &c);
	ck_assert_ptr_null(mcr_attach_rin_find(a, &p1));
	r1 = mcr_attach_rin_get(a, &p1, &created);
	ck_assert(created);
	ck_assert_int_eq(r1->reason, MCR_R_WITHDRAWN);
	ck_assert_ptr_eq(r1->route.src, mcr_attach_rsrc(a));
	ck_assert_ptr_eq(mcr_attach_rin_get(a, &p1, &created), r1);
	ck_assert(!created);
	mcr_attach_rin_set_nh(r1, nh, 2);
	ck_assert_uint_eq(r1->route.nnh, 2);
	mcr_attach_rin_set_nh(r1, &nh[1], 1);
	ck_assert_uint_eq(r1->route.nnh, 1);
	ck_assert(!memcmp(&r1->route.nh[0], &nh[1], sizeof(nh[1])));
	r2 = mcr_attach_rin_get(a, &p2, NULL);
	mcr_attach_rin_set_nh(r2, nh, 1);
	r6 = mcr_attach_rin_get(a, &p6, NULL);
	mcr_attach_rin_set_nh(r6, nh, 1); /* family not checked here */

	/* counters follow the decisions the pipeline records */
	r1->reason = MCR_R_NONE;
	mcr_attach_account(a, MCR_AF_INET, MCR_R_MAX, MCR_R_NONE);
	r2->reason = MCR_R_PENDING;
	mcr_attach_account(a, MCR_AF_INET, MCR_R_MAX, MCR_R_PENDING);
	r6->reason = MCR_R_LIMIT;
	mcr_attach_account(a, MCR_AF_INET6, MCR_R_MAX, MCR_R_LIMIT);
	mcr_attach_count_event(a, MCR_AF_INET);
	mcr_attach_set_limit_state(a, MCR_AF_INET6, MCR_LIMIT_TRIPPED);
	mcr_attach_counters(a, MCR_AF_INET, &k);
	ck_assert_uint_eq(k.received, 2);
	ck_assert_uint_eq(k.accepted, 1);
	ck_assert_uint_eq(k.pending, 1);
	ck_assert_uint_eq(k.events, 1);
	ck_assert_int_eq(k.limit_state, MCR_LIMIT_OK);
	mcr_attach_counters(a, MCR_AF_INET6, &k);
	ck_assert_uint_eq(k.refused[MCR_R_LIMIT], 1);
	ck_assert_int_eq(k.limit_state, MCR_LIMIT_TRIPPED);
	ck_assert_str_eq(mcr_limit_state_name(k.limit_state), "tripped");
	/* pending -> accepted */
	r2->reason = MCR_R_NONE;
	mcr_attach_account(a, MCR_AF_INET, MCR_R_PENDING, MCR_R_NONE);
	mcr_attach_counters(a, MCR_AF_INET, &k);
	ck_assert_uint_eq(k.accepted, 2);
	ck_assert_uint_eq(k.pending, 0);
	r1->in_tables = true;
	mcr_attach_route_walk(a, MCR_AF_INET, route_cb, buf);
	ck_assert_str_eq(buf, "10.0.0.0/8:accepted 10.1.0.0/16:accepted+ ");
	ck_assert(mcr_attach_route_find(a, &p6, &v));
	ck_assert_int_eq(v.reason, MCR_R_LIMIT);
	ck_assert(!v.active);
	/* removal */
	mcr_attach_account(a, MCR_AF_INET, MCR_R_NONE, MCR_R_MAX);
	mcr_attach_rin_unlink(a, r1);
	ck_assert_ptr_null(mcr_attach_rin_find(a, &p1));
	ck_assert(!mcr_attach_route_find(a, &p1, &v));
	mcr_attach_rin_free(r1);
	mcr_attach_counters(a, MCR_AF_INET, &k);
	ck_assert_uint_eq(k.received, 1);
	mcr_attach_free(a); /* frees the rest of the RIB-in */
}
END_TEST

static int appr_cb(const struct mcr_prefix *p, void *arg)
{
	char b[MCR_PREFIX_STRLEN];

	strcat(arg, mcr_prefix2str(p, b, sizeof(b)));
	strcat(arg, " ");
	return 0;
}

START_TEST(approvals_remembered)
{
	struct mcr_attach_config c;
	struct mcr_attach *a;
	struct mcr_prefix p = P("10.2.0.0/16"), q = P("2600:1::/32");
	char buf[128] = "";

	mcr_attach_config_init(&c, MCR_ATTACH_CIRCUIT, MCR_PROV_AZURE_ER);
	c.approval = MCR_APPROVAL_MANUAL;
	a = mcr_attach_new("er", &c);
	ck_assert(!mcr_attach_approved(a, &p));
	ck_assert(mcr_attach_approve(a, &p, true));
	ck_assert(!mcr_attach_approve(a, &p, true)); /* no change */
	ck_assert(mcr_attach_approve(a, &q, true));
	ck_assert(mcr_attach_approved(a, &p));
	/* exact prefixes only */
	{
		struct mcr_prefix sub = P("10.2.1.0/24");

		ck_assert(!mcr_attach_approved(a, &sub));
	}
	mcr_attach_approval_walk(a, MCR_AF_INET, appr_cb, buf);
	mcr_attach_approval_walk(a, MCR_AF_INET6, appr_cb, buf);
	ck_assert_str_eq(buf, "10.2.0.0/16 2600:1::/32 ");
	ck_assert(mcr_attach_approve(a, &p, false));
	ck_assert(!mcr_attach_approve(a, &p, false));
	ck_assert(!mcr_attach_approved(a, &p));
	mcr_attach_free(a);
}
END_TEST

START_TEST(reason_names_stable)
{
	ck_assert_str_eq(mcr_reason_name(MCR_R_NONE), "accepted");
	ck_assert_str_eq(mcr_reason_name(MCR_R_BOGON), "bogon");
	ck_assert_str_eq(mcr_reason_name(MCR_R_PENDING), "pending-approval");
	ck_assert_str_eq(mcr_reason_name(MCR_R_LIMIT), "limit");
	ck_assert_str_eq(mcr_reason_name(MCR_R_MAX), "?");
	for (int i = 0; i < MCR_R_MAX; i++)
		ck_assert_str_ne(mcr_reason_name(i), "?");
	ck_assert_str_eq(mcr_limit_state_name(MCR_LIMIT_WARNING), "warning");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("attach");
	TCase *tc = tcase_create("attach");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, config_defaults);
	tcase_add_test(tc, propagation_set);
	tcase_add_test(tc, names);
	tcase_add_test(tc, validate_bad_input);
	tcase_add_test(tc, source_descriptor);
	tcase_add_test(tc, rib_in_and_counters);
	tcase_add_test(tc, approvals_remembered);
	tcase_add_test(tc, reason_names_stable);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
