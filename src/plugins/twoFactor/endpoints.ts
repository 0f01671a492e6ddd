import type { Endpoint, PayloadRequest } from 'payload'

import QRCode from 'qrcode'
import { addDataAndFileToRequest } from 'payload'

import { recordAudit } from '../../../collections/audit-log/hooks/record'
import type { AccessUser } from '../../access'
import { isAdminUser } from '../../access'
import { readAuthSettings } from '../../lib/env'
import { errorResponse } from '../../lib/errorShape'
import {
  acceptedStep,
  keepSessionDetails,
  matchRecoveryCode,
  mustEnroll,
  newRecoveryCodes,
  newSecret,
  otpauthUri,
  unusedRecoveryCodes,
} from '../../lib/twoFactor'
import { slugs } from '../../slugs'
import { readSessions } from './sessions'
import { readTwoFactor, seal, unseal, writeTwoFactor } from './state'

/** What authenticator apps show as the account's issuer. */
const ISSUER = 'Cổng thông tin'

type StaffUser = { _sid?: string; collection?: string; email?: string; id: number | string }

const staff = (req: PayloadRequest): null | StaffUser => {
  const user = req.user as null | StaffUser
  return user?.collection === slugs.users ? user : null
}

const signInFirst = () => errorResponse(401, 'Hãy đăng nhập trước. (Log in first.)')

const body = async (req: PayloadRequest): Promise<Record<string, unknown>> => {
  await addDataAndFileToRequest(req)
  const data = req.data
  return data && typeof data === 'object' ? (data as Record<string, unknown>) : {}
}

/** `GET /api/users/two-factor`: the caller's own state, and whether they must enrol. */
const status: Endpoint = {
  method: 'get',
  path: '/two-factor',
  handler: async (req) => {
    const user = staff(req)
    if (!user) {
      return signInFirst()
    }
    const row = await readTwoFactor(req, user.id)
    const required = readAuthSettings().twoFactorRequired
    return Response.json({
      enabled: Boolean(row?.enabled),
      mustEnroll: mustEnroll(required, {
        ...(req.user as AccessUser),
        twoFactorEnabled: row?.enabled,
      }),
      recoveryCodesLeft: row?.enabled ? unusedRecoveryCodes(row.state.recovery ?? []) : 0,
      required,
    })
  },
}

/** `POST /api/users/two-factor/setup`: a new secret, offered until confirmed with a code from it. */
const setup: Endpoint = {
  method: 'post',
  path: '/two-factor/setup',
  handler: async (req) => {
    const user = staff(req)
    if (!user) {
      return signInFirst()
    }
    const row = await readTwoFactor(req, user.id)
    if (!row) {
      return signInFirst()
    }
    if (row.enabled) {
      return errorResponse(
        409,
        'Xác thực hai bước đã bật; hãy tắt trước khi thiết lập lại. (Already enrolled.)',
      )
    }
    const secret = newSecret()
    await writeTwoFactor(req, row.id, { state: { ...row.state, pending: seal(req, secret) } })
    const uri = otpauthUri(ISSUER, row.email, secret)
    return Response.json({
      otpauthUri: uri,
      qr: await QRCode.toDataURL(uri, { margin: 1, width: 220 }),
      secret,
    })
  },
}

/** `POST /api/users/two-factor/confirm` `{ code }`: turns it on; the recovery codes, shown once. */
const confirm: Endpoint = {
  method: 'post',
  path: '/two-factor/confirm',
  handler: async (req) => {
    const user = staff(req)
    if (!user) {
      return signInFirst()
    }
    const { code } = await body(req)
    const row = await readTwoFactor(req, user.id)
    if (!row) {
      return signInFirst()
    }
    if (row.enabled) {
      return errorResponse(409, 'Xác thực hai bước đã bật. (Already enrolled.)')
    }
    if (!row.state.pending) {
      return errorResponse(
        400,
        'Chưa bắt đầu thiết lập: gọi /api/users/two-factor/setup trước. (Call setup first.)',
      )
    }
    if (code === undefined || code === null || code === '') {
      return errorResponse(
        400,
        '"code" (mã 6 số từ ứng dụng xác thực) là bắt buộc. ("code" is required.)',
      )
    }
    const secret = unseal(req, row.state.pending)
    const step = acceptedStep(secret, code, row.lastStep)
    if (step === null) {
      return errorResponse(
        400,
        'Mã xác thực không đúng hoặc đã hết hạn. (The code is wrong or expired.)',
      )
    }
    const recovery = newRecoveryCodes()
    await writeTwoFactor(req, row.id, {
      enabled: true,
      lastStep: step,
      state: { recovery: recovery.stored, secret: row.state.pending },
    })
    await recordAudit(req, {
      action: 'two-factor-enable',
      targetCollection: slugs.users,
      targetId: row.id,
    })
    return Response.json({ enabled: true, recoveryCodes: recovery.plain })
  },
}

