import type { DataFromCollectionSlug, Payload, PayloadRequest, SelectType, Where } from 'payload'

import { commitTransaction, createLocalReq, initTransaction, killTransaction } from 'payload'

import { changedFieldsOf } from '../lib/audit/changedFields'
import { linkArticle, linkingText, publishLinkedDrafts } from '../linking/linkArticle'
import { isPlanReference } from '../linking/resolveMentions'
import { issuerCodesOf } from '../lib/documents/number'
import { parseArticleFile } from '../lib/import/parseArticleFile'
import type { KnownOrg } from '../lib/link/organizations'
import { blocksToLexical, lexicalToPlainText } from '../lib/richtext/lexical'
import { normalizeDeep, slugify } from '../lib/vietnamese'
import type { ExtractResult } from '../lib/extract'
import { extract } from '../lib/extract'
import { forgetKnownOrganizations } from '../linking/knownOrganizations'
import { refreshListings } from '../plugins/listings/store'
import type {
  FiledPlan,
  MentionStore,
  Namesake,
  NewOrganization,
  NewPerson,
  NewPlan,
} from '../linking/store'
import { slugs } from '../slugs'
import { BulkWriter } from './bulkWriter'
import type { ImportOutcome, OnFile } from './importArticle'
import { importArticle, inferDepartment, ON_FILE_SELECT } from './importArticle'
import { asSystem } from '../access/asSystem'
import { freeSlug } from '../fields/slug'
import type { SearchIndexBulkImport } from './storedShape'
import { readShape, storedShape } from './storedShape'
import type { Doc, Id } from '../lib/types'

export type ImportFile = { name: string; text: string }
/** `batched`: written by the bulk path, not one by one. */
export type BatchOutcome = ImportOutcome & { batched?: boolean; name: string }

type BatchArgs = {
  department?: Id
  files: ImportFile[]
  /**
   * Told why a batch could not be written together, and how many of its files are therefore
   * imported one by one.
   */
  onFallback?: (reason: string, files: number) => void
  payload: Payload
  /** This batch's files worked out ahead (prepareBatch, with the same files and status). */
  prepared?: null | PreparedBatch
  status?: 'draft' | 'published'
}

/**
 * An article of a file, as a save would receive it (stored NFC), its owner still to be settled,
 * and the text linking reads of it (linkingText).
 */
type ArticleFields = { body: Doc; fields: Doc; text: string; title: string }

/**
 * What a batch can work out before its transaction, so that an import reads the next batch's
 * articles while the database writes the current one (importBatches): the files parsed, each
 * article's fields, and what each one's text mentions, read with the organization directory as it
 * was then. The batch uses those mentions only if it finds the directory unchanged.
 */
export type PreparedBatch = {
  articles: Array<ArticleFields | null>
  directoryKey: string
  extracted: Map<string, ExtractResult>
  files: ImportFile[]
  parsed: ReturnType<typeof parseArticleFile>[]
  status: 'draft' | 'published'
}

type NewRecord = { collection: string; doc: Doc; id: Id }

/** One line saying why, for the operator: the database's reason rather than drizzle's failed SQL. */
const reasonOf = (error: unknown): string => {
  const messageOf = (value: unknown) =>
    typeof (value as { message?: unknown })?.message === 'string'
      ? (value as { message: string }).message
      : undefined
  const message = messageOf(error) ?? String(error)
  const cause = messageOf((error as { cause?: unknown })?.cause)
  return (/^Failed query:/.test(message) && cause ? cause : message).split('\n')[0]!
}

/**
 * Imports many article files at once, as `importArticle` would one by one, for an archive of
 * thousands. New articles of the batch and every record their linking creates are written
 * together in one transaction, through Payload's storage layer (BulkWriter) with the same
 * linking rules (resolveMentions), the same derived fields and the same search entries. What
 * differs is the history: each record gets one version and one audit entry, as created (or
 * published) by the import, where saving one by one leaves the intermediate ones (an organization
 * saved twice for its breadcrumbs, a draft published by its article).
 * Articles whose slug is already on file (or twice in the batch) go through importArticle, which
 * updates or skips them; so does everything on MongoDB. If the batch fails to
 * write, nothing of it is kept and each file is imported on its own, so a bad file is named alone.
 * System work (an operator's command), so it bypasses access control.
 */
