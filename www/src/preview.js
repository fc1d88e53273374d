// The rendering cut into the preview tabs: the workload (Pod or Deployment), the network policies,
// the other objects (Service, claims, ConfigMaps, the env Secret), and the whole stream. The core's `yaml` is one document per manifest in apply
// order; a line that is exactly `---` can only be a document separator there (the emitter indents
// or quotes every string that could look like one).

export const DOWNLOAD_NAME = "k7-sandbox.yaml";
export const APPLY_LINE = `kubectl apply -f ${DOWNLOAD_NAME}`;

const WORKLOADS = new Set(["Pod", "Deployment"]);
const POLICIES = new Set(["NetworkPolicy", "CiliumNetworkPolicy"]);
/** The annotation on an object whose contents K7 fills at create time (its scripts, the env file). */
const SUPPLIED_BY_K7 = "k7-spec/supplied-by-k7";

/** How the previews name a manifest: `ConfigMap demo-persist-wrapper (contents supplied by K7)`. */
export function objectLabel(m) {
  const label = `${m.kind} ${m.metadata?.name ?? ""}`;
  return m.metadata?.annotations?.[SUPPLIED_BY_K7] ? `${label} (contents supplied by K7)` : label;
}

export function splitDocuments(yaml) {
  if (!yaml) return [];
  return yaml
    .split(/^---\n/m)
    .map((doc) => doc.replace(/\n*$/, "\n"))
    .filter((doc) => doc.trim() !== "");
}

/**
 * { workload, policies, other, all }: each part the YAML text of its objects (`yaml`), their names
 * (`objects`), the file its Download saves (`file`, never DOWNLOAD_NAME: a part alone must not
 * pass for the sandbox) and the line where each object starts (`lines`, by manifest index); `all`
 * the whole stream.
 */
export function previewGroups(rendering) {
  const docs = splitDocuments(rendering.yaml);
  const manifests = rendering.manifests ?? [];
  const groups = { workload: [], policies: [], other: [] };
  if (docs.length !== manifests.length) {
    // Never expected; show everything rather than a wrong cut.
    return {
      workload: group([], "workload"),
      policies: group([], "network-policies"),
      other: group([], "other-objects"),
      all: rendering.yaml,
    };
  }
  manifests.forEach((m, i) => {
    const item = { label: objectLabel(m), yaml: docs[i], manifest: i };
    if (WORKLOADS.has(m.kind)) groups.workload.push(item);
    else if (POLICIES.has(m.kind)) groups.policies.push(item);
    else groups.other.push(item);
  });
  const workload = manifests.find((m) => WORKLOADS.has(m.kind))?.kind.toLowerCase() ?? "workload";
  return {
    workload: group(groups.workload, workload),
    policies: group(groups.policies, "network-policies"),
    other: group(groups.other, "other-objects"),
    all: rendering.yaml,
  };
}

function group(items, part) {
  const lines = {};
  let line = 0;
  for (const item of items) {
    lines[item.manifest] = line;
    line += item.yaml.split("\n").length; // its lines and the `---` after it
  }
  return {
    yaml: items.map((i) => i.yaml).join("---\n"),
    objects: items.map((i) => i.label),
    file: DOWNLOAD_NAME.replace(/\.yaml$/, `.${part}.yaml`),
    lines,
  };
}
