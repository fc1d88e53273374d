"""`reach` against an independent evaluator: network-config-analyzer (NCA, PyPI
network-config-analyzer, a NetworkPolicy connectivity analyser) on the same connections.

Every spec (tests/fixtures/*.yaml, tests/k7-golden/*.yaml and GENERATED seeded random specs) is
rendered for Flannel and for Cilium by the npm package in pkg/ (through tests/reach/package.mjs).
From each rendering comes a world: the sandbox pod as rendered; other sandboxes in its namespace and
in another one; the sandboxes and namespaces its policies name, with a pod in each namespace;
kube-dns and a non-DNS pod in kube-system, a Longhorn pod; namespaces labelled as Kubernetes labels
them; and outside addresses: the first and last address of every range the policies name and the
addresses just outside it, the metadata service, public resolvers, 203.0.113.9 and "the internet".
The grid: egress from the sandbox to every pod and address on a few ports, and ingress to it from
every pod and address on each ingress port, on one closed port and over UDP.

For each connection and phase, NCA's answer (its allowed connections for the world with the v1
NetworkPolicies that exist in that phase: none before lockdown, the rendered ones after) is
compared with `reach`'s verdict. A difference passes only where a DEVIATIONS rule, a rule of Cilium
or of K7 that NCA does not model, decides the connection and `reach` gives that rule's verdict;
any other difference fails, and so does a rule no difference needs. `depends` answers are not
compared: they are counted, with what they depend on.

Run by `make reach-test` (after `make package`) in build/nca-venv (scripts/pyvenv.sh nca).
"""

import contextlib
import io
import ipaddress
import json
import pathlib
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib.metadata import version
from typing import Callable, Union

from nca.CoreDS.ConnectivityProperties import ConnectivityProperties
from nca.CoreDS.Peer import BasePeerSet, IpBlock, PeerSet
from nca.CoreDS.PortSet import PortSet
from nca.CoreDS.ProtocolSet import ProtocolSet
from nca.NetworkConfig.ResourcesHandler import ResourcesHandler
from nca.Resources.PolicyResources.NetworkPolicy import PolicyConnectionsFilter

ROOT = pathlib.Path(__file__).resolve().parents[2]
SANDBOX_LABEL = "katakate.org/sandbox"
NAMESPACE_LABEL = "kubernetes.io/metadata.name"
CNIS = ("flannel", "cilium")
PHASES = ("start", "script", "locked")
# Seeded random specs, rendered and compared like the fixtures.
GENERATED = 100
# The disagreements listed in full; the count covers them all.
LISTED = 40
SEED = 11
# A namespace no spec names, for the sandboxes and pods of another namespace.
ELSEWHERE = "nca-elsewhere"
# k3s's default pod range (--cluster-cidr), which K7 keeps.
K3S_PODS = ipaddress.ip_network("10.42.0.0/16")
METADATA = "169.254.169.254"
INTERNET = "93.184.215.14"
# Outside addresses every grid has: a client on the internet, the metadata service, public
# resolvers (IPv4 and IPv6) and "the internet" of `reach`'s `internet` keyword.
ADDRESSES = ("203.0.113.9", METADATA, "1.1.1.1", "8.8.8.8", "2606:4700:4700::1111", INTERNET)
POD_PORTS = ((53, "UDP"), (53, "TCP"), (443, "TCP"), (8080, "TCP"))
ADDRESS_PORTS = ((53, "UDP"), (443, "TCP"))


@dataclass(frozen=True)
class Pod:
    """A pod of the world, and `reach`'s name for it (`sandbox:NS/NAME`, `pod:NS/k=v`)."""

    namespace: str
    name: str
    labels: tuple[tuple[str, str], ...]
    text: str

    def manifest(self):
        return {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": self.name, "namespace": self.namespace, "labels": dict(self.labels)},
            "spec": {"containers": [{"name": "main", "image": "busybox"}]},
        }


def sandbox_pod(namespace, name):
    labels = (("app", name), (SANDBOX_LABEL, name))
    return Pod(namespace, f"nca-sandbox-{name}", labels, f"sandbox:{namespace}/{name}")


def plain_pod(namespace, name, key, value, text=None):
    return Pod(namespace, name, ((key, value),), text or f"pod:{namespace}/{key}={value}")


