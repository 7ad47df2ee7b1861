"""The site's counterclaim settings, read from ``mkdocs.yml`` without MkDocs.

The checker and the scaffolding must find the data folder and the site's language the way the
build does, without importing MkDocs (the core never does). Only the ``counterclaim`` entry of
``plugins`` is read. ``mkdocs.yml`` may use MkDocs' own YAML tags: ``!ENV`` is resolved as
MkDocs resolves it, and any other tag (``!relative``, ``!!python/name:...``) is read as plain
data, since nothing the checker needs is written with it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from counterclaim.model.diagnostics import Diagnostic, error

CONFIG_FILE = "mkdocs.yml"
DEFAULT_DATA_DIR = "data"
DEFAULT_LANGUAGE = "en"
DEFAULT_CACHE_DIR = ".counterclaim-cache"


class SiteConfigError(Exception):
    """The configuration file cannot be read, or its counterclaim settings make no sense."""


@dataclass(frozen=True)
class SiteConfig:
    data_dir: Path
    language: str
    #: Where the build keeps its cache (None when there is no mkdocs.yml, or it turns caching off).
    cache_dir: Path | None = None
    #: The languages published besides ``language``.
    extra_languages: tuple[str, ...] = ()
    #: The configuration file read, and the folders of interface strings the site's theme
    #: searches, first to last: its own (``custom_dir``) before counterclaim's (empty without one).
    config_file: Path | None = None
    locale_dirs: tuple[Path, ...] = ()


class _ConfigLoader(yaml.SafeLoader):
    """PyYAML's safe loader, tolerant of the tags a ``mkdocs.yml`` may contain."""


def _env(loader: _ConfigLoader, node: yaml.Node) -> Any:
    # `!ENV NAME` or `!ENV [NAME, OTHER, default]`: the first variable that is set, else the
    # last item as a default (None when every item names a variable).
    if isinstance(node, yaml.ScalarNode):
        names: list[Any] = [loader.construct_scalar(node)]
        default = None
    else:
        assert isinstance(node, yaml.SequenceNode)
        names = list(loader.construct_sequence(node))
        default = names.pop() if len(names) > 1 else None
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name]) if os.environ[name] else None
    return default


