import type {
  DocumentNode,
  ExecutionResult,
  FragmentDefinitionNode,
  GraphQLField,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLResolveInfo,
  GraphQLSchema,
  OperationDefinitionNode,
} from 'graphql'
import type {
  Field,
  GraphQLExtension,
  PayloadRequest,
  SanitizedCollectionConfig,
  SanitizedConfig,
} from 'payload'

import { getArgumentValues, getNamedType, getVariableValues, Kind } from 'graphql'
import { createDataloaderCacheKey } from 'payload'

import { carriesCredentials } from '../../http/credentials'
import type { FieldRead, Projection } from '../../lib/graphql/project'
import { compileProjection, project } from '../../lib/graphql/project'
import { everySelected } from '../../lib/graphql/selection'
import { readServerSettings } from '../../lib/env'
import type { FieldShape } from '../../lib/renderings'
import { graphqlRenderingAsk } from '../../lib/renderings'
import { depthZero } from '../../lib/renderings/depthZero'
import { pageTotals } from '../../lib/paging'
import { slugs } from '../../slugs'
import type { RenderedPage } from './serve'
import { renderedPage } from './serve'

type Doc = Record<string, unknown>

/** A page's articles as stored: each rendering's JSON, parsed. */
const articlesOf = (page: RenderedPage): Doc[] =>
  page.bodies.map(
    (body) =>
      JSON.parse(
        Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'),
      ) as Doc,
  )

/** The records a page's renderings hold a level deeper (render.ts: relatedOf), parsed. */
const heldOf = (page: RenderedPage): { collection: string; record: Doc }[] =>
  page.related.flatMap((json) =>
    json === null
      ? []
      : Object.entries(JSON.parse(json) as Record<string, Doc[]>).flatMap(([collection, records]) =>
          records.map((record) => ({ collection, record })),
        ),
  )

type Args = Record<string, unknown>
type Context = { req: PayloadRequest }
type Resolve = (source: unknown, args: Args, context: Context, info: GraphQLResolveInfo) => unknown
type QueryField = { resolve?: Resolve; type: unknown }
type Collections = Record<
  string,
  {
    config: SanitizedCollectionConfig
    graphQL?: { paginatedType?: GraphQLNamedType; type?: GraphQLNamedType }
  }
>

/**
 * How many GraphQL pages the renderings answered in this process, and how many records named by
 * their populated ones they handed to the loader (tests read them).
 */
export const graphqlServed = { pages: 0, projected: 0, related: 0 }

/** A query answered from the renderings without graphql's execution (see withRenderedArticles). */
type Answerer = (args: {
  fragments: Record<string, FragmentDefinitionNode>
  operation: OperationDefinitionNode
  req: PayloadRequest
  schema: GraphQLSchema
  variableValues: unknown
}) => Promise<ExecutionResult | null>

/**
 * The answerer of the schema's root find of articles, in that field's extensions (Payload wraps
 * the resolvers of custom queries, not their extensions; graphql keeps string keys only).
 */
const ANSWERER = 'answerFromRenderings'

/**
 * A query's answer from the stored renderings alone, projected as graphql's execution would make
 * it (withRenderedArticles), or null: graphql executes it (and the renderings may still answer its
 * root find). For GraphQL over HTTP (src/compat/graphqlHandler.ts), after validation.
 */
export const answerFromRenderings = async ({
  document,
  operation,
  req,
  schema,
  variableValues,
}: {
  document: DocumentNode
  /** The document's operation to run (graphql's getOperationAST). */
  operation: OperationDefinitionNode
  req: PayloadRequest
  schema: GraphQLSchema
  variableValues: unknown
}): Promise<ExecutionResult | null> => {
  const first = operation.selectionSet.selections[0]
  if (first?.kind !== Kind.FIELD) {
    return null
  }
  const root = schema.getQueryType()?.getFields()[first.name.value]
  const answer = (root?.extensions as undefined | { [ANSWERER]?: Answerer })?.[ANSWERER]
  if (!answer) {
    return null
  }
  const fragments: Record<string, FragmentDefinitionNode> = {}
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments[definition.name.value] = definition
    }
  }
  return answer({ fragments, operation, req, schema, variableValues })
}

/** Fields whose fields sit on the record itself: rows, collapsibles, unnamed tabs. */
const flatten = (fields: Field[]): Field[] =>
  fields.flatMap((field): Field[] => {
    if (field.type === 'row' || field.type === 'collapsible') {
      return flatten(field.fields)
    }
    if (field.type === 'tabs') {
      return field.tabs.flatMap((tab) =>
        'name' in tab && tab.name
          ? [{ name: tab.name, type: 'group', fields: tab.fields } as Field]
          : flatten(tab.fields),
      )
    }
    return [field]
  })

