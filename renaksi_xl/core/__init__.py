"""The pure core: model, quantities, sifat, rules, computation, findings.

Nothing here reads or writes a file or imports openpyxl or xlwings."""
