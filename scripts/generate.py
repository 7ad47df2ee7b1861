"""Write a fact-check site of N claims for benchmarks, deterministic by seed.

    python3 scripts/generate.py OUT --claims 10000 [--seed 1] [--languages en,es] [--plain PLAIN_OUT]
    python3 scripts/generate.py OUT --claims 10000 --clone-example [--plain PLAIN_OUT]

OUT gets mkdocs.yml, content/, theme/ (a copy of this repository's), schema/ and data/.

Synthetic claims (the default) are shaped like the example's: written in every language of the
site (one in twenty in the main language only, as a newsroom's backlog is), a claim's own
figure and two to four more in series (for the charts), one to three counter-claims (some with
a figure of their own, some in their exact words), five to seven sources of which one may be
unknown and one withheld, a summary and an analysis of about 300 words per language citing
them and linking to a related claim, related claims, and now and then a correction (some with
the rating they had before). A few hundred claimants (some with a chart colour), a dozen
topics in every language, the example's rating scale. Everything passes `counterclaim check`
without errors or warnings.

With --clone-example, the claims are the example site's own (data/claims/), each copied N / 6
times with its id and every reference to a claim of the same copy renamed
(``government-808-released-c00042``), with the example's registries, content and mkdocs.yml.

With --plain, PLAIN_OUT gets the same claims as ordinary Markdown pages, a page per claim in
each language, for plain MkDocs (its default theme and search, Python-Markdown footnotes and
tables, claims out of the nav): the baseline the benchmark compares with.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
TODAY = datetime.date(2026, 11, 1)
_WORDS = {
    "en": (
        "the government figure release count prisoners verified organisation list names official report period"
        " window december january since announced confirmed independent estimate method case detention"
        " conditional court family lawyer statement press week month data source number records public registry"
        " observers analysis difference definition measure total partial evidence claim review rating context"
        " caveat update correction regional national human rights group"
    ),
    "es": (
        "el gobierno cifra excarcelación conteo presos verificado organización lista nombres oficial informe"
        " periodo ventana diciembre enero desde anunció confirmó independiente estimación método caso detención"
        " condicional tribunal familia abogado declaración prensa semana mes datos fuente número registros"
        " público registro observadores análisis diferencia definición medida total parcial evidencia afirmación"
        " revisión calificación contexto salvedad actualización corrección regional nacional derechos humanos grupo"
    ),
}
WORDS = {language: words.split() for language, words in _WORDS.items()}
KINDS = ["person", "organisation", "government", "other"]
COLOURS = ["blue", "orange", "green", "purple", "red", "teal"]
QUALIFIERS = ["exactly", "about", "more-than", "at-least", "fewer-than", "at-most"]
RATINGS = ["accurate", "mostly-accurate", "debatable", "misleading", "false-claim", "unsupported", "unverifiable"]
UNITS = {"en": "political prisoners released", "es": "presos políticos excarcelados"}
SERIES = ["official-count", "verified-count"]


# -- writing YAML as contributors do ------------------------------------------------------------

_PLAIN = re.compile(r"[a-z0-9][a-z0-9-]*|\d{4}-\d{2}(-\d{2})?")


def scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text not in ("true", "false", "null", "yes", "no", "on", "off"):
        return text
    return json.dumps(text, ensure_ascii=False)


def emit(value: Any, indent: str = "") -> Iterator[str]:
    """``value`` (dicts, lists, text, numbers) as block YAML lines, long text in folded blocks."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and ("\n" in item or len(item) > 70):
                style = "|" if "\n" in item else ">-"
                yield f"{indent}{key}: {style}"
                yield from (f"{indent}  {line}" if line else "" for line in _wrapped(item, style))
            elif isinstance(item, dict | list) and item and not _flat(item):
                yield f"{indent}{key}:"
                yield from emit(item, indent + "  ")
            else:
                yield f"{indent}{key}: {_inline(item)}"
    else:
        for item in value:
            lines = list(emit(item, indent + "  ")) if isinstance(item, dict) else [indent + "  " + _inline(item)]
            yield f"{indent}- {lines[0][len(indent) + 2 :]}"
            yield from lines[1:]


