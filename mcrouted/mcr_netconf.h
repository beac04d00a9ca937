/*
 * NETCONF server module (-M netconf): shared declarations.
 *
 * The module serves the YANG modules the daemon loaded over NETCONF
 * (RFC 6241) on libnetconf2, bridged to FRR's northbound API:
 *
 *   mcr_netconf.c        module glue, configuration (module argument file or
 *                        the daemon's YANG 'netconf' container), the server
 *                        pthread and the session table, CLI
 *   mcr_netconf_auth.c   transports: SSH (password, public key) and TLS
 *                        (client certificate, cert-to-name) endpoints, users
 *   mcr_netconf_ctx.c    the second libyang context libnetconf2 works in and
 *                        the data bridge to FRR's native context; rpc-errors
 *   mcr_netconf_ops.c    the NETCONF operations on the northbound (get,
 *                        edit-config, commit, locks, ..., module RPCs)
 *   mcr_netconf_notif.c  northbound notifications to subscribed sessions
 *
 * Threads: libnetconf2 accepts and polls sessions on its own frr_pthread;
 * every RPC is handed to the main pthread (thread_add_event) and the
 * server thread waits for the reply, because the northbound API is not
 * thread-safe.  Everything in mcr_netconf_ops.c and mcr_netconf_notif.c
 * runs on the main pthread.
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#ifndef _MCR_NETCONF_H
#define _MCR_NETCONF_H

#include <pthread.h>
#include <libyang/libyang.h>
/* libssh's legacy API names (buffer_new, ...) clash with lib/buffer.h */
#define LIBSSH_LEGACY_0_4
#include <nc_server.h>

#include "debug.h"
#include "memory.h"
#include "typesafe.h"
#include "thread.h"

DECLARE_MGROUP(MCR_NETCONF);

extern struct debug ncs_dbg;
#define NCS_DEBUG(fmt, ...) DEBUGD(&ncs_dbg, "NETCONF: " fmt, ##__VA_ARGS__)

#define NCS_NAME_LEN 64
#define NCS_ADDR_LEN 64

/* ----- configuration ------------------------------------------------- */

/* Access of a user: NACM groups 'read-only' and 'read-write'. */
enum ncs_access {
	NCS_ACCESS_RO = 0,
	NCS_ACCESS_RW,
};

PREDECL_RBTREE_UNIQ(ncs_users);

/*
 * A NETCONF user.  Invariant: name is unique (tree key).
 * pwhash is a crypt(3) hash (from the module's users file) or empty.
 */
struct ncs_user {
	struct ncs_users_item item;
	char name[NCS_NAME_LEN];
	enum ncs_access access;
	char pwhash[256];
	char authorized_keys[PATH_MAX];
};

PREDECL_RBTREE_UNIQ(ncs_ctns);

/* A cert-to-name entry (RFC 7589); evaluated in id order. */
struct ncs_ctn {
	struct ncs_ctns_item item;
	uint32_t id;
	char fingerprint[800];
	NC_TLS_CTN_MAPTYPE map_type;
	char name[NCS_NAME_LEN];
};

/*
 * The server's configuration, from the module argument's file or from the
 * daemon's YANG 'netconf' container (which wins when it has any content).
 * Immutable once published in ncs.cfg; replaced as a whole.
 */
struct ncs_config {
	char source[32]; /* "file" or "yang" */
	bool ssh_enabled;
	char ssh_addr[NCS_ADDR_LEN];
	uint16_t ssh_port;
	char ssh_host_key[PATH_MAX];
	bool ssh_system_passwords;
	bool tls_enabled;
	char tls_addr[NCS_ADDR_LEN];
	uint16_t tls_port;
	char tls_cert[PATH_MAX];
	char tls_key[PATH_MAX];
	char tls_ca[PATH_MAX];
	struct ncs_users_head users;
	struct ncs_ctns_head ctns;
};

