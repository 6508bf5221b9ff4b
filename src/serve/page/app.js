// The editors' page: submit a source, follow the job's events, show the article beside its
// checks, re-check the edited Markdown, download or copy it, and list past jobs. Every piece
// of text from a source or a job is set with textContent: nothing is ever parsed as markup.
"use strict";

const $ = (id) => document.getElementById(id);
let lang = TEXTS[localStorage.getItem("redacteur-lang")] ? localStorage.getItem("redacteur-lang") : "fr";
const T = () => TEXTS[lang];
const statusOf = (status) => T().status[status] || status;
let token = sessionStorage.getItem("redacteur-token") || "";
let shown = null;      // the job on screen
let chosenFile = null; // a file picked or dropped, sent as is while the text is unchanged
let chosenText = null;
let following = 0;     // which follow() is the live one
let checked = null;    // the last check's answer, drawn again when the language changes
let progressed = null; // the last progress shown, likewise

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

function say(message) {
  $("message").textContent = message || "";
}

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  if (token) headers.Authorization = "Bearer " + token;
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (response.status === 401) {
    await askToken();
    return api(path, options);
  }
  return response;
}

function askToken() {
  return new Promise((resolve) => {
    const dialog = $("token-dialog");
    $("token-form").onsubmit = () => {
      token = $("token").value.trim();
      sessionStorage.setItem("redacteur-token", token);
      resolve();
    };
    dialog.showModal();
  });
}

async function errorOf(response) {
  try {
    const body = await response.json();
    return body.error.message;
  } catch (e) {
    return response.status + " " + response.statusText;
  }
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return "";
  const s = Math.round(seconds);
  return s < 60 ? s + " s" : Math.floor(s / 60) + " min " + String(s % 60).padStart(2, "0") + " s";
}

// --- the server ---

async function health() {
  try {
    const response = await api("/health");
    if (!response.ok) throw new Error(await errorOf(response));
    const h = await response.json();
    $("server").textContent = T().server(h.model, h.queued, h.running);
  } catch (e) {
    $("server").textContent = T().unreachable(e.message);
  }
}

// --- submitting ---

function readFile(file) {
  chosenFile = file;
  const reader = new FileReader();
  reader.onload = () => {
    chosenText = String(reader.result);
    $("source").value = chosenText;
    say(T().loaded(file.name, file.size));
  };
  reader.readAsText(file);
}

function options() {
  const number = (id) => {
    const value = $(id).value.trim();
    return value === "" ? undefined : Number(value);
  };
  return {
    words: number("words"),
    subheadings: number("subheadings"),
    candidates: number("candidates"),
    format: $("format").value,
  };
}

async function submit(event) {
  event.preventDefault();
  say("");
  const source = $("source").value;
  if (!source.trim()) {
    say(T().empty);
    $("source").focus();
    return;
  }
  const keyphrase = $("keyphrase").value.trim() || undefined;
  let init;
  if (chosenFile && source === chosenText) {
    // The file as it is, decoded by the server as the command line decodes files.
    const form = new FormData();
    form.append("file", chosenFile);
    if (keyphrase) form.append("keyphrase", keyphrase);
    for (const [name, value] of Object.entries(options())) {
      if (value !== undefined) form.append(name, String(value));
    }
    init = { method: "POST", body: form };
  } else {
    init = {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ source, keyphrase, options: options() }),
    };
  }
  await queue("/v1/articles", init, $("submit"));
}

// Asks for a job at `path`, `button` disabled meanwhile; then shows and follows it.
async function queue(path, init, button) {
  button.disabled = true;
  try {
    const response = await api(path, init);
    if (response.status !== 202) {
      say(await errorOf(response));
      return;
    }
    const job = await response.json();
    await openJob(job.id);
    refreshJobs();
  } catch (e) {
    say(T().refused(e.message));
  } finally {
    button.disabled = false;
  }
}

// --- a job ---

async function openJob(id) {
  const response = await api("/v1/articles/" + encodeURIComponent(id));
  if (!response.ok) {
    say(await errorOf(response));
    return;
  }
  const job = await response.json();
  show(job);
  if (job.status === "queued" || job.status === "running") follow(id);
}

