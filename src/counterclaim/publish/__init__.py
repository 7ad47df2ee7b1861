"""Step 4, publishing: every language's pages put together, and the files beside them: Atom
feeds, the search index, the open-data export, ClaimReview and the sitemap.
"""
