/*
 * mcrouted debugging flags and their CLI ("debug mcr zebra|northbound").
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#include <zebra.h>

#include "command.h"
#include "debug.h"

#include "mcr_debug.h"

struct debug mcr_dbg_zebra = {0, "mcrouted zebra"};
struct debug mcr_dbg_nb = {0, "mcrouted northbound"};

static struct debug *const mcr_debugs[] = {&mcr_dbg_zebra, &mcr_dbg_nb};
static const char *const mcr_debug_cmds[] = {"debug mcr zebra",
					     "debug mcr northbound"};

static int mcr_debug_config_write(struct vty *vty)
{
	for (size_t i = 0; i < array_size(mcr_debugs); i++)
		if (DEBUG_MODE_CHECK(mcr_debugs[i], DEBUG_MODE_CONF))
			vty_out(vty, "%s\n", mcr_debug_cmds[i]);
	return 0;
}

static void mcr_debug_set_all(uint32_t flags, bool set)
{
	for (size_t i = 0; i < array_size(mcr_debugs); i++)
		DEBUG_FLAGS_SET(mcr_debugs[i], flags, set);
}

static struct debug_callbacks mcr_dbg_cbs = {.debug_set_all =
						     mcr_debug_set_all};

DEFUN(debug_mcr, debug_mcr_cmd, "[no] debug mcr <zebra|northbound>",
      NO_STR DEBUG_STR
      "mcrouted\n"
      "zebra API messages\n"
      "Northbound (configuration) callbacks\n")
{
	bool no = strmatch(argv[0]->text, "no");
	const char *what = argv[argc - 1]->text;
	uint32_t mode = DEBUG_NODE2MODE(vty->node);
	struct debug *d = strmatch(what, "zebra") ? &mcr_dbg_zebra
						  : &mcr_dbg_nb;

	DEBUG_MODE_SET(d, mode, !no);
	return CMD_SUCCESS;
}

DEFUN_NOSH(show_debugging_mcr, show_debugging_mcr_cmd,
	   "show debugging [mcr]",
	   SHOW_STR DEBUG_STR "mcrouted\n")
{
	vty_out(vty, "mcrouted debugging status:\n");
	for (size_t i = 0; i < array_size(mcr_debugs); i++)
		if (DEBUG_MODE_CHECK(mcr_debugs[i], DEBUG_MODE_ALL))
			vty_out(vty, "  %s debugging is on\n",
				mcr_debugs[i]->desc);
	return CMD_SUCCESS;
}

static struct cmd_node mcr_debug_node = {
	.name = "debug",
	.node = DEBUG_NODE,
	.prompt = "",
	.config_write = mcr_debug_config_write,
};

void mcr_debug_init(void)
{
	debug_init(&mcr_dbg_cbs);
	install_node(&mcr_debug_node);
	install_element(ENABLE_NODE, &debug_mcr_cmd);
	install_element(CONFIG_NODE, &debug_mcr_cmd);
	install_element(ENABLE_NODE, &show_debugging_mcr_cmd);
}
