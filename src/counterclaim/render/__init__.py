"""Step 3, rendering: what each page shows and its HTML pieces, in each language: Markdown with
numbered citations, views of claims and lists, charts, the address scheme and the interface
strings.
"""
