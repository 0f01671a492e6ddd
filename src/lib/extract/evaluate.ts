/**
 * Precision and recall of the extractor over a labelled corpus; shared by the eval script and
 * the corpus unit test so both measure the same thing.
 */
import { fold } from '../vietnamese'
import type { ExtractResult } from './types'

export type LabelledEntry = {
  text: string
  documents: { number: string; kind: string; issuedOn: string | null }[]
  people: { name: string; positions: { title: string; organization: string | null }[] }[]
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
  /** number + kind + issuedOn exact */
  documents: Score
  /** personal name exact */
  people: Score
  /** person + title + organization exact */
  positions: Score
  misses: { documents: Miss[]; people: Miss[]; positions: Miss[] }
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

const docKey = (d: { number: string; kind: string; issuedOn: string | null }): string =>
  `${d.number} | ${d.kind} | ${d.issuedOn ?? '-'}`

const positionKey = (name: string, title: string, organization: string | null): string =>
  `${name} | ${title} | ${organization ?? '-'}`

/** Scores `run` (usually `extract`) against every entry of the corpus. */
export const evaluate = (
  corpus: LabelledEntry[],
  run: (text: string) => ExtractResult,
): Evaluation => {
  const documents = counter()
  const people = counter()
  const positions = counter()
  for (const entry of corpus) {
    const result = run(entry.text)
    count(documents, entry.text, entry.documents.map(docKey), result.documents.map(docKey))
    count(
      people,
      entry.text,
      entry.people.map((p) => p.name),
      result.people.map((p) => p.name),
    )
    const positionsOf = (list: LabelledEntry['people']): string[] =>
      list.flatMap((p) =>
        p.positions.map((pos) => positionKey(p.name, fold(pos.title), pos.organization)),
      )
    count(positions, entry.text, positionsOf(entry.people), positionsOf(result.people))
  }
  return {
    entries: corpus.length,
    documents: score(documents),
    people: score(people),
    positions: score(positions),
    misses: { documents: documents.misses, people: people.misses, positions: positions.misses },
  }
}
