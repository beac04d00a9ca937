"""NETCONF server module (mcrouted -M netconf) with real clients.

Topology: one namespace 'tr' with zebra and mcrouted loading the netconf
module; clients connect to its loopback: ncclient over SSH, and over TLS a
small client on Python's ssl module (bookworm's ncclient 0.6.13 has no TLS
transport).  Keys, a throwaway CA and certificates are made with
ssh-keygen and the openssl CLI in the lab's temporary directory.
"""

import json
import os
import re
import socket
import ssl
import subprocess
import time
import xml.etree.ElementTree as ET

import pytest

from netlab import GoBGP, netns, wait_for

ncclient = pytest.importorskip("ncclient")
from ncclient import manager  # noqa: E402
from ncclient.operations import RPCError  # noqa: E402
from ncclient.transport.errors import AuthenticationError, SSHError  # noqa: E402

SSH_PORT = 8830
TLS_PORT = 6513
NS = "http://frrouting.org/yang/mcrouted"
NC = "urn:ietf:params:xml:ns:netconf:base:1.0"


def run(*cmd):
    subprocess.run(cmd, check=True, capture_output=True, timeout=60)


def fingerprint(cert):
    """RFC 7407 tls-fingerprint of a PEM certificate: 04 (SHA-256) + hash."""
    out = subprocess.run(["openssl", "x509", "-in", cert, "-noout",
                          "-fingerprint", "-sha256"], check=True,
                         capture_output=True, text=True).stdout
    return "04:" + out.strip().split("=", 1)[1]


def make_pki(d):
    """CA, server certificate, client certificates (CN = user name), and a
    client certificate from a CA the server does not trust."""
    def key(name):
        run("openssl", "genrsa", "-out", os.path.join(d, name + ".key"), "2048")

    def cert(name, cn, ca):
        k, csr = os.path.join(d, name + ".key"), os.path.join(d, name + ".csr")
        run("openssl", "req", "-new", "-key", k, "-subj", "/CN=" + cn, "-out", csr)
        run("openssl", "x509", "-req", "-in", csr, "-CA", os.path.join(d, ca + ".crt"),
            "-CAkey", os.path.join(d, ca + ".key"), "-CAcreateserial", "-days", "2",
            "-out", os.path.join(d, name + ".crt"))

    for ca in ("ca", "rogue-ca"):
        key(ca)
        run("openssl", "req", "-x509", "-new", "-key", os.path.join(d, ca + ".key"),
            "-subj", "/CN=" + ca, "-days", "2", "-out", os.path.join(d, ca + ".crt"))
    for name, cn, ca in (("server", "tr", "ca"), ("admin", "admin", "ca"),
                         ("viewer", "viewer", "ca"), ("rogue", "admin", "rogue-ca")):
        key(name)
        cert(name, cn, ca)


class NetconfLab:
    def __init__(self, lab):
        self.node = tr = lab.add_node("tr")
        d = self.dir = os.path.join(tr.dir, "netconf")
        os.makedirs(d)
        run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "",
            "-f", os.path.join(d, "hostkey"))
        run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "",
            "-f", os.path.join(d, "admin_id"))
        with open(os.path.join(d, "admin_keys"), "w") as f:
            f.write("# admin's keys\n" + open(os.path.join(d, "admin_id.pub")).read())
        make_pki(d)
        pw = lambda s: subprocess.run(["openssl", "passwd", "-6", s], check=True,
                                      capture_output=True, text=True).stdout.strip()
        conf = [
            "ssh listen 127.0.0.1 %d" % SSH_PORT,
            "ssh host-key %s/hostkey" % d,
            "tls listen 127.0.0.1 %d" % TLS_PORT,
            "tls certificate %s/server.crt" % d,
            "tls key %s/server.key" % d,
            "tls ca %s/ca.crt" % d,
            # the client certificate of 'viewer' by fingerprint, the rest
            # of the CA's certificates by common name
            "cert-to-name 1 %s specified viewer" % fingerprint(os.path.join(d, "viewer.crt")),
            "cert-to-name 2 %s common-name" % fingerprint(os.path.join(d, "ca.crt")),
            "user admin read-write password %s authorized-keys %s/admin_keys"
            % (pw("secret"), d),
            "user viewer read-only password %s" % pw("look"),
        ]
        self.conf = os.path.join(d, "netconf.conf")
        with open(self.conf, "w") as f:
            f.write("\n".join(conf) + "\n")
        tr.start_frr("zebra")
        tr.start_frr("mcrouted", extra=["-M", "netconf:config=" + self.conf])
        wait_for("NETCONF listening", lambda: "127.0.0.1:%d" % SSH_PORT in
                 tr.exec(["ss", "-ltn"]).stdout and "127.0.0.1:%d" % TLS_PORT
                 in tr.exec(["ss", "-ltn"]).stdout, 20)
        self.sessions = []

    def connect(self, user="admin", password="secret", **kw):
        args = dict(host="127.0.0.1", port=SSH_PORT, username=user,
                    hostkey_verify=False, look_for_keys=False, allow_agent=False,
                    timeout=20)
        if password is not None:
            args["password"] = password
        args.update(kw)
        with netns(self.node.ns):
            m = manager.connect(**args)
        self.sessions.append(m)
        return m

    def running(self):
        return self.node.vtysh("show running-config").stdout

    def status(self):
        return self.node.vtysh_json("show mcr status json")

    def close(self):
        for m in self.sessions:
            try:
                if m.connected:
                    m.close_session()
            except Exception:
                pass