function progressOf(summary) {
  progressed = summary;
  const p = summary.progress || {};
  const parts = [statusOf(summary.status)];
  if (p.sections) parts.push(T().section(p.section, p.sections));
  if (p.target) parts.push(T().wordsOf(p.words, p.target));
  if (p.elapsed_seconds) parts.push(duration(p.elapsed_seconds));
  if (p.eta_seconds && p.words < p.target) parts.push(T().left(duration(p.eta_seconds)));
  $("progress").value = p.target ? Math.min(100, (100 * p.words) / p.target) : 0;
  $("progress-text").textContent = parts.join(" · ");
  $("cancel").hidden = summary.status !== "queued" && summary.status !== "running";
}

// The job's title: its id, and for a section written again, which one of which article.
function titleOf(job) {
  const repair = job.request && job.request.repair;
  const title = T().article(job.id);
  return repair ? title + " · " + T().repairOf(repair.of, repair.section) : title;
}

function show(job) {
  shown = job;
  $("job").hidden = false;
  $("job-title").textContent = titleOf(job);
  progressOf(job);
  clear($("preview"));
  clear($("report"));
  $("editor").hidden = true;
  if (job.status === "failed" && job.error) {
    $("preview").appendChild(el("p", T().failed(job.error.message), "status fail"));
  }
  if (job.status === "cancelled") $("preview").appendChild(el("p", T().cancelled));
  if (job.result) {
    $("markdown").value = job.result.markdown;
    $("editor").hidden = false;
    $("edited").textContent = job.result.shortfall ? T().incomplete(job.result.shortfall) : "";
    recheck();
  }
}

async function follow(id) {
  const mine = ++following;
  const response = await api("/v1/articles/" + encodeURIComponent(id) + "/events");
  if (!response.ok || !response.body) {
    say(await errorOf(response));
    return;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done || mine !== following) break;
    buffer += value;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const chunk = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = "message";
      const data = [];
      for (const line of chunk.split("\n")) {
        if (line.startsWith("event:")) name = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (!data.length) continue;
      const payload = JSON.parse(data.join("\n"));
      if (name === "done") {
        show(payload);
        refreshJobs();
        health();
      } else {
        progressOf(payload);
      }
    }
  }
}

async function cancel() {
  if (!shown) return;
  // A job that ends as it is cancelled is kept: the server deletes finished jobs otherwise.
  const response = await api("/v1/articles/" + encodeURIComponent(shown.id) + "?unfinished_only=true", { method: "DELETE" });
  if (!response.ok) say(await errorOf(response));
}

// --- the check, and the article shown with its findings where they are ---

async function recheck() {
  if (!shown) return;
  const body = {
    article: $("markdown").value,
    source: shown.request.source,
    min_words: shown.progress && shown.progress.target ? shown.progress.target : undefined,
    min_sections: shown.request.options.subheadings,
  };
  const response = await api("/v1/check", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    clear($("report"));
    $("report").appendChild(el("p", await errorOf(response), "status fail"));
    return;
  }
  checked = await response.json();
  drawCheck();
}

function drawCheck() {
  if (!checked) return;
  renderPreview(checked.blocks, checked.report);
  renderReport(checked.report);
  const edited = shown && shown.result && $("markdown").value !== shown.result.markdown;
  $("edited").textContent = edited ? T().edited : "";
}

// Rules whose every location is a fault, whether or not the rule fails as a whole (a
// sentence the source does not support is one even when enough others are).
const FAULTS = new Set([
  "grounded-sentences", "linked-words", "unknown-words", "other-words", "grammar", "verbatim-copies",
  "invented-figures", "invented-names", "invented-quotes", "invented-speakers",
  "claims-as-facts", "misplaced-titles", "flipped-negations", "invented-comparisons", "invented-qualifiers",
  "repeated-sentences", "long-sentences", "passive-voice",
]);

