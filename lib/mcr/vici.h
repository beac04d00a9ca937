/*
 * libmcr VICI codec: strongSwan's Versatile IKE Control Interface, the
 * protocol mcrouted speaks to charon over a UNIX stream socket.
 *
 * Pure encoding and decoding, no I/O: the daemon glue owns the sockets
 * (one for commands, one for events: VICI has no request ids) and moves
 * bytes between them and these functions.
 *
 *   bytes out:  builder -> mcr_vici_encode*() / mcr_vici_cmd_*() -> frame
 *               (4-byte big-endian length + packet), written as is.
 *   bytes in:   socket -> mcr_vici_reader_feed() -> mcr_vici_reader_next()
 *               -> packet -> mcr_vici_parse() -> tree -> mcr_vici_get() /
 *               mcr_vici_decode_sa_event() / mcr_vici_response_check().
 *
 * Wire format (strongSwan src/libcharon/plugins/vici/README.md):
 *   frame   = len32 (big endian, not counting itself) packet
 *   packet  = type8 [name8-len name] message   (name on types 0, 3, 4, 7)
 *   message = element*
 *   element = SECTION_START name8 | SECTION_END | KEY_VALUE name8 value16
 *           | LIST_START name8 | LIST_ITEM value16 | LIST_END
 * where nameN/valueN is an N-bit big-endian length then that many bytes.
 * Sections nest, lists do not, lists hold only items, sections and
 * key/values never appear inside a list.
 *
 * Values are blobs; charon uses non-NUL-terminated strings.  The parser
 * adds a NUL after every name and value (and keeps the length), so string
 * values can be used directly.
 *
 * Frames of load-shared carry a PSK: every buffer this module frees is
 * wiped first (builders, frames, reader buffer, parsed trees).
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MCR_VICI_H
#define MCR_VICI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mcr/error.h"

/* charon's limit on one transport segment (the packet, without len32). */
#define MCR_VICI_MAX_MSGLEN (512 * 1024)
/* Our nesting limit for sections, in the builder and in the parser. */
#define MCR_VICI_MAX_DEPTH 16
/* Length of the frame header (len32). */
#define MCR_VICI_HDRLEN 4

/* Packet types (first byte of a packet). */
enum mcr_vici_ptype {
	MCR_VICI_CMD_REQUEST = 0,
	MCR_VICI_CMD_RESPONSE = 1,
	MCR_VICI_CMD_UNKNOWN = 2,
	MCR_VICI_EVENT_REGISTER = 3,
	MCR_VICI_EVENT_UNREGISTER = 4,
	MCR_VICI_EVENT_CONFIRM = 5,
	MCR_VICI_EVENT_UNKNOWN = 6,
	MCR_VICI_EVENT = 7,
	MCR_VICI_PTYPE_MAX,
};

/* Message element types. */
enum mcr_vici_etype {
	MCR_VICI_SECTION_START = 1,
	MCR_VICI_SECTION_END = 2,
	MCR_VICI_KEY_VALUE = 3,
	MCR_VICI_LIST_START = 4,
	MCR_VICI_LIST_ITEM = 5,
	MCR_VICI_LIST_END = 6,
};

/* An owned byte buffer (a frame to send, or a packet received). */
struct mcr_vici_frame {
	uint8_t *data;
	size_t len;
};

/* Wipe and free @f's bytes; @f becomes empty.  Safe on an empty frame. */
void mcr_vici_frame_release(struct mcr_vici_frame *f);

/* ---------------------------------------------------------------------
 * Message builder.
 *
 * Calls append elements; the first misuse (name > 255 bytes, value > 65535
 * bytes, key/value or section inside a list, item outside a list, end
 * without begin, nesting deeper than MCR_VICI_MAX_DEPTH, message larger
 * than MCR_VICI_MAX_MSGLEN) is remembered and reported by
 * mcr_vici_builder_error() and by the encoders, so that a message can be
 * built without checking every call.  Each call is O(length of its
 * arguments), amortized.
 */
struct mcr_vici_builder;

struct mcr_vici_builder *mcr_vici_builder_new(void);
void mcr_vici_builder_free(struct mcr_vici_builder *b);

void mcr_vici_add_kv(struct mcr_vici_builder *b, const char *key,
		     const char *value);
void mcr_vici_add_kv_blob(struct mcr_vici_builder *b, const char *key,
			  const void *value, size_t len);
