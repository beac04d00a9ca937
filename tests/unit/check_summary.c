/*
 * Unit tests for lib/summary.c: hand-worked cases (IPv4 and IPv6), error
 * cases, and a randomized comparison against exhaustive search on small
 * instances (a /24 of IPv4 addresses, or a /56 of IPv6 /64s).
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "mcr/mem.h"
#include "mcr/prefix.h"
#include "mcr/summary.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define MAXP 64

static struct mcr_prefix P(const char *s)
{
	struct mcr_prefix p;

	ck_assert_msg(mcr_prefix_parse(s, true, false, &p, NULL) == MCR_OK,
		      "bad test prefix %s", s);
	return p;
}

static unsigned parse_list(const char *const *s, unsigned n,
			   struct mcr_prefix *out)
{
	ck_assert_uint_le(n, MAXP);
	for (unsigned i = 0; i < n; i++)
		out[i] = P(s[i]);
	return n;
}

static enum mcr_err run(uint8_t family, const char *const *w, unsigned nw,
			const char *const *d, unsigned nd, size_t budget,
			struct mcr_summary_result *res, struct mcr_errbuf *eb)
{
	struct mcr_prefix want[MAXP], deny[MAXP];

	parse_list(w, nw, want);
	parse_list(d, nd, deny);
	return mcr_summarize(family, want, nw, deny, nd, budget, res, eb);
}

/* Result equals @exp (strings, in order) with @extra. */
static void assert_result(const struct mcr_summary_result *res,
			  const char *const *exp, unsigned n,
			  unsigned long long extra)
{
	char buf[MCR_PREFIX_STRLEN];

	ck_assert_uint_eq(res->count, n);
	for (unsigned i = 0; i < n; i++)
		ck_assert_str_eq(mcr_prefix2str(&res->prefixes[i], buf,
						sizeof(buf)),
				 exp[i]);
	ck_assert_uint_eq(res->extra, extra);
}

static void expect_ok(uint8_t family, const char *const *w, unsigned nw,
		      const char *const *d, unsigned nd, size_t budget,
		      const char *const *exp, unsigned nexp,
		      unsigned long long extra)
{
	struct mcr_summary_result res;
	struct mcr_errbuf eb = {{0}};
	enum mcr_err err = run(family, w, nw, d, nd, budget, &res, &eb);

	ck_assert_msg(err == MCR_OK, "budget %zu: %s: %s", budget,
		      mcr_strerror(err), eb.msg);
	assert_result(&res, exp, nexp, extra);
	mcr_summary_result_free(&res);
	ck_assert_uint_eq(res.count, 0);
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}

static void expect_err(uint8_t family, const char *const *w, unsigned nw,
		       const char *const *d, unsigned nd, size_t budget,
		       enum mcr_err want_err, const char *msg_part)
{
	struct mcr_summary_result res = {.count = 12345};
	struct mcr_errbuf eb = {{0}};
	enum mcr_err err = run(family, w, nw, d, nd, budget, &res, &eb);

	ck_assert_msg(err == want_err, "got %s (%s)", mcr_strerror(err),
		      eb.msg);
	ck_assert_msg(strstr(eb.msg, msg_part), "message \"%s\" lacks \"%s\"",
		      eb.msg, msg_part);
	ck_assert_uint_eq(res.count, 12345); /* untouched */
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}

START_TEST(adjacent_and_gapped)
{
	static const char *const pair[] = {"10.0.0.0/24", "10.0.1.0/24"};
	static const char *const pair_sum[] = {"10.0.0.0/23"};
	static const char *const gap[] = {"10.0.3.0/24", "10.0.0.0/24"};
	static const char *const gap1[] = {"10.0.0.0/22"};
	static const char *const gap2[] = {"10.0.0.0/24", "10.0.3.0/24"};

	/* two halves of a /23: merging costs nothing */
	expect_ok(MCR_AF_INET, pair, 2, NULL, 0, 1, pair_sum, 1, 0);
	expect_ok(MCR_AF_INET, pair, 2, NULL, 0, 5, pair_sum, 1, 0);
	/* 10.0.1.0/24 and 10.0.2.0/24 are unrouted: 512 extra in one */
	expect_ok(MCR_AF_INET, gap, 2, NULL, 0, 1, gap1, 1, 512);
	expect_ok(MCR_AF_INET, gap, 2, NULL, 0, 2, gap2, 2, 0);
	expect_ok(MCR_AF_INET, gap, 2, NULL, 0, 100, gap2, 2, 0);
}
END_TEST

