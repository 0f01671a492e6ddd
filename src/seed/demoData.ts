import type { Organization } from '../payload-types'
import type { Role } from '../slugs'

type DemoOrganization = {
  data: { documentCode?: string; kind: Organization['kind']; name: string; shortName: string }
  /** shortName of the parent organization. */
  parent?: string
}

/** The province's organizations the demo article names, parents first. */
export const DEMO_ORGANIZATIONS: DemoOrganization[] = [
  {
    data: { documentCode: 'UBND', kind: 'ubnd', name: 'Ủy ban nhân dân tỉnh', shortName: 'UBND' },
  },
  {
    data: { documentCode: 'SNV', kind: 'so', name: 'Sở Nội vụ', shortName: 'SNV' },
    parent: 'UBND',
  },
  {
    data: {
      documentCode: 'BQLKKT',
      kind: 'ban',
      name: 'Ban Quản lý Khu kinh tế tỉnh',
      shortName: 'BQLKKT',
    },
    parent: 'UBND',
  },
]

type DemoUser = { department?: string; email: string; name: string; role: Role }

/** The contract's demo accounts. */
export const DEMO_USERS: DemoUser[] = [
  { email: 'admin@example.com', name: 'Quản trị hệ thống', role: 'admin' },
  { email: 'bbt@example.com', name: 'Ban Biên tập', role: 'bbt' },
  {
    department: 'BQLKKT',
    email: 'editor.bqlkkt@example.com',
    name: 'Biên tập viên BQLKKT',
    role: 'editor',
  },
  {
    department: 'SNV',
    email: 'editor.snv@example.com',
    name: 'Biên tập viên Sở Nội vụ',
    role: 'editor',
  },
]
