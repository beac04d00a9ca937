/*
 * Unit tests for lib/tunnel.c: every row of the transition table, the
 * make-before-break rekey, duplicate SAs, and a random walk checking the
 * delta invariants.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "mcr/mem.h"
#include "mcr/tunnel.h"

static uint64_t clock_now = 1000;
static struct mcr_tunnel_delta D;

/* Apply an event, expect success, return the actions. */
static unsigned evx(struct mcr_tunnel *t, enum mcr_tunnel_evtype type,
		    uint32_t uid, uint32_t old_uid)
{
	struct mcr_tunnel_event ev = {.type = type, .now = ++clock_now,
				      .uid = uid, .old_uid = old_uid,
				      .ifindex = uid};

	ck_assert_int_eq(mcr_tunnel_event(t, &ev, &D, NULL), MCR_OK);
	ck_assert_int_eq(D.new_state, mcr_tunnel_state(t));
	return D.actions;
}

static unsigned ev0(struct mcr_tunnel *t, enum mcr_tunnel_evtype type)
{
	return evx(t, type, 0, 0);
}

static unsigned ev_fail(struct mcr_tunnel *t, enum mcr_err err,
			const char *reason)
{
	struct mcr_tunnel_event ev = {.type = MCR_TEV_LINK_FAILED,
				      .now = ++clock_now, .err = err,
				      .reason = reason};

	ck_assert_int_eq(mcr_tunnel_event(t, &ev, &D, NULL), MCR_OK);
	return D.actions;
}

static unsigned ev_resync(struct mcr_tunnel *t, const uint32_t *ike,
			  size_t n_ike, const uint32_t *child, size_t n_child)
{
	struct mcr_tunnel_event ev = {.type = MCR_TEV_RESYNC,
				      .now = ++clock_now, .ike_uids = ike,
				      .n_ike = n_ike, .child_uids = child,
				      .n_child = n_child};

	ck_assert_int_eq(mcr_tunnel_event(t, &ev, &D, NULL), MCR_OK);
	return D.actions;
}

#define STATE(t, s) ck_assert_str_eq(mcr_tunnel_state_name(mcr_tunnel_state(t)), \
				     mcr_tunnel_state_name(s))
#define NO_ATTACH_CHANGE() ck_assert(!D.attach_changed)
#define ATTACH_WENT(up)                                                        \
	do {                                                                   \
		ck_assert(D.attach_changed);                                   \
		ck_assert_int_eq(D.attach_up, (up));                           \
	} while (0)

static void teardown(struct mcr_tunnel *t)
{
	mcr_tunnel_free(t);
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}

/* An IPsec tunnel without link, brought to UP with IKE 1 / CHILD 10. */
static struct mcr_tunnel *ipsec_up(void)
{
	struct mcr_tunnel *t = mcr_tunnel_new("vpn1", MCR_TUNNEL_IPSEC, false);

	ck_assert_uint_eq(ev0(t, MCR_TEV_CHARON_RESTORED), 0);
	ck_assert_uint_eq(ev0(t, MCR_TEV_ADMIN_UP),
			  MCR_TACT_LOAD_CONN | MCR_TACT_INITIATE);
	STATE(t, MCR_TUN_CONNECTING);
	evx(t, MCR_TEV_IKE_UP, 1, 0);
	evx(t, MCR_TEV_CHILD_UP, 10, 0);
	STATE(t, MCR_TUN_UP);
	ATTACH_WENT(true);
	return t;
}