/*
 * The direct-connect case: 13 VPC /24s in 10.0.0.0/20 to send over a
 * private VIF with a budget of 5; 10.0.9.0/24 is another cloud's (routed
 * elsewhere), 10.0.5.0/24 and 10.0.12.0/24 are unrouted.  In /24 units:
 *   want 0-4, 6-8, 10-11, 13-15; deny 9; free 5, 12.
 * 8 and 10-11 must stand alone (any wider block holds 9).  0-7 costs 256
 * with one prefix (/21), 256 with two (/22 + /22), 0 with three; 12-15
 * costs 256 with one (/22), 0 with two (13, 14-15).  So budget 4 gives
 * 512 (/21 and /22), budget 5 gives 256 (/21, 13, 14-15), budget 6 still
 * 256, budget 7 gives 0; budget 3 is impossible (4 needed).
 */
static const char *const dx_want[] = {
	"10.0.0.0/24",	"10.0.1.0/24",	"10.0.2.0/24",	"10.0.3.0/24",
	"10.0.4.0/24",	"10.0.6.0/24",	"10.0.7.0/24",	"10.0.8.0/24",
	"10.0.10.0/24", "10.0.11.0/24", "10.0.13.0/24", "10.0.14.0/24",
	"10.0.15.0/24",
};
static const char *const dx_deny[] = {"10.0.9.0/24"};

START_TEST(direct_connect_budget)
{
	static const char *const b4[] = {"10.0.0.0/21", "10.0.8.0/24",
					 "10.0.10.0/23", "10.0.12.0/22"};
	static const char *const b5[] = {"10.0.0.0/21", "10.0.8.0/24",
					 "10.0.10.0/23", "10.0.13.0/24",
					 "10.0.14.0/23"};
	static const char *const b7[] = {"10.0.0.0/22",	 "10.0.4.0/24",
					 "10.0.6.0/23",	 "10.0.8.0/24",
					 "10.0.10.0/23", "10.0.13.0/24",
					 "10.0.14.0/23"};
	unsigned nw = NELEM(dx_want);

	expect_err(MCR_AF_INET, dx_want, nw, dx_deny, 1, 3, MCR_ELIMIT,
		   "at least 4 prefixes");
	expect_err(MCR_AF_INET, dx_want, nw, dx_deny, 1, 3, MCR_ELIMIT,
		   "10.0.9.0/24");
	expect_ok(MCR_AF_INET, dx_want, nw, dx_deny, 1, 4, b4, 4, 512);
	expect_ok(MCR_AF_INET, dx_want, nw, dx_deny, 1, 5, b5, 5, 256);
	/* more budget is not spent unless it lowers the extra space */
	expect_ok(MCR_AF_INET, dx_want, nw, dx_deny, 1, 6, b5, 5, 256);
	expect_ok(MCR_AF_INET, dx_want, nw, dx_deny, 1, 7, b7, 7, 0);
	expect_ok(MCR_AF_INET, dx_want, nw, dx_deny, 1, 100, b7, 7, 0);
}
END_TEST

