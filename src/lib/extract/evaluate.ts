/**
 * Precision and recall of the extractor over a labelled set; shared by the eval script and the
 * unit tests so both measure the same thing.
 *
 * - documents: number + kind; the number compared without case or spaces ("45 -kl/tw" =
 *   "45-KL/TW"), the kind folded ("Văn bản" = "văn bản");
 * - dates: the `issuedOn` of documents found in both lists (a date of a missed document is
 *   counted under documents, not twice);
 * - people: the name as written (NFC, spaces collapsed);
 * - positions: person + title + organization, titles and organizations folded.
 */
import { fold, toNFC } from '../vietnamese'
import type { ExtractResult } from './types'

export type LabelledDocument = { number: string; kind: string; issuedOn: string | null }
export type LabelledPerson = {
  name: string
  positions: { title: string; organization: string | null }[]
}
export type LabelledEntry = {
  text: string
  documents: LabelledDocument[]
  people: LabelledPerson[]
}

export type Score = {
  truePositives: number
  predicted: number
  expected: number
  precision: number
  recall: number
  f1: number
}

export type Miss = { text: string; missing: string[]; spurious: string[] }

export type Evaluation = {
  entries: number
  /** number + kind */
  documents: Score
  /** issuedOn of the documents found in both lists */
  dates: Score
  /** personal name exact */
  people: Score
  /** person + title + organization */
  positions: Score
  /** documents per kind (expected kind for recall, predicted kind for precision) */
  kinds: Record<string, Score>
  misses: { documents: Miss[]; dates: Miss[]; people: Miss[]; positions: Miss[] }
}

type Counter = { tp: number; predicted: number; expected: number; misses: Miss[] }

const counter = (): Counter => ({ tp: 0, predicted: 0, expected: 0, misses: [] })

const count = (c: Counter, text: string, expected: string[], predicted: string[]): void => {
  const want = new Set(expected)
  const got = new Set(predicted)
  let tp = 0
  for (const item of got) {
    if (want.has(item)) {
      tp += 1
    }
  }
  c.tp += tp
  c.predicted += got.size
  c.expected += want.size
  const missing = [...want].filter((item) => !got.has(item))
  const spurious = [...got].filter((item) => !want.has(item))
  if (missing.length > 0 || spurious.length > 0) {
    c.misses.push({ text, missing, spurious })
  }
}

const round = (value: number): number => Math.round(value * 1000) / 1000

const score = (c: Counter): Score => {
  // An empty prediction set is perfectly precise; an empty expectation set perfectly recalled.
  const precision = c.predicted === 0 ? 1 : c.tp / c.predicted
  const recall = c.expected === 0 ? 1 : c.tp / c.expected
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
  return {
    truePositives: c.tp,
    predicted: c.predicted,
    expected: c.expected,
    precision: round(precision),
    recall: round(recall),
    f1: round(f1),
  }
}

/** "45 -kl/tw" and "45-KL/TW" are one number. */
export const numberKey = (number: string): string => toNFC(number).replace(/\s+/g, '').toUpperCase()

const kindKey = (kind: string): string => fold(kind).replace(/\s+/g, ' ').trim()

const docKey = (d: { number: string; kind: string }): string =>
  `${numberKey(d.number)} | ${kindKey(d.kind)}`

const nameKey = (name: string): string => toNFC(name).replace(/\s+/g, ' ').trim()

const positionKey = (name: string, title: string, organization: string | null): string =>
  `${nameKey(name)} | ${fold(title)} | ${organization ? fold(organization) : '-'}`

/** Scores `run` (usually `extract`) against every entry of the set. */
export const evaluate = (
  corpus: LabelledEntry[],
  run: (text: string) => ExtractResult,
): Evaluation => {
  const documents = counter()
  const dates = counter()
  const people = counter()
  const positions = counter()
  const kinds = new Map<string, Counter>()
  const kindCounter = (kind: string): Counter => {
    const key = kindKey(kind)
    let c = kinds.get(key)
    if (!c) {
      c = counter()
      kinds.set(key, c)
    }
    return c
  }
  for (const entry of corpus) {
    const result = run(entry.text)
    const want = new Map(entry.documents.map((d) => [docKey(d), d]))
    const got = new Map(result.documents.map((d) => [docKey(d), d]))
    count(documents, entry.text, [...want.keys()], [...got.keys()])
    for (const [key, d] of want) {
      const c = kindCounter(d.kind)
      c.expected += 1
      if (got.has(key)) {
        c.tp += 1
      }
    }
    for (const d of got.values()) {
      kindCounter(d.kind).predicted += 1
    }
    const wantDates: string[] = []
    const gotDates: string[] = []
    for (const [key, d] of want) {
      const found = got.get(key)
      if (!found) {
        continue
      }
      if (d.issuedOn) {
        wantDates.push(`${key} | ${d.issuedOn}`)
      }
      if (found.issuedOn) {
        gotDates.push(`${key} | ${found.issuedOn}`)
      }
    }
    count(dates, entry.text, wantDates, gotDates)
    count(
      people,
      entry.text,
      entry.people.map((p) => nameKey(p.name)),
      result.people.map((p) => nameKey(p.name)),
    )
    const positionsOf = (list: LabelledPerson[]): string[] =>
      list.flatMap((p) =>
        p.positions.map((pos) => positionKey(p.name, pos.title, pos.organization)),
      )
    count(positions, entry.text, positionsOf(entry.people), positionsOf(result.people))
  }
  const kindScores: Record<string, Score> = {}
  for (const [kind, c] of [...kinds.entries()].sort((a, b) => b[1].expected - a[1].expected)) {
    kindScores[kind] = score(c)
  }
  return {
    entries: corpus.length,
    documents: score(documents),
    dates: score(dates),
    people: score(people),
    positions: score(positions),
    kinds: kindScores,
    misses: {
      documents: documents.misses,
      dates: dates.misses,
      people: people.misses,
      positions: positions.misses,
    },
  }
}

/** Reads a labelled set file's JSON (`{ entries: [...] }` or a bare array), NFC, checked for shape. */
export const parseLabelledSet = (json: string): LabelledEntry[] => {
  const data: unknown = JSON.parse(toNFC(json))
  const entries = Array.isArray(data) ? data : (data as { entries?: unknown })?.entries
  if (!Array.isArray(entries)) {
    throw new Error('a labelled set is an array of entries or { "entries": [...] }')
  }
  return entries.map((raw, index): LabelledEntry => {
    const entry = raw as Partial<LabelledEntry>
    if (typeof entry.text !== 'string') {
      throw new Error(`entry ${index} has no text`)
    }
    return {
      text: entry.text,
      documents: (entry.documents ?? []).map((d) => ({
        number: String(d.number),
        kind: String(d.kind),
        issuedOn: d.issuedOn ?? null,
      })),
      people: (entry.people ?? []).map((p) => ({
        name: String(p.name),
        positions: (p.positions ?? []).map((pos) => ({
          title: String(pos.title),
          organization: pos.organization ?? null,
        })),
      })),
    }
  })
}
