// The Explain view: what the rendered objects mean, from `rendering.explanation`. The egress part
// shows the four modes of the K7 documentation as cards (what is reachable, what DNS does, what
// breaks, the workaround) with the spec's own mode marked and explained in the core's words.
import { h, prose } from "./dom.js";

export const EGRESS_MODES = [
  {
    mode: "open",
    title: "Open",
    spelling: "no egress_whitelist",
    reachable: "The whole internet, the cluster's services and, on a cloud, the metadata service.",
    dns: "Works.",
    breaks: "Nothing breaks, and nothing is contained: code in the sandbox can send data anywhere.",
    workaround: "Add `egress_whitelist: []`, or list what the sandbox needs.",
  },
  {
    mode: "blocked",
    title: "Empty block",
    spelling: "egress_whitelist: []",
    reachable: "Nothing after lockdown. `before_script` still runs with open egress.",
    dns: "Blocked: no name resolves.",
    breaks: "Package installs, downloads, every outbound connection.",
    workaround: "Fetch in `before_script`, or bake dependencies into the image.",
  },
  {
    mode: "cidr-only",
    title: "CIDR-only",
    spelling: "egress_whitelist: [10.0.0.0/8, …]",
    reachable: "Only the listed ranges and IPs, on every port.",
    dns: "Blocked, unless a listed range holds a DNS server.",
    breaks: "Anything reached by name, and hosts outside the ranges.",
    workaround: "Pre-resolve in `before_script`; whitelist an internal DNS server or egress proxy.",
  },
  {
    mode: "fqdn",
    title: "FQDN via Cilium",
    spelling: "egress_whitelist: [pypi.org, …]",
    reachable: "The listed names (and ranges), through Cilium's DNS proxy.",
    dns: "Cluster DNS only (kube-dns, port 53); any name can be looked up.",
    breaks: "Unlisted hosts, redirects to them, and every cluster without Cilium (Flannel).",
    workaround: "List every host a download touches; with Flannel, whitelist IP ranges instead.",
  },
];

/** How many reachable names and ranges the view lists (a whitelist may hold tens of thousands). */
const MAX_REACHABLE = 100;

const DNS_WORDS = { allowed: "DNS works", blocked: "DNS blocked", "cluster-dns": "cluster DNS only" };
const EGRESS_WORDS = {
  open: "Egress open",
  blocked: "Egress blocked",
  "cidr-only": "Egress: listed ranges only",
  fqdn: "Egress: listed names only",
};
const LEVEL_WORDS = {
  restricted: "Restricted: the strictest Pod Security Standards level",
  baseline: "Baseline: blocks known privilege escalations, not every hardening",
  privileged: "Privileged: unrestricted",
};

function chip(text, tone) {
  return h("span", { class: `k7-chip k7-chip-${tone}` }, text);
}

function toneOfEgress(mode) {
  return mode === "open" ? "danger" : mode === "blocked" ? "safe" : "mixed";
}

function list(items, cls = "k7-details") {
  return items.length
    ? h(
        "ul",
        { class: cls },
        items.map((d) => h("li", {}, prose(d))),
      )
    : null;
}

function modeCard(m, current) {
  const isCurrent = m.mode === current;
  return h(
    "article",
    {
      class: `k7-mode${isCurrent ? " k7-mode-current" : ""}`,
      "data-mode": m.mode,
      "aria-current": isCurrent ? "true" : null,
    },
    h("header", {}, h("h4", {}, m.title), isCurrent ? chip("this spec", "accent") : null),
    h("p", { class: "k7-mode-spelling" }, h("code", {}, m.spelling)),
    h(
      "dl",
      {},
      h("dt", {}, "Reachable"),
      h("dd", {}, prose(m.reachable)),
      h("dt", {}, "DNS"),
      h("dd", {}, prose(m.dns)),
      h("dt", {}, "Breaks"),
      h("dd", {}, prose(m.breaks)),
      h("dt", {}, "Workaround"),
      h("dd", {}, prose(m.workaround)),
    ),
  );
}

/**
 * The Explain view for `explanation`; `compact` (the embedded element) leaves out the cards of the
 * other egress modes and the ingress and security details.
 */
export function explainView(explanation, { compact = false } = {}) {
  const { egress, ingress, security, phases } = explanation;
  const reachable = [...egress.names, ...egress.ranges];
  const egressSection = h(
    "section",
    { class: "k7-explain-egress" },
    h("h3", {}, "Egress after lockdown"),
    h(
      "p",
      { class: "k7-chips" },
      chip(EGRESS_WORDS[egress.mode] ?? egress.mode, toneOfEgress(egress.mode)),
      chip(
        DNS_WORDS[egress.dns] ?? egress.dns,
        egress.dns === "allowed"
          ? egress.mode === "open"
            ? "danger"
            : "warn"
          : egress.dns === "blocked"
            ? "safe"
            : "mixed",
      ),
    ),
    h("p", { class: "k7-summary" }, prose(egress.summary)),
    reachable.length
      ? h(
          "p",
          { class: "k7-reachable" },
          "Reachable: ",
          reachable.slice(0, MAX_REACHABLE).flatMap((x, i) => [i ? ", " : "", h("code", {}, x)]),
          reachable.length > MAX_REACHABLE ? ` and ${reachable.length - MAX_REACHABLE} more` : null,
        )
      : null,
    compact ? null : list(egress.details),
    compact
      ? null
      : h(
          "div",
          { class: "k7-modes", role: "group", "aria-label": "The four egress modes" },
          EGRESS_MODES.map((m) => modeCard(m, egress.mode)),
        ),
  );
  const ingressSection = h(
    "section",
    { class: "k7-explain-ingress" },
    h("h3", {}, "Who can connect (ingress)"),
    h("p", { class: "k7-summary" }, prose(ingress.summary)),
    compact ? null : list(ingress.details),
  );
  const securitySection = h(
    "section",
    { class: "k7-explain-security" },
    h("h3", {}, "Pod Security Standards"),
    h(
      "p",
      { class: "k7-chips" },
      chip(
        LEVEL_WORDS[security.level] ?? security.level,
        security.level === "restricted" ? "safe" : security.level === "baseline" ? "warn" : "danger",
      ),
    ),
    h("p", { class: "k7-summary" }, prose(security.summary)),
    list(security.details),
  );
  const phaseSection = h(
    "section",
    { class: "k7-explain-phases" },
    h("h3", {}, "Phases"),
    h(
      "ol",
      { class: "k7-phases" },
      phases.map((p) =>
        h(
          "li",
          { class: `k7-phase k7-phase-${p.egress === "open" ? "open" : "locked"}` },
          h("span", { class: "k7-phase-name" }, p.name),
          chip(
            p.egress === "open"
              ? "egress open"
              : p.egress === "blocked"
                ? "egress blocked"
                : p.egress === "cidr-only"
                  ? "listed ranges"
                  : p.egress === "fqdn"
                    ? "listed names"
                    : p.egress,
            toneOfEgress(p.egress),
          ),
          h("p", {}, prose(p.summary)),
        ),
      ),
    ),
  );
  return compact
    ? [egressSection, phaseSection, securitySection]
    : [egressSection, ingressSection, securitySection, phaseSection];
}
