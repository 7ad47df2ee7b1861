"""counterclaim: a static site generator for fact-checks, built on MkDocs."""

__version__ = "0.1.0"
