"""What one data file may hold: its size, how deeply it nests, how many entries a list or group
has, how long a text, a word or a field name is, and how large a number. Beyond these a file is
refused with a message, before it can cost minutes to read or seconds for a browser to lay out.
"""

from __future__ import annotations

MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 40
#: The longest text one value may hold: a long analysis is some tens of thousands of characters.
MAX_TEXT_CHARS = 100_000
#: The longest field name (source keys and language codes are short).
MAX_KEY_CHARS = 200
#: The longest word (a run of characters without a space) a text may hold: as long as the
#: longest web address. Browsers lay out a word of tens of thousands of letters in seconds.
MAX_WORD_CHARS = 2_000
#: The most entries one list or group may hold (a claim cites dozens of sources, not thousands).
MAX_ENTRIES = 5_000
#: The largest number a figure may be; beyond it, numbers lose precision or cannot be drawn.
MAX_NUMBER = 1e15
