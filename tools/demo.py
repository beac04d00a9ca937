#!/usr/bin/python3
"""mcrouted demo lab (see tools/demo.sh).

A transit router 'tr' (zebra + bgpd + mcrouted, AS 65000) between three
cloud-side BGP peers that are not FRR: two AWS Direct Connect routers
(GoBGP, both AS 64512) and an Azure ExpressRoute edge (BIRD, AS 12076)
whose VNets include one overlapping an AWS VPC.  Prints what vtysh, the
kernel and the peers themselves show, then tears everything down.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "integration"))
from netlab import Bird, GoBGP, Lab, wait_for  # noqa: E402

AWS1 = ["10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16"]
AWS2 = ["10.20.0.0/16"]
AZURE = ["10.100.0.0/16", "10.101.0.0/16", "10.1.128.0/17"]

TR_BGP = """\
router bgp 65000
 bgp router-id 100.64.0.1
 no bgp ebgp-requires-policy
 neighbor 100.64.1.2 remote-as 64512
 neighbor 100.64.1.2 description aws-dx-1
 neighbor 100.64.1.2 timers connect 1
 neighbor 100.64.2.2 remote-as 64512
 neighbor 100.64.2.2 description aws-dx-2
 neighbor 100.64.2.2 timers connect 1
 neighbor 100.64.3.2 remote-as 12076
 neighbor 100.64.3.2 description azure-er
 neighbor 100.64.3.2 timers connect 1
!
"""

MCR_CONFIG = """\
router mcr
 route-table cloud
  table-id 100
 exit
 attachment aws1
  provider aws-direct-connect
  neighbor 100.64.1.2
  interface tr-aws1
  associate cloud
  propagate cloud
  ipv4 outbound-limit 3
 exit
 attachment aws2
  provider aws-direct-connect
  neighbor 100.64.2.2
  interface tr-aws2
  associate cloud
  propagate cloud
 exit
 attachment azure
  provider azure-expressroute
  neighbor 100.64.3.2
  interface tr-azure
  associate cloud
  propagate cloud
 exit
exit
"""


def show(node, cmd):
    print("\n%s# %s" % (node.name, cmd))
    print(node.vtysh(cmd).stdout.rstrip())


def shell(node, cmd):
    print("\n%s$ %s" % (node.name, " ".join(cmd)))
    print(node.exec(cmd).stdout.rstrip())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    args = ap.parse_args()
    lab = Lab(os.path.abspath(args.build), tag="demo")
    try:
        tr = lab.add_node("tr")
        nodes = {}
        for i, name in enumerate(("aws1", "aws2", "azure"), 1):
            nodes[name] = lab.add_node(name)
            lab.link(tr, nodes[name], "100.64.%d.1/30" % i, "100.64.%d.2/30" % i)
        tr.start_frr("zebra")
        tr.start_frr("bgpd", TR_BGP)
        tr.start_frr("mcrouted")
        tr.configure(MCR_CONFIG)
        aws1 = GoBGP(nodes["aws1"], 64512, "100.64.1.2", [("100.64.1.1", 65000)])
        for p in AWS1:
            aws1.announce(p, "100.64.1.2")
        aws2 = GoBGP(nodes["aws2"], 64512, "100.64.2.2", [("100.64.2.1", 65000)])
        for p in AWS2:
            aws2.announce(p, "100.64.2.2")
        azure = Bird(nodes["azure"], 12076, "100.64.3.2", "100.64.3.2",
                     "100.64.3.1", 65000, AZURE)
        every = set(AWS1 + AWS2 + AZURE)
        wait_for("every CIDR in kernel table 100", lambda: every <= set(
            l.split()[0] for l in tr.exec(["ip", "route", "show", "table", "100"]
                                          ).stdout.splitlines() if l), 60)
        wait_for("aws2 to learn aws1's VPCs", lambda: set(AWS1) <= set(aws2.learned()), 30)
        wait_for("aws1 to get its summarized set",
                 lambda: 0 < len(aws1.learned()) <= 3, 30)
        print("== mcrouted demo: transit 'tr' (AS 65000) between AWS DX x2 (GoBGP, "
              "AS 64512) and Azure ExpressRoute (BIRD, AS 12076)")
        for cmd in ("show bgp summary", "show mcr status", "show mcr attachment",
                    "show mcr route-table cloud", "show mcr conflicts",
                    "show mcr export aws1", "show mcr bgp-config aws2"):
            show(tr, cmd)
        shell(tr, ["ip", "route", "show", "table", "100"])
        shell(tr, ["ip", "rule", "show"])
        print("\naws2 (GoBGP, AS 64512) learned, AS path as it sees it "
              "(64512 stripped, so aws1's VPCs are not dropped as a loop):")
        for p, path in sorted(aws2.learned().items()):
            print("  %-18s %s" % (p, " ".join(map(str, path))))
        print("\naws1 (outbound limit 3) learned a summarized set:")
        for p, path in sorted(aws1.learned().items()):
            print("  %-18s %s" % (p, " ".join(map(str, path))))
        print("\nazure (BIRD, AS 12076) learned:")
        for p, path in sorted(azure.received().items()):
            print("  %-18s %s" % (p, path))
        show(tr, "show running-config")
        print("\n== demo done, tearing down")
    finally:
        lab.close()


if __name__ == "__main__":
    main()
