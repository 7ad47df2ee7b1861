"""Starting files for a new claim or claimant, with a comment on every field.

The blanks are fields with nothing after their colon. Until each is filled in, ``counterclaim
check`` says which one is empty and at which line; once they are, the file passes. The first
line names the schema, so that editors offer completion and descriptions.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from counterclaim.load.schema import SCHEMA_FILES, schema_dir

#: What ``counterclaim new`` can create, and the data subfolder each goes in.
KINDS = {"claim": "claims", "claimant": "claimants"}

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_ID_MAX = 80


class ScaffoldError(Exception):
    """The file cannot be written; the message says why in plain words."""


CLAIM = """\
# yaml-language-server: $schema={schema}
#
# A new fact-check. Fill in every field that is empty, then check the file with
#   counterclaim check {path}
# Text that contains ': ' or ' #', or starts with a quotation mark, [, {{, *, & or !, must be
# put inside double quotes. Dates are written YYYY-MM-DD.

# The claim's permanent name, the same as this file's name. The page is published at
# /claims/{id}/: never change it after publication.
id: {id}

# Who made the statement: the name of a file in {data}/claimants/, without .yaml.
claimant:

# What the claimant said that we rate, in our words: a faithful summary. Put any words they
# used exactly inside quotation marks. The page shows it as "In our words".
statement:

# Only if the statement above is the claimant's exact words, copied from the source named
# under 'said', remove the # below: the page then shows it as a quotation.
# exact: true

# The claim in at most 75 characters, without the verdict. It becomes the page title.
short:

# Where and when it was said.
said:
  # The key of the source below that shows the statement being made.
  source: statement-source
  # When it was said, if a source says so: YYYY-MM-DD, or YYYY-MM or YYYY.
  # date: YYYY-MM-DD

# Our verdict: the id of a rating in {data}/ratings.yaml.
rating:

# Topics this claim belongs to: ids from {data}/topics.yaml. Optional.
# topics: [topic-id]

# Two or three sentences a reader can stop at: what the evidence shows, and why the rating
# follows from it. Write the text on the lines below, indented by two spaces.
summary: >-

# The full reasoning. Cite a source after each checkable sentence with [^key], where key is a
# name under 'sources' below. Write the text on the lines below, indented by two spaces; leave
# an empty line between paragraphs.
analysis: |

# The day this fact-check is published: YYYY-MM-DD.
published:

# The number in the statement, if there is one. Optional: remove the # signs to use it.
# figure:
#   value: 400                  # or, for a range: low: 60 and high: 116
#   qualifier: more-than        # exactly, about, more-than, at-least, fewer-than or at-most
#   unit: political prisoners released
#   definition: What exactly is counted, and what is not.
#   window: {{start: YYYY-MM-DD, end: YYYY-MM-DD}}   # the period counted
#   as_of: YYYY-MM-DD           # when the number was given
#   sources: [statement-source]

# Every source this fact-check cites. The name above each one is its key, used to cite it as
# [^key]: rename the keys to something short in lowercase and hyphens, such as
# infobae-2026-01-14, and copy a block to add a source. Two sources from different publishers
# make a rating stronger.
sources:
  statement-source:
    # The headline or title, exactly as published.
    title:
    # The outlet, organisation or institution that published it.
    publisher:
    # When it was published: YYYY-MM-DD, or YYYY-MM or YYYY.
    published:
    # Where it can be read: https://... If the address is not known, write 'link: unknown'
    # instead; if publishing it could put someone at risk, write 'link: withheld'.
    url:
    # A copy saved on web.archive.org or archive.today, in case the page changes.
    archive_url:

  evidence-source:
    title:
    publisher:
    published:
    url:
    archive_url:
"""

CLAIMANT = """\
# yaml-language-server: $schema={schema}
#
# A person, organisation or government whose statements are checked or cited. Fill in every
# field that is empty, then check the file with
#   counterclaim check {path}

# The claimant's permanent name, the same as this file's name. Claims name the claimant with
# it, as 'claimant: {id}'.
id: {id}

# The name as readers know it.
name:

# One of: person, organisation, government, other.
kind:

# Who they are, in one sentence, as a reader needs to know it. Optional.
# description: Role and affiliation.

# Their Wikidata item, if you are sure it is the right one. Optional.
# wikidata: https://www.wikidata.org/wiki/Q...

# Their official website. Optional.
# url: https://...

# The colour of their figures in the charts: blue, orange, green, purple, red, teal, pink or
# grey. Optional: without it, one is chosen from the id.
# colour: blue
"""

_TEMPLATES = {"claim": CLAIM, "claimant": CLAIMANT}


def check_id(new_id: str) -> None:
    """Raise :class:`ScaffoldError` unless ``new_id`` can name a file and a web address."""
    if not _ID.match(new_id) or len(new_id) > _ID_MAX:
        raise ScaffoldError(
            f"'{new_id}' cannot be used as an id: use lowercase letters a-z, digits and single hyphens,"
            f" at most {_ID_MAX} characters, such as 'government-says-400-released'"
        )


def starting_text(kind: str, new_id: str, target: Path, data_dir: Path) -> str:
    """The commented starting file for a ``kind`` called ``new_id``, to be written at ``target``."""
    return _TEMPLATES[kind].format(
        schema=_schema_reference(kind, target, data_dir),
        id=new_id,
        path=_shown(target),
        data=_shown(data_dir),
    )


def create(kind: str, new_id: str, data_dir: Path) -> Path:
    """Write the starting file for a new ``kind`` (claim or claimant) and return its path.

    Never overwrites: raises :class:`ScaffoldError` if the file exists, the id is not lowercase
    kebab-case, or the data folder does not exist.
    """
    check_id(new_id)
    if not data_dir.is_dir():
        raise ScaffoldError(
            f"there is no data folder at {_shown(data_dir)}: run this in the site's folder, or give --data"
        )
    target = data_dir / KINDS[kind] / f"{new_id}.yaml"
    text = starting_text(kind, new_id, target, data_dir)
    target.parent.mkdir(exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{_shown(target)} already exists; it was left as it was") from None
    return target


def _schema_reference(kind: str, target: Path, data_dir: Path) -> str:
    """The schema's address as seen from ``target``: relative when it can be."""
    name = SCHEMA_FILES[kind]
    beside = data_dir.parent / "schema" / name
    schema = beside if beside.is_file() else schema_dir() / name
    try:
        return os.path.relpath(os.path.abspath(schema), os.path.abspath(target.parent)).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return schema.resolve().as_uri()


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path).replace(os.sep, "/")
    except ValueError:
        return str(path)
