/*
 * NETCONF server module (-M netconf[:ARGS]): module glue, configuration,
 * the server pthread, sessions, CLI.
 *
 * ARGS is a comma-separated list:
 *   config=PATH   server configuration file (listen addresses, keys,
 *                 certificates, users; see doc/netconf.md); a bare PATH
 *                 starting with '/' means the same
 *   yang=XPATH    YANG container holding the same configuration in the
 *                 daemon's running config (default
 *                 /frr-mcrouted:mcrouted/netconf when the daemon's model
 *                 has it; 'yang=none' ignores it)
 * When the YANG container has content (an enabled transport or a user) it
 * is used, else the file.  The running config is looked at once a second;
 * listeners are re-created only when their parameters changed.
 *
 * Server pthread (ncs_thread): nc_accept() and nc_ps_poll() with short
 * timeouts; each RPC is executed on the main pthread through
 * ncs_job_exec() (thread_add_event + condition variable), so the
 * northbound is only ever used from the main pthread.
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
#include "frr_pthread.h"
#include "hook.h"
#include "libfrr.h"
#include "log.h"
#include "memory.h"
#include "xref.h"
#include "northbound.h"
#include "vty.h"
#include "yang.h"

#include "mcr_netconf.h"

DEFINE_MGROUP(MCR_NETCONF, "NETCONF server");
DEFINE_MTYPE_STATIC(MCR_NETCONF, NCS_CONFIG, "NETCONF configuration");
DEFINE_MTYPE_STATIC(MCR_NETCONF, NCS_USER, "NETCONF user");
DEFINE_MTYPE_STATIC(MCR_NETCONF, NCS_CTN, "NETCONF cert-to-name");
DEFINE_MTYPE_STATIC(MCR_NETCONF, NCS_SESSION, "NETCONF session");

#define NCS_YANG_DEFAULT "/frr-mcrouted:mcrouted/netconf"
#define NCS_POLL_MS 20
#define NCS_CFG_CHECK_SEC 1

struct debug ncs_dbg = {0, "NETCONF server"};
struct ncs_globals ncs = {
	.mtx = PTHREAD_MUTEX_INITIALIZER,
};

static pthread_mutex_t ncs_job_mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ncs_job_cond = PTHREAD_COND_INITIALIZER;

#ifndef VTYSH_EXTRACT_PL
#include "mcrouted/mcr_netconf_clippy.c"
#endif

/* ----- configuration ------------------------------------------------- */

static struct ncs_config *ncs_config_new(const char *source)
{
	struct ncs_config *c = XCALLOC(MTYPE_NCS_CONFIG, sizeof(*c));

	strlcpy(c->source, source, sizeof(c->source));
	strlcpy(c->ssh_addr, "::", sizeof(c->ssh_addr));
	c->ssh_port = 830;
	snprintf(c->ssh_host_key, sizeof(c->ssh_host_key),
		 "%s/netconf/ssh_host_key", frr_sysconfdir);
	strlcpy(c->tls_addr, "::", sizeof(c->tls_addr));
	c->tls_port = 6513;
	ncs_users_init(&c->users);
	ncs_ctns_init(&c->ctns);
	return c;
}

static void ncs_config_free(struct ncs_config *c)
{
	struct ncs_user *u;
	struct ncs_ctn *t;

	if (!c)
		return;
	while ((u = ncs_users_pop(&c->users)))
		XFREE(MTYPE_NCS_USER, u);
	while ((t = ncs_ctns_pop(&c->ctns)))
		XFREE(MTYPE_NCS_CTN, t);
	ncs_users_fini(&c->users);
	ncs_ctns_fini(&c->ctns);
	XFREE(MTYPE_NCS_CONFIG, c);
}

static struct ncs_user *ncs_config_user(struct ncs_config *c, const char *name)
{
	struct ncs_user *u = XCALLOC(MTYPE_NCS_USER, sizeof(*u));

	strlcpy(u->name, name, sizeof(u->name));
	if (ncs_users_add(&c->users, u)) {
		XFREE(MTYPE_NCS_USER, u);
		return NULL;
	}
	return u;
}

