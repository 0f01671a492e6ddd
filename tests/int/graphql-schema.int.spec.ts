import { configToSchema } from '@payloadcms/graphql'
import fs from 'node:fs'
import path from 'node:path'
import {
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  lexicographicSortSchema,
  printSchema,
} from 'graphql'

import type { TestServer } from '../helpers/startServer'
import { graphql, login } from '../helpers/http'
import { startServer } from '../helpers/startServer'
import { createDepartment, PASSWORD } from '../helpers/world'

const COMMITTED = path.resolve('src/generated-schema.graphql')
const STALE =
  'src/generated-schema.graphql differs from the served schema: run npm run generate:graphql'

describe('the committed GraphQL schema is the served one', () => {
  let server: TestServer
  let token: string

  beforeAll(async () => {
    server = await startServer({ rateLimits: false })
    // System setup: an account to introspect with (production answers signed-in users only).
    await server.payload.create({
      collection: 'users',
      data: {
        department: await createDepartment(server.payload),
        email: 'schema@example.com',
        password: PASSWORD,
        roles: ['editor'],
      },
      overrideAccess: true,
    })
    token = await login(server.url, 'schema@example.com', PASSWORD)
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  it('should commit exactly what npm run generate:graphql prints for the config', () => {
    const printed = printSchema(configToSchema(server.payload.config).schema)
    const committed = fs.readFileSync(COMMITTED, 'utf8')
    if (printed !== committed) {
      throw new Error(STALE)
    }
    expect(committed).toContain('type Article {')
    expect(committed).toContain('Articles(')
  })

  it('should answer introspection with the committed schema, type for type', async () => {
    const answer = await graphql(
      server.url,
      getIntrospectionQuery({ specifiedByUrl: true }),
      {},
      token,
    )
    expect(answer.status).toBe(200)
    expect(answer.body.errors).toBeUndefined()
    const served = printSchema(lexicographicSortSchema(buildClientSchema(answer.body.data)))
    const committed = printSchema(
      lexicographicSortSchema(buildSchema(fs.readFileSync(COMMITTED, 'utf8'))),
    )
    if (served !== committed) {
      throw new Error(STALE)
    }
  })
})
