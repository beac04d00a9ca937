/*
 * Unit tests for lib/bgpconf.c: rendering, parsing bgpd's running-config
 * back, and make-before-break diffs.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <string.h>

#include "mcr/bgpconf.h"
#include "mcr/mem.h"

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

/* Script as an array of commands; returns count. */
static size_t script_cmds(const char *script, const char **cmds, size_t max)
{
	size_t n = 0;

	while (*script && n < max) {
		cmds[n++] = script;
		script += strlen(script) + 1;
	}
	return n;
}

static size_t find_cmd(const char **cmds, size_t n, const char *c)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(cmds[i], c) == 0)
			return i;
	ck_abort_msg("command not in script: %s", c);
	return 0;
}

static void render_aws(struct mcr_bgpconf *c, const char **pfx, size_t npfx,
		       enum mcr_aspath_mode mode)
{
	struct mcr_prefix ex[16];
	struct mcr_addr nb[2] = {A("100.64.0.2"), A("2001:db8:ff::2")};
	uint32_t excl[2] = {12076, 64512};
	struct mcr_bgpconf_attach a = {
		.name = "aws",
		.neighbors = nb,
		.nneighbors = 2,
		.mode = mode,
		.exclude_asn = excl,
		.nexclude = 2,
		.out_limit = {100, 100},
		.export = ex,
		.nexport = npfx,
	};

	for (size_t i = 0; i < npfx; i++)
		ex[i] = P(pfx[i]);
	ck_assert_int_eq(mcr_bgpconf_render(c, 65000, &a, NULL), MCR_OK);
}

START_TEST(render_and_text)
{
	const char *pfx[] = {"10.2.0.0/16", "10.1.0.0/16", "2600:1f18::/40"};
	struct mcr_bgpconf *c = mcr_bgpconf_new();
	char *text;
	size_t len;

	render_aws(c, pfx, 3, MCR_ASPATH_EXCLUDE_PROVIDER);
	mcr_bgpconf_text(c, &text, &len);
	/* lines are NUL-separated; join for searching */
	for (size_t i = 0; i + 1 < len && !(text[i] == 0 && text[i + 1] == 0);
	     i++)
		if (text[i] == 0)
			text[i] = '\n';
	ck_assert_ptr_nonnull(strstr(text, "ip prefix-list mcr-aws-v4 permit 10.1.0.0/16\nip prefix-list mcr-aws-v4 permit 10.2.0.0/16\n"));
	ck_assert_ptr_nonnull(strstr(text, "ipv6 prefix-list mcr-aws-v6 permit 2600:1f18::/40"));
	ck_assert_ptr_nonnull(strstr(text, "route-map mcr-aws permit 10\n match ip address prefix-list mcr-aws-v4\n set as-path exclude 12076 64512\n"));
	ck_assert_ptr_nonnull(strstr(text, "router bgp 65000\n address-family ipv4 unicast\n  neighbor 100.64.0.2 maximum-prefix-out 100\n  neighbor 100.64.0.2 route-map mcr-aws out\n"));
	ck_assert_ptr_nonnull(strstr(text, "address-family ipv6 unicast\n  neighbor 2001:db8:ff::2 maximum-prefix-out 100"));
	ck_assert_ptr_nonnull(strstr(text, " exit-address-family\nexit\n"));
	mcr_bgpconf_script_free(text, len);
	mcr_bgpconf_free(c);
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}
END_TEST