static NC_TLS_CTN_MAPTYPE ncs_map_type(const char *s)
{
	static const struct {
		const char *name;
		NC_TLS_CTN_MAPTYPE type;
	} map[] = {
		{"specified", NC_TLS_CTN_SPECIFIED},
		{"san-rfc822-name", NC_TLS_CTN_SAN_RFC822_NAME},
		{"san-dns-name", NC_TLS_CTN_SAN_DNS_NAME},
		{"san-ip-address", NC_TLS_CTN_SAN_IP_ADDRESS},
		{"san-any", NC_TLS_CTN_SAN_ANY},
		{"common-name", NC_TLS_CTN_COMMON_NAME},
	};

	for (size_t i = 0; s && i < array_size(map); i++)
		if (!strcmp(s, map[i].name))
			return map[i].type;
	return NC_TLS_CTN_UNKNOWN;
}

static bool ncs_config_ctn(struct ncs_config *c, const char *id,
			   const char *fp, const char *map, const char *name)
{
	struct ncs_ctn *t = XCALLOC(MTYPE_NCS_CTN, sizeof(*t));

	t->id = strtoul(id, NULL, 10);
	strlcpy(t->fingerprint, fp, sizeof(t->fingerprint));
	t->map_type = ncs_map_type(map ? map : "specified");
	if (name)
		strlcpy(t->name, name, sizeof(t->name));
	if (!t->id || t->map_type == NC_TLS_CTN_UNKNOWN ||
	    (t->map_type == NC_TLS_CTN_SPECIFIED && !name) ||
	    ncs_ctns_add(&c->ctns, t)) {
		XFREE(MTYPE_NCS_CTN, t);
		return false;
	}
	return true;
}

/*
 * The configuration file: one statement per line, '#' comments.
 *   ssh listen ADDR PORT | ssh host-key PATH | ssh system-passwords
 *   tls listen ADDR PORT | tls certificate PATH | tls key PATH | tls ca PATH
 *   cert-to-name ID FINGERPRINT specified USER | cert-to-name ID FP MAPTYPE
 *   user NAME read-only|read-write [password CRYPT-HASH]
 *        [authorized-keys PATH]
 */
static struct ncs_config *ncs_config_file(const char *path)
{
	struct ncs_config *c = ncs_config_new("file");
	char line[2048];
	unsigned int lineno = 0;
	FILE *f;

