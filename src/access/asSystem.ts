import type { PayloadRequest } from 'payload'

/**
 * Local API options for system work: derived data, lookups, the audit log, imports, seeding, jobs.
 *
 * System work acts for the system, not for the person whose request started it, so it skips access
 * control (`overrideAccess: true`): a mention is linked, a redirect kept, an audit record written
 * or a uniqueness check made across records that the caller may not read or write. Passing `req`
 * keeps the call inside the caller's transaction (and its `context`); calls outside any request
 * (start-up, seeding, the import command) pass none. Work done on behalf of a person is not system
 * work: it passes `overrideAccess: false, user` instead.
 */
export const asSystem = (req?: PayloadRequest): { overrideAccess: true; req?: PayloadRequest } =>
  req ? { overrideAccess: true, req } : { overrideAccess: true }
