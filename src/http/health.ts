import type { Request, Response } from 'express'
import type { Payload } from 'payload'

import { migrationsPending, pingDatabase } from '../database'

type HealthArgs = { getPayload: () => Payload | null }

/** `GET /api/health`: 200 when the database answers, 503 otherwise. */
export const health =
  ({ getPayload }: HealthArgs) =>
  async (_req: Request, res: Response) => {
    const payload = getPayload()
    const ok = payload !== null && (await pingDatabase(payload))
    res.setHeader('Cache-Control', 'no-store')
    res.status(ok ? 200 : 503).json(ok ? { status: 'ok' } : { status: 'unavailable' })
  }

/** `GET /api/ready`: 200 when the database answers and every migration is applied. */
export const ready =
  ({ getPayload }: HealthArgs) =>
  async (_req: Request, res: Response) => {
    const payload = getPayload()
    const ok =
      payload !== null && (await pingDatabase(payload)) && (await migrationsPending(payload)) === 0
    res.setHeader('Cache-Control', 'no-store')
    res.status(ok ? 200 : 503).json(ok ? { status: 'ready' } : { status: 'not ready' })
  }
