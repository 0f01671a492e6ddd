/**
 * A mark on a config's `graphQL.validationRules` function whose rules, for a caller without a
 * user, depend on nothing but the schema, the document and the variables (no request, no time,
 * no state): their outcome may then be kept per document and variables like Payload's own
 * (src/http/graphqlDocuments.ts: keyedByVariables). Whoever marks a function vouches for it.
 */
const PURE_FOR_ANONYMOUS = Symbol('validation rules pure for a caller without a user')

type Marked = { [PURE_FOR_ANONYMOUS]?: true }

/** Marks `rules` (see above) and returns it. */
export const pureForAnonymous = <T extends object>(rules: T): T => {
  ;(rules as Marked)[PURE_FOR_ANONYMOUS] = true
  return rules
}

/** Whether `rules` was marked by pureForAnonymous. */
export const isPureForAnonymous = (rules: unknown): boolean =>
  typeof rules === 'function' && (rules as Marked)[PURE_FOR_ANONYMOUS] === true
