import type { CollectionBeforeOperationHook, PayloadRequest } from 'payload'

import { ValidationError } from 'payload'

import { PASSWORD_MESSAGES, passwordProblem } from '../../../src/lib/password/policy'
import { slugs } from '../../../src/slugs'

/** `req.context` key: system work (the demo seed with an operator's DEMO_PASSWORD) skips the policy. */
export const SKIP_PASSWORD_POLICY = 'skipPasswordPolicy'

type Account = { email?: null | string; name?: null | string }

/** The account whose password changes, as stored: its name and email count against the password. */
const storedAccount = async (
  req: PayloadRequest,
  where: Record<string, unknown>,
): Promise<Account | null> =>
  // System read inside the operation: the account itself, whoever may read it.
  (await req.payload.db.findOne({
    collection: slugs.users,
    req,
    where: where as never,
  })) as Account | null

/**
 * The password policy (src/lib/password/policy.ts) on every door a password is set through:
 * create (the admin, REST, GraphQL, Local API), update, and reset-password, which skips field
 * validation and collection hooks but not beforeOperation. Refused with a 400 naming the problem.
 */
export const enforcePasswordPolicy: CollectionBeforeOperationHook = async ({
  args,
  operation,
  req,
}) => {
  if (
    !['create', 'resetPassword', 'update'].includes(operation) ||
    req.context[SKIP_PASSWORD_POLICY]
  ) {
    return args
  }
  const { data, id } = args as {
    data?: Account & { password?: unknown; token?: unknown }
    id?: number | string
  }
  if (!data || typeof data.password !== 'string') {
    return args
  }
  let stored: Account | null = null
  if (operation === 'resetPassword' && typeof data.token === 'string') {
    stored = await storedAccount(req, { resetPasswordToken: { equals: data.token } })
  } else if (operation === 'update' && id !== undefined) {
    stored = await storedAccount(req, { id: { equals: id } })
  }
  const account = {
    email: typeof data.email === 'string' ? data.email : stored?.email,
    name: typeof data.name === 'string' ? data.name : stored?.name,
  }
  const problem = await passwordProblem(data.password, account)
  if (problem) {
    throw new ValidationError({
      collection: slugs.users,
      errors: [{ message: PASSWORD_MESSAGES[problem], path: 'password' }],
      req,
    })
  }
  return args
}
