"""The fact-check domain as values: claims, counter-claims, figures, sources, claimants, ratings,
topics, dates as sources give them, and diagnostics (what is wrong with the data, and where).

Everything else is built on these; they know nothing of files, HTML, caches or MkDocs.
"""
