import type { Payload } from 'payload'

import { idOf } from '../../src/access'
import type { Position } from '../../src/lib/people/positions'
import { currentPositions, summarizeCurrent } from '../../src/lib/people/positions'
import { slugs } from '../../src/slugs'
import { organizationNames } from './hooks/summarizePositions'
import { asSystem } from '../../src/access/asSystem'
import { searchKeyOf } from '../../src/lib/vietnamese'
import { recordChanged } from '../../src/plugins/renderings'

type Person = {
  id: number | string
  name?: string
  positions?: Position[]
  positionsSummary?: null | string
}

/** When the summaries are refreshed: hourly, at five past (one job for all instances). */
export const REFRESH_CRON = '5 * * * *'

/**
 * `positionsSummary` is made on save from the positions not yet ended; an end date that passes
 * later leaves it naming an office the person no longer holds. This rewrites the summary of every
 * person with an ended position whose stored summary differs, on the record and on its latest
 * version when that is the published one (the admin shows it). A newer draft keeps its own, made
 * again when it is saved. Derived data only, written straight to the database: no new version,
 * no audit record, no hooks. System work, so it bypasses access. Returns how many it rewrote.
 */
export const refreshPositionSummaries = async (
  payload: Payload,
  now = Date.now(),
): Promise<number> => {
  const { docs } = await payload.find({
    collection: slugs.people,
    depth: 0,
    joins: false,
    // Derived data of every person, whoever may read it.
    ...asSystem(),
    pagination: false,
    select: { name: true, positions: true, positionsSummary: true },
    where: { 'positions.endDate': { less_than: new Date(now).toISOString() } },
  })
  const people = docs as Person[]
  // One lookup of every organization still held, not one per person.
  const names = await organizationNames(
    payload,
    people.flatMap((person) => currentPositions(person.positions ?? [], now)),
  )
  let rewritten = 0
  for (const person of people) {
    const summary = summarizeCurrent(
      person.positions ?? [],
      (organization) => names.get(String(idOf(organization))),
      now,
    )
    if (summary === (person.positionsSummary ?? '')) {
      continue
    }
    await payload.db.updateOne({
      collection: slugs.people,
      data: { positionsSummary: summary, searchKey: searchKeyOf([person.name, summary]) },
      id: person.id,
      returning: false,
    })
    const { docs: latest } = await payload.db.findVersions({
      collection: slugs.people,
      limit: 1,
      pagination: false,
      where: { and: [{ parent: { equals: person.id } }, { latest: { equals: true } }] },
    })
    const version = latest[0] as { id: number | string; version?: { _status?: string } } | undefined
    if (version?.version?._status === 'published') {
      await payload.db.updateVersion({
        collection: slugs.people,
        id: version.id,
        returning: false,
        versionData: {
          version: { positionsSummary: summary, searchKey: searchKeyOf([person.name, summary]) },
        } as never,
      })
    }
    // Written below Payload's hooks: the renderings that hold this person go by hand.
    await recordChanged(payload, slugs.people, person.id)
    rewritten += 1
  }
  return rewritten
}