KUBE_DNS = plain_pod("kube-system", "coredns", "k8s-app", "kube-dns")
# `reach`'s `kube-system` keyword: a non-DNS pod there.
KUBE_SYSTEM = plain_pod("kube-system", "metrics-server", "k8s-app", "metrics-server", "kube-system")
LONGHORN = plain_pod("longhorn-system", "longhorn-manager", "app", "longhorn-manager")


@dataclass(frozen=True)
class Connection:
    """One connection of the grid: the other end is a Pod or an address."""

    direction: str
    peer: Union[Pod, str]
    port: int
    protocol: str
    text: str

    def query(self):
        side = "to" if self.direction == "egress" else "from"
        return {side: self.text, "port": self.port, "protocol": self.protocol.lower()}

    def __str__(self):
        side = "to" if self.direction == "egress" else "from"
        return f"{self.direction} {side} {self.text} port {self.port}/{self.protocol}"


@dataclass
class Job:
    """One spec rendered for one CNI, its world and its grid."""

    label: str
    cni: str
    text: str
    options: dict
    manifests: list
    sandbox: Pod
    pods: list
    connections: list

    def policies(self):
        return [m for m in self.manifests if m["kind"] == "NetworkPolicy"]

    def has(self, kind):
        return any(m["kind"] == kind for m in self.manifests)

    def ipblocks(self, c):
        """The ipBlock ranges of the sandbox's v1 rules in the direction of `c` that admit its port."""
        side = "to" if c.direction == "egress" else "from"
        for policy in self.policies():
            for rule in policy["spec"].get(c.direction, []):
                ports = rule.get("ports", [])
                if ports and not any(
                    p["port"] == c.port and p.get("protocol", "TCP") == c.protocol for p in ports
                ):
                    continue
                for peer in rule.get(side, []):
                    if "ipBlock" in peer:
                        yield ipaddress.ip_network(peer["ipBlock"]["cidr"])

    def cilium_admits(self, c):
        """Whether the CiliumNetworkPolicy's kube-dns or toCIDR rule admits `c`."""
        if isinstance(c.peer, Pod):
            return c.peer == KUBE_DNS and c.port == 53
        return any(
            ipaddress.ip_address(c.peer) in ipaddress.ip_network(cidr)
            for m in self.manifests
            if m["kind"] == "CiliumNetworkPolicy"
            for rule in m["spec"].get("egress", [])
            for cidr in rule.get("toCIDR", [])
        )

    def published(self, c):
        """Whether the NodePort Service of expose_ports publishes the port of `c`."""
        return any(
            p["port"] == c.port and p.get("protocol", "TCP") == c.protocol
            for m in self.manifests
            if m["kind"] == "Service"
            for p in m["spec"]["ports"]
        )


def in_platform_deny(peer):
    """Whether K7's platform policy denies egress to `peer` (docs/reach.md#k7s-platform-policy-cilium-only); the node and the API
    server, its other targets, are not in the grid."""
    if isinstance(peer, Pod):
        return peer.namespace in ("kube-system", "longhorn-system") and peer != KUBE_DNS
    return ipaddress.ip_address(peer) in ipaddress.ip_network("169.254.0.0/16")


@dataclass(frozen=True)
class Deviation:
    """A rule of Cilium or of K7 that NCA does not model: where `applies`, `reach` must say `reach`."""

    key: str
    reason: str
    reach: str
    applies: Callable[[Job, Connection, str], bool]


