/*
 * libmcr frames: the export stream and checkpoint format of
 * proto/mcr.proto, framed for byte streams.
 *
 * A frame is a 4-byte big-endian payload length L (1 <= L <= the
 * decoder's maximum, at most MCR_FRAME_MAX) followed by L bytes: one
 * packed mcr.Frame.  Encoders append whole frames to a growable buffer
 * (struct mcr_fbuf); the incremental decoder takes bytes in arbitrary
 * chunks and returns whole, decoded frames.
 *
 * Encoding: each libmcr delta (mcr/pipeline.h) is one frame whose body
 * is the matching message (route-* RouteChange, export-* ExportChange,
 * conflict-* ConflictEvent, limit-* LimitEvent, pending-* PendingEvent,
 * refused/accepted DecisionEvent); tunnel events, the Hello header and
 * the Checkpoint (built with struct mcr_ckpt) have their own encoders.
 * Encoding builds the protobuf-c message on the stack pointing at the
 * caller's data, then packs it in place: O(size of the frame).
 *
 * Decoding: protobuf-c's unpacker with an allocator on mcr_malloc
 * (MCR_MT_FRAME).  Errors, each with a message naming the stream offset:
 *   bad length    -- 0 or above the maximum: the framing is lost, the
 *                    decoder stays failed (MCR_EINVAL, then again);
 *   undecodable   -- the payload is not a mcr.Frame: that frame is
 *                    skipped, decoding continues (MCR_EINVAL once);
 *   unknown body  -- no body or one this version does not know (a newer
 *                    writer): skipped likewise (MCR_EINVAL once);
 *   truncated     -- input ended inside a frame (mcr_frame_dec_finish).
 * No I/O, no clock: callers pass the time in struct mcr_frame_meta.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MCR_FRAME_H
#define MCR_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mcr/error.h"
#include "mcr/pipeline.h"
#include "mcr/tunnel.h"
#include "mcr/frame_pb.h"

/* Length prefix size, and the largest payload the format allows. */
#define MCR_FRAME_HDR 4
#define MCR_FRAME_MAX (64u << 20)
/* Hello.version written by this code. */
#define MCR_FRAME_VERSION 1

/* ---- output buffer */

/* Invariant: data[off..len) are the bytes not yet consumed; len <= cap. */
struct mcr_fbuf {
	uint8_t *data;
	size_t off, len, cap;
};

void mcr_fbuf_init(struct mcr_fbuf *b);
/* Free the storage; the buffer is empty and reusable. */
void mcr_fbuf_fini(struct mcr_fbuf *b);
/* Bytes not yet consumed. O(1). */
static inline size_t mcr_fbuf_size(const struct mcr_fbuf *b)
{
	return b->len - b->off;
}
static inline const uint8_t *mcr_fbuf_head(const struct mcr_fbuf *b)
{
	return b->data + b->off;
}
/* Drop @n (<= size) bytes from the front.  Amortized O(1). */
void mcr_fbuf_consume(struct mcr_fbuf *b, size_t n);
/* Append raw bytes (another buffer's frames). O(n). */
void mcr_fbuf_put(struct mcr_fbuf *b, const void *data, size_t n);

/* ---- encoders: each appends one whole frame to @out, or fails with
 * MCR_EINVAL (a value the format cannot carry) / MCR_ELIMIT (larger than
 * MCR_FRAME_MAX) leaving @out unchanged. */

struct mcr_frame_meta {
	uint64_t seq;
	uint64_t time_ms;
	uint64_t batch;
};

enum mcr_err mcr_frame_put_delta(struct mcr_fbuf *out,
				 const struct mcr_frame_meta *m,
				 const struct mcr_delta *d,
				 struct mcr_errbuf *eb);

/* A tunnel's state as the daemon reports it (no key material exists
 * here to leak).  @attach, @reason may be NULL. */
struct mcr_frame_tunnel {
	const char *name;
	const char *attach;
	enum mcr_tunnel_state state, old_state;
	bool up;
	uint32_t sa_count;
	const char *reason;
};

enum mcr_err mcr_frame_put_tunnel(struct mcr_fbuf *out,
				  const struct mcr_frame_meta *m,
				  const struct mcr_frame_tunnel *t,
				  struct mcr_errbuf *eb);

struct mcr_frame_hello {
	const char *daemon;
	const char *daemon_version;
	uint32_t pid;
	uint64_t start_time;
};

enum mcr_err mcr_frame_put_hello(struct mcr_fbuf *out,
				 const struct mcr_frame_meta *m,
				 const struct mcr_frame_hello *h,
				 struct mcr_errbuf *eb);

/* ---- checkpoint builder: tables (with their routes), exports, tunnels;
 * strings are copied.  Tables keep the order they were first named in. */

struct mcr_ckpt;