START_TEST(gre_lifecycle)
{
	struct mcr_tunnel *t = mcr_tunnel_new("tgw1", MCR_TUNNEL_GRE, false);

	STATE(t, MCR_TUN_ADMIN_DOWN);
	ck_assert_str_eq(mcr_tunnel_name(t), "tgw1");
	ck_assert_uint_eq(ev0(t, MCR_TEV_ADMIN_UP), MCR_TACT_CREATE_LINK);
	STATE(t, MCR_TUN_LINK_WAIT);
	/* Asked once: a RETRY while waiting does not ask again. */
	ck_assert_uint_eq(ev0(t, MCR_TEV_RETRY), 0);
	ck_assert_uint_eq(evx(t, MCR_TEV_LINK_CREATED, 7, 0), 0);
	ck_assert_uint_eq(mcr_tunnel_ifindex(t), 7);
	STATE(t, MCR_TUN_LINK_WAIT);
	NO_ATTACH_CHANGE();
	ev0(t, MCR_TEV_LINK_UP);
	STATE(t, MCR_TUN_UP);
	ATTACH_WENT(true);
	ck_assert_uint_eq(mcr_tunnel_up_since(t), clock_now);
	ck_assert(mcr_tunnel_attach_up(t));
	ev0(t, MCR_TEV_LINK_DOWN);
	STATE(t, MCR_TUN_LINK_WAIT);
	ATTACH_WENT(false);
	ck_assert_uint_eq(mcr_tunnel_up_since(t), 0);
	ev0(t, MCR_TEV_LINK_UP);
	ATTACH_WENT(true);
	/* Deleted behind our back: recreate. */
	ck_assert_uint_eq(ev0(t, MCR_TEV_LINK_DELETED), MCR_TACT_CREATE_LINK);
	ATTACH_WENT(false);
	ck_assert(D.error_changed);
	ck_assert_str_eq(mcr_tunnel_last_error(t),
			 "link deleted outside mcrouted");
	ck_assert_uint_eq(mcr_tunnel_ifindex(t), 0);
	evx(t, MCR_TEV_LINK_CREATED, 8, 0);
	ev0(t, MCR_TEV_LINK_UP);
	STATE(t, MCR_TUN_UP);
	/* Config change: delete and recreate. */
	ck_assert_uint_eq(ev0(t, MCR_TEV_CONFIG_CHANGED),
			  MCR_TACT_DELETE_LINK | MCR_TACT_CREATE_LINK);
	ATTACH_WENT(false);
	STATE(t, MCR_TUN_LINK_WAIT);
	evx(t, MCR_TEV_LINK_CREATED, 9, 0);
	ev0(t, MCR_TEV_LINK_UP);
	ck_assert_uint_eq(ev0(t, MCR_TEV_ADMIN_DOWN), MCR_TACT_DELETE_LINK);
	STATE(t, MCR_TUN_ADMIN_DOWN);
	ATTACH_WENT(false);
	/* Admin down twice: nothing. Config change while down: nothing. */
	ck_assert_uint_eq(ev0(t, MCR_TEV_ADMIN_DOWN), 0);
	ck_assert_uint_eq(ev0(t, MCR_TEV_CONFIG_CHANGED), 0);
	STATE(t, MCR_TUN_ADMIN_DOWN);
	teardown(t);
}
END_TEST

START_TEST(gre_kernel_unsupported)
{
	struct mcr_tunnel *t = mcr_tunnel_new("tgw1", MCR_TUNNEL_GRE, false);

	ev0(t, MCR_TEV_ADMIN_UP);
	ck_assert_uint_eq(ev_fail(t, MCR_EUNSUPP, "kernel lacks GRE support"),
			  0);
	STATE(t, MCR_TUN_KERNEL_UNSUPP);
	ck_assert(D.error_changed);
	ck_assert_str_eq(mcr_tunnel_last_error(t), "kernel lacks GRE support");
	ck_assert(!mcr_tunnel_attach_up(t));
	/* The kernel does not grow GRE on a timer. */
	ck_assert_uint_eq(ev0(t, MCR_TEV_RETRY), 0);
	STATE(t, MCR_TUN_KERNEL_UNSUPP);
	ck_assert_str_eq(mcr_tunnel_state_name(mcr_tunnel_state(t)),
			 "kernel-unsupported");
	/* A config change tries again; another error is LINK_FAILED. */
	ck_assert_uint_eq(ev0(t, MCR_TEV_CONFIG_CHANGED),
			  MCR_TACT_CREATE_LINK);
	STATE(t, MCR_TUN_LINK_WAIT);
	ev_fail(t, MCR_EIO, "File exists");
	STATE(t, MCR_TUN_LINK_FAILED);
	ck_assert_str_eq(mcr_tunnel_last_error(t), "File exists");
	/* ... which RETRY does retry. */
	ck_assert_uint_eq(ev0(t, MCR_TEV_RETRY), MCR_TACT_CREATE_LINK);
	STATE(t, MCR_TUN_LINK_WAIT);
	/* No reason given: a default message, never empty. */
	ev_fail(t, MCR_EUNSUPP, NULL);
	ck_assert_str_eq(mcr_tunnel_last_error(t),
			 "kernel lacks support for the link type");
	/* Admin cycle clears it too. */
	ck_assert_uint_eq(ev0(t, MCR_TEV_ADMIN_DOWN), 0);
	ck_assert_uint_eq(ev0(t, MCR_TEV_ADMIN_UP), MCR_TACT_CREATE_LINK);
	/* A failure arriving after admin down is ignored. */
	ev0(t, MCR_TEV_ADMIN_DOWN);
	ev_fail(t, MCR_EUNSUPP, "late");
	STATE(t, MCR_TUN_ADMIN_DOWN);
	teardown(t);
}
END_TEST

