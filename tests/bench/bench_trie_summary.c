/*
 * Benchmark for lib/trie.c and lib/summary.c: prints figures, asserts
 * nothing about time.
 *
 *  - trie: insert, exact find, longest-prefix match and delete rates with
 *    1M distinct IPv4 prefixes (a BGP-like length mix: about 55% /24) in
 *    random order (every node a cache miss: the worst case) and insert
 *    and find in address order; bytes per prefix as counted by libmcr
 *    and as seen in the RSS (malloc overhead included);
 *  - summary: 10k VPC-like /24s at random in 10.0.0.0/10, with another
 *    cloud's 200 /24s (4 runs of 50) denied in between, into at most
 *    100 prefixes: best and median time.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mcr/mem.h"
#include "mcr/prefix.h"
#include "mcr/summary.h"
#include "mcr/trie.h"

#define NPREFIX 1000000
#define NWANT 10000
#define NDENY 200
#define BUDGET 100
#define RUNS 21

static uint64_t rng_state = 0xbe9c4ULL;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long rss_bytes(void)
{
	long size = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (!f)
		return 0;
	if (fscanf(f, "%ld %ld", &size, &resident) != 2)
		resident = 0;
	fclose(f);
	return resident * sysconf(_SC_PAGESIZE);
}

static void die(const char *what)
{
	fprintf(stderr, "bench_trie_summary: %s\n", what);
	exit(1);
}

static int cmp_prefix(const void *a, const void *b)
{
	return mcr_prefix_cmp(a, b);
}

static struct mcr_prefix rnd_v4(unsigned len)
{
	uint32_t a = (uint32_t)rnd();
	uint8_t addr[4] = {a >> 24, a >> 16, a >> 8, a};
	struct mcr_prefix p;

	if (mcr_prefix_make(MCR_AF_INET, addr, len, &p, NULL))
		die("prefix");
	return p;
}

static unsigned bgp_len(void)
{
	unsigned r = (unsigned)(rnd() % 100);

	if (r < 55)
		return 24;
	if (r < 95)
		return 16 + (unsigned)(rnd() % 8);
	return 25 + (unsigned)(rnd() % 8);
}

/* @n distinct prefixes in random order. */
static struct mcr_prefix *distinct(size_t n)
{
	size_t m = n + n / 4, u = 0;
	struct mcr_prefix *v = malloc(m * sizeof(*v));

	if (!v)
		die("out of memory");
	for (size_t i = 0; i < m; i++)
		v[i] = rnd_v4(bgp_len());
	qsort(v, m, sizeof(*v), cmp_prefix);
	for (size_t i = 0; i < m; i++)
		if (!u || !mcr_prefix_equal(&v[u - 1], &v[i]))
			v[u++] = v[i];
	if (u < n)
		die("not enough distinct prefixes");
	for (size_t i = u - 1; i > 0; i--) {
		size_t j = (size_t)(rnd() % (i + 1));
		struct mcr_prefix t = v[i];

		v[i] = v[j];
		v[j] = t;
	}
	return v;
}

