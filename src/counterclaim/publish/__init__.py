"""Step 4, publishing: every language's pages put together, with every page's template context
built in one place, and the files beside the pages: Atom feeds, the search index, the open-data
export, ClaimReview and the sitemap.
"""
