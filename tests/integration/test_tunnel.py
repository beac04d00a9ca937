"""Tunnels: IPsec through charon's VICI, GRE through rtnetlink.

Topology (namespaces made by the test):

  tr: zebra + bgpd + mcrouted + charon (driven only by mcrouted, VICI)
   |  192.0.2.1/24 == IKEv2 PSK, ESP-in-UDP (kernel-libipsec) == 192.0.2.2/24
  gw: the "cloud VPN gateway": charon configured with swanctl, zebra + bgpd
      (AS 64512) announcing 10.20.0.0/24 (on its lo) over the tunnel's
      inside network 169.254.10.0/30.

mcrouted's tunnel 'aws1' (preset aws-vpn) feeds attachment 'aws' whose
routes go to route table 'vpn' (kernel table 100).  Everything is
configured through vtysh ('router mcr', 'tunnel NAME', 'attachment NAME'
of kind tunnel).  PSKs are typed as plaintext (the CLI encrypts them) or
as 'psk encrypted $1$...' made here with the key file's key in the format
of lib/mcr/secret.h (AES-256-GCM), which proves both sides agree on it.
"""

import base64
import glob
import json
import os
import secrets
import string
import time

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from netlab import Charon, StreamReader, wait_for

TR_BGP = """\
router bgp 65000
 bgp router-id 192.0.2.1
 no bgp ebgp-requires-policy
 neighbor 169.254.10.2 remote-as 64512
 neighbor 169.254.10.2 timers 3 9
 neighbor 169.254.10.2 timers connect 1
!
"""

GW_BGP = """\
router bgp 64512
 bgp router-id 192.0.2.2
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor 169.254.10.1 remote-as 65000
 neighbor 169.254.10.1 timers 3 9
 neighbor 169.254.10.1 timers connect 1
 address-family ipv4 unicast
  network 10.20.0.0/24
 exit-address-family
!
"""

GW_SWANCTL = """\
connections {
  aws1 {
    version = 2
    local_addrs = 192.0.2.2
    remote_addrs = 192.0.2.1
    proposals = aes256gcm16-prfsha384-ecp384,aes256-sha256-modp2048
    dpd_delay = 2s
    local {
      auth = psk
      id = 192.0.2.2
    }
    remote {
      auth = psk
      id = 192.0.2.1
    }
    children {
      aws1 {
        local_ts = 0.0.0.0/0
        remote_ts = 0.0.0.0/0
        mode = tunnel
        esp_proposals = aes256gcm16-ecp384,aes256gcm16,aes256-sha256-modp2048
        dpd_action = clear
        start_action = none
      }
    }
  }
}
secrets {
  ike-aws1 {
    id-1 = 192.0.2.1
    id-2 = 192.0.2.2
    secret = "%s"
  }
}
"""


def make_psk():
    alphabet = string.ascii_letters + string.digits
    return "Q" + "".join(secrets.choice(alphabet) for _ in range(31))


def encrypt_token(key, plain):
    """The lib/mcr/secret.h format: $1$ base64(nonce | ciphertext | tag)."""
    nonce = os.urandom(12)
    ct = AESGCM(key).encrypt(nonce, plain.encode(), b"mcrouted-secret-v1")
    return "$1$" + base64.b64encode(nonce + ct).decode()


MCR_BASE = """\
router mcr
 vici socket {vici}
 export-stream path {sock}
 export-stream mode unix-socket
 route-table vpn
  table-id 100
 exit
exit
"""