static void bench_trie(void)
{
	struct mcr_prefix *v = distinct(NPREFIX), *q;
	struct mcr_trie *t = mcr_trie_new(MCR_AF_INET);
	size_t hits = 0, nodes;
	long rss0, rss1;
	double t0, dt;

	q = malloc(NPREFIX * sizeof(*q));
	if (!q)
		die("out of memory");
	for (size_t i = 0; i < NPREFIX; i++)
		q[i] = rnd_v4(32);

	rss0 = rss_bytes();
	t0 = now();
	for (size_t i = 0; i < NPREFIX; i++)
		if (mcr_trie_insert(t, &v[i], &v[i]) != MCR_OK)
			die("insert");
	dt = now() - t0;
	rss1 = rss_bytes();
	nodes = mcr_mem_stat(MCR_MT_TRIE_NODE).objects;
	printf("trie: %d IPv4 prefixes (55%% /24)\n", NPREFIX);
	printf("  insert            %8.2f M/s  (%.0f ns each)\n",
	       NPREFIX / dt / 1e6, dt / NPREFIX * 1e9);

	t0 = now();
	for (size_t i = 0; i < NPREFIX; i++)
		hits += mcr_trie_find(t, &v[i]) == &v[i];
	dt = now() - t0;
	if (hits != NPREFIX)
		die("find");
	printf("  find (exact)      %8.2f M/s  (%.0f ns each)\n",
	       NPREFIX / dt / 1e6, dt / NPREFIX * 1e9);

	hits = 0;
	t0 = now();
	for (size_t i = 0; i < NPREFIX; i++)
		hits += mcr_trie_match(t, &q[i], NULL) != NULL;
	dt = now() - t0;
	printf("  match (LPM /32)   %8.2f M/s  (%.0f ns each, %.0f%% hit)\n",
	       NPREFIX / dt / 1e6, dt / NPREFIX * 1e9,
	       100.0 * (double)hits / NPREFIX);

	printf("  memory            %8.1f bytes/prefix counted "
	       "(%.2f nodes/prefix), %.1f bytes/prefix RSS\n",
	       (double)mcr_trie_mem_bytes(t) / NPREFIX,
	       (double)nodes / NPREFIX, (double)(rss1 - rss0) / NPREFIX);

	t0 = now();
	for (size_t i = 0; i < NPREFIX; i++)
		if (mcr_trie_delete(t, &v[i]) != &v[i])
			die("delete");
	dt = now() - t0;
	printf("  delete            %8.2f M/s  (%.0f ns each)\n",
	       NPREFIX / dt / 1e6, dt / NPREFIX * 1e9);

	/* the same in address order (a table dump): cache-friendly */
	qsort(v, NPREFIX, sizeof(*v), cmp_prefix);
	t0 = now();
	for (size_t i = 0; i < NPREFIX; i++)
		if (mcr_trie_insert(t, &v[i], &v[i]) != MCR_OK)
			die("insert");
	dt = now() - t0;
	printf("  insert, sorted    %8.2f M/s  (%.0f ns each)\n",
	       NPREFIX / dt / 1e6, dt / NPREFIX * 1e9);
	hits = 0;
	t0 = now();
	for (size_t i = 0; i < NPREFIX; i++)
		hits += mcr_trie_find(t, &v[i]) == &v[i];
	dt = now() - t0;
	if (hits != NPREFIX)
		die("find");
	printf("  find, sorted      %8.2f M/s  (%.0f ns each)\n",
	       NPREFIX / dt / 1e6, dt / NPREFIX * 1e9);
	mcr_trie_free(t);
	if (mcr_mem_total_bytes() != 0)
		die("memory left after free");
	free(v);
	free(q);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void bench_summary(void)
{
	/* /24 number inside 10.0.0.0/10: 16384 slots */
	static uint8_t used[16384];
	struct mcr_prefix want[NWANT], deny[NDENY];
	struct mcr_summary_result res;
	struct mcr_errbuf eb;
	double ms[RUNS];
	size_t nw = 0, nd = 0;

	/* another cloud: 4 runs of 50 consecutive /24s */
	while (nd < NDENY) {
		unsigned start = (unsigned)(rnd() % (16384 - 50));

		for (unsigned k = start; k < start + 50 && nd < NDENY; k++) {
			uint8_t addr[4] = {10, (uint8_t)(k >> 8), (uint8_t)k,
					   0};

			if (used[k])
				continue;
			used[k] = 1;
			mcr_prefix_make(MCR_AF_INET, addr, 24, &deny[nd++],
					NULL);
		}
	}
	while (nw < NWANT) {
		unsigned slot = (unsigned)(rnd() % 16384);
		uint8_t addr[4] = {10, (uint8_t)(slot >> 8), (uint8_t)slot, 0};

		if (used[slot])
			continue;
		used[slot] = 1;
		mcr_prefix_make(MCR_AF_INET, addr, 24, &want[nw++], NULL);
	}
	for (int r = 0; r < RUNS; r++) {
		double t0 = now();

		if (mcr_summarize(MCR_AF_INET, want, nw, deny, nd, BUDGET,
				  &res, &eb) != MCR_OK)
			die(eb.msg);
		ms[r] = (now() - t0) * 1e3;
		if (r < RUNS - 1)
			mcr_summary_result_free(&res);
	}
	qsort(ms, RUNS, sizeof(ms[0]), cmp_double);
	printf("summary: %zu /24 wants, %zu denied /24s in 10.0.0.0/10, "
	       "budget %d\n",
	       nw, nd, BUDGET);
	printf("  summarize         %8.2f ms best, %.2f ms median (%d runs)\n",
	       ms[0], ms[RUNS / 2], RUNS);
	printf("  result            %8zu prefixes, %llu extra addresses "
	       "(%.1f%% of wanted)\n",
	       res.count, res.extra,
	       100.0 * (double)res.extra / ((double)nw * 256));
	mcr_summary_result_free(&res);
	if (mcr_mem_total_bytes() != 0)
		die("memory left after summary");
}

int main(void)
{
	bench_trie();
	bench_summary();
	return 0;
}
