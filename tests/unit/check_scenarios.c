/*
 * Pipeline scenarios as numbered files (holo style): each
 * tests/unit/scenarios/NN-name.txt is a list of steps
 *
 *   > COMMAND ARGS...        an input event
 *   EXPECTED DELTA           every delta it must produce, in order, as
 *   ...                      mcr_delta_format() prints it
 *
 * '#' starts a comment line; blank lines are ignored.  A step with no
 * delta lines must produce none.  Commands:
 *
 *   table NAME KERNEL-ID                 policy TABLE POLICY
 *   ecmp TABLE on|off                    protect TABLE PREFIX
 *   attach NAME PROVIDER [OPTION...]     set NAME PROVIDER [OPTION...]
 *   up NAME / down NAME / clear NAME / delete NAME
 *   add ATTACH PREFIX NH[,NH...] [metric=N]
 *   withdraw ATTACH PREFIX
 *   approve ATTACH PREFIX / revoke ATTACH PREFIX
 *   static TABLE PREFIX ATTACH [NH] / blackhole TABLE PREFIX /
 *   nostatic TABLE PREFIX
 *   batch / end                          mcr_core_batch_begin / _end
 *   error CODE COMMAND...                COMMAND must fail with CODE
 *                                        (EINVAL, ENOENT, EEXIST, ELIMIT,
 *                                        ECONFLICT), with a message, and
 *                                        change nothing
 *
 * attach/set options: kind=circuit|tunnel|static assoc=TABLE
 * prop=T1,T2 group=G pref=N approval=manual in4= in6= out4= out6= N
 * action=warn|drop-excess|withdraw-all warn=PCT admin=down.
 *
 * With MCR_SCENARIO_PRINT set in the environment the program prints what
 * each step produced (to write a new scenario; review it before use);
 * MCR_SCENARIO_ONLY=NN-name.txt runs that file only.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcr/mem.h"
#include "mcr/pipeline.h"

#ifndef SCENARIO_DIR
#define SCENARIO_DIR "tests/unit/scenarios"
#endif

#define MAXFILES 64
#define MAXTOK 24

static char *files[MAXFILES];
static int nfiles;

static struct mcr_core *core;
static struct mcr_deltas d;
static const char *cur_file;
static int cur_line;

#define FAIL(...)                                                              \
	ck_abort_msg("%s:%d: %s", cur_file, cur_line,                          \
		     (snprintf(errtxt, sizeof(errtxt), __VA_ARGS__), errtxt))
static char errtxt[512];

static struct mcr_prefix P(const char *s)
{
	struct mcr_prefix p;
	struct mcr_errbuf eb;

	if (mcr_prefix_parse(s, true, false, &p, &eb) != MCR_OK)
		FAIL("bad prefix %s: %s", s, eb.msg);
	return p;
}

static struct mcr_addr A(const char *s)
{
	struct mcr_addr a;
	struct mcr_errbuf eb;

	if (mcr_addr_parse(s, &a, &eb) != MCR_OK)
		FAIL("bad address %s: %s", s, eb.msg);
	return a;
}

static uint32_t num(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (!*s || *end)
		FAIL("bad number %s", s);
	return (uint32_t)v;
}

/* attach / set: a fresh config from the provider, then the options */
static void config(struct mcr_attach_config *c, char **tok, int ntok)
{
	enum mcr_provider prov;
	struct mcr_errbuf eb;

	if (ntok < 3)
		FAIL("attach NAME PROVIDER [OPTION...]");
	if (mcr_provider_parse(tok[2], &prov, &eb) != MCR_OK)
		FAIL("%s", eb.msg);
	mcr_attach_config_init(c, MCR_ATTACH_CIRCUIT, prov);
	for (int i = 3; i < ntok; i++) {
		char *v = strchr(tok[i], '=');

		if (!v)
			FAIL("option %s is not KEY=VALUE", tok[i]);
		*v++ = 0;
		if (!strcmp(tok[i], "kind"))
			c->kind = !strcmp(v, "tunnel")	 ? MCR_ATTACH_TUNNEL
				  : !strcmp(v, "static") ? MCR_ATTACH_STATIC
							 : MCR_ATTACH_CIRCUIT;
		else if (!strcmp(tok[i], "assoc"))
			snprintf(c->assoc, sizeof(c->assoc), "%s", v);
		else if (!strcmp(tok[i], "prop"))
			for (char *s = strtok(v, ","); s; s = strtok(NULL, ","))
				mcr_attach_config_propagate(c, s, NULL);
		else if (!strcmp(tok[i], "group"))
			snprintf(c->redgroup, sizeof(c->redgroup), "%s", v);
		else if (!strcmp(tok[i], "pref"))
			c->preference = num(v);
		else if (!strcmp(tok[i], "approval"))
			c->approval = !strcmp(v, "manual")
					      ? MCR_APPROVAL_MANUAL
					      : MCR_APPROVAL_AUTO;
		else if (!strcmp(tok[i], "in4"))
			c->profile.in_limit[MCR_AFI_IP] = num(v);
		else if (!strcmp(tok[i], "in6"))
			c->profile.in_limit[MCR_AFI_IP6] = num(v);
		else if (!strcmp(tok[i], "out4"))
			c->profile.out_limit[MCR_AFI_IP] = num(v);
		else if (!strcmp(tok[i], "out6"))
			c->profile.out_limit[MCR_AFI_IP6] = num(v);
		else if (!strcmp(tok[i], "warn"))
			c->profile.warn_pct = (uint8_t)num(v);
		else if (!strcmp(tok[i], "action")) {
			if (mcr_limit_action_parse(v, &c->profile.limit_action,
						   &eb) != MCR_OK)
				FAIL("%s", eb.msg);
		} else if (!strcmp(tok[i], "admin"))
			c->admin_up = strcmp(v, "down") != 0;
		else
			FAIL("unknown option %s", tok[i]);
	}
}

