"""IPv6 end to end: VPC CIDRs learnt over IPv6 BGP sessions flow through
bgpd and zebra into mcrouted, come back out as a kernel route table, and
bgpd sends the other cloud what mcrouted's policy says.

Topology (one namespace each, eBGP over IPv6 on veth):
  aws     GoBGP AS 64512  (Direct Connect)  fd00:64:1::/64
  onprem  GoBGP AS 65100                    fd00:64:2::/64
  azure   BIRD  AS 12076  (ExpressRoute)    fd00:64:3::/64
  tr      zebra + bgpd (AS 65000) + mcrouted

BIRD, like most routers on a shared link, sends its link-local address as
a second next hop, and bgpd then installs routes via that link-local
address: mcrouted must still tell which attachment they came from.
"""

import json

import pytest

from netlab import Bird, GoBGP, wait_for

AWS6 = ["2600:1f14:100::/56", "2600:1f14:200::/56"]
ONPREM6 = ["fd10:1::/48", "fd10:2::/48"]
AZURE6 = ["2603:1030:100::/48"]
BOGON6 = "2001:db8:1::/48"  # documentation space: a default bogon

PEERS = {"aws": (1, 64512), "onprem": (2, 65100), "azure": (3, 12076)}

TR_BGP = ("router bgp 65000\n bgp router-id 100.64.0.1\n"
          " no bgp ebgp-requires-policy\n no bgp default ipv4-unicast\n"
          + "".join(" neighbor fd00:64:%d::2 remote-as %d\n"
                    " neighbor fd00:64:%d::2 timers 3 9\n"
                    " neighbor fd00:64:%d::2 timers connect 1\n" % (i, asn, i, i)
                    for i, asn in PEERS.values())
          + " address-family ipv6 unicast\n"
          + "".join("  neighbor fd00:64:%d::2 activate\n" % i
                    for i, _ in PEERS.values())
          + " exit-address-family\n!\n")

MCR = """\
router mcr
 route-table cloud
  table-id 100
 exit
 attachment aws
  provider aws-direct-connect
  neighbor fd00:64:1::2
  interface tr-aws
  associate cloud
  propagate cloud
 exit
 attachment onprem
  provider generic
  neighbor fd00:64:2::2
  interface tr-onprem
  associate cloud
  propagate cloud
 exit
 attachment azure
  provider azure-expressroute
  neighbor fd00:64:3::2
  interface tr-azure
  associate cloud
  propagate cloud
 exit
exit
"""


def table6(tr, tid):
    """{prefix: (nexthop, line)} of the kernel's IPv6 table @tid."""
    out = tr.exec(["ip", "-6", "route", "show", "table", str(tid)]).stdout
    routes = {}
    for line in out.splitlines():
        parts = line.split()
        if parts and "via" in parts:
            routes[parts[0]] = (parts[parts.index("via") + 1], line)
    return routes


@pytest.fixture
def lab6(lab):
    tr = lab.add_node("tr")
    nodes = {}
    for name, (i, _) in PEERS.items():
        nodes[name] = lab.add_node(name)
        lab.link(tr, nodes[name], None, None)
        # nodad: BGP binds at once instead of after duplicate detection
        for node, ifn, host in ((tr, "tr-" + name, 1), (nodes[name], name + "-tr", 2)):
            node.exec(["ip", "-6", "addr", "add", "fd00:64:%d::%d/64" % (i, host),
                       "dev", ifn, "nodad"])
    tr.start_frr("zebra")
    tr.start_frr("bgpd", TR_BGP)
    tr.start_frr("mcrouted")
    tr.configure(MCR)
    peers = {}
    for name, prefixes in (("aws", AWS6), ("onprem", ONPREM6 + [BOGON6])):
        i, asn = PEERS[name]
        g = GoBGP(nodes[name], asn, "100.64.%d.2" % i, [("fd00:64:%d::1" % i, 65000)])
        for p in prefixes:
            g.announce(p, "fd00:64:%d::2" % i)
        peers[name] = g
    peers["azure"] = Bird(nodes["azure"], 12076, "100.64.3.2", "fd00:64:3::2",
                          "fd00:64:3::1", 65000, AZURE6, family="ipv6")
    wait_for("every IPv6 CIDR in kernel table 100",
             lambda: set(AWS6 + ONPREM6 + AZURE6) <= set(table6(tr, 100)), 60)
    return tr, peers


