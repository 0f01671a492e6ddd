import type { FieldShape } from './index'

type Doc = Record<string, unknown>

const isObject = (value: unknown): value is Doc =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const isPopulated = (value: unknown): value is Doc & { id: number | string } =>
  isObject(value) && (typeof value.id === 'number' || typeof value.id === 'string')

/**
 * Rich text as stored: each node that names a record (`{ relationTo, value }`: an upload, a
 * relationship, an internal link's `doc`) holds its id again where reading populated it.
 */
const richTextIds = (node: unknown): unknown => {
  if (Array.isArray(node)) {
    return node.map(richTextIds)
  }
  if (!isObject(node)) {
    return node
  }
  const copy: Doc = {}
  for (const [key, value] of Object.entries(node)) {
    copy[key] = typeof value === 'object' && value !== null ? richTextIds(value) : value
  }
  if (typeof copy.relationTo === 'string' && isPopulated(copy.value)) {
    copy.value = copy.value.id
  }
  return copy
}

/**
 * A document read at depth 1 as it reads at depth 0: each populated relation (and upload) back to
 * its id (`{ relationTo, value }` keeps its shape), in groups, arrays, blocks and tabs too; each
 * populated record handed to `found` with its collection, as it was. Rich text gets its records'
 * ids back too (its records are not handed over: GraphQL populates rich text by its own `depth`).
 */
export const depthZero = (
  fields: FieldShape[],
  doc: Doc,
  found: (collection: string, record: Doc) => void,
): Doc => {
  const relation = (relationTo: string, value: unknown): unknown => {
    if (!isPopulated(value)) {
      return value
    }
    found(relationTo, value)
    return value.id
  }
  const walk = (shapes: FieldShape[], data: Doc): Doc => {
    const copy: Doc = { ...data }
    for (const field of shapes) {
      if (!field.name) {
        // Rows, collapsibles, unnamed tabs: their fields sit on this record.
        if (field.type === 'tabs') {
          for (const tab of field.tabs ?? []) {
            if (!tab.name) {
              Object.assign(copy, walk(tab.fields, copy))
            } else if (isObject(copy[tab.name])) {
              copy[tab.name] = walk(tab.fields, copy[tab.name] as Doc)
            }
          }
        } else if (field.fields) {
          Object.assign(copy, walk(field.fields, copy))
        }
        continue
      }
      const value = copy[field.name]
      if (value === undefined || value === null) {
        continue
      }
      switch (field.type) {
        case 'relationship':
        case 'upload': {
          const one = (item: unknown): unknown => {
            if (Array.isArray(field.relationTo)) {
              return isObject(item) && typeof item.relationTo === 'string'
                ? { ...item, value: relation(item.relationTo, item.value) }
                : item
            }
            return field.relationTo ? relation(field.relationTo, item) : item
          }
          copy[field.name] = Array.isArray(value) ? value.map(one) : one(value)
          break
        }
        case 'array':
          if (Array.isArray(value)) {
            copy[field.name] = value.map((row) =>
              isObject(row) ? walk(field.fields ?? [], row) : row,
            )
          }
          break
        case 'blocks':
          if (Array.isArray(value)) {
            copy[field.name] = value.map((row) => {
              const block = isObject(row)
                ? field.blocks?.find(({ slug }) => slug === row.blockType)
                : undefined
              return block && isObject(row) ? walk(block.fields, row) : row
            })
          }
          break
        case 'richText':
          copy[field.name] = richTextIds(value)
          break
        default:
          // Groups: their fields, under their name.
          if (field.fields && isObject(value)) {
            copy[field.name] = walk(field.fields, value)
          }
      }
    }
    return copy
  }
  return walk(fields, doc)
}
