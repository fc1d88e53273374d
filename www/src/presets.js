// The presets of the page. The first is the K7 documentation's example (the fixture
// tests/fixtures/valid--k7-example.yaml without its `# expect` line); the editor test checks that
// each renders without an error, and the first matches the fixture.

export const PRESETS = [
  {
    id: "k7-example",
    label: "K7 example",
    spec: `name: demo
image: alpine:3.20
namespace: default
backend: k7d
limits:
  cpu: "1"
  memory: "1Gi"
before_script: |
  # egress is open while this runs, then locked down
  apk add curl
egress_whitelist: []
pod_non_root: true
container_non_root: true
`,
  },
  {
    id: "locked-down",
    label: "Locked-down non-root sandbox",
    spec: `# Runs untrusted code: no network after start, no root, every capability dropped.
# Bake the tools into the image: package managers need root.
name: agent-jail
image: ghcr.io/example/agent-tools:1.4
namespace: default
backend: k7d
limits:
  cpu: "1"
  memory: "512Mi"
  ephemeral-storage: "2Gi"
egress_whitelist: []
pod_non_root: true
container_non_root: true
`,
  },
  {
    id: "cidr-only",
    label: "CIDR-only egress",
    spec: `# Reaches only the internal network and one artifact server, by address: DNS is blocked.
name: build-runner
image: alpine:3.20
backend: k7d
limits:
  cpu: "2"
  memory: "2Gi"
before_script: |
  # egress is still open here: fetch what needs a name resolved
  wget -q -O /tmp/tool.tar.gz https://example.com/tool.tar.gz
  tar -xzf /tmp/tool.tar.gz -C /tmp
egress_whitelist:
  - 10.0.0.0/8
  - 192.0.2.10
`,
  },
  {
    id: "fqdn-cilium",
    label: "FQDN egress with Cilium",
    // DNS names in the whitelist need Cilium; the preset selects it.
    cni: "cilium",
    spec: `# Installs Python packages from PyPI only; needs the Cilium CNI for DNS names.
name: py-agent
image: python:3.12-alpine
backend: k7d
limits:
  cpu: "1"
  memory: "1Gi"
egress_whitelist:
  - pypi.org
  - files.pythonhosted.org
  - "*.githubusercontent.com"
pod_non_root: true
container_non_root: true
`,
  },
  {
    id: "exposed-service",
    label: "Exposed service",
    spec: `# Serves on port 8080 to the office network, through a NodePort Service.
name: preview-app
image: ghcr.io/example/preview-app:2.0
backend: k7d
limits:
  cpu: "500m"
  memory: "256Mi"
ingress_ports: [8080]
ingress_from:
  - cidr:203.0.113.0/24
  - sandbox:tester
expose_ports: [8080]
egress_whitelist: []
pod_non_root: true
container_non_root: true
`,
  },
];

export const DEFAULT_PRESET = PRESETS[0];
