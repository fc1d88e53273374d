// The Reach view: "Can it reach…?" (one connection, asked in a box, answered for each phase with
// its deciding rules) above the picture of the sandbox's connections (picture.js). Both come from
// the core with the rendering of each change while the view shows (`want()`), or on their own
// (`ask(want)`) when the view opens or the question changes; only the latest answer is shown.
// A rule's button shows it: a rule of the rendered objects in its object's preview (the Network
// policies, or the Service) and its spec entry in the editor (`onRule(rule)`), a rule of K7's platform policy (`manifest: null`,
// which no preview holds) right under it.
import { h, prose, replace, setText } from "./dom.js";
import { createPicture } from "./picture.js";
import { EMPTY_QUESTION, PHASES, asks, pointerLines, questionOf, readQuestion } from "./reach-query.js";
import { highlightLine } from "./viewer.js";

/** What the box offers to ask before anything is typed: [direction, text]. */
const EXAMPLES = [
  ["to", "pypi.org"],
  ["to", "https://pypi.org/simple"],
  ["to", "dns"],
  ["to", "metadata"],
  ["to", "api-server"],
  ["from", "sandbox:client"],
  ["from", "ip:203.0.113.9"],
  ["from", "exec"],
];

const PLACEHOLDER = {
  to: "pypi.org, https://pypi.org/simple, 10.0.0.5, dns, metadata, sandbox:NAME",
  from: "sandbox:NAME, namespace:NS, ip:203.0.113.9, node, kube-system, exec",
};

const TONES = { allowed: "safe", denied: "danger", depends: "warn" };

/** The core's message for a query it cannot read, without the `k7-spec: ` every error starts with. */
const plain = (message) => String(message).replace(/^k7-spec: /, "");

/**
 * The Reach view in `parent`; `box` false leaves the question box out (the picture alone).
 * - ask(want) → a promise of the core's connectivity for the current text: `{ connections?,
 *   answer? }` for `want` = `{ connections: boolean, query: ReachQuery | null }`;
 * - platform() → a promise of K7's platform policy as YAML;
 * - onRule(rule): a rule of the rendered objects was clicked; onChange(): the state changed.
 */
