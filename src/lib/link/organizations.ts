import { fold } from '../vietnamese'

export type KnownOrg<Id> = {
  documentCode?: null | string
  id: Id
  name: string
  shortName?: null | string
}

/** Generic words a writer may add or drop: "Ban quản lý Khu kinh tế" = "… Khu kinh tế tỉnh". */
const TRAILING = /\s+(tinh|thanh pho|huyen|thi xa)$/

const bare = (value: string) => fold(value).replace(TRAILING, '')

/**
 * The known organization a written name refers to: by name, short name or document code
 * (ignoring case, tones and a trailing "tỉnh"), else the only one whose name starts with it.
 */
export const matchOrganization = <Id>(name: string, known: KnownOrg<Id>[]): KnownOrg<Id> | null => {
  const key = bare(name)
  if (!key) {
    return null
  }
  const exact = known.find(
    (org) =>
      bare(org.name) === key ||
      (org.shortName && fold(org.shortName) === key) ||
      (org.documentCode && fold(org.documentCode) === key),
  )
  if (exact) {
    return exact
  }
  const prefixed = known.filter((org) => {
    const candidate = bare(org.name)
    return candidate.startsWith(`${key} `) || key.startsWith(`${candidate} `)
  })
  return prefixed.length === 1 ? prefixed[0]! : null
}