/* Run one command; returns its result (deltas in d). */
static enum mcr_err run(char **tok, int ntok, struct mcr_errbuf *eb)
{
	const char *cmd = tok[0];
	struct mcr_attach_config c;
	struct mcr_prefix p;

#define NEED(n, usage)                                                         \
	do {                                                                   \
		if (ntok < (n))                                                \
			FAIL("usage: %s", usage);                              \
	} while (0)

	if (!strcmp(cmd, "table")) {
		NEED(3, "table NAME KERNEL-ID");
		return mcr_core_table_add(core, tok[1], num(tok[2]), &d, eb);
	}
	if (!strcmp(cmd, "policy")) {
		enum mcr_conflict_policy pol;

		NEED(3, "policy TABLE POLICY");
		if (mcr_conflict_policy_parse(tok[2], &pol, eb) != MCR_OK)
			return MCR_EINVAL;
		return mcr_core_table_set_policy(core, tok[1], pol, &d, eb);
	}
	if (!strcmp(cmd, "ecmp")) {
		NEED(3, "ecmp TABLE on|off");
		return mcr_core_table_set_ecmp(core, tok[1],
					       !strcmp(tok[2], "on"), &d, eb);
	}
	if (!strcmp(cmd, "protect")) {
		NEED(3, "protect TABLE PREFIX");
		p = P(tok[2]);
		return mcr_core_table_protect(core, tok[1], &p, true, &d, eb);
	}
	if (!strcmp(cmd, "attach")) {
		config(&c, tok, ntok);
		return mcr_core_attach_add(core, tok[1], &c, &d, eb);
	}
	if (!strcmp(cmd, "set")) {
		config(&c, tok, ntok);
		return mcr_core_attach_set(core, tok[1], &c, &d, eb);
	}
	if (!strcmp(cmd, "up") || !strcmp(cmd, "down")) {
		NEED(2, "up|down NAME");
		return mcr_core_attach_oper(core, tok[1], !strcmp(cmd, "up"),
					    &d, eb);
	}
	if (!strcmp(cmd, "clear")) {
		NEED(2, "clear NAME");
		return mcr_core_attach_clear(core, tok[1], &d, eb);
	}
	if (!strcmp(cmd, "delete")) {
		NEED(2, "delete NAME");
		return mcr_core_attach_del(core, tok[1], &d, eb);
	}
	if (!strcmp(cmd, "add") || !strcmp(cmd, "withdraw")) {
		struct mcr_addr nh[MCR_NH_MAX];
		struct mcr_route_event ev = {.attach = tok[1], .nh = nh};

		NEED(3, "add ATTACH PREFIX NH[,NH] [metric=N] | withdraw ATTACH PREFIX");
		ev.prefix = P(tok[2]);
		if (!strcmp(cmd, "withdraw")) {
			ev.op = MCR_ROUTE_WITHDRAW;
			return mcr_core_route(core, &ev, &d, eb);
		}
		NEED(4, "add ATTACH PREFIX NH[,NH] [metric=N]");
		ev.op = MCR_ROUTE_ADD;
		for (char *s = strtok(tok[3], ","); s && ev.nnh < MCR_NH_MAX;
		     s = strtok(NULL, ","))
			nh[ev.nnh++] = A(s);
		if (ntok > 4 && !strncmp(tok[4], "metric=", 7))
			ev.metric = num(tok[4] + 7);
		return mcr_core_route(core, &ev, &d, eb);
	}
	if (!strcmp(cmd, "approve") || !strcmp(cmd, "revoke")) {
		NEED(3, "approve|revoke ATTACH PREFIX");
		p = P(tok[2]);
		return mcr_core_approve(core, tok[1], &p,
					!strcmp(cmd, "approve"), &d, eb);
	}
	if (!strcmp(cmd, "static")) {
		struct mcr_addr nh;

		NEED(4, "static TABLE PREFIX ATTACH [NH]");
		p = P(tok[2]);
		if (ntok > 4)
			nh = A(tok[4]);
		return mcr_core_static_set(core, tok[1], &p, tok[3],
					   ntok > 4 ? &nh : NULL, &d, eb);
	}
	if (!strcmp(cmd, "blackhole")) {
		NEED(3, "blackhole TABLE PREFIX");
		p = P(tok[2]);
		return mcr_core_blackhole_set(core, tok[1], &p, &d, eb);
	}
	if (!strcmp(cmd, "nostatic")) {
		NEED(3, "nostatic TABLE PREFIX");
		p = P(tok[2]);
		return mcr_core_static_del(core, tok[1], &p, &d, eb);
	}
	if (!strcmp(cmd, "batch")) {
		mcr_core_batch_begin(core);
		return MCR_OK;
	}
	if (!strcmp(cmd, "end")) {
		mcr_core_batch_end(core, &d);
		return MCR_OK;
	}
	FAIL("unknown command %s", cmd);
	return MCR_EINVAL;
#undef NEED
}

