// The editor page: its controls (presets, options, share links, autosave) around the controller
// (controller.js), which runs the editor, the problem list, the preview tabs and the status line.
import "./styles/theme.css";
import "./styles/panels.css";
import "./styles/app.css";
import "./styles/reach.css";
import "./styles/form.css";

import { copyText, createController, download } from "./controller.js";
import { h, setText } from "./dom.js";
import { APPLY_LINE } from "./preview.js";
import { DEFAULT_PRESET, PRESETS } from "./presets.js";
import { countWords } from "./problems.js";
import { decodeState, encodeState, LinkTooLarge, SPEC_LIMIT } from "./share.js";
import { autosaver, clearLoading, loadInterrupted, loadSaved, markLoading } from "./store.js";

const $ = (id) => document.getElementById(id);

const ui = {
  preset: $("preset"),
  share: $("share"),
  saveStatus: $("save-status"),
  problems: $("problems"),
  problemCount: $("problem-count"),
  status: $("render-status"),
  copyApply: $("copy-apply"),
  dialog: $("share-dialog"),
  shareUrl: $("share-url"),
  shareNote: $("share-note"),
  shareCopy: $("share-copy"),
  shareClose: $("share-close"),
  notice: $("notice"),
  noticeText: $("notice-text"),
  noticeAction: $("notice-action"),
};

const options = { cni: "cilium", workload: "pod" };

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

const controller = createController({
  tabs: [...document.querySelectorAll('[role="tab"]')],
  explain: $("explain"),
  security: $("security"),
  reach: { parent: $("reach"), idPrefix: "reach" },
  viewer: $("viewer"),
  objects: $("yaml-objects"),
  problems: ui.problems,
  status: ui.status,
  describe: (rendering, { errors, shown }) =>
    rendering.ok
      ? `${rendering.manifests.length} objects for ${options.cni === "cilium" ? "Cilium" : "Flannel"}, as a ${options.workload === "deployment" ? "Deployment" : "Pod"}.`
      : `${errors} in the spec: ${shown ? "the previews show the last spec without errors" : "fix them to see the manifests"}.`,
  stale: [$("output")],
  copy: $("copy-yaml"),
  download: $("download-yaml"),
  apply: $("apply"),
  onTab: () => editor && save.schedule(), // nothing to save before the editor starts
  onChange: () => save.schedule(),
  onRender: (rendering) => {
    setText(ui.problemCount, countWords(rendering.counts) ? `(${countWords(rendering.counts)})` : "");
    save.schedule();
  },
});

// ---- actions -----------------------------------------------------------------------------

async function share() {
  const hash = await encodeState({ spec: editor.text, ...options, reach: controller.reachState });
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

/** Shows `text` above the editor, with a button labelled `action` that runs `run`. */
function notify(text, action, run) {
  ui.noticeText.textContent = text;
  ui.noticeAction.textContent = action;
  ui.noticeAction.onclick = run;
  ui.notice.hidden = false;
}

/** Resolves once the current text's rendering is shown and painted. */
const shown = () =>
  editor.settled().then(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));

/** Renders again a spec opened without rendering, under the marker until it is shown. */
function resume() {
  ui.notice.hidden = true;
  markLoading();
  editor.resume();
  shown().then(clearLoading);
}

// ---- start -------------------------------------------------------------------------------

const save = autosaver(
  () => ({ spec: editor.text, ...options, tab: controller.tab, reach: controller.reachState }),
  (ok) => {
    const saved = ok ? "saved in this browser" : "not saved: this browser refuses local storage";
    setText(ui.saveStatus, origin ? `${origin}; ${saved}` : saved[0].toUpperCase() + saved.slice(1));
  },
);
let origin = ""; // where the text came from when the page opened
let editor;

async function start() {
  let state = null;
  let note = "";
  let tooLarge = null; // the first bytes of a link that inflates past the limit
  if (location.hash) {
    try {
      state = await decodeState(location.hash);
      if (state) note = "Opened from a share link";
      // A link that asks about a connection opens on its answer.
      if (state?.reach?.text) state.tab = "reach";
    } catch (error) {
      if (error instanceof LinkTooLarge) {
        tooLarge = error.data;
        note = "The share link holds more than a spec may; showing your last spec";
      } else note = "The share link is damaged; showing your last spec";
    }
    // The text now lives in the editor and is autosaved: a reload must not bring the link back
    // over later edits.
    history.replaceState(null, "", location.pathname + location.search);
  }
  const saved = loadSaved();
  state ??= saved;
  // A spec restored from a link or from this browser, whose last load never finished, opens
  // without being rendered (store.js).
  const restored = state !== null;
  const paused = restored && loadInterrupted();
  state ??= { spec: DEFAULT_PRESET.spec, cni: "cilium", workload: "pod" };
  setOptions(state);
  if (!state.tab && saved?.tab) state.tab = saved.tab;
  controller.reachState = state.reach ?? saved?.reach;

  for (const p of PRESETS) ui.preset.append(h("option", { value: p.id }, p.label));

  controller.select(state.tab);
  const shadow = $("spec-editor").attachShadow({ mode: "open" });
  if (restored && !paused) markLoading();
  editor = await controller.mount({
    root: shadow,
    parent: shadow,
    doc: state.spec,
    paused,
    getOptions: () => ({ ...options }),
  });

  wire();
  origin = note || (saved ? "Restored from this browser" : "");
  ui.saveStatus.textContent = origin || "Saved in this browser as you type";
  if (note) save.save();
  if (tooLarge) {
    notify(
      `The share link inflates past ${tooLarge.length.toLocaleString("en")} bytes, more than a spec of ${SPEC_LIMIT / (1 << 20)} MiB can need: it was not opened.`,
      "Download its first bytes",
      () => {
        ui.notice.hidden = true;
        download(tooLarge, "k7-share-link.json", "application/octet-stream");
      },
    );
  }
  if (paused) {
    ui.status.dataset.state = "stale";
    ui.status.textContent = "Not rendered: the last time this spec opened, the page did not finish.";
    notify(
      "The last time this spec opened, the page stopped responding or was closed before it was shown, so it is not rendered now.",
      "Render it",
      resume,
    );
  } else {
    await editor.settled();
    if (restored) shown().then(clearLoading);
  }
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
    if (editor.paused) resume();
    origin = `Preset “${preset.label}” loaded (Ctrl+Z undoes)`;
  });
  for (const r of [...radios("cni"), ...radios("workload")]) {
    r.addEventListener("change", () => {
      setOptions({ [r.name]: r.value });
      editor.refresh();
    });
  }
  ui.copyApply.addEventListener("click", () => copyText(APPLY_LINE, ui.copyApply));
  ui.share.addEventListener("click", () => share().catch((e) => console.error(e)));
  ui.shareCopy.addEventListener("click", () => copyText(ui.shareUrl.value, ui.shareCopy));
  ui.shareClose.addEventListener("click", () => ui.dialog.close());
}

start().catch((error) => {
  ui.status.dataset.state = "stale";
  ui.status.textContent = `The editor could not start: ${error.message}`;
  console.error(error);
});