	if (!path[0])
		return c;
	f = fopen(path, "r");
	if (!f) {
		zlog_err("NETCONF: cannot read %s: %s", path,
			 safe_strerror(errno));
		return c;
	}
	while (fgets(line, sizeof(line), f)) {
		char *w[8] = {}, *save = NULL, *tok;
		int n = 0;
		bool ok = true;

		lineno++;
		for (tok = strtok_r(line, " \t\r\n", &save); tok && n < 8;
		     tok = strtok_r(NULL, " \t\r\n", &save))
			w[n++] = tok;
		if (!n || w[0][0] == '#')
			continue;
		if (!strcmp(w[0], "ssh") && n == 4 && !strcmp(w[1], "listen")) {
			c->ssh_enabled = true;
			strlcpy(c->ssh_addr, w[2], sizeof(c->ssh_addr));
			c->ssh_port = strtoul(w[3], NULL, 10);
		} else if (!strcmp(w[0], "ssh") && n == 3 &&
			   !strcmp(w[1], "host-key"))
			strlcpy(c->ssh_host_key, w[2], sizeof(c->ssh_host_key));
		else if (!strcmp(w[0], "ssh") && n == 2 &&
			 !strcmp(w[1], "system-passwords"))
			c->ssh_system_passwords = true;
		else if (!strcmp(w[0], "tls") && n == 4 &&
			 !strcmp(w[1], "listen")) {
			c->tls_enabled = true;
			strlcpy(c->tls_addr, w[2], sizeof(c->tls_addr));
			c->tls_port = strtoul(w[3], NULL, 10);
		} else if (!strcmp(w[0], "tls") && n == 3 &&
			   !strcmp(w[1], "certificate"))
			strlcpy(c->tls_cert, w[2], sizeof(c->tls_cert));
		else if (!strcmp(w[0], "tls") && n == 3 && !strcmp(w[1], "key"))
			strlcpy(c->tls_key, w[2], sizeof(c->tls_key));
		else if (!strcmp(w[0], "tls") && n == 3 && !strcmp(w[1], "ca"))
			strlcpy(c->tls_ca, w[2], sizeof(c->tls_ca));
		else if (!strcmp(w[0], "cert-to-name") && n >= 4)
			ok = ncs_config_ctn(c, w[1], w[2], w[3], w[4]);
		else if (!strcmp(w[0], "user") && n >= 3 &&
			 (!strcmp(w[2], "read-only") ||
			  !strcmp(w[2], "read-write"))) {
			struct ncs_user *u = ncs_config_user(c, w[1]);

			ok = u != NULL;
			if (u)
				u->access = strcmp(w[2], "read-write")
						    ? NCS_ACCESS_RO
						    : NCS_ACCESS_RW;
			for (int i = 3; u && i + 1 < n; i += 2) {
				if (!strcmp(w[i], "password"))
					strlcpy(u->pwhash, w[i + 1],
						sizeof(u->pwhash));
				else if (!strcmp(w[i], "authorized-keys"))
					strlcpy(u->authorized_keys, w[i + 1],
						sizeof(u->authorized_keys));
				else
					ok = false;
			}
		} else
			ok = false;
		if (!ok)
			zlog_err("NETCONF: %s:%u: bad statement '%s'", path,
				 lineno, w[0]);
	}
	fclose(f);
	return c;
}

static const char *ncs_yv(const struct lyd_node *dnode, const char *rel)
{
	const struct lyd_node *n = yang_dnode_get(dnode, rel);

	return n ? lyd_get_value(n) : NULL;
}

/* The 'netconf' container of the running config; NULL if it is empty. */
static struct ncs_config *ncs_config_yang(void)
{
	const struct lyd_node *top, *n;
	struct ncs_config *c;
	const char *v;
	bool known;
	uint32_t logopt;

	if (!ncs.yang_xpath[0] || !running_config->dnode)
		return NULL;
	/* quietly: the daemon's model may have no such container */
	logopt = ly_log_options(0);
	known = lys_find_path(ly_native_ctx, NULL, ncs.yang_xpath, 0) != NULL;
	ly_log_options(logopt);
	if (!known)
		return NULL;
	top = yang_dnode_get(running_config->dnode, ncs.yang_xpath);
	if (!top)
		return NULL;
	c = ncs_config_new("yang");
	c->ssh_enabled = (v = ncs_yv(top, "ssh/enabled")) && !strcmp(v, "true");
	if ((v = ncs_yv(top, "ssh/address")))
		strlcpy(c->ssh_addr, v, sizeof(c->ssh_addr));
	if ((v = ncs_yv(top, "ssh/port")))
		c->ssh_port = strtoul(v, NULL, 10);
	if ((v = ncs_yv(top, "ssh/host-key")))
		strlcpy(c->ssh_host_key, v, sizeof(c->ssh_host_key));
	c->ssh_system_passwords = (v = ncs_yv(top, "ssh/password-authentication")) &&
				  !strcmp(v, "true");
	c->tls_enabled = (v = ncs_yv(top, "tls/enabled")) && !strcmp(v, "true");
	if ((v = ncs_yv(top, "tls/address")))
		strlcpy(c->tls_addr, v, sizeof(c->tls_addr));
	if ((v = ncs_yv(top, "tls/port")))
		c->tls_port = strtoul(v, NULL, 10);
	if ((v = ncs_yv(top, "tls/server-certificate")))
		strlcpy(c->tls_cert, v, sizeof(c->tls_cert));
	if ((v = ncs_yv(top, "tls/server-key")))
		strlcpy(c->tls_key, v, sizeof(c->tls_key));
	if ((v = ncs_yv(top, "tls/trusted-ca")))
		strlcpy(c->tls_ca, v, sizeof(c->tls_ca));
	LY_LIST_FOR (lyd_child(top), n) {
		if (!strcmp(LYD_NAME(n), "user")) {
			struct ncs_user *u;

			u = ncs_config_user(c, ncs_yv(n, "name"));
			if (!u)
				continue;
			v = ncs_yv(n, "access");
			u->access = v && !strcmp(v, "read-write")
					    ? NCS_ACCESS_RW
					    : NCS_ACCESS_RO;
			if ((v = ncs_yv(n, "authorized-keys")))
				strlcpy(u->authorized_keys, v,
					sizeof(u->authorized_keys));
		} else if (!strcmp(LYD_NAME(n), "cert-to-name"))
			ncs_config_ctn(c, ncs_yv(n, "id"),
				       ncs_yv(n, "fingerprint"),
				       ncs_yv(n, "map-type"), ncs_yv(n, "name"));
	}
	if (!c->ssh_enabled && !c->tls_enabled &&
	    !ncs_users_count(&c->users)) {
		ncs_config_free(c);
		return NULL;
	}
	return c;
}

