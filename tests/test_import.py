"""`counterclaim import` over real published ClaimReview records (tests/imports/corpus, whose
README says where each comes from), into a copy of the example site, built with real MkDocs and
read back with extruct as a crawler reads it. Synthetic records are in tests/imports/synthetic
and named so."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import extruct
import pytest
import yaml

from counterclaim import cli
from counterclaim.importer.claim_files import claim_id
from counterclaim.importer.records import find_files, read_file
from rawmarkup import defects
from samples import REPO, build_site, copy_example_site, found

CORPUS = REPO / "tests" / "imports" / "corpus"
SYNTHETIC = REPO / "tests" / "imports" / "synthetic"
FACTLY = "factly-2023-01-25"
MEDIEMOLLEN = "vi-er-pa-vej-mod-et-klima-hvor-havet-igen-kan-stige-med-13"


def _import(data: Path, *paths: Path, capsys: pytest.CaptureFixture[str] | None = None) -> int:
    return cli.main(["import", "--data", str(data), "--language", "da", *map(str, paths)])


def _snapshot(data: Path) -> dict[str, bytes]:
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file()}


def _records() -> dict[str, dict[str, Any]]:
    """The corpus's records, by their original address."""
    records = [r for path in find_files([CORPUS]) for r in read_file(path, path.name)]
    assert len(records) == 3
    return {r.data["url"]: r.data for r in records}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_example_site(tmp_path_factory.mktemp("imported"))
    # The site takes over one publisher's host, as a newsroom moving its archive would: its old
    # article addresses must lead to the new pages.
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("https://example.org/", "https://www.folkets.dk/"))
    status = _import(root / "data", CORPUS)
    assert status == 1  # one real record has no review date and is not imported (see below)
    build_site(root)
    return root


def test_each_record_is_reported_with_what_could_not_be_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    root = copy_example_site(tmp_path)
    assert _import(root / "data", CORPUS) == 1
    out = capsys.readouterr().out
    assert f"datacommons-feed.json#1: new claims/{FACTLY}.yaml" in out
    assert "not kept: sdPublisher" in out
    assert "id from the publisher and date: the claim's script does not transliterate" in out
    # Fact Crescendo's record gives no date for its review: said, not invented.
    assert "datacommons-feed.json#2: skipped\n  - not imported: the record has no usable datePublished" in out
    assert f"folkets-dk-node-3762.html: new claims/{MEDIEMOLLEN}.yaml" in out
    assert "not on the site's scale yet: Mediemøllen: Vildledende" in out
    assert "3 records: 2 new, 0 updated, 0 unchanged, 1 skipped" in out


def test_imported_files_pass_check_with_warnings_only_for_what_the_records_lack(
    site: Path, capsys: pytest.CaptureFixture[str]
):
    capsys.readouterr()
    status = cli.main(["check", "--data", str(site / "data"), "--format", "json", "--no-cache"])
    report = json.loads(capsys.readouterr().out)
    assert status == 0
    assert [d for d in report["diagnostics"] if d["severity"] == "error"] == []
    codes: dict[str, set[str]] = {}
    for d in report["diagnostics"]:
        if FACTLY in d["path"] or MEDIEMOLLEN in d["path"] or "imported-ratings" in d["path"]:
            codes.setdefault(Path(d["path"]).stem, set()).add(d["code"])
    # No analysis (the record has none); the appearances have no archived copy; FACTLY's short
    # form is longer than Google's 75 characters; Mediemøllen's verdict is not on the scale
    # until an editor places it.
    assert codes[FACTLY] == {"imported-without-analysis", "source-without-archive", "short-too-long"}
    assert codes[MEDIEMOLLEN] == {"imported-without-analysis", "source-without-archive", "imported-rating-not-mapped"}


def test_imported_files_hold_every_field_the_record_has(site: Path):
    claim = yaml.safe_load((site / "data" / "claims" / f"{FACTLY}.yaml").read_text(encoding="utf-8"))
    assert claim["language"] == "te"  # Telugu script: only Telugu is written in it
    assert claim["said"] == {"source": "appearance-1", "date": "2023-01-25"}
    assert claim["rating"] == "misleading"  # the verdict's words are one of the scale's labels
    original = claim["imported"]["rating"]
    assert (original["label"], original["value"], original["best"], original["worst"]) == ("MISLEADING", 2, 5, 1)
    assert original["explanation"].startswith("భారత్ జోడో యాత్రలో")
    for missing in ("summary", "analysis", "statement", "topics"):
        assert missing not in claim
    claimant = yaml.safe_load((site / "data" / "claimants" / "danmarks-radio.yaml").read_text(encoding="utf-8"))
    assert claimant == {"id": "danmarks-radio", "name": "Danmarks Radio", "kind": "organisation"}