def _flat(value: dict[str, Any] | list[Any]) -> bool:
    items = value.values() if isinstance(value, dict) else value
    return all(isinstance(v, str) and _PLAIN.fullmatch(v) for v in items) and len(items) <= 4


def _inline(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in value.items()) + "}"
    return scalar(value)


def _wrapped(text: str, style: str) -> list[str]:
    if style == "|":
        return text.split("\n")
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + len(word) > 92:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


# -- synthetic claims --------------------------------------------------------------------------


class Writer:
    def __init__(self, rng: random.Random, languages: list[str]) -> None:
        self.rng = rng
        self.languages = languages

    def sentence(self, language: str, words: int) -> str:
        text = " ".join(self.rng.choice(WORDS[language]) for _ in range(words))
        return text[0].upper() + text[1:] + "."

    def text(self, words: tuple[int, int], languages: list[str], cite: list[str] | None = None) -> dict[str, str]:
        count = self.rng.randint(*words)
        found = {}
        for language in languages:
            sentence = self.sentence(language, count)
            found[language] = sentence[:-1] + "." + (f"[^{self.rng.choice(cite)}]" if cite else "")
        return found

    def day(self, start: datetime.date, end: datetime.date) -> datetime.date:
        return start + datetime.timedelta(days=self.rng.randrange(max(1, (end - start).days)))


