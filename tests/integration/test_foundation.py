"""Foundation: FRR 8.4.4 + mcrouted build, vtysh integration, persistence.

Topology: tr (zebra + bgpd + mcrouted) -- aws (gobgpd, AS 64512).
"""

import json
import os

import pytest

from netlab import GoBGP, wait_for

TR_BGP = """\
router bgp 65000
 bgp router-id 100.64.0.1
 no bgp ebgp-requires-policy
 neighbor 100.64.0.2 remote-as 64512
 neighbor 100.64.0.2 timers 3 9
 neighbor 100.64.0.2 timers connect 1
!
"""


@pytest.fixture
def tr(lab):
    tr = lab.add_node("tr")
    tr.start_frr("zebra")
    tr.start_frr("bgpd", TR_BGP)
    tr.start_frr("mcrouted")
    wait_for("mcrouted connected to zebra",
             lambda: tr.vtysh_json("show mcr status json")["zebraConnected"])
    return tr


def running(tr):
    return tr.vtysh("show running-config").stdout


def test_vtysh_knows_mcrouted(tr):
    out = tr.vtysh("show daemons").stdout
    assert "mcrouted" in out.split(), out
    status = tr.vtysh_json("show mcr status json")
    assert status["version"].startswith("8.4.4")
    assert status["distance"] == 220
    assert status["routeTables"] == {}


def test_config_write_memory_and_restart(tr):
    tr.configure("""
router mcr
 distance 40
 route-table aws
  table-id 100
 exit
 route-table azure
  table-id 200
 exit
exit
""")
    cfg = running(tr)
    block = "router mcr\n distance 40\n route-table aws\n  table-id 100\n exit\n" \
            " route-table azure\n  table-id 200\n exit\nexit\n"
    assert block in cfg, cfg
    before = tr.vtysh_json("show mcr status json")
    assert before["routeTables"] == {"aws": {"tableId": 100},
                                     "azure": {"tableId": 200}}

    tr.vtysh("write memory")
    saved = open(os.path.join(tr.dir, "frr.conf")).read()
    assert block in saved, saved

    # Restart mcrouted alone, the way frrinit.sh does: start, then vtysh -b.
    tr.stop("mcrouted")
    tr.start_frr("mcrouted")
    assert tr.vtysh_json("show mcr status json")["routeTables"] == {}
    b = tr.vtysh_boot("mcrouted")
    assert b.returncode == 0, b.stdout + b.stderr
    after = tr.vtysh_json("show mcr status json")
    assert after["routeTables"] == before["routeTables"]
    assert after["distance"] == 40
    assert block in running(tr)


def test_bad_input_is_refused_and_changes_nothing(tr):
    tr.configure("router mcr\n route-table aws\n  table-id 100\n exit\n route-table gcp\n")
    snapshot = running(tr)
    status = tr.vtysh_json("show mcr status json")

    bad = [
        (("router mcr", "route-table aws", "table-id 254"), "out of the allowed range"),
        (("router mcr", "route-table gcp", "table-id 100"), "Unique data leaf(s)"),
        (("router mcr", "distance 0"), "% "),
        (("router mcr", "frobnicate"), "% Unknown command"),
    ]
    for cmds, msg in bad:
        p = tr.vtysh("configure terminal", *cmds, check=False)
        out = p.stdout + p.stderr
        assert msg in out, (cmds, out)
    # nothing changed: same running-config and daemon state
    assert running(tr) == snapshot
    assert tr.vtysh_json("show mcr status json")["routeTables"] == status["routeTables"]


def test_bgpd_accepts_redistribute_mcr(tr):
    tr.configure("router bgp 65000\n address-family ipv4 unicast\n  redistribute mcr\n"
                 " exit-address-family\n address-family ipv6 unicast\n  redistribute mcr\n")
    cfg = running(tr)
    assert cfg.count("redistribute mcr") == 2, cfg
    tr.exec(["ip", "addr", "add", "198.18.0.1/24", "dev", "lo"])
    out = wait_for("connected route", lambda: tr.vtysh("show ip route").stdout)
    assert "M - MCR" in out, out  # the route type's code in zebra's legend


def test_bgp_routes_reach_mcrouted_through_zebra(lab, tr):
    aws = lab.add_node("aws")
    lab.link(tr, aws, "100.64.0.1/30", "100.64.0.2/30")
    gobgp = GoBGP(aws, 64512, "100.64.0.2", [("100.64.0.1", 65000)])
    for p in ("10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16"):
        gobgp.announce(p, "100.64.0.2")
    wait_for("3 BGP routes in mcrouted",
             lambda: tr.vtysh_json("show mcr status json")["bgpRoutes"] == 3)
    routes = tr.vtysh_json("show ip route json")
    assert "10.1.0.0/16" in routes and routes["10.1.0.0/16"][0]["protocol"] == "bgp"
    gobgp.withdraw("10.2.0.0/16")
    wait_for("withdraw seen by mcrouted",
             lambda: tr.vtysh_json("show mcr status json")["bgpRoutes"] == 2)