export const importBatch = async ({
  department,
  files,
  onFallback,
  payload,
  prepared: given,
  status = 'published',
}: BatchArgs): Promise<BatchOutcome[]> => {
  const prepared = given?.files === files && given.status === status ? given : null
  const outcomes: Array<BatchOutcome | undefined> = files.map(() => undefined)
  const oneByOne = async (indexes: number[], onFile?: Map<number, OnFile | null>) => {
    for (const index of indexes) {
      const file = files[index]!
      let outcome: ImportOutcome
      try {
        outcome = await importArticle({
          department,
          onFile: onFile?.get(index),
          payload,
          status,
          text: file.text,
        })
      } catch (error) {
        outcome = { reason: reasonOf(error), status: 'failed' }
      }
      outcomes[index] = { ...outcome, name: file.name }
    }
  }
  // MongoDB has no drizzle storage layer for the bulk writer.
  if (payload.db.name !== 'sqlite' && payload.db.name !== 'postgres') {
    await oneByOne(files.map((_, index) => index))
    return outcomes as BatchOutcome[]
  }

  const parsed = prepared?.parsed ?? files.map((file) => parseArticleFile(file.text))
  const fresh: number[] = []
  const later: number[] = []
  const candidates = parsed.flatMap((result) =>
    result.ok ? [result.article.slug, slugify(result.article.slug)] : [],
  )
  const onFile = new Set(
    (await articlesOnFile(payload, [...new Set(candidates)])).map((doc) => doc.slug),
  )
  const seen = new Set<string>()
  parsed.forEach((result, index) => {
    if (!result.ok) {
      outcomes[index] = { name: files[index]!.name, reason: result.reason, status: 'failed' }
      return
    }
    const slug = slugify(result.article.slug)
    if (onFile.has(result.article.slug) || onFile.has(slug) || seen.has(slug) || !slug) {
      later.push(index)
      return
    }
    seen.add(slug)
    fresh.push(index)
  })

  if (fresh.length > 0) {
    try {
      await writeBatch({
        department,
        payload,
        prepared,
        status,
        indexes: fresh,
        parsed,
        outcomes,
        files,
      })
    } catch (error) {
      // Nothing of the batch was kept: each file on its own, so a bad one is named alone.
      onFallback?.(reasonOf(error), fresh.length)
      await oneByOne(fresh)
    }
  }
  await oneByOne(later, await lookUpOnFile(payload, parsed, later))
  return outcomes as BatchOutcome[]
}

/** The latest versions of the articles on file under these slugs, drafts included. */
const articlesOnFile = async (payload: Payload, slugsWanted: string[]) =>
  slugsWanted.length === 0
    ? []
    : (
        await payload.find({
          collection: slugs.articles,
          depth: 0,
          draft: true,
          limit: 0,
          // System lookup for an operator's import command.
          ...asSystem(),
          pagination: false,
          select: ON_FILE_SELECT,
          where: { slug: { in: slugsWanted } },
        })
      ).docs

/**
 * The articles on file for files the batch did not write, in one query; a slug twice among them is
 * left for importArticle to look up, as the first file's import changes what is on file.
 */
const lookUpOnFile = async (
  payload: Payload,
  parsed: ReturnType<typeof parseArticleFile>[],
  indexes: number[],
): Promise<Map<number, OnFile | null>> => {
  const slugOf = (index: number) => {
    const result = parsed[index]!
    return result.ok ? result.article.slug : null
  }
  const counts = new Map<string, number>()
  for (const index of indexes) {
    const slug = slugOf(index)
    if (slug !== null) {
      counts.set(slug, (counts.get(slug) ?? 0) + 1)
    }
  }
  const once = [...counts].filter(([, count]) => count === 1).map(([slug]) => slug)
  const found = new Map<string, OnFile>()
  for (const doc of await articlesOnFile(payload, once)) {
    found.set(String(doc.slug), doc as OnFile)
  }
  const out = new Map<number, OnFile | null>()
  for (const index of indexes) {
    const slug = slugOf(index)
    if (slug !== null && counts.get(slug) === 1) {
      out.set(index, found.get(slug) ?? null)
    }
  }
  return out
}