/* Build the configuration in effect and apply it.  Main pthread. */
static void ncs_config_update(void)
{
	struct ncs_config *c, *old;

	c = ncs_config_yang();
	if (!c)
		c = ncs_config_file(ncs.conf_file);
	ncs_auth_apply(ncs.cfg, c);
	pthread_mutex_lock(&ncs.mtx);
	old = ncs.cfg;
	ncs.cfg = c;
	pthread_mutex_unlock(&ncs.mtx);
	ncs_config_free(old);
}

static void ncs_config_check(struct thread *t)
{
	if (running_config->version != ncs.cfg_version) {
		ncs.cfg_version = running_config->version;
		ncs_config_update();
	}
	thread_add_timer(ncs.master, ncs_config_check, NULL, NCS_CFG_CHECK_SEC,
			 &ncs.t_cfg);
}

/* ----- sessions -------------------------------------------------------- */

struct ncs_sess *ncs_sess_find_nc(const struct nc_session *nc)
{
	return nc_session_get_data(nc);
}

struct ncs_sess *ncs_sess_find_id(uint32_t id)
{
	struct ncs_sess *s, *found = NULL;

	pthread_mutex_lock(&ncs.mtx);
	frr_each (ncs_sessions, &ncs.sessions, s)
		if (s->id == id && !found)
			found = s;
	pthread_mutex_unlock(&ncs.mtx);
	return found;
}

/* Work handed from the server pthread to the main pthread. */
struct ncs_job {
	enum { NCS_JOB_RPC, NCS_JOB_GONE } kind;
	struct lyd_node *rpc;
	struct ncs_sess *sess;
	struct nc_server_reply *reply;
	bool done;
};

static void ncs_job_run(struct thread *t)
{
	struct ncs_job *job = THREAD_ARG(t);
	struct nc_server_reply *reply = NULL;

	if (job->kind == NCS_JOB_RPC) {
		job->sess->rpcs++;
		reply = ncs_rpc_dispatch(job->rpc, job->sess);
	} else
		ncs_ops_session_gone(job->sess);
	pthread_mutex_lock(&ncs_job_mtx);
	job->reply = reply;
	job->done = true;
	pthread_cond_broadcast(&ncs_job_cond);
	pthread_mutex_unlock(&ncs_job_mtx);
}

/* Server pthread: run job on the main pthread and wait for it. */
static void ncs_job_exec(struct ncs_job *job)
{
	job->done = false;
	thread_add_event(ncs.master, ncs_job_run, job, 0, NULL);
	pthread_mutex_lock(&ncs_job_mtx);
	while (!job->done && !atomic_load(&ncs.stopping)) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 100 * 1000 * 1000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&ncs_job_cond, &ncs_job_mtx, &ts);
	}
	pthread_mutex_unlock(&ncs_job_mtx);
}

