"""Finding the data folder and the language in mkdocs.yml, as the build would, without MkDocs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from counterclaim.load.site_config import THEME_DIR, SiteConfig, SiteConfigError, find_site_config


def settings_from(tmp_path: Path, text: str) -> SiteConfig:
    config = tmp_path / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return where_and_what(find_site_config(config))


def where_and_what(settings: SiteConfig) -> SiteConfig:
    """The data folder, language and cache only (the tests of the languages and theme are below)."""
    return replace(settings, extra_languages=(), config_file=None, locale_dirs=())


def test_the_counterclaim_options_are_read_relative_to_the_configuration_file(tmp_path):
    found = settings_from(
        tmp_path, "plugins:\n  - search\n  - counterclaim:\n      data_dir: facts\n      language: es\n"
    )
    assert found == SiteConfig(tmp_path / "facts", "es", tmp_path / ".counterclaim-cache")


def test_the_cache_folder_is_read_and_can_be_turned_off(tmp_path):
    found = settings_from(tmp_path, "plugins:\n  - counterclaim:\n      cache_dir: .cache/cc\n")
    assert found.cache_dir == tmp_path / ".cache" / "cc"
    off = settings_from(tmp_path, "plugins:\n  - counterclaim:\n      cache_dir: ''\n")
    assert off.cache_dir is None


def test_plugins_written_as_a_mapping_are_read_too(tmp_path):
    found = settings_from(tmp_path, "plugins:\n  search: {}\n  counterclaim:\n    language: es\n")
    assert found == SiteConfig(tmp_path / "data", "es", tmp_path / ".counterclaim-cache")


def test_the_plugin_listed_without_options_uses_the_defaults(tmp_path):
    assert settings_from(tmp_path, "plugins:\n  - counterclaim\n") == SiteConfig(
        tmp_path / "data", "en", tmp_path / ".counterclaim-cache"
    )
    assert settings_from(tmp_path, "plugins:\n  - counterclaim:\n") == SiteConfig(
        tmp_path / "data", "en", tmp_path / ".counterclaim-cache"
    )


def test_without_mkdocs_yml_here_the_defaults_are_used(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert where_and_what(find_site_config()) == SiteConfig(Path("data"), "en")


def test_mkdocs_yml_in_the_current_folder_is_read_when_no_file_is_given(tmp_path, monkeypatch):
    (tmp_path / "mkdocs.yml").write_text("plugins:\n  - counterclaim: {data_dir: facts}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert where_and_what(find_site_config()) == SiteConfig(Path("facts"), "en", Path(".counterclaim-cache"))


def test_an_env_tag_takes_the_first_variable_that_is_set_else_its_default(tmp_path, monkeypatch):
    text = "plugins:\n  - counterclaim:\n      data_dir: !ENV [FIRST, SECOND, fallback]\n      language: !ENV LANG_X\n"
    monkeypatch.delenv("FIRST", raising=False)
    monkeypatch.delenv("SECOND", raising=False)
    monkeypatch.setenv("LANG_X", "es")
    assert settings_from(tmp_path, text) == SiteConfig(tmp_path / "fallback", "es", tmp_path / ".counterclaim-cache")
    monkeypatch.setenv("SECOND", "from-second")
    assert settings_from(tmp_path, text).data_dir == tmp_path / "from-second"


def test_tags_the_checker_does_not_need_are_read_as_plain_values(tmp_path):
    text = (
        "markdown_extensions:\n"
        "  - pymdownx.superfences:\n"
        "      custom_fences:\n"
        "        - format: !!python/name:pymdownx.superfences.fence_code_format\n"
        "docs_dir: !relative $config_dir/docs\n"
        "plugins:\n  - counterclaim: {language: es}\n"
    )
    assert settings_from(tmp_path, text) == SiteConfig(tmp_path / "data", "es", tmp_path / ".counterclaim-cache")


def test_a_configuration_that_is_not_yaml_is_refused_with_its_name(tmp_path):
    with pytest.raises(SiteConfigError, match=r"cannot read .*mkdocs.yml: it is not valid YAML"):
        settings_from(tmp_path, "plugins: [counterclaim\n")


def test_counterclaim_options_that_are_not_a_group_of_fields_are_refused(tmp_path):
    with pytest.raises(SiteConfigError, match="not a group of fields"):
        settings_from(tmp_path, "plugins:\n  - counterclaim: data\n")


def test_a_data_dir_that_is_not_text_is_refused(tmp_path):
    with pytest.raises(SiteConfigError, match="must be text"):
        settings_from(tmp_path, "plugins:\n  - counterclaim: {data_dir: [a, b]}\n")


def test_a_configuration_file_that_does_not_exist_is_refused(tmp_path):
    with pytest.raises(SiteConfigError, match="cannot read"):
        find_site_config(tmp_path / "nowhere.yml")


def test_the_languages_and_the_themes_interface_strings_are_found_too(tmp_path):
    text = (
        "theme: {name: null, custom_dir: look}\n"
        "plugins:\n  - counterclaim:\n      language: es\n      extra_languages: [en, fr]\n"
    )
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    found = find_site_config(tmp_path / "mkdocs.yml")
    assert (found.language, found.extra_languages) == ("es", ("en", "fr"))
    assert found.config_file == tmp_path / "mkdocs.yml"
    assert found.locale_dirs == (tmp_path / "look" / "locales",)


def test_counterclaims_theme_is_searched_for_strings_after_the_sites_own(tmp_path):
    text = "theme:\n  name: counterclaim\n  custom_dir: overrides\nplugins:\n  - counterclaim\n"
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    found = find_site_config(tmp_path / "mkdocs.yml")
    assert found.locale_dirs == (tmp_path / "overrides" / "locales", THEME_DIR / "locales")
    assert (THEME_DIR / "locales" / "en.yaml").is_file()
