/*
 * Unit tests for lib/nl_tunnel.c: requests compared byte for byte with
 * messages written out by hand from the uapi struct layouts (x86-64:
 * host byte order is little endian), and parsing of hand-made replies.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <endian.h>
#include <errno.h>
#include <string.h>

#include <linux/if.h>
#include <linux/netlink.h>

#include "mcr/mem.h"
#include "mcr/nl_tunnel.h"

#if __BYTE_ORDER != __LITTLE_ENDIAN
#error "the byte vectors below are written for a little-endian host"
#endif

/* Little-endian u16 / u32 as bytes. */
#define U16(x) (x) & 0xff, ((x) >> 8) & 0xff
#define U32(x) U16((x) & 0xffff), U16(((x) >> 16) & 0xffff)
/* struct nlmsghdr: len, type, flags, seq, pid */
#define NLHDR(len, type, flags, seq) U32(len), U16(type), U16(flags), U32(seq), U32(0)

static struct mcr_addr A(const char *s)
{
	struct mcr_addr a;

	ck_assert_int_eq(mcr_addr_parse(s, &a, NULL), MCR_OK);
	return a;
}

static void teardown(void)
{
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}

/* ip link add gre-tgw1 mtu 1476 type gre local 192.0.2.1
 *   remote 198.51.100.7 ttl 64 key 42 */
static const uint8_t gre_msg[] = {
	NLHDR(128, 16 /* RTM_NEWLINK */, 0x605 /* REQ|ACK|EXCL|CREATE */, 1),
	/* ifinfomsg: family, pad, type, index, flags, change */
	0, 0, U16(0), U32(0), U32(0), U32(0),
	/* IFLA_IFNAME (3) "gre-tgw1\0": 4 + 9 = 13, padded to 16 */
	U16(13), U16(3), 'g', 'r', 'e', '-', 't', 'g', 'w', '1', 0, 0, 0, 0,
	/* IFLA_MTU (4) */
	U16(8), U16(4), U32(1476),
	/* IFLA_LINKINFO (18): 4 + 8 + 60 */
	U16(72), U16(18),
	/* IFLA_INFO_KIND (1) "gre\0" */
	U16(8), U16(1), 'g', 'r', 'e', 0,
	/* IFLA_INFO_DATA (2): 4 + 7 * 8 */
	U16(60), U16(2),
	/* IFLA_GRE_LOCAL (6), IFLA_GRE_REMOTE (7): network order */
	U16(8), U16(6), 192, 0, 2, 1,
	U16(8), U16(7), 198, 51, 100, 7,
	/* IFLA_GRE_TTL (8): u8 + 3 pad */
	U16(5), U16(8), 64, 0, 0, 0,
	/* IFLA_GRE_IFLAGS (2), IFLA_GRE_OFLAGS (3): GRE_KEY = be16 0x2000 */
	U16(6), U16(2), 0x20, 0x00, 0, 0,
	U16(6), U16(3), 0x20, 0x00, 0, 0,
	/* IFLA_GRE_IKEY (4), IFLA_GRE_OKEY (5): be32 42 */
	U16(8), U16(4), 0, 0, 0, 42,
	U16(8), U16(5), 0, 0, 0, 42,
};

START_TEST(gre_bytes)
{
	struct mcr_nl_gre g = {
		.ifname = "gre-tgw1",
		.local = A("192.0.2.1"),
		.remote = A("198.51.100.7"),
		.ttl = 64,
		.has_key = true,
		.key = 42,
		.mtu = 1476,
	};
	uint8_t buf[512];
	size_t len;

	ck_assert_uint_eq(sizeof(gre_msg), 128);
	memset(buf, 0xee, sizeof(buf));
	ck_assert_int_eq(mcr_nl_gre_new(buf, sizeof(buf), 1, &g, &len, NULL),
			 MCR_OK);
	ck_assert_uint_eq(len, sizeof(gre_msg));
	ck_assert_mem_eq(buf, gre_msg, sizeof(gre_msg));
	/* Exactly the needed size works; one byte less does not. */
	ck_assert_int_eq(mcr_nl_gre_new(buf, 128, 1, &g, &len, NULL), MCR_OK);
	ck_assert_int_eq(mcr_nl_gre_new(buf, 127, 1, &g, &len, NULL),
			 MCR_ENOSPC);
	ck_assert_uint_eq(len, 0);
	teardown();
}
END_TEST

