import type { Id } from './types'

/** The id behind a relationship value, whether populated (`{ id }`) or not; null when none. */
export const idOf = (value: unknown): Id | null => {
  if (value && typeof value === 'object' && 'id' in value) {
    return (value as { id: Id }).id
  }
  if (typeof value === 'number' || typeof value === 'string') {
    return value
  }
  return null
}

/** The ids behind a hasMany relationship value, populated or not. */
export const idsOf = (values: unknown): Id[] =>
  Array.isArray(values) ? values.map(idOf).filter((id): id is Id => id !== null) : []