START_TEST(rejects_foreign_events)
{
	struct mcr_tunnel *g = mcr_tunnel_new("g", MCR_TUNNEL_GRE, false);
	struct mcr_tunnel *i = mcr_tunnel_new("i", MCR_TUNNEL_IPSEC, false);
	struct mcr_tunnel_event ev = {.type = MCR_TEV_CHILD_UP, .uid = 1};
	struct mcr_errbuf eb;
	static const enum mcr_tunnel_evtype ipsec_only[] = {
		MCR_TEV_IKE_UP, MCR_TEV_IKE_DOWN, MCR_TEV_IKE_REKEYED,
		MCR_TEV_CHILD_UP, MCR_TEV_CHILD_REKEYED, MCR_TEV_CHILD_DOWN,
		MCR_TEV_DPD_TIMEOUT, MCR_TEV_CHARON_LOST,
		MCR_TEV_CHARON_RESTORED, MCR_TEV_RESYNC, MCR_TEV_CMD_FAILED};
	static const enum mcr_tunnel_evtype link_only[] = {
		MCR_TEV_LINK_CREATED, MCR_TEV_LINK_FAILED, MCR_TEV_LINK_UP,
		MCR_TEV_LINK_DOWN, MCR_TEV_LINK_DELETED};

	ev0(g, MCR_TEV_ADMIN_UP);
	for (unsigned k = 0; k < sizeof(ipsec_only) / sizeof(ipsec_only[0]);
	     k++) {
		ev.type = ipsec_only[k];
		eb.msg[0] = 0;
		ck_assert_int_eq(mcr_tunnel_event(g, &ev, &D, &eb), MCR_EINVAL);
		ck_assert(eb.msg[0]);
		ck_assert_uint_eq(D.actions, 0);
		STATE(g, MCR_TUN_LINK_WAIT);
	}
	for (unsigned k = 0; k < sizeof(link_only) / sizeof(link_only[0]);
	     k++) {
		ev.type = link_only[k];
		ck_assert_int_eq(mcr_tunnel_event(i, &ev, &D, &eb), MCR_EINVAL);
		STATE(i, MCR_TUN_ADMIN_DOWN);
	}
	ev.type = MCR_TEV_MAX;
	ck_assert_int_eq(mcr_tunnel_event(i, &ev, &D, &eb), MCR_EINVAL);
	ev.type = MCR_TEV_RESYNC;
	ev.n_ike = 1;
	ev.ike_uids = NULL;
	ck_assert_int_eq(mcr_tunnel_event(i, &ev, &D, &eb), MCR_EINVAL);
	mcr_tunnel_free(g);
	teardown(i);
}
END_TEST