static struct nc_server_reply *ncs_rpc_clb(struct lyd_node *rpc,
					   struct nc_session *nc)
{
	struct ncs_job job = {.kind = NCS_JOB_RPC, .rpc = rpc};

	job.sess = ncs_sess_find_nc(nc);
	if (!job.sess)
		return NULL;
	ncs_job_exec(&job);
	return job.reply;
}

static void ncs_sess_add(struct nc_session *nc)
{
	struct ncs_sess *s = XCALLOC(MTYPE_NCS_SESSION, sizeof(*s));
	const struct ncs_user *u;
	const char *host = nc_session_get_host(nc);

	s->nc = nc;
	s->id = nc_session_get_id(nc);
	strlcpy(s->user, nc_session_get_username(nc) ?: "", sizeof(s->user));
	strlcpy(s->host, host ? host : "", sizeof(s->host));
	s->transport = nc_session_get_ti(nc) == NC_TI_OPENSSL
			       ? "ietf-netconf-monitoring:netconf-tls"
			       : "ietf-netconf-monitoring:netconf-ssh";
	s->started = time(NULL);
	pthread_mutex_lock(&ncs.mtx);
	u = ncs_user_find(ncs.cfg, s->user);
	s->access = u ? u->access : NCS_ACCESS_RO;
	ncs_sessions_add_tail(&ncs.sessions, s);
	pthread_mutex_unlock(&ncs.mtx);
	nc_session_set_data(nc, s);
	nc_ps_add_session(ncs.ps, nc);
	zlog_info("NETCONF: session %u: user %s (%s) from %s over %s", s->id,
		  s->user, s->access == NCS_ACCESS_RW ? "read-write" : "read-only",
		  s->host, nc_session_get_ti(nc) == NC_TI_OPENSSL ? "TLS" : "SSH");
}

static void ncs_sess_del(struct nc_session *nc)
{
	struct ncs_sess *s = ncs_sess_find_nc(nc);
	struct ncs_job job = {.kind = NCS_JOB_GONE, .sess = s};

	nc_ps_del_session(ncs.ps, nc);
	if (s) {
		zlog_info("NETCONF: session %u (%s) ended", s->id, s->user);
		ncs_job_exec(&job);
		pthread_mutex_lock(&ncs.mtx);
		ncs_sessions_del(&ncs.sessions, s);
		pthread_mutex_unlock(&ncs.mtx);
		XFREE(MTYPE_NCS_SESSION, s);
	}
	nc_session_free(nc, NULL);
}

static void *ncs_thread(void *arg)
{
	struct frr_pthread *fpt = arg;

	frr_pthread_set_name(fpt);
	frr_pthread_notify_running(fpt);
	while (!atomic_load(&ncs.stopping)) {
		struct nc_session *nc = NULL;
		NC_MSG_TYPE msg;
		int r;

		if (nc_server_endpt_count()) {
			msg = nc_accept(NCS_POLL_MS, &nc);
			if (msg == NC_MSG_HELLO)
				ncs_sess_add(nc);
			else if (msg == NC_MSG_BAD_HELLO || msg == NC_MSG_ERROR)
				NCS_DEBUG("connection not accepted (%d)", msg);
		}
		nc = NULL;
		r = nc_ps_poll(ncs.ps, NCS_POLL_MS, &nc);
		if (r & NC_PSPOLL_NOSESSIONS) {
			if (!nc_server_endpt_count())
				usleep(NCS_POLL_MS * 1000);
			continue;
		}
		if (nc && (r & NC_PSPOLL_SESSION_TERM))
			ncs_sess_del(nc);
		else if (nc && (r & NC_PSPOLL_SSH_CHANNEL)) {
			struct nc_session *ch = NULL;

			if (nc_ps_accept_ssh_channel(ncs.ps, &ch) ==
			    NC_MSG_HELLO)
				ncs_sess_add(ch);
		}
	}
	return NULL;
}

static int ncs_thread_stop(struct frr_pthread *fpt, void **result)
{
	atomic_store(&ncs.stopping, true);
	pthread_join(fpt->thread, result);
	return 0;
}

