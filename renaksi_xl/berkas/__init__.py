"""Files: one door to read workbooks and text (loading, guarded), one to write them
(files, checked before publishing), the recogniser, the package patcher, the template
writer, marking, recalculation and rekap."""