START_TEST(ipsec_startup_resync)
{
	struct mcr_tunnel *t = mcr_tunnel_new("vpn1", MCR_TUNNEL_IPSEC, false);
	static const uint32_t none[1];

	/* Admin up before the VICI connection exists: wait for charon. */
	ck_assert_uint_eq(ev0(t, MCR_TEV_ADMIN_UP), 0);
	STATE(t, MCR_TUN_CHARON_WAIT);
	/* Connected: load, and list SAs before initiating anything. */
	ck_assert_uint_eq(ev0(t, MCR_TEV_CHARON_RESTORED),
			  MCR_TACT_LIST_SAS | MCR_TACT_LOAD_CONN);
	STATE(t, MCR_TUN_CONNECTING);
	/* RETRY while the resync is pending: no initiate. */
	ck_assert_uint_eq(ev0(t, MCR_TEV_RETRY), 0);
	/* Nothing found: initiate. */
	ck_assert_uint_eq(ev_resync(t, none, 0, none, 0), MCR_TACT_INITIATE);
	STATE(t, MCR_TUN_CONNECTING);
	evx(t, MCR_TEV_IKE_UP, 1, 0);
	STATE(t, MCR_TUN_ESTABLISHED);
	NO_ATTACH_CHANGE();
	evx(t, MCR_TEV_CHILD_UP, 10, 0);
	STATE(t, MCR_TUN_UP);
	ATTACH_WENT(true);
	ck_assert_uint_eq(mcr_tunnel_up_since(t), clock_now);
	teardown(t);
}
END_TEST

START_TEST(ipsec_resync_finds_sas)
{
	struct mcr_tunnel *t = ipsec_up();
	static const uint32_t ike[] = {5}, child[] = {50, 51, 50};
	uint64_t anchor;

	ev0(t, MCR_TEV_CHARON_LOST);
	STATE(t, MCR_TUN_CHARON_WAIT);
	ATTACH_WENT(false);
	ck_assert_str_eq(mcr_tunnel_last_error(t),
			 "lost the VICI connection to charon");
	ck_assert_uint_eq(ev0(t, MCR_TEV_CHARON_RESTORED),
			  MCR_TACT_LIST_SAS | MCR_TACT_LOAD_CONN);
	STATE(t, MCR_TUN_CONNECTING);
	/* SAs survived in charon: up again, no initiate (no duplicate). */
	ck_assert_uint_eq(ev_resync(t, ike, 1, child, 3), 0);
	STATE(t, MCR_TUN_UP);
	ATTACH_WENT(true);
	ck_assert_uint_eq(mcr_tunnel_n_child(t), 2); /* 50 listed twice */
	anchor = mcr_tunnel_up_since(t);
	/* A second resync with the same SAs changes nothing. */
	ck_assert_uint_eq(ev_resync(t, ike, 1, child, 2), 0);
	NO_ATTACH_CHANGE();
	ck_assert_uint_eq(mcr_tunnel_up_since(t), anchor);
	/* A resync that finds only the IKE_SA: established, down. */
	ck_assert_uint_eq(ev_resync(t, ike, 1, child, 0), 0);
	STATE(t, MCR_TUN_ESTABLISHED);
	ATTACH_WENT(false);
	teardown(t);
}
END_TEST

START_TEST(rekey_make_before_break)
{
	struct mcr_tunnel *t = ipsec_up();
	uint64_t anchor = mcr_tunnel_up_since(t);

	/* charon's child-rekey: new 11 replaces 10. */
	ck_assert_uint_eq(evx(t, MCR_TEV_CHILD_REKEYED, 11, 10), 0);
	STATE(t, MCR_TUN_UP);
	NO_ATTACH_CHANGE();
	ck_assert_uint_eq(mcr_tunnel_n_child(t), 1);
	/* A late delete of the old SA: no-op. */
	evx(t, MCR_TEV_CHILD_DOWN, 10, 0);
	STATE(t, MCR_TUN_UP);
	NO_ATTACH_CHANGE();
	/* Same rekey seen as install-then-delete events. */
	evx(t, MCR_TEV_CHILD_UP, 12, 0);
	NO_ATTACH_CHANGE();
	ck_assert_uint_eq(mcr_tunnel_n_child(t), 2);
	evx(t, MCR_TEV_CHILD_DOWN, 11, 0);
	STATE(t, MCR_TUN_UP);
	NO_ATTACH_CHANGE();
	/* IKE rekey, and the old IKE_SA going down afterwards. */
	ck_assert_uint_eq(evx(t, MCR_TEV_IKE_REKEYED, 2, 1), 0);
	NO_ATTACH_CHANGE();
	evx(t, MCR_TEV_IKE_DOWN, 1, 0);
	STATE(t, MCR_TUN_UP);
	NO_ATTACH_CHANGE();
	ck_assert_uint_eq(mcr_tunnel_n_ike(t), 1);
	/* Uptime kept across all of it. */
	ck_assert_uint_eq(mcr_tunnel_up_since(t), anchor);
	/* Break-before-make is a real outage: the last CHILD goes first. */
	evx(t, MCR_TEV_CHILD_DOWN, 12, 0);
	STATE(t, MCR_TUN_ESTABLISHED);
	ATTACH_WENT(false);
	evx(t, MCR_TEV_CHILD_UP, 13, 0);
	ATTACH_WENT(true);
	ck_assert_uint_gt(mcr_tunnel_up_since(t), anchor);
	teardown(t);
}
END_TEST

