//go:build race

package message

// raceSlowdown is how many times slower code runs under the race
// detector, for processor-time budgets.
const raceSlowdown = 10

// raceAllocSlack is how many times more the race detector makes code
// allocate (it keeps on the heap what would stay on the stack).
const raceAllocSlack = 2
