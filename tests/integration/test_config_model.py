"""The frr-mcrouted model through vtysh: full configuration round trip,
refusal of bad configuration, and attachments fed by a real BGP peer.

Topology (per test): tr (zebra + bgpd + mcrouted) and, where needed,
aws (gobgpd, AS 64512) as an AWS Direct Connect circuit.
"""

import json
import os
import re
import time

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

# Written the way 'show running-config' prints it, so the round trip can be
# compared line by line.
FULL = """\
router mcr
 distance 230
 default-route accept
 no builtin-bogons
 bogon 10.255.0.0/16
 bogon-exception 192.0.2.0/25
 bgp local-as 65000
 vici socket /run/mcr-test/charon.vici
 profile dx-small
  provider aws-direct-connect
  peer-asn 64512
  reserved-asn 64999
  limit-warning 70
  limit-action withdraw-all
  ipv4 inbound-limit 150
  ipv4 max-prefix-length 26
  ipv6 inbound-limit 50
 exit
 route-table prod
  description production VPCs
  table-id 100
  ecmp
  conflict-policy prefer-attachment
  protected-prefix 10.99.0.0/16
  route 10.50.0.0/16 attachment onprem
  route 10.66.0.0/16 blackhole
 exit
 route-table shared
  table-id 200
 exit
 tunnel awsvpn1
  preset aws-vpn
  local-address 198.51.100.10
  remote-address 203.0.113.1
  inside-prefix 169.254.10.0/30
  local-inside-address 169.254.10.2
  ike-proposal aes256gcm16-prfsha384-ecp384
  esp-proposal aes256gcm16
  dpd-delay 10
  if-id 42
 exit
 tunnel tgw1
  type gre
  preset aws-tgw-connect
  remote-address 10.0.0.9
  inside-prefix 169.254.200.0/29
  local-inside-address 169.254.200.1
  gre-key 7
 exit
 attachment aws-dx1
  description DX private VIF 1
  provider aws-direct-connect
  profile dx-small
  neighbor 100.64.0.2
  interface tr-aws
  ipv4 outbound-limit 90
  approval-mode manual
  approved-prefix 10.1.0.0/16
  approved-prefix 10.8.0.0/14 max-length 24
  redundancy-group aws
  preference 50
  associate shared
  propagate prod
  propagate shared
  as-path-mode preserve
 exit
 attachment onprem
  kind static
  nexthop 192.168.50.1
  limit-action drop-excess
  associate prod
  propagate shared
  shutdown
 exit
 attachment vpn1
  kind tunnel
  provider aws-vpn
  tunnel awsvpn1
  propagate prod
  bgp-integration manual
 exit
 netconf
  ssh enabled
  ssh port 8830
  user admin
  user admin access read-write
 exit
exit
"""


def mcr_block(text):
    """The 'router mcr' block of a running-config."""
    m = re.search(r"^router mcr\n.*?^exit\n", text, re.S | re.M)
    return m.group(0) if m else ""


def running(node):
    return node.vtysh("show running-config").stdout


def start_tr(lab, bgp=TR_BGP):
    tr = lab.add_node("tr")
    tr.start_frr("zebra")
    tr.start_frr("bgpd", bgp)
    tr.start_frr("mcrouted", extra=("--secret-key",
                                    os.path.join(tr.dir, "mcrouted.key")))
    wait_for("mcrouted connected to zebra",
             lambda: tr.vtysh_json("show mcr status json")["zebraConnected"])
    return tr


def state_json(tr):
    """Everything the show commands say about the configuration."""
    st = tr.vtysh_json("show mcr status json")
    for k in ("uptimeSeconds", "eventSequence"):
        st.pop(k)
    out = {"status": st,
           "attachments": tr.vtysh_json("show mcr attachment json"),
           "pending": tr.vtysh_json("show mcr pending json")}
    for t in st["routeTables"]:
        out["table-" + t] = tr.vtysh_json("show mcr route-table %s json" % t)
    for a in out["attachments"]:
        out["export-" + a] = tr.vtysh_json("show mcr export %s json" % a)
    return out


@pytest.fixture
def tr(lab):
    return start_tr(lab)


