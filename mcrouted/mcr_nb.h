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

#include "mcr/attach.h"

extern const struct frr_yang_module_info frr_mcrouted_info;

#define MCR_XPATH "/frr-mcrouted:mcrouted"
#define MCR_XPATH_PROFILE MCR_XPATH "/profile[name='%s']"
#define MCR_XPATH_TABLE MCR_XPATH "/route-table[name='%s']"
#define MCR_XPATH_ATTACH MCR_XPATH "/attachment[name='%s']"
#define MCR_XPATH_TUNNEL MCR_XPATH "/tunnel[name='%s']"
#define MCR_XPATH_NETCONF MCR_XPATH "/netconf"

/* mcr_nb_config.c */
int mcr_nb_create(struct nb_cb_create_args *args);
int mcr_nb_modify(struct nb_cb_modify_args *args);
int mcr_nb_destroy(struct nb_cb_destroy_args *args);
int mcr_nb_move(struct nb_cb_move_args *args);
void mcr_nb_apply_finish(struct nb_cb_apply_finish_args *args);
int mcr_nb_attach_pre_validate(struct nb_cb_pre_validate_args *args);
enum mcr_err mcr_nb_attach_build(const struct lyd_node *adn,
				 struct mcr_attach_config *cfg,
				 struct mcr_errbuf *eb);
enum mcr_provider mcr_nb_attach_provider(const struct lyd_node *adn);
bool mcr_nb_approved_covers(const char *attach, const struct mcr_prefix *p);
bool mcr_nb_prefix(const char *s, struct mcr_prefix *p);
const struct lyd_node *mcr_nb_root(const struct lyd_node *dn);
void mcr_nb_config_init(void);
void mcr_nb_config_fini(void);

/* mcr_nb_tunnel.c */
int mcr_nb_tunnel_pre_validate(struct nb_cb_pre_validate_args *args);
void mcr_nb_tunnel_reconcile(const struct lyd_node *root);
/* The remote inside address(es) of tunnel @tdn: a tunnel attachment's
 * BGP peers when it has no 'neighbor'.  Returns the count. */
unsigned mcr_nb_tunnel_peers(const struct lyd_node *tdn, struct ipaddr *out,
			     unsigned max);
size_t mcr_tunnel_cfg_count(void);
struct mcr_tunnel_oper;
/* Ask the tunnel runtime (hook mcr_tunnel_oper_get) to fill @oper. */
void mcr_nb_tunnel_oper(const char *name, struct mcr_tunnel_oper *oper);
void mcr_nb_tunnel_init(void);
void mcr_nb_tunnel_fini(void);

/* mcr_nb_state.c: get_elem callbacks dispatch on the leaf name */
const void *mcr_st_table_next(struct nb_cb_get_next_args *args);
int mcr_st_table_keys(struct nb_cb_get_keys_args *args);
const void *mcr_st_table_lookup(struct nb_cb_lookup_entry_args *args);
struct yang_data *mcr_st_table_elem(struct nb_cb_get_elem_args *args);
const void *mcr_st_route_next(struct nb_cb_get_next_args *args);
int mcr_st_route_keys(struct nb_cb_get_keys_args *args);
const void *mcr_st_route_lookup(struct nb_cb_lookup_entry_args *args);
struct yang_data *mcr_st_route_elem(struct nb_cb_get_elem_args *args);
const void *mcr_st_route_src_next(struct nb_cb_get_next_args *args);
struct yang_data *mcr_st_route_src_elem(struct nb_cb_get_elem_args *args);
const void *mcr_st_route_nh_next(struct nb_cb_get_next_args *args);
struct yang_data *mcr_st_route_nh_elem(struct nb_cb_get_elem_args *args);
const void *mcr_st_conflict_next(struct nb_cb_get_next_args *args);
int mcr_st_conflict_keys(struct nb_cb_get_keys_args *args);
const void *mcr_st_conflict_lookup(struct nb_cb_lookup_entry_args *args);
struct yang_data *mcr_st_conflict_elem(struct nb_cb_get_elem_args *args);
const void *mcr_st_attach_next(struct nb_cb_get_next_args *args);
int mcr_st_attach_keys(struct nb_cb_get_keys_args *args);
const void *mcr_st_attach_lookup(struct nb_cb_lookup_entry_args *args);
struct yang_data *mcr_st_attach_elem(struct nb_cb_get_elem_args *args);
const void *mcr_st_family_next(struct nb_cb_get_next_args *args);
int mcr_st_family_keys(struct nb_cb_get_keys_args *args);
const void *mcr_st_family_lookup(struct nb_cb_lookup_entry_args *args);
struct yang_data *mcr_st_family_elem(struct nb_cb_get_elem_args *args);
const void *mcr_st_refused_next(struct nb_cb_get_next_args *args);
int mcr_st_refused_keys(struct nb_cb_get_keys_args *args);
const void *mcr_st_refused_lookup(struct nb_cb_lookup_entry_args *args);
struct yang_data *mcr_st_refused_elem(struct nb_cb_get_elem_args *args);
const void *mcr_st_pending_next(struct nb_cb_get_next_args *args);
int mcr_st_pending_keys(struct nb_cb_get_keys_args *args);
const void *mcr_st_pending_lookup(struct nb_cb_lookup_entry_args *args);
struct yang_data *mcr_st_pending_elem(struct nb_cb_get_elem_args *args);
struct yang_data *mcr_st_export_elem(struct nb_cb_get_elem_args *args);
const void *mcr_st_adv_next(struct nb_cb_get_next_args *args);
int mcr_st_adv_keys(struct nb_cb_get_keys_args *args);
const void *mcr_st_adv_lookup(struct nb_cb_lookup_entry_args *args);
struct yang_data *mcr_st_adv_elem(struct nb_cb_get_elem_args *args);
const void *mcr_st_tunnel_next(struct nb_cb_get_next_args *args);
int mcr_st_tunnel_keys(struct nb_cb_get_keys_args *args);
const void *mcr_st_tunnel_lookup(struct nb_cb_lookup_entry_args *args);
struct yang_data *mcr_st_tunnel_elem(struct nb_cb_get_elem_args *args);
struct yang_data *mcr_st_ike_elem(struct nb_cb_get_elem_args *args);
const void *mcr_st_child_next(struct nb_cb_get_next_args *args);
int mcr_st_child_keys(struct nb_cb_get_keys_args *args);
const void *mcr_st_child_lookup(struct nb_cb_lookup_entry_args *args);
struct yang_data *mcr_st_child_elem(struct nb_cb_get_elem_args *args);
struct yang_data *mcr_st_status_elem(struct nb_cb_get_elem_args *args);
const void *mcr_st_mem_next(struct nb_cb_get_next_args *args);
int mcr_st_mem_keys(struct nb_cb_get_keys_args *args);
const void *mcr_st_mem_lookup(struct nb_cb_lookup_entry_args *args);
struct yang_data *mcr_st_mem_elem(struct nb_cb_get_elem_args *args);
const void *mcr_st_hist_next(struct nb_cb_get_next_args *args);
int mcr_st_hist_keys(struct nb_cb_get_keys_args *args);
const void *mcr_st_hist_lookup(struct nb_cb_lookup_entry_args *args);
struct yang_data *mcr_st_hist_elem(struct nb_cb_get_elem_args *args);
const void *mcr_st_event_next(struct nb_cb_get_next_args *args);
struct yang_data *mcr_st_event_elem(struct nb_cb_get_elem_args *args);