START_TEST(gre_nokey_v6_and_errors)
{
	/* No key, no MTU, ttl 0 (inherit), IPv6 outer: ip6gre. */
	static const uint8_t msg[] = {
		NLHDR(112, 16, 0x605, 9),
		0, 0, U16(0), U32(0), U32(0), U32(0),
		U16(9), U16(3), 'g', 'r', 'e', '6', 0, 0, 0, 0,
		/* LINKINFO: 4 + 12 + 52 */
		U16(68), U16(18),
		U16(11), U16(1), 'i', 'p', '6', 'g', 'r', 'e', 0, 0,
		U16(52), U16(2),
		U16(20), U16(6), 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 1,
		U16(20), U16(7), 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 2,
		U16(5), U16(8), 0, 0, 0, 0,
	};
	struct mcr_nl_gre g = {.ifname = "gre6",
			       .local = A("2001:db8::1"),
			       .remote = A("2001:db8::2")};
	struct mcr_errbuf eb;
	uint8_t buf[256];
	size_t len;

	ck_assert_int_eq(mcr_nl_gre_new(buf, sizeof(buf), 9, &g, &len, NULL),
			 MCR_OK);
	ck_assert_uint_eq(len, sizeof(msg));
	ck_assert_mem_eq(buf, msg, sizeof(msg));

	g.remote = A("192.0.2.2");
	ck_assert_int_eq(mcr_nl_gre_new(buf, sizeof(buf), 9, &g, &len, &eb),
			 MCR_EINVAL);
	ck_assert_ptr_nonnull(strstr(eb.msg, "must both be IPv4 or both IPv6"));
	g.remote = A("2001:db8::2");
	g.ifname = "a-very-long-ifname";
	ck_assert_int_eq(mcr_nl_gre_new(buf, sizeof(buf), 9, &g, &len, &eb),
			 MCR_EINVAL);
	g.ifname = "";
	ck_assert_int_eq(mcr_nl_gre_new(buf, sizeof(buf), 9, &g, &len, &eb),
			 MCR_EINVAL);
	g.ifname = "a/b";
	ck_assert_int_eq(mcr_nl_gre_new(buf, sizeof(buf), 9, &g, &len, &eb),
			 MCR_EINVAL);
	teardown();
}
END_TEST

START_TEST(xfrm_bytes)
{
	/* ip link add ipsec7 type xfrm dev <3> if_id 7 */
	static const uint8_t msg[] = {
		NLHDR(80, 16, 0x605, 2),
		0, 0, U16(0), U32(0), U32(0), U32(0),
		U16(11), U16(3), 'i', 'p', 's', 'e', 'c', '7', 0, 0,
		/* LINKINFO: 4 + 12 + 4 + 8 + 8 */
		U16(36), U16(18),
		U16(9), U16(1), 'x', 'f', 'r', 'm', 0, 0, 0, 0,
		U16(20), U16(2),
		U16(8), U16(1), U32(3),	 /* IFLA_XFRM_LINK */
		U16(8), U16(2), U32(7),	 /* IFLA_XFRM_IF_ID */
	};
	struct mcr_nl_xfrm x = {.ifname = "ipsec7", .link_ifindex = 3,
				.if_id = 7};
	struct mcr_errbuf eb;
	uint8_t buf[256];
	size_t len;

	ck_assert_int_eq(mcr_nl_xfrm_new(buf, sizeof(buf), 2, &x, &len, NULL),
			 MCR_OK);
	ck_assert_uint_eq(len, sizeof(msg));
	ck_assert_mem_eq(buf, msg, sizeof(msg));
	x.if_id = 0;
	ck_assert_int_eq(mcr_nl_xfrm_new(buf, sizeof(buf), 2, &x, &len, &eb),
			 MCR_EINVAL);
	ck_assert_ptr_nonnull(strstr(eb.msg, "if_id"));
	teardown();
}
END_TEST