const writeBatch = async ({
  department,
  files,
  indexes,
  outcomes,
  parsed,
  payload,
  prepared,
  status,
}: {
  department?: Id
  files: ImportFile[]
  indexes: number[]
  outcomes: Array<BatchOutcome | undefined>
  parsed: ReturnType<typeof parseArticleFile>[]
  payload: Payload
  prepared: null | PreparedBatch
  status: 'draft' | 'published'
}): Promise<void> => {
  const req = await createLocalReq({}, payload)
  await initTransaction(req)
  const transactionID = await req.transactionID
  if (transactionID === undefined || transactionID === null) {
    throw new Error('The database gave no transaction')
  }
  const sessions = (payload.db as unknown as { sessions: Record<string, { db: never }> }).sessions
  const writer = new BulkWriter(payload, sessions[String(transactionID)]!.db)
  try {
    const articles = indexes.flatMap((index) => {
      const article = prepared ? prepared.articles[index] : articleFieldsOf(parsed[index]!, status)
      return article ? [{ ...article, index }] : []
    })
    const batch = await BatchStore.open(
      payload,
      req,
      writer,
      articles.map(({ text }) => text),
      prepared,
    )
    const results: Array<{ id: Id; index: number; slug: string }> = []
    const now = new Date().toISOString()
    const present = {
      people: Boolean(payload.collections.people),
      plans: Boolean(payload.collections.plans),
    }

    // One query for the articles' ids rather than one each (PostgreSQL's sequence).
    await writer.reserve(writer.tableName(slugs.articles), articles.length)
    for (const { body, fields, index, title } of articles) {
      const owner = department ?? (await inferDepartment(batch, title, lexicalToPlainText(body)))
      const merged: Doc = { ...fields, department: owner }
      const linked = await linkArticle({
        fields: present,
        merged,
        previous: {},
        store: batch,
        user: null,
      })
      const id = await writer.nextId('articles')
      batch.add(slugs.articles, id, { ...merged, ...linked })
      results.push({ id, index, slug: merged.slug as string })
    }

    batch.publishLinked()
    await batch.write(now)
    // The bulk path writes no hooks' work: the lists' read model follows in the same transaction.
    await refreshListings(
      payload,
      results.map(({ id }) => id),
      req,
    )
    // Records on file before the batch that a published article links go live with it, as
    // publishMentions does on a save, inside the same transaction; looked up once for the batch.
    await publishLinkedDrafts(req, batch.linkedFromBefore())
    await commitTransaction(req)
    if (batch.createdOrganizations) {
      forgetKnownOrganizations(payload)
    }
    for (const { id, index, slug } of results) {
      outcomes[index] = { batched: true, id, name: files[index]!.name, slug, status: 'created' }
    }
  } catch (error) {
    await killTransaction(req)
    throw error
  }
}

/**
 * Linking's records for a batch: looked up once for the whole batch (people by name, plans by
 * number, the organization directory), created in memory with their ids, written at the end.
 */
class BatchStore implements MentionStore {
  readonly records: NewRecord[] = []
  /** Keys `${collection}:${id}` of the records this batch creates. */
  readonly createdIds = new Set<string>()
  createdOrganizations = false
  /** What each text mentions, and the directory size it was read with (the directory only grows). */
  private readonly extracted = new Map<string, { found: ExtractResult; size: number }>()
  private readonly people = new Map<string, Namesake[]>()
  private readonly plans = new Map<string, FiledPlan>()
  /** Slugs this batch gave its new records, by collection: not on file until the batch writes. */
  private readonly slugsGiven = new Map<string, Set<string>>()
  /** Slug bases looked up ahead (prepareCreations), and those of them on file, by collection. */
  private readonly basesChecked = new Map<string, Set<string>>()
  private readonly basesOnFile = new Map<string, Set<string>>()