@pytest.fixture
def nc(lab):
    n = NetconfLab(lab)
    yield n
    n.close()


MODNS = {
    "yl": "urn:ietf:params:xml:ns:yang:ietf-yang-library",
    "ncm": "urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring",
    "mcr": NS,
}


def xpath(select):
    """An xpath filter; prefixes are XML prefixes declared in the request."""
    return ("xpath", (MODNS, select))


def table_xml(name, table_id=None, op=None):
    attr = ' xmlns:nc="%s" nc:operation="%s"' % (NC, op) if op else ""
    tid = "<table-id>%s</table-id>" % table_id if table_id is not None else ""
    return ('<config xmlns="%s"><mcrouted xmlns="%s"><route-table%s><name>%s</name>%s'
            '</route-table></mcrouted></config>' % (NC, NS, attr, name, tid))


def config_of(reply):
    """{table name: table-id or None} and distance from a get-config reply."""
    root = ET.fromstring(reply.data_xml)
    tables = {}
    for t in root.iter("{%s}route-table" % NS):
        tid = t.find("{%s}table-id" % NS)
        tables[t.find("{%s}name" % NS).text] = int(tid.text) if tid is not None else None
    dist = root.find(".//{%s}distance" % NS)
    return tables, (int(dist.text) if dist is not None else None)


# ----- hello, capabilities, schema -------------------------------------------

def test_netconf_hello_and_capabilities(nc):
    m = nc.connect()
    caps = set(m.server_capabilities)
    for c in ("urn:ietf:params:netconf:base:1.0", "urn:ietf:params:netconf:base:1.1",
              "urn:ietf:params:netconf:capability:candidate:1.0",
              "urn:ietf:params:netconf:capability:validate:1.1",
              "urn:ietf:params:netconf:capability:confirmed-commit:1.1",
              "urn:ietf:params:netconf:capability:rollback-on-error:1.0",
              "urn:ietf:params:netconf:capability:writable-running:1.0",
              "urn:ietf:params:netconf:capability:xpath:1.0",
              "urn:ietf:params:netconf:capability:notification:1.0",
              "urn:ietf:params:netconf:capability:interleave:1.0"):
        assert c in caps, (c, caps)
    assert any(c.startswith("urn:ietf:params:netconf:capability:with-defaults:1.0"
                            "?basic-mode=explicit") for c in caps), caps
    assert any(c.startswith("urn:ietf:params:netconf:capability:yang-library:1.1")
               for c in caps), caps
    assert m.session_id and int(m.session_id) > 0
    # YANG library (RFC 8525) lists the daemon's modules
    yl = m.get(filter=xpath("/yl:yang-library")).data_xml
    assert "<name>frr-mcrouted</name>" in yl and "<name>frr-interface</name>" in yl, yl