def test_full_config_round_trip(tr):
    p = tr.configure(FULL)
    assert "%" not in p.stdout, p.stdout
    # psk typed in plaintext is stored encrypted, never shown
    tr.configure("router mcr\n tunnel awsvpn1\n  psk Sup3rSecretKey42\n")
    cfg = running(tr)
    assert "Sup3rSecretKey42" not in cfg
    m = re.search(r"^  psk encrypted (\$1\$\S+)$", cfg, re.M)
    assert m, cfg
    want = FULL.replace("  if-id 42\n", "  psk encrypted %s\n  if-id 42\n"
                        % m.group(1))
    assert mcr_block(cfg) == want, cfg

    before = state_json(tr)
    att = before["attachments"]
    assert att["aws-dx1"]["effectiveProvider"] == "aws-direct-connect"
    # profile resolution: attachment > profile > built-in
    fam = att["aws-dx1"]["family"]
    assert fam["ipv4"]["inboundLimit"] == 150       # profile
    assert fam["ipv4"]["outboundLimit"] == 90       # attachment
    assert fam["ipv4"]["maxPrefixLength"] == 26     # profile
    assert fam["ipv6"]["inboundLimit"] == 50        # profile
    assert fam["ipv6"]["outboundLimit"] == 100      # built-in DX
    assert att["aws-dx1"]["limitAction"] == "withdraw-all"
    assert att["aws-dx1"]["limitWarning"] == 70
    assert att["aws-dx1"]["preference"] == 50
    assert att["aws-dx1"]["associate"] == "shared"
    assert att["aws-dx1"]["propagate"] == ["prod", "shared"]
    assert att["onprem"]["operStatus"] == "down"
    assert att["onprem"]["reason"] == "shutdown"
    # a tunnel attachment waits for its tunnel
    assert att["vpn1"]["operStatus"] == "down"
    assert att["vpn1"]["reason"] == "tunnel awsvpn1 is down"
    # blackhole is selected; the static to a shut attachment is not
    prod = before["table-prod"]
    assert prod["tableId"] == 100
    assert "10.66.0.0/16" in prod["routes"], prod
    assert prod["routes"]["10.66.0.0/16"]["kind"] == "blackhole"
    assert "10.50.0.0/16" not in prod["routes"]
    # the same through the YANG state
    oper = json.loads(tr.vtysh(
        "show yang operational-data /frr-mcrouted:mcrouted mcrouted").stdout)
    oper = oper["frr-mcrouted:mcrouted"]
    rt = [t for t in oper["route-table"] if t["name"] == "prod"][0]["state"]
    assert rt["route-count"] == 1
    assert rt["route"][0]["prefix"] == "10.66.0.0/16"
    assert rt["route"][0]["kind"] == "blackhole"
    ya = {a["name"]: a["state"] for a in oper["attachment"]}
    assert ya["vpn1"]["oper-status"] == "down"
    assert ya["aws-dx1"]["effective-provider"] == "aws-direct-connect"
    fam4 = [f for f in ya["aws-dx1"]["family"] if f["family"] == "ipv4"][0]
    assert fam4["inbound-limit"] == 150 and fam4["outbound-limit"] == 90
    assert oper["status"]["attachment-count"] == 3
    assert oper["status"]["tunnel-count"] == 2

    tr.vtysh("write memory")
    saved = open(os.path.join(tr.dir, "frr.conf")).read()
    assert mcr_block(saved) == want, saved
    assert "Sup3rSecretKey42" not in saved

    tr.stop("mcrouted")
    tr.start_frr("mcrouted", extra=("--secret-key",
                                    os.path.join(tr.dir, "mcrouted.key")))
    assert tr.vtysh_json("show mcr status json")["routeTables"] == {}
    b = tr.vtysh_boot("mcrouted")
    assert b.returncode == 0, b.stdout + b.stderr
    assert mcr_block(running(tr)) == want
    wait_for("mcrouted back on zebra",
             lambda: tr.vtysh_json("show mcr status json")["zebraConnected"])
    assert state_json(tr) == before


BAD = [
    # (commands under 'router mcr', expected message)
    (("attachment a1", "associate nosuchtable"), "nosuchtable"),
    (("route-table t2", "table-id 100"), "Unique data leaf(s)"),
    (("route-table t1", "table-id 254"), "out of the allowed range"),
    (("route-table t1", "protected-prefix 10.0.0.0/33"), "% "),
    (("bogon 10.1.2.300/24",), "% "),
    (("attachment a1", "ipv4 inbound-limit 0"), "out of the allowed range"),
    (("attachment a1", "ipv4 inbound-limit 1000001"),
     "out of the allowed range"),
    (("attachment a1", "limit-warning 101"), "out of the allowed range"),
    (("attachment a1", "provider alibaba-cloud"), "% Unknown command"),
    (("attachment a2", "profile p1"),
     "the attachment's provider differs from its profile's provider"),
    # azure-vpn's built-in longest accepted IPv4 length is 29
    (("attachment a2", "ipv4 min-prefix-length 30"), "attachment a2:"),
    (("attachment a2", "neighbor 100.64.0.2"), "already belongs to"),
    (("tunnel g1", "psk Secret123"), "psk is only for IPsec tunnels"),
    # a token not made with this daemon's key file
    (("tunnel k", "psk encrypted $1$q83vEjRWeJCrze8BIzRW6KgLR1Zy7VBp4lJxR5Wd9Ts7mFc0sAq2Uy1hjL0e"),
     "tunnel k: psk:"),
]


