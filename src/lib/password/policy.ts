import type { ZxcvbnFactory, ZxcvbnResult } from '@zxcvbn-ts/core'

/** The shortest password accepted. */
export const MIN_PASSWORD_LENGTH = 12
/** zxcvbn's score (0–4) a password must reach: 3 is "safely unguessable" online and offline-slow. */
export const MIN_PASSWORD_SCORE = 3

export type PasswordProblem = 'common' | 'personal' | 'short' | 'weak'

/** What is wrong, in Vietnamese for the editor and in English for the integrator. */
export const PASSWORD_MESSAGES: Record<PasswordProblem, string> = {
  common: `Mật khẩu quá phổ biến, dễ bị dò ra; hãy chọn cụm từ riêng của bạn, dài ít nhất ${MIN_PASSWORD_LENGTH} ký tự (the password is a common one).`,
  personal:
    'Mật khẩu không được dựa trên họ tên hay email của tài khoản (the password is built from the account’s name or email).',
  short: `Mật khẩu cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự (the password must be at least ${MIN_PASSWORD_LENGTH} characters long).`,
  weak: 'Mật khẩu quá dễ đoán; hãy ghép vài từ không liên quan với số hoặc ký hiệu (the password is too easy to guess).',
}

/** How long the dictionaries stay loaded after the last check (they take some 25 MB of heap). */
const KEEP_LOADED_MS = 5 * 60 * 1000

let estimator: null | Promise<ZxcvbnFactory> = null
let unload: NodeJS.Timeout | undefined

/**
 * Loaded on first use, not at start: every process (the importer, the benchmark) would otherwise
 * carry the dictionaries; they ship in the packages, nothing is downloaded. Dropped when unused.
 */
const zxcvbn = async (): Promise<ZxcvbnFactory> => {
  estimator ??= Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]).then(
    ([{ ZxcvbnFactory: Factory }, common, english]) =>
      new Factory({
        dictionary: { ...common.dictionary, ...english.dictionary },
        graphs: common.adjacencyGraphs,
        translations: english.translations,
      }),
  )
  clearTimeout(unload)
  unload = setTimeout(() => {
    estimator = null
  }, KEEP_LOADED_MS)
  unload.unref()
  return estimator
}

/** The words a password must not be built from: the name's parts, the email and its parts. */
export const personalInputs = (account: { email?: null | string; name?: null | string }) => {
  const pieces = [account.name ?? '', account.email ?? '']
  const words = pieces
    .flatMap((piece) => [
      piece,
      // Without diacritics too: "Nguyễn Văn An" is typed "nguyenvanan".
      piece
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/đ/g, 'd')
        .replace(/Đ/g, 'D'),
    ])
    .flatMap((piece) => [
      piece,
      piece.split('@')[0]!.replace(/[\s._+-]+/g, ''),
      ...piece.split(/[\s@._+-]+/),
    ])
    .map((word) => word.trim().toLowerCase())
    .filter((word) => word.length >= 3)
  return [...new Set(words)]
}

/** How many characters of the password come from words of the named dictionaries. */
const charactersFrom = (result: ZxcvbnResult, dictionary: (name: string) => boolean): number =>
  result.sequence
    .filter((match) => {
      const name = (match as { dictionaryName?: string }).dictionaryName
      return typeof name === 'string' && dictionary(name) && match.token.length >= 3
    })
    .reduce((sum, match) => sum + match.token.length, 0)

/**
 * Why `password` is refused for `account`, or null when it is accepted: at least
 * MIN_PASSWORD_LENGTH characters and a zxcvbn score of MIN_PASSWORD_SCORE, with the account's own
 * name and email as words a guesser tries first.
 */
export const passwordProblem = async (
  password: string,
  account: { email?: null | string; name?: null | string } = {},
): Promise<null | PasswordProblem> => {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return 'short'
  }
  const result = (await zxcvbn()).check(password, personalInputs(account))
  // Half of it the account's own name or email: refused even when long enough to score well.
  const personal = charactersFrom(result, (name) => name === 'userInputs')
  if (personal * 2 >= password.length || (personal > 0 && result.score < MIN_PASSWORD_SCORE)) {
    return 'personal'
  }
  if (result.score >= MIN_PASSWORD_SCORE) {
    return null
  }
  return charactersFrom(result, (name) => name.startsWith('passwords')) > 0 ? 'common' : 'weak'
}
