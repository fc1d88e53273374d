// The editor page. Text flows one way: the editor's text and the options → one `render` →
// diagnostics on the editor and in the problem list, the YAML previews, the Explain view.
import "./styles/theme.css";
import "./styles/panels.css";
import "./styles/app.css";

import init, * as k7 from "k7-spec";

import { h, replace } from "./dom.js";
import { createSpecEditor } from "./editor.js";
import { explainView } from "./explain.js";
import { APPLY_LINE, DOWNLOAD_NAME, previewGroups } from "./preview.js";
import { DEFAULT_PRESET, PRESETS } from "./presets.js";
import { countWords, problemList } from "./problems.js";
import { decodeState, encodeState } from "./share.js";
import { autosaver, loadSaved } from "./store.js";
import { createViewer } from "./viewer.js";

const $ = (id) => document.getElementById(id);

const ui = {
  preset: $("preset"),
  share: $("share"),
  saveStatus: $("save-status"),
  problems: $("problems"),
  problemCount: $("problem-count"),
  output: $("output"),
  status: $("render-status"),
  explain: $("explain"),
  panelExplain: $("panel-explain"),
  panelYaml: $("panel-yaml"),
  yamlObjects: $("yaml-objects"),
  copyYaml: $("copy-yaml"),
  downloadYaml: $("download-yaml"),
  copyApply: $("copy-apply"),
  tabs: [...document.querySelectorAll('[role="tab"]')],
  dialog: $("share-dialog"),
  shareUrl: $("share-url"),
  shareNote: $("share-note"),
  shareCopy: $("share-copy"),
  shareClose: $("share-close"),
};

const options = { cni: "cilium", workload: "pod" };
let tab = "explain";
let shown = null; // the latest rendering without errors: what the previews show
let dirty = true; // the visible panel has not caught up with `shown`

/** Sets `el`'s text only when it changes, so live regions announce changes, not keystrokes. */
function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

function radios(name) {
  return [...document.querySelectorAll(`input[name="${name}"]`)];
}

function setOptions({ cni, workload }) {
  if (cni === "cilium" || cni === "flannel") options.cni = cni;
  if (workload === "pod" || workload === "deployment") options.workload = workload;
  for (const r of radios("cni")) r.checked = r.value === options.cni;
  for (const r of radios("workload")) r.checked = r.value === options.workload;
  $("tab-workload").textContent = options.workload === "deployment" ? "Deployment" : "Pod";
}

// ---- previews ----------------------------------------------------------------------------

let viewer;

function selectTab(name, { focus = false } = {}) {
  tab = name;
  for (const t of ui.tabs) {
    const on = t.dataset.tab === name;
    t.setAttribute("aria-selected", String(on));
    t.tabIndex = on ? 0 : -1;
    if (on && focus) t.focus();
  }
  ui.panelExplain.hidden = name !== "explain";
  ui.panelYaml.hidden = name === "explain";
  ui.panelYaml.setAttribute("aria-labelledby", `tab-${name === "explain" ? "workload" : name}`);
  dirty = true;
  showPanel({ reset: true });
  updateActions();
  save.schedule();
}

function currentYaml() {
  if (!shown) return "";
  const groups = previewGroups(shown);
  return tab === "all" ? groups.all : (groups[tab]?.yaml ?? "");
}

/** Brings the visible panel up to date with `shown`; the hidden ones wait until they are shown. */
function showPanel({ reset = false } = {}) {
  if (!dirty) return;
  dirty = false;
  if (tab === "explain") {
    if (shown?.explanation) replace(ui.explain, explainView(shown.explanation));
    else
      replace(ui.explain, h("p", { class: "k7-none" }, "Fix the errors in the spec to see what it means."));
    return;
  }
  if (!shown) {
    viewer.show("# Fix the errors in the spec to see the manifests.\n", { reset: true });
    ui.yamlObjects.textContent = "";
    return;
  }
  const groups = previewGroups(shown);
  const group = tab === "all" ? null : groups[tab];
  const text = tab === "all" ? groups.all : group.yaml;
  if (text) viewer.show(text, { reset });
  else
    viewer.show(
      tab === "other"
        ? "# No other objects: this spec needs no Service, volume claim or Secret.\n"
        : "# Nothing here.\n",
      { reset },
    );
  const objects = group ? group.objects : shown.manifests.map((m) => `${m.kind} ${m.metadata?.name ?? ""}`);
  ui.yamlObjects.textContent = objects.length ? objects.join(", ") : "No objects";
  ui.yamlObjects.title = ui.yamlObjects.textContent;
}

function onRender(rendering) {
  const errors = rendering.diagnostics.filter((d) => d.severity === "error").length;
  replace(
    ui.problems,
    problemList(rendering.diagnostics, (offset) => editor.goTo(offset)),
  );
  setText(ui.problemCount, rendering.diagnostics.length ? `(${countWords(rendering.diagnostics)})` : "");
  if (rendering.ok) {
    shown = rendering;
    dirty = true;
    ui.output.classList.remove("stale");
    ui.status.dataset.state = "ok";
    setText(
      ui.status,
      `${rendering.manifests.length} objects for ${options.cni === "cilium" ? "Cilium" : "Flannel"}, as a ${options.workload === "deployment" ? "Deployment" : "Pod"}.`,
    );
  } else {
    ui.output.classList.add("stale");
    ui.status.dataset.state = "stale";
    setText(
      ui.status,
      `${errors} error${errors > 1 ? "s" : ""} in the spec: ${shown ? "the previews show the last spec without errors" : "fix them to see the manifests"}.`,
    );
  }
  showPanel();
  updateActions();
  save.schedule();
}

