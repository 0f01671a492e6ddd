/**
 * Precision/recall of src/lib/extract over the labelled corpus in tests/fixtures/extract-corpus.ts.
 *   npx tsx scripts/extract-eval.ts            a table (and the misses with --verbose)
 *   npx tsx scripts/extract-eval.ts --json     the scores as JSON on stdout
 */
import { extract } from '../src/lib/extract'
import { evaluate } from '../src/lib/extract/evaluate'
import type { Miss, Score } from '../src/lib/extract/evaluate'
import { extractCorpus } from '../tests/fixtures/extract-corpus'

const args = new Set(process.argv.slice(2))
const result = evaluate(extractCorpus, (text) => extract(text))

if (args.has('--json')) {
  const { misses: _misses, ...scores } = result
  process.stdout.write(`${JSON.stringify(args.has('--verbose') ? result : scores, null, 2)}\n`)
} else {
  const row = (label: string, s: Score): string =>
    [
      label.padEnd(26),
      s.precision.toFixed(3).padStart(9),
      s.recall.toFixed(3).padStart(7),
      s.f1.toFixed(3).padStart(7),
      String(s.truePositives).padStart(5),
      String(s.predicted).padStart(6),
      String(s.expected).padStart(6),
    ].join(' ')
  const lines = [
    `Extraction over ${result.entries} labelled sentences`,
    `${'measure'.padEnd(26)} precision  recall      f1    tp  pred    exp`,
    row('documents (number+kind+date)', result.documents),
    row('people (name)', result.people),
    row('positions (title+org)', result.positions),
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
  if (args.has('--verbose')) {
    const show = (label: string, misses: Miss[]): void => {
      for (const miss of misses) {
        process.stdout.write(`\n[${label}] ${miss.text}\n`)
        for (const item of miss.missing) {
          process.stdout.write(`  - missing  ${item}\n`)
        }
        for (const item of miss.spurious) {
          process.stdout.write(`  + spurious ${item}\n`)
        }
      }
    }
    show('documents', result.misses.documents)
    show('people', result.misses.people)
    show('positions', result.misses.positions)
  }
}
