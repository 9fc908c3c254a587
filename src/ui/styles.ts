// The page's stylesheet (served as /assets/app.css). System fonts only: the page loads nothing external.
// Colours meet WCAG AA contrast in both schemes; a check's state is also given in words, never colour alone.

/**
 * The CSS of `/assets/app.css`.
 *
 * @example
 * res.end(STYLES);
 */
export const STYLES = `
:root {
  --bg: #f4f6fa; --card: #ffffff; --text: #1a1f2b; --muted: #4f5868; --line: #d7dce5;
  --accent: #2457c5; --accent-text: #ffffff; --accent-soft: #e7eefc;
  --ok: #0b6b35; --ok-soft: #e3f4ea; --fail: #b3261e; --fail-soft: #fbe9e7; --warn: #8a5300; --warn-soft: #fff4e0;
  --code-bg: #f0f2f6; --focus: #f0a000;
  --radius: 10px; --shadow: 0 1px 2px rgba(20, 30, 50, .06), 0 2px 8px rgba(20, 30, 50, .05);
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1420; --card: #171d2b; --text: #e6e9ef; --muted: #a5adbd; --line: #2c3446;
    --accent: #7aa2ff; --accent-text: #0b1020; --accent-soft: #1f2a44;
    --ok: #5fd08f; --ok-soft: #11291d; --fail: #ff8a80; --fail-soft: #331614; --warn: #ffc56b; --warn-soft: #2e2210;
    --code-bg: #10151f; --shadow: none;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
}
a { color: var(--accent); }
code, pre, .mono { font-family: var(--mono); font-size: 13px; }
h2 { font-size: 1.05rem; margin: 0 0 .6rem; }
h3 { font-size: .98rem; margin: 0; overflow-wrap: anywhere; }
h2, .verdict p { overflow-wrap: anywhere; }
p { margin: .3rem 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip { position: absolute; left: -999px; top: 0; background: var(--card); padding: .5rem 1rem; z-index: 10; }
.skip:focus { left: 1rem; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }

.top {
  display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .5rem 1.5rem;
  padding: .7rem clamp(.8rem, 3vw, 2rem); background: var(--card); border-bottom: 1px solid var(--line);
  position: sticky; top: 0; z-index: 5;
}
.brand { font-weight: 700; font-size: 1.15rem; display: flex; align-items: baseline; gap: .45rem; flex-wrap: wrap; }
.logo { color: var(--accent); }
.tagline { font-weight: 400; font-size: .85rem; color: var(--muted); }
.tabs { display: flex; gap: .25rem; overflow-x: auto; }
.tabs [role="tab"] {
  border: 0; background: none; color: var(--muted); font: inherit; font-weight: 600; padding: .45rem .8rem;
  border-radius: 8px; cursor: pointer; white-space: nowrap;
}
.tabs [role="tab"][aria-selected="true"] { background: var(--accent-soft); color: var(--accent); }
.tabs [role="tab"]:hover { color: var(--text); }

main { padding: clamp(.8rem, 3vw, 1.6rem) clamp(.6rem, 3vw, 2rem); max-width: 1400px; margin: 0 auto; outline: none; }
.layout { display: grid; gap: 1rem; grid-template-columns: minmax(0, 1fr); }
@media (min-width: 980px) { .layout { grid-template-columns: minmax(0, 5fr) minmax(0, 7fr); align-items: start; } }
.layout.narrow { max-width: 860px; margin: 0 auto; grid-template-columns: minmax(0, 1fr); }
.stack { display: grid; gap: 1rem; min-width: 0; }
.card {
  background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); box-shadow: var(--shadow);
  padding: 1rem 1.1rem; min-width: 0;
}
.card.empty { color: var(--muted); }
.hint { color: var(--muted); font-size: .85rem; }
.field { display: grid; gap: .25rem; margin: 0 0 .75rem; min-width: 0; }
.field.inline { display: flex; align-items: center; gap: .5rem; margin: 0; }
fieldset.field { border: 0; padding: 0; }
legend { font-weight: 600; font-size: .9rem; padding: 0; margin-bottom: .25rem; }
label { font-weight: 600; font-size: .9rem; }
label.check { font-weight: 400; display: inline-flex; align-items: center; gap: .4rem; margin: 0 .9rem .4rem 0; }
.checks { display: flex; flex-wrap: wrap; }
.row { display: grid; gap: 0 .8rem; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); }
.row.spread { display: flex; justify-content: space-between; align-items: center; flex-wrap: wrap; gap: .5rem; margin-bottom: .5rem; }
.row.spread h2 { margin: 0; }
input, select, textarea {
  font: inherit; color: var(--text); background: var(--bg); border: 1px solid var(--line); border-radius: 7px;
  padding: .45rem .6rem; width: 100%; min-width: 0;
}
input[type="checkbox"] { width: auto; accent-color: var(--accent); }
textarea { font-family: var(--mono); font-size: 13px; resize: vertical; }
input[aria-invalid="true"], textarea[aria-invalid="true"] { border-color: var(--fail); }
button {
  font: inherit; font-weight: 600; border-radius: 8px; padding: .5rem .95rem; cursor: pointer;
  border: 1px solid var(--line); background: var(--card); color: var(--text);
}
button:hover { border-color: var(--accent); }
button.primary { background: var(--accent); color: var(--accent-text); border-color: var(--accent); }
button.link { border: 0; padding: 0; background: none; color: var(--accent); font-weight: 600; text-decoration: underline; font-size: inherit; }
button[disabled] { opacity: .6; cursor: progress; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.chips { display: flex; flex-wrap: wrap; gap: .4rem; }
.chips button { font-size: .85rem; padding: .35rem .7rem; border-radius: 999px; font-weight: 500; }
.chips button[aria-pressed="true"] { background: var(--accent-soft); border-color: var(--accent); color: var(--accent); }
.chips button .dot { display: inline-block; width: .55rem; height: .55rem; border-radius: 50%; margin-right: .35rem; }
.dot { display: inline-block; width: .55rem; height: .55rem; border-radius: 50%; margin-right: .3rem; }
.dot.ok { background: var(--ok); } .dot.fail { background: var(--fail); }
.legend { white-space: nowrap; margin-left: .3rem; }
.legend .dot.fail { margin-left: .6rem; }
pre.code + .actions, #b-notes + pre.code { margin-top: .6rem; }
details.card > summary { cursor: pointer; list-style: none; display: flex; align-items: baseline; gap: .6rem; flex-wrap: wrap; }
details.card > summary::-webkit-details-marker { display: none; }
details.card > summary h2 { display: inline; margin: 0; }
details.card > summary h2::before { content: "▸ "; color: var(--muted); }
details.card[open] > summary h2::before { content: "▾ "; }
details.card[open] > summary { margin-bottom: .7rem; }
.problems { color: var(--fail); font-weight: 600; }

.verdicts { display: grid; gap: .8rem; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); }
.verdict { border-left: 5px solid var(--line); }
.verdict.ok { border-left-color: var(--ok); }
.verdict.fail { border-left-color: var(--fail); }
.verdict .label { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); font-weight: 700; }
.verdict .big { font-size: 1.35rem; font-weight: 750; margin: .1rem 0; }
.verdict.ok .big { color: var(--ok); } .verdict.fail .big { color: var(--fail); }
.banner { border-radius: var(--radius); padding: .75rem 1rem; font-weight: 600; border: 1px solid; }
.banner.agree { background: var(--ok-soft); color: var(--ok); border-color: var(--ok); }
.banner.disagree { background: var(--warn-soft); color: var(--warn); border-color: var(--warn); }
.banner p { font-weight: 400; color: var(--text); }
.error-card h3 { color: var(--fail); margin-bottom: .3rem; }
.message { background: var(--code-bg); border-radius: 7px; padding: .5rem .65rem; margin: .3rem 0 .6rem; overflow-wrap: anywhere; font-family: var(--mono); font-size: 12.5px; }
dl.kv { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .35rem .8rem; margin: .4rem 0 0; }
dl.kv dt { font-weight: 700; }
dl.kv dd { margin: 0; overflow-wrap: anywhere; }
dd code, .issues li code, .warnings code, .hint code { background: var(--code-bg); border-radius: 4px; padding: 0 .25rem; }

.timeline { list-style: none; margin: 0; padding: 0; display: grid; gap: 0; }
.step { position: relative; padding: 0 0 1rem 2.1rem; }
.step::before { content: ""; position: absolute; left: .6rem; top: 1.6rem; bottom: 0; width: 2px; background: var(--line); }
.step:last-child::before { display: none; }
.step .badge {
  position: absolute; left: 0; top: .05rem; width: 1.3rem; height: 1.3rem; border-radius: 50%; display: grid; place-items: center;
  font-size: .75rem; font-weight: 800; color: #fff; background: var(--muted);
}
.step.ok .badge { background: var(--ok); } .step.fail .badge { background: var(--fail); }
@media (prefers-color-scheme: dark) { .step .badge { color: #0b1020; } }
.step h3 { display: flex; flex-wrap: wrap; gap: .2rem .5rem; align-items: baseline; }
.step h3 .url { font-family: var(--mono); font-size: 12.5px; font-weight: 400; color: var(--muted); overflow-wrap: anywhere; }
.checklist { list-style: none; margin: .4rem 0; padding: 0; display: grid; gap: .25rem; }
.checklist li { padding: .3rem .55rem; border-radius: 6px; overflow-wrap: anywhere; font-size: .9rem; }
.checklist li.ok { background: var(--ok-soft); }
.checklist li.fail { background: var(--fail-soft); }
.checklist .state { font-weight: 800; margin-right: .35rem; }
.checklist li.ok .state { color: var(--ok); } .checklist li.fail .state { color: var(--fail); }
.checklist .name { font-weight: 700; margin-right: .35rem; }
.raw { margin-top: .3rem; }
.raw summary { cursor: pointer; color: var(--muted); font-size: .85rem; font-weight: 600; }
.raw-grid { display: grid; gap: .5rem; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); margin-top: .4rem; }
pre.code, .lines {
  background: var(--code-bg); border-radius: 7px; padding: .55rem .7rem; margin: 0; overflow-x: auto;
  font-family: var(--mono); font-size: 12.5px; line-height: 1.45; white-space: pre-wrap; overflow-wrap: anywhere;
}
pre.code { max-height: 28rem; overflow: auto; white-space: pre; overflow-wrap: normal; }
.lines .cors { color: var(--accent); font-weight: 700; }
.tags { display: flex; flex-wrap: wrap; gap: .3rem; margin: .3rem 0; padding: 0; list-style: none; }
.tags li { font-family: var(--mono); font-size: 12px; background: var(--code-bg); border: 1px solid var(--line); border-radius: 6px; padding: .1rem .45rem; }
.warnings { margin: .3rem 0 0; padding-left: 1.2rem; color: var(--warn); }
.warnings li span { color: var(--text); }
.issues { list-style: none; padding: 0; margin: 0; display: grid; gap: .45rem; }
.part + .part { border-top: 1px solid var(--line); margin-top: .9rem; padding-top: .9rem; }
.part h3 { margin-bottom: .5rem; }
.routes { list-style: none; padding: 0; margin: .5rem 0 .8rem; display: grid; gap: .8rem; }
.route { border: 1px solid var(--line); border-radius: 8px; padding: .7rem .8rem; }
.route .row.spread h3 { margin: 0; }
.route .issues { margin-top: .5rem; }
button.small { padding: .2rem .55rem; font-size: .85rem; }
.issues li { background: var(--fail-soft); border-radius: 7px; padding: .45rem .65rem; }
.issues code { font-weight: 700; }
.valid { color: var(--ok); font-weight: 700; }
.notes { margin: 0 0 .5rem; padding-left: 1.2rem; color: var(--warn); font-size: .9rem; }
.foot { text-align: center; color: var(--muted); font-size: .8rem; padding: 1rem 1rem 2rem; }
#result { scroll-margin-top: 5rem; }
@media (max-width: 600px) {
  body { font-size: 14.5px; }
  .top { position: static; }
  #result { scroll-margin-top: .5rem; }
  .chips { flex-wrap: nowrap; overflow-x: auto; padding-bottom: .35rem; scroll-snap-type: x proximity; }
  .chips button { flex: none; scroll-snap-align: start; }
  .tagline { display: none; }
  .card { padding: .85rem .85rem; }
  .step { padding-left: 1.8rem; }
}
@media (prefers-reduced-motion: no-preference) { .card { transition: border-color .15s; } }
/* HAR view */
.drop { display: grid; gap: .35rem; justify-items: start; border: 2px dashed var(--line); border-radius: var(--radius); padding: 1.1rem; margin-bottom: .8rem; cursor: pointer; font-weight: 400; }
.drop.over, .drop:focus-within { border-color: var(--accent); background: var(--accent-soft); }
.big-line { font-size: 1.02rem; }
.ok-text { color: var(--ok); font-weight: 700; } .fail-text { color: var(--fail); font-weight: 700; }
ul.causes { margin: .3rem 0 .6rem; padding-left: 1.1rem; }
.har-request > summary { cursor: pointer; display: grid; gap: .2rem; }
.har-request.unknown { border-left-color: var(--warn); }
.har-request .missing { color: var(--warn); }
.har-timeline { list-style: none; padding: 0; margin: .6rem 0; display: grid; gap: .25rem; }
.har-timeline li { display: grid; grid-template-columns: minmax(9rem, max-content) minmax(0, 1fr) max-content; gap: .6rem; align-items: center; font-size: .82rem; }
.har-timeline .track { background: var(--code-bg); border-radius: 4px; height: .8rem; overflow: hidden; display: block; }
.har-timeline .bar { display: flex; height: 100%; min-width: 3px; background: var(--accent); border-radius: 3px; }
.har-timeline .bar.preflight { background: var(--warn); }
.har-timeline .bar.failed { background: var(--fail); }
.har-timeline .phase { height: 100%; }
.har-timeline .phase.blocked { background: var(--line); } .har-timeline .phase.dns, .har-timeline .phase.connect { opacity: .55; background: var(--muted); }
.har-timeline .phase.send, .har-timeline .phase.wait { background: inherit; } .har-timeline .phase.receive { background: var(--ok); }
.har-timeline .when, .har-timeline .what { color: var(--muted); white-space: nowrap; }
pre.reproduce { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; flex: 1 1 20rem; }
@media (max-width: 640px) { .har-timeline li { grid-template-columns: minmax(0, 1fr); } }
`;
