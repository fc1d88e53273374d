// What the page and <k7-spec-editor> share around their spec editor: the preview tabs, the status
// line, the stale state, Copy and Download. Text flows one way: the editor's text and the options
// → one `render` → the diagnostics on the editor, the status line, then the visible tab. While the
// spec has an error the previews keep the last rendering without one, dimmed (the class `stale`),
// and Copy and Download are off: they would hand out the manifests of an older text. While a
// change is on its way through the core (core.js), Copy and Download wait for its rendering, so
// they never hand out an older one either. Download saves the whole stream as DOWNLOAD_NAME beside
// its `kubectl apply` line; a tab with a part saves it under the part's own name, without that
// line. Each surface builds its own DOM (the page's HTML, the element's shadow tree) and hands the
// parts over here. The Reach view (reach.js), when given, gets its connectivity with the rendering
// of each change while it shows: one call of the core per keystroke for both. The Security form
// (form.js), when given, is redrawn from each rendering's text while it shows, errors or not.
import { core } from "./core.js";
import { h, replace, setText } from "./dom.js";
import { createSpecEditor } from "./editor.js";
import { explainView } from "./explain.js";
import { createSecurityForm } from "./form.js";
import { PATHS } from "./form-read.js";
import { DOWNLOAD_NAME, objectLabel, previewGroups, splitDocuments } from "./preview.js";
import { problemList } from "./problems.js";
import { createReach } from "./reach.js";
import { markSpan } from "./reach-mark.js";
import { pointerLines } from "./reach-query.js";
import { createViewer } from "./viewer.js";

/** How long a rendering may take before the status line says it is on its way (ms). */
const BUSY_AFTER = 300;

// What each tab shows, by its `data-tab`: the page's tabs, then the element's (whose YAML tab is
// the whole stream).
const CONTENT = {
  explain: "explain",
  workload: "workload",
  policies: "policies",
  other: "other",
  all: "all",
  yaml: "all",
  problems: "problems",
  reach: "reach",
  security: "security",
};

/**
 * Wires `parts` together; `mount` then starts the editor.
 * - tabs: the tab buttons (`role="tab"`, `data-tab`, `aria-controls` naming their tabpanel), in
 *   order; views (optional): `{ [tab]: element }`, what shows while that tab is selected, when
 *   that is not its whole tabpanel (tabs may share one tabpanel);
 * - explain: where the Explain view goes, `compact` for the short one (explainView);
 * - reach (optional): where the Reach view goes (reach.js), `{ parent, box, idPrefix }`; the
 *   views' shareable state is `reachState`, handed over by `onChange`;
 * - security (optional): where the Security form goes (form.js);
 * - viewer: where the YAML viewer goes; objects (optional): the line naming the tab's objects;
 * - problems: where the problem list goes (kept up to date on every render when no tab shows it);
 * - status: the status line, a live region; describe(rendering, { errors, shown }) its text, with
 *   `errors` in words ("2 errors") and `shown` the rendering the previews show;
 * - stale: the elements that take the class `stale` while the spec has an error;
 * - copy, download (optional): the buttons that copy or download the visible YAML; apply
 *   (optional): the `kubectl apply` line, shown only beside the whole stream;
 * - onTab(tab), onRender(rendering) (optional): after a tab is selected, after every render;
 *   onChange() (optional): after every change of the text.
 */