def test_ipv6_tables_and_exports(lab6):
    tr, peers = lab6
    t = table6(tr, 100)
    for p in AWS6:
        assert t[p][0] == "fd00:64:1::2", (p, t)
        assert "proto mcr" in t[p][1] or "proto 199" in t[p][1], t[p]
    for p in ONPREM6:
        assert t[p][0] == "fd00:64:2::2", (p, t)
    # BIRD's routes: bgpd has them via its link-local address
    rib = tr.vtysh_json("show ipv6 route %s json" % AZURE6[0])
    assert "fe80:" in json.dumps(rib), rib
    for p in AZURE6:
        assert t[p][0] == "fd00:64:3::2", (p, t)
    # the bogon is refused, with its reason in the prefix's history
    assert BOGON6 not in t
    hist = tr.vtysh_json("show mcr route %s history json" % BOGON6)
    assert "bogon" in json.dumps(hist), hist
    rt = tr.vtysh_json("show mcr route-table cloud json")
    assert AWS6[0] in json.dumps(rt), rt
    # the same history as YANG state: the route received and its
    # selection share one event's sequence number (a keyed list lost one)
    st = tr.vtysh_json("show yang operational-data /frr-mcrouted:mcrouted mcrouted")
    ev = [h["event"] for h in st["frr-mcrouted:mcrouted"]["prefix-history"]
          if h["prefix"] == AWS6[1]][0]
    assert [e["action"] for e in ev] == ["announce", "select"], ev
    assert ev[0]["sequence"] == ev[1]["sequence"], ev
    assert ev[1]["route-table"] == "cloud", ev
    # a state path below a list entry is not resolved by FRR 8.4: nothing
    # comes back, and mcrouted lives on (it used to crash here)
    tr.vtysh("show yang operational-data /frr-mcrouted:mcrouted/prefix-history"
             "[prefix='%s']/event mcrouted" % AWS6[1])
    assert "zebra: connected" in tr.vtysh("show mcr status").stdout
    # bgpd sends each cloud the other's CIDRs, by mcrouted's IPv6 policy
    cfg = tr.vtysh("show mcr bgp-config onprem").stdout
    assert "ipv6 prefix-list" in cfg, cfg
    wait_for("onprem learns AWS's IPv6 VPCs",
             lambda: set(AWS6) <= set(peers["onprem"].learned("ipv6")), 30)
    wait_for("aws learns onprem's IPv6 prefixes",
             lambda: set(ONPREM6) <= set(peers["aws"].learned("ipv6")), 30)
    wait_for("azure learns AWS's IPv6 VPCs without AWS's ASN",
             lambda: set(AWS6) <= set(peers["azure"].received()), 30)
    for p in AWS6:
        assert "64512" not in peers["azure"].received()[p], peers["azure"].received()
    assert not set(AZURE6) & set(peers["azure"].received())
    # never its own routes, never the bogon
    assert not set(AWS6) & set(peers["aws"].learned("ipv6"))
    assert BOGON6 not in peers["aws"].learned("ipv6")
    # a withdrawn VPC leaves the table and the other cloud
    peers["aws"].withdraw(AWS6[0])
    wait_for("withdrawn IPv6 VPC leaves table 100",
             lambda: AWS6[0] not in table6(tr, 100), 15)
    wait_for("and onprem",
             lambda: AWS6[0] not in peers["onprem"].learned("ipv6"), 30)
    assert AWS6[1] in table6(tr, 100)