START_TEST(deny_covering_want)
{
	/* 10/8 is routed elsewhere, two more specifics are routed here */
	static const char *const w[] = {"10.1.0.0/16", "10.2.0.0/16"};
	static const char *const w01[] = {"10.0.0.0/16", "10.1.0.0/16"};
	static const char *const w01_sum[] = {"10.0.0.0/15"};
	static const char *const d[] = {"10.0.0.0/8"};
	/* a deny entirely re-wanted by more specifics forbids nothing */
	static const char *const w3[] = {"10.0.0.0/24", "10.0.1.0/24",
					 "10.0.2.0/24"};
	static const char *const d3[] = {"10.0.0.0/23"};
	static const char *const w3_sum[] = {"10.0.0.0/22"};
	/* ... but one with a hole does */
	static const char *const w4[] = {"10.0.0.0/24", "10.0.1.0/25",
					 "10.0.2.0/24"};
	static const char *const w4_sum[] = {"10.0.0.0/23", "10.0.2.0/24"};

	expect_err(MCR_AF_INET, w, 2, d, 1, 1, MCR_ELIMIT,
		   "at least 2 prefixes");
	expect_ok(MCR_AF_INET, w, 2, d, 1, 2, w, 2, 0);
	expect_ok(MCR_AF_INET, w01, 2, d, 1, 1, w01_sum, 1, 0);
	expect_ok(MCR_AF_INET, w3, 3, d3, 1, 1, w3_sum, 1, 256);
	expect_err(MCR_AF_INET, w4, 3, d3, 1, 1, MCR_ELIMIT, "10.0.0.0/23");
	expect_ok(MCR_AF_INET, w4, 3, NULL, 0, 2, w4_sum, 2, 128);
	/* with the deny, 10.0.0.0/23 would cover 10.0.1.128/25 */
	{
		static const char *const e[] = {"10.0.0.0/24", "10.0.1.0/25",
						"10.0.2.0/24"};

		expect_ok(MCR_AF_INET, w4, 3, d3, 1, 3, e, 3, 0);
	}
}
END_TEST

START_TEST(duplicates_nested_order)
{
	static const char *const w[] = {"10.0.0.0/16", "10.0.1.0/24",
					"10.0.0.0/16", "192.0.2.0/24",
					"10.0.0.0/17"};
	static const char *const e[] = {"10.0.0.0/16", "192.0.2.0/24"};
	static const char *const def[] = {"0.0.0.0/0"};
	struct mcr_prefix want[NELEM(dx_want)], deny[1];
	struct mcr_summary_result a, b;
	unsigned n = NELEM(dx_want);

	expect_ok(MCR_AF_INET, w, NELEM(w), NULL, 0, 2, e, 2, 0);
	expect_ok(MCR_AF_INET, def, 1, NULL, 0, 1, def, 1, 0);
	/* the result does not depend on input order */
	parse_list(dx_want, n, want);
	parse_list(dx_deny, 1, deny);
	ck_assert_int_eq(mcr_summarize(MCR_AF_INET, want, n, deny, 1, 5, &a,
				       NULL),
			 MCR_OK);
	for (unsigned i = 0; i < n / 2; i++) {
		struct mcr_prefix t = want[i];

		want[i] = want[n - 1 - i];
		want[n - 1 - i] = t;
	}
	ck_assert_int_eq(mcr_summarize(MCR_AF_INET, want, n, deny, 1, 5, &b,
				       NULL),
			 MCR_OK);
	ck_assert_uint_eq(a.count, b.count);
	ck_assert_uint_eq(a.extra, b.extra);
	ck_assert_mem_eq(a.prefixes, b.prefixes, a.count * sizeof(*a.prefixes));
	mcr_summary_result_free(&a);
	mcr_summary_result_free(&b);
	/* nothing wanted: empty result */
	ck_assert_int_eq(mcr_summarize(MCR_AF_INET, NULL, 0, deny, 1, 5, &a,
				       NULL),
			 MCR_OK);
	ck_assert_uint_eq(a.count, 0);
	ck_assert_uint_eq(a.extra, 0);
	mcr_summary_result_free(&a);
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}
END_TEST