// Where each fault applies, by line of the Markdown.
function findingsByLine(report) {
  const byLine = new Map();
  for (const finding of report.findings) {
    if (finding.status === "ok" && !FAULTS.has(finding.rule)) continue;
    for (const location of finding.locations || []) {
      if (!location.line) continue;
      if (!byLine.has(location.line)) byLine.set(location.line, []);
      byLine.get(location.line).push({ finding, excerpt: location.excerpt.replace(/…$/, "") });
    }
  }
  return byLine;
}

// The sentence of `text` that starts with `excerpt` (or holds it), as [start, end).
function sentenceRange(text, excerpt) {
  let start = text.indexOf(excerpt);
  if (start < 0) start = text.indexOf(excerpt.slice(0, 40));
  if (start < 0) return null;
  const after = text.slice(start + Math.min(excerpt.length, 40));
  const stop = after.search(/[.!?](\s|$)/);
  const end = stop < 0 ? text.length : start + Math.min(excerpt.length, 40) + stop + 1;
  return [start, Math.max(end, start + excerpt.length)];
}

function withMarks(node, text, notes) {
  const ranges = [];
  for (const note of notes || []) {
    const range = sentenceRange(text, note.excerpt);
    if (range) ranges.push({ range, note });
  }
  ranges.sort((a, b) => a.range[0] - b.range[0]);
  let at = 0;
  for (const { range, note } of ranges) {
    if (range[0] < at) continue;
    node.appendChild(document.createTextNode(text.slice(at, range[0])));
    const mark = el("mark", text.slice(range[0], range[1]), note.finding.status === "fail" ? "" : "warn");
    mark.title = T().finding(note.finding.rule, note.finding.message);
    mark.tabIndex = 0;
    node.appendChild(mark);
    at = range[1];
  }
  node.appendChild(document.createTextNode(text.slice(at)));
  return node;
}

function renderPreview(blocks, report) {
  const preview = $("preview");
  clear(preview);
  const byLine = findingsByLine(report);
  // The written article's sections, which can be written again while it reads as written.
  const done = shown && shown.status === "done" && shown.result;
  const sections = done && $("markdown").value === shown.result.markdown
    ? (shown.result.json.sections || []).map((s) => s.heading)
    : [];
  for (const block of blocks) {
    let node;
    if (block.kind && block.kind.heading) node = el("h" + Math.min(block.kind.heading, 6));
    else node = el("p", undefined, block.kind === "credit" ? "credit" : "");
    if (block.line) node.dataset.line = block.line;
    withMarks(node, block.text, byLine.get(block.line));
    const section = block.kind && block.kind.heading === 2 ? sections.indexOf(block.text) : -1;
    if (section >= 0) {
      const button = el("button", T().rewrite, "rewrite secondary");
      button.type = "button";
      button.title = T().rewriteSection(block.text);
      button.setAttribute("aria-label", T().rewriteSection(block.text));
      button.addEventListener("click", () => rewriteSection(section + 1, button));
      node.appendChild(button);
    }
    preview.appendChild(node);
  }
}

// One section of the article on screen written again: a new job, followed as any other.
async function rewriteSection(n, button) {
  if (!shown) return;
  say("");
  const path = "/v1/articles/" + encodeURIComponent(shown.id) + "/sections/" + n + "/repair";
  await queue(path, { method: "POST" }, button);
}

function renderReport(report) {
  const aside = $("report");
  clear(aside);
  const title = el("h3", T().score(report.score));
  aside.appendChild(title);
  if (report.capped_by) aside.appendChild(el("p", T().capped(report.capped_by)));
  aside.appendChild(el("p", T().focus(report.keyphrase)));
  const order = { fail: 0, warn: 1, ok: 2 };
  const findings = report.findings.slice().sort((a, b) => order[a.status] - order[b.status]);
  const list = el("ul");
  for (const finding of findings) {
    const item = el("li");
    item.appendChild(el("span", finding.status, "status " + finding.status));
    item.appendChild(el("span", finding.rule + " ", "rule"));
    item.appendChild(document.createTextNode(finding.message));
    for (const location of finding.locations || []) {
      const where = location.line ? T().line(location.line) : "";
      const button = el("button", where + location.excerpt, "location");
      button.type = "button";
      if (location.line) {
        button.onclick = () => {
          const target = $("preview").querySelector('[data-line="' + Number(location.line) + '"]');
          if (target) {
            target.scrollIntoView({ block: "center" });
            const mark = target.querySelector("mark") || target;
            mark.tabIndex = -1;
            mark.focus();
          }
        };
      }
      item.appendChild(button);
    }
    list.appendChild(item);
  }
  aside.appendChild(list);
}

