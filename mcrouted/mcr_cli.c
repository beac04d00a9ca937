/*
 * mcrouted CLI: configuration commands and their 'show running-config'
 * rendering.  Commands only enqueue northbound changes (DEFPY_YANG +
 * nb_cli_enqueue_change); the cli_show callbacks print exactly what the
 * commands accept, so running-config reloads identically.
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
#include "northbound_cli.h"
#include "vty.h"
#include "yang.h"

#include "mcrouted.h"
#include "mcr_nb.h"
#include "mcr_vty.h"

#ifndef VTYSH_EXTRACT_PL
#include "mcrouted/mcr_cli_clippy.c"
#endif

#define MCR_STR "Multi-cloud transit router (mcrouted)\n"

/* ----- router mcr ------------------------------------------------------ */

static int mcr_config_write(struct vty *vty);

static struct cmd_node mcrouted_node = {
	.name = "mcr",
	.node = MCROUTED_NODE,
	.parent_node = CONFIG_NODE,
	.prompt = "%s(config-mcr)# ",
	.config_write = mcr_config_write,
};

static struct cmd_node mcr_rtable_node = {
	.name = "mcr route-table",
	.node = MCR_RTABLE_NODE,
	.parent_node = MCROUTED_NODE,
	.prompt = "%s(config-mcr-table)# ",
};

DEFPY_YANG_NOSH(router_mcr, router_mcr_cmd, "router mcr",
		ROUTER_STR MCR_STR)
{
	/* The top container always exists; entering it changes nothing. */
	VTY_PUSH_XPATH(MCROUTED_NODE, MCR_XPATH);
	return CMD_SUCCESS;
}

void mcr_cli_show_router(struct vty *vty, const struct lyd_node *dnode,
			 bool show_defaults)
{
	vty_out(vty, "router mcr\n");
}

void mcr_cli_show_router_end(struct vty *vty, const struct lyd_node *dnode)
{
	vty_out(vty, "exit\n!\n");
}

DEFPY_YANG(mcr_distance, mcr_distance_cmd,
	   "[no] distance ![(1-255)$distance]",
	   NO_STR
	   "Administrative distance of mcr routes in zebra\n"
	   "Distance\n")
{
	nb_cli_enqueue_change(vty, "./distance", NB_OP_MODIFY,
			      no ? NULL : distance_str);
	return nb_cli_apply_changes(vty, NULL);
}

void mcr_cli_show_distance(struct vty *vty, const struct lyd_node *dnode,
			   bool show_defaults)
{
	vty_out(vty, " distance %s\n", yang_dnode_get_string(dnode, NULL));
}

/* ----- route-table NAME ------------------------------------------------ */

DEFPY_YANG_NOSH(mcr_rtable, mcr_rtable_cmd, "route-table WORD$name",
		"Transit route table\n"
		"Route table name\n")
{
	char xpath[XPATH_MAXLEN];
	int ret;

	snprintf(xpath, sizeof(xpath), MCR_XPATH_TABLE, name);
	nb_cli_enqueue_change(vty, xpath, NB_OP_CREATE, NULL);
	ret = nb_cli_apply_changes(vty, NULL);
	if (ret == CMD_SUCCESS)
		VTY_PUSH_XPATH(MCR_RTABLE_NODE, xpath);
	return ret;
}

DEFPY_YANG(no_mcr_rtable, no_mcr_rtable_cmd, "no route-table WORD$name",
	   NO_STR
	   "Transit route table\n"
	   "Route table name\n")
{
	char xpath[XPATH_MAXLEN];

	snprintf(xpath, sizeof(xpath), MCR_XPATH_TABLE, name);
	nb_cli_enqueue_change(vty, xpath, NB_OP_DESTROY, NULL);
	return nb_cli_apply_changes(vty, NULL);
}

void mcr_cli_show_table(struct vty *vty, const struct lyd_node *dnode,
			bool show_defaults)
{
	vty_out(vty, " route-table %s\n",
		yang_dnode_get_string(dnode, "./name"));
}

void mcr_cli_show_table_end(struct vty *vty, const struct lyd_node *dnode)
{
	vty_out(vty, " exit\n");
}

int mcr_cli_cmp_table(const struct lyd_node *dnode1,
		      const struct lyd_node *dnode2)
{
	return strcmp(yang_dnode_get_string(dnode1, "./name"),
		      yang_dnode_get_string(dnode2, "./name"));
}

DEFPY_YANG(mcr_table_id, mcr_table_id_cmd,
	   "[no] table-id ![(1-4294967295)$id]",
	   NO_STR
	   "Kernel routing table this route table is installed in\n"
	   "Kernel table id (not 253-255)\n")
{
	nb_cli_enqueue_change(vty, "./table-id",
			      no ? NB_OP_DESTROY : NB_OP_MODIFY,
			      no ? NULL : id_str);
	return nb_cli_apply_changes(vty, NULL);
}

void mcr_cli_show_table_id(struct vty *vty, const struct lyd_node *dnode,
			   bool show_defaults)
{
	vty_out(vty, "  table-id %s\n", yang_dnode_get_string(dnode, NULL));
}

/* ----- running-config ---------------------------------------------------- */

static int mcr_config_write(struct vty *vty)
{
	const struct lyd_node *dnode;

	dnode = yang_dnode_get(running_config->dnode, MCR_XPATH);
	if (!dnode)
		return 0;
	nb_cli_show_dnode_cmds(vty, dnode, false);
	return 1;
}

void mcr_cli_init(void)
{
	install_node(&mcrouted_node);
	install_node(&mcr_rtable_node);
	install_default(MCROUTED_NODE);
	install_default(MCR_RTABLE_NODE);

	install_element(CONFIG_NODE, &router_mcr_cmd);
	install_element(MCROUTED_NODE, &mcr_distance_cmd);
	install_element(MCROUTED_NODE, &mcr_rtable_cmd);
	install_element(MCROUTED_NODE, &no_mcr_rtable_cmd);
	install_element(MCR_RTABLE_NODE, &mcr_table_id_cmd);
}