START_TEST(ipv6)
{
	static const char *const w[] = {"2001:db8::/48", "2001:db8:1::/48",
					"2001:db8:3::/48"};
	static const char *const d[] = {"2001:db8:2::/48"};
	static const char *const e2[] = {"2001:db8::/47", "2001:db8:3::/48"};
	static const char *const e1[] = {"2001:db8::/46"};
	static const char *const hosts[] = {"2001:db8::1/128",
					    "2001:db8::3/128"};
	static const char *const hosts1[] = {"2001:db8::/126"};
	static const char *const far[] = {"2001:db8::/64", "2001:db8:0:3::/64",
					  "fd00::/64"};
	static const char *const far2[] = {"2001:db8::/62", "fd00::/64"};

	expect_err(MCR_AF_INET6, w, 3, d, 1, 1, MCR_ELIMIT,
		   "at least 2 prefixes");
	expect_err(MCR_AF_INET6, w, 3, d, 1, 1, MCR_ELIMIT, "2001:db8:2::/48");
	expect_ok(MCR_AF_INET6, w, 3, d, 1, 2, e2, 2, 0);
	/* without the deny one /46 with a /48 (65536 /64s) extra */
	expect_ok(MCR_AF_INET6, w, 3, NULL, 0, 1, e1, 1, 65536);
	/* two addresses of extra space: less than a /64, rounded up */
	expect_ok(MCR_AF_INET6, hosts, 2, NULL, 0, 1, hosts1, 1, 1);
	expect_ok(MCR_AF_INET6, hosts, 2, NULL, 0, 2, hosts, 2, 0);
	/* 2 extra /64s; summing everything into ::/0 saturates */
	expect_ok(MCR_AF_INET6, far, 3, NULL, 0, 2, far2, 2, 2);
	{
		struct mcr_summary_result res;
		struct mcr_prefix p[3];

		parse_list(far, 3, p);
		ck_assert_int_eq(mcr_summarize(MCR_AF_INET6, p, 3, NULL, 0, 1,
					       &res, NULL),
				 MCR_OK);
		ck_assert_uint_eq(res.count, 1);
		ck_assert_uint_eq(res.prefixes[0].len, 0);
		ck_assert_uint_eq(res.extra, UINT64_MAX);
		mcr_summary_result_free(&res);
	}
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}
END_TEST

START_TEST(bad_input)
{
	static const char *const w[] = {"10.0.0.0/24", "10.0.1.0/24"};
	static const char *const d_same[] = {"10.0.1.0/24"};
	static const char *const d_in[] = {"10.0.0.128/25"};
	static const char *const w6[] = {"2001:db8::/32"};
	struct mcr_prefix want[2], bad;
	struct mcr_summary_result res = {.count = 7};
	struct mcr_errbuf eb = {{0}};

	expect_err(MCR_AF_INET, w, 2, NULL, 0, 0, MCR_EINVAL, "budget");
	expect_err(MCR_AF_INET, w, 2, d_same, 1, 3, MCR_EINVAL,
		   "10.0.1.0/24 is also denied");
	expect_err(MCR_AF_INET, w, 2, d_in, 1, 3, MCR_EINVAL,
		   "10.0.0.0/24 covers denied prefix 10.0.0.128/25");
	expect_err(MCR_AF_INET, w6, 1, NULL, 0, 3, MCR_EINVAL, "2001:db8::/32");
	expect_err(MCR_AF_INET6, w, 2, NULL, 0, 3, MCR_EINVAL, "10.0.0.0/24");
	expect_err(7, w, 2, NULL, 0, 3, MCR_EINVAL, "family");

	parse_list(w, 2, want);
	bad = want[1];
	bad.addr[3] = 1; /* host bit set: not canonical */
	ck_assert_int_eq(mcr_summarize(MCR_AF_INET, want, 2, &bad, 1, 3, &res,
				       &eb),
			 MCR_EINVAL);
	ck_assert(strstr(eb.msg, "canonical"));
	ck_assert_uint_eq(res.count, 7);
	ck_assert_int_eq(mcr_summarize(MCR_AF_INET, want, 2, NULL, 0, 3, NULL,
				       &eb),
			 MCR_EINVAL);
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
	mcr_summary_result_free(NULL);
}
END_TEST

/* --- randomized comparison with exhaustive search ------------------------ */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

/*
 * A universe of 256 units: for IPv4 the addresses of 10.20.30.0/24, for
 * IPv6 the /64s of 2001:db8:0:100::/56.  A prefix inside it is (unit,
 * r) with r = 0..8 bits past the universe's length; units are bits of a
 * 256-bit set.
 */
struct universe {
	uint8_t family;
	unsigned base_len; /* 24 or 56 */
	unsigned ubyte;	   /* byte holding the unit number: 3 or 7 */
	struct mcr_prefix base;
};

typedef uint64_t set256[4];

static void set_clear(set256 s)
{
	memset(s, 0, sizeof(set256));
}

static void set_range(set256 s, unsigned from, unsigned n)
{
	for (unsigned i = from; i < from + n; i++)
		s[i / 64] |= 1ULL << (i % 64);
}

