/**
 * Precision/recall of src/lib/extract over the labelled sets (scoring in src/lib/extract/evaluate):
 * the development set (tests/fixtures/extract/dev-set.json, tuned against), the held-out test set
 * (tests/fixtures/extract/test-set.json, when present; written blind, never tuned against) and
 * the old corpus (tests/fixtures/extract-corpus.ts, unit tests now, shown for regressions).
 *   npm run eval:extract                     tables per set, with the misses
 *   npm run eval:extract -- --quiet          tables only
 *   npm run eval:extract -- --json           the scores as JSON on stdout
 *   npm run eval:extract -- --set dev        one set (dev | test | corpus)
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import { extract } from '../src/lib/extract'
import { evaluate, parseLabelledSet } from '../src/lib/extract/evaluate'
import type { Evaluation, LabelledEntry, Miss, Score } from '../src/lib/extract/evaluate'
import { extractCorpus } from '../tests/fixtures/extract-corpus'

const argv = process.argv.slice(2)
const args = new Set(argv)
const only = argv.includes('--set') ? argv[argv.indexOf('--set') + 1] : null
const fixtures = join(process.cwd(), 'tests', 'fixtures', 'extract')

const fromFile = (file: string): LabelledEntry[] | null => {
  const path = join(fixtures, file)
  return existsSync(path) ? parseLabelledSet(readFileSync(path, 'utf8')) : null
}

const sets: Array<[name: string, label: string, entries: LabelledEntry[] | null]> = [
  ['dev', 'development set (tests/fixtures/extract/dev-set.json)', fromFile('dev-set.json')],
  ['test', 'held-out test set (tests/fixtures/extract/test-set.json)', fromFile('test-set.json')],
  ['corpus', 'old corpus (tests/fixtures/extract-corpus.ts)', extractCorpus],
]

const row = (label: string, s: Score): string =>
  [
    label.padEnd(34),
    s.precision.toFixed(3).padStart(9),
    s.recall.toFixed(3).padStart(7),
    s.f1.toFixed(3).padStart(7),
    String(s.truePositives).padStart(5),
    String(s.predicted).padStart(6),
    String(s.expected).padStart(6),
  ].join(' ')

const table = (label: string, result: Evaluation): string[] => [
  `${label}: ${result.entries} labelled entries`,
  `${'measure'.padEnd(34)} precision  recall      f1    tp  pred    exp`,
  row('documents (number+kind)', result.documents),
  row('dates (issuedOn of found)', result.dates),
  row('people (name)', result.people),
  row('positions (title+org)', result.positions),
  ...Object.entries(result.kinds).map(([kind, s]) => row(`  kind: ${kind}`, s)),
]

const showMisses = (label: string, misses: Miss[]): string[] =>
  misses.flatMap((miss) => [
    `\n[${label}] ${miss.text}`,
    ...miss.missing.map((item) => `  - missing  ${item}`),
    ...miss.spurious.map((item) => `  + spurious ${item}`),
  ])

const json: Record<string, Omit<Evaluation, 'misses'> | Evaluation> = {}
const out: string[] = []
for (const [name, label, entries] of sets) {
  if (only && only !== name) {
    continue
  }
  if (!entries) {
    out.push(`${label}: not present`, '')
    continue
  }
  const result = evaluate(entries, (text) => extract(text))
  const { misses: _misses, ...scores } = result
  json[name] = args.has('--verbose') ? result : scores
  out.push(...table(label, result))
  if (!args.has('--quiet')) {
    out.push(
      ...showMisses(`${name} documents`, result.misses.documents),
      ...showMisses(`${name} dates`, result.misses.dates),
      ...showMisses(`${name} people`, result.misses.people),
      ...showMisses(`${name} positions`, result.misses.positions),
    )
  }
  out.push('')
}
process.stdout.write(
  args.has('--json') ? `${JSON.stringify(json, null, 2)}\n` : `${out.join('\n')}\n`,
)
