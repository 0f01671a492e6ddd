import type {
  AfterErrorHook,
  CollectionAfterOperationHook,
  CollectionBeforeLoginHook,
  CollectionBeforeOperationHook,
} from 'payload'

import { incrementLoginAttempts } from 'payload'

import { recordAudit } from '../../../collections/audit-log/hooks/record'
import { acceptedStep, matchRecoveryCode } from '../../lib/twoFactor'
import { slugs } from '../../slugs'
import { MESSAGES, TwoFactorError } from './errors'
import { readTwoFactor, unseal, writeTwoFactor } from './state'

type Failure = { email: string; id: number | string; reason: string }

/** Notes which auth operation runs: reset-password also passes through beforeLogin. */
export const noteAuthOperation: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  if (operation === 'login' || operation === 'resetPassword') {
    req.context.twoFactorOperation = operation
    // The Local API's login has no body: its `data` may carry the code.
    const data = (args as { data?: { code?: unknown; recoveryCode?: unknown } }).data
    req.context.twoFactorLocal = { code: data?.code, recoveryCode: data?.recoveryCode }
  }
  return args
}

/**
 * The second step of a sign-in, after the password was right: an enrolled account must send a
 * current `code` (used once: its time step is recorded) or an unused `recoveryCode` with it.
 * Reset-password also signs in; for an enrolled account its token is withdrawn (stripResetToken).
 */
export const checkSecondFactor: CollectionBeforeLoginHook = async ({ req, user }) => {
  const row = await readTwoFactor(req, user.id, { lock: true })
  if (!row?.enabled || !row.state.secret) {
    return user
  }
  if (req.context.twoFactorOperation === 'resetPassword') {
    req.context.twoFactorStripToken = true
    return user
  }
  const local = (req.context.twoFactorLocal ?? {}) as { code?: unknown; recoveryCode?: unknown }
  const body = (req.data ?? {}) as { code?: unknown; recoveryCode?: unknown }
  const data = {
    code: body.code ?? local.code,
    recoveryCode: body.recoveryCode ?? local.recoveryCode,
  }
  const fail = (reason: string, message: string): never => {
    req.context.twoFactorFailure = { email: row.email, id: row.id, reason } satisfies Failure
    throw new TwoFactorError(message, 401, { twoFactorRequired: true })
  }
  if (data.code !== undefined && data.code !== null && data.code !== '') {
    const step = acceptedStep(unseal(req, row.state.secret), data.code, row.lastStep)
    if (step === null) {
      return fail('wrong-code', MESSAGES.wrongCode)
    }
    await writeTwoFactor(req, row.id, { lastStep: step })
    return user
  }
  if (typeof data.recoveryCode === 'string' && data.recoveryCode !== '') {
    const recovery = row.state.recovery ?? []
    const index = matchRecoveryCode(recovery, data.recoveryCode)
    if (index < 0) {
      return fail('wrong-recovery-code', MESSAGES.wrongRecovery)
    }
    const used = recovery.map((entry, at) =>
      at === index ? { ...entry, usedAt: new Date().toISOString() } : entry,
    )
    await writeTwoFactor(req, row.id, { state: { ...row.state, recovery: used } })
    await recordAudit(req, {
      action: 'recovery-code-used',
      actorEmail: row.email,
      actorId: row.id,
      note: `còn ${used.filter((entry) => !entry.usedAt).length} mã khôi phục`,
      targetCollection: slugs.users,
      targetId: row.id,
    })
    return user
  }
  return fail('code-missing', MESSAGES.codeNeeded)
}

/**
 * A refused second step: its transaction is gone, so the audit record and the failed attempt
 * (toward the account's lockout, as a wrong password counts) are written on their own.
 */
export const recordSecondFactorFailure: AfterErrorHook = async ({ error, req }) => {
  const failure = req?.context?.twoFactorFailure as Failure | undefined
  if (!req || !failure || error?.name !== 'TwoFactorError') {
    return
  }
  req.context.twoFactorFailure = undefined
  try {
    await recordAudit(
      req,
      {
        action: 'failed-login',
        actorEmail: failure.email,
        note:
          failure.reason === 'code-missing' ? 'thiếu mã xác thực' : `sai mã (${failure.reason})`,
        targetCollection: slugs.users,
        targetId: failure.id,
      },
      { sameTransaction: false },
    )
    if (failure.reason !== 'code-missing') {
      const collection = req.payload.collections[slugs.users].config
      const user = await req.payload.db.findOne({
        collection: slugs.users,
        where: { id: { equals: failure.id } },
      })
      if (user && collection.auth.maxLoginAttempts > 0) {
        await incrementLoginAttempts({ collection, payload: req.payload, user: user as never })
      }
    }
  } catch (failed) {
    req.payload.logger.error({ err: failed, msg: 'recording a refused second step' })
  }
}

/** The session id a token of ours carries (signed by us moments ago; only read, not trusted input). */
export const sessionIdOf = (token: string): null | string => {
  try {
    const body = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'))
    return typeof body.sid === 'string' ? body.sid : null
  } catch {
    return null
  }
}

/**
 * Reset-password of an enrolled account: the new password is set, but the sign-in it comes with
 * is withdrawn (session ended, no token): the second step is still needed to sign in.
 */
export const stripResetToken: CollectionAfterOperationHook = async ({ operation, req, result }) => {
  if (operation !== 'resetPassword' || req.context.twoFactorStripToken !== true) {
    return result
  }
  const answer = result as { token?: string; user?: { id?: number | string } }
  const sid = answer.token ? sessionIdOf(answer.token) : null
  const id = answer.user?.id
  if (sid && id !== undefined) {
    // Committed already (afterOperation of resetPassword runs after its commit): no transaction.
    const row = (await req.payload.db.findOne({
      collection: slugs.users,
      where: { id: { equals: id } },
    })) as null | { sessions?: { id: string }[] }
    await req.payload.db.updateOne({
      collection: slugs.users,
      data: { sessions: (row?.sessions ?? []).filter((session) => session.id !== sid) },
      id,
      returning: false,
    })
  }
  const { token: _withdrawn, ...rest } = answer
  return { ...rest, twoFactorRequired: true } as never
}