def test_a_second_import_changes_nothing(site: Path, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(site / "data", data)
    before = _snapshot(data)
    assert _import(data, CORPUS) == 1
    assert _snapshot(data) == before


def test_an_updated_record_updates_its_file_and_an_edited_mapping_places_the_verdict(site: Path, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(site / "data", data)
    # The claim's own text, added by an editor, stays through later imports.
    path = data / "claims" / f"{MEDIEMOLLEN}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "topics: [prisoner-releases]\n", encoding="utf-8")
    mapping = data / "imported-ratings.yaml"
    mapping.write_text(
        mapping.read_text(encoding="utf-8").replace(
            'label: "Vildledende"\n    rating:', 'label: "Vildledende"\n    rating: misleading'
        ),
        encoding="utf-8",
    )
    page = (CORPUS / "folkets-dk-node-3762.html").read_text(encoding="utf-8")
    changed = tmp_path / "changed.html"
    changed.write_text(
        page.replace(
            '"datePublished" : "2019-10-11"', '"datePublished" : "2019-10-11",\n    "dateModified" : "2019-10-14"'
        ),
        encoding="utf-8",
    )
    before = sorted(p.name for p in (data / "claims").iterdir())
    assert _import(data, changed) == 0
    assert sorted(p.name for p in (data / "claims").iterdir()) == before
    claim = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert claim["imported"]["modified"] == "2019-10-14"
    assert claim["rating"] == "misleading"
    assert claim["topics"] == ["prisoner-releases"]


def _claim_review(page: Path) -> dict[str, Any]:
    html = page.read_text(encoding="utf-8")
    items = extruct.extract(html, base_url="https://example.org/", syntaxes=["json-ld"])["json-ld"]
    reviews = [i for i in items if i.get("@type") == "ClaimReview"]
    assert len(reviews) == 1, page
    return reviews[0]


def _numbers(rating: dict[str, Any]) -> dict[str, float]:
    return {k: float(rating[k]) for k in ("ratingValue", "bestRating", "worstRating") if k in rating}


def _appearances(item: dict[str, Any]) -> set[str]:
    works: list[Any] = []
    for key in ("firstAppearance", "appearance"):
        value = item.get(key)
        works += value if isinstance(value, list) else [value] if value else []
    return {w["url"] if isinstance(w, dict) else w for w in works}


def test_built_pages_claimreview_keeps_the_original_record(site: Path):
    edition = ""  # a claim in no edition's language has its ClaimReview on the main edition's page
    records = _records()
    pages = {FACTLY: "https://factly.in/telugu-rahul-gandhi-did-not-promise-to-revoke-article-370/"}
    pages[MEDIEMOLLEN] = "https://www.folkets.dk/node/3762"
    for claim, url in pages.items():
        original = records[url]
        review = _claim_review(site / "site" / edition / "claims" / claim / "index.html")
        assert review["url"].endswith(f"/claims/{claim}/")
        assert review["isBasedOn"] == url
        assert review["claimReviewed"] == original["claimReviewed"]
        assert review["datePublished"] == original["datePublished"]
        assert review["author"]["name"] == original["author"]["name"]
        assert review["author"]["url"] == original["author"]["url"]
        assert review["reviewRating"]["alternateName"] == original["reviewRating"]["alternateName"]
        assert _numbers(review["reviewRating"]) == _numbers(original["reviewRating"])
        item, reviewed = review["itemReviewed"], original["itemReviewed"]
        assert item["author"]["name"] == reviewed["author"]["name"]
        assert item["author"]["@type"] == reviewed["author"]["@type"]
        assert item["datePublished"] == reviewed["datePublished"]
        assert _appearances(item) == _appearances(reviewed)
    # One ClaimReview per review: the other edition's page is a copy, pointing to this one.
    copy = (site / "site" / "es" / "claims" / FACTLY / "index.html").read_text(encoding="utf-8")
    assert extruct.extract(copy, base_url="https://example.org/", syntaxes=["json-ld"])["json-ld"] == []
    factly = _claim_review(site / "site" / edition / "claims" / FACTLY / "index.html")
    assert factly["reviewRating"]["ratingExplanation"] == records[pages[FACTLY]]["reviewRating"]["ratingExplanation"]


def test_an_imported_page_says_whose_rating_it_is_and_links_to_the_original(site: Path):
    html = (site / "site" / "claims" / FACTLY / "index.html").read_text(encoding="utf-8")
    assert "Our rating" not in html
    assert "In our words" not in html and "The claim we checked" not in html  # FACTLY's words and check
    assert "In FACTLY&#39;s words:" in html or "In FACTLY's words:" in html
    assert "FACTLY&#39;s rating" in html or "FACTLY's rating" in html
    assert "2 on a scale from 1 to 5" in html
    assert 'href="https://factly.in/telugu-rahul-gandhi-did-not-promise-to-revoke-article-370/"' in html
    assert "Imported" in html
    # The appearance has only an address, which names it in the sources.
    link = "https://www.facebook.com/photo?fbid=2720358358094191&amp;set=a.279021575561227"
    assert f'<a href="{link}">{link}</a>' in html
    assert ">None<" not in html
    own = (site / "site" / "claims" / "government-808-released" / "index.html").read_text(encoding="utf-8")
    assert "Our rating" in own


def test_synthetic_api_answer_is_imported_without_inventing_what_it_lacks(tmp_path: Path, capsys):
    root = copy_example_site(tmp_path)
    assert _import(root / "data", SYNTHETIC / "synthetic-factcheck-api.json") == 0
    out = capsys.readouterr().out
    assert "datePublished '2024-03-05T10:30:00Z' kept as 2024-03-05" in out
    assert "the record does not say what kind of author made the claim" in out
    claim_file = found((root / "data" / "claims").glob("synthetic-*.yaml"))[0]
    claim = yaml.safe_load(claim_file.read_text(encoding="utf-8"))
    assert claim["language"] == "en"
    assert claim["rating"] == "false-claim"  # "False" is the scale's label for it
    assert "said" not in claim and "sources" not in claim  # the API gives no appearance
    claimant = yaml.safe_load((root / "data" / "claimants" / "synthetic-claimant.yaml").read_text(encoding="utf-8"))
    assert claimant == {"id": "synthetic-claimant", "name": "Synthetic Claimant"}


def test_ids_are_transliterated_where_the_script_allows_else_publisher_and_date():
    assert claim_id("Vi er på vej mod et klima", "Mediemøllen", "2019-10-11") == "vi-er-pa-vej-mod-et-klima"
    assert claim_id("Путин сказал", "Provereno", "2022-03-01") == "putin-skazal"
    assert claim_id("جمهورية مصر", "Misbar", "2021-05-02") == "misbar-2021-05-02"
    assert claim_id("జమ్మూ కాశ్మీర్లో", "FACTLY", "2023-01-25") == "factly-2023-01-25"


def test_old_addresses_on_the_sites_own_host_redirect_to_the_new_pages(site: Path):
    page = (site / "site" / "node" / "3762" / "index.html").read_text(encoding="utf-8")
    new = f"https://www.folkets.dk/claims/{MEDIEMOLLEN}/"
    assert f'<meta http-equiv="refresh" content="0; url={new}">' in page
    assert f'<link rel="canonical" href="{new}">' in page
    assert (site / "site" / "_redirects").read_text(encoding="utf-8") == f"/node/3762 /claims/{MEDIEMOLLEN}/ 301\n"
    # FACTLY's address is on another host: not this site's to redirect.
    assert "factly" not in (site / "site" / "_redirects").read_text(encoding="utf-8")


def test_imported_pages_show_no_raw_markup_none_or_empty_elements(site: Path):
    pages = found(
        p
        for claim in (FACTLY, MEDIEMOLLEN)
        for p in (
            site / "site" / "claims" / claim / "index.html",
            site / "site" / "es" / "claims" / claim / "index.html",
        )
    )
    pages += [site / "site" / "claimants" / "social-media-post" / "index.html", site / "site" / "claims" / "index.html"]
    for page in pages:
        assert defects(page.read_text(encoding="utf-8")) == [], page


def _saved_page(folder: Path, lang: str, in_language: str | None) -> Path:
    """A synthetic saved page: a ClaimReview in JSON-LD inside ``<html lang=...>``."""
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://checks.example.org/2024/05/vacinas",
        "claimReviewed": "Vacinas alteram o DNA",
        "datePublished": "2024-05-02",
        "author": {"@type": "Organization", "name": "Exemplo Checagem"},
        "reviewRating": {"@type": "Rating", "alternateName": "Falso"},
    }
    if in_language:
        review["inLanguage"] = in_language
    page = folder / "saved.html"
    page.write_text(
        f'<!doctype html><html lang="{lang}"><head><script type="application/ld+json">'
        f"{json.dumps(review)}</script></head><body></body></html>",
        encoding="utf-8",
    )
    return page


@pytest.mark.parametrize(("lang", "in_language", "expected"), [("pt-BR", None, "pt"), ("pt-BR", "es", "es")])
def test_a_saved_page_without_inlanguage_is_taken_in_the_language_the_page_declares(
    tmp_path: Path, lang: str, in_language: str | None, expected: str
):
    root = copy_example_site(tmp_path / "site")
    page = _saved_page(tmp_path, lang, in_language)
    cli.main(["import", "--data", str(root / "data"), str(page)])
    written = found((root / "data" / "claims").glob("vacinas-*.yaml"))
    claim = yaml.safe_load(written[0].read_text(encoding="utf-8"))
    assert claim["language"] == expected
