"""The MkDocs adapter: the build mapped onto MkDocs' events (the ``counterclaim`` plugin)."""
