/*
 * mcrouted northbound: callbacks for the frr-mcrouted YANG module.
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#ifndef _MCR_NB_H
#define _MCR_NB_H

#include "northbound.h"

extern const struct frr_yang_module_info frr_mcrouted_info;

#define MCR_XPATH "/frr-mcrouted:mcrouted"
#define MCR_XPATH_TABLE MCR_XPATH "/route-table[name='%s']"

/* mcr_nb_config.c */
int mcr_nb_distance_modify(struct nb_cb_modify_args *args);
int mcr_nb_table_create(struct nb_cb_create_args *args);
int mcr_nb_table_destroy(struct nb_cb_destroy_args *args);
int mcr_nb_table_id_modify(struct nb_cb_modify_args *args);
int mcr_nb_table_id_destroy(struct nb_cb_destroy_args *args);

/* mcr_nb_state.c */
struct yang_data *mcr_nb_state_version_get(struct nb_cb_get_elem_args *args);
struct yang_data *
mcr_nb_state_zebra_connected_get(struct nb_cb_get_elem_args *args);
struct yang_data *
mcr_nb_state_table_count_get(struct nb_cb_get_elem_args *args);
struct yang_data *
mcr_nb_state_bgp_routes_get(struct nb_cb_get_elem_args *args);

/* mcr_cli.c: show running-config */
void mcr_cli_show_router(struct vty *vty, const struct lyd_node *dnode,
			 bool show_defaults);
void mcr_cli_show_router_end(struct vty *vty, const struct lyd_node *dnode);
void mcr_cli_show_distance(struct vty *vty, const struct lyd_node *dnode,
			   bool show_defaults);
void mcr_cli_show_table(struct vty *vty, const struct lyd_node *dnode,
			bool show_defaults);
void mcr_cli_show_table_end(struct vty *vty, const struct lyd_node *dnode);
int mcr_cli_cmp_table(const struct lyd_node *dnode1,
		      const struct lyd_node *dnode2);
void mcr_cli_show_table_id(struct vty *vty, const struct lyd_node *dnode,
			   bool show_defaults);

#endif /* _MCR_NB_H */
