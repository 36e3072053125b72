"""Excel: the entry points of the buttons (:mod:`renaksi_xl.excel.tombol`, the only module that
imports xlwings), the xlwings Lite scripts and the add-in build."""