def test_netconf_get_schema(nc):
    m = nc.connect()
    text = m.get_schema("frr-mcrouted").data
    assert re.search(r"^module frr-mcrouted \{", text, re.M), text[:200]
    assert "container mcrouted" in text
    # the schema list of RFC 6022 names it too
    st = m.get(filter=xpath("/ncm:netconf-state/ncm:schemas")).data_xml
    assert "<identifier>frr-mcrouted</identifier>" in st
    with pytest.raises(RPCError) as e:
        m.get_schema("no-such-module")
    assert e.value.tag == "invalid-value"


# ----- configuration ------------------------------------------------------------

def test_netconf_edit_commit_visible_in_vtysh(nc):
    m = nc.connect()
    m.edit_config(target="candidate", config=table_xml("aws", 100))
    # not committed yet: running unchanged, candidate has it
    assert "route-table aws" not in nc.running()
    assert config_of(m.get_config("candidate"))[0] == {"aws": 100}
    m.commit()
    assert " route-table aws\n  table-id 100\n exit\n" in nc.running()
    assert nc.status()["routeTables"] == {"aws": {"tableId": 100}}
    assert config_of(m.get_config("running"))[0] == {"aws": 100}
    # writable-running, merge a leaf, then delete the table
    m.edit_config(target="running", config='<config xmlns="%s"><mcrouted xmlns="%s">'
                  '<distance>42</distance></mcrouted></config>' % (NC, NS))
    assert nc.status()["distance"] == 42
    m.edit_config(target="candidate", config=table_xml("aws", op="delete"))
    m.commit()
    assert nc.status()["routeTables"] == {}
    assert "route-table aws" not in nc.running()


def test_netconf_vtysh_change_visible_in_get_config(nc):
    m = nc.connect()
    nc.node.configure("router mcr\n distance 77\n route-table gcp\n  table-id 300\n")
    tables, dist = config_of(m.get_config("running"))
    assert tables == {"gcp": 300} and dist == 77
    # an unedited candidate follows running
    assert config_of(m.get_config("candidate")) == ({"gcp": 300}, 77)
    # subtree filter selecting one list entry
    flt = ('<mcrouted xmlns="%s"><route-table><name>gcp</name></route-table>'
           '</mcrouted>' % NS)
    r = m.get_config("running", filter=("subtree", flt)).data_xml
    assert "<name>gcp</name>" in r and "distance" not in r, r


def test_netconf_with_defaults(nc):
    m = nc.connect()
    assert config_of(m.get_config("running"))[1] is None  # explicit mode
    r = m.get_config("running", with_defaults="report-all")
    assert config_of(r)[1] == 220
    r = m.get_config("running", with_defaults="report-all-tagged").data_xml
    assert re.search(r'default="true"[^>]*>220<', r), r


def test_netconf_get_oper_state_matches_show(nc):
    m = nc.connect()
    nc.node.configure("router mcr\n route-table a\n  table-id 100\n exit\n"
                      " route-table b\n  table-id 200\n")
    status = wait_for("zebra", lambda: nc.status()["zebraConnected"] and nc.status())
    r = m.get(filter=xpath("/mcr:mcrouted/mcr:status")).data_xml
    root = ET.fromstring(r)
    st = {c.tag.split("}")[1]: c.text
          for c in root.find(".//{%s}status" % NS) if len(c) == 0}
    assert st["version"] == status["version"]
    assert st["zebra-connected"] == "true"
    assert int(st["route-table-count"]) == len(status["routeTables"]) == 2
    # per-table state matches the show command's json
    r = m.get(filter=xpath("/mcr:mcrouted/mcr:route-table")).data_xml
    assert "<table-id>100</table-id>" in r and "<table-id>200</table-id>" in r
    # get without filter has config and state together
    full = m.get().data_xml
    assert "<route-table>" in full and "<zebra-connected>" in full


# ----- errors -------------------------------------------------------------------

def expect_error(fn, tag, app_tag=None):
    with pytest.raises(RPCError) as e:
        fn()
    assert e.value.tag == tag, (e.value.tag, e.value.message, e.value.xml)
    assert e.value.type in ("application", "protocol", "rpc")
    if app_tag:
        assert app_tag in ET.tostring(e.value.xml, encoding="unicode"), e.value.xml
    return e.value


