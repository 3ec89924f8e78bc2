//go:build !windows && !darwin

package printout

// printCommand is CUPS's lp: "lp -d PRINTER -- FILE".
func printCommand(pdfPath, printer string) (string, []string) {
	args := []string{}
	if printer != "" {
		args = append(args, "-d", printer)
	}
	return "lp", append(args, "--", pdfPath)
}