/* ----- sessions ------------------------------------------------------ */

PREDECL_DLIST(ncs_sessions);

/*
 * A NETCONF session.  Created by the server thread after <hello>, freed by
 * it after the session ended and the main thread released what the session
 * held (locks, confirmed commit).  'killed' is set by the main thread.
 */
struct ncs_sess {
	struct ncs_sessions_item item;
	struct nc_session *nc;
	uint32_t id;
	char user[NCS_NAME_LEN];
	char host[NCS_ADDR_LEN];
	const char *transport;
	enum ncs_access access;
	time_t started;
	bool subscribed;
	uint32_t rpcs;
	uint32_t notifs;
};

/* ----- global state -------------------------------------------------- */

struct ncs_globals {
	struct thread_master *master;
	struct ly_ctx *ctx; /* libnetconf2's context */
	char *args;	    /* module argument */
	char conf_file[PATH_MAX];
	char yang_xpath[256];

	pthread_mutex_t mtx; /* protects cfg, sessions */
	struct ncs_config *cfg;
	struct ncs_sessions_head sessions;

	struct frr_pthread *fpt;
	_Atomic bool stopping;
	struct nc_pollsession *ps;
	struct thread *t_cfg;
	uint32_t cfg_version; /* running_config->version last looked at */
	bool started;

	/* datastore state, main pthread only */
	struct nb_config *candidate;
	bool candidate_dirty;
	struct ncs_sess *lock_running;
	struct ncs_sess *lock_candidate;
	struct nb_config *confirm_rollback;
	struct ncs_sess *confirm_sess;
	struct thread *t_confirm;
};

extern struct ncs_globals ncs;

/* mcr_netconf.c */
struct ncs_sess *ncs_sess_find_nc(const struct nc_session *nc);
struct ncs_sess *ncs_sess_find_id(uint32_t id);

/* mcr_netconf_auth.c */
void ncs_auth_init(void);
int ncs_auth_apply(const struct ncs_config *old, const struct ncs_config *cfg);
const struct ncs_user *ncs_user_find(const struct ncs_config *cfg,
				     const char *name);
int ncs_ctn_cmp(const struct ncs_ctn *a, const struct ncs_ctn *b);
int ncs_user_cmp(const struct ncs_user *a, const struct ncs_user *b);

DECLARE_RBTREE_UNIQ(ncs_users, struct ncs_user, item, ncs_user_cmp);
DECLARE_RBTREE_UNIQ(ncs_ctns, struct ncs_ctn, item, ncs_ctn_cmp);
DECLARE_DLIST(ncs_sessions, struct ncs_sess, item);

/* mcr_netconf_ctx.c */
struct ly_ctx *ncs_ctx_create(void);
struct lyd_node *ncs_native_to_nc(const struct lyd_node *native, bool state,
				  bool defaults, struct lyd_node **err);
struct lyd_node *ncs_nc_to_native(const struct lyd_node *nc,
				  struct lyd_node **err);
struct lyd_node *ncs_err(NC_ERR tag, NC_ERR_TYPE type, const char *path,
			 const char *fmt, ...) PRINTFRR(4, 5);
struct lyd_node *ncs_err_ly(const struct ly_ctx *ctx, NC_ERR dflt_tag,
			    const char *what);
struct nc_server_reply *ncs_reply_err(struct lyd_node *err);

/* mcr_netconf_ops.c */
struct nc_server_reply *ncs_rpc_dispatch(struct lyd_node *rpc,
					 struct ncs_sess *sess);
void ncs_ops_session_gone(struct ncs_sess *sess);
void ncs_ops_init(void);
void ncs_ops_fini(void);

/* mcr_netconf_notif.c */
void ncs_notif_init(void);
struct nc_server_reply *ncs_notif_subscribe(struct lyd_node *rpc,
					    struct ncs_sess *sess);

#endif /* _MCR_NETCONF_H */
