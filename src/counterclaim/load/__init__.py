"""Step 1, loading: data files read into plain values that remember where each was written,
validated against the schema, and made into the model; the site's settings read from
``mkdocs.yml`` without MkDocs.
"""
