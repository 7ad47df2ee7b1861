"""Write a synthetic fact-check site of N claims, deterministic by seed, for benchmarks.

    python3 scripts/generate.py OUT --claims 10000 [--seed 1] [--languages en] [--plain PLAIN_OUT]

OUT gets mkdocs.yml, content/, theme/ (a copy of this repository's) and data/ with a few
hundred claimants, a dozen topics, the example rating scale and N claims. Each claim has 1 to
3 counter-claims, figures with what they count, 3 to 6 sources from distinct publishers, an
analysis of about 300 words citing them, and now and then a correction. Everything passes
`counterclaim check` without errors or warnings.

With --plain, PLAIN_OUT gets the same claims as ordinary Markdown pages for plain MkDocs (its
default theme and search, Python-Markdown footnotes and tables, claims out of the nav): the
baseline the benchmark compares with.
"""

from __future__ import annotations

import argparse
import datetime
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TODAY = datetime.date(2026, 11, 1)
WORDS = [
    "the",
    "government",
    "figure",
    "release",
    "count",
    "prisoners",
    "verified",
    "organisation",
    "list",
    "names",
    "official",
    "report",
    "period",
    "window",
    "december",
    "january",
    "since",
    "announced",
    "confirmed",
    "independent",
    "estimate",
    "method",
    "case",
    "detention",
    "conditional",
    "court",
    "family",
    "lawyer",
    "statement",
    "press",
    "week",
    "month",
    "data",
    "source",
    "number",
    "records",
    "public",
    "registry",
    "observers",
    "analysis",
    "difference",
    "definition",
    "measure",
    "total",
    "partial",
    "evidence",
    "claim",
    "review",
    "rating",
    "context",
    "caveat",
    "update",
    "correction",
    "regional",
    "national",
    "human",
    "rights",
    "group",
]
KINDS = ["person", "organisation", "government", "other"]
QUALIFIERS = ["exactly", "about", "more-than", "at-least", "fewer-than", "at-most"]
RATINGS = ["accurate", "mostly-accurate", "debatable", "misleading", "false-claim", "unsupported", "unverifiable"]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange(max(1, (end - start).days)))


