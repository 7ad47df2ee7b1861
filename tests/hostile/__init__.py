"""The hostile-input corpus: see README.md in this folder."""
