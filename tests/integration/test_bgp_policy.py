"""mcrouted's policy in bgpd and the kernel: reconcile against what is there.

These tests drive the reconciliation machinery through the real interfaces
(bgpd's running-config through vtysh, the kernel's rule table through ip):
objects mcrouted owns (named mcr-*, rules with protocol mcr) that its
configuration does not call for are removed, everything else is left alone,
and nothing is re-applied when bgpd already has it.
"""

import re

import pytest

from netlab import wait_for

TR_BGP = """\
router bgp 65000
 bgp router-id 100.64.0.1
 no bgp ebgp-requires-policy
 neighbor 100.64.0.2 remote-as 64512
 address-family ipv4 unicast
  neighbor 100.64.0.2 route-map mcr-stale out
  neighbor 100.64.0.2 maximum-prefix-out 100
  neighbor 100.64.0.2 route-map user-in in
 exit-address-family
!
ip prefix-list mcr-stale-v4 seq 5 permit 10.9.0.0/16
ip prefix-list user-list seq 5 permit 10.0.0.0/8
!
route-map mcr-stale permit 10
 match ip address prefix-list mcr-stale-v4
exit
!
route-map user-in permit 10
 match ip address prefix-list user-list
exit
!
"""


@pytest.fixture
def tr(lab):
    tr = lab.add_node("tr")
    aws = lab.add_node("aws")
    lab.link(tr, aws, "100.64.0.1/30", "100.64.0.2/30")
    tr.start_frr("zebra")
    tr.start_frr("bgpd", TR_BGP)
    return tr


def status(tr):
    """The reconcile status once a run finished ("in sync", "applied N
    change(s)"), else None (not run yet, or a run is pending)."""
    out = tr.vtysh("show mcr bgp-config").stdout
    m = re.search(r"^! mcrouted bgpd policy: (in sync|applied \d+ change\(s\)|.*?) \(local AS", out, re.M)
    if m and m.group(1) not in ("not run yet", "update pending"):
        return m.group(1)
    return None


def bgp_running(tr):
    return tr.vtysh("show running-config", daemon="bgpd").stdout


def test_stale_policy_removed_user_policy_kept(tr):
    before = bgp_running(tr)
    assert "mcr-stale" in before
    # rules: one of ours (protocol 199) left from an earlier run, one not
    tr.exec(["ip", "rule", "add", "iif", "tr-aws", "lookup", "100",
             "priority", "1000", "protocol", "199"])
    tr.exec(["ip", "rule", "add", "iif", "tr-aws", "lookup", "200",
             "priority", "1001"])
    tr.start_frr("mcrouted")

    wait_for("mcrouted to reconcile bgpd", lambda: status(tr), 15)
    after = bgp_running(tr)
    assert "mcr-stale" not in after, after
    # the neighbor's maximum-prefix-out was ours (it sat beside our map)
    assert "maximum-prefix-out" not in after
    # user objects and the session are untouched
    assert "route-map user-in permit 10" in after
    assert "neighbor 100.64.0.2 route-map user-in in" in after
    assert "ip prefix-list user-list seq 5 permit 10.0.0.0/8" in after
    assert "neighbor 100.64.0.2 remote-as 64512" in after
    rules = tr.exec(["ip", "rule", "show"]).stdout
    assert "lookup 100" not in rules, rules
    assert "iif tr-aws lookup 200" in rules, rules

    out = tr.vtysh("show mcr bgp-config").stdout
    assert "local AS 65000" in out, out
    assert "kernel policy rules:" in out, out


def test_in_sync_applies_nothing(tr):
    tr.start_frr("mcrouted")
    wait_for("first reconcile", lambda: status(tr), 15)
    first = bgp_running(tr)
    # a restart of mcrouted finds bgpd as it left it: no changes
    tr.stop("mcrouted")
    tr.start_frr("mcrouted")
    assert wait_for("reconcile after restart", lambda: status(tr), 15) == "in sync"
    assert bgp_running(tr) == first


def test_no_bgpd_is_reported_not_fatal(lab):
    tr = lab.add_node("tr")
    tr.start_frr("zebra")
    tr.start_frr("mcrouted")
    wait_for("status says bgpd unreachable",
             lambda: "bgpd not reachable" in tr.vtysh("show mcr bgp-config").stdout, 15)
    assert tr.vtysh_json("show mcr status json")["zebraConnected"]