/* ----- libnetconf2 logging --------------------------------------------- */

static void ncs_nc_log(const struct nc_session *session, NC_VERB_LEVEL level,
		       const char *msg)
{
	uint32_t id = session ? nc_session_get_id(session) : 0;

	switch (level) {
	case NC_VERB_ERROR:
		zlog_err("libnetconf2: session %u: %s", id, msg);
		break;
	case NC_VERB_WARNING:
		zlog_warn("libnetconf2: session %u: %s", id, msg);
		break;
	default:
		NCS_DEBUG("libnetconf2: session %u: %s", id, msg);
		break;
	}
}

/* ----- start and stop -------------------------------------------------- */

static void ncs_args_parse(const char *args)
{
	char *copy, *tok, *save = NULL;

	strlcpy(ncs.yang_xpath, NCS_YANG_DEFAULT, sizeof(ncs.yang_xpath));
	if (!args || !*args)
		return;
	copy = XSTRDUP(MTYPE_TMP, args);
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (!strncmp(tok, "config=", 7))
			strlcpy(ncs.conf_file, tok + 7, sizeof(ncs.conf_file));
		else if (tok[0] == '/')
			strlcpy(ncs.conf_file, tok, sizeof(ncs.conf_file));
		else if (!strcmp(tok, "yang=none"))
			ncs.yang_xpath[0] = '\0';
		else if (!strncmp(tok, "yang=", 5))
			strlcpy(ncs.yang_xpath, tok + 5, sizeof(ncs.yang_xpath));
		else
			zlog_err("NETCONF: unknown module argument '%s'", tok);
	}
	XFREE(MTYPE_TMP, copy);
}

static int ncs_start(struct thread_master *master)
{
	struct frr_pthread_attr attr = {
		.start = ncs_thread,
		.stop = ncs_thread_stop,
	};
	const struct lysc_node *snode;

	if (ncs.started)
		return 0;
	ncs.master = master;
	ncs.ctx = ncs_ctx_create();
	if (!ncs.ctx) {
		zlog_err("NETCONF: cannot create the YANG context; server disabled");
		return 0;
	}
	nc_set_print_clb_session(ncs_nc_log);
	nc_verbosity(DEBUG_MODE_CHECK(&ncs_dbg, DEBUG_MODE_ALL)
			     ? NC_VERB_VERBOSE
			     : NC_VERB_WARNING);
	if (nc_server_init(ncs.ctx)) {
		zlog_err("NETCONF: nc_server_init failed; server disabled");
		return 0;
	}
	/* <get-schema> is ours (libnetconf2 2.0's default breaks with
	 * libyang 2.1's anydata strings): route it to the global callback */
	snode = lys_find_path(ncs.ctx, NULL,
			      "/ietf-netconf-monitoring:get-schema", 0);
	if (snode)
		((struct lysc_node *)snode)->priv = NULL;
	nc_server_set_capab_withdefaults(NC_WD_EXPLICIT,
					 NC_WD_ALL | NC_WD_ALL_TAG | NC_WD_TRIM |
						 NC_WD_EXPLICIT);
	nc_server_set_capability(
		"urn:ietf:params:netconf:capability:notification:1.0");
	nc_server_set_capability(
		"urn:ietf:params:netconf:capability:interleave:1.0");
	nc_server_set_hello_timeout(30);
	nc_server_set_idle_timeout(0);
	nc_set_global_rpc_clb(ncs_rpc_clb);
	ncs_auth_init();
	ncs_ops_init();
	ncs_notif_init();
	ncs.ps = nc_ps_new();

	ncs.cfg_version = running_config->version;
	ncs_config_update();
	thread_add_timer(master, ncs_config_check, NULL, NCS_CFG_CHECK_SEC,
			 &ncs.t_cfg);

	ncs.fpt = frr_pthread_new(&attr, "NETCONF server", "netconf");
	frr_pthread_run(ncs.fpt, NULL);
	frr_pthread_wait_running(ncs.fpt);
	ncs.started = true;
	return 0;
}