def synthetic_claim(w: Writer, number: int, ids: list[str], claimants: list[str], topics: list[str]) -> dict[str, Any]:
    rng = w.rng
    own = ids[number]
    langs = w.languages if number % 20 else w.languages[:1]
    published = w.day(datetime.date(2024, 6, 1), TODAY - datetime.timedelta(days=30))
    # Updated within the year, so that the checker does not warn that it is old.
    updated = w.day(max(published, TODAY - datetime.timedelta(days=300)), TODAY)
    keys = [f"source-{i + 1}" for i in range(rng.randint(5, 7))]
    # The first two sources are independent publishers with addresses; later ones may be a
    # report whose address was never recorded, or one withheld to protect someone.
    unknown = keys[-1] if rng.random() < 0.4 else None
    withheld = keys[-2] if rng.random() < 0.15 else None
    sources: dict[str, Any] = {}
    for i, key in enumerate(keys):
        date = w.day(published - datetime.timedelta(days=200), published)
        if key in (unknown, withheld):
            sources[key] = {
                "description": w.text((14, 22), langs),
                "link": "unknown" if key == unknown else "withheld",
            }
            continue
        host = f"outlet{i + 1}-{own[6:12]}.example.org"
        sources[key] = {
            "title": w.sentence(rng.choice(langs), 8),
            "publisher": f"Outlet {i + 1}",
            "published": date.isoformat(),
            "url": f"https://{host}/news/{own}/{key}",
            "archive_url": f"https://web.archive.org/web/2026/https://{host}/news/{own}/{key}",
            "language": rng.choice(langs),
        }
    cite = [k for k in keys if k != withheld] or keys
    claimant = rng.choice(claimants)

    def figure(stated_by: str | None, series: str | None, as_of: datetime.date) -> dict[str, Any]:
        found: dict[str, Any] = {}
        if stated_by:
            found["stated_by"] = stated_by
        if rng.random() < 0.2:
            low = rng.randint(10, 500)
            found |= {"low": low, "high": low + rng.randint(10, 300)}
        else:
            found |= {"value": rng.randint(10, 5000), "qualifier": rng.choice(QUALIFIERS)}
        found["unit"] = {lang: UNITS[lang] for lang in langs}
        found["definition"] = w.text((6, 12), langs)
        if rng.random() < 0.5:
            start = as_of - datetime.timedelta(days=rng.randint(20, 90))
            found["window"] = {"start": start.isoformat(), "end": as_of.isoformat()}
        found["as_of"] = as_of.isoformat()
        found["method"] = w.text((5, 9), langs)
        if series:
            found["series"] = series
        if "window" not in found:
            found["not_stated"] = ["window"]
        found["sources"] = rng.sample(cite, rng.randint(1, 2))
        return found

    data: dict[str, Any] = {"id": own, "language": langs[0], "claimant": claimant}
    data["statement"] = w.text((12, 20), langs)
    exact = number % 4 == 0
    if exact:
        data["exact"] = True
    data["short"] = {lang: w.sentence(lang, rng.randint(6, 9))[:-1][:70].rsplit(" ", 1)[0] for lang in langs}
    data["said"] = {"date": published.isoformat(), "source": keys[0]}
    data["rating"] = rng.choice(RATINGS)
    data["topics"] = rng.sample(topics, rng.randint(1, 3))
    data["published"] = published.isoformat()
    data["updated"] = updated.isoformat()
    if rng.random() < 0.1:
        corrections = []
        for _ in range(rng.randint(1, 2)):
            correction: dict[str, Any] = {"date": updated.isoformat(), "text": w.text((12, 20), langs)}
            if rng.random() < 0.5:
                correction["previous_rating"] = rng.choice(RATINGS)
            corrections.append(correction)
        data["corrections"] = corrections
    data["figure"] = figure(None, SERIES[0], published - datetime.timedelta(days=rng.randint(1, 60)))
    counters = []
    for i in range(rng.randint(1, 3)):
        who = rng.choice(claimants)
        counter: dict[str, Any] = {"claimant": who, "statement": w.text((10, 18), langs, cite)}
        if rng.random() < 0.5:
            counter["figure"] = figure(None, None, published - datetime.timedelta(days=rng.randint(1, 60)))
        counter["sources"] = sorted({keys[(i + 1) % len(keys)], *rng.sample(cite, 1)})
        if exact and i == 0:  # their exact words, with where they said them
            counter["exact"] = True
            counter["said"] = {"source": counter["sources"][0]}
        counters.append(counter)
    data["counter_claims"] = counters
    data["figures"] = [
        figure(rng.choice(claimants), rng.choice(SERIES), published - datetime.timedelta(days=rng.randint(1, 200)))
        for _ in range(rng.randint(2, 4))
    ]
    data["summary"] = w.text((25, 40), langs, cite)
    related = [ids[n] for n in rng.sample(range(len(ids)), 3) if ids[n] != own][: rng.randint(0, 3)]
    analysis = {}
    for lang in langs:
        paragraphs = [
            " ".join(f"{w.sentence(lang, rng.randint(12, 20))[:-1]}.[^{rng.choice(cite)}]" for _ in range(4))
            for _ in range(4)
        ]
        if related:
            paragraphs[-1] += f" [{w.sentence(lang, 3)[:-1]}](claim:{related[0]})."
        # Every source is cited at least once.
        paragraphs[-1] += " " + "".join(f"[^{key}]" for key in keys)
        analysis[lang] = "\n\n".join(paragraphs)
    data["analysis"] = analysis
    if related:
        data["related"] = related
    data["sources"] = sources
    return data