def test_bad_config_refused_and_changes_nothing(tr):
    tr.configure("""router mcr
 route-table t1
  table-id 100
 exit
 route-table t2
 exit
 attachment a1
  neighbor 100.64.0.2
  propagate t1
 exit
 attachment a2
  provider azure-vpn
 exit
 profile p1
  provider aws-vpn
 exit
 tunnel g1
  type gre
 exit
""")
    # create the key file so that the tampered-token case is a decrypt error
    tr.configure("router mcr\n tunnel k\n  psk generate\n")
    snapshot = mcr_block(running(tr))
    assert "attachment a1" in snapshot
    state = state_json(tr)
    for cmds, msg in BAD:
        p = tr.vtysh("configure terminal", "router mcr", *cmds, check=False)
        out = p.stdout + p.stderr
        assert msg in out, (cmds, out)
        assert out.lstrip().startswith("%") or "\n%" in out, (cmds, out)
        assert mcr_block(running(tr)) == snapshot, cmds
    assert state_json(tr) == state


def kernel_routes(node, table):
    out = node.exec(["ip", "-4", "route", "show", "table", str(table)],
                    check=False).stdout
    return {l.split()[0]: l for l in out.splitlines() if l.strip()}


@pytest.fixture
def dx(lab, tr):
    aws = lab.add_node("aws")
    lab.link(tr, aws, "100.64.0.1/30", "100.64.0.2/30")
    gobgp = GoBGP(aws, 64512, "100.64.0.2", [("100.64.0.1", 65000)])
    wait_for("BGP session up", lambda: bgp_uptime(tr)[0] == "Established")
    return gobgp


DX_CFG = """router mcr
 route-table vpcs
  table-id 100
 exit
 attachment aws-dx1
  provider aws-direct-connect
  neighbor 100.64.0.2
  propagate vpcs
 exit
"""


def bgp_uptime(tr):
    """(state, sessions established, sessions dropped) of the DX peer."""
    n = tr.vtysh_json("show bgp neighbors 100.64.0.2 json", daemon="bgpd")
    n = n.get("100.64.0.2", {})
    return (n.get("bgpState"), n.get("connectionsEstablished"),
            n.get("connectionsDropped"))


def test_dx_attachment_routes_in_kernel_table(tr, dx):
    tr.configure(DX_CFG)
    vpcs = ("10.1.0.0/16", "10.2.0.0/16", "172.31.0.0/16")
    for p in vpcs:
        dx.announce(p, "100.64.0.2")
    dx.announce("192.0.2.0/24", "100.64.0.2")  # a bogon: refused
    routes = wait_for("VPC CIDRs in kernel table 100",
                      lambda: (lambda r: r if all(p in r for p in vpcs)
                               else None)(kernel_routes(tr, 100)))
    for p in vpcs:
        assert "via 100.64.0.2" in routes[p], routes[p]
        assert "proto mcr" in routes[p] or "proto 199" in routes[p]
    assert "192.0.2.0/24" not in routes
    t = tr.vtysh_json("show mcr route-table vpcs json")
    assert sorted(t["routes"]) == sorted(vpcs)
    for p in vpcs:
        r = t["routes"][p]
        assert r["kind"] == "propagated"
        assert r["sourceAttachment"] == ["aws-dx1"]
        assert r["nexthop"][0]["address"] == "100.64.0.2"
    m = tr.vtysh_json("show mcr route-table vpcs 10.1.2.3 json")["match"]
    assert m["prefix"] == "10.1.0.0/16"
    a = tr.vtysh_json("show mcr attachment aws-dx1 json")["aws-dx1"]
    assert a["family"]["ipv4"]["accepted"] == 3
    assert a["refused"] == {"bogon": 1}
    hist = tr.vtysh_json("show mcr route 10.2.0.0/16 history json")
    assert [e["action"] for e in hist["event"]][:1] == ["announce"]
    assert any(e["action"] == "select" and e["routeTable"] == "vpcs"
               for e in hist["event"]), hist

    dx.withdraw("10.2.0.0/16")
    wait_for("withdrawn from kernel table",
             lambda: "10.2.0.0/16" not in kernel_routes(tr, 100))
    assert "10.1.0.0/16" in kernel_routes(tr, 100)
    assert "10.2.0.0/16" not in \
        tr.vtysh_json("show mcr route-table vpcs json")["routes"]
    hist = tr.vtysh_json("show mcr route 10.2.0.0/16 history json")
    assert hist["event"][-1]["action"] in ("withdraw", "deselect"), hist