START_TEST(diff_is_make_before_break)
{
	const char *old[] = {"10.1.0.0/16", "10.2.0.0/16"};
	const char *new[] = {"10.1.0.0/16", "10.3.0.0/16"};
	struct mcr_bgpconf *have = mcr_bgpconf_new(), *want = mcr_bgpconf_new();
	const char *cmds[128];
	char *script;
	size_t len, n, changes;

	/* from nothing: lists, then route-maps, then neighbors */
	render_aws(want, old, 2, MCR_ASPATH_PRESERVE);
	changes = mcr_bgpconf_diff(have, want, &script, &len);
	ck_assert_uint_gt(changes, 0);
	n = script_cmds(script, cmds, 128);
	ck_assert_uint_lt(find_cmd(cmds, n, "ip prefix-list mcr-aws-v4 permit 10.2.0.0/16"),
			  find_cmd(cmds, n, "route-map mcr-aws permit 10"));
	ck_assert_uint_lt(find_cmd(cmds, n, "match ip address prefix-list mcr-aws-v4"),
			  find_cmd(cmds, n, "neighbor 100.64.0.2 route-map mcr-aws out"));
	ck_assert_uint_lt(find_cmd(cmds, n, "router bgp 65000"),
			  find_cmd(cmds, n, "neighbor 100.64.0.2 route-map mcr-aws out"));
	mcr_bgpconf_script_free(script, len);

	/* a change of prefix: add the new one before removing the old one,
	 * touch nothing else */
	mcr_bgpconf_clear(have);
	render_aws(have, old, 2, MCR_ASPATH_PRESERVE);
	mcr_bgpconf_clear(want);
	render_aws(want, new, 2, MCR_ASPATH_PRESERVE);
	changes = mcr_bgpconf_diff(have, want, &script, &len);
	ck_assert_uint_eq(changes, 2);
	n = script_cmds(script, cmds, 128);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(cmds[0], "ip prefix-list mcr-aws-v4 permit 10.3.0.0/16");
	ck_assert_str_eq(cmds[1], "no ip prefix-list mcr-aws-v4 permit 10.2.0.0/16");
	mcr_bgpconf_script_free(script, len);

	/* identical: nothing */
	changes = mcr_bgpconf_diff(want, want, &script, &len);
	ck_assert_uint_eq(changes, 0);
	ck_assert_str_eq(script, "");
	mcr_bgpconf_script_free(script, len);

	/* removing everything: neighbors first, lists last */
	mcr_bgpconf_clear(want);
	changes = mcr_bgpconf_diff(have, want, &script, &len);
	n = script_cmds(script, cmds, 128);
	ck_assert_uint_lt(find_cmd(cmds, n, "no neighbor 100.64.0.2 route-map mcr-aws out"),
			  find_cmd(cmds, n, "no route-map mcr-aws permit 10"));
	ck_assert_uint_lt(find_cmd(cmds, n, "no route-map mcr-aws permit 10"),
			  find_cmd(cmds, n, "no ip prefix-list mcr-aws-v4 permit 10.1.0.0/16"));
	mcr_bgpconf_script_free(script, len);

	mcr_bgpconf_free(have);
	mcr_bgpconf_free(want);
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}
END_TEST

/* What FRR 8.4 prints for the rendered objects, plus unrelated config that
 * must be ignored. */
static const char running[] =
	"Building configuration...\n\n"
	"Current configuration:\n!\n"
	"frr version 8.4.4\n"
	"!\n"
	"router bgp 65000\n"
	" bgp router-id 100.64.0.1\n"
	" neighbor 100.64.0.2 remote-as 64512\n"
	" neighbor 192.0.2.9 remote-as 65009\n"
	" !\n"
	" address-family ipv4 unicast\n"
	"  redistribute mcr\n"
	"  neighbor 100.64.0.2 route-map mcr-aws out\n"
	"  neighbor 100.64.0.2 maximum-prefix-out 100\n"
	"  neighbor 192.0.2.9 maximum-prefix-out 7\n"
	"  neighbor 192.0.2.9 route-map user-map out\n"
	" exit-address-family\n"
	" !\n"
	" address-family ipv6 unicast\n"
	"  redistribute mcr\n"
	"  neighbor 2001:db8:ff::2 route-map mcr-aws out\n"
	"  neighbor 2001:db8:ff::2 maximum-prefix-out 100\n"
	" exit-address-family\n"
	"exit\n"
	"!\n"
	"router bgp 65000 vrf red\n"
	" neighbor 10.9.9.9 route-map mcr-aws out\n"
	"exit\n"
	"!\n"
	"ip prefix-list mcr-aws-v4 seq 5 permit 10.1.0.0/16\n"
	"ip prefix-list mcr-aws-v4 seq 10 permit 10.2.0.0/16\n"
	"ip prefix-list user-list seq 5 permit 10.0.0.0/8\n"
	"!\n"
	"ipv6 prefix-list mcr-aws-v6 seq 5 permit 2600:1f18::/40\n"
	"!\n"
	"route-map mcr-aws permit 10\n"
	" match ip address prefix-list mcr-aws-v4\n"
	" set as-path exclude 12076 64512\n"
	"exit\n"
	"!\n"
	"route-map mcr-aws permit 20\n"
	" match ipv6 address prefix-list mcr-aws-v6\n"
	" set as-path exclude 12076 64512\n"
	"exit\n"
	"!\n"
	"route-map user-map permit 10\n"
	" set local-preference 200\n"
	"exit\n"
	"!\n"
	"end\n";

