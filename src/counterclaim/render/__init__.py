"""Step 3, rendering: which pages the data gives rise to and what each shows, in each language:
views of claims and lists, Markdown as HTML with numbered citations, charts, the address scheme
and the interface strings.
"""