/** Copying or downloading the previews of an older text would mislead; empty tabs have nothing. */
function updateActions() {
  ui.copyYaml.disabled = ui.downloadYaml.disabled = ui.output.classList.contains("stale") || !currentYaml();
}

// ---- actions -----------------------------------------------------------------------------

async function copy(text, button) {
  const label = button.textContent;
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied";
  } catch {
    button.textContent = "Copy failed";
  }
  setTimeout(() => (button.textContent = label), 1500);
}

function download() {
  const url = URL.createObjectURL(new Blob([currentYaml()], { type: "application/yaml" }));
  const a = h("a", { href: url, download: DOWNLOAD_NAME });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

async function share() {
  const hash = await encodeState({ spec: editor.text, ...options });
  const url = location.origin + location.pathname + location.search + hash;
  ui.shareUrl.value = url;
  ui.dialog.showModal();
  ui.shareUrl.select();
  try {
    await navigator.clipboard.writeText(url);
    ui.shareNote.textContent =
      "Link copied. The spec and its options are in the link itself (compressed, after the #): no server keeps them.";
  } catch {
    ui.shareNote.textContent =
      "Copy the link below. The spec and its options are in the link itself (compressed, after the #): no server keeps them.";
  }
}

// ---- start -------------------------------------------------------------------------------

const save = autosaver(
  () => ({ spec: editor.text, ...options, tab }),
  (ok) => {
    const saved = ok ? "saved in this browser" : "not saved: this browser refuses local storage";
    setText(ui.saveStatus, origin ? `${origin}; ${saved}` : saved[0].toUpperCase() + saved.slice(1));
  },
);
let origin = ""; // where the text came from when the page opened
let editor;

async function start() {
  await init();

  let state = null;
  let note = "";
  if (location.hash) {
    try {
      state = await decodeState(location.hash);
      if (state) note = "Opened from a share link";
    } catch {
      note = "The share link is damaged; showing your last spec";
    }
    // The text now lives in the editor and is autosaved: a reload must not bring the link back
    // over later edits.
    history.replaceState(null, "", location.pathname + location.search);
  }
  const saved = loadSaved();
  state ??= saved;
  state ??= { spec: DEFAULT_PRESET.spec, cni: "cilium", workload: "pod" };
  setOptions(state);
  if (!state.tab && saved?.tab) state.tab = saved.tab;

  for (const p of PRESETS) ui.preset.append(h("option", { value: p.id }, p.label));

  viewer = createViewer({ parent: $("viewer"), label: "Manifests (read-only)" });

  const host = $("spec-editor");
  const shadow = host.attachShadow({ mode: "open" });
  editor = createSpecEditor({
    root: shadow,
    parent: shadow,
    doc: state.spec,
    k7,
    getOptions: () => ({ ...options }),
    onRender,
  });

  wire();
  if (["explain", "workload", "policies", "other", "all"].includes(state.tab)) selectTab(state.tab);
  editor.refresh();
  origin = note || (saved ? "Restored from this browser" : "");
  ui.saveStatus.textContent = origin || "Saved in this browser as you type";
  if (note) save.save();
  performance.mark("k7:interactive");
  document.body.dataset.ready = "true";
}

function wire() {
  document.querySelector(".skip").addEventListener("click", (e) => {
    e.preventDefault();
    editor.view.focus();
  });
  ui.preset.addEventListener("change", () => {
    const preset = PRESETS.find((p) => p.id === ui.preset.value);
    if (!preset) return;
    if (preset.cni) setOptions({ cni: preset.cni });
    editor.setText(preset.spec);
    origin = `Preset “${preset.label}” loaded (Ctrl+Z undoes)`;
  });
  for (const r of [...radios("cni"), ...radios("workload")]) {
    r.addEventListener("change", () => {
      setOptions({ [r.name]: r.value });
      editor.refresh();
    });
  }
  ui.tabs.forEach((t, i) => {
    t.addEventListener("click", () => selectTab(t.dataset.tab));
    t.addEventListener("keydown", (e) => {
      const n = ui.tabs.length;
      const to = { ArrowRight: (i + 1) % n, ArrowLeft: (i - 1 + n) % n, Home: 0, End: n - 1 }[e.key];
      if (to === undefined) return;
      e.preventDefault();
      selectTab(ui.tabs[to].dataset.tab, { focus: true });
    });
  });
  ui.copyYaml.addEventListener("click", () => copy(currentYaml(), ui.copyYaml));
  ui.downloadYaml.addEventListener("click", download);
  ui.copyApply.addEventListener("click", () => copy(APPLY_LINE, ui.copyApply));
  ui.share.addEventListener("click", () => share().catch((e) => console.error(e)));
  ui.shareCopy.addEventListener("click", () => copy(ui.shareUrl.value, ui.shareCopy));
  ui.shareClose.addEventListener("click", () => ui.dialog.close());
}

start().catch((error) => {
  ui.status.dataset.state = "stale";
  ui.status.textContent = `The editor could not start: ${error.message}`;
  console.error(error);
});
