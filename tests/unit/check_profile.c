/*
 * Unit tests for lib/profile.c: the built-in provider profiles (figures of
 * doc providers.md), names, link-class preferences, reserved ASNs and
 * validation of every field.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <string.h>

#include "mcr/profile.h"

START_TEST(builtins_valid_and_named)
{
	for (int i = 0; i < MCR_PROV_MAX; i++) {
		const struct mcr_profile *p = mcr_profile_builtin(i);
		enum mcr_provider back = MCR_PROV_MAX;
		struct mcr_errbuf eb;

		ck_assert_ptr_nonnull(p);
		ck_assert_int_eq(p->provider, i);
		ck_assert_int_eq(mcr_profile_validate(p, &eb), MCR_OK);
		ck_assert_int_eq(mcr_provider_parse(mcr_provider_name(i), &back,
						    NULL),
				 MCR_OK);
		ck_assert_int_eq(back, i);
	}
	ck_assert_ptr_null(mcr_profile_builtin(MCR_PROV_MAX));
	ck_assert_ptr_null(mcr_profile_builtin((enum mcr_provider)-1));
	ck_assert_str_eq(mcr_provider_name(MCR_PROV_MAX), "?");
	ck_assert_str_eq(mcr_provider_name(MCR_PROV_AWS_DX),
			 "aws-direct-connect");
	ck_assert_str_eq(mcr_provider_name(MCR_PROV_AZURE_ER),
			 "azure-expressroute");
}
END_TEST

START_TEST(provider_figures)
{
	const struct mcr_profile *dx = mcr_profile_builtin(MCR_PROV_AWS_DX);
	const struct mcr_profile *er = mcr_profile_builtin(MCR_PROV_AZURE_ER);
	const struct mcr_profile *vpn = mcr_profile_builtin(MCR_PROV_AWS_VPN);
	const struct mcr_profile *gen = mcr_profile_builtin(MCR_PROV_GENERIC);
	const struct mcr_profile *gcp =
		mcr_profile_builtin(MCR_PROV_GCP_INTERCONNECT);

	/* DX private VIF: 100 prefixes per family towards AWS */
	ck_assert_uint_eq(dx->out_limit[MCR_AFI_IP], 100);
	ck_assert_uint_eq(dx->out_limit[MCR_AFI_IP6], 100);
	ck_assert_int_eq(dx->link_class, MCR_CLASS_DIRECT);
	ck_assert_uint_eq(dx->peer_asn, 64512);
	/* ExpressRoute: 4000 IPv4 / 100 IPv6 towards Azure, ASN 12076 */
	ck_assert_uint_eq(er->out_limit[MCR_AFI_IP], 4000);
	ck_assert_uint_eq(er->out_limit[MCR_AFI_IP6], 100);
	ck_assert_uint_eq(er->peer_asn, 12076);
	ck_assert_int_eq(vpn->link_class, MCR_CLASS_VPN);
	ck_assert_uint_eq(vpn->out_limit[MCR_AFI_IP], 1000);
	ck_assert_uint_eq(gcp->out_limit[MCR_AFI_IP], 250);
	/* clouds refuse a default route, generic peers may send one */
	ck_assert_int_eq(dx->defroute, MCR_DEFROUTE_REFUSE);
	ck_assert_int_eq(gen->defroute, MCR_DEFROUTE_ACCEPT);
	ck_assert_uint_eq(gen->maxlen[MCR_AFI_IP6], 128);
	for (int i = 0; i < MCR_PROV_MAX; i++) {
		const struct mcr_profile *p = mcr_profile_builtin(i);

		ck_assert_uint_le(p->minlen[MCR_AFI_IP], p->maxlen[MCR_AFI_IP]);
		ck_assert_int_eq(p->limit_action, MCR_LIMIT_WARN);
	}
}
END_TEST

START_TEST(class_preference_order)
{
	/* TGW order: direct-connect > tgw-connect > vpn > other */
	ck_assert_uint_lt(mcr_class_pref(MCR_CLASS_DIRECT),
			  mcr_class_pref(MCR_CLASS_CONNECT));
	ck_assert_uint_lt(mcr_class_pref(MCR_CLASS_CONNECT),
			  mcr_class_pref(MCR_CLASS_VPN));
	ck_assert_uint_lt(mcr_class_pref(MCR_CLASS_VPN),
			  mcr_class_pref(MCR_CLASS_OTHER));
	ck_assert_uint_eq(mcr_class_pref(MCR_CLASS_DIRECT), MCR_PREF_DIRECT);
	ck_assert_uint_eq(mcr_class_pref(MCR_CLASS_MAX), MCR_PREF_OTHER);
	ck_assert_int_eq(
		mcr_profile_builtin(MCR_PROV_AWS_TGW_CONNECT)->link_class,
		MCR_CLASS_CONNECT);
}
END_TEST

START_TEST(reserved_asns)
{
	const struct mcr_profile *az = mcr_profile_builtin(MCR_PROV_AZURE_VPN);
	const struct mcr_profile *aws = mcr_profile_builtin(MCR_PROV_AWS_DX);
	const struct mcr_profile *gcp = mcr_profile_builtin(MCR_PROV_GCP_VPN);

	ck_assert(mcr_profile_asn_reserved(az, 65515));
	ck_assert(mcr_profile_asn_reserved(az, 65520));
	ck_assert(!mcr_profile_asn_reserved(az, 65521));
	ck_assert(!mcr_profile_asn_reserved(az, 65514));
	ck_assert(mcr_profile_asn_reserved(az, 12076));
	ck_assert(mcr_profile_asn_reserved(az, 8074));
	ck_assert(mcr_profile_asn_reserved(aws, 7224));
	ck_assert(!mcr_profile_asn_reserved(aws, 64512));
	ck_assert(!mcr_profile_asn_reserved(gcp, 7224));
}
END_TEST

