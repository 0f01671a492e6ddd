/** A position as stored: its organization is an id, or a populated record with one. */
export type Position = { endDate?: null | string; organization?: unknown; title?: null | string }

/** An empty end date, or one not yet passed, means the person still holds the office. */
export const isCurrent = (position: Position, now: number): boolean =>
  !position.endDate || new Date(position.endDate).getTime() >= now

/** The positions with a title that are held at `now`. */
export const currentPositions = (positions: Position[], now: number): Position[] =>
  positions.filter((position) => position.title && isCurrent(position, now))

/**
 * "Phó Giám đốc – Sở Nội vụ; Trưởng đoàn – Đoàn kiểm tra": the current positions, each with its
 * organization's name when `nameOf` knows it.
 */
export const summarizeCurrent = (
  positions: Position[],
  nameOf: (organization: unknown) => string | undefined,
  now: number,
): string =>
  currentPositions(positions, now)
    .map((position) => {
      const organization = nameOf(position.organization)
      return organization ? `${String(position.title)} – ${organization}` : String(position.title)
    })
    .join('; ')
