import { fold } from './fold'

/**
 * A URL slug for Vietnamese text: tones stripped, đ → d, words joined by hyphens
 * ("Kiểm tra công tác" → "kiem-tra-cong-tac"). Payload's default slugify drops these letters instead.
 */
export const slugify = (value: string): string =>
  fold(value)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 200)
    .replace(/-+$/, '')

/**
 * The n-th slug made from `base` when the ones before are taken: the base itself, then base-2,
 * base-3…, the base shortened so the number still fits the 200-character cap.
 */
export const numberedSlug = (base: string, n: number): string => {
  if (n <= 1) {
    return base
  }
  const suffix = `-${n}`
  return `${base.slice(0, 200 - suffix.length).replace(/-+$/, '')}${suffix}`
}
