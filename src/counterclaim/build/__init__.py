"""The build: runs load, check, render and publish over a site, and alone owns what makes that
fast and safe: the build cache and what its keys digest, worker processes, pickling, and the
staging folder that replaces the published site only when a build succeeds.
"""
