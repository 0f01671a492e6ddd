import type { CollectionBeforeOperationHook, Payload } from 'payload'

/**
 * Puts `hooks` at the head of every collection's beforeOperation, Payload's own collections
 * included. Payload adds those (preferences, document locks, jobs, migrations) to the config after
 * the plugins have run, so a plugin cannot reach them in its config function; signed-in callers
 * query them too, so rules that must hold everywhere are added here, from a plugin's onInit,
 * through the collection configs `payload.collections` exposes. Idempotent.
 */
export const runFirstEverywhere = (
  payload: Payload,
  hooks: CollectionBeforeOperationHook[],
): void => {
  for (const { config: collection } of Object.values(payload.collections)) {
    const { beforeOperation = [] } = collection.hooks
    if (!hooks.every((hook) => beforeOperation.includes(hook))) {
      collection.hooks.beforeOperation = [
        ...hooks,
        ...beforeOperation.filter((hook) => !hooks.includes(hook)),
      ]
    }
  }
}
