package autoconfig

import (
	"bytes"
	"encoding/xml"
)

// decodeLoose decodes XML that parseXML already accepted.
func decodeLoose(raw []byte, v any) error {
	dec := xml.NewDecoder(bytes.NewReader(raw))
	dec.Strict = false
	return dec.Decode(v)
}