class TunnelLab:
    def __init__(self, lab):
        self.lab = lab
        self.tr = lab.add_node("tr")
        self.gw = lab.add_node("gw")
        lab.link(self.tr, self.gw, "192.0.2.1/24", "192.0.2.2/24")
        self.gw.exec(["ip", "addr", "add", "10.20.0.1/24", "dev", "lo"])
        self.key = os.urandom(32)
        self.keyfile = os.path.join(self.tr.dir, "mcrouted.key")
        self.write_key(self.key)
        self.psk = make_psk()
        self.sock = os.path.join(self.tr.dir, "mcr-export.sock")
        self.shows = []  # every show/json output, for the PSK grep
        self.readers = []

    def write_key(self, key):
        tmp = self.keyfile + ".tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(fd, key)
        os.close(fd)
        os.rename(tmp, self.keyfile)

    def start_tr(self, with_charon=True):
        if with_charon:
            self.tr_charon = Charon(self.tr)
            self.tr_charon.start()
            vici = self.tr_charon.vici
        else:
            vici = os.path.join(self.tr.dir, "no-charon.vici")
        self.tr.start_frr("zebra")
        self.tr.start_frr("bgpd", TR_BGP)
        self.tr.start_frr("mcrouted", "debug mcr tunnel\n",
                          extra=("--secret-key", self.keyfile))
        self.tr.configure(MCR_BASE.format(vici=vici, sock=self.sock))

    def configure(self, text, check=True):
        """Configuration under 'router mcr'; vtysh's output (errors)."""
        p = self.tr.configure("router mcr\n" + text, check=check)
        self.shows.append(p.stdout)
        return p.stdout

    def stream(self):
        r = StreamReader(self.tr, "-s", self.sock, "-w", "10")
        self.readers.append(r)
        assert r.next()["type"] == "hello"
        assert r.next()["type"] == "checkpoint"
        return r

    def start_gw(self):
        self.gw_charon = Charon(self.gw, retransmit_fast=True)
        self.gw_charon.start()
        self.gw_charon.load(GW_SWANCTL % self.psk)
        self.gw.exec(["ip", "addr", "add", "169.254.10.2/30", "dev", "ipsec0"])

    def show(self, cmd):
        out = self.tr.vtysh(cmd).stdout
        self.shows.append(out)
        return out

    def tunnels(self):
        return json.loads(self.show("show mcr tunnel json"))["tunnels"]

    def tunnel(self, name):
        return self.tunnels().get(name)

    def attachment(self, name):
        return json.loads(self.show("show mcr attachment %s json" % name))[name]

    def yang_tunnel(self, name):
        """The tunnel's YANG state (show yang operational-data)."""
        oper = json.loads(self.show(
            "show yang operational-data /frr-mcrouted:mcrouted mcrouted"))
        for t in oper["frr-mcrouted:mcrouted"].get("tunnel", []):
            if t["name"] == name:
                return t.get("state", {})
        return None

    def table100(self):
        return self.tr.exec(["ip", "route", "show", "table", "100"]).stdout

    def assert_no_plaintext_psk(self):
        texts = list(self.shows)
        texts.append(self.tr.vtysh("show running-config").stdout)
        self.tr.vtysh("write memory")
        files = glob.glob(os.path.join(self.tr.dir, "*.log"))
        files += glob.glob(os.path.join(self.tr.dir, "*.conf"))
        files += glob.glob(os.path.join(self.tr.dir, "*.out"))
        files += glob.glob(os.path.join(self.tr.dir, "charon", "*.log"))
        assert os.path.join(self.tr.dir, "frr.conf") in files
        for f in files:
            with open(f, errors="replace") as fh:
                texts.append(fh.read())
        for r in self.readers:
            texts.append(json.dumps(r.frames))
        assert files, "no log files found to grep"
        for t in texts:
            assert self.psk not in t, "PSK plaintext leaked"
        return len(texts)

    def close(self):
        for r in self.readers:
            r.close()


def aws1_cfg(psk):
    """Tunnel aws1 and its attachment; @psk: 'psk ...' line's argument."""
    return """tunnel aws1
 type ipsec
 preset aws-vpn
 local-address 192.0.2.1
 remote-address 192.0.2.2
 inside-prefix 169.254.10.0/30
 local-inside-address 169.254.10.1
 dpd-delay 2
 psk %s
exit
attachment aws
 kind tunnel
 tunnel aws1
 propagate vpn
exit
""" % psk


def tunnel_frame(f, name, up):
    return (f["type"] == "tunnel" and f["body"]["name"] == name
            and f["body"]["up"] is up)


@pytest.fixture
def tl(lab):
    t = TunnelLab(lab)
    yield t
    t.close()


