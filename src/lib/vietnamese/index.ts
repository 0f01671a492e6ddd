export { asReadVietnamese, fold, foldChar, includesFolded } from './fold'
export { normalizeDeep, toNFC } from './normalize'
export { numberedSlug, slugify } from './slugify'
export { foldWhereOn, searchKeyOf } from './searchKey'