static const char *err_code(enum mcr_err err)
{
	switch (err) {
	case MCR_EINVAL:
		return "EINVAL";
	case MCR_ENOENT:
		return "ENOENT";
	case MCR_EEXIST:
		return "EEXIST";
	case MCR_ELIMIT:
		return "ELIMIT";
	case MCR_ECONFLICT:
		return "ECONFLICT";
	default:
		return mcr_strerror(err);
	}
}

static int split(char *s, char **tok)
{
	int n = 0;

	for (char *t = strtok(s, " \t"); t && n < MAXTOK; t = strtok(NULL, " \t"))
		tok[n++] = t;
	return n;
}

static void chomp(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = 0;
}

/* Compare what the step produced with its expected lines. */
static void check_step(char exp[][256], int nexp, int step_line,
		       const char *cmdline, bool print)
{
	char got[256];
	int line = cur_line;

	if (print) {
		printf("> %s\n", cmdline);
		for (size_t i = 0; i < d.n; i++)
			printf("%s\n", mcr_delta_format(&d.v[i], got,
							sizeof(got)));
		return;
	}
	cur_line = step_line;
	for (int i = 0; i < nexp || (size_t)i < d.n; i++) {
		if ((size_t)i >= d.n)
			FAIL("> %s: missing delta %d \"%s\" (got %zu)", cmdline,
			     i + 1, exp[i], d.n);
		mcr_delta_format(&d.v[i], got, sizeof(got));
		if (i >= nexp)
			FAIL("> %s: unexpected delta %d \"%s\"", cmdline, i + 1,
			     got);
		if (strcmp(got, exp[i]))
			FAIL("> %s: delta %d is \"%s\", expected \"%s\"",
			     cmdline, i + 1, got, exp[i]);
	}
	cur_line = line;
}