def generate(out: Path, count: int, seed: int, languages: list[str], plain: Path | None) -> None:
    rng = random.Random(seed)
    w = Writer(rng, languages)
    claimants = [f"claimant-{i:03d}" for i in range(max(10, min(400, count // 25)))]
    topics = [f"topic-{i:02d}" for i in range(12)]
    ids = [f"claim-{n:06d}-" + "-".join(rng.sample(WORDS["en"], 3)) for n in range(count)]
    names = {key: f"Claimant {key[-3:]} " + rng.choice(WORDS["en"]).title() for key in claimants}

    _start(out, languages)
    (out / "data" / "claims").mkdir(parents=True)
    (out / "data" / "claimants").mkdir()
    shutil.copy2(REPO / "data" / "ratings.yaml", out / "data" / "ratings.yaml")
    topic_data = {
        "topics": [
            {
                "id": t,
                "label": {lang: f"{'Topic' if lang == 'en' else 'Tema'} {t[-2:]}" for lang in languages},
                "description": w.text((8, 14), languages),
            }
            for t in topics
        ]
    }
    (out / "data" / "topics.yaml").write_text("\n".join(emit(topic_data)) + "\n", encoding="utf-8")
    for key in claimants:
        claimant: dict[str, Any] = {"id": key, "name": names[key], "kind": rng.choice(KINDS)}
        if rng.random() < 0.1:
            claimant["colour"] = rng.choice(COLOURS)
        if rng.random() < 0.5:
            claimant["description"] = w.text((12, 24), languages)
        (out / "data" / "claimants" / f"{key}.yaml").write_text("\n".join(emit(claimant)) + "\n", encoding="utf-8")
    claims = [synthetic_claim(w, n, ids, claimants, topics) for n in range(count)]
    header = "# yaml-language-server: $schema=../../schema/claim.schema.json\n"
    for data in claims:
        text = header + "\n".join(emit(data)) + "\n"
        (out / "data" / "claims" / f"{data['id']}.yaml").write_text(text, encoding="utf-8")
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
        _plain_site(plain, languages, (dict(c) for c in claims), names, _rating_labels())


def _start(out: Path, languages: list[str]) -> None:
    if out.exists():
        shutil.rmtree(out)
    (out / "content").mkdir(parents=True)
    shutil.copytree(REPO / "src" / "counterclaim" / "theme", out / "theme")
    shutil.copytree(REPO / "schema", out / "schema")


# -- the example's claims, cloned ----------------------------------------------------------------


def clone_example(out: Path, count: int, plain: Path | None) -> None:
    """The example's claims, copied until there are ``count``; each copy's ids renamed."""
    originals = sorted((REPO / "data" / "claims").glob("*.yaml"))
    ids = [path.stem for path in originals]
    mention = re.compile(r"(?<![a-z0-9-])(" + "|".join(map(re.escape, ids)) + r")(?![a-z0-9-])")
    texts = [path.read_text(encoding="utf-8") for path in originals]

    def renamed(claim_id: str, copy: int) -> str:
        # The last copy may be incomplete: it refers to the claims it lacks in the copy before.
        if copy * len(ids) + ids.index(claim_id) >= count:
            copy -= 1
        return f"{claim_id}-c{copy:05d}"

    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in ("schema", "content"):  # the example's theme is counterclaim's, installed
        shutil.copytree(REPO / name, out / name)
    shutil.copytree(REPO / "data", out / "data", ignore=shutil.ignore_patterns("claims"))
    (out / "data" / "claims").mkdir()
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (out / "mkdocs.yml").write_text(re.sub(r"(?m)^repo_url:.*\n", "", config), encoding="utf-8")
    for n in range(count):
        text = mention.sub(lambda found: renamed(found.group(1), n // len(ids)), texts[n % len(ids)])  # noqa: B023
        (out / "data" / "claims" / f"{renamed(ids[n % len(ids)], n // len(ids))}.yaml").write_text(text, "utf-8")
    if plain is None:
        return
    parsed = [yaml.safe_load(text) for text in texts]
    names = {}
    for path in (REPO / "data" / "claimants").glob("*.yaml"):
        claimant = yaml.safe_load(path.read_text(encoding="utf-8"))
        name = claimant["name"]
        names[claimant["id"]] = name if isinstance(name, str) else next(iter(name.values()))

    def copies() -> Iterator[dict[str, Any]]:
        for n in range(count):
            text = json.dumps(parsed[n % len(ids)], default=str)
            yield json.loads(mention.sub(lambda found: renamed(found.group(1), n // len(ids)), text))  # noqa: B023

    _plain_site(plain, ["en", "es"], copies(), names, _rating_labels())


# -- the same claims for plain MkDocs ----------------------------------------------------------


def _rating_labels() -> dict[str, str]:
    scale = yaml.safe_load((REPO / "data" / "ratings.yaml").read_text(encoding="utf-8"))
    return {r["id"]: r["label"]["en"] if isinstance(r["label"], dict) else r["label"] for r in scale["ratings"]}


def _pick(value: Any, language: str) -> str:
    if isinstance(value, dict):
        return str(value.get(language) or next(iter(value.values())))
    return str(value)


def as_markdown(claim: dict[str, Any], language: str, names: dict[str, str], ratings: dict[str, str]) -> str:
    """A claim as an ordinary Markdown page in ``language``, for plain MkDocs."""

    def text(value: Any) -> str:
        return re.sub(r"\(claim:([a-z0-9-]+)\)", r"(../\1.md)", _pick(value, language))

    lines = [f"# {text(claim['short'])}", "", f"> {text(claim['statement'])}", ""]
    lines += [f"{names.get(claim['claimant'], claim['claimant'])}, {claim['published']}", ""]
    lines += [f"**Rating: {ratings.get(claim['rating'], claim['rating'])}**", "", text(claim["summary"]), ""]
    lines += ["## Who says what", ""]
    lines += [
        f"- **{names.get(c['claimant'], c['claimant'])}**: {text(c['statement'])}" for c in claim["counter_claims"]
    ]
    figures = ([claim["figure"]] if claim.get("figure") else []) + claim.get("figures", [])
    figures += [c["figure"] for c in claim["counter_claims"] if c.get("figure")]
    lines += ["", "## The figures", "", "| Stated by | Figure | Unit | Definition | As of | Source |"]
    lines.append("| --- | --- | --- | --- | --- | --- |")
    for figure in figures:
        amount = figure.get("value", f"{figure.get('low')} to {figure.get('high')}")
        who = names.get(figure.get("stated_by", claim["claimant"]), "")
        definition = text(figure.get("definition", ""))
        notes = "".join(f"[^{key}]" for key in figure["sources"])
        lines.append(
            f"| {who} | {figure.get('qualifier', '')} {amount} | {text(figure['unit'])} | {definition} |"
            f" {figure.get('as_of', '')} | {notes} |"
        )
    lines += ["", "## Analysis", "", text(claim["analysis"]), ""]
    if claim.get("related"):
        lines += ["## Related", "", *(f"- [{r}](../{r}.md)" for r in claim["related"]), ""]
    for correction in claim.get("corrections", []):
        lines += [f"*Correction, {correction['date']}*: {text(correction['text'])}", ""]
    for key, source in claim["sources"].items():
        what = source.get("title") or text(source.get("description", ""))
        where = f" <{source['url']}>" if source.get("url") else ""
        lines.append(f"[^{key}]: {what}, {source.get('publisher', '')}, {source.get('published', '')}.{where}")
    return "\n".join(lines) + "\n"


def _plain_site(
    plain: Path, languages: list[str], claims: Iterator[dict[str, Any]], names: dict[str, str], ratings: dict[str, str]
) -> None:
    if plain.exists():
        shutil.rmtree(plain)
    (plain / "docs" / "claims").mkdir(parents=True)
    (plain / "docs" / "index.md").write_text("# Fact-checks\n", encoding="utf-8")
    for language in languages[1:]:
        (plain / "docs" / language / "claims").mkdir(parents=True)
    for claim in claims:
        for language in languages:
            folder = plain / "docs" / ("" if language == languages[0] else language) / "claims"
            page = as_markdown(claim, language, names, ratings)
            (folder / f"{claim['id']}.md").write_text(page, encoding="utf-8")
    exclude = "".join(f"  /{language}/\n" for language in languages[1:])
    (plain / "mkdocs.yml").write_text(
        "site_name: Fact-checks\nsite_url: https://bench.example.org/\n"
        f"nav:\n  - Home: index.md\nnot_in_nav: |\n  /claims/\n{exclude}"
        "markdown_extensions: [footnotes, tables]\n"
        "validation: {links: {not_found: info, unrecognized_links: info}}\n",
        encoding="utf-8",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--languages", default="en,es", help="comma-separated, main first (default: en,es)")
    parser.add_argument("--clone-example", action="store_true", help="copy the example's claims instead")
    parser.add_argument("--plain", type=Path, help="also write the same claims for plain MkDocs here")
    args = parser.parse_args()
    if args.clone_example:
        clone_example(args.out, args.claims, args.plain)
    else:
        generate(args.out, args.claims, args.seed, args.languages.split(","), args.plain)


if __name__ == "__main__":
    main()
