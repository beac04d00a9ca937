/*
 * Unit tests for lib/vici.c: byte vectors (including the encoding example
 * of strongSwan's vici README), builder misuse, frame reassembly, parser
 * rejections, command builders, event decoding, and random truncation /
 * corruption that must never crash (run under ASan/UBSan).
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcr/mem.h"
#include "mcr/vici.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The message from the "Encoding example" of the vici README. */
static const uint8_t readme_msg[] = {
	/* key1 = value1 */
	3, 4, 'k', 'e', 'y', '1', 0, 6, 'v', 'a', 'l', 'u', 'e', '1',
	/* section1 */
	1, 8, 's', 'e', 'c', 't', 'i', 'o', 'n', '1',
	/* sub-section */
	1, 11, 's', 'u', 'b', '-', 's', 'e', 'c', 't', 'i', 'o', 'n',
	/* key2 = value2 */
	3, 4, 'k', 'e', 'y', '2', 0, 6, 'v', 'a', 'l', 'u', 'e', '2',
	/* sub-section end */
	2,
	/* list1 */
	4, 5, 'l', 'i', 's', 't', '1',
	/* item1, item2 */
	5, 0, 5, 'i', 't', 'e', 'm', '1', 5, 0, 5, 'i', 't', 'e', 'm', '2',
	/* list1 end, section1 end */
	6, 2,
};

static void teardown(void)
{
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
	ck_assert_uint_eq(mcr_mem_total_objects(), 0);
}

static struct mcr_vici_builder *readme_builder(void)
{
	struct mcr_vici_builder *b = mcr_vici_builder_new();
	const char *items[] = {"item1", "item2"};

	mcr_vici_add_kv(b, "key1", "value1");
	mcr_vici_begin_section(b, "section1");
	mcr_vici_begin_section(b, "sub-section");
	mcr_vici_add_kv(b, "key2", "value2");
	mcr_vici_end_section(b);
	mcr_vici_add_list(b, "list1", items, 2);
	mcr_vici_end_section(b);
	return b;
}

/* Packet bytes (type + name + message) from a frame, checking len32. */
static const uint8_t *frame_pkt(const struct mcr_vici_frame *f, size_t *len)
{
	ck_assert_uint_ge(f->len, 5);
	*len = (size_t)f->data[0] << 24 | (size_t)f->data[1] << 16 |
	       (size_t)f->data[2] << 8 | f->data[3];
	ck_assert_uint_eq(*len + 4, f->len);
	return f->data + 4;
}

/* Parse a frame produced by an encoder. */
static struct mcr_vici_msg *parse_frame(const struct mcr_vici_frame *f)
{
	struct mcr_vici_msg *m;
	struct mcr_errbuf eb = {{0}};
	size_t len;
	const uint8_t *p = frame_pkt(f, &len);

	ck_assert_msg(mcr_vici_parse(p, len, &m, &eb) == MCR_OK, "%s",
		      eb.msg);
	return m;
}

START_TEST(readme_example_encodes)
{
	struct mcr_vici_builder *b = readme_builder();
	size_t len;
	const uint8_t *d;

	ck_assert_int_eq(mcr_vici_builder_error(b, NULL), MCR_OK);
	d = mcr_vici_builder_data(b, &len);
	ck_assert_uint_eq(len, sizeof(readme_msg));
	ck_assert_mem_eq(d, readme_msg, sizeof(readme_msg));
	mcr_vici_builder_free(b);
	teardown();
}
END_TEST

START_TEST(readme_example_parses)
{
	uint8_t pkt[1 + sizeof(readme_msg)];
	struct mcr_vici_msg *m;
	const struct mcr_vici_node *l, *it;

	pkt[0] = MCR_VICI_CMD_RESPONSE;
	memcpy(pkt + 1, readme_msg, sizeof(readme_msg));
	ck_assert_int_eq(mcr_vici_parse(pkt, sizeof(pkt), &m, NULL), MCR_OK);
	ck_assert_int_eq(m->type, MCR_VICI_CMD_RESPONSE);
	ck_assert_str_eq(m->name, "");
	ck_assert_str_eq(mcr_vici_get(m, "key1"), "value1");
	ck_assert_str_eq(mcr_vici_get(m, "section1/sub-section/key2"),
			 "value2");
	ck_assert_ptr_null(mcr_vici_get(m, "section1/sub-section"));
	ck_assert_ptr_null(mcr_vici_get(m, "section1/nope"));
	ck_assert_ptr_null(mcr_vici_get(m, "key1/x"));
	ck_assert_uint_eq(mcr_vici_count(m->root), 2);
	l = mcr_vici_find(m->root, "section1/list1");
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(l->type, MCR_VICI_N_LIST);
	ck_assert_uint_eq(mcr_vici_count(l), 2);
	it = l->child;
	ck_assert_int_eq(it->type, MCR_VICI_N_ITEM);
	ck_assert_str_eq(it->value, "item1");
	ck_assert_uint_eq(it->vlen, 5);
	ck_assert_str_eq(it->next->value, "item2");
	ck_assert_ptr_null(it->next->next);
	mcr_vici_msg_free(m);
	teardown();
}
END_TEST

