/**
 * Property-based fuzzing of the HTTP API against the real server: random REST query strings,
 * random JSON bodies and random GraphQL documents, as an anonymous caller, as a department editor
 * and with junk credentials. Whatever arrives, the answer is JSON below 500 without internals
 * (stack frames, file paths, SQL), and no draft or staff-only record leaks.
 *
 * Replay a failure with the seed fast-check prints: FUZZ_SEED=<seed>; FUZZ_RUNS=<n> runs more.
 */
import type {
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLOutputType,
  GraphQLSchema,
  IntrospectionQuery,
} from 'graphql'

import type { TestServer } from '../helpers/startServer'
import type { World } from '../helpers/world'

import fc from 'fast-check'
import {
  buildClientSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
} from 'graphql'
import * as qs from 'qs-esm'

import { slugs } from '../../src/slugs'
import { startServer } from '../helpers/startServer'
import { PASSWORD } from '../helpers/world'
import type { FuzzActor as Actor, FuzzWorld } from '../helpers/fuzzWorld'
import {
  buildFuzzWorld,
  ANONYMOUS_MUST_NOT_SEE,
  EDITOR_MUST_NOT_SEE,
  EDITOR_NEVER,
  idOf,
  isScoped,
  JOINS,
  MARK,
  sameId,
  SCOPED,
  SEARCH,
  STAFF_ONLY,
} from '../helpers/fuzzWorld'
import type { Sent } from '../helpers/answers'
import { assertWellFormed, problem, send } from '../helpers/answers'
import type { Id } from '../../src/lib/types'

// The world (accounts, drafts, sandbox records) and the checks on every answer are in
// tests/helpers/fuzzWorld.ts; the regressions the fuzzer found live in the suites of what they test.

const SEED = Number(process.env.FUZZ_SEED ?? 82024)
const RUNS = Number(process.env.FUZZ_RUNS ?? 150)
/** A failing case is shrunk for at most the time limit; then the smallest one so far is shown. */
const fuzzOptions = (numRuns = RUNS) => ({
  interruptAfterTimeLimit: 45_000,
  markInterruptAsFailure: true,
  numRuns,
  seed: SEED,
})

type Doc = Record<string, any>

// Junk text comes from an alphabet without "t": it can never spell "    at " or "node_modules"
// by chance and so make a correct answer that echoes it look like a stack trace.
const JUNK_CHARS = [...'aZ0_.-[]$%,:;éơẠ "\'\\/*']
const junkString = fc.string({
  maxLength: 12,
  unit: fc.constantFrom(...JUNK_CHARS),
})

const VIETNAMESE = [
  'Nguyễn Văn A',
  'Kế hoạch',
  'kế hoạch số 12/KH-BQLKKT',
  'Ủy ban nhân dân tỉnh',
  'Sở Nội vụ',
  'Ban Quản lý Khu kinh tế',
  'ke hoach',
  'Đà Nẵng',
  'Nguye\u0302\u0303n', // decomposed (NFD)
  'Tiếng Việt 🙂',
  'đ',
  'Đ',
  'ư',
  '',
  ' ',
]
const NASTY = [
  '%',
  '_',
  '*',
  '\\',
  "'",
  '"',
  "' OR 1=1 --",
  '; DROP TABLE articles; --',
  '\u0000',
  '\uFFFF',
  '\u202E',
  '\uD800',
  'null',
  'undefined',
  'true',
  'false',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-0',
  '0x10',
  '9007199254740993',
  '99999999999999999999999999',
  '2024-02-30',
  '2024-13-45T99:99:99Z',
  '[]',
  '{}',
  '[1,2]',
  '{"a":1}',
  '105.8,21.0',
  '105.8,21.0,1000,0',
  'a,b,c',
  'x'.repeat(5000),
]
const OPERATORS = [
  'equals',
  'not_equals',
  'in',
  'not_in',
  'all',
  'like',
  'not_like',
  'contains',
  'exists',
  'near',
  'within',
  'intersects',
  'greater_than',
  'greater_than_equal',
  'less_than',
  'less_than_equal',
  'EQUALS',
  'between',
  '__proto__',
  'constructor',
  '',
]
const JUNK_FIELDS = [
  '',
  ' ',
  '.',
  '..',
  'a.b.c',
  '__proto__',
  'constructor',
  'prototype',
  'hash',
  'salt',
  'password',
  'apiKey',
  'apiKeyIndex',
  'resetPasswordToken',
  'sessions',
  'sessions.id',
  'loginAttempts',
  'version._status',
  'version.title',
  'version.department',
  'parent',
  'latest',
  '_status.x',
  'id.id',
  'title.vi',
  'title.en',
  'tiêu đề',
  "title'--",
  'title"',
  'department.department.department.name',
  'author.email',
  'author.roles',
  'author.hash',
  'x'.repeat(300),
]

/** Nothing was added to Object.prototype (a body's "__proto__" merged into a shared object). */
const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort().join(',')
const assertPrototypeClean = (sent: Sent, request: unknown) => {
  if (Object.getOwnPropertyNames(Object.prototype).sort().join(',') !== PROTOTYPE_KEYS) {
    problem('Object.prototype was polluted', sent, request)
  }
}