/**
 * Whether a field reads the same in a record populated at depth 1 (REST, as the renderings hold
 * it) as in the record GraphQL loads at depth 0: stored values and relations (ids either way)
 * do, and joins (GraphQL resolves them from the record's id). Rich text does not (its nodes
 * populate by depth), nor a field with its own read hooks (rendered fields compute only in
 * GraphQL), nor a virtual path (it follows a relation).
 */
const readsAlike = (field: Field): boolean => {
  if ((('hooks' in field && field.hooks?.afterRead?.length) || 0) > 0) {
    return false
  }
  if ('virtual' in field && typeof field.virtual === 'string') {
    return false
  }
  switch (field.type) {
    case 'checkbox':
    case 'code':
    case 'date':
    case 'email':
    case 'join':
    case 'json':
    case 'number':
    case 'point':
    case 'radio':
    case 'relationship':
    case 'select':
    case 'text':
    case 'textarea':
    case 'upload':
      return true
    case 'array':
    case 'group':
      return flatten(field.fields).every(readsAlike)
    case 'blocks':
      return (field.blocks ?? []).every((block) => flatten(block.fields).every(readsAlike))
    default:
      return false
  }
}

/** Per collection: the names of its top-level fields that read alike (see readsAlike). */
const alikeFields = (collection: SanitizedCollectionConfig): Set<string> =>
  new Set([
    'id',
    ...flatten(collection.fields)
      .filter((field) => 'name' in field && readsAlike(field))
      .map((field) => (field as { name: string }).name),
  ])

/**
 * Lexical features whose nodes name a record only as `{ relationTo, value }` (uploads,
 * relationships, internal links' `doc`), which depthZero gives back as ids, or name none.
 * Blocks (fields of their own), or an editor this list does not know, keep the rich text to
 * Payload; so do uploads with fields of their own.
 */
const PLAIN_FEATURES = new Set([
  'align',
  'blockquote',
  'bold',
  'checklist',
  'experimental_table',
  'heading',
  'horizontalRule',
  'indent',
  'inlineCode',
  'italic',
  'link',
  'orderedList',
  'paragraph',
  'relationship',
  'strikethrough',
  'subscript',
  'superscript',
  'toolbarFixed',
  'toolbarInline',
  'underline',
  'unorderedList',
  'upload',
])

type Feature = {
  sanitizedServerFeatureProps?: { collections?: Record<string, { fields?: unknown[] }> }
}

const namesRecordsPlainly = (editor: unknown): boolean => {
  const features = (editor as { editorConfig?: { resolvedFeatureMap?: Map<string, Feature> } })
    ?.editorConfig?.resolvedFeatureMap
  if (!(features instanceof Map)) {
    return false
  }
  for (const [key, feature] of features) {
    if (!PLAIN_FEATURES.has(key)) {
      return false
    }
    const collections = feature.sanitizedServerFeatureProps?.collections ?? {}
    if (key === 'upload' && Object.values(collections).some(({ fields }) => fields?.length)) {
      return false
    }
  }
  return true
}

/**
 * Whether records the renderings hold, as populated at depth 1, may stand for what GraphQL's
 * loader would read of that collection: their `defaultPopulate` leaves out joins only
 * (src/plugins/populate.ts); another selection would leave out fields GraphQL reads.
 */
const populatesWhole = (collection: SanitizedCollectionConfig): boolean => {
  const populate = collection.defaultPopulate as Record<string, unknown> | undefined
  if (!populate) {
    return true
  }
  const joins = new Set(
    flatten(collection.fields)
      .filter((field) => field.type === 'join')
      .map((field) => (field as { name: string }).name),
  )
  return Object.entries(populate).every(([name, value]) => value === false && joins.has(name))
}

/**
 * Answers anonymous root `Articles` finds that the stored renderings hold (an article by slug, a
 * page of a public list) from them, when the query reads the articles only through fields that
 * read alike at depth 1 and 0: the page comes from the renderings, each article is turned back
 * into the record Payload's find returns to GraphQL (depth 0: relations as ids), and the records
 * it had populated are handed to the request's loader, under the keys GraphQL's relation resolvers
 * ask for, so these read none of them again. A collection the query reads through any other field
 * (rich text, a rendered field, a field with arguments) is not handed over: GraphQL loads its
 * records as always. Everything else, and any caller with credentials, goes to Payload.
 */
