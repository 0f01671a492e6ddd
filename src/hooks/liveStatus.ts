import type { CollectionSlug, PayloadRequest } from 'payload'

/**
 * The `_status` of a record's main row, what readers get: hooks see the latest version instead,
 * which may be a draft saved over a published record. Read within the request's transaction, so
 * before a write it is the status the write starts from and after it the status it left. System
 * read: the caller's access is checked by the operation itself.
 */
export const liveStatus = async (
  req: PayloadRequest,
  collection: CollectionSlug,
  id: number | string,
): Promise<string | undefined> => {
  const live = await req.payload.db.findOne<{ _status?: string; id: number | string }>({
    collection,
    req,
    select: { _status: true },
    where: { id: { equals: id } },
  })
  return live?._status ?? undefined
}
