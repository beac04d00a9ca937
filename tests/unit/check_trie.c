/*
 * Unit tests for lib/trie.c: hand cases for every function (IPv4 and
 * IPv6), a randomized differential test against a plain array scan with a
 * fixed seed, a full-table test, and tries sharing a group (hand cases and
 * a randomized comparison with standalone tries).
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mcr/mem.h"
#include "mcr/prefix.h"
#include "mcr/trie.h"

static struct mcr_prefix P(const char *s)
{
	struct mcr_prefix p;

	ck_assert_msg(mcr_prefix_parse(s, true, false, &p, NULL) == MCR_OK,
		      "bad test prefix %s", s);
	return p;
}

#define V(i) ((void *)(uintptr_t)(i))

static const char *S(const struct mcr_prefix *p)
{
	static char buf[4][MCR_PREFIX_STRLEN];
	static unsigned k;

	k = (k + 1) % 4;
	return mcr_prefix2str(p, buf[k], sizeof(buf[k]));
}

/* Walk collector: prefixes in the order reported. */
struct collect {
	struct mcr_prefix p[64];
	void *v[64];
	unsigned n;
	unsigned stop_after; /* 0: never stop */
};

static int collect_cb(const struct mcr_prefix *p, void *value, void *arg)
{
	struct collect *c = arg;

	ck_assert_uint_lt(c->n, 64);
	c->p[c->n] = *p;
	c->v[c->n] = value;
	c->n++;
	if (c->stop_after && c->n == c->stop_after)
		return 42;
	return 0;
}

static void assert_collected(const struct collect *c, const char *const *want,
			     unsigned n)
{
	ck_assert_uint_eq(c->n, n);
	for (unsigned i = 0; i < n; i++)
		ck_assert_str_eq(S(&c->p[i]), want[i]);
}

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Check's ck_assert_* record a checkpoint on every call (a write to the
 * parent process); hot loops use these, which call into Check only when
 * the condition fails.
 */
