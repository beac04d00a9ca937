/*
 * Unit tests for lib/mem.c's small-object blocks.  Built without
 * sanitizers (tests/unit/subdir.am): under AddressSanitizer mcr_obj_* are
 * plain malloc and free, so only this build exercises the blocks.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
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

/*
 * Objects freed in any order come back lowest address first: a bulk
 * free followed by a bulk allocation (a peer's routes withdrawn, then
 * learnt again) gets the same blocks again, in address order across
 * them.
 */
START_TEST(obj_reuse_in_address_order)
{
	enum { N = 5000 }; /* several 64 KiB blocks of 48-byte objects */
	static void *p[N], *q[N];
	uint64_t rnd = 7, cached;

	for (int i = 0; i < N; i++)
		p[i] = mcr_obj_alloc(MCR_MT_ROUTE, 48);
	cached = mcr_obj_cached_bytes();
	for (int i = N - 1; i > 0; i--) {
		int j;
		void *t;

		rnd = rnd * 6364136223846793005ull + 1442695040888963407ull;
		j = (int)((rnd >> 33) % (uint64_t)(i + 1));
		t = p[i];
		p[i] = p[j];
		p[j] = t;
	}
	for (int i = 0; i < N; i++)
		mcr_obj_free(MCR_MT_ROUTE, p[i], 48);
	for (int i = 0; i < N; i++)
		q[i] = mcr_obj_alloc(MCR_MT_ROUTE, 48);
	for (int i = 1; i < N; i++)
		ck_assert_msg((uintptr_t)q[i - 1] < (uintptr_t)q[i],
			      "allocation %d: %p after %p", i, q[i], q[i - 1]);
	/* no new block: as many free slots as before */
	ck_assert_uint_eq(mcr_obj_cached_bytes(), cached);
	/* a hole is filled before anything above it */
	mcr_obj_free(MCR_MT_ROUTE, q[N / 2], 48);
	mcr_obj_free(MCR_MT_ROUTE, q[10], 48);
	ck_assert_ptr_eq(mcr_obj_alloc(MCR_MT_ROUTE, 48), q[10]);
	ck_assert_ptr_eq(mcr_obj_alloc(MCR_MT_ROUTE, 48), q[N / 2]);
	for (int i = 0; i < N; i++)
		mcr_obj_free(MCR_MT_ROUTE, q[i], 48);
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}
END_TEST

/* Blocks with no live object go back on mcr_obj_trim(); others stay,
 * with their objects intact. */
START_TEST(obj_trim)
{
	enum { N = 3000 };
	static uint8_t *p[N];
	uint64_t freed;

	mcr_obj_trim();
	ck_assert_uint_eq(mcr_obj_cached_bytes(), 0);
	for (int i = 0; i < N; i++) {
		p[i] = mcr_obj_alloc(MCR_MT_MISC, 64);
		memset(p[i], i & 0xff, 64);
	}
	/* keep the first and the last: their blocks stay */
	for (int i = 1; i < N - 1; i++)
		mcr_obj_free(MCR_MT_MISC, p[i], 64);
	freed = mcr_obj_trim();
	ck_assert_uint_gt(freed, 0);
	ck_assert_uint_gt(mcr_obj_cached_bytes(), 0);
	for (int k = 0; k < 64; k++) {
		ck_assert_uint_eq(p[0][k], 0);
		ck_assert_uint_eq(p[N - 1][k], (N - 1) & 0xff);
	}
	/* allocation goes on in what is left, then in new blocks */
	for (int i = 1; i < N - 1; i++)
		p[i] = mcr_obj_zalloc(MCR_MT_MISC, 64);
	for (int i = 0; i < N; i++)
		mcr_obj_free(MCR_MT_MISC, p[i], 64);
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
	ck_assert_uint_gt(mcr_obj_trim(), 0);
	ck_assert_uint_eq(mcr_obj_cached_bytes(), 0);
	ck_assert_uint_eq(mcr_obj_trim(), 0);
}
END_TEST

/* A free that matches no allocation aborts (signal SIGABRT). */
START_TEST(obj_double_free_aborts)
{
	void *a = mcr_obj_alloc(MCR_MT_ROUTE, 40);

	mcr_obj_free(MCR_MT_ROUTE, a, 40);
	mcr_obj_free(MCR_MT_ROUTE, a, 40);
}
END_TEST

START_TEST(obj_wrong_size_free_aborts)
{
	void *a = mcr_obj_alloc(MCR_MT_ROUTE, 40);

	mcr_obj_free(MCR_MT_ROUTE, a, 64);
}
END_TEST

START_TEST(obj_inside_free_aborts)
{
	uint8_t *a = mcr_obj_alloc(MCR_MT_ROUTE, 40);

	mcr_obj_free(MCR_MT_ROUTE, a + 8, 40);
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
	tcase_add_test(tc, obj_reuse_in_address_order);
	tcase_add_test(tc, obj_trim);
	tcase_add_test_raise_signal(tc, obj_double_free_aborts, SIGABRT);
	tcase_add_test_raise_signal(tc, obj_wrong_size_free_aborts, SIGABRT);
	tcase_add_test_raise_signal(tc, obj_inside_free_aborts, SIGABRT);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