START_TEST(del_set_addr_bytes)
{
	static const uint8_t del_idx[] = {
		NLHDR(32, 17 /* RTM_DELLINK */, 0x5 /* REQ|ACK */, 3),
		0, 0, U16(0), U32(12), U32(0), U32(0),
	};
	static const uint8_t del_name[] = {
		NLHDR(44, 17, 0x5, 4),
		0, 0, U16(0), U32(0), U32(0), U32(0),
		U16(9), U16(3), 'g', 'r', 'e', '1', 0, 0, 0, 0,
	};
	static const uint8_t set_up[] = {
		NLHDR(40, 16, 0x5, 5),
		0, 0, U16(0), U32(12), U32(IFF_UP), U32(IFF_UP),
		U16(8), U16(4), U32(1400),
	};
	static const uint8_t set_down[] = {
		NLHDR(32, 16, 0x5, 6),
		0, 0, U16(0), U32(12), U32(0), U32(IFF_UP),
	};
	/* ip addr add 169.254.10.1/29 dev <12> */
	static const uint8_t addr_add[] = {
		NLHDR(40, 20 /* RTM_NEWADDR */, 0x605, 7),
		/* ifaddrmsg: family AF_INET, prefixlen, flags, scope, index */
		2, 29, 0, 0, U32(12),
		U16(8), U16(2), 169, 254, 10, 1, /* IFA_LOCAL */
		U16(8), U16(1), 169, 254, 10, 1, /* IFA_ADDRESS */
	};
	static const uint8_t addr_del6[] = {
		NLHDR(64, 21 /* RTM_DELADDR */, 0x5, 8),
		10, 126, 0, 0, U32(12),
		U16(20), U16(2), 0xfd, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 1,
		U16(20), U16(1), 0xfd, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 1,
	};
	struct mcr_addr a4 = A("169.254.10.1"), a6 = A("fd00::1");
	struct mcr_errbuf eb;
	uint8_t buf[256];
	size_t len;

	ck_assert_int_eq(mcr_nl_link_del(buf, sizeof(buf), 3, 12, NULL, &len,
					 NULL),
			 MCR_OK);
	ck_assert_uint_eq(len, sizeof(del_idx));
	ck_assert_mem_eq(buf, del_idx, sizeof(del_idx));
	ck_assert_int_eq(mcr_nl_link_del(buf, sizeof(buf), 4, 0, "gre1", &len,
					 NULL),
			 MCR_OK);
	ck_assert_uint_eq(len, sizeof(del_name));
	ck_assert_mem_eq(buf, del_name, sizeof(del_name));
	ck_assert_int_eq(mcr_nl_link_del(buf, sizeof(buf), 4, 0, NULL, &len,
					 &eb),
			 MCR_EINVAL);

	ck_assert_int_eq(mcr_nl_link_set(buf, sizeof(buf), 5, 12, true, 1400,
					 &len, NULL),
			 MCR_OK);
	ck_assert_uint_eq(len, sizeof(set_up));
	ck_assert_mem_eq(buf, set_up, sizeof(set_up));
	ck_assert_int_eq(mcr_nl_link_set(buf, sizeof(buf), 6, 12, false, 0,
					 &len, NULL),
			 MCR_OK);
	ck_assert_uint_eq(len, sizeof(set_down));
	ck_assert_mem_eq(buf, set_down, sizeof(set_down));
	ck_assert_int_eq(mcr_nl_link_set(buf, sizeof(buf), 6, 0, false, 0,
					 &len, &eb),
			 MCR_EINVAL);

	ck_assert_int_eq(mcr_nl_addr(buf, sizeof(buf), 7, true, 12, &a4, 29,
				     &len, NULL),
			 MCR_OK);
	ck_assert_uint_eq(len, sizeof(addr_add));
	ck_assert_mem_eq(buf, addr_add, sizeof(addr_add));
	ck_assert_int_eq(mcr_nl_addr(buf, sizeof(buf), 8, false, 12, &a6, 126,
				     &len, NULL),
			 MCR_OK);
	ck_assert_uint_eq(len, sizeof(addr_del6));
	ck_assert_mem_eq(buf, addr_del6, sizeof(addr_del6));
	ck_assert_int_eq(mcr_nl_addr(buf, sizeof(buf), 8, true, 12, &a4, 33,
				     &len, &eb),
			 MCR_EINVAL);
	ck_assert_int_eq(mcr_nl_addr(buf, sizeof(buf), 8, true, 0, &a4, 30,
				     &len, &eb),
			 MCR_EINVAL);
	ck_assert_int_eq(mcr_nl_addr(buf, 39, 8, true, 12, &a4, 30, &len, &eb),
			 MCR_ENOSPC);
	teardown();
}
END_TEST