START_TEST(duplicate_sas)
{
	struct mcr_tunnel *t = ipsec_up();

	/* Duplicate CHILD_SAs (a rekey collision): any one keeps it up. */
	evx(t, MCR_TEV_CHILD_UP, 20, 0);
	evx(t, MCR_TEV_CHILD_UP, 21, 0);
	evx(t, MCR_TEV_CHILD_UP, 21, 0); /* same SA reported twice */
	ck_assert_uint_eq(mcr_tunnel_n_child(t), 3);
	evx(t, MCR_TEV_CHILD_DOWN, 10, 0);
	evx(t, MCR_TEV_CHILD_DOWN, 20, 0);
	STATE(t, MCR_TUN_UP);
	NO_ATTACH_CHANGE();
	evx(t, MCR_TEV_CHILD_DOWN, 21, 0);
	ATTACH_WENT(false);
	/* Duplicate IKE_SAs: children cleared only with the last one. */
	evx(t, MCR_TEV_CHILD_UP, 30, 0);
	evx(t, MCR_TEV_IKE_UP, 3, 0);
	evx(t, MCR_TEV_IKE_DOWN, 1, 0);
	STATE(t, MCR_TUN_UP);
	evx(t, MCR_TEV_IKE_DOWN, 3, 0);
	STATE(t, MCR_TUN_CONNECTING);
	ATTACH_WENT(false);
	ck_assert_uint_eq(mcr_tunnel_n_child(t), 0);
	/* More SAs than tracked: no overflow. */
	for (uint32_t u = 100; u < 100 + 2 * MCR_TUNNEL_MAX_CHILD; u++)
		evx(t, MCR_TEV_CHILD_UP, u, 0);
	ck_assert_uint_eq(mcr_tunnel_n_child(t), MCR_TUNNEL_MAX_CHILD);
	teardown(t);
}
END_TEST

START_TEST(dpd_and_retry)
{
	struct mcr_tunnel *t = ipsec_up();

	ck_assert_uint_eq(ev0(t, MCR_TEV_DPD_TIMEOUT), 0);
	STATE(t, MCR_TUN_CONNECTING);
	ATTACH_WENT(false);
	ck_assert(D.error_changed);
	ck_assert_str_eq(mcr_tunnel_last_error(t),
			 "DPD timeout: peer not responding");
	ck_assert_uint_eq(ev0(t, MCR_TEV_RETRY), MCR_TACT_INITIATE);
	/* The same error again is not a change. */
	ev0(t, MCR_TEV_DPD_TIMEOUT);
	ck_assert(!D.error_changed);
	/* RETRY while established does not initiate a duplicate. */
	evx(t, MCR_TEV_IKE_UP, 4, 0);
	ck_assert_uint_eq(ev0(t, MCR_TEV_RETRY), 0);
	teardown(t);
}
END_TEST

