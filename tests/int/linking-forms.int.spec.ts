import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { linkArticle } from '../../src/linking/linkArticle'
import type { MentionsState } from '../../src/linking/linkArticle'
import { importArticle } from '../../src/import/importArticle'
import { localStore } from '../../src/linking/store'
import { seedDemo } from '../../src/seed/demo'
import type { IntContext } from '../helpers/initPayloadInt'
import { initPayloadInt } from '../helpers/initPayloadInt'

/** Counts every linked content type, to prove a second linking pass wrote nothing. */
const census = async (ctx: IntContext) => {
  const out: Record<string, number> = {}
  for (const collection of ['articles', 'people', 'plans', 'organizations'] as const) {
    out[collection] = (await ctx.payload.count({ collection, overrideAccess: true })).totalDocs
  }
  return out
}

type Linked = {
  citations: string[]
  organizations: string[]
  people: string[]
  plans: string[]
}

const idsOf = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [])
    .map((item) => String(typeof item === 'object' && item ? (item as { id: unknown }).id : item))
    .sort()

const linkedOf = (article: Record<string, unknown>): Linked => ({
  citations: ((article.citations ?? []) as { kind: string; number: string }[])
    .map((citation) => `${citation.kind} ${citation.number}`)
    .sort(),
  organizations: idsOf(article.organizations),
  people: idsOf(article.people),
  plans: idsOf(article.plans),
})

// The forms of issue #17 in one article: numbers with no code, a list, a dotted and a lower case
// code, a joint circular, a law, a dated plan with a code and one without, minority names.
const ARTICLE = [
  'ubnd-huyen-trien-khai-nghi-quyet-so-7',
  'UBND huyện triển khai Nghị quyết số 7',
  'UBND huyện triển khai Nghị quyết số 7',
  'Article',
  'Ngày 12/4/2024, UBND huyện ban hành Kế hoạch số 98/KH-UBND ngày 12/4/2024 thực hiện Nghị quyết số 7 của Huyện ủy và Kế hoạch số 125 ngày 20/4/2023 của UBND tỉnh.',
  'Trước đó, UBND huyện có Công văn hỏa tốc số 3456 và các Quyết định số 412/QĐ.CT ngày 2/3/2022; số 530/QĐ-UBND ngày 21/3/2022 về giao chỉ tiêu; căn cứ Nghị định số 15/2018/nđ-cp, Thông tư liên tịch số 09/2016/TTLT-BYT-BTC và Luật Đất đai số 31/2024/QH15.',
  'Đồng chí Giàng A Tủa, Bí thư Huyện ủy và bà Lò Thị Xuân, Phó Chủ tịch UBND huyện dự hội nghị tại phường Trần Phú.',
].join('\n\n')

describe('linking what the extractor now finds', () => {
  let ctx: IntContext
  let dataDir: string

  beforeAll(async () => {
    ctx = await initPayloadInt()
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linking-forms-'))
    await seedDemo({ dataDir, password: 'demo-pass-12345', payload: ctx.payload })
  })

  afterAll(async () => {
    fs.rmSync(dataDir, { force: true, recursive: true })
    await ctx?.cleanup()
  })

  it('should change nothing when linking runs again over the demo content', async () => {
    const before = await census(ctx)
    const { docs } = await ctx.payload.find({
      collection: 'articles',
      depth: 0,
      limit: 100,
      overrideAccess: true,
    })
    expect(docs.length).toBeGreaterThan(0)
    for (const article of docs) {
      const merged = article as unknown as Record<string, unknown>
      const state = (article.mentions ?? {}) as MentionsState
      // Forget the text hash so the text is read again; once with the proposals remembered, once
      // as if nothing had ever been proposed (every mention found again must be the same record).
      for (const previous of [{ keys: state.keys }, {}]) {
        const linked = await linkArticle({
          fields: { people: true, plans: true },
          merged,
          previous,
          store: localStore(ctx.payload),
          user: null,
        })
        expect(linked).not.toBeNull()
        const after = { ...merged, ...linked }
        expect(linkedOf(after)).toEqual(linkedOf(merged))
      }
    }
    expect(await census(ctx)).toEqual(before)
  })

  it('should cite numbers with no code, lists and unusual codes, and link the dated coded plan', async () => {
    const department = (
      await ctx.payload.find({
        collection: 'organizations',
        limit: 1,
        overrideAccess: true,
        where: { shortName: { equals: 'BQLKKT' } },
      })
    ).docs[0]!.id
    const outcome = await importArticle({ department, payload: ctx.payload, text: ARTICLE })
    expect(outcome.status).toBe('created')
    const article = await ctx.payload.findByID({
      collection: 'articles',
      depth: 1,
      id: outcome.id!,
      overrideAccess: true,
    })
    expect(linkedOf(article as unknown as Record<string, unknown>).citations).toEqual(
      [
        'Công văn 3456',
        'Kế hoạch 125',
        'Luật 31/2024/QH15',
        'Nghị quyết 7',
        'Nghị định 15/2018/nđ-cp',
        'Quyết định 412/QĐ.CT',
        'Quyết định 530/QĐ-UBND',
        'Thông tư liên tịch 09/2016/TTLT-BYT-BTC',
      ].sort(),
    )
    // A plan record needs a code to be found again: "Kế hoạch số 125" stays a citation.
    expect((article.plans ?? []).map((plan) => typeof plan === 'object' && plan?.number)).toEqual([
      '98/KH-UBND',
    ])
    const names = (article.people ?? []).map((person) => typeof person === 'object' && person?.name)
    expect(names.sort()).toEqual(['Giàng A Tủa', 'Lò Thị Xuân'])

    // The file changed: linking reads it again and duplicates nothing.
    const before = await census(ctx)
    const again = await importArticle({
      department,
      payload: ctx.payload,
      text: ARTICLE.replace('dự hội nghị', 'cùng dự hội nghị'),
    })
    expect(again.status).toBe('updated')
    expect(await census(ctx)).toEqual(before)
    const updated = await ctx.payload.findByID({
      collection: 'articles',
      depth: 0,
      id: outcome.id!,
      overrideAccess: true,
    })
    expect(updated.citations).toHaveLength(8)
  })
})