def test_netconf_invalid_edits_change_nothing(nc):
    m = nc.connect()
    nc.node.configure("router mcr\n route-table aws\n  table-id 100\n")
    before_vtysh, before_nc = nc.running(), m.get_config("running").data_xml
    dist = lambda v: ('<config xmlns="%s"><mcrouted xmlns="%s"><distance>%s'
                      '</distance></mcrouted></config>' % (NC, NS, v))
    # wrong type / bad value: refused by edit-config itself
    e = expect_error(lambda: m.edit_config(target="candidate", config=dist("abc")),
                     "invalid-value")
    assert e.message
    expect_error(lambda: m.edit_config(target="candidate", config=dist("0")),
                 "invalid-value")
    expect_error(lambda: m.edit_config(target="candidate",
                                       config=table_xml("x", 254)), "invalid-value")
    expect_error(lambda: m.edit_config(target="running",
                                       config=table_xml("x", "many")), "invalid-value")
    # unknown node
    expect_error(lambda: m.edit_config(
        target="candidate", config='<config xmlns="%s"><mcrouted xmlns="%s">'
        '<frobnicate>1</frobnicate></mcrouted></config>' % (NC, NS)),
        "unknown-element")
    # create of an existing table, delete of a missing one
    expect_error(lambda: m.edit_config(target="candidate",
                                       config=table_xml("aws", op="create")), "data-exists")
    expect_error(lambda: m.edit_config(target="candidate",
                                       config=table_xml("nope", op="delete")), "data-missing")
    # duplicate table id: the edit is accepted, the commit refused
    m.edit_config(target="candidate", config=table_xml("dup", 100))
    e = expect_error(m.commit, "operation-failed", "data-not-unique")
    assert "table-id" in (e.path or "") + (e.message or "")
    expect_error(lambda: m.validate(source="candidate"), "operation-failed")
    # the same through writable-running, one request
    expect_error(lambda: m.edit_config(target="running", config=table_xml("dup2", 100)),
                 "operation-failed", "data-not-unique")
    m.discard_changes()
    assert nc.running() == before_vtysh
    assert m.get_config("running").data_xml == before_nc
    assert nc.status()["routeTables"] == {"aws": {"tableId": 100}}


def test_netconf_rollback_on_error_is_atomic(nc):
    m = nc.connect()
    cfg = ('<config xmlns="%s"><mcrouted xmlns="%s"><route-table><name>ok'
           '</name><table-id>7</table-id></route-table><route-table '
           'xmlns:nc="%s" nc:operation="delete"><name>missing</name>'
           '</route-table></mcrouted></config>' % (NC, NS, NC))
    expect_error(lambda: m.edit_config(target="running", config=cfg,
                                       error_option="rollback-on-error"), "data-missing")
    assert nc.status()["routeTables"] == {}
    assert config_of(m.get_config("candidate"))[0] == {}


# ----- locks, sessions ------------------------------------------------------------

def test_netconf_lock_blocks_others_until_killed(nc):
    a, b = nc.connect(), nc.connect()
    a.lock("running")
    expect_error(lambda: b.lock("running"), "lock-denied")
    # another session's commit is refused ...
    b.edit_config(target="candidate", config=table_xml("blocked", 5))
    expect_error(b.commit, "in-use")
    # ... and so is a vtysh commit
    p = nc.node.configure("router mcr\n distance 99\n", check=False)
    assert nc.status()["distance"] == 220, p.stdout
    assert "locked" in (p.stdout + p.stderr).lower(), p.stdout + p.stderr
    # the holder may commit
    a.edit_config(target="running", config='<config xmlns="%s"><mcrouted xmlns="%s">'
                  '<distance>50</distance></mcrouted></config>' % (NC, NS))
    assert nc.status()["distance"] == 50
    # kill-session releases the lock
    b.kill_session(a.session_id)
    wait_for("session a gone", lambda: not a.connected, 10)
    b.commit()
    assert "blocked" in nc.status()["routeTables"]
    nc.node.configure("router mcr\n distance 99\n")
    assert nc.status()["distance"] == 99