START_TEST(cmd_failed_and_config)
{
	struct mcr_tunnel *t = ipsec_up();
	struct mcr_tunnel_event ev = {.type = MCR_TEV_CMD_FAILED,
				      .reason = "unknown child 'x'"};

	/* Config change: tear down, reload, initiate. */
	ck_assert_uint_eq(ev0(t, MCR_TEV_CONFIG_CHANGED),
			  MCR_TACT_TERMINATE | MCR_TACT_LOAD_CONN |
				  MCR_TACT_INITIATE);
	STATE(t, MCR_TUN_CONNECTING);
	ATTACH_WENT(false);
	ck_assert_int_eq(mcr_tunnel_event(t, &ev, &D, NULL), MCR_OK);
	ck_assert_str_eq(mcr_tunnel_last_error(t),
			 "charon: unknown child 'x'");
	ck_assert_uint_eq(D.actions, 0);
	/* Reloaded on RETRY. */
	ck_assert_uint_eq(ev0(t, MCR_TEV_RETRY),
			  MCR_TACT_LOAD_CONN | MCR_TACT_INITIATE);
	/* Config change before anything was loaded: no terminate. */
	ev.reason = NULL;
	ck_assert_int_eq(mcr_tunnel_event(t, &ev, &D, NULL), MCR_OK);
	ck_assert_str_eq(mcr_tunnel_last_error(t), "charon: command failed");
	ck_assert_uint_eq(ev0(t, MCR_TEV_CONFIG_CHANGED),
			  MCR_TACT_LOAD_CONN | MCR_TACT_INITIATE);
	/* Admin down: terminate and unload. */
	ck_assert_uint_eq(ev0(t, MCR_TEV_ADMIN_DOWN),
			  MCR_TACT_TERMINATE | MCR_TACT_UNLOAD_CONN);
	STATE(t, MCR_TUN_ADMIN_DOWN);
	/* charon still connected: admin up loads at once. */
	ck_assert_uint_eq(ev0(t, MCR_TEV_ADMIN_UP),
			  MCR_TACT_LOAD_CONN | MCR_TACT_INITIATE);
	teardown(t);
}
END_TEST

START_TEST(ipsec_over_xfrm)
{
	struct mcr_tunnel *t = mcr_tunnel_new("vpn2", MCR_TUNNEL_IPSEC, true);

	ev0(t, MCR_TEV_CHARON_RESTORED);
	/* The link first; the connection only once it is up. */
	ck_assert_uint_eq(ev0(t, MCR_TEV_ADMIN_UP), MCR_TACT_CREATE_LINK);
	STATE(t, MCR_TUN_LINK_WAIT);
	/* Created is not enough: nothing is loaded until oper up. */
	ck_assert_uint_eq(evx(t, MCR_TEV_LINK_CREATED, 12, 0), 0);
	STATE(t, MCR_TUN_LINK_WAIT);
	ck_assert_uint_eq(ev0(t, MCR_TEV_LINK_UP),
			  MCR_TACT_LOAD_CONN | MCR_TACT_INITIATE);
	STATE(t, MCR_TUN_CONNECTING);
	evx(t, MCR_TEV_IKE_UP, 1, 0);
	evx(t, MCR_TEV_CHILD_UP, 10, 0);
	STATE(t, MCR_TUN_UP);
	ATTACH_WENT(true);
	/* Link down: attachment down, SAs kept; back up: no reload. */
	ev0(t, MCR_TEV_LINK_DOWN);
	STATE(t, MCR_TUN_LINK_WAIT);
	ATTACH_WENT(false);
	ck_assert_uint_eq(ev0(t, MCR_TEV_LINK_UP), 0);
	STATE(t, MCR_TUN_UP);
	ATTACH_WENT(true);
	/* Config change: link and connection both redone. */
	ck_assert_uint_eq(ev0(t, MCR_TEV_CONFIG_CHANGED),
			  MCR_TACT_TERMINATE | MCR_TACT_DELETE_LINK |
				  MCR_TACT_CREATE_LINK);
	STATE(t, MCR_TUN_LINK_WAIT);
	ATTACH_WENT(false);
	/* Admin down while the link is being created ... */
	ck_assert_uint_eq(ev0(t, MCR_TEV_ADMIN_DOWN), MCR_TACT_DELETE_LINK);
	/* ... and the late reply is deleted too. */
	ck_assert_uint_eq(evx(t, MCR_TEV_LINK_CREATED, 13, 0),
			  MCR_TACT_DELETE_LINK);
	STATE(t, MCR_TUN_ADMIN_DOWN);
	ck_assert_uint_eq(mcr_tunnel_ifindex(t), 0);
	/* A LINK_UP for a link that does not exist does nothing. */
	ck_assert_uint_eq(ev0(t, MCR_TEV_LINK_UP), 0);
	/* xfrm unsupported by the kernel. */
	ev0(t, MCR_TEV_ADMIN_UP);
	ev_fail(t, MCR_EUNSUPP, "kernel lacks XFRM interface support");
	STATE(t, MCR_TUN_KERNEL_UNSUPP);
	ck_assert_uint_eq(ev0(t, MCR_TEV_CHARON_RESTORED), MCR_TACT_LIST_SAS);
	STATE(t, MCR_TUN_KERNEL_UNSUPP);
	teardown(t);
}
END_TEST