  private constructor(
    private readonly payload: Payload,
    private readonly req: PayloadRequest,
    private readonly writer: BulkWriter,
    private readonly directory: KnownOrg<Id>[],
  ) {}

  static async open(
    payload: Payload,
    req: PayloadRequest,
    writer: BulkWriter,
    /** The texts linking will read (linkingText of each article), so it reuses what is found here. */
    texts: string[],
    prepared: null | PreparedBatch,
  ): Promise<BatchStore> {
    const directory = await readDirectory(payload, req)
    const store = new BatchStore(payload, req, writer, directory)
    if (prepared && prepared.directoryKey === directoryKeyOf(directory)) {
      for (const [text, found] of prepared.extracted) {
        store.extracted.set(text, { found, size: directory.length })
      }
    }
    // The names and numbers the batch mentions, read with the directory as it is now; any that
    // linking meets later (after the batch created an organization) is looked up on its own.
    const names = new Set<string>()
    const numbers = new Set<string>()
    for (const text of texts) {
      const found = store.extract(text, directory)
      found.people.forEach((person) => names.add(person.name))
      found.documents.filter(isPlanReference).forEach((document) => numbers.add(document.number))
    }
    await store.loadPeople([...names])
    await store.loadPlans([...numbers])
    await store.prepareCreations([...names], [...numbers])
    return store
  }

  /**
   * What creating the records linking will surely create needs, taken together rather than one
   * round trip per record: a person for each name with nobody of it on file, a plan for each
   * plan number not on file. Their ids (from PostgreSQL's sequences in one query; an id left
   * unused when linking, reading a grown directory, creates fewer is a gap in the sequence, as a
   * rolled-back save leaves) and whether their slugs' bases are on file (one query per
   * collection). Records beyond these (a namesake at another organization) take theirs one by one.
   */
  private async prepareCreations(names: string[], numbers: string[]): Promise<void> {
    const newPeople = this.payload.collections.people
      ? names.filter((name) => this.people.get(name)!.length === 0)
      : []
    const newPlans = this.payload.collections.plans
      ? numbers.filter((number) => this.plans.get(number) === MISSING)
      : []
    await this.writer.reserve(this.writer.tableName(slugs.people), newPeople.length)
    await this.writer.reserve(this.writer.tableName(slugs.plans), newPlans.length)
    await this.checkSlugBases(slugs.people, newPeople)
    await this.checkSlugBases(slugs.plans, newPlans)
  }

  /** Which slug bases of these names are on file (every record, drafts too: a system read). */
  private async checkSlugBases(collection: 'people' | 'plans', from: string[]): Promise<void> {
    const bases = [...new Set(from.map((text) => slugify(text)).filter(Boolean))]
    const checked = this.basesChecked.get(collection) ?? new Set<string>()
    const onFile = this.basesOnFile.get(collection) ?? new Set<string>()
    this.basesChecked.set(collection, checked)
    this.basesOnFile.set(collection, onFile)
    for (let start = 0; start < bases.length; start += 1000) {
      const chunk = bases.slice(start, start + 1000)
      const docs = await readAll(this.payload, this.req, {
        collection,
        select: { slug: true },
        where: { slug: { in: chunk } },
      })
      docs.forEach((doc) => onFile.add(String(doc.slug)))
      chunk.forEach((base) => checked.add(base))
    }
  }

  private async loadPeople(names: string[]): Promise<void> {
    names.forEach((name) => this.people.set(name, this.people.get(name) ?? []))
    if (names.length === 0 || !this.payload.collections.people) {
      return
    }
    // Newest first, as linking's lookup by name lists them.
    const docs = await readAll(this.payload, this.req, {
      collection: slugs.people,
      select: { _status: true, department: true, name: true, positions: true },
      sort: '-createdAt',
      where: { name: { in: names } },
    })
    for (const doc of docs) {
      const list = this.people.get(doc.name)!
      if (list.length < 20) {
        list.push(doc)
      }
    }
  }