DEVIATIONS = (
    Deviation(
        "cilium-platform-deny",
        "K7's CiliumClusterwideNetworkPolicy k7-sandbox-platform-deny (Cilium clusters only, "
        "docs/reach.md#k7s-platform-policy-cilium-only) denies egress to 169.254.0.0/16 and to kube-system and longhorn-system pods other than "
        "kube-dns, in every phase and egress mode; NCA reads no Cilium objects",
        "denied",
        lambda job, c, phase: job.cni == "cilium" and c.direction == "egress" and in_platform_deny(c.peer),
    ),
    Deviation(
        "cilium-fqdn-policy",
        "a whitelist with DNS names becomes a CiliumNetworkPolicy (kube-dns, toFQDNs, toCIDR) and no v1 "
        "egress NetworkPolicy (docs/semantics.md#egress-modes); NCA reads v1 NetworkPolicies only, so to it egress is open "
        "(what the policy's kube-dns and toCIDR rules admit is still compared)",
        "denied",
        lambda job, c, phase: (
            job.cni == "cilium"
            and phase == "locked"
            and c.direction == "egress"
            and job.has("CiliumNetworkPolicy")
            and not job.cilium_admits(c)
        ),
    ),
    Deviation(
        "cilium-ipblock-pods",
        "Cilium does not evaluate an ipBlock peer for traffic from pods: an ingress rule with a `cidr:` "
        "source admits every pod on its ports (measured by K7, docs/reach.md#the-cni-decides-what-an-ipblock-means-for-pods-and-nodes); NCA matches ipBlocks "
        "against outside addresses only",
        "allowed",
        lambda job, c, phase: (
            job.cni == "cilium"
            and phase == "locked"
            and c.direction == "ingress"
            and isinstance(c.peer, Pod)
            and any(job.ipblocks(c))
        ),
    ),
    Deviation(
        "flannel-ipblock-pods",
        "k3s's policy controller under Flannel (kube-router) matches ipBlocks against pod addresses too: a "
        f"range covering k3s's pod range {K3S_PODS} admits every pod; Kubernetes leaves this to the "
        "implementation, and NCA matches ipBlocks against outside addresses only",
        "allowed",
        lambda job, c, phase: (
            job.cni == "flannel"
            and phase == "locked"
            and isinstance(c.peer, Pod)
            and any(r.version == 4 and r.supernet_of(K3S_PODS) for r in job.ipblocks(c))
        ),
    ),
    Deviation(
        "outside-through-nodeport",
        "a client outside the cluster comes in only through the NodePort Service of expose_ports (pod "
        "addresses are not routable from outside), which K7 creates after the policies "
        "(docs/reach.md#the-phases); NCA lets an ipBlock reach the pod directly",
        "denied",
        lambda job, c, phase: (
            c.direction == "ingress"
            and not isinstance(c.peer, Pod)
            and (phase != "locked" or not job.published(c))
        ),
    ),
)


def call_package(calls):
    """The results of calls into the npm package (tests/reach/package.mjs)."""
    run = subprocess.run(
        ["node", str(ROOT / "tests/reach/package.mjs")],
        input=json.dumps(calls),
        capture_output=True,
        text=True,
    )
    if run.returncode:
        sys.exit(f"tests/reach/package.mjs failed (is pkg/ built? make package):\n{run.stderr}")
    return json.loads(run.stdout)