/** `POST /api/users/two-factor/disable` `{ code }` or `{ recoveryCode }`: turns it off. */
const disable: Endpoint = {
  method: 'post',
  path: '/two-factor/disable',
  handler: async (req) => {
    const user = staff(req)
    if (!user) {
      return signInFirst()
    }
    const { code, recoveryCode } = await body(req)
    const row = await readTwoFactor(req, user.id)
    if (!row?.enabled || !row.state.secret) {
      return errorResponse(409, 'Xác thực hai bước chưa bật. (Not enrolled.)')
    }
    const hasCode = code !== undefined && code !== null && code !== ''
    const hasRecovery = typeof recoveryCode === 'string' && recoveryCode !== ''
    if (!hasCode && !hasRecovery) {
      return errorResponse(
        400,
        'Cần "code" hoặc "recoveryCode" để tắt. ("code" or "recoveryCode" is required.)',
      )
    }
    const proven = hasCode
      ? acceptedStep(unseal(req, row.state.secret), code, row.lastStep) !== null
      : matchRecoveryCode(row.state.recovery ?? [], recoveryCode) >= 0
    if (!proven) {
      await recordAudit(req, {
        action: 'failed-login',
        note: 'sai mã khi tắt xác thực hai bước',
        targetCollection: slugs.users,
        targetId: row.id,
      })
      return errorResponse(400, 'Mã không đúng, đã hết hạn hoặc đã được dùng. (The code is wrong.)')
    }
    await writeTwoFactor(req, row.id, { enabled: false, lastStep: null, state: {} })
    await recordAudit(req, {
      action: 'two-factor-disable',
      targetCollection: slugs.users,
      targetId: row.id,
    })
    return Response.json({ enabled: false })
  },
}

/** `POST /api/users/:id/two-factor/reset`: an admin turns off another account's second step. */
const reset: Endpoint = {
  method: 'post',
  path: '/:id/two-factor/reset',
  handler: async (req) => {
    const user = staff(req)
    if (!user) {
      return signInFirst()
    }
    if (!isAdminUser(req.user as AccessUser)) {
      return errorResponse(
        403,
        'Chỉ quản trị hệ thống được đặt lại xác thực hai bước. (Admins only.)',
      )
    }
    const id = String(req.routeParams?.id ?? '')
    const row = id
      ? await readTwoFactor(req, /^\d+$/.test(id) ? Number(id) : id).catch(() => null)
      : null
    if (!row) {
      return errorResponse(404, `Không có tài khoản ${id}. (No such account.)`)
    }
    await writeTwoFactor(req, row.id, { enabled: false, lastStep: null, state: {} })
    await recordAudit(req, {
      action: 'two-factor-reset',
      note: `đặt lại cho ${row.email}`,
      targetCollection: slugs.users,
      targetId: row.id,
    })
    return Response.json({ enabled: false, id: row.id })
  },
}

const activeSessions = async (req: PayloadRequest, id: number | string) => {
  const stored = await readSessions(req, id)
  const now = Date.now()
  return {
    details: stored?.details ?? {},
    sessions: (stored?.sessions ?? []).filter(
      (session) => new Date(session.expiresAt).getTime() > now,
    ),
  }
}

/** `GET /api/users/sessions`: the caller's own active sessions. */
const listSessions: Endpoint = {
  method: 'get',
  path: '/sessions',
  handler: async (req) => {
    const user = staff(req)
    if (!user) {
      return signInFirst()
    }
    const { details, sessions } = await activeSessions(req, user.id)
    return Response.json({
      docs: sessions.map((session) => ({
        createdAt: session.createdAt ? new Date(session.createdAt).toISOString() : null,
        current: session.id === user._sid,
        expiresAt: new Date(session.expiresAt).toISOString(),
        id: session.id,
        // Recorded at sign-in (src/plugins/twoFactor/sessions.ts); null for sessions from before.
        ip: details[session.id]?.ip ?? null,
        userAgent: details[session.id]?.userAgent ?? null,
      })),
    })
  },
}

/** `DELETE /api/users/sessions/:id`: ends one of the caller's sessions; its token stops at once. */
const endSession: Endpoint = {
  method: 'delete',
  path: '/sessions/:sessionId',
  handler: async (req) => {
    const user = staff(req)
    if (!user) {
      return signInFirst()
    }
    const sessionId = String(req.routeParams?.sessionId ?? '')
    const stored = await readSessions(req, user.id)
    const sessions = stored?.sessions ?? []
    if (!sessions.some((session) => session.id === sessionId)) {
      return errorResponse(404, 'Không có phiên đăng nhập này. (No such session.)')
    }
    const left = sessions.filter((session) => session.id !== sessionId)
    // The session list lives in the database, so every instance refuses its token from now on.
    await req.payload.db.updateOne({
      collection: slugs.users,
      data: { sessions: left },
      id: user.id,
      req,
      returning: false,
    })
    // Apart: Payload 3.90's SQLite adapter turns an update of a column and an array together into
    // an insert that fails on the account's required email.
    await req.payload.db.updateOne({
      collection: slugs.users,
      data: {
        sessionDetails: keepSessionDetails(
          stored?.details ?? {},
          left.map((session) => session.id),
        ),
        updatedAt: null,
      },
      id: user.id,
      req,
      returning: false,
    })
    await recordAudit(req, {
      action: 'session-end',
      note: sessionId === user._sid ? 'phiên hiện tại' : null,
      targetCollection: slugs.users,
      targetId: user.id,
    })
    return Response.json({ ended: sessionId })
  },
}

export const twoFactorEndpoints: Endpoint[] = [
  status,
  setup,
  confirm,
  disable,
  reset,
  listSessions,
  endSession,
]
