import type { CollectionAfterChangeHook, CollectionBeforeValidateHook } from 'payload'
import type { Webhook } from '../../../src/payload-types'

import { generateSecret } from '../../../src/lib/webhooks'

const GENERATED = 'webhooks.generatedSecret'

/** A webhook created without a secret gets one; the create answer then shows it, that once. */
export const keepSecretHidden: CollectionBeforeValidateHook<Webhook> = ({
  context,
  data,
  operation,
}) => {
  if (operation === 'create' && data && !data.secret) {
    data.secret = generateSecret()
    context[GENERATED] = data.secret
  }
  return data
}

/**
 * Field read access strips the secret from every answer; the one exception is the answer to the
 * create that generated it, since nobody could learn it otherwise.
 */
export const giveSecretOnce: CollectionAfterChangeHook<Webhook> = ({ context, doc, operation }) => {
  const generated = context[GENERATED]
  if (operation === 'create' && typeof generated === 'string') {
    delete context[GENERATED]
    return { ...doc, secret: generated }
  }
  return doc
}