#define FAST(cond)                                                             \
	do {                                                                   \
		if (!(cond))                                                   \
			ck_abort_msg("failed: %s", #cond);                     \
	} while (0)
#define FAST_EQ(a, b) FAST((a) == (b))
#define FAST_LT(a, b) FAST((a) < (b))
#define FAST_LE(a, b) FAST((a) <= (b))
#define FAST_NULL(a) FAST((a) == NULL)
#define FAST_NONNULL(a) FAST((a) != NULL)

static struct mcr_trie *load(uint8_t family, const char *const *s, unsigned n)
{
	struct mcr_trie *t = mcr_trie_new(family);

	ck_assert_ptr_nonnull(t);
	for (unsigned i = 0; i < n; i++) {
		struct mcr_prefix p = P(s[i]);

		ck_assert_int_eq(mcr_trie_insert(t, &p, V(i + 1)), MCR_OK);
	}
	ck_assert_uint_eq(mcr_trie_count(t), n);
	return t;
}

static void teardown_check(struct mcr_trie *t)
{
	mcr_trie_free(t);
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
	ck_assert_uint_eq(mcr_mem_total_objects(), 0);
}

static const char *const v4set[] = {
	"10.0.0.0/8",	"10.1.0.0/16",	 "10.1.2.0/24", "10.1.3.0/24",
	"0.0.0.0/0",	"192.0.2.0/24",	 "10.1.2.7/32", "11.0.0.0/8",
	"10.128.0.0/9", "192.0.2.128/25",
};

START_TEST(new_free_empty)
{
	struct mcr_trie *t = mcr_trie_new(MCR_AF_INET);
	struct mcr_prefix p = P("10.0.0.0/8"), m;
	struct collect c = {.n = 0};

	ck_assert_ptr_null(mcr_trie_new(0));
	ck_assert_ptr_null(mcr_trie_new(5));
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(mcr_trie_count(t), 0);
	ck_assert_uint_gt(mcr_trie_mem_bytes(t), 0);
	ck_assert_uint_eq(mcr_mem_stat(MCR_MT_TRIE).objects, 1);
	ck_assert_ptr_null(mcr_trie_find(t, &p));
	ck_assert_ptr_null(mcr_trie_match(t, &p, &m));
	ck_assert_ptr_null(mcr_trie_match_parent(t, &p, &m));
	ck_assert_ptr_null(mcr_trie_delete(t, &p));
	ck_assert_int_eq(mcr_trie_walk(t, collect_cb, &c), 0);
	ck_assert_int_eq(mcr_trie_walk_covered(t, &p, collect_cb, &c), 0);
	ck_assert_int_eq(mcr_trie_walk_covering(t, &p, collect_cb, &c), 0);
	ck_assert_uint_eq(c.n, 0);
	ck_assert_int_eq(mcr_trie_overlaps(t, &p), 0);
	teardown_check(t);
	mcr_trie_free(NULL);
}
END_TEST

START_TEST(insert_find_v4)
{
	struct mcr_trie *t = load(MCR_AF_INET, v4set, NELEM(v4set));
	struct mcr_prefix p;
	size_t mem = mcr_trie_mem_bytes(t), nodes;

	for (unsigned i = 0; i < NELEM(v4set); i++) {
		p = P(v4set[i]);
		ck_assert_ptr_eq(mcr_trie_find(t, &p), V(i + 1));
		/* duplicate refused, state unchanged */
		ck_assert_int_eq(mcr_trie_insert(t, &p, V(99)), MCR_EEXIST);
		ck_assert_ptr_eq(mcr_trie_find(t, &p), V(i + 1));
	}
	ck_assert_uint_eq(mcr_trie_mem_bytes(t), mem);
	ck_assert_uint_eq(mcr_mem_stat(MCR_MT_TRIE_NODE).bytes +
				  mcr_mem_stat(MCR_MT_TRIE).bytes,
			  mem);
	/* glue points and near misses are absent */
	p = P("10.0.0.0/7");
	ck_assert_ptr_null(mcr_trie_find(t, &p));
	p = P("10.1.2.0/23");
	ck_assert_ptr_null(mcr_trie_find(t, &p));
	p = P("10.1.2.6/32");
	ck_assert_ptr_null(mcr_trie_find(t, &p));
	p = P("10.1.2.0/25");
	ck_assert_ptr_null(mcr_trie_find(t, &p));
	/* bad input */
	p = P("2001:db8::/32");
	ck_assert_int_eq(mcr_trie_insert(t, &p, V(1)), MCR_EINVAL);
	ck_assert_ptr_null(mcr_trie_find(t, &p));
	p = P("12.0.0.0/8");
	ck_assert_int_eq(mcr_trie_insert(t, &p, NULL), MCR_EINVAL);
	ck_assert_ptr_null(mcr_trie_find(t, &p));
	ck_assert_uint_eq(mcr_trie_count(t), NELEM(v4set));
	ck_assert_uint_eq(mcr_trie_mem_bytes(t), mem);
	/* a glue node turns into a stored prefix without a new node */
	nodes = mcr_trie_nodes(t);
	ck_assert_uint_eq(nodes, NELEM(v4set) + 2); /* glue 10/7, 10.1.2/23 */
	p = P("10.0.0.0/7");
	ck_assert_int_eq(mcr_trie_insert(t, &p, V(50)), MCR_OK);
	ck_assert_ptr_eq(mcr_trie_find(t, &p), V(50));
	ck_assert_uint_eq(mcr_trie_nodes(t), nodes);
	/* the walk sees it where the glue was */
	{
		struct collect c = {.n = 0};
		struct mcr_prefix q = P("10.0.0.0/7");

		ck_assert_int_eq(mcr_trie_walk_covered(t, &q, collect_cb, &c),
				 0);
		ck_assert_uint_eq(c.n, 8);
		ck_assert_str_eq(S(&c.p[0]), "10.0.0.0/7");
		ck_assert_ptr_eq(c.v[0], V(50));
	}
	teardown_check(t);
}
END_TEST

START_TEST(replace_and_delete)
{
	struct mcr_trie *t = load(MCR_AF_INET, v4set, NELEM(v4set));
	struct mcr_prefix p = P("10.1.0.0/16");
	size_t mem, nodes;

	ck_assert_ptr_eq(mcr_trie_replace(t, &p, V(77)), V(2));
	ck_assert_ptr_eq(mcr_trie_find(t, &p), V(77));
	ck_assert_uint_eq(mcr_trie_count(t), NELEM(v4set));
	ck_assert_ptr_null(mcr_trie_replace(t, &p, NULL)); /* refused */
	ck_assert_ptr_eq(mcr_trie_find(t, &p), V(77));
	p = P("172.16.0.0/12");
	ck_assert_ptr_null(mcr_trie_replace(t, &p, V(78))); /* inserts */
	ck_assert_ptr_eq(mcr_trie_find(t, &p), V(78));
	ck_assert_uint_eq(mcr_trie_count(t), NELEM(v4set) + 1);
	p = P("2001:db8::/32");
	ck_assert_ptr_null(mcr_trie_replace(t, &p, V(1)));
	ck_assert_uint_eq(mcr_trie_count(t), NELEM(v4set) + 1);

	/* delete: absent, glue, then the real ones */
	p = P("10.0.0.0/7");
	ck_assert_ptr_null(mcr_trie_delete(t, &p));
	p = P("10.1.2.0/23");
	ck_assert_ptr_null(mcr_trie_delete(t, &p));
	p = P("172.16.0.0/12");
	ck_assert_ptr_eq(mcr_trie_delete(t, &p), V(78));
	ck_assert_ptr_null(mcr_trie_delete(t, &p));
	ck_assert_uint_eq(mcr_trie_count(t), NELEM(v4set));
	/* 10/8 has two children (10.1/16, 10.128/9): stays as glue */
	nodes = mcr_trie_nodes(t);
	mem = mcr_trie_mem_bytes(t);
	p = P("10.0.0.0/8");
	ck_assert_ptr_eq(mcr_trie_delete(t, &p), V(1));
	ck_assert_ptr_null(mcr_trie_find(t, &p));
	ck_assert_uint_eq(mcr_trie_nodes(t), nodes);
	ck_assert_ptr_eq(mcr_trie_match(t, &p, NULL), V(5)); /* 0/0 */
	ck_assert_int_eq(mcr_trie_overlaps(t, &p), 1); /* via 10.1/16 */
	/* 10.1/16 has one child (glue 10.1.2.0/23): its node goes */
	p = P("10.1.0.0/16");
	ck_assert_ptr_eq(mcr_trie_delete(t, &p), V(77));
	ck_assert_ptr_null(mcr_trie_find(t, &p));
	ck_assert_uint_eq(mcr_trie_nodes(t), nodes - 1);
	p = P("10.1.2.0/24");
	ck_assert_ptr_eq(mcr_trie_find(t, &p), V(3));
	p = P("10.1.2.7/32");
	ck_assert_ptr_eq(mcr_trie_find(t, &p), V(7));
	/* a leaf whose parent is glue: both nodes go */
	p = P("10.1.3.0/24");
	ck_assert_ptr_eq(mcr_trie_delete(t, &p), V(4));
	ck_assert_uint_eq(mcr_trie_nodes(t), nodes - 3);
	/* freed nodes stay in the pools for reuse */
	ck_assert_uint_eq(mcr_trie_mem_bytes(t), mem);
	ck_assert_uint_eq(mcr_mem_stat(MCR_MT_TRIE_NODE).bytes +
				  mcr_mem_stat(MCR_MT_TRIE).bytes,
			  mem);
	p = P("10.1.2.0/24");
	ck_assert_ptr_eq(mcr_trie_find(t, &p), V(3));
	ck_assert_uint_eq(mcr_trie_count(t), NELEM(v4set) - 3);
	for (unsigned i = 0; i < NELEM(v4set); i++) {
		void *exp = (i <= 1 || i == 3) ? NULL : V(i + 1);

		p = P(v4set[i]);
		ck_assert_ptr_eq(mcr_trie_delete(t, &p), exp);
	}
	ck_assert_uint_eq(mcr_trie_count(t), 0);
	ck_assert_uint_eq(mcr_mem_stat(MCR_MT_TRIE_NODE).objects, 0);
	teardown_check(t);
}
END_TEST

static void assert_match(struct mcr_trie *t, const char *q, const char *exp,
			 bool parent)
{
	struct mcr_prefix p = P(q), m;
	void *v;

	memset(&m, 0xa5, sizeof(m));
	v = parent ? mcr_trie_match_parent(t, &p, &m)
		   : mcr_trie_match(t, &p, &m);
	if (!exp) {
		ck_assert_msg(v == NULL, "%s matched", q);
		return;
	}
	ck_assert_msg(v != NULL, "%s did not match %s", q, exp);
	ck_assert_str_eq(S(&m), exp);
	ck_assert(mcr_prefix_is_canonical(&m));
	ck_assert_ptr_eq(v, mcr_trie_find(t, &m));
	ck_assert_ptr_eq(parent ? mcr_trie_match_parent(t, &p, NULL)
				: mcr_trie_match(t, &p, NULL),
			 v);
}

START_TEST(match_v4)
{
	struct mcr_trie *t = load(MCR_AF_INET, v4set, NELEM(v4set));
	struct mcr_prefix p;

	assert_match(t, "10.1.2.7/32", "10.1.2.7/32", false);
	assert_match(t, "10.1.2.7/32", "10.1.2.0/24", true);
	assert_match(t, "10.1.2.8/32", "10.1.2.0/24", false);
	assert_match(t, "10.1.2.0/24", "10.1.2.0/24", false);
	assert_match(t, "10.1.2.0/24", "10.1.0.0/16", true);
	assert_match(t, "10.1.4.0/24", "10.1.0.0/16", false);
	assert_match(t, "10.2.0.0/16", "10.0.0.0/8", false);
	assert_match(t, "10.200.0.0/16", "10.128.0.0/9", false);
	assert_match(t, "10.0.0.0/7", "0.0.0.0/0", false);
	assert_match(t, "10.0.0.0/8", "0.0.0.0/0", true);
	assert_match(t, "0.0.0.0/0", "0.0.0.0/0", false);
	assert_match(t, "0.0.0.0/0", NULL, true);
	assert_match(t, "203.0.113.0/24", "0.0.0.0/0", false);
	assert_match(t, "192.0.2.200/32", "192.0.2.128/25", false);
	assert_match(t, "192.0.2.100/32", "192.0.2.0/24", false);
	assert_match(t, "192.0.2.128/25", "192.0.2.0/24", true);
	/* without the default route nothing covers unrelated space */
	p = P("0.0.0.0/0");
	ck_assert_ptr_eq(mcr_trie_delete(t, &p), V(5));
	assert_match(t, "203.0.113.0/24", NULL, false);
	assert_match(t, "10.0.0.0/7", NULL, false);
	assert_match(t, "10.0.0.0/8", NULL, true);
	assert_match(t, "255.255.255.255/32", NULL, false);
	p = P("2001:db8::/32");
	ck_assert_ptr_null(mcr_trie_match(t, &p, NULL));
	teardown_check(t);
}
END_TEST

START_TEST(walks_v4)
{
	struct mcr_trie *t = load(MCR_AF_INET, v4set, NELEM(v4set));
	struct collect c = {.n = 0};
	struct mcr_prefix p;
	static const char *const all[] = {
		"0.0.0.0/0",	"10.0.0.0/8",	  "10.1.0.0/16",
		"10.1.2.0/24",	"10.1.2.7/32",	  "10.1.3.0/24",
		"10.128.0.0/9", "11.0.0.0/8",	  "192.0.2.0/24",
		"192.0.2.128/25",
	};
	static const char *const cov10[] = {
		"10.0.0.0/8",	"10.1.0.0/16", "10.1.2.0/24",
		"10.1.2.7/32",	"10.1.3.0/24", "10.128.0.0/9",
	};
	static const char *const cov10_1_2[] = {"10.1.2.0/24", "10.1.2.7/32"};
	static const char *const cov7[] = {
		"10.0.0.0/8",  "10.1.0.0/16",  "10.1.2.0/24", "10.1.2.7/32",
		"10.1.3.0/24", "10.128.0.0/9", "11.0.0.0/8",
	};
	static const char *const up[] = {"0.0.0.0/0", "10.0.0.0/8",
					 "10.1.0.0/16", "10.1.2.0/24",
					 "10.1.2.7/32"};

	ck_assert_int_eq(mcr_trie_walk(t, collect_cb, &c), 0);
	assert_collected(&c, all, NELEM(all));
	for (unsigned i = 0; i < c.n; i++)
		ck_assert_ptr_eq(c.v[i], mcr_trie_find(t, &c.p[i]));

	/* early stop returns the callback's value */
	c = (struct collect){.stop_after = 3};
	ck_assert_int_eq(mcr_trie_walk(t, collect_cb, &c), 42);
	ck_assert_uint_eq(c.n, 3);

	c = (struct collect){.n = 0};
	p = P("10.0.0.0/8");
	ck_assert_int_eq(mcr_trie_walk_covered(t, &p, collect_cb, &c), 0);
	assert_collected(&c, cov10, NELEM(cov10));
	c = (struct collect){.n = 0};
	p = P("10.1.2.0/24");
	mcr_trie_walk_covered(t, &p, collect_cb, &c);
	assert_collected(&c, cov10_1_2, NELEM(cov10_1_2));
	c = (struct collect){.n = 0};
	p = P("10.0.0.0/7"); /* a glue point */
	mcr_trie_walk_covered(t, &p, collect_cb, &c);
	assert_collected(&c, cov7, NELEM(cov7));
	c = (struct collect){.n = 0};
	p = P("10.1.2.0/25"); /* between /24 and /32 */
	mcr_trie_walk_covered(t, &p, collect_cb, &c);
	assert_collected(&c, cov10_1_2 + 1, 1);
	c = (struct collect){.n = 0};
	p = P("10.1.2.128/25");
	mcr_trie_walk_covered(t, &p, collect_cb, &c);
	ck_assert_uint_eq(c.n, 0);
	c = (struct collect){.n = 0};
	p = P("0.0.0.0/0");
	mcr_trie_walk_covered(t, &p, collect_cb, &c);
	assert_collected(&c, all, NELEM(all));
	c = (struct collect){.stop_after = 2};
	p = P("10.0.0.0/8");
	ck_assert_int_eq(mcr_trie_walk_covered(t, &p, collect_cb, &c), 42);

	c = (struct collect){.n = 0};
	p = P("10.1.2.7/32");
	ck_assert_int_eq(mcr_trie_walk_covering(t, &p, collect_cb, &c), 0);
	assert_collected(&c, up, NELEM(up));
	c = (struct collect){.n = 0};
	p = P("10.1.2.0/24");
	mcr_trie_walk_covering(t, &p, collect_cb, &c);
	assert_collected(&c, up, 4);
	c = (struct collect){.n = 0};
	p = P("10.1.2.8/29");
	mcr_trie_walk_covering(t, &p, collect_cb, &c);
	assert_collected(&c, up, 4);
	c = (struct collect){.stop_after = 1};
	ck_assert_int_eq(mcr_trie_walk_covering(t, &p, collect_cb, &c), 42);

	teardown_check(t);
}
END_TEST

START_TEST(overlaps_v4)
{
	static const char *const set[] = {"10.1.0.0/16", "10.3.4.0/24",
					  "192.0.2.0/24"};
	struct mcr_trie *t = load(MCR_AF_INET, set, NELEM(set));
	static const struct {
		const char *p;
		int exp;
	} q[] = {
		{"10.1.0.0/16", 1},  {"10.1.2.0/24", 1},  {"10.0.0.0/8", 1},
		{"0.0.0.0/0", 1},    {"10.2.0.0/16", 0},  {"10.0.0.0/15", 1},
		{"10.2.0.0/15", 1},  {"10.3.5.0/24", 0},  {"10.3.4.128/25", 1},
		{"10.0.0.0/14", 1},  {"192.0.3.0/24", 0}, {"11.0.0.0/8", 0},
		{"192.0.2.1/32", 1}, {"128.0.0.0/1", 1},  {"64.0.0.0/2", 0},
	};

	for (unsigned i = 0; i < NELEM(q); i++) {
		struct mcr_prefix p = P(q[i].p);

		ck_assert_msg(mcr_trie_overlaps(t, &p) == q[i].exp, "%s",
			      q[i].p);
	}
	teardown_check(t);
}
END_TEST

static const char *const v6set[] = {
	"2001:db8::/32",	"2001:db8:1::/48", "2001:db8:1:2::/64",
	"2001:db8:1:2::1/128", "::/0",		   "fd00::/8",
	"2001:db8:8000::/33",	"2001:db8:1:3::/64",
};

START_TEST(ipv6_all)
{
	struct mcr_trie *t = load(MCR_AF_INET6, v6set, NELEM(v6set));
	struct collect c = {.n = 0};
	struct mcr_prefix p;
	static const char *const all[] = {
		"::/0",		      "2001:db8::/32",
		"2001:db8:1::/48",    "2001:db8:1:2::/64",
		"2001:db8:1:2::1/128", "2001:db8:1:3::/64",
		"2001:db8:8000::/33", "fd00::/8",
	};
	static const char *const up[] = {"::/0", "2001:db8::/32",
					 "2001:db8:1::/48", "2001:db8:1:2::/64",
					 "2001:db8:1:2::1/128"};

	ck_assert_uint_gt(mcr_trie_mem_bytes(t), NELEM(v6set) * 16);
	for (unsigned i = 0; i < NELEM(v6set); i++) {
		p = P(v6set[i]);
		ck_assert_ptr_eq(mcr_trie_find(t, &p), V(i + 1));
		ck_assert_int_eq(mcr_trie_insert(t, &p, V(9)), MCR_EEXIST);
	}
	p = P("10.0.0.0/8");
	ck_assert_int_eq(mcr_trie_insert(t, &p, V(1)), MCR_EINVAL);
	ck_assert_ptr_null(mcr_trie_find(t, &p));
	ck_assert_int_eq(mcr_trie_overlaps(t, &p), 0);

	ck_assert_int_eq(mcr_trie_walk(t, collect_cb, &c), 0);
	assert_collected(&c, all, NELEM(all));

	assert_match(t, "2001:db8:1:2::1/128", "2001:db8:1:2::1/128", false);
	assert_match(t, "2001:db8:1:2::1/128", "2001:db8:1:2::/64", true);
	assert_match(t, "2001:db8:1:2::2/128", "2001:db8:1:2::/64", false);
	assert_match(t, "2001:db8:1:4::/64", "2001:db8:1::/48", false);
	assert_match(t, "2001:db8:ffff::/48", "2001:db8:8000::/33", false);
	assert_match(t, "2001:db9::/32", "::/0", false);
	assert_match(t, "::/0", NULL, true);
	assert_match(t, "fd12:3456::/32", "fd00::/8", false);

	c = (struct collect){.n = 0};
	p = P("2001:db8:1:2::1/128");
	mcr_trie_walk_covering(t, &p, collect_cb, &c);
	assert_collected(&c, up, NELEM(up));
	c = (struct collect){.n = 0};
	p = P("2001:db8:1::/48");
	mcr_trie_walk_covered(t, &p, collect_cb, &c);
	assert_collected(&c, all + 2, 4);

	p = P("2001:db8:1:2::/63");
	ck_assert_int_eq(mcr_trie_overlaps(t, &p), 1);
	p = P("2001:db8:1:4::/62");
	ck_assert_int_eq(mcr_trie_overlaps(t, &p), 1); /* via ::/0 */
	p = P("::/0");
	ck_assert_ptr_eq(mcr_trie_delete(t, &p), V(5));
	p = P("2001:db8:1:4::/62");
	ck_assert_int_eq(mcr_trie_overlaps(t, &p), 1); /* via /48 */
	p = P("2001:db9::/32");
	ck_assert_int_eq(mcr_trie_overlaps(t, &p), 0);
	p = P("2000::/3");
	ck_assert_int_eq(mcr_trie_overlaps(t, &p), 1);

	for (unsigned i = 0; i < NELEM(v6set); i++) {
		p = P(v6set[i]);
		ck_assert_ptr_eq(mcr_trie_delete(t, &p), i == 4 ? NULL
								: V(i + 1));
	}
	ck_assert_uint_eq(mcr_trie_count(t), 0);
	ck_assert_uint_eq(mcr_mem_stat(MCR_MT_TRIE_NODE).objects, 0);
	teardown_check(t);
}
END_TEST

/* --- randomized differential test against a plain array ----------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

/*
 * A random prefix from a small pool of bit patterns, so that equal,
 * nested and sibling prefixes are frequent.
 */
static struct mcr_prefix rnd_prefix(uint8_t family)
{
	static const uint8_t bytes[] = {0x00, 0x0a, 0x80, 0xff};
	unsigned max = mcr_af_maxlen(family), nb = max / 8;
	uint8_t addr[16] = {0};
	struct mcr_prefix p;

	for (unsigned i = 0; i < nb; i++)
		addr[i] = bytes[rnd() % 4];
	FAST_EQ(mcr_prefix_make(family, addr, rnd() % (max + 1), &p,
					 NULL),
			 MCR_OK);
	return p;
}

#define MODEL_MAX 2048

struct model {
	struct mcr_prefix p[MODEL_MAX];
	void *v[MODEL_MAX];
	unsigned n;
};

static int model_find(const struct model *m, const struct mcr_prefix *p)
{
	for (unsigned i = 0; i < m->n; i++)
		if (mcr_prefix_equal(&m->p[i], p))
			return (int)i;
	return -1;
}

static int model_match(const struct model *m, const struct mcr_prefix *p,
		       bool strict)
{
	int best = -1;

	for (unsigned i = 0; i < m->n; i++) {
		if (!mcr_prefix_covers(&m->p[i], p))
			continue;
		if (strict && m->p[i].len == p->len)
			continue;
		if (best < 0 || m->p[i].len > m->p[best].len)
			best = (int)i;
	}
	return best;
}

static const struct model *sort_model;

static int idx_cmp(const void *a, const void *b)
{
	const unsigned *x = a, *y = b;

	return mcr_prefix_cmp(&sort_model->p[*x], &sort_model->p[*y]);
}

struct walk_check {
	const struct model *m;
	unsigned *idx; /* expected order */
	unsigned n, pos;
};

static int check_cb(const struct mcr_prefix *p, void *value, void *arg)
{
	struct walk_check *w = arg;
	unsigned i;

	FAST_LT(w->pos, w->n);
	i = w->idx[w->pos++];
	if (!mcr_prefix_equal(p, &w->m->p[i]))
		ck_abort_msg("walk got %s want %s", S(p), S(&w->m->p[i]));
	FAST_EQ(value, w->m->v[i]);
	return 0;
}

/* Expected order for a walk: model entries selected by @sel, sorted. */
static void expect(const struct model *m, const struct mcr_prefix *q,
		   int kind, struct walk_check *w, unsigned *idx)
{
	w->m = m;
	w->idx = idx;
	w->n = w->pos = 0;
	for (unsigned i = 0; i < m->n; i++) {
		bool sel = kind == 0 ||
			   (kind == 1 && mcr_prefix_covers(q, &m->p[i])) ||
			   (kind == 2 && mcr_prefix_covers(&m->p[i], q));

		if (sel)
			idx[w->n++] = i;
	}
	sort_model = m;
	/* sorted by mcr_prefix_cmp; for covering prefixes of one query
	 * this is also shortest-first */
	qsort(idx, w->n, sizeof(*idx), idx_cmp);
}

/* Callback sequence recorder / checker for walk_overlapping. */
struct seq {
	struct mcr_prefix p[2 * MODEL_MAX + 2];
	void *v[2 * MODEL_MAX + 2];
	unsigned n, pos;
	bool check;
};

static int seq_cb(const struct mcr_prefix *p, void *value, void *arg)
{
	struct seq *q = arg;

	if (!q->check) {
		FAST_LT(q->n, 2 * MODEL_MAX + 2);
		q->p[q->n] = *p;
		q->v[q->n++] = value;
		return 0;
	}
	FAST_LT(q->pos, q->n);
	FAST(mcr_prefix_equal(&q->p[q->pos], p));
	FAST_EQ(q->v[q->pos], value);
	q->pos++;
	return 0;
}

/* walk_overlapping reports what walk_covering then walk_covered do. */
static void seq_check_overlapping(struct mcr_trie *t,
				  const struct mcr_prefix *p)
{
	static struct seq q;

	q.n = q.pos = 0;
	q.check = false;
	mcr_trie_walk_covering(t, p, seq_cb, &q);
	mcr_trie_walk_covered(t, p, seq_cb, &q);
	q.check = true;
	FAST_EQ(mcr_trie_walk_overlapping(t, p, seq_cb, &q), 0);
	FAST_EQ(q.pos, q.n);
}

static void differential(uint8_t family, uint64_t seed, unsigned ops)
{
	static struct model m;
	static unsigned idx[MODEL_MAX];
	struct mcr_trie *t = mcr_trie_new(family);
	struct walk_check w;
	unsigned counter = 0;

	rng_state = seed;
	m.n = 0;
	for (unsigned op = 0; op < ops; op++) {
		struct mcr_prefix p = rnd_prefix(family), got;
		int i = model_find(&m, &p), j;
		unsigned r = rnd() % 100;
		void *v;

		if (r < 35) { /* insert */
			v = V(++counter);
			if (i >= 0) {
				FAST_EQ(mcr_trie_insert(t, &p, v),
						 MCR_EEXIST);
			} else if (m.n < MODEL_MAX) {
				FAST_EQ(mcr_trie_insert(t, &p, v),
						 MCR_OK);
				m.p[m.n] = p;
				m.v[m.n++] = v;
			}
		} else if (r < 45) { /* replace */
			v = V(++counter);
			if (i < 0 && m.n >= MODEL_MAX)
				continue;
			FAST_EQ(mcr_trie_replace(t, &p, v),
					 i >= 0 ? m.v[i] : NULL);
			if (i < 0) {
				m.p[m.n] = p;
				m.v[m.n++] = v;
			} else {
				m.v[i] = v;
			}
		} else if (r < 70) { /* delete (often an existing one) */
			if (m.n && rnd() % 2) {
				i = (int)(rnd() % m.n);
				p = m.p[i];
			}
			FAST_EQ(mcr_trie_delete(t, &p),
					 i >= 0 ? m.v[i] : NULL);
			if (i >= 0) {
				m.p[i] = m.p[m.n - 1];
				m.v[i] = m.v[m.n - 1];
				m.n--;
			}
		} else if (r < 78) { /* find */
			FAST_EQ(mcr_trie_find(t, &p),
					 i >= 0 ? m.v[i] : NULL);
		} else if (r < 86) { /* match and match_parent */
			bool strict = r >= 82;

			j = model_match(&m, &p, strict);
			v = strict ? mcr_trie_match_parent(t, &p, &got)
				   : mcr_trie_match(t, &p, &got);
			if (j < 0) {
				FAST_NULL(v);
			} else {
				FAST_EQ(v, m.v[j]);
				FAST(mcr_prefix_equal(&got, &m.p[j]));
			}
		} else if (r < 90) { /* walk_covered */
			expect(&m, &p, 1, &w, idx);
			FAST_EQ(mcr_trie_walk_covered(t, &p, check_cb,
							       &w),
					 0);
			FAST_EQ(w.pos, w.n);
		} else if (r < 94) { /* walk_covering, walk_overlapping */
			expect(&m, &p, 2, &w, idx);
			FAST_EQ(mcr_trie_walk_covering(t, &p,
								check_cb, &w),
					 0);
			FAST_EQ(w.pos, w.n);
			seq_check_overlapping(t, &p);
		} else { /* overlaps */
			int exp = 0;

			for (unsigned k = 0; k < m.n; k++)
				if (mcr_prefix_overlaps(&m.p[k], &p))
					exp = 1;
			FAST_EQ(mcr_trie_overlaps(t, &p), exp);
		}
		FAST_EQ(mcr_trie_count(t), m.n);
		if (op % 256 == 0) {
			expect(&m, NULL, 0, &w, idx);
			FAST_EQ(mcr_trie_walk(t, check_cb, &w), 0);
			FAST_EQ(w.pos, w.n);
			/* nodes (glue included) never exceed 2n - 1 */
			FAST_LE(mcr_trie_nodes(t), m.n ? 2 * m.n - 1 : 0);
		}
	}
	expect(&m, NULL, 0, &w, idx);
	FAST_EQ(mcr_trie_walk(t, check_cb, &w), 0);
	FAST_EQ(w.pos, w.n);
	while (m.n) {
		unsigned k = (unsigned)(rnd() % m.n);

		FAST_EQ(mcr_trie_delete(t, &m.p[k]), m.v[k]);
		m.p[k] = m.p[m.n - 1];
		m.v[k] = m.v[m.n - 1];
		m.n--;
	}
	FAST_EQ(mcr_trie_count(t), 0);
	FAST_EQ(mcr_mem_stat(MCR_MT_TRIE_NODE).objects, 0);
	teardown_check(t);
}

/*
 * mcr_trie_get's slot stays where it is until its prefix is deleted, while
 * other prefixes come and go around it (glue nodes gaining and losing
 * values move between pools, pools grow and reuse freed nodes).
 */
START_TEST(slots_stable)
{
	enum { NANCHOR = 300, NOTHER = 3000, ROUNDS = 6 };
	static struct mcr_prefix anchor[NANCHOR], other[NOTHER];
	static void **slot[NANCHOR];
	static bool in[NOTHER];
	struct mcr_trie *t = mcr_trie_new(MCR_AF_INET);
	bool created;
	size_t n = 0;

	rng_state = 0x51075ULL;
	for (unsigned i = 0; i < NANCHOR; i++) {
		anchor[i] = rnd_prefix(MCR_AF_INET);
		slot[i] = mcr_trie_get(t, &anchor[i], &created);
		FAST_NONNULL(slot[i]);
		if (created)
			*slot[i] = V(i + 1);
		else /* a duplicate anchor: the same slot */
			for (unsigned k = 0; k < i; k++)
				if (mcr_prefix_equal(&anchor[k], &anchor[i]))
					FAST_EQ(slot[k], slot[i]);
	}
	for (unsigned i = 0; i < NOTHER; i++) {
		other[i] = rnd_prefix(MCR_AF_INET);
		/* also the glue points between anchors */
		if (i < NANCHOR) {
			other[i] = anchor[i];
			mcr_prefix_truncate(&other[i], other[i].len / 2);
		}
	}
	for (unsigned round = 0; round < ROUNDS; round++) {
		for (unsigned i = 0; i < NOTHER; i++) {
			bool is_anchor = mcr_trie_find(t, &other[i]) &&
					 !in[i];

			if (is_anchor || rnd() % 3 == 0)
				continue;
			if (!in[i]) {
				in[i] = mcr_trie_insert(t, &other[i],
							V(100000 + i)) ==
					MCR_OK;
				n += in[i];
			} else {
				FAST_EQ(mcr_trie_delete(t, &other[i]),
					V(100000 + i));
				in[i] = false;
				n--;
			}
		}
		for (unsigned i = 0; i < NANCHOR; i++) {
			FAST_EQ(mcr_trie_get(t, &anchor[i], &created),
				slot[i]);
			FAST(!created);
			FAST_NONNULL(*slot[i]);
			FAST_EQ(mcr_trie_find(t, &anchor[i]), *slot[i]);
		}
		FAST_LE(mcr_trie_nodes(t), 2 * mcr_trie_count(t) - 1);
	}
	(void)n;
	mcr_trie_free(t);
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}
END_TEST

START_TEST(differential_v4)
{
	differential(MCR_AF_INET, 0x5eed0004ULL, 40000);
}
END_TEST

START_TEST(differential_v6)
{
	differential(MCR_AF_INET6, 0x5eed0006ULL, 40000);
}
END_TEST

/* --- full table ---------------------------------------------------------- */

struct order_check {
	struct mcr_prefix last;
	size_t n;
};

static int order_cb(const struct mcr_prefix *p, void *value, void *arg)
{
	struct order_check *o = arg;

	if (o->n)
		FAST_LT(mcr_prefix_cmp(&o->last, p), 0);
	FAST_NONNULL(value);
	o->last = *p;
	o->n++;
	return 0;
}

static void full_table(uint8_t family, size_t n)
{
	struct mcr_trie *t = mcr_trie_new(family);
	struct mcr_prefix *tab = malloc(n * sizeof(*tab));
	struct order_check o = {.n = 0};
	size_t stored = 0, dup = 0;
	unsigned max = mcr_af_maxlen(family);

	FAST_NONNULL(tab);
	rng_state = 0xf011ULL + family;
	while (stored < n) {
		uint8_t addr[16];
		uint64_t a = rnd(), b = rnd();
		unsigned len;
		enum mcr_err err;

		memcpy(addr, &a, 8);
		memcpy(addr + 8, &b, 8);
		/* realistic mix: mostly /24 (or /48), spread 8..max */
		len = rnd() % 4 ? (max == 32 ? 24 : 48)
				: 8 + (unsigned)(rnd() % (max - 7));
		FAST_EQ(mcr_prefix_make(family, addr, len,
						 &tab[stored], NULL),
				 MCR_OK);
		err = mcr_trie_insert(t, &tab[stored], V(stored + 1));
		if (err == MCR_EEXIST) {
			dup++;
			continue;
		}
		FAST_EQ(err, MCR_OK);
		stored++;
	}
	FAST_EQ(mcr_trie_count(t), n);
	FAST_LE(mcr_trie_nodes(t), 2 * n - 1);
	for (size_t i = 0; i < n; i++) {
		struct mcr_prefix m;

		FAST_EQ(mcr_trie_find(t, &tab[i]), V(i + 1));
		FAST_EQ(mcr_trie_match(t, &tab[i], &m), V(i + 1));
	}
	FAST_EQ(mcr_trie_walk(t, order_cb, &o), 0);
	FAST_EQ(o.n, n);
	for (size_t i = 0; i < n; i++)
		FAST_EQ(mcr_trie_delete(t, &tab[i]), V(i + 1));
	FAST_EQ(mcr_trie_count(t), 0);
	free(tab);
	teardown_check(t);
}

START_TEST(full_table_v4)
{
	full_table(MCR_AF_INET, 200000);
}
END_TEST

START_TEST(full_table_v6)
{
	full_table(MCR_AF_INET6, 100000);
}
END_TEST

static int count_prefix(const struct mcr_prefix *p, void *arg)
{
	char buf[MCR_PREFIX_STRLEN];
	char *out = arg;

	strcat(out, mcr_prefix2str(p, buf, sizeof(buf)));
	strcat(out, " ");
	return strcmp(buf, "10.2.0.0/16") == 0 ? 7 : 0;
}

START_TEST(walk_prefixes_as_set)
{
	struct mcr_trie *t = mcr_trie_new(MCR_AF_INET);
	const char *in[] = {"10.3.0.0/16", "10.1.0.0/16", "10.2.0.0/16"};
	struct mcr_prefix p;
	char out[128] = "";
	int v = 1;

	for (unsigned i = 0; i < 3; i++) {
		ck_assert_int_eq(mcr_prefix_parse(in[i], true, false, &p, NULL),
				 MCR_OK);
		ck_assert_int_eq(mcr_trie_insert(t, &p, &v), MCR_OK);
	}
	/* in order, and a non-zero return stops the walk and is returned */
	ck_assert_int_eq(mcr_trie_walk_prefixes(t, count_prefix, out), 7);
	ck_assert_str_eq(out, "10.1.0.0/16 10.2.0.0/16 ");
	mcr_trie_free(t);
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}
END_TEST


/*
 * walk_overlapping and walk_covering skip the descent when no shorter
 * prefix is stored (the walk starts at the node just found); the results
 * must be those of the full walk.
 */
START_TEST(overlapping_without_shorter)
{
	struct mcr_trie *t = mcr_trie_new(MCR_AF_INET);
	struct mcr_prefix a = P("10.1.2.0/24"), b = P("10.1.2.128/25"),
			  o = P("10.0.0.0/8");
	struct collect c = {0};

	ck_assert_int_eq(mcr_trie_insert(t, &b, V(2)), MCR_OK);
	ck_assert_int_eq(mcr_trie_insert(t, &a, V(1)), MCR_OK);
	/* a's node is the last one touched; nothing shorter than /24 */
	mcr_trie_walk_overlapping(t, &a, collect_cb, &c);
	ck_assert_uint_eq(c.n, 3);
	ck_assert(mcr_prefix_equal(&c.p[0], &a));
	ck_assert(mcr_prefix_equal(&c.p[1], &a));
	ck_assert(mcr_prefix_equal(&c.p[2], &b));
	c.n = 0;
	ck_assert_int_eq(mcr_trie_walk_covering(t, &o, collect_cb, &c), 0);
	ck_assert_uint_eq(c.n, 0);
	/* a shorter prefix appears: it must be reported again */
	ck_assert_int_eq(mcr_trie_insert(t, &o, V(3)), MCR_OK);
	ck_assert_ptr_eq(mcr_trie_find(t, &a), V(1));
	c.n = 0;
	mcr_trie_walk_overlapping(t, &a, collect_cb, &c);
	ck_assert_uint_eq(c.n, 4);
	ck_assert(mcr_prefix_equal(&c.p[0], &o));
	c.n = 0;
	mcr_trie_walk_covering(t, &b, collect_cb, &c);
	ck_assert_uint_eq(c.n, 3);
	/* and gone again */
	ck_assert_ptr_eq(mcr_trie_delete(t, &o), V(3));
	ck_assert_ptr_eq(mcr_trie_find(t, &a), V(1));
	c.n = 0;
	mcr_trie_walk_overlapping(t, &a, collect_cb, &c);
	ck_assert_uint_eq(c.n, 3);
	mcr_trie_free(t);
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}
END_TEST

/* --- tries sharing a group ----------------------------------------------- */

START_TEST(group_layers)
{
	struct mcr_trie_group *g = mcr_trie_group_new(MCR_AF_INET);
	struct mcr_trie *a = mcr_trie_new_in(g), *b = mcr_trie_new_in(g);
	struct mcr_prefix p = P("10.1.0.0/16"), q = P("10.1.2.0/24"),
			  r = P("10.0.0.0/8"), o1 = P("10.2.0.0/16"),
			  o2 = P("10.128.0.0/9");
	struct collect c = {0};
	bool created;
	void **slot;

	ck_assert_ptr_null(mcr_trie_group_new(7));
	ck_assert_int_eq(mcr_trie_insert(a, &p, V(1)), MCR_OK);
	ck_assert_int_eq(mcr_trie_insert(b, &p, V(2)), MCR_OK);
	ck_assert_int_eq(mcr_trie_insert(b, &q, V(3)), MCR_OK);
	ck_assert_int_eq(mcr_trie_insert(a, &p, V(9)), MCR_EEXIST);
	/* one node per prefix, each trie its own map */
	ck_assert_uint_eq(mcr_trie_nodes(a), 2);
	ck_assert_uint_eq(mcr_trie_count(a), 1);
	ck_assert_uint_eq(mcr_trie_count(b), 2);
	ck_assert_ptr_eq(mcr_trie_find(a, &p), V(1));
	ck_assert_ptr_eq(mcr_trie_find(b, &p), V(2));
	ck_assert_ptr_null(mcr_trie_find(a, &q));
	ck_assert_ptr_eq(mcr_trie_match(a, &q, NULL), V(1));
	ck_assert_ptr_eq(mcr_trie_match(b, &q, NULL), V(3));
	ck_assert_ptr_eq(mcr_trie_match_parent(b, &q, NULL), V(2));
	/* a's walks see only a's values */
	mcr_trie_walk(a, collect_cb, &c);
	ck_assert_uint_eq(c.n, 1);
	ck_assert(mcr_prefix_equal(&c.p[0], &p));
	ck_assert_int_eq(mcr_trie_overlaps(a, &q), 1);
	ck_assert_int_eq(mcr_trie_overlaps(a, &o1), 0);
	ck_assert_int_eq(mcr_trie_insert(b, &r, V(4)), MCR_OK);
	/* r's node exists for b only: a overlaps nothing at 10.0.0.0/9 */
	ck_assert_int_eq(mcr_trie_overlaps(a, &o2), 0);
	ck_assert_int_eq(mcr_trie_overlaps(b, &o2), 1);
	c.n = 0;
	mcr_trie_walk_overlapping(b, &p, collect_cb, &c);
	ck_assert_uint_eq(c.n, 4); /* r, p (covering), p, q (covered) */
	/* get on a node another trie created; replace; delete keeps b */
	slot = mcr_trie_get(a, &q, &created);
	ck_assert(created);
	ck_assert_ptr_null(*slot);
	*slot = V(5);
	ck_assert_ptr_eq(mcr_trie_replace(a, &q, V(6)), V(5));
	ck_assert_ptr_eq(mcr_trie_find(b, &q), V(3));
	ck_assert_ptr_eq(mcr_trie_delete(a, &p), V(1));
	ck_assert_ptr_null(mcr_trie_delete(a, &p));
	ck_assert_ptr_eq(mcr_trie_find(b, &p), V(2));
	ck_assert_uint_eq(mcr_trie_nodes(b), 3);
	/* b leaves: its prefixes go unless a holds them */
	mcr_trie_free(b);
	ck_assert_uint_eq(mcr_trie_nodes(a), 1);
	ck_assert_ptr_eq(mcr_trie_find(a, &q), V(6));
	/* a freed id is reused by a new trie, which starts empty */
	b = mcr_trie_new_in(g);
	ck_assert_ptr_null(mcr_trie_find(b, &q));
	ck_assert_uint_eq(mcr_trie_count(b), 0);
	mcr_trie_free(b);
	mcr_trie_free(a);
	mcr_trie_group_free(g);
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}
END_TEST

#define NLAYERS 5

struct pvpair {
	struct mcr_prefix p[MODEL_MAX];
	void *v[MODEL_MAX];
	unsigned n;
};

static int pv_cb(const struct mcr_prefix *p, void *value, void *arg)
{
	struct pvpair *pv = arg;

	ck_assert_uint_lt(pv->n, MODEL_MAX);
	pv->p[pv->n] = *p;
	pv->v[pv->n++] = value;
	return 0;
}

enum { W_ALL, W_COVERED, W_COVERING, W_OVERLAPPING };

static void walk_into(struct mcr_trie *t, int kind,
		      const struct mcr_prefix *q, struct pvpair *pv)
{
	pv->n = 0;
	switch (kind) {
	case W_ALL:
		mcr_trie_walk(t, pv_cb, pv);
		break;
	case W_COVERED:
		mcr_trie_walk_covered(t, q, pv_cb, pv);
		break;
	case W_COVERING:
		mcr_trie_walk_covering(t, q, pv_cb, pv);
		break;
	default:
		mcr_trie_walk_overlapping(t, q, pv_cb, pv);
	}
}

/* Same results from a trie of a group and a standalone trie (with @all,
 * the whole walk too). */
static void same_trie(struct mcr_trie *x, struct mcr_trie *y,
		      const struct mcr_prefix *q, bool all)
{
	static struct pvpair a, b;
	struct mcr_prefix mx, my;
	void *vx, *vy;

	ck_assert_uint_eq(mcr_trie_count(x), mcr_trie_count(y));
	ck_assert_ptr_eq(mcr_trie_find(x, q), mcr_trie_find(y, q));
	vx = mcr_trie_match(x, q, &mx);
	vy = mcr_trie_match(y, q, &my);
	ck_assert_ptr_eq(vx, vy);
	if (vx)
		ck_assert(mcr_prefix_equal(&mx, &my));
	ck_assert_ptr_eq(mcr_trie_match_parent(x, q, NULL),
			 mcr_trie_match_parent(y, q, NULL));
	ck_assert_int_eq(mcr_trie_overlaps(x, q), mcr_trie_overlaps(y, q));
	for (int k = all ? W_ALL : W_COVERED; k <= W_OVERLAPPING; k++) {
		walk_into(x, k, q, &a);
		walk_into(y, k, q, &b);
		ck_assert_uint_eq(a.n, b.n);
		for (unsigned i = 0; i < a.n; i++) {
			ck_assert_msg(mcr_prefix_equal(&a.p[i], &b.p[i]),
				      "walk %d: %s vs %s", k, S(&a.p[i]),
				      S(&b.p[i]));
			ck_assert_ptr_eq(a.v[i], b.v[i]);
		}
	}
}

/*
 * NLAYERS tries in a group against NLAYERS standalone tries: random
 * insert / replace / get / delete on prefixes from a small pool (so that
 * layers share nodes, and nodes are created, moved between pools and
 * freed under the group's cache), everything compared after each op;
 * then the tries leave the group in random order.
 */
static void group_differential(uint8_t family, uint64_t seed, unsigned ops)
{
	struct mcr_trie_group *g = mcr_trie_group_new(family);
	struct mcr_trie *x[NLAYERS], *y[NLAYERS];
	unsigned order[NLAYERS];

	rng_state = seed;
	for (int i = 0; i < NLAYERS; i++) {
		x[i] = mcr_trie_new_in(g);
		y[i] = mcr_trie_new(family);
		order[i] = (unsigned)i;
	}
	for (unsigned op = 0; op < ops; op++) {
		unsigned l = (unsigned)(rnd() % NLAYERS);
		struct mcr_prefix p = rnd_prefix(family);
		void *v = V(1 + rnd() % 1000);
		bool cx, cy;

		switch (rnd() % 4) {
		case 0:
			ck_assert_int_eq(mcr_trie_insert(x[l], &p, v),
					 mcr_trie_insert(y[l], &p, v));
			break;
		case 1:
			ck_assert_ptr_eq(mcr_trie_replace(x[l], &p, v),
					 mcr_trie_replace(y[l], &p, v));
			break;
		case 2: {
			void **sx = mcr_trie_get(x[l], &p, &cx);
			void **sy = mcr_trie_get(y[l], &p, &cy);

			ck_assert_int_eq(cx, cy);
			ck_assert_ptr_eq(*sx, *sy);
			if (cx)
				*sx = *sy = v;
			break;
		}
		default:
			ck_assert_ptr_eq(mcr_trie_delete(x[l], &p),
					 mcr_trie_delete(y[l], &p));
		}
		/* the layer changed at every op, all of them now and then */
		same_trie(x[l], y[l], &p, false);
		p = rnd_prefix(family);
		for (int i = 0; op % 64 == 0 && i < NLAYERS; i++)
			same_trie(x[i], y[i], &p, true);
	}
	for (int i = NLAYERS - 1; i > 0; i--) {
		unsigned j = (unsigned)(rnd() % (unsigned)(i + 1)), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	for (int i = 0; i < NLAYERS; i++) {
		struct mcr_prefix p = rnd_prefix(family);

		mcr_trie_free(x[order[i]]);
		mcr_trie_free(y[order[i]]);
		for (int k = i + 1; k < NLAYERS; k++)
			same_trie(x[order[k]], y[order[k]], &p, true);
	}
	mcr_trie_group_free(g);
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}

START_TEST(group_differential_v4)
{
	group_differential(MCR_AF_INET, 0x5eed0001, 2000);
	group_differential(MCR_AF_INET, 0x5eed0002, 2000);
}
END_TEST

START_TEST(group_differential_v6)
{
	group_differential(MCR_AF_INET6, 0x5eed0003, 2000);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("trie");
	TCase *tc = tcase_create("core");
	TCase *tr = tcase_create("random");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, new_free_empty);
	tcase_add_test(tc, walk_prefixes_as_set);
	tcase_add_test(tc, insert_find_v4);
	tcase_add_test(tc, replace_and_delete);
	tcase_add_test(tc, match_v4);
	tcase_add_test(tc, walks_v4);
	tcase_add_test(tc, overlaps_v4);
	tcase_add_test(tc, ipv6_all);
	tcase_add_test(tc, group_layers);
	tcase_add_test(tc, overlapping_without_shorter);
	suite_add_tcase(s, tc);
	tcase_set_timeout(tr, 300);
	tcase_add_test(tr, slots_stable);
	tcase_add_test(tr, differential_v4);
	tcase_add_test(tr, differential_v6);
	tcase_add_test(tr, full_table_v4);
	tcase_add_test(tr, full_table_v6);
	tcase_add_test(tr, group_differential_v4);
	tcase_add_test(tr, group_differential_v6);
	suite_add_tcase(s, tr);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
