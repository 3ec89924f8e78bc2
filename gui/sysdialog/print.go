package sysdialog

// PreparedPrint is what a person chose in the system's print dialog
// (printer, copies, pages, paper): files printed with it go there with
// those settings, and no dialog opens again. Make one with
// PreparePrint.
type PreparedPrint struct {
	parent uintptr
	token  uint32
}
