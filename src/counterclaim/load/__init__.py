"""Step 1, loading: each data file read once into plain values that remember where each was
written, held to the limits, validated against the schema; the one Markdown parser (what a text
cites and links to); the site's settings read from ``mkdocs.yml`` without MkDocs.
"""