struct mcr_ckpt *mcr_ckpt_new(void);
void mcr_ckpt_free(struct mcr_ckpt *ck);
/* Add table @name (no-op if present; the kernel id is updated). O(t). */
void mcr_ckpt_table(struct mcr_ckpt *ck, const char *name,
		    uint32_t kernel_id);
/* Add a route: @d is a MCR_D_ROUTE_INSTALL delta (its table is added if
 * needed).  MCR_EINVAL for another delta type or a bad prefix. O(t + nnh).
 */
enum mcr_err mcr_ckpt_route(struct mcr_ckpt *ck, const struct mcr_delta *d,
			    struct mcr_errbuf *eb);
void mcr_ckpt_export(struct mcr_ckpt *ck, const char *attach,
		     const struct mcr_prefix *p, bool summary);
void mcr_ckpt_tunnel(struct mcr_ckpt *ck, const struct mcr_frame_tunnel *t);
void mcr_ckpt_set_seq(struct mcr_ckpt *ck, uint64_t core_seq);
size_t mcr_ckpt_route_count(const struct mcr_ckpt *ck);
/* Add every table of @c with its selected routes (as the pipeline would
 * install them), every export's advertised prefixes, and the core's
 * sequence number. O(routes). */
void mcr_ckpt_from_core(struct mcr_ckpt *ck, const struct mcr_core *c);

enum mcr_err mcr_frame_put_checkpoint(struct mcr_fbuf *out,
				      const struct mcr_frame_meta *m,
				      const struct mcr_ckpt *ck,
				      struct mcr_errbuf *eb);

/* ---- decoding */

/* Decode one payload (no length prefix).  MCR_EINVAL: undecodable or
 * unknown body.  Free *out with mcr_frame_free. O(len). */
enum mcr_err mcr_frame_decode(const void *payload, size_t len,
			      Mcr__Frame **out, struct mcr_errbuf *eb);
void mcr_frame_free(Mcr__Frame *f);
/* "route", "checkpoint", ... for a body case; "?" if unknown. */
const char *mcr_frame_body_name(Mcr__Frame__BodyCase c);

struct mcr_frame_dec;

/* @max_frame: largest payload accepted, 0 = MCR_FRAME_MAX (also the
 * upper bound). */
struct mcr_frame_dec *mcr_frame_dec_new(size_t max_frame);
void mcr_frame_dec_free(struct mcr_frame_dec *dec);
/* Buffer @len bytes of input. Amortized O(len). */
void mcr_frame_dec_feed(struct mcr_frame_dec *dec, const void *data,
			size_t len);
/*
 * Next whole frame: MCR_OK with *out set (mcr_frame_free it);
 * MCR_EAGAIN when more input is needed; MCR_EINVAL for a malformed frame
 * (see the file comment for which errors decoding survives).
 * Call until it returns MCR_EAGAIN after each feed. O(frame).
 */
enum mcr_err mcr_frame_dec_next(struct mcr_frame_dec *dec, Mcr__Frame **out,
				struct mcr_errbuf *eb);
/* End of input: MCR_OK if no partial frame is buffered, else MCR_EINVAL
 * ("truncated"); a failed decoder repeats its error. */
enum mcr_err mcr_frame_dec_finish(struct mcr_frame_dec *dec,
				  struct mcr_errbuf *eb);
/* Stream offset of the next frame's first byte; frames decoded so far. */
uint64_t mcr_frame_dec_offset(const struct mcr_frame_dec *dec);
uint64_t mcr_frame_dec_count(const struct mcr_frame_dec *dec);
bool mcr_frame_dec_failed(const struct mcr_frame_dec *dec);

/* ---- decoded values back into libmcr types (validated) */

/* MCR_EINVAL unless @p is a canonical prefix of a known family. */
enum mcr_err mcr_frame_prefix_get(const Mcr__Prefix *p,
				  struct mcr_prefix *out,
				  struct mcr_errbuf *eb);
/*
 * The delta a frame's body encodes (bodies route, export, conflict,
 * limit, pending, decision).  Names point into @f; nexthops are written
 * to @nh (at most @nh_max, MCR_ELIMIT beyond).  MCR_EINVAL for another
 * body or invalid values.  O(nexthops).
 */
enum mcr_err mcr_frame_delta_get(const Mcr__Frame *f, struct mcr_delta *d,
				 struct mcr_nexthop *nh, size_t nh_max,
				 struct mcr_errbuf *eb);
/* The same for one route of a checkpoint (or a RouteChange body). */
enum mcr_err mcr_frame_route_get(const Mcr__RouteChange *rc,
				 struct mcr_delta *d, struct mcr_nexthop *nh,
				 size_t nh_max, struct mcr_errbuf *eb);

#endif /* MCR_FRAME_H */
