import type { CollectionBeforeValidateHook } from 'payload'

import { normalizeDeep } from '../lib/vietnamese'

/** Stores every string NFC: the same word typed on two keyboards must compare equal. */
export const normalizeText: CollectionBeforeValidateHook = ({ data }) =>
  data ? normalizeDeep(data) : data
