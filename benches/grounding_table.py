#!/usr/bin/env python3
"""The grounding table of issue 18 for articles `write` made: one row per article, then the
median and the worst of each figure per input. Reads DIR/NAME-SEED.md (the article),
DIR/NAME-SEED.log (write's stderr) and DIR/NAME-SEED.json (`check --source --format json`).

    benches/grounding_table.py DIR [DIR ...]
"""
import glob, json, os, re, statistics, sys

def words(text):
    return re.findall(r"[\w'’-]+", text)

def body(markdown):
    parts = markdown.split("---\n", 2)
    text = parts[2] if len(parts) == 3 else markdown
    return [l for l in text.splitlines() if l.strip() and not l.startswith("#")]

def row(base):
    report = json.load(open(base + ".json"))["report"]
    f = {x["rule"]: x for x in report["findings"]}
    md = open(base + ".md").read()
    log = open(base + ".log").read() if os.path.exists(base + ".log") else ""
    lines = body(md)
    keys = [w.lower() for l in lines for w in words(l)]
    trigrams = [tuple(keys[i:i + 3]) for i in range(len(keys) - 2)]
    program = re.search(r"program-written: (\d+) of (\d+) body words", log)
    wall = re.search(r"wall ([\d.]+) s", log)
    tokens = re.search(r"generated tokens (\d+)", log)
    v = lambda rule: f[rule]["value"] if rule in f else None
    # A share of nothing (a source without figures) is no figure: left blank, not 0 %.
    kept = lambda rule: None if " of 0 " in f.get(rule, {}).get("message", " of 0 ") else v(rule)
    return {
        "words": v("body-length"),
        "H2": sum(1 for l in md.splitlines() if l.startswith("## ")),
        "supported": v("grounded-sentences"),
        "precision": v("content-precision"),
        "linked": v("linked-words"),
        "names kept %": kept("entities-kept"),
        "figures kept %": kept("figures-kept"),
        "invented figures": v("invented-figures"),
        "invented names": v("invented-names"),
        "invented quotes": v("invented-quotes"),
        "8-word copies": v("verbatim-copies"),
        "6-grams from source": v("source-overlap"),
        "long sentences %": v("long-sentences"),
        "distinct trigrams": round(len(set(trigrams)) / max(1, len(trigrams)), 3),
        "program words": int(program.group(1)) if program else None,
        "score": report["score"],
        "generated tokens": int(tokens.group(1)) if tokens else None,
        "wall s": float(wall.group(1)) if wall else None,
    }

# For each figure, whether more is better (the worst is then the least).
HIGHER = {"words", "H2", "supported", "precision", "linked", "names kept %", "figures kept %",
          "distinct trigrams", "score"}

def main():
    rows = {}
    for d in sys.argv[1:]:
        for path in sorted(glob.glob(os.path.join(d, "*.json"))):
            base = path[:-5]
            name, seed = os.path.basename(base).rsplit("-", 1)
            rows.setdefault((d, name), []).append((seed, row(base)))
    columns = list(next(iter(rows.values()))[0][1].keys())
    print("| articles | input | seed | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 3) + "|")
    for (d, name), runs in rows.items():
        for seed, r in runs:
            cells = ("n/a" if r[c] is None else str(r[c]) for c in columns)
            print(f"| {d} | {name} | {seed} | " + " | ".join(cells) + " |")
        for label in ("median", "worst"):
            cells = []
            for c in columns:
                values = [r[c] for _, r in runs if r[c] is not None]
                if not values:
                    cells.append("")
                elif label == "median":
                    cells.append(str(round(statistics.median(values), 3)))
                else:
                    cells.append(str(min(values) if c in HIGHER else max(values)))
            print(f"| {d} | {name} | **{label}** | " + " | ".join(cells) + " |")

main()
