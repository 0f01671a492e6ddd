/** A small deterministic generator, so that a failing sequence of random steps can be replayed. */
export const random = (seed: number) => {
  let state = seed >>> 0
  const next = () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
  return {
    int: (below: number) => Math.floor(next() * below),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    /** The items in an order of the seed's (in place). */
    shuffle: <T>(items: T[]): T[] => {
      for (let at = items.length - 1; at > 0; at -= 1) {
        const other = Math.floor(next() * (at + 1))
        ;[items[at], items[other]] = [items[other]!, items[at]!]
      }
      return items
    },
    /** Some of the items (each with a chance of 2 in 5), in their order. */
    some: <T>(items: readonly T[]): T[] => items.filter(() => next() < 0.4),
  }
}

export type Dice = ReturnType<typeof random>
