package printout

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
)

// maxFontBytes bounds the font files read: the largest system fonts
// (CJK with every weight in one collection) are some 60 MB.
const maxFontBytes = 80 << 20

// errNotTrueType says a font has no TrueType outlines: the PDF library
// embeds only those (OpenType fonts with CFF outlines, such as Noto Sans
// CJK, are passed over for another font).
var errNotTrueType = errors.New("not a TrueType font")

// tableRecord is one entry of a font's table directory.
type tableRecord struct {
	tag            string
	checksum       uint32
	offset, length uint32
}

// trueType returns a standalone TrueType font from data, a font file
// (.ttf) or a font collection (.ttc, whose face index it takes). It
// fails for anything the PDF library could not embed: CFF outlines, a
// truncated file, a missing table it needs.
func trueType(data []byte, index int) ([]byte, error) {
	if len(data) < 12 {
		return nil, fmt.Errorf("font: %d bytes: %w", len(data), errNotTrueType)
	}
	if string(data[:4]) != "ttcf" {
		if index != 0 {
			return nil, fmt.Errorf("font: face %d of a single font", index)
		}
		if _, err := tables(data, 0); err != nil {
			return nil, err
		}
		return data, nil
	}
	n := int(binary.BigEndian.Uint32(data[8:12]))
	if index < 0 || index >= n || 12+4*(index+1) > len(data) || n > 1<<16 {
		return nil, fmt.Errorf("font: collection has no face %d", index)
	}
	off := int(binary.BigEndian.Uint32(data[12+4*index:]))
	recs, err := tables(data, off)
	if err != nil {
		return nil, err
	}
	return extract(data, binary.BigEndian.Uint32(data[off:]), recs), nil
}

// needed are the tables the PDF library reads from a TrueType font.
var needed = []string{"head", "hhea", "hmtx", "maxp", "cmap", "loca", "glyf", "post"}

// tables reads the table directory at off and checks the font has
// TrueType outlines and every table the PDF library needs, inside data.
func tables(data []byte, off int) ([]tableRecord, error) {
	if off < 0 || off+12 > len(data) {
		return nil, fmt.Errorf("font: directory at %d: %w", off, errNotTrueType)
	}
	if v := binary.BigEndian.Uint32(data[off:]); v != 0x00010000 && v != 0x74727565 { // 1.0, "true"
		return nil, fmt.Errorf("font: version %08x: %w", v, errNotTrueType)
	}
	n := int(binary.BigEndian.Uint16(data[off+4:]))
	if off+12+16*n > len(data) {
		return nil, fmt.Errorf("font: table directory cut short: %w", errNotTrueType)
	}
	recs := make([]tableRecord, 0, n)
	have := map[string]bool{}
	for i := 0; i < n; i++ {
		p := data[off+12+16*i:]
		r := tableRecord{tag: string(p[:4]), checksum: binary.BigEndian.Uint32(p[4:]),
			offset: binary.BigEndian.Uint32(p[8:]), length: binary.BigEndian.Uint32(p[12:])}
		if uint64(r.offset)+uint64(r.length) > uint64(len(data)) {
			return nil, fmt.Errorf("font: table %q past the end: %w", r.tag, errNotTrueType)
		}
		have[r.tag] = true
		recs = append(recs, r)
	}
	for _, t := range needed {
		if !have[t] {
			return nil, fmt.Errorf("font: no %q table: %w", t, errNotTrueType)
		}
	}
	return recs, nil
}

// extract writes the tables recs of a collection's face as a font file
// of its own: a new directory, then each table at a 4-byte boundary.
// The tables' checksums stay valid, since their bytes do not change.
func extract(data []byte, version uint32, recs []tableRecord) []byte {
	sort.Slice(recs, func(i, j int) bool { return recs[i].tag < recs[j].tag })
	n := len(recs)
	size := 12 + 16*n
	for _, r := range recs {
		size += int(r.length+3) &^ 3
	}
	out := make([]byte, size)
	binary.BigEndian.PutUint32(out, version)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	pow := 1
	log := 0
	for pow*2 <= n {
		pow *= 2
		log++
	}
	binary.BigEndian.PutUint16(out[6:], uint16(16*pow))
	binary.BigEndian.PutUint16(out[8:], uint16(log))
	binary.BigEndian.PutUint16(out[10:], uint16(16*n-16*pow))
	at := 12 + 16*n
	for i, r := range recs {
		d := out[12+16*i:]
		copy(d, r.tag)
		binary.BigEndian.PutUint32(d[4:], r.checksum)
		binary.BigEndian.PutUint32(d[8:], uint32(at))
		binary.BigEndian.PutUint32(d[12:], r.length)
		copy(out[at:], data[r.offset:r.offset+r.length])
		at += int(r.length+3) &^ 3
	}
	return out
}
