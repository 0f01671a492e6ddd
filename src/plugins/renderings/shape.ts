import type { Payload } from 'payload'

import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import { readS3Settings } from '../../lib/env'

/** What the code of a rendering is read from: the project's sources and its locked dependencies. */
const SOURCES = ['src', 'collections', 'payload.config.ts', 'package-lock.json']
const SOURCE_FILE = /\.(?:json|mjs|ts|tsx)$/

const hashTree = (hash: ReturnType<typeof createHash>, root: string, entry: string): boolean => {
  const full = path.join(root, entry)
  let stat: fs.Stats
  try {
    stat = fs.statSync(full)
  } catch {
    return false
  }
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(full).sort()) {
      hashTree(hash, root, path.join(entry, name))
    }
  } else if (SOURCE_FILE.test(entry)) {
    hash.update(entry).update('\0').update(fs.readFileSync(full)).update('\0')
  }
  return true
}

let sources: null | string = null

/**
 * A hash of the code that makes a rendering (read once per process): another build makes other
 * renderings. Where the sources are not beside the process (cwd), each process is its own build.
 */
const sourceHash = (): string => {
  if (sources === null) {
    const hash = createHash('sha256')
    const found = SOURCES.map((entry) => hashTree(hash, process.cwd(), entry))
    sources = found.every(Boolean)
      ? hash.digest('hex')
      : `process-${process.pid}-${Date.now()}-${Math.random()}`
  }
  return sources
}

const shapes = new WeakMap<Payload, string>()

/**
 * The shape of this server's renderings: its code and the settings that end up in an answer
 * (where media point: SERVER_URL, the S3 bucket). A stored rendering of another shape is made
 * again. SITE_URL is not among them: it goes into feeds and the sitemap, not into a REST answer.
 */
export const renderingShape = (payload: Payload): string => {
  let shape = shapes.get(payload)
  if (!shape) {
    const settings = { s3: readS3Settings(), serverURL: payload.config.serverURL }
    shape = createHash('sha256')
      .update(sourceHash())
      .update(JSON.stringify(settings))
      .digest('hex')
      .slice(0, 32)
    shapes.set(payload, shape)
  }
  return shape
}
