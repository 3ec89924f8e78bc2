//go:build !race

package message

// raceSlowdown is how many times slower code runs under the race
// detector, for processor-time budgets: 1 without it.
const raceSlowdown = 1

// raceAllocSlack is how many times more the race detector makes code
// allocate: 1 without it.
const raceAllocSlack = 1