def block(text: str, indent: str) -> str:
    """``text`` as the lines of a YAML literal block at ``indent``."""
    return "\n".join(indent + line if line else "" for line in text.split("\n"))


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Claim:
    def __init__(self, rng: random.Random, number: int, claimants: list[str], topics: list[str]) -> None:
        self.id = f"claim-{number:06d}-" + "-".join(rng.sample(WORDS, 3))
        # Some statements are the claimant's exact words; most are our summaries.
        self.exact = number % 4 == 0
        self.claimant = rng.choice(claimants)
        self.published = day(rng, datetime.date(2024, 1, 1), TODAY - datetime.timedelta(days=30))
        self.updated = day(rng, max(self.published, TODAY - datetime.timedelta(days=300)), TODAY)
        self.rating = rng.choice(RATINGS)
        self.topics = rng.sample(topics, rng.randint(1, 3))
        self.short = sentence(rng, rng.randint(6, 9))[:74].rstrip(".") + "."
        self.statement = sentence(rng, rng.randint(12, 20))
        self.sources = [f"source-{i + 1}" for i in range(rng.randint(3, 6))]
        self.source_dates = [
            day(rng, self.published - datetime.timedelta(days=200), self.published) for _ in self.sources
        ]
        self.counters = [(rng.choice(claimants), sentence(rng, rng.randint(10, 18))) for _ in range(rng.randint(1, 3))]
        self.figures = [
            (rng.choice(claimants), rng.randint(10, 5000), rng.choice(QUALIFIERS)) for _ in range(rng.randint(1, 3))
        ]
        self.summary = sentence(rng, rng.randint(25, 40))
        paragraphs = []
        for _ in range(4):
            cited = " ".join(f"{sentence(rng, rng.randint(12, 20))}[^{rng.choice(self.sources)}]" for _ in range(4))
            paragraphs.append(cited)
        # Every source is cited at least once.
        paragraphs[-1] += " " + "".join(f"[^{key}]" for key in self.sources)
        self.analysis = "\n\n".join(paragraphs)
        self.correction = sentence(rng, 15) if rng.random() < 0.05 else None
        self.previous = rng.choice(RATINGS) if self.correction and rng.random() < 0.5 else None
        self.related: list[str] = []

    def as_yaml(self) -> str:
        lines = [
            "# yaml-language-server: $schema=../../schema/claim.schema.json",
            f"id: {self.id}",
            "language: en",
            f"claimant: {self.claimant}",
            f"statement: {quoted(self.statement)}",
            *(["exact: true"] if self.exact else []),
            f"short: {quoted(self.short)}",
            "said:",
            f"  date: {self.published.isoformat()}",
            "  source: source-1",
            f"rating: {self.rating}",
            f"topics: [{', '.join(self.topics)}]",
            f"published: {self.published.isoformat()}",
            f"updated: {self.updated.isoformat()}",
        ]
        if self.correction:
            lines += ["corrections:", f"  - date: {self.updated.isoformat()}", f"    text: {quoted(self.correction)}"]
            if self.previous:
                lines.append(f"    previous_rating: {self.previous}")
        if self.related:
            lines.append(f"related: [{', '.join(self.related)}]")
        lines.append("counter_claims:")
        for i, (who, text) in enumerate(self.counters):
            key = self.sources[(i + 1) % len(self.sources)]
            # Cited in its own words too, as contributors do: [^key] must never reach a page as it is.
            statement = f"{text[:-1]} *as reported*.[^{key}]"
            lines += [f"  - claimant: {who}", f"    statement: {quoted(statement)}", f"    sources: [{key}]"]
            if self.exact and i == 0:  # their exact words, with where they said them
                lines += ["    exact: true", f"    said: {{source: {key}}}"]
        lines.append("figures:")
        for i, (who, value, qualifier) in enumerate(self.figures):
            key = self.sources[i % len(self.sources)]
            lines += [
                f"  - stated_by: {who}",
                f"    value: {value}",
                f"    qualifier: {qualifier}",
                "    unit: people released",
                "    definition: Releases confirmed case by case.",
                f"    window: {{start: {(self.published - datetime.timedelta(days=90)).isoformat()}, "
                f"end: {self.published.isoformat()}}}",
                f"    as_of: {self.published.isoformat()}",
                "    method: Count of individual cases.",
                "    series: main-count",
                f"    sources: [{key}]",
            ]
        lines += ["summary: >-", block(self.summary, "  "), "analysis: |", block(self.analysis, "  "), "sources:"]
        for i, (key, published) in enumerate(zip(self.sources, self.source_dates, strict=True)):
            host = f"outlet{i + 1}-{self.id[7:13]}.example.org"
            lines += [
                f"  {key}:",
                f"    title: {quoted(sentence(random.Random(self.id + key), 8))}",
                f"    publisher: Outlet {i + 1}",
                f"    published: {published.isoformat()}",
                f"    url: https://{host}/news/{self.id}/{key}",
                f"    archive_url: https://web.archive.org/web/2026/https://{host}/news/{self.id}/{key}",
                "    language: en",
            ]
        return "\n".join(lines) + "\n"

    def as_markdown(self, claimant_names: dict[str, str]) -> str:
        """The same claim as an ordinary Markdown page, for plain MkDocs."""
        numbers = {key: i + 1 for i, key in enumerate(self.sources)}
        analysis = self.analysis
        for key, n in numbers.items():
            analysis = analysis.replace(f"[^{key}]", f"[^{n}]")
        rows = "\n".join(
            f"| {claimant_names[who]} | {qualifier} {value} | people released | Releases confirmed case by case. |"
            f" {self.published.isoformat()} | [^{numbers[self.sources[i % len(self.sources)]]}] |"
            for i, (who, value, qualifier) in enumerate(self.figures)
        )
        counters = "\n".join(f"- **{claimant_names[who]}**: {text}" for who, text in self.counters)
        notes = "\n".join(
            f"[^{numbers[key]}]: Outlet {i + 1}, {self.source_dates[i].isoformat()}. "
            f"<https://outlet{i + 1}.example.org/news/{self.id}/{key}>"
            for i, key in enumerate(self.sources)
        )
        return (
            f"# {self.short}\n\n> {self.statement}[^1]\n\n{claimant_names[self.claimant]}, "
            f"{self.published.isoformat()}\n\n**Rating: {self.rating}**\n\n{self.summary}\n\n"
            f"## Who says what\n\n{counters}\n\n## The figures\n\n| Stated by | Figure | Unit | Definition |"
            f" As of | Source |\n| --- | --- | --- | --- | --- | --- |\n{rows}\n\n"
            f"## Analysis\n\n{analysis}\n\n{notes}\n"
        )