def test_ipsec_tunnel_bgp_and_failover(tl):
    tl.start_gw()
    tl.gw.start_frr("zebra")
    tl.gw.start_frr("bgpd", GW_BGP)
    tl.start_tr()
    stream = tl.stream()
    # typed in plaintext: the CLI encrypts it before the datastore sees it
    out = tl.configure(aws1_cfg(tl.psk))
    assert "%" not in out, out
    run = tl.show("show running-config")
    assert " psk encrypted $1$" in run, run

    # IKE + CHILD SA through mcrouted's VICI commands only
    t = wait_for("tunnel aws1 up", lambda: (tl.tunnel("aws1") or {}).get(
        "state") == "up" and tl.tunnel("aws1"), 30)
    assert t["operStatus"] == "up"
    assert t["dataplane"] == "kernel-libipsec"
    assert t["ikeSa"]["state"] == "ESTABLISHED"
    assert t["ikeSa"]["remoteHost"] == "192.0.2.2"
    assert t["ikeSa"]["version"] == 2
    assert t["childSas"] and t["childSas"][0]["state"] == "INSTALLED"
    assert t["mtu"] == 1436  # from the aws-vpn preset
    assert t["attachment"] == "aws" and t["attachmentUp"] is True
    assert "spi" not in json.dumps(t).lower()
    # the export stream saw the attachment come up
    stream.until("tunnel aws1 up", lambda f: tunnel_frame(f, "aws1", True))
    # the YANG state says what show says
    y = wait_for("YANG tunnel state", lambda: tl.yang_tunnel("aws1"), 10)
    assert y["oper-status"] == "up", y
    assert y["interface"] == t["interface"] == "ipsec0", y
    assert y["ike-sa"]["state"] == "ESTABLISHED", y
    assert y["ike-sa"]["remote-host"] == "192.0.2.2", y
    assert [c["state"] for c in y["child-sa"]] == ["INSTALLED"], y
    # the attachment's BGP peer: the tunnel's remote inside address
    a = tl.attachment("aws")
    assert a["neighbor"] == ["169.254.10.2"], a
    wait_for("attachment aws up",
             lambda: tl.attachment("aws")["operStatus"] == "up", 10)
    # mcrouted put the inside address on the tunnel device
    wait_for("inside address", lambda: "169.254.10.1/30" in tl.tr.exec(
        ["ip", "addr", "show", "ipsec0"]).stdout, 10)

    # BGP over the tunnel's inside addresses: the peer's CIDR reaches
    # mcrouted's table (kernel table 100) through the attachment
    wait_for("10.20.0.0/24 in table 100",
             lambda: "10.20.0.0/24" in tl.table100(), 40)
    # traffic passes through the tunnel
    wait_for("ping through the tunnel", lambda: tl.tr.exec(
        ["ping", "-c1", "-W1", "-I", "169.254.10.1", "10.20.0.1"],
        check=False).returncode == 0, 15)
    text = tl.show("show mcr tunnel aws1")
    assert "State: up" in text and "CHILD SA #" in text, text
    wait_for("byte counters", lambda: tl.tunnel("aws1")["bytesIn"] > 0, 15)

    # the peer vanishes: DPD takes the tunnel down, the routes leave the
    # table within the DPD window (2 s delay + ~4.4 s of retransmits),
    # well before BGP's own 9 s hold timer would matter
    t0 = time.monotonic()
    tl.gw_charon.kill()
    wait_for("route withdrawn", lambda: "10.20.0.0/24" not in tl.table100(), 20)
    took = time.monotonic() - t0
    t = tl.tunnel("aws1")
    assert t["state"] != "up" and not t["attachmentUp"], t
    assert took < 15, took
    down = stream.until("tunnel aws1 down",
                        lambda f: tunnel_frame(f, "aws1", False))
    assert down[-1]["body"]["attachment"] == "aws"
    assert tl.attachment("aws")["operStatus"] == "down"
    assert tl.yang_tunnel("aws1")["oper-status"] != "up"

    # the peer returns: mcrouted re-initiates, routes come back
    tl.start_gw()
    wait_for("tunnel aws1 up again",
             lambda: tl.tunnel("aws1")["state"] == "up", 60)
    wait_for("route restored", lambda: "10.20.0.0/24" in tl.table100(), 60)
    wait_for("ping again", lambda: tl.tr.exec(
        ["ping", "-c1", "-W1", "-I", "169.254.10.1", "10.20.0.1"],
        check=False).returncode == 0, 20)
    stream.until("tunnel aws1 up again",
                 lambda f: tunnel_frame(f, "aws1", True))
    n = tl.assert_no_plaintext_psk()
    assert n > 5


def test_charon_restart_resync(tl):
    """mcrouted's own charon restarts: the VICI client reconnects, resyncs
    with list-sas, reloads the connection and the tunnel comes back.  The
    PSK is a token made outside mcrouted (lib/mcr/secret.h's format)."""
    token = encrypt_token(tl.key, tl.psk)
    tl.start_gw()
    tl.start_tr()
    out = tl.configure(aws1_cfg("encrypted " + token))
    assert "%" not in out, out
    assert " psk encrypted %s" % token in tl.show("show running-config")
    wait_for("up", lambda: (tl.tunnel("aws1") or {}).get("state") == "up", 30)
    tl.tr_charon.kill()
    wait_for("charon-wait", lambda: tl.tunnel("aws1")["state"] == "charon-wait", 15)
    j = json.loads(tl.show("show mcr tunnel json"))
    assert j["viciConnected"] is False
    assert "no VICI connection" in j["tunnels"]["aws1"]["reason"]
    assert "no VICI connection" in tl.yang_tunnel("aws1")["reason"]
    tl.tr_charon.start()
    wait_for("up after charon restart",
             lambda: tl.tunnel("aws1")["state"] == "up", 40)
    assert json.loads(tl.show("show mcr tunnel json"))["viciConnected"]
    tl.assert_no_plaintext_psk()


