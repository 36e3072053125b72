"""Reading a document that is not the tool's own template — the old 2020 layout, or today's
Permendagri 90 shape as .txt/.tsv or a free .xlsx — in two steps: recognise each table
(:mod:`.tablemap`, :mod:`.captions`, :mod:`.judge`: a role per column, and whether it is a
Renaksi plan at all), then read its rows into the model (:mod:`.sheets`, :mod:`.builder`,
:mod:`.items`, :mod:`.cells`, :mod:`.levels`, :mod:`.preamble`, :mod:`.signature`).

The old module paths :mod:`renaksi_xl.berkas.recognise` and :mod:`renaksi_xl.berkas.legacy`
re-export the public names, so callers need not know this split.
"""
