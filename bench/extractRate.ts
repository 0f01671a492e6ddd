/**
 * Articles per second through `extract()` alone (no database): the import target of 200
 * articles/s with linking leaves extraction a small share of each article's time.
 *   npm run bench:extract                 (BENCH_EXTRACT_SECONDS, default 3 per corpus)
 * Corpora: the bench generator's articles (as bench/importRate.ts imports them), the demo and
 * fixture articles, and the labelled sentences of the development set and the old corpus grouped
 * eight to an article.
 */
import fs from 'node:fs'
import path from 'node:path'

import { extract } from '../src/lib/extract'
import { parseLabelledSet } from '../src/lib/extract/evaluate'
import { extractCorpus } from '../tests/fixtures/extract-corpus'
import {
  articleParagraphs,
  articleTitle,
  organizationName,
  personName,
  planNumber,
  positionTitle,
} from '../tests/helpers/articleText'

const seconds = Number(process.env.BENCH_EXTRACT_SECONDS ?? 3)

const generated = Array.from({ length: 500 }, (_, n) => {
  const title = articleTitle(n, organizationName(n % 20))
  const paragraphs = articleParagraphs(n, {
    org: organizationName(n % 20),
    person: `ông ${personName(n)}`,
    plan: planNumber(n, 'BQLKKT'),
    title: positionTitle(n),
  })
  return [title, ...paragraphs].join('\n\n')
})

const files = ['content/articles', 'tests/fixtures/articles'].flatMap((dir) =>
  fs.readdirSync(dir).map((file) => fs.readFileSync(path.join(dir, file), 'utf8')),
)

const devFile = path.resolve('tests/fixtures/extract/dev-set.json')
const sentences = [
  ...(fs.existsSync(devFile) ? parseLabelledSet(fs.readFileSync(devFile, 'utf8')) : []),
  ...extractCorpus,
].map((entry) => entry.text)
const grouped: string[] = []
for (let i = 0; i < sentences.length; i += 8) {
  grouped.push(sentences.slice(i, i + 8).join(' '))
}

const rate = (texts: string[]): { perSecond: number; chars: number } => {
  for (const text of texts) {
    extract(text) // warm up the caches and the JIT
  }
  let done = 0
  const start = process.hrtime.bigint()
  const limit = start + BigInt(Math.round(seconds * 1e9))
  while (process.hrtime.bigint() < limit) {
    extract(texts[done % texts.length] as string)
    done += 1
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9
  const chars = Math.round(texts.reduce((sum, text) => sum + text.length, 0) / texts.length)
  return { perSecond: Math.round(done / elapsed), chars }
}

const rows: Array<[string, string[]]> = [
  ['generated articles (tests/helpers/articleText.ts)', generated],
  ['demo and fixture articles', files],
  ['labelled sentences, 8 per article', grouped],
]
for (const [label, texts] of rows) {
  const { perSecond, chars } = rate(texts)
  process.stdout.write(
    `${label.padEnd(36)} ${String(perSecond).padStart(7)} articles/s  (${texts.length} texts, ~${chars} chars each)\n`,
  )
}
