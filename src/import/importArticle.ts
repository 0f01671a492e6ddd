import type { Payload } from 'payload'

import crypto from 'node:crypto'

import { extract } from '../lib/extract'
import { parseArticleFile } from '../lib/import/parseArticleFile'
import { matchOrganization } from '../lib/link/organizations'
import { blocksToLexical, lexicalToPlainText } from '../lib/richtext/lexical'
import type { MentionStore } from '../linking/store'
import { localStore } from '../linking/store'
import { slugs } from '../slugs'
import { asSystem } from '../access/asSystem'
import type { Id } from '../lib/types'

export type ImportStatus = 'created' | 'failed' | 'skipped' | 'updated'
export type ImportOutcome = { id?: Id; reason?: string; slug?: string; status: ImportStatus }

export type ImportArticleArgs = {
  /** The owning department's id; when absent, the organization the title (or body) names. */
  department?: Id
  /**
   * The article on file under the file's slug (its latest version), when the caller looked it up
   * already (null: none); looked up here when absent.
   */
  onFile?: OnFile | null
  payload: Payload
  status?: 'draft' | 'published'
  text: string
}

const fingerprint = (parts: unknown[]) =>
  crypto.createHash('sha1').update(JSON.stringify(parts)).digest('hex')

/** The editorial board, owner of articles that name no known department. */
const boardDepartment = async (store: MentionStore): Promise<Id> => {
  const board = (await store.organizations()).find((org) => org.shortName === 'BBT')
  return board
    ? board.id
    : store.createOrganization({
        _status: 'published',
        kind: 'ban',
        name: 'Ban Biên tập',
        shortName: 'BBT',
      })
}

/**
 * The department an article belongs to when the operator named none: the organization its title
 * names (created as a draft if the directory lacks it), else the first known one its body names,
 * else the editorial board. The same file always gives the same answer.
 */
export const inferDepartment = async (
  store: MentionStore,
  title: string,
  body: string,
): Promise<Id> => {
  const known = await store.organizations()
  const named = extract(title, { organizations: known }).organizations[0]
  if (named) {
    const match = matchOrganization(named.name, known)
    return match ? match.id : store.createOrganization({ _status: 'draft', name: named.name })
  }
  for (const { name } of extract(body, { organizations: known }).organizations) {
    const match = matchOrganization(name, known)
    if (match) {
      return match.id
    }
  }
  return boardDepartment(store)
}

/**
 * Imports one article text file (the portal's export format): creates it, updates it when its
 * content changed, or skips it; idempotent by slug. Linking of people, organizations and plans
 * happens in the article's own save hook, inside the same transaction as the article. System
 * work (an operator's command), so it bypasses access control.
 */
/** What an import compares to decide whether a file changed. */
export type OnFile = {
  _status?: null | string
  body?: unknown
  byline?: null | string
  department?: unknown
  id: Id
  placements?: null | string[]
  title?: null | string
}

/** The fields of an article on file that importArticle reads, for a caller looking many up at once. */
export const ON_FILE_SELECT = {
  _status: true,
  body: true,
  byline: true,
  department: true,
  placements: true,
  slug: true,
  title: true,
} as const

export const importArticle = async ({
  department,
  onFile,
  payload,
  status = 'published',
  text,
}: ImportArticleArgs): Promise<ImportOutcome> => {
  const parsed = parseArticleFile(text)
  if (!parsed.ok) {
    return { reason: parsed.reason, status: 'failed' }
  }
  const { article } = parsed
  const body = blocksToLexical(article.blocks)
  const plain = lexicalToPlainText(body)
  const owner = department ?? (await inferDepartment(localStore(payload), article.title, plain))
  const print = fingerprint([
    article.title,
    plain,
    article.byline,
    article.placements,
    String(owner),
    status,
  ])

  const current =
    onFile !== undefined
      ? onFile
      : ((
          await payload.find({
            collection: slugs.articles,
            depth: 0,
            draft: true,
            limit: 1,
            // An operator's import command.
            ...asSystem(),
            select: ON_FILE_SELECT,
            where: { slug: { equals: article.slug } },
          })
        ).docs[0] as OnFile | undefined)
  if (current) {
    const currentPrint = fingerprint([
      current.title,
      lexicalToPlainText(current.body),
      current.byline ?? null,
      current.placements ?? [],
      String(current.department),
      current._status,
    ])
    if (currentPrint === print) {
      return { id: current.id, slug: article.slug, status: 'skipped' }
    }
  }

  const data = {
    _status: status,
    body: body as never,
    byline: article.byline ?? null,
    department: owner as number,
    placements: article.placements,
    slug: article.slug,
    title: article.title,
  }
  // An operator's import command writes as the system, not as a person.
  if (current) {
    await payload.update({
      collection: slugs.articles,
      data,
      // Only the id is used: no population of what the article links.
      depth: 0,
      id: current.id,
      ...asSystem(),
    })
    return { id: current.id, slug: article.slug, status: 'updated' }
  }
  const created = await payload.create({
    collection: slugs.articles,
    data,
    depth: 0,
    ...asSystem(),
  })
  return { id: created.id, slug: article.slug, status: 'created' }
}
