import type { Payload } from 'payload'

import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import { SKIP_PASSWORD_POLICY } from '../../collections/users/hooks/enforcePasswordPolicy'
import { slugs } from '../slugs'
import { DEMO_ORGANIZATIONS, DEMO_USERS } from './demoData'
import { importDemoArticles } from './demoArticles'
import { asSystem } from '../access/asSystem'

type SeedDemoArgs = {
  dataDir: string
  /** DEMO_PASSWORD; a random one is made and written to data/demo-credentials.json when null. */
  password: null | string
  payload: Payload
}

/**
 * Seeds the demo organizations, accounts and articles into an EMPTY database; a database with any
 * user is left alone. System work: runs before anyone can log in, so it bypasses access control.
 */
export const seedDemo = async ({ dataDir, password, payload }: SeedDemoArgs): Promise<boolean> => {
  const { totalDocs } = await payload.count({ collection: slugs.users, ...asSystem() })
  if (totalDocs > 0) {
    return false
  }
  const demoPassword = password ?? crypto.randomBytes(9).toString('base64url')

  const organizationIds = new Map<string, number | string>()
  for (const organization of DEMO_ORGANIZATIONS) {
    const parent = organization.parent ? organizationIds.get(organization.parent) : undefined
    const created = await payload.create({
      collection: slugs.organizations,
      data: { ...organization.data, _status: 'published', parent: parent as number | undefined },
      // Seeding runs before anyone can log in.
      ...asSystem(),
    })
    organizationIds.set(organization.data.shortName, created.id)
  }

  for (const user of DEMO_USERS) {
    await payload.create({
      collection: slugs.users,
      data: {
        department: user.department ? (organizationIds.get(user.department) as number) : undefined,
        email: user.email,
        name: user.name,
        password: demoPassword,
        roles: [user.role],
      },
      // DEMO_PASSWORD is the operator's choice, which the password policy does not judge.
      context: { [SKIP_PASSWORD_POLICY]: true },
      // Seeding runs before anyone can log in.
      ...asSystem(),
    })
  }

  await importDemoArticles({ organizationIds, payload })

  const credentials = {
    accounts: DEMO_USERS.map(({ email, role }) => ({ email, role })),
    password: demoPassword,
  }
  fs.mkdirSync(dataDir, { recursive: true })
  fs.writeFileSync(
    path.join(dataDir, 'demo-credentials.json'),
    `${JSON.stringify(credentials, null, 2)}\n`,
    { mode: 0o600 },
  )
  if (!password) {
    process.stdout.write(
      `Demo accounts (${DEMO_USERS.map((user) => user.email).join(', ')}) have the password: ${demoPassword}\n` +
        `It is also in ${path.join(dataDir, 'demo-credentials.json')}.\n`,
    )
  }
  return true
}

/**
 * The warning a production start logs while demo accounts exist (their password is in
 * data/demo-credentials.json or was printed at seeding), or null. System read: whoever starts.
 */
export const demoAccountsWarning = async (
  payload: Payload,
  production: boolean,
): Promise<null | string> => {
  if (!production) {
    return null
  }
  const { docs } = await payload.find({
    collection: slugs.users,
    depth: 0,
    limit: DEMO_USERS.length,
    // A start-up check, before anyone is signed in.
    ...asSystem(),
    pagination: false,
    select: { email: true },
    where: { email: { in: DEMO_USERS.map((user) => user.email) } },
  })
  if (docs.length === 0) {
    return null
  }
  const emails = docs.map((doc) => doc.email).join(', ')
  return `Demo accounts exist in production (${emails}); their password is known from the demo seed. Delete them or change their passwords.`
}
