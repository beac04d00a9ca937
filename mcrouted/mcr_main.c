/*
 * mcrouted: main, signals, daemon information.
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#include <zebra.h>

#include <lib/version.h>
#include "command.h"
#include "libfrr.h"
#include "log.h"
#include "memory.h"
#include "privs.h"
#include "sigevent.h"
#include "thread.h"
#include "vrf.h"
#include "if.h"

#include "mcrouted.h"
#include "mcr_bgp.h"
#include "mcr_core.h"
#include "mcr_debug.h"
#include "mcr_nb.h"
#include "mcr_vty.h"
#include "mcr_zebra.h"

DEFINE_MGROUP(MCROUTED, "mcrouted");

struct mcr_daemon mcrd;

zebra_capabilities_t _caps_p[] = {
	ZCAP_NET_ADMIN,
	ZCAP_SYS_ADMIN,
};

struct zebra_privs_t mcr_privs = {
#if defined(FRR_USER) && defined(FRR_GROUP)
	.user = FRR_USER,
	.group = FRR_GROUP,
#endif
#if defined(VTY_GROUP)
	.vty_group = VTY_GROUP,
#endif
	.caps_p = _caps_p,
	.cap_num_p = array_size(_caps_p),
	.cap_num_i = 0,
};

#define OPTION_SECRET_KEY 2000
struct option longopts[] = {
	{"secret-key", required_argument, NULL, OPTION_SECRET_KEY},
	{0},
};

static struct frr_daemon_info mcrouted_di;

static void sighup(void)
{
	zlog_info("SIGHUP received, ignored (use vtysh or frr-reload.py)");
}

static void sigint(void)
{
	zlog_notice("Terminating on signal");
	mcr_bgp_fini();
	mcr_zebra_stop();
	mcr_nb_tunnel_fini();
	mcr_nb_state_fini();
	mcr_nb_config_fini();
	mcr_core_fini();
	frr_fini();
	exit(0);
}

static void sigusr1(void)
{
	zlog_rotate();
}

static struct frr_signal_t mcr_signals[] = {
	{.signal = SIGHUP, .handler = &sighup},
	{.signal = SIGUSR1, .handler = &sigusr1},
	{.signal = SIGINT, .handler = &sigint},
	{.signal = SIGTERM, .handler = &sigint},
};

static const struct frr_yang_module_info *const mcrouted_yang_modules[] = {
	&frr_interface_info,
	&frr_vrf_info,
	&frr_mcrouted_info,
};

/* clang-format off */
FRR_DAEMON_INFO(mcrouted, MCROUTED,
	.vty_port = MCR_VTY_PORT,
	.proghelp = "mcrouted: multi-cloud transit router for FRRouting.",
	.signals = mcr_signals,
	.n_signals = array_size(mcr_signals),
	.privs = &mcr_privs,
	.yang_modules = mcrouted_yang_modules,
	.n_yang_modules = array_size(mcrouted_yang_modules),
);
/* clang-format on */

int main(int argc, char **argv, char **envp)
{
	frr_preinit(&mcrouted_di, argc, argv);
	frr_opt_add("", longopts,
		    "      --secret-key   Key file of encrypted PSKs (default: <sysconfdir>/mcrouted.key)\n");

	while (1) {
		int opt = frr_getopt(argc, argv, NULL);

		if (opt == EOF)
			break;
		switch (opt) {
		case 0:
			break;
		case OPTION_SECRET_KEY:
			strlcpy(mcrd.secret_key, optarg,
				sizeof(mcrd.secret_key));
			break;
		default:
			frr_help_exit(1);
		}
	}

	if (!mcrd.secret_key[0])
		snprintf(mcrd.secret_key, sizeof(mcrd.secret_key),
			 "%s%s%smcrouted.key", frr_sysconfdir,
			 mcrouted_di.pathspace ? mcrouted_di.pathspace : "",
			 mcrouted_di.pathspace ? "/" : "");
	mcrd.master = frr_init();
	mcrd.distance = MCR_DEFAULT_DISTANCE;
	mcrd.start_time = time(NULL);

	mcr_debug_init();
	mcr_core_init();
	mcr_nb_config_init();
	mcr_nb_tunnel_init();
	vrf_init(NULL, NULL, NULL, NULL);
	mcr_zebra_init(mcrd.master);
	mcr_bgp_init(mcrouted_di.vty_sock_path ? mcrouted_di.vty_sock_path
						 : frr_vtydir);
	mcr_cli_init();
	mcr_vty_init();

	frr_config_fork();
	frr_run(mcrd.master);

	/* Not reached. */
	return 0;
}
