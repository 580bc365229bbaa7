"""The benchmark harness (``bench``) and its command line (``run.py``); not part of the package."""