  private async loadPlans(numbers: string[]): Promise<void> {
    if (numbers.length === 0 || !this.payload.collections.plans) {
      return
    }
    // In the plans' default order, so the first of a number is the one a lookup gives.
    const docs = await readAll(this.payload, this.req, {
      collection: slugs.plans,
      select: { _status: true, department: true, number: true },
      where: { number: { in: numbers } },
    })
    for (const doc of docs.reverse()) {
      this.plans.set(doc.number, doc)
    }
    for (const number of numbers) {
      if (!this.plans.has(number)) {
        this.plans.set(number, MISSING)
      }
    }
  }

  extract(text: string, directory: KnownOrg<Id>[]): ExtractResult {
    const kept = this.extracted.get(text)
    if (kept && kept.size === directory.length) {
      return kept.found
    }
    const found = extract(text, { organizations: directory })
    this.extracted.set(text, { found, size: directory.length })
    return found
  }

  add(collection: string, id: Id, doc: Doc): void {
    this.records.push({ collection, doc, id })
    this.createdIds.add(`${collection}:${String(id)}`)
  }

  /**
   * A free slug for a new record, as the slug field's hook gives one on a save (freeSlug): the
   * base itself when prepareCreations found it free and the batch has not given it yet.
   */
  private async slugFor(collection: 'organizations' | 'people' | 'plans', from: string) {
    const given = this.slugsGiven.get(collection) ?? new Set<string>()
    this.slugsGiven.set(collection, given)
    const base = slugify(from)
    const free =
      this.basesChecked.get(collection)?.has(base) &&
      !this.basesOnFile.get(collection)?.has(base) &&
      !given.has(base)
    const slug = free ? base : await freeSlug({ base, collection, req: this.req, taken: given })
    given.add(slug)
    return slug
  }

  async organizations(): Promise<KnownOrg<Id>[]> {
    return this.directory
  }

  async createOrganization(data: NewOrganization): Promise<Id> {
    const id = await this.writer.nextId('organizations')
    const slug = await this.slugFor('organizations', data.name)
    this.add(slugs.organizations, id, normalizeDeep({ ...data, slug }) as Doc)
    this.directory.push({
      documentCode: null,
      id,
      name: data.name,
      shortName: data.shortName ?? null,
    })
    this.createdOrganizations = true
    return id
  }

  async peopleNamed(name: string): Promise<Namesake[]> {
    if (!this.people.has(name)) {
      await this.loadPeople([name])
    }
    return this.people.get(name)!
  }

  async createPerson(data: NewPerson): Promise<Id> {
    const id = await this.writer.nextId('people')
    const slug = await this.slugFor('people', data.name)
    this.add(slugs.people, id, normalizeDeep({ ...data, slug }) as Doc)
    // Newest first, as a lookup by name lists them.
    this.people.get(data.name)?.unshift({ ...data, id })
    return id
  }

  async planNumbered(number: string): Promise<FiledPlan | undefined> {
    if (!this.plans.has(number)) {
      await this.loadPlans([number])
    }
    const plan = this.plans.get(number)
    return plan === MISSING ? undefined : plan
  }

  async createPlan(data: NewPlan): Promise<Id> {
    const id = await this.writer.nextId('plans')
    const issuer = data.issuer ?? this.issuerOf(data.number)
    const slug = await this.slugFor('plans', data.number)
    this.add(slugs.plans, id, normalizeDeep({ ...data, issuer, slug }) as Doc)
    this.plans.set(data.number, { _status: data._status, department: data.department, id })
    return id
  }

  /** As resolveIssuer: the newest organization whose document code or short name the number carries. */
  private issuerOf(number: string): Id | undefined {
    const codes = new Set(issuerCodesOf(number))
    const matches = this.directory.filter(
      (org) =>
        (org.documentCode && codes.has(org.documentCode)) ||
        (org.shortName && codes.has(org.shortName)),
    )
    return matches.sort((a, b) => Number(b.id) - Number(a.id))[0]?.id
  }