START_TEST(packet_encoders_bytes)
{
	static const uint8_t version[] = {0, 0, 0, 9, 0, 7, 'v', 'e',
					  'r', 's', 'i', 'o', 'n'};
	static const uint8_t reg[] = {0, 0, 0, 12, 3, 10, 'i', 'k',
				      'e', '-', 'u', 'p', 'd', 'o', 'w', 'n'};
	static const uint8_t unreg[] = {0, 0, 0, 9, 4, 7, 'l', 'i',
					's', 't', '-', 's', 'a'};
	/* unload-conn { name = t1 } */
	static const uint8_t unload[] = {0, 0, 0, 23, 0, 11, 'u', 'n', 'l',
					 'o', 'a', 'd', '-', 'c', 'o', 'n', 'n',
					 3, 4, 'n', 'a', 'm', 'e', 0, 2, 't',
					 '1'};
	struct mcr_vici_frame f;
	struct mcr_vici_builder *b;
	size_t len;

	ck_assert_int_eq(mcr_vici_cmd_version(&f, NULL), MCR_OK);
	ck_assert_uint_eq(f.len, sizeof(version));
	ck_assert_mem_eq(f.data, version, sizeof(version));
	mcr_vici_frame_release(&f);
	ck_assert_ptr_null(f.data);

	ck_assert_int_eq(mcr_vici_encode_register("ike-updown", &f, NULL),
			 MCR_OK);
	ck_assert_uint_eq(f.len, sizeof(reg));
	ck_assert_mem_eq(f.data, reg, sizeof(reg));
	mcr_vici_frame_release(&f);

	ck_assert_int_eq(mcr_vici_encode_unregister("list-sa", &f, NULL),
			 MCR_OK);
	ck_assert_uint_eq(f.len, sizeof(unreg));
	ck_assert_mem_eq(f.data, unreg, sizeof(unreg));
	mcr_vici_frame_release(&f);

	ck_assert_int_eq(mcr_vici_cmd_unload_conn("t1", &f, NULL), MCR_OK);
	ck_assert_uint_eq(f.len, sizeof(unload));
	ck_assert_mem_eq(f.data, unload, sizeof(unload));
	mcr_vici_frame_release(&f);

	/* A command wrapping the README message: header + name + message. */
	b = readme_builder();
	ck_assert_int_eq(mcr_vici_encode_cmd("x", b, &f, NULL), MCR_OK);
	ck_assert_mem_eq(frame_pkt(&f, &len), "\0\1x", 3);
	ck_assert_uint_eq(len, 3 + sizeof(readme_msg));
	ck_assert_mem_eq(f.data + 7, readme_msg, sizeof(readme_msg));
	mcr_vici_frame_release(&f);
	mcr_vici_builder_free(b);
	teardown();
}
END_TEST

START_TEST(encoder_rejects)
{
	struct mcr_vici_frame f = {0};
	struct mcr_errbuf eb = {{0}};
	struct mcr_vici_builder *b = mcr_vici_builder_new();
	char longname[300];

	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	ck_assert_int_eq(mcr_vici_encode_cmd("", NULL, &f, &eb), MCR_EINVAL);
	ck_assert_int_eq(mcr_vici_encode_cmd(longname, NULL, &f, &eb),
			 MCR_EINVAL);
	ck_assert_int_eq(mcr_vici_encode_cmd(NULL, NULL, &f, &eb), MCR_EINVAL);
	ck_assert_int_eq(mcr_vici_encode(MCR_VICI_PTYPE_MAX, "x", NULL, &f,
					 &eb),
			 MCR_EINVAL);
	/* EVENT_REGISTER carries no message. */
	ck_assert_int_eq(mcr_vici_encode(MCR_VICI_EVENT_REGISTER, "x", b, &f,
					 &eb),
			 MCR_EINVAL);
	/* Unclosed section. */
	mcr_vici_begin_section(b, "s");
	eb.msg[0] = 0;
	ck_assert_int_eq(mcr_vici_encode_cmd("x", b, &f, &eb), MCR_EINVAL);
	ck_assert_ptr_nonnull(strstr(eb.msg, "unclosed"));
	ck_assert_ptr_null(f.data);
	mcr_vici_builder_free(b);
	teardown();
}
END_TEST

/* Each misuse must be recorded as the builder's error. */
START_TEST(builder_misuse)
{
	char longname[300], *bigval;
	struct mcr_errbuf eb;
	struct mcr_vici_builder *b;
	enum mcr_err want[9];

	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	bigval = malloc(70000);
	memset(bigval, 'v', 69999);
	bigval[69999] = 0;
	for (unsigned i = 0; i < N(want); i++) {
		b = mcr_vici_builder_new();
		want[i] = MCR_EINVAL;
		switch (i) {
		case 0:
			mcr_vici_begin_list(b, "l");
			mcr_vici_add_kv(b, "k", "v");
			break;
		case 1:
			mcr_vici_add_item(b, "v");
			break;
		case 2:
			mcr_vici_end_section(b);
			break;
		case 3:
			mcr_vici_end_list(b);
			break;
		case 4:
			for (int d = 0; d <= MCR_VICI_MAX_DEPTH; d++)
				mcr_vici_begin_section(b, "s");
			break;
		case 5:
			mcr_vici_add_kv(b, longname, "v");
			break;
		case 6:
			mcr_vici_add_kv(b, "k", bigval);
			break;
		case 7:
			mcr_vici_begin_list(b, "l");
			mcr_vici_begin_section(b, "s");
			break;
		case 8:
			/* 9 values of 65535 bytes: more than 512 KiB. */
			for (int k = 0; k < 9; k++)
				mcr_vici_add_kv_blob(b, "k", bigval, 65535);
			want[i] = MCR_ELIMIT;
			break;
		}
		eb.msg[0] = 0;
		ck_assert_msg(mcr_vici_builder_error(b, &eb) == want[i],
			      "case %u", i);
		ck_assert_msg(eb.msg[0], "no message in case %u", i);
		/* Sticky: a valid call afterwards does not clear it. */
		mcr_vici_add_kv(b, "ok", "ok");
		ck_assert_int_eq(mcr_vici_builder_error(b, NULL), want[i]);
		mcr_vici_builder_free(b);
	}
	free(bigval);
	teardown();
}
END_TEST

