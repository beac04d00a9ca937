/*
 * Benchmark of the libmcr pipeline: ingest + propagate N routes into 4
 * route tables (4 generic attachments, each propagating into all tables
 * and associated with one, so exports are maintained too), then withdraw
 * them all.  Prints route events per second and bytes per route per
 * table (all libmcr memory after ingest / (N * 4)).  Goals (issue 3):
 * >= 2M route events/s, <= 150 bytes per route per table.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mcr/mem.h"
#include "mcr/pipeline.h"

#define NTABLES 4

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
	struct mcr_core *c = mcr_core_new();
	struct mcr_deltas d;
	struct mcr_prefix *p = malloc(n * sizeof(*p));
	struct mcr_addr nh = {.family = MCR_AF_INET, .addr = {192, 0, 2, 1}};
	char name[16];
	double t0, t1, t2;
	uint64_t mem;
	size_t ndeltas = 0;

	mcr_deltas_init(&d);
	for (int i = 0; i < NTABLES; i++) {
		snprintf(name, sizeof(name), "t%d", i);
		mcr_core_table_add(c, name, 100 + i, &d, NULL);
	}
	for (int i = 0; i < NTABLES; i++) {
		struct mcr_attach_config cfg;

		mcr_attach_config_init(&cfg, MCR_ATTACH_CIRCUIT,
				       MCR_PROV_GENERIC);
		for (int j = 0; j < NTABLES; j++) {
			snprintf(name, sizeof(name), "t%d", j);
			mcr_attach_config_propagate(&cfg, name, NULL);
		}
		snprintf(cfg.assoc, sizeof(cfg.assoc), "t%d", i);
		snprintf(name, sizeof(name), "a%d", i);
		mcr_core_attach_add(c, name, &cfg, &d, NULL);
	}
	srand(1);
	for (size_t i = 0; i < n; i++) {
		uint8_t a[4];
		uint32_t v = (uint32_t)(i * 2654435761u);

		/* distinct /24s under 10/8 and 11/8..  */
		a[0] = (uint8_t)(10 + (i >> 16));
		a[1] = (uint8_t)(v >> 24);
		a[2] = (uint8_t)(i & 0xff);
		a[3] = 0;
		a[1] = (uint8_t)((i >> 8) & 0xff);
		mcr_prefix_make(MCR_AF_INET, a, 24, &p[i], NULL);
	}
	mem = mcr_mem_total_bytes();
	t0 = now();
	mcr_core_batch_begin(c);
	for (size_t i = 0; i < n; i++) {
		struct mcr_route_event ev = {.op = MCR_ROUTE_ADD,
					     .prefix = p[i],
					     .nh = &nh,
					     .nnh = 1};

		snprintf(name, sizeof(name), "a%zu", i % NTABLES);
		ev.attach = name;
		if (mcr_core_route(c, &ev, &d, NULL) != MCR_OK)
			return 1;
		ndeltas += d.n;
		mcr_deltas_reset(&d);
	}
	mcr_core_batch_end(c, &d);
	t1 = now();
	mem = mcr_mem_total_bytes() - mem;
	printf("pipeline: ingest+propagate %zu routes into %d tables: %.3f s, %.2fM route events/s (%zu deltas)\n",
	       n, NTABLES, t1 - t0, n / (t1 - t0) / 1e6, ndeltas);
	printf("pipeline: bytes per route per table: %.1f (goal <= 150; includes RIB-in, overlap index, history, exports)\n",
	       (double)mem / (n * NTABLES));
	mcr_deltas_reset(&d);
	t1 = now();
	mcr_core_batch_begin(c);
	for (size_t i = 0; i < n; i++) {
		struct mcr_route_event ev = {.op = MCR_ROUTE_WITHDRAW,
					     .prefix = p[i]};

		snprintf(name, sizeof(name), "a%zu", i % NTABLES);
		ev.attach = name;
		mcr_core_route(c, &ev, &d, NULL);
		mcr_deltas_reset(&d);
	}
	mcr_core_batch_end(c, &d);
	t2 = now();
	printf("pipeline: withdraw-all %zu routes: %.3f s, %.2fM route events/s\n",
	       n, t2 - t1, n / (t2 - t1) / 1e6);
	mcr_core_free(c);
	mcr_deltas_fini(&d);
	free(p);
	printf("pipeline: memory after teardown: %llu bytes\n",
	       (unsigned long long)mcr_mem_total_bytes());
	return 0;
}
