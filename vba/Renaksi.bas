Attribute VB_Name = "Renaksi"
Option Explicit

' The one callback of every button on the Renaksi tab (vba/customUI14.xml).
' Python decides what to do from the button's id: renaksi_xl.excel.tombol.dispatch.
Public Sub RenaksiRibbon(control As IRibbonControl)
    RunPython "import renaksi_xl.excel.tombol as renaksi; renaksi.dispatch('" & control.Id & "')"
End Sub