START_TEST(limit_action_names)
{
	enum mcr_limit_action a = MCR_LIMIT_ACTION_MAX;
	struct mcr_errbuf eb;

	for (int i = 0; i < MCR_LIMIT_ACTION_MAX; i++) {
		ck_assert_int_eq(mcr_limit_action_parse(
					 mcr_limit_action_name(i), &a, NULL),
				 MCR_OK);
		ck_assert_int_eq(a, i);
	}
	ck_assert_str_eq(mcr_limit_action_name(MCR_LIMIT_DROP_EXCESS),
			 "drop-excess");
	a = MCR_LIMIT_WARN;
	ck_assert_int_eq(mcr_limit_action_parse("drop", &a, &eb), MCR_EINVAL);
	ck_assert_int_eq(a, MCR_LIMIT_WARN);
	ck_assert(strstr(eb.msg, "drop"));
	ck_assert_int_eq(mcr_limit_action_parse(NULL, &a, &eb), MCR_EINVAL);
	ck_assert_str_eq(mcr_limit_action_name(MCR_LIMIT_ACTION_MAX), "?");
}
END_TEST

START_TEST(bad_provider_name)
{
	enum mcr_provider p = MCR_PROV_GCP_VPN;
	struct mcr_errbuf eb;

	ck_assert_int_eq(mcr_provider_parse("aws", &p, &eb), MCR_EINVAL);
	ck_assert(strstr(eb.msg, "\"aws\""));
	ck_assert_int_eq(p, MCR_PROV_GCP_VPN); /* untouched */
	ck_assert_int_eq(mcr_provider_parse("", &p, NULL), MCR_EINVAL);
	ck_assert_int_eq(mcr_provider_parse(NULL, &p, NULL), MCR_EINVAL);
	ck_assert_int_eq(mcr_provider_parse("AWS-VPN", &p, NULL), MCR_EINVAL);
}
END_TEST

/* Each bad field is refused with a message naming it. */
START_TEST(validate_each_field)
{
	struct mcr_profile p;
	struct mcr_errbuf eb;

#define BAD(mutation, word)                                                    \
	do {                                                                   \
		p = *mcr_profile_builtin(MCR_PROV_AWS_DX);                     \
		mutation;                                                      \
		eb.msg[0] = 0;                                                 \
		ck_assert_int_eq(mcr_profile_validate(&p, &eb), MCR_EINVAL);   \
		ck_assert_msg(strstr(eb.msg, word), "\"%s\" lacks \"%s\"",     \
			      eb.msg, word);                                   \
	} while (0)

	BAD(p.in_limit[MCR_AFI_IP] = 0, "ipv4 inbound");
	BAD(p.in_limit[MCR_AFI_IP6] = 0, "ipv6 inbound");
	BAD(p.out_limit[MCR_AFI_IP] = 0, "ipv4 outbound");
	BAD(p.out_limit[MCR_AFI_IP6] = 0, "ipv6 outbound");
	BAD(p.warn_pct = 0, "warning");
	BAD(p.warn_pct = 101, "101");
	BAD(p.minlen[MCR_AFI_IP] = 29, "ipv4 prefix-length");
	BAD(p.maxlen[MCR_AFI_IP] = 33, "ipv4 prefix-length");
	BAD(p.maxlen[MCR_AFI_IP6] = 129, "ipv6 prefix-length");
	BAD(p.provider = MCR_PROV_MAX, "provider");
	BAD(p.link_class = MCR_CLASS_MAX, "link class");
	BAD(p.limit_action = MCR_LIMIT_ACTION_MAX, "limit action");
	BAD(p.defroute = (enum mcr_defroute_policy)7, "default-route");
	BAD(p.nreserved = MCR_PROFILE_MAX_RESERVED + 1, "reserved");
	BAD((p.reserved[0].lo = 10, p.reserved[0].hi = 9), "10-9");
#undef BAD

	/* boundaries that are fine */
	p = *mcr_profile_builtin(MCR_PROV_AWS_DX);
	p.in_limit[MCR_AFI_IP] = 1;
	p.warn_pct = 100;
	p.minlen[MCR_AFI_IP] = p.maxlen[MCR_AFI_IP] = 32;
	p.minlen[MCR_AFI_IP6] = 0;
	p.maxlen[MCR_AFI_IP6] = 128;
	p.nreserved = MCR_PROFILE_MAX_RESERVED;
	for (int i = 0; i < MCR_PROFILE_MAX_RESERVED; i++)
		p.reserved[i].lo = p.reserved[i].hi = 100 + i;
	ck_assert_int_eq(mcr_profile_validate(&p, NULL), MCR_OK);
	/* the profile is a plain value: overriding is assigning */
	ck_assert_uint_eq(mcr_profile_builtin(MCR_PROV_AWS_DX)->warn_pct, 80);
}
END_TEST

START_TEST(afi_index)
{
	ck_assert_int_eq(mcr_afi_of(MCR_AF_INET), MCR_AFI_IP);
	ck_assert_int_eq(mcr_afi_of(MCR_AF_INET6), MCR_AFI_IP6);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("profile");
	TCase *tc = tcase_create("profile");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, builtins_valid_and_named);
	tcase_add_test(tc, provider_figures);
	tcase_add_test(tc, class_preference_order);
	tcase_add_test(tc, reserved_asns);
	tcase_add_test(tc, limit_action_names);
	tcase_add_test(tc, bad_provider_name);
	tcase_add_test(tc, validate_each_field);
	tcase_add_test(tc, afi_index);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
