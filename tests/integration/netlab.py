"""Network-namespace lab for mcrouted's integration tests.

Creates namespaces and veth links with names unique to this test run,
starts FRR daemons (from the project's build prefix), GoBGP and BIRD in
them, and tears everything down again, killing only the processes it
started (by PID) and deleting only the namespaces it created.

Every wait is bounded; a timeout raises with the last observed value.
"""

import json
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time

DEFAULT_TIMEOUT = 30.0
TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MCR_STREAM = os.path.join(TOP, "tools", "mcr-stream")


def sh(cmd, check=True, timeout=60, input=None, env=None):
    """Run a command (list), return CompletedProcess with text output."""
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                       input=input, env=env)
    if check and p.returncode != 0:
        raise RuntimeError("command failed (%d): %s\nstdout: %s\nstderr: %s"
                           % (p.returncode, " ".join(cmd), p.stdout, p.stderr))
    return p


def wait_for(what, fn, timeout=DEFAULT_TIMEOUT, interval=0.1):
    """Poll fn() until it returns a truthy value; return that value."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            last = fn()
            if last:
                return last
        except Exception as e:  # keep polling, report the last error
            last = e
        if time.monotonic() > deadline:
            raise TimeoutError("timed out after %.1fs waiting for %s (last: %r)"
                               % (timeout, what, last))
        time.sleep(interval)


def pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie counts as dead
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def kill_pid(pid, timeout=5.0):
    """TERM, wait, then KILL one PID we started."""
    if not pid_alive(pid):
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return
        time.sleep(0.05)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


class Lab:
    """A set of namespaces, links and processes owned by one test run."""

    def __init__(self, build, tag=None):
        self.build = build
        self.root = os.path.join(build, "root")
        self.tag = tag or ("m%d" % (os.getpid() % 100000))
        self.dir = tempfile.mkdtemp(prefix="mcr-lab-%s-" % self.tag)
        self.namespaces = []
        self.nodes = {}
        self.pids = []

    # -- topology ---------------------------------------------------------
    def ns(self, name):
        return "%s-%s" % (self.tag, name)

    def add_node(self, name):
        nsname = self.ns(name)
        sh(["ip", "netns", "add", nsname])
        self.namespaces.append(nsname)
        sh(["ip", "-n", nsname, "link", "set", "lo", "up"])
        sh(["ip", "netns", "exec", nsname, "sysctl", "-qw",
            "net.ipv4.ip_forward=1"])
        sh(["ip", "netns", "exec", nsname, "sysctl", "-qw",
            "net.ipv6.conf.all.forwarding=1"])
        d = os.path.join(self.dir, name)
        os.makedirs(d)
        self.nodes[name] = Node(self, name, nsname, d)
        return self.nodes[name]

    def link(self, a, b, a_addr, b_addr):
        """veth between nodes a and b, named '<b>' in a and '<a>' in b."""
        ia, ib = "%s-%s" % (a.name[:7], b.name[:7]), "%s-%s" % (b.name[:7], a.name[:7])
        tmpa, tmpb = "v%sa%d" % (self.tag, len(self.pids)), "v%sb%d" % (self.tag, len(self.pids))
        sh(["ip", "link", "add", tmpa, "type", "veth", "peer", "name", tmpb])
        sh(["ip", "link", "set", tmpa, "netns", a.ns, "name", ia])
        sh(["ip", "link", "set", tmpb, "netns", b.ns, "name", ib])
        for node, ifn, addr in ((a, ia, a_addr), (b, ib, b_addr)):
            if addr:
                sh(["ip", "-n", node.ns, "addr", "add", addr, "dev", ifn])
            sh(["ip", "-n", node.ns, "link", "set", ifn, "up"])
        self.pids.append(0)  # only makes the temporary names unique
        return ia, ib

    # -- teardown ---------------------------------------------------------
    def close(self):
        for node in list(self.nodes.values()):
            node.stop_all()
        for nsname in reversed(self.namespaces):
            subprocess.run(["ip", "netns", "del", nsname], capture_output=True)
        self.namespaces = []
        if os.environ.get("MCR_KEEP_LAB"):
            print("lab files kept in", self.dir)
        else:
            shutil.rmtree(self.dir, ignore_errors=True)


class Node:
    """One namespace; runs FRR daemons and other programs."""

    def __init__(self, lab, name, nsname, d):
        self.lab, self.name, self.ns, self.dir = lab, name, nsname, d
        self.procs = {}  # name -> pid
        self.frr_started = []
        with open(os.path.join(d, "vtysh.conf"), "w") as f:
            f.write("service integrated-vtysh-config\n")

    def exec(self, cmd, check=True, timeout=60, input=None, env=None):
        return sh(["ip", "netns", "exec", self.ns] + cmd, check=check,
                  timeout=timeout, input=input, env=env)

    # -- FRR --------------------------------------------------------------
    def frr_bin(self, daemon):
        return os.path.join(self.lab.root, "lib", "frr", daemon)

    def start_frr(self, daemon, config="", extra=(), env=None):
        """Start one FRR daemon with its own config file (may be empty)."""
        conf = os.path.join(self.dir, daemon + ".conf")
        if config is not None and not os.path.exists(
                os.path.join(self.dir, "frr.conf")):
            with open(conf, "w") as f:
                f.write(config)
        pidfile = os.path.join(self.dir, daemon + ".pid")
        if os.path.exists(pidfile):
            os.unlink(pidfile)
        cmd = [self.frr_bin(daemon), "-d", "-u", "root", "-g", "root",
               "--vty_socket", self.dir, "-z", os.path.join(self.dir, "zserv.api"),
               "-i", pidfile, "-f", conf, "-P", "0",
               "--log", "file:" + os.path.join(self.dir, daemon + ".log"),
               "--log-level", "debug"]
        if daemon == "bgpd":
            cmd += ["-p", "179"]
        cmd += list(extra)
        self.exec(cmd, timeout=30, env=env)
        pid = wait_for("%s pid file" % daemon, lambda: _read_pid(pidfile), 15)
        self.procs[daemon] = pid
        if daemon not in self.frr_started:
            self.frr_started.append(daemon)
        sock = os.path.join(self.dir, daemon + ".vty")
        wait_for("%s vty socket" % daemon, lambda: os.path.exists(sock), 15)
        return pid

    def stop(self, name):
        pid = self.procs.pop(name, None)
        if pid:
            kill_pid(pid)
        if name in self.frr_started:
            for ext in (".vty",):
                p = os.path.join(self.dir, name + ext)
                if os.path.exists(p):
                    os.unlink(p)
            if name == "zebra":
                p = os.path.join(self.dir, "zserv.api")
                if os.path.exists(p):
                    os.unlink(p)

    def stop_all(self):
        # non-FRR peers first, then FRR clients before zebra
        order = [n for n in self.procs if n not in self.frr_started]
        order += [d for d in reversed(self.frr_started) if d in self.procs]
        for name in order:
            self.stop(name)

    def vtysh(self, *cmds, daemon=None, check=True, timeout=30):
        cmd = [os.path.join(self.lab.root, "bin", "vtysh"),
               "--vty_socket", self.dir, "--config_dir", self.dir]
        if daemon:
            cmd += ["-d", daemon]
        for c in cmds:
            cmd += ["-c", c]
        p = self.exec(cmd, check=False, timeout=timeout)
        if check and p.returncode != 0:
            raise RuntimeError("vtysh %r failed (%d): %s %s"
                               % (cmds, p.returncode, p.stdout, p.stderr))
        return p

    def vtysh_boot(self, daemon=None):
        """Apply the saved integrated config (frr.conf) like frrinit.sh."""
        cmd = [os.path.join(self.lab.root, "bin", "vtysh"),
               "--vty_socket", self.dir, "--config_dir", self.dir, "-b"]
        if daemon:
            cmd += ["-d", daemon]
        return self.exec(cmd, check=False)

    def vtysh_json(self, cmd, daemon=None):
        p = self.vtysh(cmd, daemon=daemon)
        return json.loads(p.stdout)

    def configure(self, text, check=True):
        """Apply configuration lines through vtysh (conf t ... end)."""
        cmds = ["configure terminal"] + [l for l in text.splitlines()
                                         if l.strip() and not l.strip().startswith("!")]
        return self.vtysh(*cmds, check=check)

    # -- other programs ---------------------------------------------------
    def spawn(self, name, cmd, env=None):
        """Start a foreground program in the namespace, in its own session."""
        log = open(os.path.join(self.dir, name + ".out"), "w")
        p = subprocess.Popen(["ip", "netns", "exec", self.ns] + cmd,
                             stdout=log, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, start_new_session=True,
                             env=env)
        self.procs[name] = p.pid
        self._popen = getattr(self, "_popen", {})
        self._popen[name] = p
        return p


def _read_pid(path):
    try:
        with open(path) as f:
            pid = int(f.read().strip())
        return pid if pid_alive(pid) else None
    except (OSError, ValueError):
        return None


class GoBGP:
    """gobgpd in a namespace, configured from a TOML string."""

    def __init__(self, node, asn, router_id, neighbors):
        self.node = node
        lines = ['[global.config]', '  as = %d' % asn,
                 '  router-id = "%s"' % router_id, '  port = 179', '']
        for addr, peer_as in neighbors:
            lines += ['[[neighbors]]', '  [neighbors.config]',
                      '    neighbor-address = "%s"' % addr,
                      '    peer-as = %d' % peer_as,
                      '  [neighbors.timers.config]',
                      '    connect-retry = 1', '    hold-time = 9',
                      '    keepalive-interval = 3', '']
        self.conf = os.path.join(node.dir, "gobgpd.toml")
        with open(self.conf, "w") as f:
            f.write("\n".join(lines))
        node.spawn("gobgpd", ["gobgpd", "-f", self.conf, "-p",
                              "--api-hosts", "127.0.0.1:50051",
                              "--pprof-disable"])
        wait_for("gobgpd API", lambda: self.cli("global", check=False).returncode == 0, 20)

    def cli(self, *args, check=True):
        return self.node.exec(["gobgp", "-u", "127.0.0.1", "-p", "50051"] + list(args),
                              check=check)

    def announce(self, prefix, nexthop, *attrs):
        fam = "ipv6" if ":" in prefix else "ipv4"
        self.cli("global", "rib", "add", "-a", fam, prefix, "nexthop", nexthop, *attrs)

    def withdraw(self, prefix):
        fam = "ipv6" if ":" in prefix else "ipv4"
        self.cli("global", "rib", "del", "-a", fam, prefix)

    def rib(self, family="ipv4"):
        """Prefixes in gobgpd's RIB (what it received plus its own)."""
        p = self.cli("global", "rib", "-a", family, "-j")
        data = json.loads(p.stdout or "{}")
        return data

    def learned(self, family="ipv4"):
        """{prefix: [AS path]} of the best paths in gobgpd's RIB that came
        from a neighbor (not its own announcements)."""
        out = {}
        for prefix, paths in self.rib(family).items():
            for path in paths:
                if not path.get("best", True):
                    continue
                asns = []
                for attr in path.get("attrs", []):
                    if attr.get("type") == 2:  # AS_PATH
                        for seg in attr.get("as_paths", []):
                            asns += seg.get("asns", [])
                src = path.get("source-id", "")
                if src and src != "<nil>" and path.get("neighbor-ip", "") not in ("", "<nil>"):
                    out[prefix] = asns
                elif asns:
                    out[prefix] = asns
        return out

    def received_from(self, neighbor, family="ipv4"):
        """{prefix: [AS path]} as last received from @neighbor (adj-RIB-in,
        including paths gobgpd refuses, e.g. for an AS loop)."""
        p = self.cli("neighbor", neighbor, "adj-in", "-a", family, "-j")
        data = json.loads(p.stdout or "{}")
        out = {}
        for prefix, paths in (data.items() if isinstance(data, dict) else []):
            for path in paths:
                asns = []
                for attr in path.get("attrs", []):
                    if attr.get("type") == 2:
                        for seg in attr.get("as_paths", []):
                            asns += seg.get("asns", [])
                out[prefix] = asns
        return out

    def neighbor_state(self, neighbor):
        p = self.cli("neighbor", neighbor, "-j", check=False)
        if p.returncode != 0:
            return None
        return json.loads(p.stdout)["state"]["session_state"]


