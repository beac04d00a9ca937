#!/usr/bin/python3
"""mcrouted demo lab (see tools/demo.sh)."""

import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "integration"))
from netlab import GoBGP, Lab, wait_for  # noqa: E402

VPCS = ["10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16"]

TR_BGP = """\
router bgp 65000
 bgp router-id 100.64.0.1
 no bgp ebgp-requires-policy
 neighbor 100.64.0.2 remote-as 64512
 neighbor 100.64.0.2 description aws-dx-1
 neighbor 100.64.0.2 timers 3 9
 neighbor 100.64.0.2 timers connect 1
!
"""

MCR_CONFIG = """\
router mcr
 route-table aws
  table-id 100
 exit
 route-table azure
  table-id 200
 exit
exit
"""


def show(node, cmd):
    print("\n%s# %s" % (node.name, cmd))
    print(node.vtysh(cmd).stdout.rstrip())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    args = ap.parse_args()
    lab = Lab(os.path.abspath(args.build), tag="demo")
    try:
        tr = lab.add_node("tr")
        aws = lab.add_node("aws")
        lab.link(tr, aws, "100.64.0.1/30", "100.64.0.2/30")
        tr.start_frr("zebra")
        tr.start_frr("bgpd", TR_BGP)
        tr.start_frr("mcrouted")
        tr.configure(MCR_CONFIG)
        gobgp = GoBGP(aws, 64512, "100.64.0.2", [("100.64.0.1", 65000)])
        for p in VPCS:
            gobgp.announce(p, "100.64.0.2")
        wait_for("the VPC CIDRs in mcrouted",
                 lambda: tr.vtysh_json("show mcr status json")["bgpRoutes"] == len(VPCS))
        print("== mcrouted demo: transit router 'tr' (AS 65000) <-> AWS DX peer (GoBGP, AS 64512)")
        for cmd in ("show bgp summary", "show ip route",
                    "show mcr status", "show mcr status json", "show running-config"):
            show(tr, cmd)
        print("\n== demo done, tearing down")
    finally:
        lab.close()


if __name__ == "__main__":
    main()
