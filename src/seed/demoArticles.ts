import type { Payload } from 'payload'

import fs from 'node:fs'
import path from 'node:path'

import { parseArticleFile } from '../lib/import/parseArticleFile'
import { blocksToLexical } from '../lib/richtext/lexical'
import { slugs } from '../slugs'

type ImportDemoArticlesArgs = {
  organizationIds: Map<string, number | string>
  payload: Payload
}

export const DEMO_CONTENT_DIR = path.resolve(process.cwd(), 'content/articles')

/** The sample articles in content/articles, published as the BQLKKT department's. */
export const importDemoArticles = async ({ organizationIds, payload }: ImportDemoArticlesArgs) => {
  const department = organizationIds.get('BQLKKT')
  for (const file of fs.readdirSync(DEMO_CONTENT_DIR).filter((name) => name.endsWith('.txt')).sort()) {
    const parsed = parseArticleFile(fs.readFileSync(path.join(DEMO_CONTENT_DIR, file), 'utf8'))
    if (!parsed.ok) {
      throw new Error(`${file}: ${parsed.reason}`)
    }
    const { article } = parsed
    await payload.create({
      collection: slugs.articles,
      data: {
        _status: 'published',
        body: blocksToLexical(article.blocks) as never,
        byline: article.byline ?? undefined,
        department: department as number,
        placements: article.placements,
        slug: article.slug,
        title: article.title,
      },
      overrideAccess: true,
    })
  }
}
