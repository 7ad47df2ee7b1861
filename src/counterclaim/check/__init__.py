"""Step 2, checking: the rules the schema cannot express (references, citations, links, dates),
one claim file checked whole, the warnings that say what would make a claim stronger, and how
problems are shown.
"""