START_TEST(parse_acks)
{
	/* ACK: NLMSG_ERROR (2), error 0, the request header echoed. */
	static const uint8_t ack[] = {
		NLHDR(36, 2, 0x100 /* CAPPED */, 1),
		U32(0), NLHDR(128, 16, 0x605, 1),
	};
	/* Unknown device type: -EOPNOTSUPP (-95), capped, ext ack msg. */
	static const uint8_t unsupp[] = {
		NLHDR(60, 2, 0x300 /* CAPPED|ACK_TLVS */, 1),
		U32(-95 & 0xffffffff), NLHDR(128, 16, 0x605, 1),
		/* NLMSGERR_ATTR_MSG (1) "Unknown device type\0": 4 + 20 */
		U16(24), U16(1), 'U', 'n', 'k', 'n', 'o', 'w', 'n', ' ', 'd',
		'e', 'v', 'i', 'c', 'e', ' ', 't', 'y', 'p', 'e', 0,
	};
	/* -EEXIST, not capped: the 16-byte request payload precedes TLVs. */
	static const uint8_t exists[] = {
		NLHDR(72, 2, 0x200 /* ACK_TLVS */, 4),
		U32(-17 & 0xffffffff), NLHDR(32, 16, 0x605, 4),
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		U16(12), U16(1), 'b', 'u', 's', 'y', '!', 0, 0, 0,
		/* an unrelated TLV (offset) */
		U16(8), U16(2), U32(16),
	};
	static const uint8_t nodev[] = {
		NLHDR(36, 2, 0x100, 5), U32(-19 & 0xffffffff),
		NLHDR(32, 17, 0x5, 5),
	};
	static const uint8_t eperm[] = {
		NLHDR(36, 2, 0x100, 6), U32(-1 & 0xffffffff),
		NLHDR(32, 17, 0x5, 6),
	};
	static const uint8_t bad_tlv[] = {
		NLHDR(44, 2, 0x300, 7), U32(-95 & 0xffffffff),
		NLHDR(32, 16, 0x605, 7),
		U16(200), U16(1), 'x', 0, 0, 0, /* nla_len overruns */
	};
	struct mcr_errbuf eb;

	ck_assert_int_eq(mcr_nl_parse_ack(ack, sizeof(ack), 1, "GRE", &eb),
			 MCR_OK);
	ck_assert_int_eq(mcr_nl_parse_ack(ack, sizeof(ack), 2, "GRE", &eb),
			 MCR_EINVAL);
	ck_assert_ptr_nonnull(strstr(eb.msg, "sequence"));
	ck_assert_int_eq(mcr_nl_parse_ack(ack, 20, 1, "GRE", &eb), MCR_EINVAL);
	ck_assert_int_eq(mcr_nl_parse_ack(ack, 10, 1, "GRE", &eb), MCR_EINVAL);

	ck_assert_int_eq(mcr_nl_parse_ack(unsupp, sizeof(unsupp), 1, "GRE",
					  &eb),
			 MCR_EUNSUPP);
	ck_assert_str_eq(eb.msg,
			 "kernel lacks GRE support (Unknown device type)");
	ck_assert_int_eq(mcr_nl_parse_ack(exists, sizeof(exists), 4, "GRE",
					  &eb),
			 MCR_EEXIST);
	ck_assert_str_eq(eb.msg, "GRE: File exists: busy!");
	ck_assert_int_eq(mcr_nl_parse_ack(nodev, sizeof(nodev), 5, "GRE", &eb),
			 MCR_ENOENT);
	ck_assert_int_eq(mcr_nl_parse_ack(eperm, sizeof(eperm), 6, "address",
					  &eb),
			 MCR_EIO);
	ck_assert_str_eq(eb.msg, "address: Operation not permitted");
	/* A broken TLV is skipped; EOPNOTSUPP alone still says why. */
	ck_assert_int_eq(mcr_nl_parse_ack(bad_tlv, sizeof(bad_tlv), 7,
					  "XFRM interface", &eb),
			 MCR_EUNSUPP);
	ck_assert_str_eq(eb.msg, "kernel lacks XFRM interface support");
	/* Not an ack. */
	ck_assert_int_eq(mcr_nl_parse_ack(gre_msg, sizeof(gre_msg), 1, "GRE",
					  &eb),
			 MCR_EINVAL);
	teardown();
}
END_TEST