def generate(out: Path, count: int, seed: int, languages: list[str], plain: Path | None) -> None:
    rng = random.Random(seed)
    claimants = [f"claimant-{i:03d}" for i in range(max(10, min(400, count // 25)))]
    topics = [f"topic-{i:02d}" for i in range(12)]
    claims = [Claim(rng, n, claimants, topics) for n in range(count)]
    for claim in claims:
        if rng.random() < 0.3:
            claim.related = [c.id for c in rng.sample(claims, 2) if c.id != claim.id]
    names = {key: f"Claimant {key[-3:]} " + rng.choice(WORDS).title() for key in claimants}

    if out.exists():
        shutil.rmtree(out)
    (out / "data" / "claims").mkdir(parents=True)
    (out / "data" / "claimants").mkdir()
    shutil.copytree(REPO / "src" / "counterclaim" / "theme", out / "theme")
    shutil.copytree(REPO / "schema", out / "schema")
    shutil.copy2(REPO / "data" / "ratings.yaml", out / "data" / "ratings.yaml")
    (out / "data" / "topics.yaml").write_text(
        "topics:\n" + "".join(f"  - id: {t}\n    label: Topic {t[-2:]}\n" for t in topics), encoding="utf-8"
    )
    for key in claimants:
        (out / "data" / "claimants" / f"{key}.yaml").write_text(
            f"id: {key}\nname: {names[key]}\nkind: {rng.choice(KINDS)}\n", encoding="utf-8"
        )
    for claim in claims:
        (out / "data" / "claims" / f"{claim.id}.yaml").write_text(claim.as_yaml(), encoding="utf-8")
    (out / "content").mkdir()
    (out / "content" / "index.md").write_text("---\ntemplate: home.html\n---\n\n# Synthetic site\n", encoding="utf-8")
    for language in languages[1:]:
        (out / "content" / language).mkdir()
        (out / "content" / language / "index.md").write_text("---\ntemplate: home.html\n---\n\n# Sitio\n")
    extra = f"      extra_languages: [{', '.join(languages[1:])}]\n" if len(languages) > 1 else ""
    (out / "mkdocs.yml").write_text(
        "site_name: Synthetic fact-checks\nsite_url: https://bench.example.org/\ndocs_dir: content\n"
        "theme: {name: null, custom_dir: theme, static_templates: [404.html]}\n"
        f"plugins:\n  - counterclaim:\n      language: {languages[0]}\n{extra}",
        encoding="utf-8",
    )

    if plain is not None:
        if plain.exists():
            shutil.rmtree(plain)
        (plain / "docs" / "claims").mkdir(parents=True)
        (plain / "docs" / "index.md").write_text("# Synthetic site\n", encoding="utf-8")
        for claim in claims:
            (plain / "docs" / "claims" / f"{claim.id}.md").write_text(claim.as_markdown(names), encoding="utf-8")
        (plain / "mkdocs.yml").write_text(
            "site_name: Synthetic fact-checks\nsite_url: https://bench.example.org/\n"
            "nav:\n  - Home: index.md\nnot_in_nav: |\n  /claims/\n"
            "markdown_extensions: [footnotes, tables]\n",
            encoding="utf-8",
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--languages", default="en", help="comma-separated, main first (default: en)")
    parser.add_argument("--plain", type=Path, help="also write the same claims for plain MkDocs here")
    args = parser.parse_args()
    generate(args.out, args.claims, args.seed, args.languages.split(","), args.plain)


if __name__ == "__main__":
    main()
