/**
 * Compiled entry points: the project's TypeScript of one entry (src/, collections/, bench/, …) is
 * bundled by esbuild into one ES module, its packages left as imports, and run by plain Node.
 *
 * Why: under tsx (`--import tsx`) every module a process loads, the thousands of node_modules files
 * included, passes through tsx's resolve and load hooks on Node's hooks thread. Loading Payload,
 * lexical, drizzle and the database drivers took 7–10 s that way on this 2-core machine under load,
 * about 3 s without hooks; the API server was healthy in 6–10 s under tsx and about 3 s compiled
 * (README, Performance). A clean clone also paid tsx's cold transform cache (35 s first start).
 *
 * The bundle lives in node_modules/.cache/portal-build/ (packages resolve from there as from the
 * project). It is rebuilt (under a second) when any of its inputs, tsconfig.json, esbuild or these
 * options changed; otherwise checking it costs hashing its few hundred input files. Instances
 * started together each build the same files and move them into place atomically, so none sees a
 * half-written bundle. PORTAL_TSX=1 runs the TypeScript under tsx as before.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { baseNodeFlags, nodeFlags } from './nodeFlags.mjs'

/**
 * The project's root: this file's parent folder, or, when this file was bundled into a compiled
 * entry that compiles others (bench/run.ts starts its servers so), the folder holding the
 * node_modules/.cache/ the bundle runs from.
 */
const projectRoot = (here) => {
  const marker = `${path.sep}${path.join('node_modules', '.cache', 'portal-build')}${path.sep}`
  const at = here.indexOf(marker)
  return at >= 0 ? here.slice(0, at) : path.resolve(path.dirname(here), '..')
}
const ROOT = projectRoot(fileURLToPath(import.meta.url))
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'portal-build')
const require = createRequire(import.meta.url)

const sha1 = (data) => createHash('sha1').update(data).digest('hex')

/** What, besides the inputs' contents, decides the output. */
const OPTIONS = {
  bundle: true,
  format: 'esm',
  legalComments: 'none',
  packages: 'external',
  platform: 'node',
  sourcemap: 'linked',
  target: 'node20',
}

const slugOf = (entry) =>
  path
    .relative(ROOT, path.resolve(entry))
    .replace(/\.[cm]?tsx?$/, '')
    .replace(/[^A-Za-z0-9]+/g, '-')

const readJson = (file) => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}

/** The hash of the inputs as they are now, or null when one is gone. */
const inputsHash = (inputs, base) => {
  const parts = [base]
  for (const input of inputs) {
    try {
      parts.push(`${input}\0${sha1(fs.readFileSync(path.join(ROOT, input)))}`)
    } catch {
      return null
    }
  }
  return sha1(parts.join('\n'))
}

/** Writes `files` ({ name: contents }) into `dir`, which appears whole or not at all. */
const publish = (dir, files) => {
  if (fs.existsSync(dir)) {
    return
  }
  const temporary = `${dir}.${process.pid}.${Date.now()}.tmp`
  fs.mkdirSync(temporary, { recursive: true })
  for (const [name, contents] of Object.entries(files)) {
    fs.writeFileSync(path.join(temporary, name), contents)
  }
  try {
    fs.renameSync(temporary, dir)
  } catch (error) {
    // Another instance published the same build first.
    fs.rmSync(temporary, { force: true, recursive: true })
    if (!fs.existsSync(dir)) {
      throw error
    }
  }
}

/** Removes this entry's earlier builds a day after they were replaced. */
const prune = (slug, keep) => {
  const dayAgo = Date.now() - 86_400_000
  for (const name of fs.readdirSync(CACHE)) {
    const full = path.join(CACHE, name)
    if (name.startsWith(`${slug}-`) && full !== keep && fs.statSync(full).mtimeMs < dayAgo) {
      fs.rmSync(full, { force: true, recursive: true })
    }
  }
}

/** The compiled module of `entry` (a .ts path), built now if missing or out of date. */
export const compiledEntry = (entry) => {
  const esbuild = require('esbuild')
  const slug = slugOf(entry)
  const base = JSON.stringify({ entry: slug, esbuild: esbuild.version, options: OPTIONS })
  const manifestFile = path.join(CACHE, `${slug}.json`)
  const manifest = readJson(manifestFile)
  if (manifest?.base === base) {
    const hash = inputsHash(manifest.inputs, base)
    const file = path.join(CACHE, `${slug}-${hash}`, `${slug}.mjs`)
    // No hash (an input is gone) is never up to date.
    if (hash && hash === manifest.hash && fs.existsSync(file)) {
      return file
    }
  }

  const result = esbuild.buildSync({
    ...OPTIONS,
    absWorkingDir: ROOT,
    entryPoints: [path.resolve(entry)],
    logLevel: 'error',
    metafile: true,
    outfile: path.join(CACHE, 'out', `${slug}.mjs`),
    write: false,
  })
  // tsconfig.json (paths, compiler options) shapes the output without being an input.
  const inputs = [...Object.keys(result.metafile.inputs), 'tsconfig.json'].sort()
  const hash = inputsHash(inputs, base)
  const dir = path.join(CACHE, `${slug}-${hash}`)
  fs.mkdirSync(CACHE, { recursive: true })
  publish(
    dir,
    Object.fromEntries(result.outputFiles.map((file) => [path.basename(file.path), file.contents])),
  )
  const temporary = `${manifestFile}.${process.pid}.tmp`
  fs.writeFileSync(temporary, JSON.stringify({ base, hash, inputs }))
  fs.renameSync(temporary, manifestFile)
  prune(slug, dir)
  return path.join(dir, `${slug}.mjs`)
}

/**
 * The arguments after `node` that run `entry` with the project's flags: compiled, or under tsx
 * when PORTAL_TSX=1. `extraFlags` (e.g. --cpu-prof) go before the module.
 */
export const entryArgs = (entry, env = process.env, extraFlags = []) =>
  env.PORTAL_TSX === '1'
    ? [...nodeFlags(env), ...extraFlags, entry]
    : [...baseNodeFlags(env), '--enable-source-maps', ...extraFlags, compiledEntry(entry)]