def test_limit_drop_excess_does_not_flap(tr, dx):
    tr.configure(DX_CFG + " attachment aws-dx1\n  ipv4 inbound-limit 3\n"
                 "  limit-action drop-excess\n")
    sess0 = bgp_uptime(tr)
    assert sess0[0] == "Established"
    for i in range(1, 4):
        dx.announce("10.%d.0.0/16" % i, "100.64.0.2")
    wait_for("3 routes", lambda: len(kernel_routes(tr, 100)) == 3)
    for i in range(4, 6):
        dx.announce("10.%d.0.0/16" % i, "100.64.0.2")
    a = wait_for("2 refused by the limit", lambda: (lambda a: a if a[
        "refused"].get("limit") == 2 else None)(tr.vtysh_json(
            "show mcr attachment aws-dx1 json")["aws-dx1"]))
    assert a["family"]["ipv4"]["accepted"] == 3
    assert a["family"]["ipv4"]["limitStatus"] == "exceeded"
    time.sleep(2)
    routes = kernel_routes(tr, 100)
    assert sorted(routes) == ["10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16"]
    # bgpd still has all five, over the same session
    assert bgp_uptime(tr) == sess0
    bgp = tr.vtysh_json("show bgp ipv4 unicast json", daemon="bgpd")
    assert len(bgp["routes"]) == 5
    # raising the limit admits the excess, still without a flap
    tr.configure("router mcr\n attachment aws-dx1\n  ipv4 inbound-limit 10\n")
    wait_for("5 routes", lambda: len(kernel_routes(tr, 100)) == 5)
    assert bgp_uptime(tr) == sess0


def test_manual_approval_keeps_prefix_pending(tr, dx):
    tr.configure(DX_CFG + " attachment aws-dx1\n  approval-mode manual\n"
                 "  approved-prefix 10.1.0.0/16\n")
    dx.announce("10.1.0.0/16", "100.64.0.2")
    dx.announce("10.2.0.0/16", "100.64.0.2")
    wait_for("approved one installed",
             lambda: "10.1.0.0/16" in kernel_routes(tr, 100))
    pend = wait_for("one pending", lambda: tr.vtysh_json(
        "show mcr pending json")["pending"].get("aws-dx1"))
    assert pend == ["10.2.0.0/16"]
    time.sleep(1)
    assert "10.2.0.0/16" not in kernel_routes(tr, 100)
    a = tr.vtysh_json("show mcr attachment aws-dx1 json")["aws-dx1"]
    assert a["pendingPrefix"] == ["10.2.0.0/16"]
    assert a["family"]["ipv4"]["pending"] == 1

    p = tr.vtysh("mcr approve attachment aws-dx1 prefix 10.2.0.0/16")
    assert "approved 1 prefix" in p.stdout, p.stdout
    wait_for("approved prefix installed",
             lambda: "10.2.0.0/16" in kernel_routes(tr, 100))
    assert tr.vtysh_json("show mcr pending json")["pending"] == {}
    # the approval is configuration: it is saved and survives a restart
    assert "  approved-prefix 10.2.0.0/16\n" in running(tr)
    # a range approval covers what arrives later
    tr.configure("router mcr\n attachment aws-dx1\n"
                 "  approved-prefix 10.8.0.0/14 max-length 24\n")
    dx.announce("10.9.1.0/24", "100.64.0.2")
    dx.announce("10.20.0.0/16", "100.64.0.2")
    wait_for("range-approved prefix installed",
             lambda: "10.9.1.0/24" in kernel_routes(tr, 100))
    wait_for("other prefix pending", lambda: tr.vtysh_json(
        "show mcr pending json")["pending"].get("aws-dx1") == ["10.20.0.0/16"])
    p = tr.vtysh("mcr approve all")
    assert "approved 1 prefix" in p.stdout, p.stdout
    wait_for("all approved", lambda: "10.20.0.0/16" in kernel_routes(tr, 100))