def _untagged(loader: _ConfigLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    assert isinstance(node, yaml.ScalarNode)
    return loader.construct_scalar(node)


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("", _untagged)


def find_site_config(config_file: Path | None = None) -> SiteConfig:
    """The settings in ``config_file``, or in ``mkdocs.yml`` here, or the defaults if there is none.

    The data folder is relative to the folder of the configuration file, as in the build.
    Raises :class:`SiteConfigError` when a configuration file is given but missing, or cannot be
    read.
    """
    if config_file is None:
        config_file = Path(CONFIG_FILE)
        if not config_file.is_file():
            return SiteConfig(Path(DEFAULT_DATA_DIR), DEFAULT_LANGUAGE)
    try:
        text = config_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
        raise SiteConfigError(f"cannot read {config_file}: {reason}") from None
    try:
        config = yaml.load(text, Loader=_ConfigLoader)
    except yaml.YAMLError as exc:
        raise SiteConfigError(f"cannot read {config_file}: it is not valid YAML ({exc})") from None
    options = _plugin_options(config)
    if options is None:
        raise SiteConfigError(f"{config_file}: the counterclaim settings under 'plugins' are not a group of fields")
    data_dir = options.get("data_dir", DEFAULT_DATA_DIR)
    language = options.get("language", DEFAULT_LANGUAGE)
    if not isinstance(data_dir, str) or not isinstance(language, str):
        raise SiteConfigError(f"{config_file}: counterclaim's data_dir and language must be text")
    cache_dir = options.get("cache_dir", DEFAULT_CACHE_DIR)
    cache = config_file.parent / cache_dir if isinstance(cache_dir, str) and cache_dir else None
    extra = options.get("extra_languages", [])
    extra_languages = tuple(str(lang) for lang in extra) if isinstance(extra, list) else ()
    theme = config.get("theme") if isinstance(config, dict) else None
    locales = _theme_locales(config_file.parent, theme) if theme is not None else ()
    return SiteConfig(config_file.parent / data_dir, language, cache, extra_languages, config_file, locales)


#: The folder of a theme that holds its interface strings, one file per language.
LOCALES = "locales"
#: The name counterclaim's theme is registered under (``theme: name: counterclaim``).
THEME_NAME = "counterclaim"
#: The theme, as installed with the package.
THEME_DIR = Path(__file__).resolve().parents[1] / "theme"


def _theme_locales(folder: Path, theme: Any) -> tuple[Path, ...]:
    """The folders of interface strings MkDocs' theme would search, as MkDocs searches a theme's
    templates: the site's ``custom_dir`` first, then counterclaim's theme when it is the one named."""
    if isinstance(theme, str):
        theme = {"name": theme}
    if not isinstance(theme, dict):
        return ()
    found = []
    custom_dir = theme.get("custom_dir")
    if isinstance(custom_dir, str):
        found.append(folder / custom_dir / LOCALES)
    if theme.get("name") == THEME_NAME:
        found.append(THEME_DIR / LOCALES)
    return tuple(found)


def language_problems(
    config_file: Path, shown: str, languages: Sequence[str], locale_dirs: Sequence[Path]
) -> list[Diagnostic]:
    """Each language the site is published in that the theme has no interface strings for, at
    the place in ``config_file`` (shown as ``shown``) where the language is named: the build
    cannot make its pages, so the checker says so too. ``locale_dirs`` are the theme's folders of
    strings, the site's own first."""
    missing = [
        lang for lang in dict.fromkeys(languages) if not any((d / f"{lang}.yaml").is_file() for d in locale_dirs)
    ]
    if not missing:
        return []
    places = _language_places(config_file)
    # A new language's file goes in the site's own folder (the first), never in counterclaim's:
    # an upgrade replaces that.
    own = locale_dirs[0] if locale_dirs else THEME_DIR / LOCALES
    setup = ""
    if own == THEME_DIR / LOCALES:
        own = config_file.parent / "overrides" / LOCALES
        setup = " (and set custom_dir: overrides under theme in mkdocs.yml)"
    folder = _shown(own, config_file)
    reference = next((d / "en.yaml" for d in reversed(locale_dirs) if (d / "en.yaml").is_file()), own / "en.yaml")
    available = sorted({p.stem for d in locale_dirs if d.is_dir() for p in d.glob("*.yaml")})
    found = []
    for lang in missing:
        line, column = places.get(lang, (1, 1))
        found.append(
            error(
                shown,
                line,
                column,
                f"the theme has no interface strings for the language '{lang}' ({folder}/{lang}.yaml), so the"
                " site cannot be built in it",
                f"the languages it has strings for are: {', '.join(available) or 'none'}; to publish in '{lang}',"
                f" copy {_shown(reference, config_file)} to {folder}/{lang}.yaml{setup}, set its 'locale' and"
                " translate it",
                code="no-interface-strings",
            )
        )
    return found


def _shown(path: Path, config_file: Path) -> str:
    """``path`` as the site's owner would write it: relative to the site's folder when inside it."""
    try:
        return path.resolve().relative_to(config_file.parent.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _language_places(config_file: Path) -> dict[str, tuple[int, int]]:
    """Where each language is named under counterclaim's settings (``language`` and
    ``extra_languages``), as 1-based line and column."""
    try:
        root = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    places: dict[str, tuple[int, int]] = {}
    options = _plugin_node(root)
    if options is None:
        return places
    for key, value in options.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        named = [value] if key.value == "language" else []
        if key.value == "extra_languages" and isinstance(value, yaml.SequenceNode):
            named = list(value.value)
        for node in named:
            if isinstance(node, yaml.ScalarNode):
                places.setdefault(str(node.value), (node.start_mark.line + 1, node.start_mark.column + 1))
    return places


def _plugin_node(root: yaml.Node | None) -> yaml.MappingNode | None:
    """The node of counterclaim's options in a composed ``mkdocs.yml``."""
    plugins = _entry(root, "plugins")
    entries: list[yaml.Node] = []
    if isinstance(plugins, yaml.SequenceNode):
        entries = list(plugins.value)
    elif isinstance(plugins, yaml.MappingNode):
        entries = [plugins]
    for entry in entries:
        options = _entry(entry, "counterclaim")
        if isinstance(options, yaml.MappingNode):
            return options
    return None


def _entry(node: yaml.Node | None, name: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == name and isinstance(value, yaml.Node):
                return value
    return None


def _plugin_options(config: Any) -> dict[str, Any] | None:
    """The options of the counterclaim plugin; {} when it is not listed or has none."""
    plugins = config.get("plugins") if isinstance(config, dict) else None
    entries: list[Any]
    if isinstance(plugins, dict):
        entries = [{name: options} for name, options in plugins.items()]
    elif isinstance(plugins, list):
        entries = plugins
    else:
        return {}
    for entry in entries:
        if isinstance(entry, dict) and "counterclaim" in entry:
            options = entry["counterclaim"]
            if options is None:
                return {}
            return options if isinstance(options, dict) else None
    return {}