class Bird:
    """BIRD 2 in a namespace as a cloud edge: static 'VNet' routes announced
    over one eBGP session; what it receives is kept in its own table only
    (no kernel protocol), read back with birdc."""

    def __init__(self, node, asn, router_id, local, neighbor, neighbor_as,
                 prefixes=(), family="ipv4"):
        self.node = node
        self.ctl = os.path.join(node.dir, "bird.ctl")
        routes = "".join("  route %s blackhole;\n" % p for p in prefixes)
        self.conf = os.path.join(node.dir, "bird.conf")
        with open(self.conf, "w") as f:
            f.write("""router id %s;
log "%s" all;
protocol device { }
protocol static vnets {
  %s;
%s}
protocol bgp tr {
  local %s as %d;
  neighbor %s as %d;
  hold time 9; keepalive time 3; connect retry time 1;
  error wait time 1, 10;
  %s {
    import all;
    export where source = RTS_STATIC;
  };
}
""" % (router_id, os.path.join(node.dir, "bird.log"), family, routes, local,
                asn, neighbor, neighbor_as, family))
        node.spawn("bird", ["bird", "-f", "-c", self.conf, "-s", self.ctl])
        wait_for("bird control socket",
                 lambda: self.birdc("show status", check=False).returncode == 0, 20)

    def birdc(self, *args, check=True):
        return self.node.exec(["birdc", "-s", self.ctl] + list(args), check=check)

    def received(self):
        """{prefix: as_path} of the routes learned from the transit."""
        out = self.birdc("show route protocol tr all").stdout
        routes, cur = {}, None
        for line in out.splitlines():
            parts = line.split()
            if parts and "/" in parts[0] and (parts[0][0].isdigit() or ":" in parts[0]):
                cur = parts[0]
                routes[cur] = None
            elif cur and "BGP.as_path:" in line:
                routes[cur] = line.split("BGP.as_path:", 1)[1].strip()
        return routes

    def established(self):
        out = self.birdc("show protocols tr", check=False).stdout
        return "Established" in out