def test_bad_psk_token_is_a_clear_error(tl):
    tl.start_gw()
    tl.start_tr()
    # a token of another key file is refused at commit (vtysh commits
    # line by line: the rest of the tunnel is there, without a PSK)
    out = tl.configure(aws1_cfg("encrypted " +
                                encrypt_token(os.urandom(32), tl.psk)),
                       check=False)
    assert "tunnel aws1: psk:" in out, out
    assert tl.tunnel("aws1")["pskConfigured"] is False
    assert " psk " not in tl.show("show running-config")
    # one that decrypted at commit but no longer does (the key file was
    # replaced): the runtime's error when it next loads the connection,
    # here after charon restarts
    out = tl.configure(aws1_cfg("encrypted " + encrypt_token(tl.key, tl.psk)))
    assert "%" not in out, out
    wait_for("up", lambda: (tl.tunnel("aws1") or {}).get("state") == "up", 30)
    tl.write_key(os.urandom(32))
    tl.tr_charon.kill()
    tl.tr_charon.start()
    t = wait_for("psk error", lambda: "psk" in (tl.tunnel("aws1") or {}).get(
        "lastError", "") and tl.tunnel("aws1"), 30)
    assert t["state"] != "up"
    assert "authentic" in t["lastError"] or "key" in t["lastError"], t
    assert tl.yang_tunnel("aws1")["last-error"] == t["lastError"]
    # the daemon keeps answering
    assert tl.tr.vtysh_json("show mcr status json")["version"]
    tl.assert_no_plaintext_psk()


def test_gre_without_kernel_support(tl):
    """This kernel has no GRE: the tunnel says so, nothing else breaks."""
    tl.start_tr(with_charon=False)
    out = tl.configure("""route-table tgwt
 table-id 101
exit
tunnel tgw1
 type gre
 preset aws-tgw-connect
 local-address 192.0.2.1
 remote-address 192.0.2.2
 inside-prefix 169.254.100.0/29
exit
attachment tgw
 kind tunnel
 tunnel tgw1
 propagate tgwt
exit
""")
    assert "%" not in out, out
    t = wait_for("GRE tunnel reported", lambda: (tl.tunnel("tgw1") or {}).get(
        "state") == "kernel-unsupported" and tl.tunnel("tgw1"), 20)
    assert t["operStatus"] == "unsupported"
    assert "kernel lacks GRE" in t["reason"], t
    assert "kernel lacks GRE" in t["lastError"], t
    assert t["attachmentUp"] is False
    assert t["mtu"] == 8500  # aws-tgw-connect preset
    # the appliance takes the first usable inside address, the TGW's
    # BGP peers are the second and third
    assert t["localInsideAddress"] == "169.254.100.1", t
    a = tl.attachment("tgw")
    assert a["neighbor"] == ["169.254.100.2", "169.254.100.3"], a
    assert a["operStatus"] == "down", a
    y = tl.yang_tunnel("tgw1")
    assert y["oper-status"] == "unsupported", y
    assert y["reason"] == t["reason"], y
    text = tl.show("show mcr tunnel tgw1")
    assert "kernel lacks GRE" in text, text
    # no GRE link was left behind
    assert tl.tr.exec(["ip", "link", "show", "mcr-tgw1"], check=False).returncode != 0
    # the rest of mcrouted keeps working: config and show
    tl.configure("route-table other\n table-id 300\n")
    st = tl.tr.vtysh_json("show mcr status json")
    assert st["routeTables"] == {"vpn": {"tableId": 100},
                                 "tgwt": {"tableId": 101},
                                 "other": {"tableId": 300}}, st
    assert st["tunnelCount"] == 1
    # and the tunnel is still reported the same way
    assert tl.tunnel("tgw1")["state"] == "kernel-unsupported"
    out = tl.tr.vtysh("show mcr tunnel nosuch", check=False).stdout
    assert "No tunnel nosuch" in out
    # removing the tunnel (and its attachment) leaves nothing behind
    tl.configure("no attachment tgw\nno tunnel tgw1\n")
    assert "tgw1" not in tl.tunnels()