START_TEST(reader_reassembles)
{
	struct mcr_vici_frame frames[4], pkt;
	struct mcr_vici_builder *b = readme_builder();
	struct mcr_vici_reader *r;
	uint8_t stream[4096];
	size_t slen = 0, pos, got;

	ck_assert_int_eq(mcr_vici_cmd_version(&frames[0], NULL), MCR_OK);
	ck_assert_int_eq(mcr_vici_encode(MCR_VICI_CMD_RESPONSE, NULL, b,
					 &frames[1], NULL),
			 MCR_OK);
	ck_assert_int_eq(mcr_vici_encode_register("child-updown", &frames[2],
						  NULL),
			 MCR_OK);
	ck_assert_int_eq(mcr_vici_cmd_unload_conn("t1", &frames[3], NULL),
			 MCR_OK);
	for (unsigned i = 0; i < N(frames); i++) {
		memcpy(stream + slen, frames[i].data, frames[i].len);
		slen += frames[i].len;
	}
	srandom(42);
	/* Chunk sizes: 1 byte at a time, the whole stream, random. */
	for (unsigned round = 0; round < 50; round++) {
		r = mcr_vici_reader_new(0);
		pos = got = 0;
		while (pos < slen) {
			size_t chunk = round == 0   ? 1
				       : round == 1 ? slen
						    : 1 + (size_t)random() % 20;

			if (chunk > slen - pos)
				chunk = slen - pos;
			ck_assert_int_eq(mcr_vici_reader_feed(r, stream + pos,
							      chunk, NULL),
					 MCR_OK);
			pos += chunk;
			while (mcr_vici_reader_next(r, &pkt, NULL) == MCR_OK) {
				ck_assert_uint_lt(got, N(frames));
				ck_assert_uint_eq(pkt.len + 4,
						  frames[got].len);
				ck_assert_mem_eq(pkt.data,
						 frames[got].data + 4, pkt.len);
				mcr_vici_frame_release(&pkt);
				got++;
			}
		}
		ck_assert_uint_eq(got, N(frames));
		ck_assert_uint_eq(mcr_vici_reader_pending(r), 0);
		ck_assert_int_eq(mcr_vici_reader_next(r, &pkt, NULL),
				 MCR_EAGAIN);
		mcr_vici_reader_free(r);
	}
	for (unsigned i = 0; i < N(frames); i++)
		mcr_vici_frame_release(&frames[i]);
	mcr_vici_builder_free(b);
	teardown();
}
END_TEST

START_TEST(reader_limits)
{
	/* 512 KiB + 1 announced: rejected on the header alone. */
	static const uint8_t huge[] = {0, 8, 0, 1, 1};
	static const uint8_t small[] = {0, 0, 0, 40, 1};
	static const uint8_t zero[] = {0, 0, 0, 0};
	struct mcr_vici_reader *r = mcr_vici_reader_new(0);
	struct mcr_vici_frame pkt;
	struct mcr_errbuf eb = {{0}};

	ck_assert_int_eq(mcr_vici_reader_feed(r, huge, 3, &eb), MCR_OK);
	ck_assert_int_eq(mcr_vici_reader_next(r, &pkt, &eb), MCR_EAGAIN);
	ck_assert_int_eq(mcr_vici_reader_feed(r, huge + 3, 2, &eb),
			 MCR_ELIMIT);
	ck_assert_str_eq(eb.msg,
			 "VICI message of 524289 bytes exceeds the limit of 524288");
	/* Broken for good. */
	ck_assert_int_eq(mcr_vici_reader_next(r, &pkt, NULL), MCR_ELIMIT);
	ck_assert_int_eq(mcr_vici_reader_feed(r, small, 1, NULL), MCR_ELIMIT);
	mcr_vici_reader_free(r);

	/* A custom limit. */
	r = mcr_vici_reader_new(32);
	ck_assert_int_eq(mcr_vici_reader_feed(r, small, sizeof(small), &eb),
			 MCR_ELIMIT);
	mcr_vici_reader_free(r);

	r = mcr_vici_reader_new(0);
	ck_assert_int_eq(mcr_vici_reader_feed(r, zero, sizeof(zero), &eb),
			 MCR_EINVAL);
	mcr_vici_reader_free(r);
	teardown();
}
END_TEST

struct badvec {
	const char *what;
	size_t len;
	uint8_t b[24];
};

START_TEST(parser_rejects)
{
	static const struct badvec bad[] = {
		{"empty", 0, {0}},
		{"bad packet type", 1, {8}},
		{"name truncated", 3, {0, 5, 'a'}},
		{"name length missing", 1, {7}},
		{"bad element type", 2, {1, 9}},
		{"element type 0", 2, {1, 0}},
		{"section underflow", 2, {1, 2}},
		{"unterminated section", 4, {1, 1, 1, 's'}},
		{"unterminated list", 4, {1, 4, 1, 'l'}},
		{"kv truncated value", 7, {1, 3, 1, 'k', 0, 5, 'a'}},
		{"kv truncated length", 5, {1, 3, 1, 'k', 0}},
		{"kv in list", 12, {1, 4, 1, 'l', 3, 1, 'k', 0, 1, 'v', 6}},
		{"item outside list", 5, {1, 5, 0, 1, 'v'}},
		{"list end outside list", 2, {1, 6}},
		{"section in list", 8, {1, 4, 1, 'l', 1, 1, 's', 2}},
		{"list in list", 9, {1, 4, 1, 'l', 4, 1, 'm', 6, 6}},
		{"section end in list", 5, {1, 4, 1, 'l', 2}},
		{"stray bytes after confirm", 2, {5, 1}},
		{"stray bytes after register", 4, {3, 1, 'x', 1}},
		{"section name truncated", 3, {1, 1, 4}},
	};
	struct mcr_vici_msg *m = (void *)1;
	struct mcr_errbuf eb;

	for (unsigned i = 0; i < N(bad); i++) {
		eb.msg[0] = 0;
		ck_assert_msg(mcr_vici_parse(bad[i].b, bad[i].len, &m, &eb) ==
				      MCR_EINVAL,
			      "accepted: %s", bad[i].what);
		ck_assert_msg(eb.msg[0], "no message: %s", bad[i].what);
		ck_assert_ptr_null(m);
	}
	teardown();
}
END_TEST