export function createController(parts) {
  const viewer = createViewer({ parent: parts.viewer, label: "Manifests (read-only)" });
  const problemsTab = parts.tabs.some((t) => CONTENT[t.dataset.tab] === "problems");
  let editor = null;
  let tab = null;
  let latest = null; // the latest rendering
  let shown = null; // the latest rendering without errors: what the previews show
  let groups = null; // `shown` cut into the YAML tabs, when asked for
  let dirty = true; // the visible tab has not caught up
  // What came with a rendering for the view that showed when it was asked for: `{ reach, values }`,
  // the Reach view's connectivity (`{ connectivity, want }`) and the Security form's values.
  const extras = new WeakMap();

  const panelOf = (t) => t.getRootNode().getElementById(t.getAttribute("aria-controls"));
  const viewOf = (t) => parts.views?.[t.dataset.tab] ?? panelOf(t);
  const cut = () => (groups ??= previewGroups(shown));
  const content = () => CONTENT[tab];

  let renderOptions = () => ({}); // the editor's RenderOptions, once mounted
  const reach =
    parts.reach &&
    createReach({
      ...parts.reach,
      // Nothing goes to the core before the editor starts, nor of a spec opened unrendered (paused)
      // before it is resumed.
      ask: (want) =>
        !editor || editor.paused
          ? Promise.resolve({})
          : core.connectivity(editor.text, renderOptions(), want),
      platform: () => core.platform(),
      onRule: showRule,
      onChange: parts.onChange,
    });
  const form =
    parts.security &&
    createSecurityForm({
      parent: parts.security,
      view: () => editor.view,
      edit: core.edit,
      read: core.readValues,
    });

  /**
   * `core` as the editor calls it: with each rendering, in the same call, the Reach view's
   * connectivity while it shows, and the Security form's values while it shows.
   */
  const editorCore = {
    schema: core.schema,
    fix: core.fix,
    async render(text, opts) {
      const want = reach?.want() ?? null;
      const values = form && content() === "security" ? PATHS : null;
      if (!want && !values) return core.render(text, opts);
      const result = await core.renderWith(text, opts, { ...want, values });
      extras.set(result.rendering, {
        reach: want && { connectivity: result.connectivity, want },
        values: result.values,
      });
      return result.rendering;
    },
  };

  /**
   * Shows a deciding rule: its lines in the preview of its object (the Network policies, or the
   * Service among the other objects), its spec entry in the editor.
   */
  function showRule(rule) {
    const span = rule.spec?.span;
    if (span) markSpan(editor.view, span.start.offset, span.end.offset);
    const part = shown && ["policies", "other", "workload"].find((p) => rule.manifest in cut()[p].lines);
    if (!part) return;
    select(part);
    const range = pointerLines(splitDocuments(shown.yaml)[rule.manifest], rule.pointer);
    const first = cut()[part].lines[rule.manifest];
    viewer.mark(first + (range?.from ?? 0), first + (range?.to ?? 1));
  }

  /** The YAML of the visible tab, "" where it has none. */
  function currentYaml() {
    const c = content();
    if (!shown || ["explain", "problems", "reach", "security"].includes(c)) return "";
    return c === "all" ? cut().all : cut()[c].yaml;
  }

  /** The file the visible tab's Download saves: the whole stream's, or its part's. */
  const fileName = () => (shown && cut()[content()]?.file) || DOWNLOAD_NAME;

  // What the problem list and the Explain view show, as JSON: a keystroke that leaves them as they
  // were (most do) rebuilds neither. The list's key is its words and places (line and column), not
  // its offsets: typing above a problem moves it, and the list's buttons act on the diagnostic of
  // the latest rendering in the same place of the list.
  let problemsDrawn = null;
  let explainDrawn = null;
  let listed = []; // the diagnostics the problem list was built from

  /** The latest rendering's diagnostic where the problem list shows `d`. */
  const current = (d) => latest.diagnostics[listed.indexOf(d)] ?? d;

  function drawProblems() {
    const readOnly = editor.view.state.readOnly;
    const words = latest.diagnostics.map(({ span, fixes, ...d }) => [
      d,
      span && [span.start.line, span.start.column],
      fixes?.map((f) => [f.title, f.applicability]),
    ]);
    const key = JSON.stringify([words, latest.counts, readOnly]);
    if (key === problemsDrawn) return;
    problemsDrawn = key;
    listed = latest.diagnostics;
    const fixes = readOnly
      ? null
      : {
          apply: (fix, d) => editor.applyFix(current(d).fixes[d.fixes.indexOf(fix)]),
          all: () => editor.fixAll(),
        };
    const goTo = (d) => editor.goTo(current(d).span?.start.offset ?? 0);
    replace(parts.problems, problemList(latest.diagnostics, latest.counts, goTo, fixes));
  }

  function drawExplain() {
    const explanation = shown?.explanation;
    const key = JSON.stringify(explanation ?? null);
    if (key === explainDrawn) return;
    explainDrawn = key;
    replace(
      parts.explain,
      explanation
        ? explainView(explanation, { compact: parts.compact })
        : h("p", { class: "k7-none" }, "Fix the errors in the spec to see what it means."),
    );
  }

  /** Brings the visible tab up to date; the hidden ones wait until they are shown. */
  function draw({ reset = false } = {}) {
    if (!dirty || !latest) return;
    dirty = false;
    const c = content();
    if (c === "problems") drawProblems();
    else if (c === "security") form.update(editor.view.state, latest, extras.get(latest)?.values);
    else if (c === "reach") reach.setVisible(true);
    else if (c === "explain") drawExplain();
    else if (!shown) {
      viewer.show("# Fix the errors in the spec to see the manifests.\n", { reset: true });
      if (parts.objects) parts.objects.textContent = "";
    } else {
      const group = c === "all" ? null : cut()[c];
      const text = currentYaml();
      if (text) viewer.show(text, { reset });
      else
        viewer.show(
          c === "other"
            ? "# No other objects: this spec needs no Service, volume claim, ConfigMap or Secret.\n"
            : "# Nothing here.\n",
          { reset },
        );
      if (parts.objects) {
        const objects = group ? group.objects : shown.manifests.map(objectLabel);
        parts.objects.textContent = objects.length ? objects.join(", ") : "No objects";
        parts.objects.title = parts.objects.textContent;
      }
    }
  }

  /** Copying or downloading the previews of an older text would mislead; empty tabs have nothing. */
  function updateActions() {
    const off = !latest?.ok || !currentYaml();
    for (const button of [parts.copy, parts.download]) if (button) button.disabled = off;
    if (parts.download) setText(parts.download, `Download ${fileName()}`);
    if (parts.apply) parts.apply.hidden = content() !== "all" || !shown;
  }

  /** The visible YAML and its file name, once the current text's rendering is in; null if none. */
  async function currentOutput() {
    await editor.settled();
    updateActions();
    return editor.fresh && latest.ok && currentYaml() ? { text: currentYaml(), name: fileName() } : null;
  }

  function select(name, { focus = false } = {}) {
    const chosen = parts.tabs.find((t) => t.dataset.tab === name) ?? parts.tabs[0];
    tab = chosen.dataset.tab;
    for (const t of parts.tabs) {
      const on = t === chosen;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
    }
    if (focus) chosen.focus();
    reach?.setVisible(false);
    panelOf(chosen).setAttribute("aria-labelledby", chosen.id);
    for (const view of new Set(parts.tabs.map(viewOf))) view.hidden = view !== viewOf(chosen);
    dirty = true;
    draw({ reset: true });
    updateActions();
    parts.onTab?.(tab);
  }

  // A rendering that takes the core a while (a large spec): the status line says so, as the
  // previews still show an older text's.
  let busyTimer = null;
  function onBusy(busy) {
    if (busy)
      busyTimer ??= setTimeout(() => {
        parts.status.dataset.state = "busy";
        setText(parts.status, "Rendering the latest change…");
      }, BUSY_AFTER);
    else {
      clearTimeout(busyTimer);
      busyTimer = null;
    }
  }

  function render(rendering) {
    latest = rendering;
    if (rendering.ok) {
      shown = rendering;
      groups = null;
    }
    if (rendering.ok || content() === "problems" || content() === "security") dirty = true;
    if (!problemsTab) drawProblems();
    reach?.rendered(rendering, extras.get(rendering)?.reach);
    const errors = rendering.counts.error;
    parts.status.dataset.state = rendering.ok ? "ok" : "stale";
    setText(
      parts.status,
      parts.describe(rendering, { errors: `${errors} error${errors > 1 ? "s" : ""}`, shown }),
    );
    for (const el of parts.stale) el.classList.toggle("stale", !rendering.ok);
    draw();
    updateActions();
    parts.onRender?.(rendering);
  }

  parts.tabs.forEach((t, i) => {
    t.addEventListener("click", () => select(t.dataset.tab));
    t.addEventListener("keydown", (e) => {
      const n = parts.tabs.length;
      const to = { ArrowRight: (i + 1) % n, ArrowLeft: (i - 1 + n) % n, Home: 0, End: n - 1 }[e.key];
      if (to === undefined) return;
      e.preventDefault();
      select(parts.tabs[to].dataset.tab, { focus: true });
    });
  });
  parts.copy.addEventListener("click", async () => {
    const output = await currentOutput();
    if (output) copyText(output.text, parts.copy);
  });
  parts.download?.addEventListener("click", async () => {
    const output = await currentOutput();
    if (output) download(output.text, output.name);
  });

  return {
    select,
    get tab() {
      return tab;
    },
    /** The latest rendering, null before the first. */
    get rendering() {
      return latest;
    },
    /** The Reach view's phase and question, for share links and autosave (null without it). */
    get reachState() {
      return reach ? reach.state : null;
    },
    set reachState(value) {
      if (reach && value) reach.state = value;
    },
    /**
     * Mounts the spec editor (createSpecEditor's options, but the core and its callbacks) once the
     * core has started, starts rendering its text (unless `paused`), and returns it.
     */
    async mount(options) {
      await core.schema();
      renderOptions = options.getOptions;
      editor = createSpecEditor({
        ...options,
        core: editorCore,
        onRender: render,
        onError: (error) => {
          parts.status.dataset.state = "stale";
          setText(parts.status, `The k7-spec module failed: ${error.message}`);
          console.error(error);
        },
        onChange: parts.onChange,
        onBusy,
      });
      return editor;
    },
  };
}

const labels = new WeakMap(); // a copy button's own label, while it says "Copied"

/** Copies `text`, and says on `button` whether it worked. */
export async function copyText(text, button) {
  if (!labels.has(button)) labels.set(button, button.textContent);
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied";
  } catch {
    button.textContent = "Copy failed";
  }
  setTimeout(() => (button.textContent = labels.get(button)), 1500);
}

/** Saves `data` (text or bytes) as the file `name`. */
export function download(data, name, type = "application/yaml") {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = h("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