void mcr_vici_add_kvf(struct mcr_vici_builder *b, const char *key,
		      const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void mcr_vici_begin_section(struct mcr_vici_builder *b, const char *name);
void mcr_vici_end_section(struct mcr_vici_builder *b);
void mcr_vici_begin_list(struct mcr_vici_builder *b, const char *name);
void mcr_vici_add_item(struct mcr_vici_builder *b, const char *value);
void mcr_vici_end_list(struct mcr_vici_builder *b);
/* A whole list from @n strings. */
void mcr_vici_add_list(struct mcr_vici_builder *b, const char *name,
		       const char *const *items, size_t n);

/* MCR_OK, or the first error recorded (copied into @eb). O(1). */
enum mcr_err mcr_vici_builder_error(const struct mcr_vici_builder *b,
				    struct mcr_errbuf *eb);
/* Raw message bytes built so far (no packet header). */
const uint8_t *mcr_vici_builder_data(const struct mcr_vici_builder *b,
				     size_t *len);

/* ---------------------------------------------------------------------
 * Packet encoders.  Each produces a complete frame (len32 + packet) in
 * @out, which the caller releases with mcr_vici_frame_release().  @msg may
 * be NULL (empty message) and is not consumed.  Fail with MCR_EINVAL (bad
 * name, open sections/lists, builder error) or MCR_ELIMIT (too long),
 * leaving @out empty.  O(message length).
 */
enum mcr_err mcr_vici_encode(enum mcr_vici_ptype type, const char *name,
			     const struct mcr_vici_builder *msg,
			     struct mcr_vici_frame *out, struct mcr_errbuf *eb);
enum mcr_err mcr_vici_encode_cmd(const char *cmd,
				 const struct mcr_vici_builder *msg,
				 struct mcr_vici_frame *out,
				 struct mcr_errbuf *eb);
enum mcr_err mcr_vici_encode_register(const char *event,
				      struct mcr_vici_frame *out,
				      struct mcr_errbuf *eb);
enum mcr_err mcr_vici_encode_unregister(const char *event,
					struct mcr_vici_frame *out,
					struct mcr_errbuf *eb);

/* ---------------------------------------------------------------------
 * Frame reassembler: feed arbitrary chunks read from the socket, take out
 * whole packets.
 */
struct mcr_vici_reader;

/* @max_msglen 0 means MCR_VICI_MAX_MSGLEN. */
struct mcr_vici_reader *mcr_vici_reader_new(size_t max_msglen);
void mcr_vici_reader_free(struct mcr_vici_reader *r);

/*
 * Append @len bytes.  Fails with MCR_ELIMIT ("VICI message of N bytes
 * exceeds the limit of M") as soon as a frame header announces more than
 * the limit; the reader is then broken (every later call fails the same
 * way) and the connection must be dropped and the reader freed.
 * Amortized O(len).  Call mcr_vici_reader_next() until MCR_EAGAIN after
 * each feed, so that at most one partial frame stays buffered.
 */
enum mcr_err mcr_vici_reader_feed(struct mcr_vici_reader *r, const void *data,
				  size_t len, struct mcr_errbuf *eb);
/*
 * Take the next whole packet (type byte onwards, without len32) into
 * @pkt (release it with mcr_vici_frame_release).  MCR_EAGAIN if no whole
 * packet is buffered yet; MCR_ELIMIT / MCR_EINVAL (zero-length frame) if
 * the stream is broken.  O(packet length).
 */
enum mcr_err mcr_vici_reader_next(struct mcr_vici_reader *r,
				  struct mcr_vici_frame *pkt,
				  struct mcr_errbuf *eb);
/* Bytes buffered but not yet returned as packets. */
size_t mcr_vici_reader_pending(const struct mcr_vici_reader *r);

/* ---------------------------------------------------------------------
 * Parsed messages: a tree.
 *
 * Invariant: the root is a SECTION named ""; a SECTION's children are
 * SECTION, KV and LIST nodes in wire order; a LIST's children are ITEM
 * nodes; KV and ITEM nodes have no children; name and value are always
 * NUL-terminated (value may also contain NULs: use vlen).  Read-only for
 * callers.
 */
enum mcr_vici_ntype {
	MCR_VICI_N_SECTION,
	MCR_VICI_N_KV,
	MCR_VICI_N_LIST,
	MCR_VICI_N_ITEM,
};

struct mcr_vici_node {
	enum mcr_vici_ntype type;
	const char *name;  /* "" for ITEM and root */
	const char *value; /* KV and ITEM; "" otherwise */
	size_t vlen;
	struct mcr_vici_node *child; /* first child (SECTION, LIST) */
	struct mcr_vici_node *next;  /* next sibling */
	size_t alloc_;		     /* private: allocation size */
};

struct mcr_vici_msg {
	enum mcr_vici_ptype type;
	char name[256]; /* packet name ("" for unnamed types) */
	struct mcr_vici_node *root;
};

/*
 * Parse one packet (as returned by mcr_vici_reader_next).  Malformed input
 * (truncated, unknown packet or element type, section underflow, nesting
 * beyond MCR_VICI_MAX_DEPTH, unbalanced sections or lists, elements where
 * the grammar forbids them, bytes after a message-less packet, packet
 * longer than MCR_VICI_MAX_MSGLEN) fails with MCR_EINVAL and a message
 * naming the offset.  O(len).
 */
enum mcr_err mcr_vici_parse(const uint8_t *pkt, size_t len,
			    struct mcr_vici_msg **out, struct mcr_errbuf *eb);
void mcr_vici_msg_free(struct mcr_vici_msg *m);

/* Direct child of section/list @n named @name, any type; NULL if none. */
const struct mcr_vici_node *mcr_vici_child(const struct mcr_vici_node *n,
					   const char *name);
/*
 * Node at "a/b/c" below @n (each component a child name); NULL if absent.
 * Names containing '/' cannot be reached this way: use mcr_vici_child.
 * O(path length * siblings).
 */
const struct mcr_vici_node *mcr_vici_find(const struct mcr_vici_node *n,
					  const char *path);
/* Value of the KV at @path below the message root, NULL if absent or not
 * a key/value. */
const char *mcr_vici_get(const struct mcr_vici_msg *m, const char *path);
/* Same, below node @n. */
const char *mcr_vici_node_get(const struct mcr_vici_node *n, const char *path);
/* Number of children of @n (items of a list, entries of a section). */
size_t mcr_vici_count(const struct mcr_vici_node *n);

/* ---------------------------------------------------------------------
 * Command builders.  Each fills @out with a complete CMD_REQUEST frame.
 * Strings that are NULL and numbers that are 0 are left out (charon's
 * default applies).  Fail with MCR_EINVAL on a missing required field or
 * an encoding error.
 */
struct mcr_vici_strv {
	const char *const *v;
	size_t n;
};

struct mcr_vici_child_cfg {
	const char *name;		    /* required */
	struct mcr_vici_strv local_ts;	    /* "10.0.0.0/8", ... */
	struct mcr_vici_strv remote_ts;
	struct mcr_vici_strv esp_proposals; /* "aes256gcm16-modp2048" */
	const char *mode;		    /* tunnel | transport */
	const char *start_action;	    /* none | trap | start */
	const char *dpd_action;		    /* clear | trap | restart */
	const char *close_action;	    /* none | trap | start */
	uint32_t rekey_time;		    /* seconds */
	uint32_t life_time;		    /* seconds */
	uint32_t if_id_in;		    /* XFRM interface id */
	uint32_t if_id_out;
};

struct mcr_vici_conn_cfg {
	const char *name;	       /* required: IKE config name */
	unsigned version;	       /* 1 or 2 (0: omit) */
	struct mcr_vici_strv local_addrs;
	struct mcr_vici_strv remote_addrs;
	struct mcr_vici_strv proposals; /* IKE proposals */
	const char *local_auth;	       /* NULL: "psk" */
	const char *local_id;
	const char *remote_auth;       /* NULL: "psk" */
	const char *remote_id;
	uint32_t dpd_delay;	       /* seconds */
	uint32_t rekey_time;	       /* IKE rekey, seconds */
	uint32_t keyingtries;	       /* 0: omit (charon default 1) */
	const struct mcr_vici_child_cfg *children;
	size_t n_children;
};

enum mcr_err mcr_vici_cmd_load_conn(const struct mcr_vici_conn_cfg *c,
				    struct mcr_vici_frame *out,
				    struct mcr_errbuf *eb);
/* load-shared { id, type, data, owners[] }.  @id may be NULL. */
enum mcr_err mcr_vici_cmd_load_shared(const char *id, const char *type,
				      const void *data, size_t len,
				      struct mcr_vici_strv owners,
				      struct mcr_vici_frame *out,
				      struct mcr_errbuf *eb);
enum mcr_err mcr_vici_cmd_unload_conn(const char *name,
				      struct mcr_vici_frame *out,
				      struct mcr_errbuf *eb);
enum mcr_err mcr_vici_cmd_unload_shared(const char *id,
					struct mcr_vici_frame *out,
					struct mcr_errbuf *eb);
/* initiate { child, ike, timeout, init-limits }: @timeout_ms -1 returns at
 * once (follow the result through events), 0 waits for ever. */
enum mcr_err mcr_vici_cmd_initiate(const char *child, const char *ike,
				   int timeout_ms, bool init_limits,
				   struct mcr_vici_frame *out,
				   struct mcr_errbuf *eb);
/* terminate by configuration name (@ike and/or @child) or by unique id
 * (@ike_id / @child_id non-zero). */
struct mcr_vici_terminate {
	const char *ike;
	const char *child;
	uint32_t ike_id;
	uint32_t child_id;
	bool force;
	int timeout_ms;
};
enum mcr_err mcr_vici_cmd_terminate(const struct mcr_vici_terminate *t,
				    struct mcr_vici_frame *out,
				    struct mcr_errbuf *eb);
/* list-sas { noblock, ike }; @ike may be NULL. */
enum mcr_err mcr_vici_cmd_list_sas(const char *ike, bool noblock,
				   struct mcr_vici_frame *out,
				   struct mcr_errbuf *eb);
enum mcr_err mcr_vici_cmd_version(struct mcr_vici_frame *out,
				  struct mcr_errbuf *eb);

/* ---------------------------------------------------------------------
 * Decoders.
 */

/*
 * Outcome of a command: CMD_RESPONSE with success=yes, or without a
 * success key (version, list-sas) -> MCR_OK; success=no -> MCR_EIO with
 * "charon: <errmsg>"; CMD_UNKNOWN -> MCR_EUNSUPP; EVENT_CONFIRM -> MCR_OK;
 * EVENT_UNKNOWN -> MCR_EUNSUPP; any other packet -> MCR_EINVAL.  O(n).
 */
enum mcr_err mcr_vici_response_check(const struct mcr_vici_msg *m,
				     struct mcr_errbuf *eb);

#define MCR_VICI_NAME_LEN 64  /* IKE/CHILD names, states (with NUL) */
#define MCR_VICI_HOST_LEN 48  /* an IPv4/IPv6 address (with NUL) */
#define MCR_VICI_MAX_CHILDREN 16

enum mcr_vici_evtype {
	MCR_VICI_EV_IKE_UPDOWN,
	MCR_VICI_EV_CHILD_UPDOWN,
	MCR_VICI_EV_IKE_REKEY,
	MCR_VICI_EV_CHILD_REKEY,
	MCR_VICI_EV_LIST_SA,
};

struct mcr_vici_child_info {
	char name[MCR_VICI_NAME_LEN];  /* CHILD config name */
	char state[MCR_VICI_NAME_LEN]; /* INSTALLED, REKEYED, DELETING, ... */
	uint32_t uniqueid;
	uint32_t reqid;
	uint64_t install_time;	       /* seconds since installed */
	uint64_t bytes_in, bytes_out;
};

struct mcr_vici_ike_info {
	char name[MCR_VICI_NAME_LEN];  /* IKE config name */
	char state[MCR_VICI_NAME_LEN]; /* ESTABLISHED, CONNECTING, ... */
	uint32_t uniqueid;
	char local_host[MCR_VICI_HOST_LEN];
	char remote_host[MCR_VICI_HOST_LEN];
	bool has_established;
	uint64_t established;	       /* seconds since established */
};

struct mcr_vici_sa_event {
	enum mcr_vici_evtype type;
	bool up;		      /* ike-updown / child-updown */
	struct mcr_vici_ike_info ike; /* ike-rekey: the new IKE_SA */
	uint32_t old_ike_uniqueid;    /* ike-rekey */
	/* child-updown: the affected child; child-rekey: [0] is the new
	 * CHILD_SA and old_child the replaced one; list-sa: all of them. */
	struct mcr_vici_child_info children[MCR_VICI_MAX_CHILDREN];
	size_t n_children;
	size_t children_dropped;      /* past MCR_VICI_MAX_CHILDREN */
	struct mcr_vici_child_info old_child;
};

/*
 * Decode an EVENT packet named ike-updown, child-updown, ike-rekey,
 * child-rekey or list-sa.  MCR_ENOENT for other event names (log, ...);
 * MCR_EINVAL with a message if the expected structure is missing
 * (no IKE section, bad number, name too long).  O(n).
 */
enum mcr_err mcr_vici_decode_sa_event(const struct mcr_vici_msg *m,
				      struct mcr_vici_sa_event *ev,
				      struct mcr_errbuf *eb);

#endif /* MCR_VICI_H */
