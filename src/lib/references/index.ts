/**
 * Which fields must keep pointing at a record, and how a refused delete says so. Pure: works on
 * the shape of Payload's flattened fields without importing Payload.
 */

type Label = Record<string, string> | string | undefined

/** The parts of a flattened field this module reads. */
export type FieldShape = {
  admin?: { condition?: unknown }
  /** `holdsReference`: required for some records only (validated), and holds its target alike. */
  custom?: { holdsReference?: boolean }
  blocks?: { flattenedFields?: FieldShape[] }[]
  flattenedFields?: FieldShape[]
  hasMany?: boolean
  name?: string
  relationTo?: string | string[]
  required?: boolean
  type: string
}

/** A field that must point somewhere: its query path, and whether it is polymorphic. */
export type RequiredReference = { path: string; polymorphic: boolean }

/**
 * Every required relationship or upload field among `fields` that may point at `target`, as a
 * query path: inside groups, named tabs, array rows (`positions.organization`) and blocks. A
 * required field inside an optional array row is required too: that row cannot be saved empty.
 * A field shown only on a condition (a redirect's `to.reference`, one of two ways to give its
 * target) is a choice, not a requirement: left out, its reference is emptied as Payload does.
 * A field required for some records only (an editor's department, a write key's) says so with
 * `custom.holdsReference` and holds its target like a required one: deleting the department
 * would leave the account unsaveable until someone picked another.
 */
export const requiredReferences = (
  fields: FieldShape[],
  target: string,
  prefix = '',
): RequiredReference[] =>
  fields.flatMap((field): RequiredReference[] => {
    const path = field.name ? `${prefix}${field.name}` : prefix.replace(/\.$/, '')
    if (field.type === 'relationship' || field.type === 'upload') {
      const targets = Array.isArray(field.relationTo) ? field.relationTo : [field.relationTo]
      const holds = field.required || field.custom?.holdsReference === true
      return holds && !field.admin?.condition && field.name && targets.includes(target)
        ? [{ path, polymorphic: Array.isArray(field.relationTo) }]
        : []
    }
    if (field.type === 'blocks') {
      return (field.blocks ?? []).flatMap((block) =>
        requiredReferences(block.flattenedFields ?? [], target, `${path}.`),
      )
    }
    if (field.flattenedFields) {
      return requiredReferences(field.flattenedFields, target, field.name ? `${path}.` : prefix)
    }
    return []
  })

/** What still holds a record: in one collection, through these fields, so many records. */
export type Holder = {
  collection: string
  count: number
  /** Of these, how many only through their latest draft. */
  drafts: number
  label: Label
  paths: string[]
}

const labelIn = (label: Label, language: 'en' | 'vi', fallback: string): string =>
  typeof label === 'string' ? label : (label?.[language] ?? label?.en ?? fallback)

const describe = (holder: Holder, language: 'en' | 'vi'): string => {
  const label = labelIn(holder.label, language, holder.collection)
  const drafts =
    holder.drafts === 0
      ? ''
      : language === 'vi'
        ? `, trong đó ${holder.drafts} ở bản nháp`
        : `, ${holder.drafts} of them in a draft`
  // Vietnamese runs a plural label into the sentence in lower case, keeping acronyms (API, BBT).
  const inSentence =
    language === 'vi'
      ? label.replace(/(?<!\p{Lu})\p{Lu}(?!\p{Lu})/gu, (letter) => letter.toLowerCase())
      : label
  return `${holder.count} ${inSentence} (${holder.collection}: ${holder.paths.join(', ')}${drafts})`
}

/**
 * The refusal, in Vietnamese then English, naming each collection that still requires the record,
 * the fields it does so through and how many records do.
 */
export const stillHeldMessage = (holders: Holder[]): string => {
  const vi = holders.map((holder) => describe(holder, 'vi')).join('; ')
  const en = holders.map((holder) => describe(holder, 'en')).join('; ')
  return (
    `Không thể xóa: bản ghi này vẫn bắt buộc với ${vi}. ` +
    'Hãy sửa các bản ghi đó để chúng không còn trỏ đến bản ghi này, hoặc xóa chúng trước. ' +
    `(Cannot delete: still required by ${en}; point them elsewhere or delete them first.)`
  )
}
