import type { Payload } from 'payload'

import type { Actor } from './doors'
import { login } from './http'

/** Every test account's password: strong enough for the password policy (12+ characters, not common). */
export const PASSWORD = 'Thu-nghiem-hoa-gao-thang-ba-2026'
export const API_KEY_READ = 'read-only-key-0123456789abcdef'
export const API_KEY_DRAFTS = 'drafts-read-key-0123456789abcdef'

export type World = {
  actors: Record<
    'admin' | 'anonymous' | 'bbt' | 'clientDrafts' | 'clientRead' | 'editorBql' | 'editorSnv',
    Actor
  >
  orgs: { bql: number | string; snv: number | string; ubnd: number | string }
}

/**
 * Two departments, the contract's four roles, and two integrator keys. Test setup is system work,
 * so it bypasses access control.
 */
export const buildWorld = async (payload: Payload, baseUrl: string): Promise<World> => {
  const org = async (name: string, shortName: string) =>
    (
      await payload.create({
        collection: 'organizations',
        data: { _status: 'published', documentCode: shortName, name, shortName },
        overrideAccess: true,
      })
    ).id
  const orgs = {
    bql: await org('Ban Quản lý Khu kinh tế tỉnh', 'BQLKKT'),
    snv: await org('Sở Nội vụ', 'SNV'),
    ubnd: await org('Ủy ban nhân dân tỉnh', 'UBND'),
  }
  const user = async (
    email: string,
    role: 'admin' | 'bbt' | 'editor',
    department?: number | string,
  ) => {
    const doc = await payload.create({
      collection: 'users',
      data: { department: department as number, email, password: PASSWORD, roles: [role] },
      overrideAccess: true,
    })
    const token = await login(baseUrl, email, PASSWORD)
    return {
      authorization: `JWT ${token}`,
      name: role,
      user: { ...doc, collection: 'users' },
    } as Actor
  }
  const client = async (name: string, apiKey: string, scopes: string[]) => {
    const doc = await payload.create({
      collection: 'api-clients',
      data: { apiKey, enableAPIKey: true, name, scopes: scopes as never },
      overrideAccess: true,
    })
    return {
      authorization: `api-clients API-Key ${apiKey}`,
      name,
      user: { ...doc, collection: 'api-clients' },
    } as Actor
  }
  return {
    actors: {
      admin: await user('admin@test.vn', 'admin'),
      anonymous: { name: 'anonymous', user: null },
      bbt: await user('bbt@test.vn', 'bbt'),
      clientDrafts: await client('Drafts reader', API_KEY_DRAFTS, ['read', 'read-drafts']),
      clientRead: await client('Public reader', API_KEY_READ, ['read']),
      editorBql: { ...(await user('ed.bql@test.vn', 'editor', orgs.bql)), name: 'editor.bqlkkt' },
      editorSnv: { ...(await user('ed.snv@test.vn', 'editor', orgs.snv)), name: 'editor.snv' },
    },
    orgs,
  }
}

/** A published department (Sở Nội vụ, SNV) for tests that need an owner; returns its id. */
export const createDepartment = async (payload: Payload): Promise<number> =>
  (
    await payload.create({
      collection: 'organizations',
      data: { _status: 'published', name: 'Sở Nội vụ', shortName: 'SNV' },
      // System setup: test fixtures are created past access control.
      overrideAccess: true,
    })
  ).id as number

/** An admin account created for the test, signed in over HTTP; returns its JWT. */
export const adminToken = async (payload: Payload, baseUrl: string): Promise<string> => {
  await payload.create({
    collection: 'users',
    data: { email: 'admin@example.com', password: PASSWORD, roles: ['admin'] },
    // System setup: the first account is created past access control.
    overrideAccess: true,
  })
  return login(baseUrl, 'admin@example.com', PASSWORD)
}