/* RTM_NEWLINK as the kernel sends it for a GRE link. */
static const uint8_t link_msg[] = {
	NLHDR(88, 16, 0, 0),
	0, 0, U16(778 /* ARPHRD_IPGRE */), U32(12),
	U32(IFF_UP | IFF_RUNNING | IFF_LOWER_UP), U32(0),
	U16(9), U16(3), 'g', 'r', 'e', '1', 0, 0, 0, 0,   /* IFLA_IFNAME */
	U16(8), U16(4), U32(1476),			  /* IFLA_MTU */
	U16(5), U16(16), 6 /* IF_OPER_UP */, 0, 0, 0,	  /* OPERSTATE */
	U16(8), U16(13), U32(0),			  /* IFLA_PROMISC */
	/* IFLA_LINKINFO { IFLA_INFO_KIND "gre" } */
	U16(12), U16(18), U16(8), U16(1), 'g', 'r', 'e', 0,
	U16(8), U16(0xaa), U32(1),			  /* unknown attr */
};

START_TEST(parse_link)
{
	struct mcr_nl_link_info li;
	struct mcr_errbuf eb;
	uint8_t m[sizeof(link_msg)];

	ck_assert_int_eq(mcr_nl_parse_link(link_msg, sizeof(link_msg), &li,
					   &eb),
			 MCR_OK);
	ck_assert_uint_eq(li.ifindex, 12);
	ck_assert_str_eq(li.name, "gre1");
	ck_assert_str_eq(li.kind, "gre");
	ck_assert_uint_eq(li.mtu, 1476);
	ck_assert_uint_eq(li.operstate, 6);
	ck_assert(mcr_nl_link_is_up(&li));
	li.operstate = 2; /* IF_OPER_DOWN */
	ck_assert(!mcr_nl_link_is_up(&li));
	li.operstate = 0; /* IF_OPER_UNKNOWN, but running */
	ck_assert(mcr_nl_link_is_up(&li));
	li.flags = 0;
	ck_assert(!mcr_nl_link_is_up(&li));

	/* Oper state down. */
	memcpy(m, link_msg, sizeof(m));
	m[56] = 2;
	ck_assert_int_eq(mcr_nl_parse_link(m, sizeof(m), &li, &eb), MCR_OK);
	ck_assert(!mcr_nl_link_is_up(&li));
	/* Name not NUL-terminated. */
	memcpy(m, link_msg, sizeof(m));
	m[40] = 'x';
	ck_assert_int_eq(mcr_nl_parse_link(m, sizeof(m), &li, &eb),
			 MCR_EINVAL);
	/* An attribute running past the message. */
	memcpy(m, link_msg, sizeof(m));
	m[60] = 200;
	ck_assert_int_eq(mcr_nl_parse_link(m, sizeof(m), &li, &eb),
			 MCR_EINVAL);
	ck_assert_ptr_nonnull(strstr(eb.msg, "overruns"));
	/* Message shorter than nlmsg_len says. */
	ck_assert_int_eq(mcr_nl_parse_link(link_msg, sizeof(link_msg) - 4, &li,
					   &eb),
			 MCR_EINVAL);
	/* Wrong type. */
	ck_assert_int_eq(mcr_nl_parse_link(gre_msg + 0, 16, &li, &eb),
			 MCR_EINVAL);
	memcpy(m, link_msg, sizeof(m));
	m[4] = 17; /* RTM_DELLINK */
	ck_assert_int_eq(mcr_nl_parse_link(m, sizeof(m), &li, &eb),
			 MCR_EINVAL);
	/* Every truncation of nlmsg_len fails or parses, never crashes. */
	for (size_t l = 0; l < sizeof(link_msg); l++) {
		memcpy(m, link_msg, sizeof(m));
		m[0] = (uint8_t)l;
		(void)mcr_nl_parse_link(m, sizeof(m), &li, NULL);
		(void)mcr_nl_parse_ack(m, sizeof(m), 0, NULL, NULL);
	}
	teardown();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("nl_tunnel");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, gre_bytes);
	tcase_add_test(tc, gre_nokey_v6_and_errors);
	tcase_add_test(tc, xfrm_bytes);
	tcase_add_test(tc, del_set_addr_bytes);
	tcase_add_test(tc, parse_acks);
	tcase_add_test(tc, parse_link);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
