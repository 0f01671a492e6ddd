import type { CollectionBeforeValidateHook, CollectionConfig, Plugin } from 'payload'

import { Conflict } from '../errors'

import { isStale } from '../lib/conflicts'

export const CONFLICT_MESSAGE =
  'Tài liệu này đã được người khác lưu sau khi bạn mở nó, nên thay đổi của bạn chưa được lưu. ' +
  'Hãy tải lại trang để xem bản mới nhất rồi sửa lại. ' +
  '(Conflict: the updatedAt you sent is older than the stored version; read it again and reapply your change.)'

/**
 * An update that carries the `updatedAt` it was based on is refused with 409 when the document has
 * been saved since. The admin's edit form sends the `updatedAt` it loaded with every save, and a
 * GraphQL client may pass it in `data`, so neither overwrites another person's work unseen; a REST
 * client can use `If-Match` instead (src/http/etag.ts). `originalDoc` is the latest version,
 * draft or published, which is what the admin shows and the update applies to.
 */
const refuseStaleUpdates: CollectionBeforeValidateHook = ({ data, operation, originalDoc }) => {
  if (operation === 'update' && isStale(data?.updatedAt, originalDoc?.updatedAt)) {
    throw new Conflict(CONFLICT_MESSAGE)
  }
  return data
}

/** Adds the check first in every timestamped collection, before any hook can write. */
export const conflictsPlugin: Plugin = (config) => ({
  ...config,
  collections: (config.collections ?? []).map((collection): CollectionConfig =>
    collection.timestamps === false
      ? collection
      : {
          ...collection,
          hooks: {
            ...collection.hooks,
            beforeValidate: [refuseStaleUpdates, ...(collection.hooks?.beforeValidate ?? [])],
          },
        },
  ),
})
