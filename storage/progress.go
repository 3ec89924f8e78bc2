package storage

import (
	"sort"
	"time"
)

// Progress is how far a running sync has come in one folder.
type Progress struct {
	AccountID string
	Folder    string
	Phase     string // "headers", "bodies" or "download"
	Done      int
	Total     int
	Bytes     int64
	Updated   time.Time
}

// SetProgress records progress for an account's folder and wakes
// subscribers. Done == Total clears it.
func (s *Store) SetProgress(p Progress) {
	p.Updated = time.Now()
	s.mu.Lock()
	if s.progress == nil {
		s.progress = map[string]Progress{}
	}
	key := p.AccountID + "\x00" + p.Folder
	if p.Total > 0 && p.Done >= p.Total {
		delete(s.progress, key)
	} else {
		s.progress[key] = p
	}
	s.mu.Unlock()
	s.notify(ChangeProgress)
}

// Progress returns the syncs in progress, by account and folder.
func (s *Store) Progress() []Progress {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Progress, 0, len(s.progress))
	for _, p := range s.progress {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].AccountID != out[j].AccountID {
			return out[i].AccountID < out[j].AccountID
		}
		return out[i].Folder < out[j].Folder
	})
	return out
}