def test_netconf_candidate_lock_and_close(nc):
    a, b = nc.connect(), nc.connect()
    a.lock("candidate")
    expect_error(lambda: b.edit_config(target="candidate",
                                       config=table_xml("x", 1)), "in-use")
    a.edit_config(target="candidate", config=table_xml("mine", 11))
    a.close_session()  # releases the lock, discards the uncommitted change
    b.edit_config(target="candidate", config=table_xml("x", 1))
    assert config_of(b.get_config("candidate"))[0] == {"x": 1}


def test_netconf_confirmed_commit_rolls_back(nc):
    m = nc.connect()
    m.edit_config(target="candidate", config=table_xml("tmp", 9))
    m.commit(confirmed=True, timeout="2")
    assert "tmp" in nc.status()["routeTables"]
    wait_for("rollback", lambda: nc.status()["routeTables"] == {}, 10)
    # confirmed, then confirmed again: stays
    m.edit_config(target="candidate", config=table_xml("keep", 10))
    m.commit(confirmed=True, timeout="2")
    m.commit()
    time.sleep(3)
    assert nc.status()["routeTables"] == {"keep": {"tableId": 10}}


# ----- authentication, access -------------------------------------------------

def test_netconf_ssh_authentication(nc):
    with pytest.raises((AuthenticationError, SSHError)):
        nc.connect(password="wrong")
    with pytest.raises((AuthenticationError, SSHError)):
        nc.connect(user="nobody", password="secret")
    # public key from admin's authorized_keys
    m = nc.connect(password=None, key_filename=os.path.join(nc.dir, "admin_id"))
    assert m.connected
    m.get_config("running")
    # that key is not the viewer's
    with pytest.raises((AuthenticationError, SSHError)):
        nc.connect(user="viewer", password=None,
                   key_filename=os.path.join(nc.dir, "admin_id"))


def test_netconf_read_only_user(nc):
    v = nc.connect(user="viewer", password="look")
    v.get_config("running")
    v.get()
    expect_error(lambda: v.edit_config(target="candidate", config=table_xml("x", 1)),
                 "access-denied")
    expect_error(lambda: v.lock("running"), "access-denied")
    expect_error(v.commit, "access-denied")
    expect_error(lambda: v.edit_config(target="running", config=table_xml("x", 1)),
                 "access-denied")
    assert nc.status()["routeTables"] == {}


# ----- TLS ------------------------------------------------------------------------

class TlsClient:
    """NETCONF over TLS (RFC 7589), base:1.0 framing, enough for tests."""

    def __init__(self, nc, cert, key):
        ctx = ssl.create_default_context(cafile=os.path.join(nc.dir, "ca.crt"))
        ctx.check_hostname = False
        ctx.load_cert_chain(os.path.join(nc.dir, cert), os.path.join(nc.dir, key))
        with netns(nc.node.ns):
            raw = socket.create_connection(("127.0.0.1", TLS_PORT), timeout=10)
        self.s = ctx.wrap_socket(raw)
        self.buf = b""
        self.hello = self.recv()
        self.send('<hello xmlns="%s"><capabilities><capability>'
                  'urn:ietf:params:netconf:base:1.0</capability></capabilities>'
                  '</hello>' % NC)
        self.mid = 0

    def send(self, xml):
        self.s.sendall(xml.encode() + b"]]>]]>")

    def recv(self):
        while b"]]>]]>" not in self.buf:
            chunk = self.s.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"]]>]]>", 1)
        return msg.decode()

    def rpc(self, body):
        self.mid += 1
        self.send('<rpc xmlns="%s" message-id="%d">%s</rpc>' % (NC, self.mid, body))
        return self.recv()

    def close(self):
        try:
            self.rpc("<close-session/>")
        finally:
            self.s.close()


