"""Scripts that rebuild curated tables in data/ from their original documents.

One module per table, each runnable as ``python -m curation.<table> RAW_DIR``
(see README, section "Curation"). Nothing here is imported by the book's build.
"""