START_TEST(parser_depth_limit)
{
	uint8_t pkt[1 + 3 * (MCR_VICI_MAX_DEPTH + 1) + MCR_VICI_MAX_DEPTH + 1];
	struct mcr_vici_msg *m;
	struct mcr_errbuf eb;
	size_t n;

	/* MCR_VICI_MAX_DEPTH nested sections parse; one more does not. */
	for (unsigned depth = MCR_VICI_MAX_DEPTH;
	     depth <= MCR_VICI_MAX_DEPTH + 1; depth++) {
		n = 0;
		pkt[n++] = MCR_VICI_CMD_RESPONSE;
		for (unsigned d = 0; d < depth; d++) {
			pkt[n++] = MCR_VICI_SECTION_START;
			pkt[n++] = 1;
			pkt[n++] = 's';
		}
		for (unsigned d = 0; d < depth; d++)
			pkt[n++] = MCR_VICI_SECTION_END;
		eb.msg[0] = 0;
		if (depth == MCR_VICI_MAX_DEPTH) {
			ck_assert_int_eq(mcr_vici_parse(pkt, n, &m, &eb),
					 MCR_OK);
			ck_assert_ptr_nonnull(
				mcr_vici_find(m->root, "s/s/s/s/s/s/s/s"));
			mcr_vici_msg_free(m);
		} else {
			ck_assert_int_eq(mcr_vici_parse(pkt, n, &m, &eb),
					 MCR_EINVAL);
			ck_assert_ptr_nonnull(strstr(eb.msg, "deeper"));
		}
	}
	teardown();
}
END_TEST

static const char *const v_local[] = {"192.0.2.1"};
static const char *const v_remote[] = {"198.51.100.7"};
static const char *const v_props[] = {"aes256gcm16-prfsha384-ecp384",
				      "aes256-sha256-modp2048"};
static const char *const v_esp[] = {"aes256gcm16-ecp384"};
static const char *const v_ts[] = {"0.0.0.0/0", "::/0"};

static struct mcr_vici_child_cfg v_child = {
	.name = "aws1",
	.local_ts = {v_ts, 2},
	.remote_ts = {v_ts, 1},
	.esp_proposals = {v_esp, 1},
	.mode = "tunnel",
	.start_action = "start",
	.dpd_action = "restart",
	.rekey_time = 3060,
	.if_id_in = 42,
	.if_id_out = 43,
};

static struct mcr_vici_conn_cfg v_conn = {
	.name = "vpn-aws1",
	.version = 2,
	.local_addrs = {v_local, 1},
	.remote_addrs = {v_remote, 1},
	.proposals = {v_props, 2},
	.local_id = "192.0.2.1",
	.remote_id = "198.51.100.7",
	.dpd_delay = 10,
	.rekey_time = 28000,
	.children = &v_child,
	.n_children = 1,
};

START_TEST(cmd_load_conn)
{
	struct mcr_vici_frame f;
	struct mcr_vici_msg *m;
	const struct mcr_vici_node *n;
	struct mcr_vici_conn_cfg bad = v_conn;
	struct mcr_vici_child_cfg noname = v_child;
	struct mcr_errbuf eb;

	ck_assert_int_eq(mcr_vici_cmd_load_conn(&v_conn, &f, NULL), MCR_OK);
	m = parse_frame(&f);
	ck_assert_int_eq(m->type, MCR_VICI_CMD_REQUEST);
	ck_assert_str_eq(m->name, "load-conn");
	ck_assert_uint_eq(mcr_vici_count(m->root), 1);
	ck_assert_str_eq(mcr_vici_get(m, "vpn-aws1/version"), "2");
	ck_assert_str_eq(mcr_vici_get(m, "vpn-aws1/dpd_delay"), "10");
	ck_assert_str_eq(mcr_vici_get(m, "vpn-aws1/rekey_time"), "28000");
	ck_assert_ptr_null(mcr_vici_get(m, "vpn-aws1/keyingtries"));
	n = mcr_vici_find(m->root, "vpn-aws1/proposals");
	ck_assert_int_eq(n->type, MCR_VICI_N_LIST);
	ck_assert_uint_eq(mcr_vici_count(n), 2);
	ck_assert_str_eq(n->child->next->value, "aes256-sha256-modp2048");
	n = mcr_vici_find(m->root, "vpn-aws1/remote_addrs");
	ck_assert_str_eq(n->child->value, "198.51.100.7");
	ck_assert_str_eq(mcr_vici_get(m, "vpn-aws1/local/auth"), "psk");
	ck_assert_str_eq(mcr_vici_get(m, "vpn-aws1/local/id"), "192.0.2.1");
	ck_assert_str_eq(mcr_vici_get(m, "vpn-aws1/remote/auth"), "psk");
	ck_assert_str_eq(mcr_vici_get(m, "vpn-aws1/remote/id"),
			 "198.51.100.7");
	ck_assert_str_eq(mcr_vici_get(m, "vpn-aws1/children/aws1/mode"),
			 "tunnel");
	ck_assert_str_eq(mcr_vici_get(m,
				      "vpn-aws1/children/aws1/start_action"),
			 "start");
	ck_assert_str_eq(mcr_vici_get(m, "vpn-aws1/children/aws1/dpd_action"),
			 "restart");
	ck_assert_str_eq(mcr_vici_get(m, "vpn-aws1/children/aws1/rekey_time"),
			 "3060");
	ck_assert_str_eq(mcr_vici_get(m, "vpn-aws1/children/aws1/if_id_in"),
			 "42");
	ck_assert_str_eq(mcr_vici_get(m, "vpn-aws1/children/aws1/if_id_out"),
			 "43");
	ck_assert_ptr_null(
		mcr_vici_get(m, "vpn-aws1/children/aws1/close_action"));
	n = mcr_vici_find(m->root, "vpn-aws1/children/aws1/local_ts");
	ck_assert_uint_eq(mcr_vici_count(n), 2);
	ck_assert_str_eq(n->child->next->value, "::/0");
	n = mcr_vici_find(m->root, "vpn-aws1/children/aws1/esp_proposals");
	ck_assert_str_eq(n->child->value, "aes256gcm16-ecp384");
	mcr_vici_msg_free(m);
	mcr_vici_frame_release(&f);

	bad.name = "";
	ck_assert_int_eq(mcr_vici_cmd_load_conn(&bad, &f, &eb), MCR_EINVAL);
	ck_assert_ptr_null(f.data);
	bad = v_conn;
	noname.name = NULL;
	bad.children = &noname;
	ck_assert_int_eq(mcr_vici_cmd_load_conn(&bad, &f, &eb), MCR_EINVAL);
	ck_assert_ptr_nonnull(strstr(eb.msg, "no name"));
	bad = v_conn;
	bad.version = 3;
	ck_assert_int_eq(mcr_vici_cmd_load_conn(&bad, &f, &eb), MCR_EINVAL);
	teardown();
}
END_TEST

