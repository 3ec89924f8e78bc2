//go:build !race

package storage

// raceSlowdown is how many times slower code runs under the race
// detector, for processor-time budgets: 1 without it.
const raceSlowdown = 1
