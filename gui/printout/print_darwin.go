//go:build darwin

package printout

// printCommand is macOS's lpr (CUPS underneath): "lpr -P PRINTER FILE".
func printCommand(pdfPath, printer string) (string, []string) {
	args := []string{}
	if printer != "" {
		args = append(args, "-P", printer)
	}
	return "lpr", append(args, "--", pdfPath)
}