START_TEST(cmd_others)
{
	static const char *const owners[] = {"192.0.2.1", "198.51.100.7"};
	/* initiate { child = c, timeout = -1, init-limits = no } */
	static const uint8_t initiate[] = {
		0, 0, 0, 50, 0, 8, 'i', 'n', 'i', 't', 'i', 'a', 't', 'e',
		3, 5, 'c', 'h', 'i', 'l', 'd', 0, 1, 'c',
		3, 7, 't', 'i', 'm', 'e', 'o', 'u', 't', 0, 2, '-', '1',
		3, 11, 'i', 'n', 'i', 't', '-', 'l', 'i', 'm', 'i', 't', 's',
		0, 2, 'n', 'o'};
	struct mcr_vici_terminate t = {.ike_id = 7, .force = true,
				       .timeout_ms = 500};
	struct mcr_vici_terminate none = {0};
	struct mcr_vici_frame f;
	struct mcr_vici_msg *m;
	const struct mcr_vici_node *n;
	struct mcr_errbuf eb;

	ck_assert_int_eq(mcr_vici_cmd_load_shared("psk-t1", "IKE", "s3cr3t",
						  6,
						  (struct mcr_vici_strv){
							  owners, 2},
						  &f, NULL),
			 MCR_OK);
	m = parse_frame(&f);
	ck_assert_str_eq(m->name, "load-shared");
	ck_assert_str_eq(mcr_vici_get(m, "id"), "psk-t1");
	ck_assert_str_eq(mcr_vici_get(m, "type"), "IKE");
	ck_assert_str_eq(mcr_vici_get(m, "data"), "s3cr3t");
	n = mcr_vici_child(m->root, "owners");
	ck_assert_uint_eq(mcr_vici_count(n), 2);
	ck_assert_str_eq(n->child->next->value, "198.51.100.7");
	mcr_vici_msg_free(m);
	mcr_vici_frame_release(&f);
	ck_assert_int_eq(mcr_vici_cmd_load_shared(NULL, "IKE", "", 0,
						  (struct mcr_vici_strv){
							  owners, 2},
						  &f, &eb),
			 MCR_EINVAL);

	ck_assert_int_eq(mcr_vici_cmd_initiate("c", NULL, -1, false, &f, NULL),
			 MCR_OK);
	ck_assert_uint_eq(f.len, sizeof(initiate));
	ck_assert_mem_eq(f.data, initiate, sizeof(initiate));
	mcr_vici_frame_release(&f);
	ck_assert_int_eq(mcr_vici_cmd_initiate("c", "ike1", 0, true, &f, NULL),
			 MCR_OK);
	m = parse_frame(&f);
	ck_assert_str_eq(mcr_vici_get(m, "ike"), "ike1");
	ck_assert_str_eq(mcr_vici_get(m, "timeout"), "0");
	ck_assert_str_eq(mcr_vici_get(m, "init-limits"), "yes");
	mcr_vici_msg_free(m);
	mcr_vici_frame_release(&f);
	ck_assert_int_eq(mcr_vici_cmd_initiate(NULL, "x", -1, 0, &f, &eb),
			 MCR_EINVAL);

	ck_assert_int_eq(mcr_vici_cmd_terminate(&t, &f, NULL), MCR_OK);
	m = parse_frame(&f);
	ck_assert_str_eq(m->name, "terminate");
	ck_assert_str_eq(mcr_vici_get(m, "ike-id"), "7");
	ck_assert_str_eq(mcr_vici_get(m, "force"), "yes");
	ck_assert_str_eq(mcr_vici_get(m, "timeout"), "500");
	ck_assert_ptr_null(mcr_vici_get(m, "ike"));
	ck_assert_ptr_null(mcr_vici_get(m, "child-id"));
	mcr_vici_msg_free(m);
	mcr_vici_frame_release(&f);
	ck_assert_int_eq(mcr_vici_cmd_terminate(&none, &f, &eb), MCR_EINVAL);

	ck_assert_int_eq(mcr_vici_cmd_unload_shared("psk-t1", &f, NULL),
			 MCR_OK);
	m = parse_frame(&f);
	ck_assert_str_eq(m->name, "unload-shared");
	ck_assert_str_eq(mcr_vici_get(m, "id"), "psk-t1");
	mcr_vici_msg_free(m);
	mcr_vici_frame_release(&f);
	ck_assert_int_eq(mcr_vici_cmd_unload_conn("", &f, &eb), MCR_EINVAL);

	ck_assert_int_eq(mcr_vici_cmd_list_sas("vpn-aws1", true, &f, NULL),
			 MCR_OK);
	m = parse_frame(&f);
	ck_assert_str_eq(m->name, "list-sas");
	ck_assert_str_eq(mcr_vici_get(m, "noblock"), "yes");
	ck_assert_str_eq(mcr_vici_get(m, "ike"), "vpn-aws1");
	mcr_vici_msg_free(m);
	mcr_vici_frame_release(&f);
	teardown();
}
END_TEST

/* Build an EVENT packet with the builder and parse it back. */
static struct mcr_vici_msg *event(const char *name,
				  struct mcr_vici_builder *b)
{
	struct mcr_vici_frame f;
	struct mcr_vici_msg *m;

	ck_assert_int_eq(mcr_vici_encode(MCR_VICI_EVENT, name, b, &f, NULL),
			 MCR_OK);
	m = parse_frame(&f);
	mcr_vici_frame_release(&f);
	mcr_vici_builder_free(b);
	return m;
}