export function createReach({ parent, box = true, idPrefix, ask, platform, onRule, onChange }) {
  let question = { ...EMPTY_QUESTION };
  let phase = "locked";
  let visible = false;
  let outdated = true; // the connections drawn are not the latest text's
  let specOk = true;
  let connections = null; // the latest `connections(...)` of a spec without errors
  let answer = null; // the latest answer: reach(...) without its diagnostics, or { error }
  let seq = 0; // the number of the latest request
  let answered = 0; // that of the answer shown
  let drawn = {}; // what the picture shows: it is drawn again only when that changes
  let suggested = ""; // the key of the box's suggestions

  const ui = {};
  if (box) {
    const name = `${idPrefix}-direction`;
    ui.directions = ["to", "from"].map((way) =>
      h("input", {
        type: "radio",
        name,
        id: `${name}-${way}`,
        value: way,
        onchange: () => edit({ direction: way }),
      }),
    );
    ui.text = h("input", {
      type: "text",
      id: `${idPrefix}-ask`,
      class: "k7-input k7-ask-text",
      autocomplete: "off",
      spellcheck: "false",
      "aria-describedby": `${idPrefix}-ask-help`,
      list: `${idPrefix}-ask-list`,
      oninput: () => edit({ text: ui.text.value }),
    });
    ui.port = h("input", {
      type: "text",
      id: `${idPrefix}-ask-port`,
      class: "k7-input k7-ask-port",
      inputmode: "numeric",
      autocomplete: "off",
      placeholder: "any",
      size: "5",
      oninput: () => edit({ port: ui.port.value }),
    });
    ui.udp = h("input", {
      type: "checkbox",
      id: `${idPrefix}-ask-udp`,
      onchange: () => edit({ udp: ui.udp.checked }),
    });
    // The connections of the picture, offered as the text is typed.
    ui.list = h("datalist", { id: `${idPrefix}-ask-list` });
    ui.answer = h("div", { class: "k7-answer" });
    // What a screen reader hears as the answer changes: one line, not the whole answer.
    ui.said = h("p", { class: "sr-only", "aria-live": "polite" });
    parent.append(
      h(
        "section",
        { class: "k7-ask", "aria-labelledby": `${idPrefix}-ask-title` },
        h("h3", { id: `${idPrefix}-ask-title` }, h("label", { for: `${idPrefix}-ask` }, "Can it reach…?")),
        h(
          "form",
          { class: "k7-ask-form", onsubmit: (e) => e.preventDefault() },
          h(
            "fieldset",
            { class: "k7-segmented" },
            h("legend", { class: "sr-only" }, "Direction"),
            h(
              "span",
              { class: "k7-options" },
              ui.directions.map((input) => [
                input,
                h("label", { for: input.id }, input.value === "to" ? "to" : "from"),
              ]),
            ),
          ),
          ui.text,
          h("label", { class: "k7-ask-port-label" }, "Port ", ui.port),
          h("label", { class: "k7-ask-port-label" }, ui.udp, "UDP"),
          ui.list,
        ),
        h(
          "p",
          { class: "k7-ask-help", id: `${idPrefix}-ask-help` },
          "A host, URL, IP, range or keyword the sandbox connects to; or, from, what connects to it. ",
          "Each phase is answered at once.",
        ),
        ui.answer,
        ui.said,
      ),
    );
  }
  const pictureHost = h("section", {
    class: "k7-reach-picture",
    "aria-labelledby": `${idPrefix}-pic-heading`,
  });
  parent.append(pictureHost);
  const picture = createPicture({
    parent: pictureHost,
    idPrefix,
    onPhase(value) {
      phase = value;
      draw();
      onChange?.();
    },
    onPick(connection) {
      picture.describe(connection, phase);
      if (!box) return;
      edit(questionOf(connection));
      ui.text.focus();
    },
  });

  /** The query of the box, null when empty or unreadable (its message shows in drawAnswer). */
  function query() {
    try {
      return readQuestion(question);
    } catch {
      return null;
    }
  }

  function edit(change) {
    question = { ...question, ...change };
    syncBox();
    onChange?.();
    const want = { connections: false, query: query(), seq: ++seq };
    if (!want.query) {
      answered = want.seq;
      answer = null;
      draw();
      return;
    }
    draw();
    request(want);
  }

  function request(want) {
    ask(want).then(
      (connectivity) => apply(connectivity, want),
      (error) => apply({ answer: { error: error.message } }, want),
    );
  }

  function apply(connectivity, want) {
    if (connectivity.connections) {
      specOk = connectivity.connections.ok;
      if (specOk) connections = connectivity.connections;
      outdated = false;
    }
    if (want.seq >= answered && want.query) {
      answered = want.seq;
      answer = connectivity.answer;
    }
    draw();
  }

  function syncBox() {
    if (!box) return;
    for (const input of ui.directions) input.checked = input.value === question.direction;
    if (ui.text.value !== question.text) ui.text.value = question.text;
    if (ui.port.value !== question.port) ui.port.value = question.port;
    ui.udp.checked = question.udp;
    ui.text.placeholder = PLACEHOLDER[question.direction];
  }

  function draw() {
    if (!visible) return;
    const start = performance.now();
    if (box) drawAnswer();
    const next = {
      connections,
      phase,
      selected: (box && connections?.connections.find((c) => asks(question, c))?.id) || null,
      message: connections
        ? ""
        : specOk
          ? "Working out the connections…"
          : "Fix the errors in the spec to see its connections.",
    };
    if (box) suggest();
    if (Object.keys(next).some((k) => next[k] !== drawn[k])) picture.update(connections, (drawn = next));
    // The bench's measure of the view's own share of a keystroke (www/test/bench.mjs).
    performance.measure("k7:reach-redraw", { start, end: performance.now() });
  }

  /** The box's suggestions: the picture's connections that go the way the box asks. */
  function suggest() {
    const way = question.direction === "from" ? "ingress" : "egress";
    const offered = (connections?.connections ?? []).filter((c) => c.direction === way);
    const key = JSON.stringify(offered.map((c) => [c.query, c.label]));
    if (key === suggested) return;
    suggested = key;
    replace(
      ui.list,
      offered.map((c) => h("option", { value: c.query }, c.label)),
    );
  }

  function drawAnswer() {
    let error = null;
    try {
      if (readQuestion(question) === null) {
        if (!ui.answer.querySelector(".k7-ask-examples")) replace(ui.answer, examples());
        setText(ui.said, "");
        return;
      }
    } catch (e) {
      error = e.message;
    }
    error ??= answer?.error ? plain(answer.error) : null;
    if (error) {
      replace(ui.answer, h("p", { class: "k7-answer-error" }, prose(error)));
      setText(ui.said, error.replace(/`/g, ""));
      return;
    }
    if (!answer) return; // on its way
    if (!answer.ok) {
      const words = "Fix the errors in the spec to ask about a connection.";
      replace(ui.answer, h("p", { class: "k7-none" }, words));
      setText(ui.said, words);
      return;
    }
    const q = answer.query;
    const port = `${q.port === null ? "any port" : `port ${q.port}`}, ${q.protocol}`;
    replace(
      ui.answer,
      h(
        "p",
        { class: "k7-answer-query" },
        q.direction === "egress" ? "The sandbox → " : "",
        h("code", {}, q.peer),
        q.direction === "egress" ? "" : " → the sandbox",
        `, ${port}`,
      ),
      h(
        "ol",
        { class: "k7-answer-phases" },
        answer.phases.map((p) => phaseAnswer(p)),
      ),
    );
    const verdicts = answer.phases.map(
      (p) => `${p.verdict} ${PHASES.find((x) => x.phase === p.phase).when.toLowerCase()}`,
    );
    setText(ui.said, `${q.text}: ${verdicts.join(", ")}.`);
  }

  function phaseAnswer(p) {
    const when = PHASES.find((x) => x.phase === p.phase);
    return h(
      "li",
      { class: "k7-answer-phase", "data-phase": p.phase, "data-verdict": p.verdict },
      h(
        "p",
        { class: "k7-answer-head" },
        h("span", { class: "k7-answer-when" }, when.label),
        h("span", { class: `k7-chip k7-chip-${TONES[p.verdict]}` }, p.verdict),
      ),
      h(
        "div",
        { class: "k7-answer-body" },
        h("p", { class: "k7-answer-summary" }, prose(p.summary)),
        p.dependsOn
          ? h("p", { class: "k7-answer-depends" }, h("strong", {}, "Depends on: "), prose(p.dependsOn))
          : null,
        p.allowIf
          ? h("p", { class: "k7-answer-allow" }, h("strong", {}, "Allowed if: "), prose(p.allowIf))
          : null,
        p.rules.length
          ? h("ul", { class: "k7-rules", "aria-label": "Deciding rules" }, p.rules.map(ruleItem))
          : null,
      ),
    );
  }

  function ruleItem(rule) {
    const platformRule = rule.manifest === null;
    const item = h("li", { class: "k7-rule" });
    const button = h(
      "button",
      {
        type: "button",
        class: "k7-link k7-rule-button",
        "data-manifest": platformRule ? "platform" : String(rule.manifest),
        "data-pointer": rule.pointer,
        "aria-label": platformRule
          ? `Show the rule ${rule.pointer} of K7's platform policy`
          : `Show ${rule.object} ${rule.pointer} in the preview${rule.spec ? " and its spec entry" : ""}`,
        onclick: () => (platformRule ? togglePlatform(item, rule) : onRule(rule)),
      },
      h("span", { class: "k7-rule-object" }, rule.object),
      " ",
      h("code", {}, rule.pointer),
    );
    item.append(
      button,
      h("span", { class: "k7-rule-sentence" }, prose(rule.sentence)),
      rule.spec
        ? h(
            "span",
            { class: "k7-rule-spec" },
            "From ",
            h("code", {}, rule.spec.path),
            rule.spec.span ? `, line ${rule.spec.span.start.line}` : "",
            ".",
          )
        : null,
    );
    return item;
  }

  /** Shows (or hides) K7's platform policy under `item`, the lines of `rule` marked. */
  async function togglePlatform(item, rule) {
    const open = item.querySelector(".k7-platform");
    if (open) {
      open.remove();
      return;
    }
    const yaml = await platform();
    const range = pointerLines(yaml, rule.pointer);
    const lines = yaml.replace(/\n$/, "").split("\n");
    const pre = h(
      "pre",
      {
        class: "k7-yaml k7-platform",
        tabindex: "0",
        role: "region",
        "aria-label": "K7's platform policy, k7-sandbox-platform-deny (installed with Cilium)",
      },
      lines.map((line, i) =>
        h(
          "div",
          { class: range && i >= range.from && i < range.to ? "l k7-mark" : "l" },
          highlightLine(line),
        ),
      ),
    );
    item.append(pre);
  }

  function examples() {
    return h(
      "p",
      { class: "k7-ask-examples" },
      "Try: ",
      EXAMPLES.map(([direction, text], i) => [
        i ? " " : "",
        h(
          "button",
          { type: "button", class: "k7-link", onclick: () => edit({ direction, text, port: "" }) },
          direction === "from" ? `from ${text}` : text,
        ),
      ]),
    );
  }

  syncBox();
  return {
    /** What to ask with the rendering of a change: null while the view is hidden. */
    want: () => (visible ? { connections: true, query: query(), seq: ++seq } : null),
    /** A rendering arrived, with the connectivity `want()` asked for (or none, while hidden). */
    rendered(rendering, extra) {
      if (extra) apply(extra.connectivity, extra.want);
      else {
        outdated = true;
        specOk = rendering.ok;
      }
    },
    /** The view shows (true) or hides; it catches up with the text as it shows. */
    setVisible(value) {
      if (visible === value && !outdated) return;
      visible = value;
      if (!visible) return;
      if (outdated) request({ connections: true, query: query(), seq: ++seq });
      draw();
    },
    /** What the share link and autosave keep: the phase drawn and the question asked. */
    get state() {
      return { phase, ...question };
    },
    set state(value) {
      if (PHASES.some((p) => p.phase === value?.phase)) phase = value.phase;
      if (box && value) {
        question = {
          direction: value.direction === "from" ? "from" : "to",
          text: typeof value.text === "string" ? value.text : "",
          port: typeof value.port === "string" ? value.port : "",
          udp: value.udp === true,
        };
        syncBox();
      }
      outdated = true;
    },
  };
}
