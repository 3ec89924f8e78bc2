package testenv

import "testing"

func TestFreePortsAreDistinct(t *testing.T) {
	for round := 0; round < 20; round++ {
		ports, err := FreePorts(6)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int]bool{}
		for _, p := range ports {
			if p <= 0 || seen[p] {
				t.Fatalf("round %d: ports %v", round, ports)
			}
			seen[p] = true
		}
	}
}