static void ike_body(struct mcr_vici_builder *b, const char *uid)
{
	mcr_vici_add_kv(b, "uniqueid", uid);
	mcr_vici_add_kv(b, "version", "2");
	mcr_vici_add_kv(b, "state", "ESTABLISHED");
	mcr_vici_add_kv(b, "local-host", "192.0.2.1");
	mcr_vici_add_kv(b, "remote-host", "2001:db8::7");
	mcr_vici_add_kv(b, "established", "12");
}

static void child_body(struct mcr_vici_builder *b, const char *name,
		       const char *uid, const char *state)
{
	if (name)
		mcr_vici_add_kv(b, "name", name);
	mcr_vici_add_kv(b, "uniqueid", uid);
	mcr_vici_add_kv(b, "reqid", "3");
	mcr_vici_add_kv(b, "state", state);
	mcr_vici_add_kv(b, "bytes-in", "18446744073709551615");
	mcr_vici_add_kv(b, "bytes-out", "84");
	mcr_vici_add_kv(b, "install-time", "5");
	mcr_vici_begin_list(b, "local-ts");
	mcr_vici_add_item(b, "0.0.0.0/0");
	mcr_vici_end_list(b);
}

START_TEST(decode_updown)
{
	struct mcr_vici_builder *b = mcr_vici_builder_new();
	struct mcr_vici_sa_event ev;
	struct mcr_vici_msg *m;

	mcr_vici_add_kv(b, "up", "yes");
	mcr_vici_begin_section(b, "vpn-aws1");
	ike_body(b, "9");
	mcr_vici_end_section(b);
	m = event("ike-updown", b);
	ck_assert_int_eq(mcr_vici_decode_sa_event(m, &ev, NULL), MCR_OK);
	ck_assert_int_eq(ev.type, MCR_VICI_EV_IKE_UPDOWN);
	ck_assert(ev.up);
	ck_assert_str_eq(ev.ike.name, "vpn-aws1");
	ck_assert_str_eq(ev.ike.state, "ESTABLISHED");
	ck_assert_uint_eq(ev.ike.uniqueid, 9);
	ck_assert_str_eq(ev.ike.local_host, "192.0.2.1");
	ck_assert_str_eq(ev.ike.remote_host, "2001:db8::7");
	ck_assert(ev.ike.has_established);
	ck_assert_uint_eq(ev.ike.established, 12);
	ck_assert_uint_eq(ev.n_children, 0);
	mcr_vici_msg_free(m);

	/* child-updown, down, section named <child>-<uniqueid>. */
	b = mcr_vici_builder_new();
	mcr_vici_begin_section(b, "vpn-aws1");
	ike_body(b, "9");
	mcr_vici_begin_section(b, "child-sas");
	mcr_vici_begin_section(b, "aws1-21");
	child_body(b, "aws1", "21", "DELETING");
	mcr_vici_end_section(b);
	mcr_vici_end_section(b);
	mcr_vici_end_section(b);
	m = event("child-updown", b);
	ck_assert_int_eq(mcr_vici_decode_sa_event(m, &ev, NULL), MCR_OK);
	ck_assert_int_eq(ev.type, MCR_VICI_EV_CHILD_UPDOWN);
	ck_assert(!ev.up);
	ck_assert_uint_eq(ev.n_children, 1);
	ck_assert_str_eq(ev.children[0].name, "aws1");
	ck_assert_str_eq(ev.children[0].state, "DELETING");
	ck_assert_uint_eq(ev.children[0].uniqueid, 21);
	ck_assert_uint_eq(ev.children[0].reqid, 3);
	ck_assert_uint_eq(ev.children[0].bytes_in, UINT64_MAX);
	ck_assert_uint_eq(ev.children[0].bytes_out, 84);
	ck_assert_uint_eq(ev.children[0].install_time, 5);
	mcr_vici_msg_free(m);
	teardown();
}
END_TEST

START_TEST(decode_rekey_and_list)
{
	struct mcr_vici_builder *b = mcr_vici_builder_new();
	struct mcr_vici_sa_event ev;
	struct mcr_vici_msg *m;
	char name[32];

	/* child-rekey, old charon style: section named after the child. */
	mcr_vici_begin_section(b, "vpn-aws1");
	ike_body(b, "9");
	mcr_vici_begin_section(b, "child-sas");
	mcr_vici_begin_section(b, "aws1");
	mcr_vici_begin_section(b, "old");
	child_body(b, NULL, "21", "REKEYED");
	mcr_vici_end_section(b);
	mcr_vici_begin_section(b, "new");
	child_body(b, NULL, "22", "INSTALLED");
	mcr_vici_end_section(b);
	mcr_vici_end_section(b);
	mcr_vici_end_section(b);
	mcr_vici_end_section(b);
	m = event("child-rekey", b);
	ck_assert_int_eq(mcr_vici_decode_sa_event(m, &ev, NULL), MCR_OK);
	ck_assert_int_eq(ev.type, MCR_VICI_EV_CHILD_REKEY);
	ck_assert_uint_eq(ev.n_children, 1);
	ck_assert_str_eq(ev.children[0].name, "aws1");
	ck_assert_uint_eq(ev.children[0].uniqueid, 22);
	ck_assert_str_eq(ev.old_child.name, "aws1");
	ck_assert_uint_eq(ev.old_child.uniqueid, 21);
	ck_assert_str_eq(ev.old_child.state, "REKEYED");
	mcr_vici_msg_free(m);

	/* ike-rekey */
	b = mcr_vici_builder_new();
	mcr_vici_begin_section(b, "vpn-aws1");
	mcr_vici_begin_section(b, "old");
	ike_body(b, "9");
	mcr_vici_end_section(b);
	mcr_vici_begin_section(b, "new");
	ike_body(b, "10");
	mcr_vici_end_section(b);
	mcr_vici_end_section(b);
	m = event("ike-rekey", b);
	ck_assert_int_eq(mcr_vici_decode_sa_event(m, &ev, NULL), MCR_OK);
	ck_assert_int_eq(ev.type, MCR_VICI_EV_IKE_REKEY);
	ck_assert_str_eq(ev.ike.name, "vpn-aws1");
	ck_assert_uint_eq(ev.ike.uniqueid, 10);
	ck_assert_uint_eq(ev.old_ike_uniqueid, 9);
	mcr_vici_msg_free(m);

	/* list-sa with duplicate CHILD_SAs, more than fit. */
	b = mcr_vici_builder_new();
	mcr_vici_begin_section(b, "vpn-aws1");
	ike_body(b, "9");
	mcr_vici_begin_section(b, "child-sas");
	for (unsigned i = 0; i < MCR_VICI_MAX_CHILDREN + 2; i++) {
		char uid[16];

		snprintf(uid, sizeof(uid), "%u", 100 + i);
		snprintf(name, sizeof(name), "aws1-%u", 100 + i);
		mcr_vici_begin_section(b, name);
		child_body(b, "aws1", uid, "INSTALLED");
		mcr_vici_end_section(b);
	}
	mcr_vici_end_section(b);
	mcr_vici_end_section(b);
	m = event("list-sa", b);
	ck_assert_int_eq(mcr_vici_decode_sa_event(m, &ev, NULL), MCR_OK);
	ck_assert_int_eq(ev.type, MCR_VICI_EV_LIST_SA);
	ck_assert_uint_eq(ev.n_children, MCR_VICI_MAX_CHILDREN);
	ck_assert_uint_eq(ev.children_dropped, 2);
	for (unsigned i = 0; i < ev.n_children; i++) {
		ck_assert_str_eq(ev.children[i].name, "aws1");
		ck_assert_uint_eq(ev.children[i].uniqueid, 100 + i);
	}
	mcr_vici_msg_free(m);
	teardown();
}
END_TEST