  /** What the batch's published articles link that was on file before the batch, by collection. */
  linkedFromBefore(): Record<'organizations' | 'people' | 'plans', Id[]> {
    const out = {
      organizations: new Map<string, Id>(),
      people: new Map<string, Id>(),
      plans: new Map<string, Id>(),
    }
    for (const { collection, doc } of this.records) {
      if (collection !== slugs.articles || doc._status !== 'published') {
        continue
      }
      for (const field of ['organizations', 'people', 'plans'] as const) {
        for (const id of (doc[field] as Id[] | undefined) ?? []) {
          if (!this.createdIds.has(`${field}:${String(id)}`)) {
            out[field].set(String(id), id)
          }
        }
      }
    }
    return {
      organizations: [...out.organizations.values()],
      people: [...out.people.values()],
      plans: [...out.plans.values()],
    }
  }

  /** Records this batch created as drafts go live when a published article of it links them. */
  publishLinked(): void {
    const live = new Set<string>()
    for (const { collection, doc } of this.records) {
      if (collection === slugs.articles && doc._status === 'published') {
        for (const field of ['organizations', 'people', 'plans']) {
          for (const id of (doc[field] as Id[] | undefined) ?? []) {
            live.add(`${field}:${String(id)}`)
          }
        }
      }
    }
    for (const record of this.records) {
      if (live.has(`${record.collection}:${String(record.id)}`)) {
        record.doc._status = 'published'
      }
    }
  }

  async write(now: string): Promise<void> {
    const organizationNames = new Map<string, string>()
    for (const org of this.directory) {
      organizationNames.set(String(org.id), org.name)
    }
    const start = Date.parse(now)
    // Ids of the versions, search entries and audit entries below, each table's in one query.
    const perCollection = new Map<string, number>()
    for (const { collection } of this.records) {
      perCollection.set(collection, (perCollection.get(collection) ?? 0) + 1)
    }
    for (const [collection, count] of perCollection) {
      await this.writer.reserve(this.writer.tableName(collection, true), count)
    }
    // The search plugin says which records get an index entry, and which entry.
    const searchIndex = this.payload.collections[slugs.searchIndex]?.config.custom?.bulkImport as
      SearchIndexBulkImport | undefined
    if (searchIndex) {
      const searched = this.records.filter(({ collection }) => searchIndex.indexes(collection))
      await this.writer.reserve(this.writer.tableName(slugs.searchIndex), searched.length)
    }
    if (this.payload.collections[slugs.auditLog]) {
      await this.writer.reserve(this.writer.tableName(slugs.auditLog), this.records.length)
    }
    for (const [order, { collection, doc: data, id }] of this.records.entries()) {
      // Records created one after another, as lookups sorted by creation expect.
      const at = new Date(start + order).toISOString()
      const doc = storedShape(this.payload, collection, {
        data,
        id,
        now: at,
        organizationName: (org) => organizationNames.get(String(org)),
      })
      await this.writer.addRecord(collection, id, doc)
      await this.writer.addVersion(collection, id, doc, at)
      const published = doc._status === 'published'
      const read = readShape(this.payload, collection, doc)
      if (searchIndex?.indexes(collection)) {
        const table = this.writer.tableName(slugs.searchIndex)
        await this.writer.addRecord(slugs.searchIndex, await this.writer.nextId(table), {
          ...searchIndex.entryOf(collection, read),
          createdAt: at,
          docId: String(id),
          published,
          target: collection,
          updatedAt: at,
        })
      }
      if (this.payload.collections[slugs.auditLog]) {
        const auditTable = this.writer.tableName(slugs.auditLog)
        await this.writer.addRecord(slugs.auditLog, await this.writer.nextId(auditTable), {
          action: published ? 'publish' : 'create',
          actor: null,
          actorEmail: null,
          changedFields: changedFieldsOf({ ...read, id }, {}),
          createdAt: at,
          ip: null,
          note: null,
          targetCollection: collection,
          targetId: String(id),
          updatedAt: at,
        })
      }
    }
    await this.writer.flush()
  }
}

const MISSING: FiledPlan = { id: -1 }

