/*
 * Unit tests for lib/mem.c's small-object free lists.  Built without
 * sanitizers (tests/unit/subdir.am): under AddressSanitizer mcr_obj_* are
 * plain malloc and free, so only this build exercises the free lists.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "mcr/mem.h"

START_TEST(obj_accounting_and_reuse)
{
	uint8_t *a, *b, *c;
	uint64_t cached;

	a = mcr_obj_alloc(MCR_MT_ROUTE, 40);
	ck_assert_uint_eq(mcr_mem_stat(MCR_MT_ROUTE).objects, 1);
	ck_assert_uint_eq(mcr_mem_stat(MCR_MT_ROUTE).bytes, 40);
	/* a block was carved: the rest of it waits in the free list */
	cached = mcr_obj_cached_bytes();
	ck_assert_uint_gt(cached, 0);
	memset(a, 0xab, 40);
	b = mcr_obj_zalloc(MCR_MT_HISTORY, 37);
	for (int i = 0; i < 37; i++)
		ck_assert_uint_eq(b[i], 0);
	ck_assert_uint_eq(mcr_mem_stat(MCR_MT_HISTORY).bytes, 37);
	/* objects of one class do not overlap */
	c = mcr_obj_alloc(MCR_MT_ROUTE, 40);
	ck_assert(c + 40 <= a || a + 40 <= c);
	mcr_obj_free(MCR_MT_ROUTE, c, 40);
	/* freed objects are reused, and zalloc clears what was there */
	mcr_obj_free(MCR_MT_ROUTE, a, 40);
	ck_assert_uint_eq(mcr_mem_stat(MCR_MT_ROUTE).objects, 0);
	ck_assert_uint_eq(mcr_mem_stat(MCR_MT_ROUTE).bytes, 0);
	c = mcr_obj_zalloc(MCR_MT_ROUTE, 33); /* same 40-byte class */
	ck_assert_ptr_eq(c, a);
	for (int i = 0; i < 33; i++)
		ck_assert_uint_eq(c[i], 0);
	mcr_obj_free(MCR_MT_ROUTE, c, 33);
	mcr_obj_free(MCR_MT_HISTORY, b, 37);
	mcr_obj_free(MCR_MT_HISTORY, NULL, 37);
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
	ck_assert_uint_eq(mcr_mem_total_objects(), 0);
}
END_TEST

START_TEST(obj_many_blocks)
{
	enum { N = 20000 };
	static void *p[N];

	/* more than one block per class, every size up to MCR_OBJ_MAX */
	for (int i = 0; i < N; i++) {
		size_t sz = 1 + (size_t)i % MCR_OBJ_MAX;

		p[i] = mcr_obj_alloc(MCR_MT_MISC, sz);
		memset(p[i], i & 0xff, sz);
	}
	for (int i = 0; i < N; i++) {
		size_t sz = 1 + (size_t)i % MCR_OBJ_MAX;
		uint8_t want[MCR_OBJ_MAX];

		memset(want, i & 0xff, sz);
		ck_assert_msg(!memcmp(p[i], want, sz), "object %d overwritten",
			      i);
	}
	for (int i = 0; i < N; i++)
		mcr_obj_free(MCR_MT_MISC, p[i], 1 + (size_t)i % MCR_OBJ_MAX);
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mem");
	TCase *tc = tcase_create("obj");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, obj_accounting_and_reuse);
	tcase_add_test(tc, obj_many_blocks);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
