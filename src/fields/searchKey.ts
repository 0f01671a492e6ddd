import type { CollectionBeforeOperationHook, TextField } from 'payload'

import { foldWhereOn, searchKeyOf } from '../lib/vietnamese'

/** The hidden field the admin's list search box queries (`listSearchableFields`). */
export const SEARCH_KEY = 'searchKey'

type SearchKeyFieldOptions = {
  /** The fields whose folded text the key holds, in order. */
  from: string[]
  /** What the search box says it searches ("Tìm theo …"). */
  label: { en: string; vi: string }
  /** Whether any of `from` is localized: the key is then kept per locale, as they are. */
  localized?: boolean
}

/** A localized value as a save gives it: the string, or the request locale's entry of a map. */
const textOf = (value: unknown, locale: string | undefined): unknown =>
  value && typeof value === 'object' && locale ? (value as Record<string, unknown>)[locale] : value

/**
 * The folded text of `from` (lower case, no tones, đ → d, one Unicode form), made on every save,
 * so the admin's list search ("nguyen van", "45/kh-ubnd") finds "Nguyễn Văn …", "45/KH-UBND".
 * Hidden in the admin; readable in the API like any derived field.
 */
export const searchKeyField = ({
  from,
  label,
  localized = false,
}: SearchKeyFieldOptions): TextField => ({
  name: SEARCH_KEY,
  type: 'text',
  index: true,
  localized,
  label,
  admin: { disableBulkEdit: true, hidden: true },
  hooks: {
    beforeChange: [
      ({ data, originalDoc, req }) =>
        searchKeyOf(
          from.map((name) =>
            textOf(data?.[name] !== undefined ? data[name] : originalDoc?.[name], req.locale),
          ),
        ),
    ],
  },
})

/**
 * Folds what a query compares the search key to: the admin sends the typed text as
 * `where[or][][searchKey][like]=Nguyễn`, and the key holds "nguyen".
 */
export const foldSearchKeyQuery: CollectionBeforeOperationHook = ({ args }) => {
  if ('where' in args && args.where) {
    args.where = foldWhereOn(args.where, SEARCH_KEY)
  }
  return args
}