/** A file's article as a save would receive it (stored NFC), or null when the file is refused. */
const articleFieldsOf = (
  result: ReturnType<typeof parseArticleFile>,
  status: 'draft' | 'published',
): ArticleFields | null => {
  if (!result.ok) {
    return null
  }
  const { article } = result
  const body = blocksToLexical(article.blocks)
  const fields = normalizeDeep({
    _status: status,
    body,
    byline: article.byline ?? null,
    placements: article.placements,
    slug: slugify(article.slug),
    title: article.title,
  }) as Doc
  return { body, fields, text: linkingText(fields), title: article.title }
}

/** The organization directory linking matches names against: every organization, drafts too. */
const readDirectory = async (payload: Payload, req: PayloadRequest): Promise<KnownOrg<Id>[]> =>
  (
    await readAll(payload, req, {
      collection: slugs.organizations,
      select: { documentCode: true, name: true, shortName: true },
    })
  ).map((doc) => ({
    documentCode: doc.documentCode,
    id: doc.id,
    name: doc.name,
    shortName: doc.shortName,
  }))

/** What extraction reads of the directory, as one string: equal keys give equal mentions. */
const directoryKeyOf = (directory: KnownOrg<Id>[]): string =>
  JSON.stringify(
    directory.map(({ documentCode, id, name, shortName }) => [
      id,
      name,
      shortName ?? null,
      documentCode ?? null,
    ]),
  )

/**
 * Works a batch out ahead of its transaction (PreparedBatch): parsing, the articles' fields and
 * extraction, one article at a time with a turn of the event loop between them, so that the
 * database's answers to the batch being written meanwhile are read without waiting for the whole
 * batch. Null (the batch then does this work itself) on MongoDB or when anything fails.
 */
export const prepareBatch = async ({
  files,
  payload,
  status = 'published',
}: {
  files: ImportFile[]
  payload: Payload
  status?: 'draft' | 'published'
}): Promise<null | PreparedBatch> => {
  if (payload.db.name !== 'sqlite' && payload.db.name !== 'postgres') {
    return null
  }
  try {
    // Read outside any transaction: the directory as committed now, checked again by the batch.
    const directory = await readDirectory(payload, await createLocalReq({}, payload))
    const parsed: PreparedBatch['parsed'] = []
    const articles: PreparedBatch['articles'] = []
    const extracted = new Map<string, ExtractResult>()
    for (const file of files) {
      const result = parseArticleFile(file.text)
      const article = articleFieldsOf(result, status)
      parsed.push(result)
      articles.push(article)
      if (article && !extracted.has(article.text)) {
        extracted.set(article.text, extract(article.text, { organizations: directory }))
      }
      await new Promise((resolve) => setImmediate(resolve))
    }
    return { articles, directoryKey: directoryKeyOf(directory), extracted, files, parsed, status }
  } catch {
    return null
  }
}

/**
 * Imports batches one after another (importBatch), each worked out ahead (prepareBatch) while the
 * batch before it is written: the time the database spends on one batch reads the next one's
 * articles. Yields each batch's outcomes in order; `batches` is read one batch ahead.
 */
export async function* importBatches({
  batches,
  ...args
}: Omit<BatchArgs, 'files' | 'prepared'> & {
  batches: Iterable<ImportFile[]>
}): AsyncGenerator<BatchOutcome[]> {
  const iterator = batches[Symbol.iterator]()
  const ahead = () => {
    const step = iterator.next()
    return step.done
      ? null
      : {
          files: step.value,
          prepared: prepareBatch({ files: step.value, payload: args.payload, status: args.status }),
        }
  }
  let current = ahead()
  while (current) {
    const prepared = await current.prepared
    const next = ahead()
    yield await importBatch({ ...args, files: current.files, prepared })
    current = next
  }
}

/**
 * Every matching record at depth 0, without reverse joins, in the batch's transaction. System
 * read: linking looks records up on an operator's import's behalf.
 */
const readAll = async <T extends 'organizations' | 'people' | 'plans'>(
  payload: Payload,
  req: PayloadRequest,
  query: { collection: T; select: SelectType; sort?: string; where?: Where },
) =>
  (
    await payload.find({
      ...query,
      depth: 0,
      joins: false as never,
      limit: 0,
      ...asSystem(req),
      pagination: false,
    })
  ).docs as unknown as Array<DataFromCollectionSlug<T>>
