// Yoast's own verdicts on one article, for the parity test of `redacteur check`
// (tests/it/yoast.rs): `node verdicts.js ARTICLE.md KEYPHRASE` prints one JSON line per
// assessment of the SEO and content assessors, run with the French researcher.
// The Markdown (front matter, `#` headings, `- ` lists, paragraphs) becomes the HTML body a
// CMS would give Yoast; the H1 is the title when the front matter has none. In a plain-text
// file (`.txt`), as `check` reads one, each line is a paragraph.
const fs = require("fs");
const { Paper, ContentAssessor, SeoAssessor } = require("yoastseo");
const Researcher = require("yoastseo/build/languageProcessing/languages/fr/Researcher").default;
const scoreToRating = require("yoastseo/build/scoring/interpreters/scoreToRating").default;

const [file, keyword] = process.argv.slice(2);
const markdown = fs.readFileSync(file, "utf8");
const front = {};
let body = markdown;
const fm = markdown.match(/^---\n([\s\S]*?)\n---\n/);
if (fm) {
  body = markdown.slice(fm[0].length);
  for (const line of fm[1].split("\n")) {
    const kv = line.match(/^(\w+):\s*"?(.*?)"?\s*$/);
    if (kv) front[kv[1]] = kv[2].replace(/\\"/g, '"');
  }
}
const escape = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
// Inline Markdown images and links, as a CMS renders them.
const inline = (s) =>
  escape(s)
    .replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, '<img src="$2" alt="$1">')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>');
let html = "";
let title = front.title || "";
const blocks = file.endsWith(".txt") ? body.split("\n") : body.split(/\n\s*\n/);
for (const block of blocks) {
  const text = block.trim();
  if (!text) continue;
  const heading = text.match(/^(#{1,6})\s+(.*)$/);
  if (heading) {
    const level = heading[1].length;
    if (level === 1) {
      if (!title) title = heading[2];
      continue;
    }
    html += `<h${level}>${escape(heading[2])}</h${level}>\n`;
  } else if (text.startsWith("- ")) {
    const items = text.split("\n").map((l) => `<li>${inline(l.replace(/^- /, ""))}</li>`);
    html += `<ul>${items.join("")}</ul>\n`;
  } else {
    html += `<p>${inline(text.replace(/\n/g, " "))}</p>\n`;
  }
}
const paper = new Paper(html, {
  keyword,
  title,
  description: front.description || "",
  slug: front.slug || "",
  locale: "fr_FR",
});
const researcher = new Researcher(paper);
for (const Assessor of [SeoAssessor, ContentAssessor]) {
  const assessor = new Assessor(researcher);
  assessor.assess(paper);
  for (const result of assessor.getValidResults()) {
    const text = result.text.replace(/<[^>]+>/g, "");
    console.log(JSON.stringify({ id: result._identifier, rating: scoreToRating(result.score), text }));
  }
}