static int ncs_fini(void)
{
	if (!ncs.started)
		return 0;
	THREAD_OFF(ncs.t_cfg);
	frr_pthread_stop(ncs.fpt, NULL);
	frr_pthread_destroy(ncs.fpt);
	ncs_ops_fini();
	nc_ps_clear(ncs.ps, 1, NULL);
	nc_ps_free(ncs.ps);
	nc_server_destroy();
	ncs_config_free(ncs.cfg);
	ncs.cfg = NULL;
	ly_ctx_destroy(ncs.ctx);
	ncs.ctx = NULL;
	ncs.started = false;
	return 0;
}

/* ----- CLI ------------------------------------------------------------- */

DEFPY(show_netconf_sessions, show_netconf_sessions_cmd,
      "show netconf sessions",
      SHOW_STR
      "NETCONF server\n"
      "Sessions\n")
{
	struct ncs_sess *s;

	if (!ncs.started) {
		vty_out(vty, "NETCONF server not running\n");
		return CMD_SUCCESS;
	}
	pthread_mutex_lock(&ncs.mtx);
	vty_out(vty, "configuration: %s%s%s\n", ncs.cfg->source,
		ncs.cfg->ssh_enabled ? ", SSH" : "",
		ncs.cfg->tls_enabled ? ", TLS" : "");
	vty_out(vty, "%-6s %-16s %-10s %-4s %-24s %s\n", "id", "user",
		"access", "tr", "host", "rpcs/notifications/locks");
	frr_each (ncs_sessions, &ncs.sessions, s)
		vty_out(vty, "%-6u %-16s %-10s %-4s %-24s %u/%u%s%s%s\n", s->id,
			s->user,
			s->access == NCS_ACCESS_RW ? "read-write" : "read-only",
			strstr(s->transport, "tls") ? "TLS" : "SSH", s->host,
			s->rpcs, s->notifs, s->subscribed ? " subscribed" : "",
			ncs.lock_running == s ? " running" : "",
			ncs.lock_candidate == s ? " candidate" : "");
	pthread_mutex_unlock(&ncs.mtx);
	return CMD_SUCCESS;
}

DEFPY(debug_netconf, debug_netconf_cmd, "[no] debug netconf",
      NO_STR DEBUG_STR "NETCONF server\n")
{
	uint32_t mode = DEBUG_NODE2MODE(vty->node);

	DEBUG_MODE_SET(&ncs_dbg, mode, !no);
	nc_verbosity(DEBUG_MODE_CHECK(&ncs_dbg, DEBUG_MODE_ALL)
			     ? NC_VERB_VERBOSE
			     : NC_VERB_WARNING);
	return CMD_SUCCESS;
}

static int ncs_debug_config_write(struct vty *vty)
{
	if (DEBUG_MODE_CHECK(&ncs_dbg, DEBUG_MODE_CONF))
		vty_out(vty, "debug netconf\n");
	return 0;
}

static int ncs_debug_set_all(uint32_t flags, bool set)
{
	DEBUG_FLAGS_SET(&ncs_dbg, flags, set);
	return 0;
}

static int ncs_late_init(struct thread_master *master)
{
	hook_register(nb_client_debug_config_write, ncs_debug_config_write);
	hook_register(nb_client_debug_set_all, ncs_debug_set_all);
	install_element(VIEW_NODE, &show_netconf_sessions_cmd);
	install_element(ENABLE_NODE, &debug_netconf_cmd);
	install_element(CONFIG_NODE, &debug_netconf_cmd);
	return 0;
}

/* Called by the loader module (mcr_netconf_shim.c) from frr_init(). */
int mcr_netconf_impl_init(const char *args);
int mcr_netconf_impl_init(const char *args)
{
	ncs_sessions_init(&ncs.sessions);
	ncs_args_parse(args);
	hook_register(frr_late_init, ncs_late_init);
	hook_register(frr_config_post, ncs_start);
	hook_register(frr_fini, ncs_fini);
	return 0;
}

/* this object is not an FRR module itself: register its xrefs here */
XREF_SETUP();
