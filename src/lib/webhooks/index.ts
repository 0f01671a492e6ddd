export type { AddressClass } from './addresses'
export { classifyAddress, ipLiteralOf, refusalOf } from './addresses'
export { retryConfig, retryDelays } from './backoff'
export type { DeliveryRequest, DeliveryResult } from './deliver'
export {
  deliver,
  DELIVERY_TIMEOUT_MS,
  MAX_RESPONSE_BYTES,
  targetRefusalOf,
  urlProblemOf,
} from './deliver'
export type { Change, EventCollection, WebhookAction } from './events'
export { actionOf, EVENT_TYPES, eventsOf } from './events'
export { generateSecret, secretProblemOf } from './secret'