START_TEST(decode_rejects)
{
	struct mcr_vici_builder *b;
	struct mcr_vici_sa_event ev;
	struct mcr_vici_msg *m;
	struct mcr_errbuf eb;
	const char *badnum[] = {"", "x", "-1", "4294967296", "12a"};
	char longname[100];

	/* Not decoded: a log event. */
	b = mcr_vici_builder_new();
	mcr_vici_add_kv(b, "msg", "hello");
	m = event("log", b);
	ck_assert_int_eq(mcr_vici_decode_sa_event(m, &ev, &eb), MCR_ENOENT);
	mcr_vici_msg_free(m);

	/* No IKE section. */
	b = mcr_vici_builder_new();
	mcr_vici_add_kv(b, "up", "yes");
	m = event("ike-updown", b);
	ck_assert_int_eq(mcr_vici_decode_sa_event(m, &ev, &eb), MCR_EINVAL);
	ck_assert_ptr_nonnull(strstr(eb.msg, "without an IKE_SA"));
	mcr_vici_msg_free(m);

	/* child-updown without child. */
	b = mcr_vici_builder_new();
	mcr_vici_begin_section(b, "c");
	ike_body(b, "1");
	mcr_vici_end_section(b);
	m = event("child-updown", b);
	ck_assert_int_eq(mcr_vici_decode_sa_event(m, &ev, &eb), MCR_EINVAL);
	mcr_vici_msg_free(m);

	/* Bad uniqueid numbers. */
	for (unsigned i = 0; i < N(badnum); i++) {
		b = mcr_vici_builder_new();
		mcr_vici_begin_section(b, "c");
		mcr_vici_add_kv(b, "uniqueid", badnum[i]);
		mcr_vici_end_section(b);
		m = event("ike-updown", b);
		eb.msg[0] = 0;
		ck_assert_msg(mcr_vici_decode_sa_event(m, &ev, &eb) ==
				      MCR_EINVAL,
			      "accepted uniqueid '%s'", badnum[i]);
		ck_assert_ptr_nonnull(strstr(eb.msg, "uniqueid"));
		mcr_vici_msg_free(m);
	}

	/* IKE name longer than MCR_VICI_NAME_LEN - 1. */
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	b = mcr_vici_builder_new();
	mcr_vici_begin_section(b, longname);
	mcr_vici_end_section(b);
	m = event("ike-updown", b);
	ck_assert_int_eq(mcr_vici_decode_sa_event(m, &ev, &eb), MCR_EINVAL);
	mcr_vici_msg_free(m);

	/* Not an event. */
	b = mcr_vici_builder_new();
	ck_assert_int_eq(mcr_vici_parse((const uint8_t *)"\1", 1, &m, NULL),
			 MCR_OK);
	ck_assert_int_eq(mcr_vici_decode_sa_event(m, &ev, &eb), MCR_EINVAL);
	mcr_vici_msg_free(m);
	mcr_vici_builder_free(b);
	teardown();
}
END_TEST