def specs():
    """(label, text, render options) of every fixture, K7 golden spec and generated spec."""
    for folder in ("tests/fixtures", "tests/k7-golden"):
        for path in sorted((ROOT / folder).glob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            # A fixture's `# render: workload=deployment` line; the CNI is both, whatever it says.
            workload = re.search(r"^# render:.*\bworkload=(\w+)", text, re.M)
            options = {"workload": workload[1]} if workload else {}
            yield f"{folder}/{path.name}", text, options
    rng = random.Random(SEED)
    for i in range(GENERATED):
        yield f"generated/{i}", json.dumps(generated_spec(rng, f"gen-{i}")), {}


def random_range(rng):
    a, b, c, d = rng.choice((10, 100, 172, 192, 198, 203)), *(rng.randrange(256) for _ in range(3))
    return rng.choice(
        (
            f"{a}.{b}.{c}.{d}/{rng.choice((8, 12, 16, 24, 28, 31))}",
            f"{a}.{b}.{c}.{d}",
            f"2001:db8:{rng.randrange(65536):x}::/{rng.choice((32, 48, 64))}",
            f"2001:db8::{rng.randrange(65536):x}",
        )
    )


def generated_spec(rng, name):
    """A spec with a random whitelist (absent, null, [] or ranges, names and the fixed addresses)
    and random ingress ports, sources and exposed ports, as JSON (which is YAML)."""
    spec = {"name": name, "image": "alpine:3.20"}
    if rng.random() < 0.5:
        spec["namespace"] = rng.choice(("default", "team-a", "monitoring"))
    mode = rng.randrange(4)
    if mode:
        entries = (
            lambda: random_range(rng),
            lambda: rng.choice(ADDRESSES),
            lambda: rng.choice(
                ("169.254.0.0/16", "0.0.0.0/0", "203.0.113.0/24", "10.0.0.0/8", "10.42.7.0/24")
            ),
            lambda: rng.choice(("pypi.org", "*.pythonhosted.org", "*.example.com", "api.github.com")),
        )
        count = rng.randint(1, 4) if mode == 3 else 0
        spec["egress_whitelist"] = None if mode == 1 else [rng.choice(entries)() for _ in range(count)]
    if rng.random() < 0.7:
        spec["ingress_ports"] = rng.sample((80, 443, 5432, 8000, 8080, 9090), rng.randint(1, 3))
        sources = (
            lambda: f"sandbox:{rng.choice(('alice', 'bob', 'worker'))}",
            lambda: f"namespace:{rng.choice(('monitoring', 'team-a', 'kube-system'))}",
            lambda: f"cidr:{random_range(rng)}",
        )
        if rng.random() < 0.7:
            spec["ingress_from"] = [rng.choice(sources)() for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.5:
            spec["expose_ports"] = spec["ingress_ports"][: rng.randint(1, len(spec["ingress_ports"]))]
    return spec


def walk(value):
    yield value
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for child in children:
        yield from walk(child)


def named(manifests):
    """The ranges, namespaces and sandboxes the rendered policies name, and the ingress ports."""
    ranges, namespaces, sandboxes, ports = set(), set(), set(), set()
    for node in walk([m for m in manifests if m["kind"].endswith("Policy")]):
        if not isinstance(node, dict):
            continue
        if isinstance(node.get("cidr"), str):
            ranges.add(node["cidr"])
        ranges.update(node.get("toCIDR", []))
        labels = node.get("matchLabels", {})
        namespaces.update([labels[NAMESPACE_LABEL]] if NAMESPACE_LABEL in labels else [])
        sandboxes.update([labels[SANDBOX_LABEL]] if SANDBOX_LABEL in labels else [])
    for policy in manifests:
        if policy["kind"] == "NetworkPolicy":
            for rule in policy["spec"].get("ingress", []):
                ports.update(p["port"] for p in rule.get("ports", []))
    return ranges, namespaces, sandboxes, ports


def the_sandbox(manifests):
    for m in manifests:
        if m["kind"] in ("Pod", "Deployment"):
            meta = m["metadata"] if m["kind"] == "Pod" else m["spec"]["template"]["metadata"]
            labels = tuple(sorted(meta["labels"].items()))
            return Pod(m["metadata"]["namespace"], m["metadata"]["name"], labels, "")
    raise ValueError("the rendering has no Pod and no Deployment")


def edges(text):
    """The first and last address of a range and, where they exist, the addresses just outside. An
    IPv4-mapped IPv6 address (`::ffff:169.254.169.254`) is given as the IPv4 address it maps: a
    program connecting to it sends IPv4 packets."""
    net = ipaddress.ip_network(text, strict=False)
    top = 2**net.max_prefixlen - 1
    first, last = int(net.network_address), int(net.broadcast_address)
    points = [first, last] + ([first - 1] if first > 0 else []) + ([last + 1] if last < top else [])
    addresses = [ipaddress.ip_address(p) if net.version == 4 else ipaddress.IPv6Address(p) for p in points]
    return [str(getattr(a, "ipv4_mapped", None) or a) for a in addresses]


def grid(manifests):
    """The sandbox, the world's pods and the connections to ask about."""
    sandbox = the_sandbox(manifests)
    own = dict(sandbox.labels).get(SANDBOX_LABEL)
    ranges, namespaces, sandboxes, ports = named(manifests)
    pods = [KUBE_DNS, KUBE_SYSTEM, LONGHORN]
    for name in sorted((sandboxes | {"peer"}) - {own}):
        pods += [sandbox_pod(sandbox.namespace, name), sandbox_pod(ELSEWHERE, name)]
    for namespace in sorted((namespaces | {sandbox.namespace, ELSEWHERE}) - {"kube-system"}):
        pods.append(plain_pod(namespace, "nca-client", "app", "client"))
    addresses = sorted({a for r in ranges for a in edges(r)} | set(ADDRESSES))
    connections = [Connection("egress", p, port, proto, p.text) for p in pods for port, proto in POD_PORTS]
    connections += [
        Connection("egress", a, port, proto, a) for a in addresses for port, proto in ADDRESS_PORTS
    ]
    # `reach`'s keywords, on the pods and addresses they stand for.
    connections += [
        Connection("egress", KUBE_DNS, 53, "UDP", "dns"),
        Connection("egress", METADATA, 80, "TCP", "metadata"),
        Connection("egress", INTERNET, 443, "TCP", "internet"),
    ]
    closed = next(p for p in (22, 65000, 1) if p not in ports)
    probes = [(p, "TCP") for p in sorted(ports)] + [(closed, "TCP")] + [(p, "UDP") for p in sorted(ports)[:1]]
    connections += [Connection("ingress", p, port, proto, p.text) for p in pods for port, proto in probes]
    connections += [
        Connection("ingress", a, port, proto, f"ip:{a}") for a in addresses for port, proto in probes
    ]
    return sandbox, [sandbox] + pods, connections


def nca_allows(policies, pods, sandbox, connections):
    """NCA's answer, allowed or not, for each connection, in the world of `pods` with `policies`."""
    namespaces = sorted({p.namespace for p in pods})
    files = {
        "policies.yaml": {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicyList",
            "items": policies,
        },
        "pods.yaml": {"apiVersion": "v1", "kind": "PodList", "items": [p.manifest() for p in pods]},
        "namespaces.yaml": {
            "apiVersion": "v1",
            "kind": "NamespaceList",
            "items": [
                {
                    "apiVersion": "v1",
                    "kind": "Namespace",
                    "metadata": {"name": n, "labels": {NAMESPACE_LABEL: n}},
                }
                for n in namespaces
            ],
        },
    }
    with tempfile.TemporaryDirectory() as tmp:
        for name, content in files.items():
            (pathlib.Path(tmp) / name).write_text(json.dumps(content), encoding="utf-8")
        BasePeerSet.reset()
        # NCA prints a line about the cluster it read.
        with contextlib.redirect_stdout(io.StringIO()):
            config = ResourcesHandler().get_network_config(
                [f"{tmp}/policies.yaml"], [f"{tmp}/namespaces.yaml"], [f"{tmp}/pods.yaml"], None
            )
    # NCA skips what it does not understand: every policy must have been read.
    assert len(config.policies_container.policies) == len(policies), config.policies_container.policies
    allowed = config.allowed_connections(
        res_conns_filter=PolicyConnectionsFilter.only_all_allowed_connections()
    ).all_allowed_conns
    peers = {p.full_name(): p for p in config.peer_container.get_all_peers_group()}

    def peer(end):
        if isinstance(end, Pod):
            return peers[f"{end.namespace}/{end.name}"]
        return IpBlock(str(ipaddress.ip_network(end)))

    me = peer(sandbox)
    # Whether each pair of ends is allowed everything (True), nothing (False) or some (None): most
    # are all or nothing, and one question per pair is much faster than one per port.
    pairs = {}
    answers = []
    for c in connections:
        src, dst = (me, peer(c.peer)) if c.direction == "egress" else (peer(c.peer), me)
        ends = {"src_peers": PeerSet({src}), "dst_peers": PeerSet({dst})}
        if (c.direction, c.peer) not in pairs:
            pair = ConnectivityProperties.make_conn_props_from_dict(ends)
            pairs[c.direction, c.peer] = (
                True if pair.contained_in(allowed) else None if pair & allowed else False
            )
        answer = pairs[c.direction, c.peer]
        if answer is None:
            protocol = ProtocolSet.get_protocol_set_with_single_protocol(c.protocol)
            ports = PortSet.make_port_set_with_range(c.port, c.port)
            cube = ConnectivityProperties.make_conn_props_from_dict(
                {**ends, "protocols": protocol, "dst_ports": ports}
            )
            answer = cube.contained_in(allowed)
        answers.append(answer)
    return answers


def main():
    started = time.monotonic()
    sources = list(specs())
    renders = call_package(
        [["render", text, {**options, "cni": cni}] for _, text, options in sources for cni in CNIS]
    )
    jobs, refused = [], 0
    for (label, text, options), cni, rendering in zip(
        (s for s in sources for _ in CNIS), CNIS * len(sources), renders
    ):
        value = rendering["value"]
        if not value["ok"]:
            refused += 1
            continue
        sandbox, pods, connections = grid(value["manifests"])
        jobs.append(
            Job(label, cni, text, {**options, "cni": cni}, value["manifests"], sandbox, pods, connections)
        )
    # Node answers the queries while NCA works.
    with ThreadPoolExecutor(1) as node:
        reach = node.submit(
            call_package, [["reach", j.text, c.query(), j.options] for j in jobs for c in j.connections]
        )
        verdicts = [
            (
                nca_allows(j.policies(), j.pods, j.sandbox, j.connections),
                nca_allows([], j.pods, j.sandbox, j.connections),
            )
            for j in jobs
        ]
        answer = iter(reach.result())

    agree, deviations, depends, decided = Counter(), Counter(), Counter(), 0
    failures = []
    for job, (locked, open_) in zip(jobs, verdicts):
        decided += sum(a != b for a, b in zip(locked, open_))
        for c, nca_locked, nca_open in zip(job.connections, locked, open_):
            result = next(answer)
            phases = [p["phase"] for p in result.get("value", {}).get("phases", [])]
            if phases != list(PHASES):
                failures.append(f"{job.label} ({job.cni}) {c}: reach gave no answer for each phase: {result}")
                continue
            for phase in result["value"]["phases"]:
                nca = nca_locked if phase["phase"] == "locked" else nca_open
                verdict = phase["verdict"]
                if verdict == "depends":
                    depends[phase["dependsOn"]] += 1
                elif (verdict == "allowed") == nca:
                    agree[job.cni, verdict] += 1
                else:
                    rule = next(
                        (d for d in DEVIATIONS if d.reach == verdict and d.applies(job, c, phase["phase"])),
                        None,
                    )
                    if rule:
                        deviations[rule.key] += 1
                    else:
                        objects = ", ".join(r["object"] + r["pointer"] for r in phase["rules"]) or "no rule"
                        failures.append(
                            f"{job.label} ({job.cni}, {phase['phase']}) {c}: reach says {verdict} "
                            f"({phase['summary']} [{objects}]), NCA says {'allowed' if nca else 'denied'}"
                        )

    compared = sum(agree.values()) + sum(deviations.values()) + sum(depends.values()) + len(failures)
    print(
        f"reach against network-config-analyzer {version('network-config-analyzer')}: {len(sources)} specs "
        f"({GENERATED} generated), {len(jobs)} renderings compared ({refused} with errors, where reach "
        f"answers nothing), {sum(len(j.connections) for j in jobs)} connections, {compared} answers over "
        "the phases"
    )
    print(f"  the policies decide {decided} connections (NCA's answer with them differs from without)")
    split = "; ".join(
        f"{cni}: {agree[cni, 'allowed']} allowed, {agree[cni, 'denied']} denied" for cni in CNIS
    )
    print(f"  agreements: {sum(agree.values())} ({split})")
    print(f"  documented deviations: {sum(deviations.values())}")
    for rule in DEVIATIONS:
        print(f"    {rule.key}: {deviations[rule.key]} ({rule.reason})")
    print(f"  depends, not compared: {sum(depends.values())}")
    for reason, count in depends.most_common():
        print(f"    {count}: {reason}")
    print(f"  disagreements: {len(failures)}")
    for failure in failures[:LISTED]:
        print(f"    {failure}")
    print(f"  {time.monotonic() - started:.1f} s")
    # A comparison that cannot fail proves nothing: the policies must decide some connections, and
    # reach and NCA must agree on both answers for each CNI. A deviation no connection needs is stale.
    stale = [rule.key for rule in DEVIATIONS if not deviations[rule.key]]
    if stale:
        print(f"  deviations no connection needs (remove them): {', '.join(stale)}")
    if (
        failures
        or stale
        or not decided
        or not all(agree[cni, v] for cni in CNIS for v in ("allowed", "denied"))
    ):
        sys.exit(1)


if __name__ == "__main__":
    main()