static void run_file(const char *name)
{
	char path[1024], line[1024], cmdline[1024] = "", copy[1024];
	char exp[256][256];
	char *tok[MAXTOK];
	int nexp = 0, step_line = 0, ntok;
	bool have = false, print = getenv("MCR_SCENARIO_PRINT") != NULL;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", SCENARIO_DIR, name);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	cur_file = name;
	cur_line = 0;
	core = mcr_core_new();
	mcr_deltas_init(&d);
	for (;;) {
		bool eof = !fgets(line, sizeof(line), f);

		if (!eof) {
			cur_line++;
			chomp(line);
			if (!line[0] || line[0] == '#')
				continue;
		}
		if (eof || !strncmp(line, "> ", 2)) {
			if (have)
				check_step(exp, nexp, step_line, cmdline, print);
			if (eof)
				break;
			/* run the next command */
			snprintf(cmdline, sizeof(cmdline), "%s", line + 2);
			snprintf(copy, sizeof(copy), "%s", line + 2);
			step_line = cur_line;
			nexp = 0;
			have = true;
			mcr_deltas_reset(&d);
			ntok = split(copy, tok);
			if (!ntok)
				FAIL("empty command");
			if (!strcmp(tok[0], "error")) {
				struct mcr_errbuf eb = {""};
				uint64_t mem = mcr_mem_total_bytes();
				uint64_t seq = mcr_core_seq(core);
				enum mcr_err err;

				if (ntok < 3)
					FAIL("usage: error ERRNAME COMMAND...");
				err = run(tok + 2, ntok - 2, &eb);
				if (strcmp(err_code(err), tok[1]) != 0)
					FAIL("%s: expected %s, got %s", cmdline,
					     tok[1], err_code(err));
				if (!eb.msg[0])
					FAIL("%s: no error message", cmdline);
				if (mcr_mem_total_bytes() != mem || d.n ||
				    mcr_core_seq(core) != seq)
					FAIL("%s: the failed call changed state",
					     cmdline);
			} else {
				struct mcr_errbuf eb = {""};
				enum mcr_err err = run(tok, ntok, &eb);

				if (err != MCR_OK)
					FAIL("%s: %s: %s", cmdline,
					     mcr_strerror(err), eb.msg);
			}
			continue;
		}
		if (!have)
			FAIL("delta before the first command");
		if (nexp == 256)
			FAIL("too many deltas in one step");
		snprintf(exp[nexp++], sizeof(exp[0]), "%s", line);
	}
	fclose(f);
	mcr_core_free(core);
	mcr_deltas_fini(&d);
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}

START_TEST(scenario)
{
	run_file(files[_i]);
}
END_TEST

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_files(void)
{
	DIR *dir = opendir(SCENARIO_DIR);
	struct dirent *de;

	if (!dir) {
		fprintf(stderr, "cannot open %s\n", SCENARIO_DIR);
		exit(1);
	}
	while ((de = readdir(dir)) && nfiles < MAXFILES) {
		size_t n = strlen(de->d_name);

		if (getenv("MCR_SCENARIO_ONLY") &&
		    strcmp(getenv("MCR_SCENARIO_ONLY"), de->d_name))
			continue;
		if (n > 7 && de->d_name[0] >= '0' && de->d_name[0] <= '9' &&
		    de->d_name[1] >= '0' && de->d_name[1] <= '9' &&
		    de->d_name[2] == '-' && !strcmp(de->d_name + n - 4, ".txt"))
			files[nfiles++] = strdup(de->d_name);
	}
	closedir(dir);
	qsort(files, nfiles, sizeof(files[0]), name_cmp);
}

int main(void)
{
	Suite *s = suite_create("scenarios");
	TCase *tc = tcase_create("scenarios");
	SRunner *sr;
	int failed;

	list_files();
	if (nfiles == 0) {
		fprintf(stderr, "no scenario in %s\n", SCENARIO_DIR);
		return 1;
	}
	tcase_add_loop_test(tc, scenario, 0, nfiles);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	if (getenv("MCR_SCENARIO_PRINT"))
		srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	for (int i = 0; i < nfiles; i++)
		free(files[i]);
	return failed ? 1 : 0;
}