TWO_BGP = """\
router bgp 65000
 bgp router-id 100.64.0.1
 no bgp ebgp-requires-policy
 neighbor 100.64.0.2 remote-as 64512
 neighbor 100.64.0.2 timers 3 9
 neighbor 100.64.0.2 timers connect 1
 neighbor 100.64.0.6 remote-as 12076
 neighbor 100.64.0.6 timers 3 9
 neighbor 100.64.0.6 timers connect 1
!
"""


def test_overlap_conflict_and_export(lab):
    """An AWS 10.0.0.0/8 covering an Azure 10.100.0.0/16: a conflict, kept
    under 'report', resolved by preference under 'prefer-attachment'; the
    AWS export is summarized to its outbound limit."""
    tr = start_tr(lab, TWO_BGP)
    aws, az = lab.add_node("aws"), lab.add_node("azure")
    lab.link(tr, aws, "100.64.0.1/30", "100.64.0.2/30")
    lab.link(tr, az, "100.64.0.5/30", "100.64.0.6/30")
    g_aws = GoBGP(aws, 64512, "100.64.0.2", [("100.64.0.1", 65000)])
    g_az = GoBGP(az, 12076, "100.64.0.6", [("100.64.0.5", 65000)])
    tr.configure("""router mcr
 route-table t
  table-id 100
 exit
 attachment aws
  provider aws-direct-connect
  neighbor 100.64.0.2
  associate t
  propagate t
  ipv4 outbound-limit 2
 exit
 attachment azure
  provider azure-expressroute
  neighbor 100.64.0.6
  associate t
  propagate t
  preference 10
 exit
""")
    g_aws.announce("10.0.0.0/8", "100.64.0.2")
    for p in ("10.100.0.0/16", "10.101.0.0/16", "10.102.0.0/16"):
        g_az.announce(p, "100.64.0.6")
    want = {"10.0.0.0/8", "10.100.0.0/16", "10.101.0.0/16", "10.102.0.0/16"}
    wait_for("both clouds in table 100",
             lambda: set(kernel_routes(tr, 100)) == want)
    c = wait_for("conflicts", lambda: (lambda c: c if c["conflictCount"] == 3
                                       else None)(
        tr.vtysh_json("show mcr conflicts json")))
    pairs = {(x["prefix"], x["attachment"], x["otherPrefix"],
              x["otherAttachment"]) for x in c["conflicts"]}
    assert ("10.0.0.0/8", "aws", "10.100.0.0/16", "azure") in pairs, c
    for x in c["conflicts"]:
        assert x["routeTables"]["t"] == {"policy": "report",
                                         "resolution": "both-kept"}, x

    # AWS is sent Azure's three prefixes within its limit of 2
    ex = tr.vtysh_json("show mcr export aws json")
    assert ex["candidateCount"] == 3 and ex["advertisedCount"] == 2, ex
    assert ex["status"] == "summarized"
    assert any(v["summary"] for v in ex["advertised"].values()), ex
    assert "10.0.0.0/8" not in ex["advertised"]  # its own route

    # prefer-attachment: azure's better preference wins the overlap
    tr.configure("router mcr\n route-table t\n"
                 "  conflict-policy prefer-attachment\n")
    wait_for("aws's covering route excluded",
             lambda: "10.0.0.0/8" not in kernel_routes(tr, 100))
    c = tr.vtysh_json("show mcr conflicts json")
    for x in c["conflicts"]:
        t = x["routeTables"]["t"]
        assert t["resolution"] == "attachment-won", x
        assert t["winner"] == "azure", x
    a = tr.vtysh_json("show mcr attachment aws json")["aws"]
    assert a["family"]["ipv4"]["accepted"] == 1
    oper = json.loads(tr.vtysh(
        "show yang operational-data /frr-mcrouted:mcrouted mcrouted").stdout)
    conf = oper["frr-mcrouted:mcrouted"]["route-table"][0]["state"][
        "conflict"]
    assert len(conf) == 3
    assert {x["winner"] for x in conf} == {"azure"}
    assert oper["frr-mcrouted:mcrouted"]["status"]["conflict-count"] == 3

    # withdrawing the covering route ends the conflicts
    g_aws.withdraw("10.0.0.0/8")
    wait_for("no conflicts", lambda: tr.vtysh_json(
        "show mcr conflicts json")["conflictCount"] == 0)
