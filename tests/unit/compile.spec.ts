import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import { compiledEntry, entryArgs } from '../../scripts/compile.mjs'

/** scripts/compile.mjs: entry points run as one bundle of their TypeScript, rebuilt when it changes. */
describe('compiled entry points', () => {
  const dir = path.resolve('tests', `.compile-${process.pid}`)
  const entry = path.join(dir, 'entry.ts')
  const part = path.join(dir, 'part.ts')
  const run = (file: string) =>
    spawnSync(process.execPath, [file], { encoding: 'utf8' }).stdout.trim()

  beforeAll(() => {
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(
      entry,
      "import { word } from './part'\nimport { fold } from '@/lib/vietnamese'\n" +
        'const n: number = 2\nconsole.log(`${word} ${n} ${fold("Hà Nội")}`)\n',
    )
    fs.writeFileSync(part, "export const word: string = 'one'\n")
  })
  afterAll(() => {
    fs.rmSync(dir, { force: true, recursive: true })
    const cache = path.resolve('node_modules/.cache/portal-build')
    for (const name of fs.readdirSync(cache)) {
      if (name.startsWith(`tests-compile-${process.pid}-`)) {
        fs.rmSync(path.join(cache, name), { force: true, recursive: true })
      }
    }
  })

  it('should bundle the TypeScript, tsconfig paths included, into a module plain Node runs', () => {
    const file = compiledEntry(entry)
    expect(file).toMatch(/node_modules\/\.cache\/portal-build\/.+\.mjs$/)
    expect(run(file)).toBe('one 2 ha noi')
  })

  it('should reuse the bundle while no input changed, and rebuild when one did', () => {
    const first = compiledEntry(entry)
    const built = fs.statSync(first).mtimeMs
    expect(compiledEntry(entry)).toBe(first)
    expect(fs.statSync(first).mtimeMs).toBe(built)

    // An imported file, not the entry, changes.
    fs.writeFileSync(part, "export const word: string = 'two'\n")
    const second = compiledEntry(entry)
    expect(second).not.toBe(first)
    expect(run(second)).toBe('two 2 ha noi')
  })

  it("should put the entries a compiled entry compiles in the project's cache, kept up to date", () => {
    // bench/run.ts runs compiled and compiles its servers: compile.mjs is then inside its bundle.
    const starter = path.join(dir, 'starter.ts')
    fs.writeFileSync(
      starter,
      "import { compiledEntry } from '../../scripts/compile.mjs'\n" +
        `console.log(compiledEntry(${JSON.stringify(entry)}))\n`,
    )
    const child = run(compiledEntry(starter))
    expect(child).toBe(compiledEntry(entry))
    expect(path.dirname(path.dirname(child))).toBe(path.resolve('node_modules/.cache/portal-build'))
    expect(child).not.toMatch(/-null\//)

    fs.writeFileSync(part, "export const word: string = 'three'\n")
    const rebuilt = run(compiledEntry(starter))
    expect(rebuilt).not.toBe(child)
    expect(run(rebuilt)).toBe('three 2 ha noi')
  })

  it('should give Node the project flags and the bundle, with no tsx hooks', () => {
    const args = entryArgs(entry, { NODE_ENV: 'production' })
    expect(args).not.toContain('--import')
    expect(args).toEqual(
      expect.arrayContaining(['--conditions=production', '--enable-source-maps']),
    )
    expect(args.at(-1)).toBe(compiledEntry(entry))
  })
})
