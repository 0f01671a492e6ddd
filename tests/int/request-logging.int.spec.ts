import type { Server } from 'node:http'

import express from 'express'
import { Writable } from 'node:stream'
import pino from 'pino'

import { errorHandler } from '../../src/http/errors'
import { requestLogging } from '../../src/http/logging'

/** Express with the server's request logging and error handler, logging into an array. */
const serve = async (level: string) => {
  const lines: Record<string, any>[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')))
      done()
    },
  })
  const app = express()
  app.use(requestLogging(pino({ level }, sink)))
  app.get('/ok', (_req, res) => {
    res.json({ ok: true })
  })
  app.get('/fails', () => {
    throw new Error('it broke')
  })
  app.use(errorHandler)
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, () => resolve(listening))
  })
  const { port } = server.address() as { port: number }
  return { lines, server, url: `http://127.0.0.1:${port}` }
}

describe('request logging', () => {
  const servers: Server[] = []
  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
  })

  it('should log every answer at info, bound to its request', async () => {
    const { lines, server, url } = await serve('info')
    servers.push(server)
    expect((await fetch(`${url}/ok`)).status).toBe(200)
    expect((await fetch(`${url}/fails`)).status).toBe(500)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const done = lines.filter((line) => /^request (completed|errored)$/.test(line.msg))
    expect(done.map((line) => [line.req.url, line.res.statusCode])).toEqual([
      ['/ok', 200],
      ['/fails', 500],
    ])
    const error = lines.find((line) => line.msg === 'unhandled error')
    expect(error).toMatchObject({ err: { message: 'it broke' }, level: 50 })
    expect(error!.req).toMatchObject({ method: 'GET', url: '/fails' })
  })

  it('should log no answer under info, and an error still bound to its request', async () => {
    const { lines, server, url } = await serve('error')
    servers.push(server)
    expect((await fetch(`${url}/ok`)).status).toBe(200)
    expect((await fetch(`${url}/fails`)).status).toBe(500)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(lines.filter((line) => /^request (completed|errored)$/.test(line.msg))).toEqual([])
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({
      err: { message: 'it broke' },
      level: 50,
      msg: 'unhandled error',
      req: { method: 'GET', url: '/fails' },
    })
    expect(lines[0]!.req.id).toEqual(expect.any(Number))
  })
})
