import type { Payload } from 'payload'

import fs from 'node:fs'
import path from 'node:path'

import { importArticle } from '../import/importArticle'
import { articleFiles } from '../import/files'

type ImportDemoArticlesArgs = {
  organizationIds: Map<string, number | string>
  payload: Payload
}

export const DEMO_CONTENT_DIR = path.resolve(process.cwd(), 'content/articles')

/** The sample articles in content/articles, through the importer, published as BQLKKT's. */
export const importDemoArticles = async ({ organizationIds, payload }: ImportDemoArticlesArgs) => {
  const department = organizationIds.get('BQLKKT')
  for (const file of articleFiles([DEMO_CONTENT_DIR]).files) {
    const outcome = await importArticle({
      department,
      payload,
      status: 'published',
      text: fs.readFileSync(file, 'utf8'),
    })
    if (outcome.status === 'failed') {
      throw new Error(`${file}: ${outcome.reason}`)
    }
  }
}