// --- taking the article away ---

function chosenOutput() {
  const format = $("format").value;
  if (format === "html") return { text: shown.result.html, type: "text/html", ext: "html" };
  if (format === "json") return { text: JSON.stringify(shown.result.json, null, 2) + "\n", type: "application/json", ext: "json" };
  return { text: $("markdown").value, type: "text/markdown", ext: "md" };
}

function download() {
  if (!shown || !shown.result) return;
  const output = chosenOutput();
  const slug = (shown.result.json && shown.result.json.slug) || shown.id;
  const link = el("a");
  link.href = URL.createObjectURL(new Blob([output.text], { type: output.type + ";charset=utf-8" }));
  link.download = slug + "." + output.ext;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

async function copy() {
  if (!shown || !shown.result) return;
  try {
    await navigator.clipboard.writeText(chosenOutput().text);
    $("edited").textContent = T().copied;
  } catch (e) {
    $("markdown").select();
    $("edited").textContent = T().copyRefused;
  }
}

// --- past jobs ---

async function refreshJobs() {
  const response = await api("/v1/articles");
  if (!response.ok) return;
  const { articles } = await response.json();
  const list = $("jobs");
  clear(list);
  if (!articles.length) list.appendChild(el("li", T().noJobs));
  for (const job of articles) {
    const when = new Date(job.created * 1000).toLocaleString(T().locale);
    const parts = [when, statusOf(job.status)];
    if (job.words !== null && job.words !== undefined) parts.push(T().wordCount(job.words));
    if (job.score !== null && job.score !== undefined) parts.push(job.score + "/100");
    const button = el("button", (job.title || job.id) + " — " + parts.join(" · "));
    button.type = "button";
    button.onclick = () => openJob(job.id);
    const item = el("li");
    item.appendChild(button);
    list.appendChild(item);
  }
}

// --- the language ---

// Sets the page's words in `lang`, and draws again what is on screen (an edit is kept).
function applyLanguage() {
  document.documentElement.lang = lang;
  $("lang").value = lang;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = T()[node.dataset.i18n];
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) {
    node.placeholder = T()[node.dataset.i18nPlaceholder];
  }
  for (const node of document.querySelectorAll("[data-i18n-label]")) {
    node.setAttribute("aria-label", T()[node.dataset.i18nLabel]);
  }
  if (shown) {
    $("job-title").textContent = titleOf(shown);
    progressOf(progressed || shown);
    drawCheck();
  }
}

// --- wiring ---

document.addEventListener("DOMContentLoaded", () => {
  $("form").addEventListener("submit", submit);
  $("file").addEventListener("change", () => {
    if ($("file").files.length) readFile($("file").files[0]);
  });
  const source = $("source");
  source.addEventListener("dragover", (e) => {
    e.preventDefault();
    source.classList.add("dropping");
  });
  source.addEventListener("dragleave", () => source.classList.remove("dropping"));
  source.addEventListener("drop", (e) => {
    e.preventDefault();
    source.classList.remove("dropping");
    if (e.dataTransfer.files.length) readFile(e.dataTransfer.files[0]);
  });
  $("cancel").addEventListener("click", cancel);
  $("recheck").addEventListener("click", recheck);
  $("download").addEventListener("click", download);
  $("copy").addEventListener("click", copy);
  $("lang").addEventListener("change", () => {
    lang = TEXTS[$("lang").value] ? $("lang").value : "fr";
    localStorage.setItem("redacteur-lang", lang);
    applyLanguage();
    health();
    refreshJobs();
  });
  applyLanguage();
  health();
  refreshJobs();
  setInterval(health, 5000);
});