static unsigned set_count(const set256 s)
{
	return (unsigned)(__builtin_popcountll(s[0]) +
			  __builtin_popcountll(s[1]) +
			  __builtin_popcountll(s[2]) +
			  __builtin_popcountll(s[3]));
}

static bool set_test(const set256 s, unsigned i)
{
	return (s[i / 64] >> (i % 64)) & 1;
}

static struct mcr_prefix u_prefix(const struct universe *u, unsigned unit,
				  unsigned r)
{
	struct mcr_prefix p = u->base;

	p.addr[u->ubyte] = (uint8_t)unit;
	p.len = (uint8_t)mcr_af_maxlen(p.family);
	mcr_prefix_truncate(&p, u->base_len + r);
	return p;
}

/* Units a prefix inside the universe covers: first one and how many. */
static void u_units(const struct universe *u, const struct mcr_prefix *p,
		    unsigned *from, unsigned *n)
{
	*from = p->addr[u->ubyte];
	*n = 1u << (8 - (p->len - u->base_len));
}

struct brute {
	set256 want, forbid;
	size_t budget;
	unsigned best_extra, best_count; /* best_count 0: none found */
};

static void brute_search(struct brute *b, const set256 covered,
			 unsigned used)
{
	unsigned a, extra;
	set256 c;

	/* lowest wanted unit not yet covered */
	for (a = 0; a < 256; a++)
		if (set_test(b->want, a) && !set_test(covered, a))
			break;
	memcpy(c, covered, sizeof(c));
	for (int i = 0; i < 4; i++)
		c[i] &= ~b->want[i];
	extra = set_count(c);
	if (b->best_count && extra > b->best_extra)
		return; /* extra space only grows */
	if (a == 256) {
		if (!b->best_count || extra < b->best_extra ||
		    (extra == b->best_extra && used < b->best_count)) {
			b->best_extra = extra;
			b->best_count = used;
		}
		return;
	}
	if (used == b->budget)
		return;
	/* some prefix of the set must cover unit a */
	for (unsigned r = 0; r <= 8; r++) {
		unsigned n = 1u << (8 - r), from = a & ~(n - 1);
		set256 p;
		bool ok = true;

		set_clear(p);
		set_range(p, from, n);
		for (int i = 0; i < 4; i++)
			if (p[i] & b->forbid[i])
				ok = false;
		if (!ok)
			continue;
		for (int i = 0; i < 4; i++)
			c[i] = covered[i] | p[i];
		brute_search(b, c, used + 1);
	}
}