START_TEST(response_check)
{
	struct mcr_vici_builder *b;
	struct mcr_vici_frame f;
	struct mcr_vici_msg *m;
	struct mcr_errbuf eb;
	static const uint8_t unknown[] = {MCR_VICI_CMD_UNKNOWN};
	static const uint8_t confirm[] = {MCR_VICI_EVENT_CONFIRM};
	static const uint8_t evunknown[] = {MCR_VICI_EVENT_UNKNOWN};
	static const uint8_t empty_resp[] = {MCR_VICI_CMD_RESPONSE};

	b = mcr_vici_builder_new();
	mcr_vici_add_kv(b, "success", "yes");
	mcr_vici_encode(MCR_VICI_CMD_RESPONSE, NULL, b, &f, NULL);
	m = parse_frame(&f);
	ck_assert_int_eq(mcr_vici_response_check(m, &eb), MCR_OK);
	mcr_vici_msg_free(m);
	mcr_vici_frame_release(&f);
	mcr_vici_builder_free(b);

	b = mcr_vici_builder_new();
	mcr_vici_add_kv(b, "success", "no");
	mcr_vici_add_kv(b, "errmsg", "unknown child 'x'");
	mcr_vici_encode(MCR_VICI_CMD_RESPONSE, NULL, b, &f, NULL);
	m = parse_frame(&f);
	ck_assert_int_eq(mcr_vici_response_check(m, &eb), MCR_EIO);
	ck_assert_str_eq(eb.msg, "charon: unknown child 'x'");
	mcr_vici_msg_free(m);
	mcr_vici_frame_release(&f);
	mcr_vici_builder_free(b);

	ck_assert_int_eq(mcr_vici_parse(unknown, 1, &m, NULL), MCR_OK);
	ck_assert_int_eq(mcr_vici_response_check(m, &eb), MCR_EUNSUPP);
	mcr_vici_msg_free(m);
	ck_assert_int_eq(mcr_vici_parse(confirm, 1, &m, NULL), MCR_OK);
	ck_assert_int_eq(mcr_vici_response_check(m, &eb), MCR_OK);
	mcr_vici_msg_free(m);
	ck_assert_int_eq(mcr_vici_parse(evunknown, 1, &m, NULL), MCR_OK);
	ck_assert_int_eq(mcr_vici_response_check(m, &eb), MCR_EUNSUPP);
	mcr_vici_msg_free(m);
	ck_assert_int_eq(mcr_vici_parse(empty_resp, 1, &m, NULL), MCR_OK);
	ck_assert_int_eq(mcr_vici_response_check(m, &eb), MCR_OK);
	mcr_vici_msg_free(m);
	teardown();
}
END_TEST

/*
 * Every prefix of a valid load-conn packet, and many randomly corrupted
 * copies, must parse or fail cleanly (ASan/UBSan watch the rest).  A
 * prefix that parses must end on a root-level element boundary: here only
 * the bare header (type + name), since load-conn has one root section.
 */
START_TEST(fuzz_truncate_corrupt)
{
	struct mcr_vici_frame f;
	struct mcr_vici_msg *m;
	struct mcr_errbuf eb;
	const uint8_t *pkt;
	uint8_t *copy;
	size_t len, hdr = 2 + strlen("load-conn");
	unsigned ok = 0, failed = 0;
	enum mcr_err err;

	ck_assert_int_eq(mcr_vici_cmd_load_conn(&v_conn, &f, NULL), MCR_OK);
	pkt = frame_pkt(&f, &len);
	for (size_t l = 0; l <= len; l++) {
		copy = malloc(l ? l : 1);
		memcpy(copy, pkt, l);
		eb.msg[0] = 0;
		err = mcr_vici_parse(copy, l, &m, &eb);
		if (l == len || l == hdr) {
			ck_assert_msg(err == MCR_OK, "len %zu: %s", l, eb.msg);
			mcr_vici_msg_free(m);
		} else {
			ck_assert_msg(err == MCR_EINVAL, "len %zu accepted", l);
			ck_assert(eb.msg[0]);
		}
		free(copy);
	}
	srandom(7);
	copy = malloc(len);
	for (unsigned i = 0; i < 20000; i++) {
		unsigned flips = 1 + (unsigned)random() % 4;

		memcpy(copy, pkt, len);
		for (unsigned k = 0; k < flips; k++)
			copy[(size_t)random() % len] = (uint8_t)random();
		eb.msg[0] = 0;
		err = mcr_vici_parse(copy, len, &m, &eb);
		if (err == MCR_OK) {
			struct mcr_vici_sa_event ev;

			/* Walk the tree a little and decode it. */
			mcr_vici_get(m, "vpn-aws1/children/aws1/mode");
			mcr_vici_decode_sa_event(m, &ev, NULL);
			mcr_vici_response_check(m, NULL);
			mcr_vici_msg_free(m);
			ok++;
		} else {
			ck_assert_int_eq(err, MCR_EINVAL);
			ck_assert(eb.msg[0]);
			failed++;
		}
	}
	/* The corruption must actually exercise both outcomes. */
	ck_assert_uint_gt(ok, 0);
	ck_assert_uint_gt(failed, 0);
	free(copy);

	/* The reader on random garbage: never crashes, never over-buffers. */
	for (unsigned i = 0; i < 200; i++) {
		struct mcr_vici_reader *r = mcr_vici_reader_new(1024);
		struct mcr_vici_frame pk;
		uint8_t junk[64];

		for (unsigned k = 0; k < 50; k++) {
			for (size_t j = 0; j < sizeof(junk); j++)
				junk[j] = (uint8_t)(random() % 4 ? random() % 8
								 : random());
			if (mcr_vici_reader_feed(r, junk, sizeof(junk), NULL))
				break;
			while ((err = mcr_vici_reader_next(r, &pk, NULL)) ==
			       MCR_OK) {
				if (mcr_vici_parse(pk.data, pk.len, &m,
						   NULL) == MCR_OK)
					mcr_vici_msg_free(m);
				mcr_vici_frame_release(&pk);
			}
			if (err != MCR_EAGAIN)
				break;
			ck_assert_uint_le(mcr_vici_reader_pending(r),
					  1024 + 4 + sizeof(junk));
		}
		mcr_vici_reader_free(r);
	}
	mcr_vici_frame_release(&f);
	teardown();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("vici");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, readme_example_encodes);
	tcase_add_test(tc, readme_example_parses);
	tcase_add_test(tc, packet_encoders_bytes);
	tcase_add_test(tc, encoder_rejects);
	tcase_add_test(tc, builder_misuse);
	tcase_add_test(tc, reader_reassembles);
	tcase_add_test(tc, reader_limits);
	tcase_add_test(tc, parser_rejects);
	tcase_add_test(tc, parser_depth_limit);
	tcase_add_test(tc, cmd_load_conn);
	tcase_add_test(tc, cmd_others);
	tcase_add_test(tc, decode_updown);
	tcase_add_test(tc, decode_rekey_and_list);
	tcase_add_test(tc, decode_rejects);
	tcase_add_test(tc, response_check);
	tcase_add_test(tc, fuzz_truncate_corrupt);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