void mcr_nb_state_fini(void);

/* mcr_nb_rpc.c */
int mcr_rpc_approve_prefix(struct nb_cb_rpc_args *args);
int mcr_rpc_clear_attachment(struct nb_cb_rpc_args *args);
int mcr_rpc_generate_psk(struct nb_cb_rpc_args *args);
/*
 * Approve @prefix (NULL with @all: every pending prefix) of @attach (NULL
 * with @all: of every attachment); with @persist also add approved-prefix
 * entries to the running configuration in one commit.  Returns the number
 * approved, or -1 with a message in @err.
 */
int mcr_approve(const char *attach, const char *prefix, bool all,
		bool persist, char *err, size_t errlen);
/* Re-evaluate an attachment (clear a tripped limit). 0 or -1 + @err. */
int mcr_clear_attachment(const char *attach, char *err, size_t errlen);
/* Encrypt @plain under the daemon's key into @token (creating the key file
 * on first use). 0 or -1 + @err. */
int mcr_psk_encrypt(const char *plain, char *token, size_t tsize, char *err,
		    size_t errlen);

/* mcr_cli*.c: show running-config */
void mcr_cli_show_router(struct vty *vty, const struct lyd_node *dnode,
			 bool show_defaults);
void mcr_cli_show_router_end(struct vty *vty, const struct lyd_node *dnode);
void mcr_cli_show_leaf(struct vty *vty, const struct lyd_node *dnode,
		       bool show_defaults);
void mcr_cli_show_entry(struct vty *vty, const struct lyd_node *dnode,
			bool show_defaults);
void mcr_cli_show_entry_end(struct vty *vty, const struct lyd_node *dnode);
int mcr_cli_cmp_name(const struct lyd_node *dnode1,
		     const struct lyd_node *dnode2);
void mcr_cli_show_static(struct vty *vty, const struct lyd_node *dnode,
			 bool show_defaults);
void mcr_cli_show_blackhole(struct vty *vty, const struct lyd_node *dnode,
			    bool show_defaults);
void mcr_cli_show_approved(struct vty *vty, const struct lyd_node *dnode,
			   bool show_defaults);
void mcr_cli_show_psk(struct vty *vty, const struct lyd_node *dnode,
		      bool show_defaults);
void mcr_cli_show_netconf(struct vty *vty, const struct lyd_node *dnode,
			  bool show_defaults);
void mcr_cli_show_netconf_end(struct vty *vty, const struct lyd_node *dnode);
void mcr_cli_show_nc_user(struct vty *vty, const struct lyd_node *dnode,
			  bool show_defaults);
void mcr_cli_show_nc_user_leaf(struct vty *vty, const struct lyd_node *dnode,
			       bool show_defaults);
void mcr_cli_show_c2n(struct vty *vty, const struct lyd_node *dnode,
		      bool show_defaults);
int mcr_cli_cmp_c2n(const struct lyd_node *dnode1,
		    const struct lyd_node *dnode2);

#endif /* _MCR_NB_H */