START_TEST(state_names)
{
	for (int a = 0; a < MCR_TUN_STATE_MAX; a++) {
		ck_assert_str_ne(mcr_tunnel_state_name(a), "?");
		for (int b = a + 1; b < MCR_TUN_STATE_MAX; b++)
			ck_assert_str_ne(mcr_tunnel_state_name(a),
					 mcr_tunnel_state_name(b));
	}
	ck_assert_str_eq(mcr_tunnel_state_name(MCR_TUN_STATE_MAX), "?");
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}
END_TEST

/*
 * Random walk over all events (fixed seed): the delta always agrees with
 * the tunnel, attachment up <=> state UP, uptime is set exactly while UP,
 * and a rekey event never takes the attachment down.
 */
START_TEST(random_walk)
{
	static const uint32_t ids[] = {1, 2, 3};

	srandom(1234);
	for (int kind = 0; kind < 3; kind++) {
		struct mcr_tunnel *t = mcr_tunnel_new(
			"w", kind == 2 ? MCR_TUNNEL_GRE : MCR_TUNNEL_IPSEC,
			kind == 1);

		for (int i = 0; i < 20000; i++) {
			struct mcr_tunnel_event ev = {
				.type = random() % MCR_TEV_MAX,
				.now = ++clock_now,
				.uid = 1 + random() % 4,
				.old_uid = 1 + random() % 4,
				.ifindex = 5,
				.err = random() % 2 ? MCR_EUNSUPP : MCR_EIO,
				.reason = "r",
				.ike_uids = ids,
				.n_ike = random() % 4,
				.child_uids = ids,
				.n_child = random() % 4,
			};
			enum mcr_tunnel_state before = mcr_tunnel_state(t);
			enum mcr_err err = mcr_tunnel_event(t, &ev, &D, NULL);

			ck_assert_int_eq(D.old_state, before);
			ck_assert_int_eq(D.new_state, mcr_tunnel_state(t));
			if (err != MCR_OK) {
				ck_assert_int_eq(err, MCR_EINVAL);
				ck_assert_int_eq(before, mcr_tunnel_state(t));
				ck_assert_uint_eq(D.actions, 0);
				continue;
			}
			ck_assert_int_eq(D.attach_up,
					 mcr_tunnel_state(t) == MCR_TUN_UP);
			ck_assert_int_eq(D.attach_changed,
					 (before == MCR_TUN_UP) != D.attach_up);
			ck_assert_int_eq(mcr_tunnel_up_since(t) != 0,
					 D.attach_up);
			if (ev.type == MCR_TEV_CHILD_REKEYED ||
			    ev.type == MCR_TEV_IKE_REKEYED)
				ck_assert(!(D.attach_changed && !D.attach_up));
			if (!D.attach_up)
				ck_assert_int_ne(mcr_tunnel_state(t),
						 MCR_TUN_UP);
			if (mcr_tunnel_state(t) == MCR_TUN_ADMIN_DOWN)
				ck_assert(!(D.actions &
					    (MCR_TACT_CREATE_LINK |
					     MCR_TACT_LOAD_CONN |
					     MCR_TACT_INITIATE)));
		}
		mcr_tunnel_free(t);
	}
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tunnel");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, gre_lifecycle);
	tcase_add_test(tc, gre_kernel_unsupported);
	tcase_add_test(tc, rejects_foreign_events);
	tcase_add_test(tc, ipsec_startup_resync);
	tcase_add_test(tc, ipsec_resync_finds_sas);
	tcase_add_test(tc, rekey_make_before_break);
	tcase_add_test(tc, duplicate_sas);
	tcase_add_test(tc, dpd_and_retry);
	tcase_add_test(tc, cmd_failed_and_config);
	tcase_add_test(tc, ipsec_over_xfrm);
	tcase_add_test(tc, state_names);
	tcase_add_test(tc, random_walk);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