class netns:
    """Context manager: run the calling thread in a lab namespace.

    Sockets opened inside keep the namespace (e.g. a NETCONF client's
    connection to a daemon listening on the namespace's loopback); only
    the calling thread moves, so other threads are unaffected.
    """

    CLONE_NEWNET = 0x40000000

    def __init__(self, nsname):
        self.nsname = nsname

    def _setns(self, fd):
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.setns(fd, self.CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns failed")

    def __enter__(self):
        self.orig = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
        fd = os.open("/run/netns/" + self.nsname, os.O_RDONLY)
        try:
            self._setns(fd)
        finally:
            os.close(fd)
        return self

    def __exit__(self, *exc):
        try:
            self._setns(self.orig)
        finally:
            os.close(self.orig)
        return False

CHARON = "/usr/lib/ipsec/charon"
CHARON_PLUGINS = ("random nonce openssl pem pkcs1 x509 pubkey sha1 sha2 hmac "
                  "kdf aes gcm gmp kernel-libipsec kernel-netlink "
                  "socket-default vici updown")


class Charon:
    """strongSwan charon in a namespace with userspace ESP (kernel-libipsec,
    the TUN device ipsec0), its own strongswan.conf, VICI socket and /run
    (charon's pid file path is fixed: /run is bind-mounted per instance
    inside the mount namespace 'ip netns exec' makes)."""

    def __init__(self, node, name="charon", retransmit_fast=True):
        self.node, self.name = node, name
        self.dir = os.path.join(node.dir, name)
        self.run = os.path.join(self.dir, "run")
        os.makedirs(self.run, exist_ok=True)
        self.vici = os.path.join(self.dir, "charon.vici")
        self.log = os.path.join(self.dir, "charon.log")
        self.conf = os.path.join(self.dir, "strongswan.conf")
        retr = ("  retransmit_tries = 2\n  retransmit_timeout = 1.0\n"
                "  retransmit_base = 1.4\n") if retransmit_fast else ""
        with open(self.conf, "w") as f:
            f.write("""charon {
  load = %s
  install_routes = no
  routing_table = 220
  routing_table_prio = 32767
%s  filelog {
    lab {
      path = %s
      time_format = %%H:%%M:%%S
      append = yes
      flush_line = yes
      default = 1
      ike = 2
      cfg = 1
    }
  }
  syslog {
    daemon {
      default = -1
    }
  }
  plugins {
    vici {
      socket = unix://%s
    }
  }
}
swanctl {
  load = pem pkcs1 x509 pubkey openssl random
  socket = unix://%s
}
""" % (CHARON_PLUGINS, retr, self.log, self.vici, self.vici))
        self.pid = None

    def env(self):
        e = dict(os.environ)
        e["STRONGSWAN_CONF"] = self.conf
        return e

    def start(self, timeout=20):
        for f in os.listdir(self.run):
            os.unlink(os.path.join(self.run, f))
        if os.path.exists(self.vici):
            os.unlink(self.vici)
        p = self.node.spawn(self.name, [
            "sh", "-c", "mount --bind %s /run && exec %s" % (self.run, CHARON)],
            env=self.env())
        self.pid = p.pid
        wait_for("%s VICI socket" % self.name,
                 lambda: os.path.exists(self.vici), timeout)
        wait_for("%s ipsec0" % self.name,
                 lambda: self.node.exec(["ip", "link", "show", "ipsec0"],
                                        check=False).returncode == 0, timeout)
        return self.pid

    def kill(self):
        """SIGKILL: the peer vanishes without telling anyone."""
        pid = self.node.procs.pop(self.name, None)
        if pid and pid_alive(pid):
            os.kill(pid, signal.SIGKILL)
            wait_for("charon gone", lambda: not pid_alive(pid), 10)

    def swanctl(self, *args, check=True):
        return self.node.exec(["swanctl"] + list(args) + ["--uri", "unix://" + self.vici],
                              check=check, env=self.env())

    def load(self, swanctl_conf_text):
        path = os.path.join(self.dir, "swanctl.conf")
        with open(path, "w") as f:
            f.write(swanctl_conf_text)
        return self.swanctl("--load-all", "--file", path)


class StreamReader:
    """tools/mcr-stream -j in a node's namespace; frames on a queue."""

    def __init__(self, node, *args):
        self.p = subprocess.Popen(
            ["ip", "netns", "exec", node.ns, MCR_STREAM, "-j"] + list(args),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True)
        self.q = queue.Queue()
        self.frames = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.p.stdout:
            self.q.put(json.loads(line))
        self.q.put(None)

    def next(self, timeout=15):
        f = self.q.get(timeout=timeout)
        assert f is not None, "stream ended: " + self.p.stderr.read()
        self.frames.append(f)
        return f

    def until(self, what, pred, timeout=20):
        """Frames up to and including the first one matching pred."""
        end, seen = time.monotonic() + timeout, []
        while True:
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError("no frame for %s; got %r" % (what, seen))
            try:
                f = self.next(left)
            except queue.Empty:
                continue
            seen.append(f)
            if pred(f):
                return seen

    def close(self):
        if self.p.poll() is None:
            self.p.terminate()
            try:
                self.p.wait(5)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