describe('fuzz: random input never breaks the API or leaks records', () => {
  let server: TestServer
  let fuzz: FuzzWorld
  let world: World
  let topic: Id
  let ids: FuzzWorld['ids']
  let hiddenFromAnonymous: FuzzWorld['hiddenFromAnonymous']
  let hiddenFromEditor: FuzzWorld['hiddenFromEditor']
  let allSlugs: string[] = []
  let fieldsOf: Record<string, string[]> = {}
  let allIds: Id[] = []
  let editorId: Id

  beforeAll(async () => {
    server = await startServer({ rateLimits: false })
    fuzz = await buildFuzzWorld(server)
    ;({
      allIds,
      allSlugs,
      editorId,
      fieldsOf,
      hiddenFromAnonymous,
      hiddenFromEditor,
      ids,
      topic,
      world,
    } = fuzz)
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  const headersFor: FuzzWorld['headersFor'] = (...args) => fuzz.headersFor(...args)
  const snapshot: FuzzWorld['snapshot'] = (...args) => fuzz.snapshot(...args)
  const assertNoLeak: FuzzWorld['assertNoLeak'] = (...args) => fuzz.assertNoLeak(...args)

  /** Pieces of REST queries: field names, values and `where` trees for one collection. */
  const queryParts = () => {
    const field = (collection: string) =>
      fc.oneof(
        {
          arbitrary: fc.constantFrom(...(fieldsOf[collection] ?? ['id'])),
          weight: 5,
        },
        {
          arbitrary: fc.constantFrom(...Object.values(fieldsOf).flat()),
          weight: 1,
        },
        { arbitrary: fc.constantFrom(...JUNK_FIELDS), weight: 2 },
        { arbitrary: junkString, weight: 1 },
      )
    const scalar = fc.oneof(
      {
        arbitrary: fc.constantFrom(...VIETNAMESE, ...Object.values(MARK), 'published', 'draft'),
        weight: 4,
      },
      { arbitrary: fc.constantFrom(...NASTY), weight: 3 },
      { arbitrary: fc.constantFrom(...allIds), weight: 2 },
      { arbitrary: fc.integer(), weight: 1 },
      { arbitrary: fc.double(), weight: 1 },
      { arbitrary: fc.boolean(), weight: 1 },
      { arbitrary: fc.constant(null), weight: 1 },
      { arbitrary: junkString, weight: 1 },
    )
    const value = fc.oneof(
      { arbitrary: scalar, weight: 4 },
      { arbitrary: fc.array(scalar, { maxLength: 4 }), weight: 1 },
      {
        arbitrary: fc.dictionary(junkString, scalar, { maxKeys: 3 }),
        weight: 1,
      },
    )
    const where = (collection: string) => {
      const condition = fc.dictionary(fc.constantFrom(...OPERATORS), value, {
        maxKeys: 2,
        minKeys: 1,
      })
      const clause = fc.dictionary(
        field(collection),
        fc.oneof({ arbitrary: condition, weight: 4 }, value),
        {
          maxKeys: 3,
          minKeys: 1,
        },
      )
      const tree = fc.letrec<{ where: unknown }>((tie) => ({
        where: fc.oneof(
          { depthSize: 'small', maxDepth: 4 },
          { arbitrary: clause, weight: 3 },
          fc
            .tuple(
              fc.constantFrom('and', 'or', 'AND', 'Or'),
              fc.array(tie('where'), { maxLength: 3 }),
            )
            .map(([key, parts]) => ({ [key]: parts })),
          fc
            .tuple(
              fc.constantFrom('and', 'or'),
              fc.oneof(value, fc.dictionary(junkString, tie('where'), { maxKeys: 2 })),
            )
            .map(([key, parts]) => ({ [key]: parts })),
        ),
      })).where
      // Past MAX_WHERE_NESTING, which must answer 400, not overflow anything.
      const deep = fc
        .tuple(fc.integer({ max: 40, min: 4 }), clause, fc.constantFrom('and', 'or'))
        .map(([levels, inner, key]) => {
          let result: unknown = inner
          for (let level = 0; level < levels; level += 1) {
            result = { [key]: [result] }
          }
          return result
        })
      return fc.oneof({ arbitrary: tree, weight: 5 }, deep)
    }
    return { field, scalar, value, where }
  }

  describe('REST query strings', () => {
    type RestCase = {
      actor: Actor
      collection: string
      junk: number
      path: string
      query: Record<string, unknown> | string
      transport: 'form' | 'get' | 'json'
    }

    const restCases = () => {
      const { field, where } = queryParts()
      // Mostly usable numbers, so most requests get past validation to the database.
      const number = fc.oneof(
        { arbitrary: fc.integer({ max: 30, min: 0 }), weight: 8 },
        fc.constantFrom(
          '0',
          '-1',
          '1e3',
          'NaN',
          'Infinity',
          'abc',
          '',
          '99999999999999999999',
          '1.5',
          ' 2',
          '0x10',
        ),
        fc.array(fc.integer({ max: 5, min: 0 }), { maxLength: 2 }),
        fc.integer(),
      )
      const flag = fc.constantFrom('true', 'false', '1', '0', 'yes', '', 'TRUE', ['true', 'false'])
      // Payload's findByID would answer with this `data` instead of the record: always refused.
      const dataParam = fc.oneof(
        junkString,
        fc.constantFrom('', '{', '{"title":"x"}', '[]', 'null'),
        {
          weight: 3,
          arbitrary: fc
            .record(
              {
                department: fc.constantFrom(...allIds),
                organizations: fc.array(fc.constantFrom(...allIds), {
                  maxLength: 3,
                }),
                people: fc.array(fc.constantFrom(...allIds), {
                  maxLength: 3,
                }),
                plans: fc.array(fc.constantFrom(...allIds), {
                  maxLength: 3,
                }),
                supersedes: fc.constantFrom(...allIds),
              },
              { requiredKeys: [] },
            )
            .map((data) => JSON.stringify(data)),
        },
      )
      // A few parameters per request: with all of them, nearly every request is refused early.
      const params = (collection: string) =>
        fc
          .tuple(
            fc.record({
              depth: number,
              draft: flag,
              'fallback-locale': fc.constantFrom('vi', 'en', 'none', 'null', 'xx', ''),
              joins: fc.oneof(
                fc.constant('false'),
                fc.dictionary(
                  fc.constantFrom(...Object.keys(JOINS), 'junk'),
                  fc.record(
                    {
                      limit: number,
                      sort: field(collection),
                      where: where(collection),
                    },
                    { requiredKeys: [] },
                  ),
                  { maxKeys: 2 },
                ),
              ),
              limit: number,
              locale: fc.constantFrom(
                'vi',
                'en',
                'all',
                '*',
                'fr',
                '',
                'vi,en',
                '__proto__',
                'vi-VN',
              ),
              page: number,
              pagination: flag,
              populate: fc.oneof(
                junkString,
                fc.dictionary(
                  fc.constantFrom(...allSlugs, 'junk'),
                  fc.dictionary(field(collection), fc.constantFrom(true, 'true', 'false', 1)),
                  { maxKeys: 2 },
                ),
              ),
              select: fc.oneof(
                junkString,
                fc.dictionary(
                  field(collection),
                  fc.oneof(
                    fc.constantFrom(true, false, 'true', 'false', 'x'),
                    fc.dictionary(junkString, fc.constant(true), {
                      maxKeys: 2,
                    }),
                  ),
                  { maxKeys: 3 },
                ),
              ),
              sort: fc.oneof(
                fc
                  .tuple(fc.constantFrom('', '-', '+', '--'), field(collection))
                  .map(([sign, name]) => `${sign}${name}`),
                fc.array(field(collection), { maxLength: 3 }).map((names) => names.join(',')),
                fc.array(field(collection), { maxLength: 3 }),
              ),
              trash: flag,
              where: fc.oneof(
                { arbitrary: where(collection), weight: 4 },
                where(collection).map((tree) => JSON.stringify(tree)),
                fc.constantFrom('{', '[]', 'null', '"x"', '{"and": 5}'),
              ),
            }),
            fc.oneof({ arbitrary: fc.constant(undefined), weight: 9 }, dataParam),
          )
          .chain(([all, data]) =>
            fc.subarray(Object.keys(all), { maxLength: 5 }).map((keys) => ({
              ...Object.fromEntries(keys.map((key) => [key, all[key as keyof typeof all]])),
              ...(data === undefined ? {} : { data }),
            })),
          )
      const searchParams = fc.record(
        {
          limit: number,
          q: fc.oneof(
            fc.constantFrom(...VIETNAMESE, ...Object.values(MARK), ...NASTY),
            junkString,
            fc.array(junkString),
          ),
          type: fc.oneof(fc.constantFrom(...allSlugs, 'junk', ''), junkString),
        },
        { requiredKeys: ['q'] },
      )
      const rawQuery = fc
        .array(
          fc.constantFrom(
            'where',
            '[',
            ']',
            '=',
            '&',
            '%',
            '%zz',
            '%00',
            '%C3%A0',
            '%5B',
            'limit',
            'sort',
            'depth',
            'draft',
            'true',
            '-1',
            'and',
            'or',
            '0',
            '__proto__',
            'constructor',
            'prototype',
            '[equals]',
            '[in][]',
            'é',
            '🙂',
            '.',
            ',',
            'title',
            '_status',
            'published',
            'draft',
            MARK.snvDraft,
          ),
          { maxLength: 24 },
        )
        .map((parts) => parts.join(''))
      const idSegment = fc.oneof(
        { arbitrary: fc.constantFrom(...allIds.map(String)), weight: 4 },
        fc.constantFrom(
          '999999',
          'abc',
          '-1',
          '0',
          '1.5',
          '1e3',
          '%20',
          '%zz',
          'null',
          'me',
          'init',
          'access',
          '__proto__',
          '..%2F..',
          'x'.repeat(300),
        ),
        junkString.filter((text) => text.length > 0).map(encodeURIComponent),
      )
      // Mostly the collections with drafts, where a leak would matter.
      const route = fc
        .oneof(
          { arbitrary: fc.constantFrom(...SCOPED, slugs.organizations, SEARCH), weight: 3 },
          { arbitrary: fc.constantFrom(...allSlugs, 'junk-collection'), weight: 2 },
        )
        .chain((collection): fc.Arbitrary<[string, string, Record<string, unknown> | string]> =>
          collection === SEARCH
            ? fc.tuple(
                fc.constant(collection),
                fc.constant('/api/search'),
                fc.oneof(searchParams, rawQuery),
              )
            : fc.tuple(
                fc.constant(collection),
                fc.oneof(
                  { arbitrary: fc.constant(`/api/${collection}`), weight: 6 },
                  {
                    arbitrary: idSegment.map((id) => `/api/${collection}/${id}`),
                    weight: 3,
                  },
                  fc.constant(`/api/${collection}/count`),
                  fc.constant(`/api/${collection}/versions`),
                  idSegment.map((id) => `/api/${collection}/versions/${id}`),
                ),
                fc.oneof({ arbitrary: params(collection), weight: 6 }, rawQuery),
              ),
        )
      return fc
        .record({
          actor: fc.constantFrom<Actor>('anonymous', 'editor', 'junk'),
          junk: fc.nat(),
          route,
          transport: fc.constantFrom<RestCase['transport']>(
            'get',
            'get',
            'get',
            'get',
            'form',
            'json',
          ),
        })
        .map(({ route: [collection, path, query], ...rest }): RestCase => ({
          ...rest,
          collection,
          path,
          query,
        }))
    }

    const runRest = async (testCase: RestCase) => {
      const { actor, collection, junk, path, query, transport } = testCase
      const search =
        typeof query === 'string' ? query : qs.stringify(query, { arrayFormat: 'indices' })
      const headers = headersFor(actor, junk)
      const sent =
        transport === 'get' || typeof query === 'string'
          ? await send(`${server.url}${path}${search ? `?${search}` : ''}`, {
              headers,
            })
          : await send(`${server.url}${path}`, {
              body: transport === 'form' ? search : JSON.stringify(query),
              headers: {
                ...headers,
                'content-type':
                  transport === 'form' ? 'application/x-www-form-urlencoded' : 'application/json',
                'x-payload-http-method-override': 'GET',
              },
              method: 'POST',
            })
      assertWellFormed(sent, testCase)
      const selects = typeof query === 'string' ? true : 'select' in query
      const segments = path.split('/')
      assertNoLeak(sent, testCase, actor, collection, {
        strict: !selects && typeof query !== 'string' && !path.endsWith('/count'),
        versions: segments[3] === 'versions',
      })
    }

    it('should answer random queries with JSON below 500 and never leak drafts or staff records', async () => {
      await fc.assert(fc.asyncProperty(restCases(), runRest), fuzzOptions(Math.round(RUNS * 1.4)))
    })
  })

  describe('JSON bodies', () => {
    type WriteCase = {
      actor: Actor
      body: string
      collection: string
      contentType: string
      junk: number
      method: 'DELETE' | 'PATCH' | 'POST'
      path: string
    }

    /** Keys a write body may carry: the collection's fields, system fields and junk. */
    const BODY_KEYS = [
      'id',
      '_status',
      'createdAt',
      'updatedAt',
      'department',
      'author',
      'reviewState',
      'reviewNote',
      'publishedAt',
      'slug',
      'email',
      'password',
      'roles',
      'hash',
      'salt',
      'apiKey',
      'enableAPIKey',
      'scopes',
      'sessions',
      'loginAttempts',
      'lockUntil',
      '__proto__',
      'constructor',
      'mentions',
      'body',
    ]

    /** Nesting deeper than any field expects; built once per depth. */
    const deepObjects = new Map<number, unknown>()
    const deepObject = (depth: number) => {
      if (!deepObjects.has(depth)) {
        let value: unknown = { root: { children: [], type: 'root' } }
        for (let level = 0; level < depth; level += 1) {
          value = { a: value }
        }
        deepObjects.set(depth, value)
      }
      return deepObjects.get(depth)
    }

    /** A valid body per collection, which the fuzzer then breaks. */
    const validBody = (collection: string): Doc => {
      const { bql } = world.orgs
      const bodies: Record<string, Doc> = {
        [slugs.apiClients]: {
          apiKey: 'k'.repeat(32),
          enableAPIKey: true,
          name: 'Khách',
          scopes: ['read'],
        },
        [slugs.articles]: {
          byline: 'BBT',
          eventDate: '2024-05-01T00:00:00.000Z',
          organizations: [bql],
          people: [ids.people.bqlPublished],
          placements: ['featured'],
          plans: [ids.plans.bqlPublished],
          summary: 'Tóm tắt ngắn',
          title: 'Tin thử nghiệm về kế hoạch 12/KH-BQLKKT',
          topics: [topic],
        },
        [slugs.auditLog]: { action: 'create', targetCollection: 'articles', targetId: '1' },
        [slugs.media]: { alt: 'Ảnh minh họa' },
        [slugs.organizations]: { kind: 'so', name: 'Phòng thử', shortName: 'PT' },
        [slugs.people]: {
          contact: { email: 'thu@example.vn' },
          name: 'Trần Thị Thử',
          positions: [{ current: true, organization: bql, title: 'Phó Giám đốc' }],
        },
        [slugs.plans]: {
          issuedOn: '2024-03-01',
          issuer: bql,
          number: '77/KH-FUZZ',
          periodYear: 2024,
          supersedes: ids.plans.bqlPublished,
          title: 'Kế hoạch thử',
        },
        [slugs.topics]: { name: 'Chuyên mục thử' },
        [slugs.users]: {
          department: bql,
          email: 'moi@test.vn',
          password: PASSWORD,
          roles: ['admin'],
        },
        'search-index': { docId: '1', published: true, target: 'articles', title: 'x' },
      }
      return bodies[collection] ?? { name: 'x', title: 'x' }
    }

    const writeCases = (actors: Actor[]) => {
      const { where } = queryParts()
      const hostile = fc.oneof(
        fc.constantFrom<unknown>(
          null,
          true,
          false,
          0,
          -1,
          1.5,
          1e20,
          -1e20,
          '',
          ' ',
          'abc',
          '999999',
          999999,
          [],
          {},
          [999999],
          ['abc'],
          [null],
          { id: 999999 },
          { relationTo: 'organizations', value: 999999 },
          { relationTo: 'users', value: 1 },
          '2024-13-45',
          'published',
          'draft',
          'submitted',
          ...VIETNAMESE,
          ...NASTY,
        ),
        fc.constantFrom(...allIds),
        fc.array(fc.constantFrom(...allIds), { maxLength: 3 }),
        fc.jsonValue({ maxDepth: 3 }),
        fc.constantFrom(50, 500, 3000).map(deepObject),
        fc.constantFrom(10_000, 200_000).map((length) => 'ạ'.repeat(length)),
        fc.constant(null).map(() => JSON.parse('{"__proto__":{"polluted":true}}')),
      )
      const mutated = (collection: string) =>
        fc
          .array(
            fc.tuple(
              fc.oneof(
                fc.constantFrom(...Object.keys(validBody(collection))),
                fc.constantFrom(
                  ...(fieldsOf[collection] ?? ['id']).filter((name) => !name.includes('.')),
                ),
                fc.constantFrom(...BODY_KEYS),
                junkString,
              ),
              fc.oneof({ arbitrary: hostile, weight: 5 }, fc.constant(undefined)),
            ),
            { maxLength: 3, minLength: 1 },
          )
          .map((edits) => {
            const body: Doc = { ...validBody(collection) }
            for (const [key, value] of edits) {
              if (value === undefined) {
                delete body[key]
              } else {
                Object.defineProperty(body, key, {
                  configurable: true,
                  enumerable: true,
                  value,
                  writable: true,
                })
              }
            }
            return JSON.stringify(body)
          })
      const body = (collection: string) =>
        fc.oneof(
          { arbitrary: mutated(collection), weight: 12 },
          { arbitrary: fc.constant(JSON.stringify(validBody(collection))), weight: 3 },
          fc.jsonValue().map((value) => JSON.stringify(value)),
          fc.object().map((value) => JSON.stringify(value)),
          fc.constantFrom(
            '',
            '{',
            '[',
            'null',
            '"x"',
            '1',
            '[]',
            '{"title": "x"',
            '\u0000',
            '{"__proto__": {"polluted": true}}',
            '{"constructor": {"prototype": {"polluted": true}}}',
            `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`,
            `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
            `{"title": "${'x'.repeat(1_200_000)}"}`,
          ),
          junkString,
        )
      const idFor = (actor: Actor) =>
        actor === 'editor'
          ? fc.constantFrom<Id>(
              ...SCOPED.flatMap((collection) => [
                ids[collection].sandbox,
                ids[collection].snvDraft,
                ids[collection].snvPublished,
              ]),
              world.actors.editorSnv.user!.id as Id,
              world.actors.admin.user!.id as Id,
              world.orgs.bql,
              999999,
              'abc',
              '-1',
            )
          : fc.constantFrom<Id>(...allIds, 999999, 'abc', '-1')
      const bulkWhere = (actor: Actor, collection: string) =>
        actor === 'editor' && isScoped(collection)
          ? // The editor's bulk writes stay on the sandbox, or aim at the other department.
            fc.oneof(
              where(collection).map((tree) => ({
                and: [{ id: { equals: ids[collection].sandbox } }, tree],
              })),
              fc.constant({ department: { equals: world.orgs.snv } }),
              fc.constant({ id: { in: [ids[collection].snvDraft, ids[collection].snvPublished] } }),
            )
          : actor === 'editor'
            ? // Never its own account, which it may change.
              fc.constant({ id: { not_equals: editorId } })
            : where(collection)
      return fc
        .record({
          actor: fc.constantFrom(...actors),
          collection: fc.oneof(
            { arbitrary: fc.constantFrom(...SCOPED), weight: 3 },
            { arbitrary: fc.constantFrom(...allSlugs, 'junk-collection'), weight: 2 },
          ),
          // Mostly JSON, so most bodies reach the fields.
          contentType: fc.oneof(
            { arbitrary: fc.constant('application/json'), weight: 10 },
            fc.constantFrom(
              'application/json; charset=utf-8',
              'text/plain',
              'application/x-www-form-urlencoded',
              'multipart/form-data; boundary=x',
            ),
          ),
          junk: fc.nat(),
          kind: fc.constantFrom('create', 'create', 'update', 'update', 'bulk', 'delete'),
          query: fc.constantFrom(
            '',
            '',
            '?depth=0',
            '?draft=true',
            '?draft=true',
            '?locale=en',
            '?locale=all&draft=true',
          ),
        })
        .chain(({ actor, collection, contentType, junk, kind, query }) =>
          fc
            .tuple(
              body(collection),
              idFor(actor),
              bulkWhere(actor, collection),
              // The editor deletes nothing: what it may delete it could also lose.
              fc.constant(kind === 'delete' && actor === 'editor' ? 'update' : kind),
            )
            .map(([text, id, filter, effective]): WriteCase => {
              const method =
                effective === 'create' ? 'POST' : effective === 'delete' ? 'DELETE' : 'PATCH'
              const path =
                effective === 'create'
                  ? `/api/${collection}${query}`
                  : effective === 'bulk'
                    ? `/api/${collection}?${qs.stringify({ where: filter }, { arrayFormat: 'indices' })}`
                    : `/api/${collection}/${encodeURIComponent(String(id))}${query}`
              return { actor, body: text, collection, contentType, junk, method, path }
            }),
        )
    }

    /** Everything the editor may not change: the other department's records and the shared ones. */
    const editorMayNotChange = async () => {
      const state = await snapshot([
        ...SCOPED,
        slugs.auditLog,
        slugs.media,
        slugs.users,
        'search-index',
        'payload-preferences',
        'payload-locked-documents',
        'payload-jobs',
      ])
      for (const collection of SCOPED) {
        // System verification: every record of the other department, and the published count.
        const { docs } = await server.payload.find({
          collection,
          depth: 0,
          overrideAccess: true,
          pagination: false,
          where: { department: { equals: world.orgs.snv } },
        })
        state[`${collection}:snv`] = docs.map((doc) => `${doc.id}@${doc.updatedAt}`).sort()
        state[`${collection}:published`] = (
          await server.payload.count({
            collection,
            overrideAccess: true,
            where: { _status: { equals: 'published' } },
          })
        ).totalDocs
      }
      const { docs: users } = await server.payload.find({
        collection: 'users',
        depth: 0,
        // System verification of what is stored, past access control.
        overrideAccess: true,
        pagination: false,
        where: { id: { not_equals: editorId } },
      })
      state.users = users.map((user) => `${user.id}@${user.updatedAt}`).sort()
      return state
    }

    const runWrite = async (testCase: WriteCase) => {
      const { actor, body, collection, contentType, junk, method, path } = testCase
      const sent = await send(`${server.url}${path}`, {
        body,
        headers: { ...headersFor(actor, junk), 'content-type': contentType },
        method,
      })
      // Path first and the body cut short, so the failure message stays readable.
      const request = {
        method,
        path,
        actor,
        contentType,
        body: body.length > 300 ? `${body.slice(0, 300)}… (${body.length} characters)` : body,
      }
      assertWellFormed(sent, request)
      assertPrototypeClean(sent, request)
      const result = sent.json as Doc | null
      const written = [
        ...(result?.doc && typeof result.doc === 'object' ? [result.doc as Doc] : []),
        ...(Array.isArray(result?.docs) ? (result.docs as Doc[]) : []),
      ]
      if (sent.status >= 300 || written.length === 0) {
        return
      }
      if (actor !== 'editor') {
        problem(`${actor} wrote ${collection}`, sent, request)
      }
      if (
        !isScoped(collection) &&
        collection !== slugs.media &&
        !collection.startsWith('payload-')
      ) {
        problem(`the editor wrote ${collection}`, sent, request)
      }
      for (const doc of isScoped(collection) ? written : []) {
        if (doc._status === 'published' || !sameId(idOf(doc.department), world.orgs.bql)) {
          problem(
            `the editor wrote ${collection} ${doc._status} in department ${idOf(doc.department)}`,
            sent,
            request,
          )
        }
        // What the editor created is a draft anonymous callers must not see from now on.
        hiddenFromAnonymous[collection]!.add(String(doc.id))
      }
    }

    it('should refuse every anonymous write, whatever the body, and change nothing', async () => {
      const before = await snapshot()
      await fc.assert(fc.asyncProperty(writeCases(['anonymous', 'junk']), runWrite), fuzzOptions())
      // System verification: the database holds nothing an anonymous caller wrote.
      expect(await snapshot()).toEqual(before)
    })

    it("should keep the editor's writes to drafts of their own department, whatever the body", async () => {
      const before = await editorMayNotChange()
      await fc.assert(fc.asyncProperty(writeCases(['editor']), runWrite), fuzzOptions())
      expect(await editorMayNotChange()).toEqual(before)
    })
  })

  describe('GraphQL documents', () => {
    type Draw = {
      chance: (percent: number) => boolean
      /** Percent chances of ill-typed input: 0 for a document the schema accepts. */
      sloppy: number
      int: (min: number, max: number) => number
      of: <T>(arbitrary: fc.Arbitrary<T>) => T
      pick: <T>(items: readonly T[]) => T
    }
    type Built = {
      /** Root selections (alias or name) that return records of a collection. */
      collections: Record<string, { collection: string; list: boolean }>
      body: unknown
      mutation: boolean
    }

    /** Within the depth limit, so the server answers it; the standard introspection query is not. */
    const INTROSPECTION = `query { __schema { queryType { name } mutationType { name }
      types { kind name fields(includeDeprecated: true) { name args { name defaultValue type { ...T } } type { ...T } }
        inputFields { name defaultValue type { ...T } } interfaces { kind name }
        enumValues(includeDeprecated: true) { name } possibleTypes { kind name } }
      directives { name locations args { name defaultValue type { ...T } } } } }
      fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }`

    /** GraphQL names of the collections under test. */
    /** GraphQL root fields of the collections under test, and whether they answer a list. */
    const ROOTS: Record<string, { collection: string; list: boolean }> = {
      ApiClient: { collection: slugs.apiClients, list: false },
      ApiClients: { collection: slugs.apiClients, list: true },
      Article: { collection: slugs.articles, list: false },
      Articles: { collection: slugs.articles, list: true },
      AuditLog: { collection: slugs.auditLog, list: true },
      AuditRecord: { collection: slugs.auditLog, list: false },
      Organization: { collection: slugs.organizations, list: false },
      Organizations: { collection: slugs.organizations, list: true },
      People: { collection: slugs.people, list: true },
      Person: { collection: slugs.people, list: false },
      Plan: { collection: slugs.plans, list: false },
      Plans: { collection: slugs.plans, list: true },
      User: { collection: slugs.users, list: false },
      Users: { collection: slugs.users, list: true },
    }
    const PREFERRED = [
      ...Object.keys(ROOTS),
      'search',
      'Topics',
      'versionsArticles',
      'versionsPeople',
      'countArticles',
      'PayloadPreferences',
    ]

    let schema: GraphQLSchema

    beforeAll(async () => {
      const sent = await send(`${server.url}/api/graphql`, {
        body: JSON.stringify({ query: INTROSPECTION }),
        headers: { ...headersFor('editor', 0), 'content-type': 'application/json' },
        method: 'POST',
      })
      schema = buildClientSchema((sent.json as { data: IntrospectionQuery }).data)
    })

    const drawer = (g: fc.GeneratorValue): Draw => ({
      chance: (percent) => g(fc.integer, { max: 99, min: 0 }) < percent,
      // Most documents well typed, so most reach the resolvers and the database.
      sloppy: g(fc.integer, { max: 3, min: 0 }) === 0 ? 4 : 0,
      int: (min, max) => g(fc.integer, { max, min }),
      of: (arbitrary) => g(() => arbitrary),
      pick: (items) => items[g(fc.integer, { max: items.length - 1, min: 0 })]!,
    })

    const text = (d: Draw): string =>
      d.chance(70)
        ? d.pick([
            ...VIETNAMESE,
            ...Object.values(MARK),
            ...NASTY.filter((value) => value.length < 100),
            'published',
            'draft',
            '-publishedAt',
            'title',
            '-title',
            'createdAt',
            ...allIds.map(String),
          ])
        : d.of(junkString)

    /** A GraphQL literal for an input type: mostly well typed, sometimes not. */
    const literal = (d: Draw, type: GraphQLInputType, depth: number): string => {
      if (isNonNullType(type)) {
        return d.chance(d.sloppy) ? 'null' : literal(d, type.ofType, depth)
      }
      if (isListType(type)) {
        if (d.chance(30)) {
          return literal(d, type.ofType, depth)
        }
        return `[${Array.from({ length: d.int(0, 3) }, () => literal(d, type.ofType, depth)).join(', ')}]`
      }
      if (d.chance(d.sloppy)) {
        // The wrong kind of value altogether.
        return d.pick([
          'null',
          '1',
          '"x"',
          '{ a: 1 }',
          '[]',
          'true',
          'JUNK_ENUM',
          '2147483648',
          '1e400',
        ])
      }
      if (isEnumType(type)) {
        return d.pick(type.getValues()).name
      }
      if (isInputObjectType(type)) {
        const fields = Object.values(type.getFields())
        if (depth > 4 || fields.length === 0) {
          return '{}'
        }
        const chosen = Array.from({ length: d.int(0, 3) }, () => d.pick(fields))
        const unique = [...new Map(chosen.map((field) => [field.name, field])).values()]
        return `{ ${unique.map((field) => `${field.name}: ${literal(d, field.type, depth + 1)}`).join(', ')} }`
      }
      switch (type.name) {
        case 'Int':
          return d.pick([
            '0',
            '1',
            '2',
            '10',
            '100',
            '101',
            ...(d.sloppy ? ['-1', '2147483647'] : []),
            String(d.int(0, 30)),
          ])
        case 'Float':
          return d.pick(['0', '1.5', '-2.25', '1e10', String(d.int(-100, 100))])
        case 'Boolean':
          return d.pick(['true', 'false'])
        case 'JSON':
        case 'JSONObject':
          return d.sloppy
            ? d.pick(['{ a: 1 }', '[1, 2]', 'null', JSON.stringify(text(d))])
            : d.pick([String(d.pick(allIds)), JSON.stringify(text(d))])
        case 'DateTime':
          return JSON.stringify(
            d.pick([
              '2024-01-01T00:00:00.000Z',
              ...(d.sloppy ? ['2024-02-30', 'x', '', '1e400'] : []),
            ]),
          )
        default:
          return JSON.stringify(text(d))
      }
    }

    /** A selection set for an output type, `depth` levels at most. */
    const selection = (
      d: Draw,
      type: GraphQLOutputType,
      depth: number,
      fragments: string[],
      budget: { fields: number },
    ): string => {
      const named = getNamedType(type)
      if (isLeafType(named)) {
        return ''
      }
      if (isUnionType(named)) {
        const members = named.getTypes()
        return `{ __typename ${Array.from({ length: d.int(1, 2) }, () => {
          const member = d.pick(members)
          return `... on ${member.name} ${selection(d, member, depth - 1, fragments, budget)}`
        }).join(' ')} }`
      }
      if (!isObjectType(named) && !isInterfaceType(named)) {
        return ''
      }
      const fields = Object.values(named.getFields())
      const leaves = fields.filter((field) => isLeafType(getNamedType(field.type)))
      const parts = new Set<string>()
      // What the leak checks read, asked often.
      for (const name of ['id', '_status', 'title', 'name']) {
        if (leaves.some((field) => field.name === name) && d.chance(60)) {
          parts.add(name)
        }
      }
      const docs = fields.find((field) => field.name === 'docs')
      if (docs && depth > 1 && d.chance(70)) {
        parts.add(`docs ${selection(d, docs.type, depth - 1, fragments, budget)}`)
      }
      // A budget of fields per document: nesting 12 levels of 4 fields would be 16 million.
      for (let index = d.int(1, 4); index > 0 && budget.fields > 0; index -= 1) {
        budget.fields -= 1
        const field = d.pick(depth > 1 ? fields : leaves.length > 0 ? leaves : fields)
        const composite = !isLeafType(getNamedType(field.type))
        if (composite && depth <= 1) {
          continue
        }
        const alias = d.chance(10) ? `a${d.int(0, 99)}: ` : ''
        const args = d.chance(40) ? argumentsFor(d, field.args, 0) : ''
        const inner = composite ? selection(d, field.type, depth - 1, fragments, budget) : ''
        parts.add(`${alias}${field.name}${args} ${inner}`.trim())
      }
      if (d.chance(d.sloppy)) {
        parts.add(
          d.pick(['junkField', 'hash', 'salt', 'password', '__schema { queryType { name } }']),
        )
      }
      if (parts.size === 0 || d.chance(10)) {
        parts.add('__typename')
      }
      const body = `{ ${[...parts].join(' ')} }`
      if (d.chance(15)) {
        const name = `F${fragments.length}`
        fragments.push(`fragment ${name} on ${named.name} ${body}`)
        return `{ ...${name} }`
      }
      return d.chance(5) ? `{ ... on ${named.name} ${body} }` : body
    }

    const argumentsFor = (d: Draw, args: readonly GraphQLArgument[], depth: number): string => {
      const chosen = args.filter((arg) => isNonNullType(arg.type) || d.chance(40))
      if (chosen.length === 0) {
        return ''
      }
      // Ids of records that exist, drafts included, most of the time.
      const value = (arg: GraphQLArgument) =>
        arg.name === 'id' && d.chance(80) ? String(d.pick(allIds)) : literal(d, arg.type, depth)
      return `(${chosen.map((arg) => `${arg.name}: ${value(arg)}`).join(', ')})`
    }

    /** A random operation on the real schema, or garbage around it. */
    const build = (d: Draw, actor: Actor): Built => {
      const mutation = actor !== 'editor' && d.chance(20)
      const root = mutation ? schema.getMutationType()! : schema.getQueryType()!
      const available = Object.values(root.getFields()).filter(
        (field) => !mutation || /^(create|update|delete|duplicate|restoreVersion)/.test(field.name),
      )
      const preferred = available.filter((field) => PREFERRED.includes(field.name))
      const fragments: string[] = []
      const collections: Built['collections'] = {}
      const depth = d.int(1, 12)
      const budget = { fields: 60 }
      const selections = Array.from({ length: d.int(1, 3) }, (_, index) => {
        const field: GraphQLField<unknown, unknown> = d.pick(
          !mutation && d.chance(75) ? preferred : available,
        )
        const alias = d.chance(20) ? `r${index}` : ''
        const key = alias || field.name
        if (ROOTS[field.name] && !(key in collections)) {
          collections[key] = ROOTS[field.name]!
        } else if (ROOTS[field.name]) {
          // The same root twice under one key: GraphQL refuses it; no records to check.
          delete collections[key]
        }
        const inner = isLeafType(getNamedType(field.type))
          ? ''
          : selection(d, field.type, depth, fragments, budget)
        return `${alias ? `${alias}: ` : ''}${field.name}${argumentsFor(d, field.args, 0)} ${inner}`
      })
      const operation = `${mutation ? 'mutation' : d.pick(['', 'query', 'query Q'])} { ${selections.join(' ')} } ${fragments.join(' ')}`
      const variables = d.chance(d.sloppy * 2)
        ? d.of(
            fc.oneof(
              fc.constantFrom<unknown>('x', 1, [], null),
              fc.dictionary(junkString, fc.jsonValue()),
            ),
          )
        : {}
      if (d.chance(85)) {
        return { body: { query: operation, variables }, collections, mutation }
      }
      // Garbage: broken documents, wrong types, batches, limits.
      const garbage = d.pick([
        () => ({ query: operation.slice(0, d.int(0, operation.length)) }),
        () => {
          const at = d.int(0, operation.length)
          return {
            query: `${operation.slice(0, at)}${d.pick(['{', '}', '(', '"', '$', '@', '...', ':'])}${operation.slice(at)}`,
          }
        },
        () => ({ query: d.of(junkString) }),
        () => ({
          query: d.of(fc.constantFrom<unknown>(1, true, null, {}, [], ['{ __typename }'])),
        }),
        () => ({
          query: '{ __typename }',
          variables: d.of(fc.constantFrom<unknown>('x', 1, [], '{')),
        }),
        () => ({ operationName: d.of(junkString), query: operation }),
        () => ({
          query: `{ ${'a: __typename '.repeat(d.int(40, 80)).replace(/a:/g, () => `a${d.int(0, 1_000_000)}:`)} }`,
        }),
        () => ({
          query: `${'{ Articles { docs { department '.repeat(d.int(4, 12))}id${' }'.repeat(100)}`,
        }),
        () => ({ query: 'fragment A on Query { ...B } fragment B on Query { ...A } { ...A }' }),
        () => ({ query: `{ ${'__typename '.repeat(30_000)} }` }),
        () => [{ query: '{ __typename }' }, { query: operation }],
        () => ({
          query: `query ($w: Article_where) { Articles(where: $w) { docs { id _status title } } }`,
          variables: { w: d.of(fc.jsonValue({ maxDepth: 3 })) },
        }),
      ])()
      return { body: garbage, collections: {}, mutation: false }
    }

    /** Objects in `data` that say they are drafts. */
    const draftsIn = (value: unknown): unknown[] => {
      if (Array.isArray(value)) {
        return value.flatMap(draftsIn)
      }
      if (!value || typeof value !== 'object') {
        return []
      }
      const record = value as Doc
      return [
        ...(record._status === 'draft' ? [record] : []),
        ...Object.values(record).flatMap(draftsIn),
      ]
    }

    const runGraphql = async (actor: Actor, junk: number, built: Built, transport: string) => {
      const request = { actor, body: built.body, transport }
      const headers = {
        ...headersFor(actor, junk),
        'content-type': transport === 'text' ? 'text/plain' : 'application/json',
      }
      const sent =
        transport === 'get'
          ? await send(
              `${server.url}/api/graphql?query=${encodeURIComponent(String((built.body as Doc)?.query))}`,
              { headers },
            )
          : await send(`${server.url}/api/graphql`, {
              body: JSON.stringify(built.body),
              headers,
              method: 'POST',
            })
      assertWellFormed(sent, request)
      const answer = sent.json as { data?: unknown; errors?: Doc[] } | null
      for (const error of answer?.errors ?? []) {
        if (error?.extensions?.stack || (error?.extensions?.statusCode ?? 0) >= 500) {
          problem('a GraphQL error from inside the server', sent, request)
        }
      }
      const data = JSON.stringify(answer?.data ?? null)
      const anonymous = actor !== 'editor'
      const word = (anonymous ? ANONYMOUS_MUST_NOT_SEE : EDITOR_MUST_NOT_SEE).find((mark) =>
        data.includes(mark),
      )
      if (word) {
        problem(`${actor} received a draft ("${word}")`, sent, request)
      }
      if (anonymous && draftsIn(answer?.data).length > 0) {
        problem(`${actor} received a record with _status draft`, sent, request)
      }
      if (anonymous && built.mutation && answer?.data && typeof answer.data === 'object') {
        if (Object.values(answer.data).some((value) => value !== null)) {
          problem(`${actor} ran a mutation`, sent, request)
        }
      }
      const results = (answer?.data ?? {}) as Doc
      for (const [key, { collection, list }] of Object.entries(built.collections)) {
        const result = results[key]
        const docs: Doc[] = (
          list ? (Array.isArray(result?.docs) ? result.docs : []) : [result]
        ).filter((doc: unknown) => doc && typeof doc === 'object')
        const counted =
          list && typeof result?.totalDocs === 'number' ? result.totalDocs : docs.length
        const hidden = (anonymous ? hiddenFromAnonymous : hiddenFromEditor)[collection]
        const leaked = docs.find((doc) => hidden?.has(String(doc.id)))
        if (leaked) {
          problem(`${actor} received hidden ${collection} ${leaked.id}`, sent, request)
        }
        if (counted > 0 && (anonymous ? STAFF_ONLY : EDITOR_NEVER).includes(collection)) {
          problem(`${actor} received ${collection} records`, sent, request)
        }
        const other = docs.find((doc) => 'id' in doc && !sameId(doc.id, editorId))
        if (!anonymous && collection === slugs.users && other) {
          problem('the editor received another account', sent, request)
        }
      }
    }

    it('should answer random GraphQL documents without internals or drafts, and run no anonymous mutation', async () => {
      const before = await snapshot()
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom<Actor>('anonymous', 'editor', 'junk'),
          fc.nat(),
          fc.oneof({ arbitrary: fc.constant('json'), weight: 18 }, fc.constantFrom('text', 'get')),
          fc.gen(),
          async (actor, junk, transport, g) =>
            runGraphql(actor, junk, build(drawer(g), actor), transport),
        ),
        fuzzOptions(),
      )
      // System verification: anonymous mutations and the editor's queries changed nothing.
      expect(await snapshot()).toEqual(before)
    })
  })
})
