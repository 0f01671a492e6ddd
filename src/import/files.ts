import fs from 'node:fs'
import path from 'node:path'

/** The article files named on the command line: files as given, folders' *.txt sorted by name. */
export const articleFiles = (targets: string[]): { files: string[]; missing: string[] } => {
  const files: string[] = []
  const missing: string[] = []
  for (const target of targets) {
    const stat = fs.statSync(target, { throwIfNoEntry: false })
    if (!stat) {
      missing.push(target)
    } else if (stat.isDirectory()) {
      files.push(
        ...fs
          .readdirSync(target)
          .filter((name) => name.toLowerCase().endsWith('.txt'))
          .sort()
          .map((name) => path.join(target, name)),
      )
    } else {
      files.push(target)
    }
  }
  return { files, missing }
}