def test_netconf_tls_client_certificates(nc):
    c = TlsClient(nc, "admin.crt", "admin.key")
    assert "urn:ietf:params:netconf:capability:candidate:1.0" in c.hello
    r = c.rpc('<edit-config><target><running/></target>%s</edit-config>'
              % table_xml("tls", 12))
    assert "<ok/>" in r, r
    assert nc.status()["routeTables"] == {"tls": {"tableId": 12}}
    r = c.rpc("<get-config><source><running/></source></get-config>")
    assert "<name>tls</name>" in r
    c.close()
    # viewer's certificate maps to the read-only user
    v = TlsClient(nc, "viewer.crt", "viewer.key")
    r = v.rpc('<edit-config><target><running/></target>%s</edit-config>'
              % table_xml("no", 13))
    assert "access-denied" in r, r
    v.close()
    # a certificate from an untrusted CA (same CN) is refused
    with pytest.raises((ssl.SSLError, ConnectionError, OSError)):
        TlsClient(nc, "rogue.crt", "rogue.key").rpc("<get/>")
    assert nc.status()["routeTables"] == {"tls": {"tableId": 12}}


# ----- notifications ----------------------------------------------------------------

def test_netconf_subscription(nc):
    m = nc.connect()
    m.create_subscription()
    with pytest.raises(RPCError):
        m.create_subscription()  # one per session
    # :interleave: RPCs still work on a subscribed session
    m.edit_config(target="running", config=table_xml("sub", 3))
    assert "sub" in nc.status()["routeTables"]
    # an attachment's inbound prefix limit warning reaches the session:
    # a GoBGP peer announces 3 prefixes to an attachment allowed 4, warned
    # at 50%
    lab, tr = nc.node.lab, nc.node
    aws = lab.add_node("aws")
    lab.link(tr, aws, "100.64.0.1/30", "100.64.0.2/30")
    tr.start_frr("bgpd", "router bgp 65000\n no bgp ebgp-requires-policy\n"
                 " neighbor 100.64.0.2 remote-as 64512\n"
                 " neighbor 100.64.0.2 timers connect 1\n!\n")
    nc.node.configure("router mcr\n attachment aws\n  provider aws-direct-connect\n"
                      "  neighbor 100.64.0.2\n  limit-warning 50\n"
                      "  ipv4 inbound-limit 4\n")
    g = GoBGP(aws, 64512, "100.64.0.2", [("100.64.0.1", 65000)])
    for p in ("10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16"):
        g.announce(p, "100.64.0.2")
    n = m.take_notification(timeout=30)
    assert n is not None, "no notification within 30 s"
    xml = n.notification_xml
    assert "attachment-limit-warning" in xml, xml
    assert "<attachment>aws</attachment>" in xml and "<limit>4</limit>" in xml, xml


def test_netconf_listener_configured_in_vtysh(lab):
    """The server's listener and users come from the YANG model, set in
    vtysh (no configuration file): a second port, public-key login, and
    changing the port moves the listener."""
    tr = lab.add_node("tr")
    d = os.path.join(tr.dir, "nc")
    os.makedirs(d)
    for k in ("hostkey", "admin_id"):
        run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N",
            "", "-f", os.path.join(d, k))
    tr.start_frr("zebra")
    tr.start_frr("mcrouted", extra=["-M", "netconf"])
    tr.configure("router mcr\n netconf\n  ssh enabled\n  ssh address 127.0.0.1\n"
                 "  ssh port 8331\n  ssh host-key %s/hostkey\n"
                 "  user admin access read-write authorized-keys %s/admin_id.pub\n"
                 % (d, d))
    listening = lambda port: "127.0.0.1:%d" % port in tr.exec(["ss", "-ltn"]).stdout
    wait_for("listener on 8331 from YANG config", lambda: listening(8331), 20)
    cfg = tr.vtysh("show running-config").stdout
    assert " netconf\n  ssh enabled\n" in cfg, cfg

    with netns(tr.ns):
        m = manager.connect(host="127.0.0.1", port=8331, username="admin",
                            hostkey_verify=False, look_for_keys=False,
                            key_filename=os.path.join(d, "admin_id"),
                            allow_agent=False, timeout=20)
    m.edit_config(target="running", config=(
        '<config xmlns="%s"><mcrouted xmlns="%s"><route-table><name>vt</name>'
        '<table-id>77</table-id></route-table></mcrouted></config>' % (NC, NS)))
    assert "route-table vt" in tr.vtysh("show running-config").stdout
    m.close_session()
    tr.configure("router mcr\n netconf\n  ssh port 8332\n")
    wait_for("listener moved to 8332",
             lambda: listening(8332) and not listening(8331), 20)