static void random_instance(const struct universe *u, uint64_t seed)
{
	struct mcr_prefix want[8], deny[4];
	unsigned nw = 1 + (unsigned)(rnd() % 6), nd = (unsigned)(rnd() % 4);
	size_t budget = 1 + (size_t)(rnd() % 4);
	struct brute b = {.budget = budget};
	struct mcr_summary_result res = {.prefixes = NULL};
	struct mcr_errbuf eb = {{0}};
	set256 deny_set, got;
	bool invalid = false;
	enum mcr_err err;
	char needle[64];
	unsigned from, n, extra;

	set_clear(b.want);
	set_clear(deny_set);
	/* wants mostly long (sparse), denies of any length */
	for (unsigned i = 0; i < nw; i++) {
		want[i] = u_prefix(u, (unsigned)(rnd() % 256),
				   4 + (unsigned)(rnd() % 5));
		u_units(u, &want[i], &from, &n);
		set_range(b.want, from, n);
	}
	for (unsigned i = 0; i < nd; i++) {
		deny[i] = u_prefix(u, (unsigned)(rnd() % 256),
				   (unsigned)(rnd() % 9));
		u_units(u, &deny[i], &from, &n);
		set_range(deny_set, from, n);
		for (unsigned j = 0; j < nw; j++)
			if (mcr_prefix_covers(&want[j], &deny[i]))
				invalid = true;
	}
	err = mcr_summarize(u->family, want, nw, deny, nd, budget, &res, &eb);
	/* only the result is left allocated */
	ck_assert_uint_eq(mcr_mem_total_bytes(),
			  err ? 0 : res.count * sizeof(*res.prefixes));
	if (invalid) {
		ck_assert_msg(err == MCR_EINVAL, "seed %llx: %s",
			      (unsigned long long)seed, mcr_strerror(err));
		ck_assert(strstr(eb.msg, "denied"));
		return;
	}
	for (int i = 0; i < 4; i++)
		b.forbid[i] = deny_set[i] & ~b.want[i];
	{
		set256 none;

		set_clear(none);
		brute_search(&b, none, 0);
	}
	if (!b.best_count) {
		struct brute b2 = b;

		ck_assert_msg(err == MCR_ELIMIT, "seed %llx: %s",
			      (unsigned long long)seed, mcr_strerror(err));
		/* the message names the fewest prefixes possible: deepen */
		for (b2.budget = budget + 1; !b2.best_count; b2.budget++) {
			set256 none;

			ck_assert_uint_le(b2.budget, nw);
			set_clear(none);
			brute_search(&b2, none, 0);
		}
		ck_assert_uint_gt(b2.best_count, budget);
		snprintf(needle, sizeof(needle), "at least %u prefixes",
			 b2.best_count);
		ck_assert_msg(strstr(eb.msg, needle), "seed %llx: %s vs %s",
			      (unsigned long long)seed, eb.msg, needle);
		return;
	}
	ck_assert_msg(err == MCR_OK, "seed %llx: %s %s",
		      (unsigned long long)seed, mcr_strerror(err), eb.msg);
	/* valid: inside the universe, disjoint, covers want, no forbidden */
	set_clear(got);
	ck_assert_uint_le(res.count, budget);
	for (size_t i = 0; i < res.count; i++) {
		const struct mcr_prefix *p = &res.prefixes[i];

		ck_assert(mcr_prefix_is_canonical(p));
		ck_assert(mcr_prefix_covers(&u->base, p));
		if (i)
			ck_assert_int_lt(
				mcr_prefix_cmp(&res.prefixes[i - 1], p), 0);
		u_units(u, p, &from, &n);
		for (unsigned k = from; k < from + n; k++) {
			ck_assert(!set_test(got, k)); /* disjoint */
			ck_assert(!set_test(b.forbid, k));
		}
		set_range(got, from, n);
	}
	extra = 0;
	for (unsigned k = 0; k < 256; k++) {
		if (set_test(b.want, k))
			ck_assert(set_test(got, k));
		else if (set_test(got, k))
			extra++;
	}
	/* optimal extra space, and the fewest prefixes among optima */
	ck_assert_msg(extra == b.best_extra && res.extra == extra,
		      "seed %llx: extra %u (reported %llu), optimum %u",
		      (unsigned long long)seed, extra, res.extra, b.best_extra);
	ck_assert_uint_eq(res.count, b.best_count);
	mcr_summary_result_free(&res);
}

static void random_vs_exhaustive(const struct universe *u, uint64_t seed0,
				 unsigned rounds)
{
	for (unsigned i = 0; i < rounds; i++) {
		uint64_t seed = seed0 + i * 0x9E3779B97F4A7C15ULL;

		rng_state = seed ? seed : 1;
		random_instance(u, seed);
	}
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}

START_TEST(random_v4)
{
	struct universe u = {.family = MCR_AF_INET, .base_len = 24,
			     .ubyte = 3};

	u.base = P("10.20.30.0/24");
	random_vs_exhaustive(&u, 0x5eed4, 4000);
}
END_TEST

START_TEST(random_v6)
{
	struct universe u = {.family = MCR_AF_INET6, .base_len = 56,
			     .ubyte = 7};

	u.base = P("2001:db8:0:100::/56");
	random_vs_exhaustive(&u, 0x5eed6, 2000);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("summary");
	TCase *tc = tcase_create("core");
	TCase *tr = tcase_create("random");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, adjacent_and_gapped);
	tcase_add_test(tc, direct_connect_budget);
	tcase_add_test(tc, deny_covering_want);
	tcase_add_test(tc, duplicates_nested_order);
	tcase_add_test(tc, ipv6);
	tcase_add_test(tc, bad_input);
	suite_add_tcase(s, tc);
	tcase_set_timeout(tr, 300);
	tcase_add_test(tr, random_v4);
	tcase_add_test(tr, random_v6);
	suite_add_tcase(s, tr);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
