"""The declarations of what each output shows (build/digests.py), on their own, over the
example's claims: a change to a registry entry an output declares changes its digest, a change
to one it does not declare leaves it as it was, and the declarations name everything the claim
names."""

from __future__ import annotations

import dataclasses

import pytest

from counterclaim.build.digests import NamedDigests, PartKeys, Shown, claim_page_shows, part_shows
from counterclaim.build.loading import load_dataset
from counterclaim.model.claims import Claim, Text
from counterclaim.model.dataset import Dataset
from counterclaim.publish.claimreview import Publisher
from counterclaim.publish.publication import Publication, SiteSettings
from counterclaim.render.i18n import load_catalogue
from samples import REPO, THEME, TODAY


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    result = load_dataset(REPO / "data", today=TODAY, root=REPO, workers=1)
    assert result.ok and len(result.dataset.claims) >= 4
    return result.dataset


def renamed_claimant(data: Dataset, claimant_id: str) -> Dataset:
    claimant = data.claimants[claimant_id]
    changed = dataclasses.replace(claimant, name=Text({"en": "Someone Else", "es": "Otra Persona"}))
    return dataclasses.replace(data, claimants={**data.claimants, claimant_id: changed})


def digest_of(data: Dataset, shown: Shown) -> str:
    return NamedDigests(data).shown(shown, language="en", catalogue="strings")


def parties(claim: Claim) -> set[str]:
    named = {c.claimant for c in claim.counter_claims} | {f.stated_by for f in claim.all_figures()}
    return named | ({claim.claimant} if claim.claimant else set())


def test_a_claim_page_declares_everyone_every_rating_topic_and_related_claim_it_names(dataset):
    for claim in dataset.claims.values():
        shown = claim_page_shows(claim)
        assert set(shown.claimants) == parties(claim)
        assert claim.rating in shown.ratings
        assert {x.previous_rating for x in claim.corrections if x.previous_rating} <= set(shown.ratings)
        assert shown.topics == claim.topics and shown.listed == claim.related and shown.scale_ends


def test_an_export_record_declares_only_the_claimant_and_rating_and_a_search_entry_everyone(dataset):
    claims = [c for c in dataset.claims.values() if parties(c) - {c.claimant}]
    assert claims, "the example's claims name others than their claimant"
    for claim in claims:
        assert set(part_shows("export", claim).claimants) == {claim.claimant}
        assert set(part_shows("review", claim).claimants) == {claim.claimant}
        search = part_shows("search", claim)
        assert set(search.claimants) == parties(claim) and search.catalogue and search.scale_order


@pytest.mark.parametrize("kind", ["page", "export", "search"])
def test_renaming_a_claimant_changes_exactly_the_digests_that_declare_them(dataset, kind):
    changed_some = unchanged_some = False
    for claimant_id in dataset.claimants:
        after = renamed_claimant(dataset, claimant_id)
        for claim in dataset.claims.values():
            shown = claim_page_shows(claim) if kind == "page" else part_shows(kind, claim)
            moved = digest_of(dataset, shown) != digest_of(after, shown)
            assert moved == (claimant_id in shown.claimants), (kind, claimant_id, claim.id)
            changed_some |= moved
            unchanged_some |= not moved
    assert changed_some and unchanged_some


def test_the_scale_s_ends_and_order_reach_only_what_declares_them(dataset):
    scale = dataset.ratings
    # The same ratings with the best one last in the file: the ends stay, the order moves.
    reordered = dataclasses.replace(
        dataset, ratings=dataclasses.replace(scale, ratings=(*scale.ratings[1:], scale.ratings[0]))
    )
    claim = next(iter(dataset.claims.values()))
    assert digest_of(dataset, part_shows("search", claim)) != digest_of(reordered, part_shows("search", claim))
    assert digest_of(dataset, part_shows("export", claim)) == digest_of(reordered, part_shows("export", claim))


def test_a_part_key_follows_the_claim_s_file_the_settings_and_the_interface_strings(dataset):
    catalogues = {lang: load_catalogue(THEME / "locales", lang) for lang in ("en", "es")}
    settings = SiteSettings(
        "https://checks.example.org/", "Checks", ("en", "es"), Publisher("Checkers", "https://checks.example.org/")
    )
    publication = Publication(dataset, catalogues, settings)
    claim_id = next(iter(dataset.claims))
    fingerprints = {claim_id: "file-1"}
    keys = PartKeys(publication, fingerprints)
    search, export = keys.key("search", claim_id, "es"), keys.key("export", claim_id, "")
    assert PartKeys(publication, {claim_id: "file-2"}).key("search", claim_id, "es") != search
    renamed = Publication(dataset, catalogues, dataclasses.replace(settings, site_name="Other"))
    assert PartKeys(renamed, fingerprints).key("export", claim_id, "") != export
    # The Spanish strings reach the Spanish search entry, not the English one nor the export.
    strings = dict(catalogues)
    strings["es"] = load_catalogue(THEME / "locales", "pt")
    other = PartKeys(Publication(dataset, strings, settings), fingerprints)
    assert other.key("search", claim_id, "es") != search
    assert other.key("search", claim_id, "en") == keys.key("search", claim_id, "en")
    assert other.key("export", claim_id, "") == export