START_TEST(parse_roundtrip)
{
	const char *pfx[] = {"10.1.0.0/16", "10.2.0.0/16", "2600:1f18::/40"};
	struct mcr_bgpconf *have = mcr_bgpconf_new(), *want = mcr_bgpconf_new();
	char *script;
	size_t len, changes;

	mcr_bgpconf_parse(have, running);
	render_aws(want, pfx, 3, MCR_ASPATH_EXCLUDE_PROVIDER);
	mcr_bgpconf_render_redistribute(want, 65000);
	ck_assert_uint_eq(mcr_bgpconf_count(have), mcr_bgpconf_count(want));
	changes = mcr_bgpconf_diff(have, want, &script, &len);
	ck_assert_msg(changes == 0, "unexpected diff: %s", script);
	mcr_bgpconf_script_free(script, len);
	mcr_bgpconf_free(have);
	mcr_bgpconf_free(want);
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}
END_TEST

START_TEST(bad_input)
{
	struct mcr_bgpconf *c = mcr_bgpconf_new();
	struct mcr_bgpconf_attach a = {.name = "bad name"};
	struct mcr_errbuf eb;
	enum mcr_aspath_mode m = MCR_ASPATH_PRESERVE;

	ck_assert_int_eq(mcr_bgpconf_render(c, 65000, &a, &eb), MCR_EINVAL);
	a.name = "ok";
	ck_assert_int_eq(mcr_bgpconf_render(c, 0, &a, &eb), MCR_EINVAL);
	ck_assert_uint_eq(mcr_bgpconf_count(c), 0);
	ck_assert_int_eq(mcr_aspath_mode_parse("bogus", &m, &eb), MCR_EINVAL);
	ck_assert_int_eq(m, MCR_ASPATH_PRESERVE);
	ck_assert_int_eq(mcr_aspath_mode_parse("replace-with-local", &m, &eb),
			 MCR_OK);
	ck_assert_int_eq(m, MCR_ASPATH_REPLACE_LOCAL);
	mcr_bgpconf_free(c);
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}
END_TEST

static bool drop_aws(const char *ctx, const char *line, void *arg)
{
	return mcr_bgpconf_names_attach(ctx, arg) ||
	       mcr_bgpconf_names_attach(line, arg);
}

START_TEST(names_and_drop)
{
	const char *pfx[] = {"10.1.0.0/16"};
	struct mcr_bgpconf *c = mcr_bgpconf_new();

	ck_assert(mcr_bgpconf_names_attach("route-map mcr-aws permit 10", "aws"));
	ck_assert(mcr_bgpconf_names_attach("ip prefix-list mcr-aws-v4 permit 10.0.0.0/8", "aws"));
	ck_assert(!mcr_bgpconf_names_attach("route-map mcr-aws2 permit 10", "aws"));
	ck_assert(!mcr_bgpconf_names_attach("ip prefix-list mcr-aws-v4x permit 1.0.0.0/8", "aws"));
	ck_assert(!mcr_bgpconf_names_attach("route-map xmcr-aws permit 10", "aws"));
	render_aws(c, pfx, 1, MCR_ASPATH_PRESERVE);
	mcr_bgpconf_render_redistribute(c, 65000);
	mcr_bgpconf_drop_if(c, drop_aws, "aws");
	/* only redistribute mcr (2 families) and the neighbor settings that
	 * do not name an object are left */
	ck_assert_uint_eq(mcr_bgpconf_count(c), 4);
	mcr_bgpconf_free(c);
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bgpconf");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, render_and_text);
	tcase_add_test(tc, diff_is_make_before_break);
	tcase_add_test(tc, parse_roundtrip);
	tcase_add_test(tc, bad_input);
	tcase_add_test(tc, names_and_drop);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
