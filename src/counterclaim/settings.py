"""The site's counterclaim settings, read from ``mkdocs.yml`` without MkDocs.

The checker and the scaffolding must find the data folder and the site's language the way the
build does, without importing MkDocs (the core never does). Only the ``counterclaim`` entry of
``plugins`` is read. ``mkdocs.yml`` may use MkDocs' own YAML tags: ``!ENV`` is resolved as
MkDocs resolves it, and any other tag (``!relative``, ``!!python/name:...``) is read as plain
data, since nothing the checker needs is written with it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CONFIG_FILE = "mkdocs.yml"
DEFAULT_DATA_DIR = "data"
DEFAULT_LANGUAGE = "en"
DEFAULT_CACHE_DIR = ".counterclaim-cache"


class SettingsError(Exception):
    """The configuration file cannot be read, or its counterclaim settings make no sense."""


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    language: str
    #: Where the build keeps its cache (None when there is no mkdocs.yml, or it turns caching off).
    cache_dir: Path | None = None


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


def find_settings(config_file: Path | None = None) -> Settings:
    """The settings in ``config_file``, or in ``mkdocs.yml`` here, or the defaults if there is none.

    The data folder is relative to the folder of the configuration file, as in the build.
    Raises :class:`SettingsError` when a configuration file is given but missing, or cannot be
    read.
    """
    if config_file is None:
        config_file = Path(CONFIG_FILE)
        if not config_file.is_file():
            return Settings(Path(DEFAULT_DATA_DIR), DEFAULT_LANGUAGE)
    try:
        text = config_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
        raise SettingsError(f"cannot read {config_file}: {reason}") from None
    try:
        config = yaml.load(text, Loader=_ConfigLoader)
    except yaml.YAMLError as exc:
        raise SettingsError(f"cannot read {config_file}: it is not valid YAML ({exc})") from None
    options = _plugin_options(config)
    if options is None:
        raise SettingsError(f"{config_file}: the counterclaim settings under 'plugins' are not a group of fields")
    data_dir = options.get("data_dir", DEFAULT_DATA_DIR)
    language = options.get("language", DEFAULT_LANGUAGE)
    if not isinstance(data_dir, str) or not isinstance(language, str):
        raise SettingsError(f"{config_file}: counterclaim's data_dir and language must be text")
    cache_dir = options.get("cache_dir", DEFAULT_CACHE_DIR)
    cache = config_file.parent / cache_dir if isinstance(cache_dir, str) and cache_dir else None
    return Settings(config_file.parent / data_dir, language, cache)


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
