/*
 * Unit tests for lib/prefix.c.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <string.h>

#include "mcr/prefix.h"

static struct mcr_prefix P(const char *s)
{
	struct mcr_prefix p;

	ck_assert_int_eq(mcr_prefix_parse(s, true, false, &p, NULL), MCR_OK);
	return p;
}

START_TEST(parse_format_roundtrip)
{
	const char *ok[] = {"10.0.0.0/8", "0.0.0.0/0", "192.0.2.1/32",
			    "2001:db8::/32", "::/0", "fd00::1/128"};
	char buf[MCR_PREFIX_STRLEN];

	for (unsigned i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct mcr_prefix p = P(ok[i]);

		ck_assert(mcr_prefix_is_canonical(&p));
		ck_assert_str_eq(mcr_prefix2str(&p, buf, sizeof(buf)), ok[i]);
	}
}
END_TEST

START_TEST(parse_rejects_bad_input)
{
	const char *bad[] = {"",	     "10.0.0.0",    "10.0.0.0/33",
			     "10.0.0/8",     "10/8",	    "1.2.3.4/-1",
			     "1.2.3.4/ 8",   "1.2.3.4/8x",  "2001:db8::/129",
			     "2001:zz::/32", "10.0.0.1/8",  "abc",
			     "1.2.3.4/",     "010.0.0.0/8"};
	struct mcr_prefix p = {.family = 99};
	struct mcr_errbuf eb = {{0}};

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		eb.msg[0] = 0;
		ck_assert_msg(mcr_prefix_parse(bad[i], true, false, &p, &eb) ==
				      MCR_EINVAL,
			      "accepted %s", bad[i]);
		ck_assert_msg(eb.msg[0], "no message for %s", bad[i]);
		ck_assert_int_eq(p.family, 99); /* untouched */
	}
}
END_TEST

START_TEST(nonstrict_clears_host_bits)
{
	struct mcr_prefix p;
	char buf[MCR_PREFIX_STRLEN];

	ck_assert_int_eq(mcr_prefix_parse("10.1.2.3/8", false, false, &p, NULL),
			 MCR_OK);
	ck_assert_str_eq(mcr_prefix2str(&p, buf, sizeof(buf)), "10.0.0.0/8");
	ck_assert_int_eq(mcr_prefix_parse("192.0.2.7", false, true, &p, NULL),
			 MCR_OK);
	ck_assert_str_eq(mcr_prefix2str(&p, buf, sizeof(buf)), "192.0.2.7/32");
}
END_TEST

START_TEST(covers_and_overlaps)
{
	struct mcr_prefix a = P("10.0.0.0/8"), b = P("10.1.0.0/16"),
			  c = P("11.0.0.0/8"), d = P("::/0");

	ck_assert(mcr_prefix_covers(&a, &b));
	ck_assert(!mcr_prefix_covers(&b, &a));
	ck_assert(mcr_prefix_covers(&a, &a));
	ck_assert(mcr_prefix_overlaps(&b, &a));
	ck_assert(!mcr_prefix_overlaps(&a, &c));
	ck_assert(!mcr_prefix_overlaps(&a, &d)); /* families differ */
	ck_assert_uint_eq(mcr_prefix_common_len(&a, &c), 7);
	ck_assert_int_lt(mcr_prefix_cmp(&a, &b), 0);
	ck_assert_int_lt(mcr_prefix_cmp(&a, &d), 0);
}
END_TEST

START_TEST(truncate_canonical)
{
	struct mcr_prefix p = P("2001:db8:ffff::/48");
	char buf[MCR_PREFIX_STRLEN];

	mcr_prefix_truncate(&p, 33);
	ck_assert(mcr_prefix_is_canonical(&p));
	ck_assert_str_eq(mcr_prefix2str(&p, buf, sizeof(buf)),
			 "2001:db8:8000::/33");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("prefix");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, parse_format_roundtrip);
	tcase_add_test(tc, parse_rejects_bad_input);
	tcase_add_test(tc, nonstrict_clears_host_bits);
	tcase_add_test(tc, covers_and_overlaps);
	tcase_add_test(tc, truncate_canonical);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