export const withRenderedArticles =
  (incoming?: GraphQLExtension): GraphQLExtension =>
  (GraphQL, context) => {
    const queries = incoming?.(GraphQL, context) ?? {}
    const collections = (context as unknown as { collections: Collections }).collections
    const articles = collections[slugs.articles]
    const paginated = articles?.graphQL?.paginatedType
    if (!articles || !paginated) {
      return queries
    }
    const builtIn = context.Query.fields as Record<string, QueryField>
    // The root find's type is a list type of the same name (Payload builds it twice).
    const name = Object.keys(builtIn).find(
      (key) => (builtIn[key]?.type as GraphQLNamedType | undefined)?.name === paginated.name,
    )
    const field = name ? ((queries[name] as QueryField | undefined) ?? builtIn[name]) : undefined
    const payloadResolve = field?.resolve
    if (!name || !field || !payloadResolve) {
      return queries
    }
    const config = context.config as SanitizedConfig
    const byType = new Map<string, SanitizedCollectionConfig>()
    const alike = new Map<string, Set<string>>()
    for (const { config: collection, graphQL } of Object.values(collections)) {
      if (graphQL?.type) {
        byType.set(graphQL.type.name, collection)
        alike.set(collection.slug, alikeFields(collection))
      }
    }
    const fieldsOf = (slug: string): FieldShape[] =>
      (collections[slug]?.config.fields ?? []) as unknown as FieldShape[]
    /** The articles' own rich text fields: given back as stored (src/lib/renderings/depthZero). */
    const articleRichText = new Set(
      flatten(articles.config.fields)
        .filter(
          (field) =>
            field.type === 'richText' &&
            !field.hooks?.afterRead?.length &&
            !('virtual' in field && field.virtual) &&
            namesRecordsPlainly(field.editor),
        )
        .map((field) => (field as { name: string }).name),
    )
    const defaultLocale = config.localization ? config.localization.defaultLocale : undefined

    /**
     * takeable's answers by the query's field node: a function of the query alone (its selection,
     * fragments and the schema), and a kept document (src/http/graphqlDocuments.ts) brings the
     * same nodes back on every request, so a query is walked once.
     */
    const byQuery = new WeakMap<object, null | Set<string>>()

    /** The collections whose populated records the query may take as GraphQL would read them. */
    const takeable = (info: GraphQLResolveInfo): null | Set<string> => {
      const key = info.fieldNodes.length === 1 ? info.fieldNodes[0] : undefined
      if (key && byQuery.has(key)) {
        return byQuery.get(key)!
      }
      const found = walk(info)
      if (key) {
        byQuery.set(key, found)
      }
      return found
    }

    const walk = (info: GraphQLResolveInfo): null | Set<string> => {
      const differ = new Set<string>()
      let articleDiffers = false
      const walked = info.fieldNodes.every((node) =>
        everySelected(
          info.schema as GraphQLSchema,
          getNamedType(info.returnType),
          node.selectionSet,
          info.fragments,
          ({ node: selected, typeName }) => {
            const collection = byType.get(typeName)
            if (!collection) {
              return true
            }
            const name = selected.name.value
            const asked = (selected.arguments?.length ?? 0) > 0
            if (asked || !alike.get(collection.slug)?.has(name)) {
              differ.add(collection.slug)
              // An article's own rich text is given back as stored (its ids), and GraphQL
              // populates it by its `depth` argument as it always does.
              if (collection.slug !== slugs.articles || !articleRichText.has(name)) {
                articleDiffers ||= collection.slug === slugs.articles
              }
            }
            return true
          },
        ),
      )
      if (!walked || articleDiffers) {
        return null
      }
      return new Set(
        Object.values(collections)
          .map(({ config: collection }) => collection)
          .filter((collection) => !differ.has(collection.slug) && populatesWhole(collection))
          .map((collection) => collection.slug),
      )
    }

    /**
     * Whether the renderings may answer this request's find: made for a caller without
     * credentials, outside any transaction, in the default locale, with nothing asked in the URL
     * (`?draft=true`, `?locale=`: Payload reads those).
     */
    const readsRenderings = (req: PayloadRequest): boolean =>
      readServerSettings().renderings &&
      !req.user &&
      !carriesCredentials(req.headers) &&
      req.transactionID === undefined &&
      Object.values(req.query ?? {}).every((value) => value === undefined) &&
      req.locale === defaultLocale

    const resolve: Resolve = async (source, args, ctx, info) => {
      const { req } = ctx
      const ask = graphqlRenderingAsk(args)
      const takes = ask && readsRenderings(req) ? takeable(info) : null
      // GraphQL takes renderings as they are: a missing one is made by the background work or a
      // REST read (each a write; on SQLite one writer at a time), and Payload answers meanwhile.
      const page = ask && takes ? await renderedPage(req.payload, ask, { make: false }) : null
      if (!ask || !takes || !page) {
        return payloadResolve(source, args, ctx, info)
      }
      const loader = req.payloadDataLoader
      /** Hands a record to the loader under the key GraphQL's relation resolvers ask for. */
      const prime = (collection: string, record: Record<string, unknown>) => {
        if (takes.has(collection)) {
          loader.prime(
            createDataloaderCacheKey({
              collectionSlug: collection,
              currentDepth: 0,
              depth: 0,
              docID: record.id as number | string,
              draft: false,
              fallbackLocale: req.fallbackLocale as never,
              locale: req.locale as never,
              overrideAccess: false,
              select: undefined,
              showHiddenFields: false,
              transactionID: req.transactionID as never,
            }),
            record as never,
          )
        }
      }
      const docs = articlesOf(page).map((doc) => depthZero(fieldsOf(slugs.articles), doc, prime))
      // The records the populated ones name, as the loader reads them (render.ts: relatedOf):
      // a query a level deeper (people's positions' organizations) reads none of them again.
      for (const { collection, record } of heldOf(page)) {
        prime(collection, record)
        graphqlServed.related += 1
      }
      graphqlServed.pages += 1
      return { docs, ...pageTotals(page.totalDocs, ask.limit, ask.page) }
    }
    /**
     * How a field reads when a query is projected from the renderings (src/lib/graphql/project):
     * a collection's field only if it reads alike at depth 1 and 0 (and the collection's records
     * populate whole), through graphql's default resolver or Payload's relationship resolver to
     * one collection GraphQL knows; anything else (rich text, joins, fields with read hooks or
     * renamed) leaves the query to graphql's execution.
     */
    const readOf = (type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): FieldRead => {
      const collection = byType.get(type.name)
      if (
        collection &&
        (!alike.get(collection.slug)?.has(field.name) ||
          (collection.slug !== slugs.articles && !populatesWhole(collection)))
      ) {
        return null
      }
      if (!field.resolve) {
        return { kind: 'value' }
      }
      const payloadField = (field.extensions as { field?: Field } | undefined)?.field as
        { hasMany?: boolean; name?: string; relationTo?: unknown; type?: string } | undefined
      const target =
        typeof payloadField?.relationTo === 'string'
          ? collections[payloadField.relationTo]
          : undefined
      if (
        (payloadField?.type === 'relationship' || payloadField?.type === 'upload') &&
        payloadField.name === field.name &&
        target?.graphQL?.type &&
        target.config.graphQL !== false
      ) {
        return {
          collection: target.config.slug,
          hasMany: Boolean(payloadField.hasMany),
          kind: 'relation',
          source: payloadField.name,
        }
      }
      return null
    }
    /** Compiled projections by operation: a kept document brings the same nodes back. */
    const projections = new WeakMap<OperationDefinitionNode, null | Projection>()

    const answer: Answerer = async ({ fragments, operation, req, schema, variableValues }) => {
      let projection = projections.get(operation)
      if (projection === undefined) {
        projection = compileProjection(schema, operation, fragments, name, readOf)
        projections.set(operation, projection)
      }
      if (!projection) {
        return null
      }
      const coerced = getVariableValues(
        schema,
        operation.variableDefinitions ?? [],
        (variableValues ?? {}) as Record<string, unknown>,
      )
      if (coerced.errors) {
        return null
      }
      const args = getArgumentValues(projection.rootField, projection.root, coerced.coerced)
      const ask = graphqlRenderingAsk(args)
      if (!ask || !readsRenderings(req)) {
        return null
      }
      const page = await renderedPage(req.payload, ask, { make: false })
      if (!page) {
        return null
      }
      const held = new Map(
        heldOf(page).map(({ collection, record }) => [
          `${collection}:${String(record.id)}`,
          record,
        ]),
      )
      const data = project(
        projection,
        { docs: articlesOf(page), ...pageTotals(page.totalDocs, ask.limit, ask.page) },
        (collection, id) =>
          typeof id === 'number' || typeof id === 'string'
            ? held.get(`${collection}:${String(id)}`)
            : undefined,
      )
      if (!data) {
        return null
      }
      graphqlServed.pages += 1
      graphqlServed.projected += 1
      return { data }
    }
    return {
      ...queries,
      [name]: {
        ...field,
        extensions: { ...(field as { extensions?: object }).extensions, [ANSWERER]: answer },
        resolve,
      },
    }
  }
