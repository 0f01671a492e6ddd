export {
  acceptedStep,
  currentCode,
  newSecret,
  normalizeCode,
  otpauthUri,
  PERIOD_SECONDS,
} from './totp'
export type { StoredRecoveryCode } from './recovery'
export {
  matchRecoveryCode,
  newRecoveryCodes,
  normalizeRecoveryCode,
  RECOVERY_CODE_COUNT,
  unusedRecoveryCodes,
} from './recovery'
export { mustEnroll, offersTwoFactorReset, TWO_FACTOR_ROLES } from './policy'
export type { SessionDetail, SessionDetails } from './sessions'
export {
  describeUserAgent,
  keepSessionDetails,
  readSessionDetails,
  SESSION_DETAILS_MAX,
  sessionDetail,
  USER_AGENT_MAX,
} from './sessions'
