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
export { mustEnroll, TWO_FACTOR_ROLES } from './policy'
