import type { CollectionConfig, Config, Field } from 'payload'

type Hooks = NonNullable<CollectionConfig['hooks']>

/** Whether another plugin has already added the collection `slug`. */
export const hasCollection = (config: Config, slug: string): boolean =>
  Boolean(config.collections?.some((collection) => collection.slug === slug))

/** Appends fields to collection `slug` when it exists; a plugin never replaces what another set. */
export const addFields = (config: Config, slug: string, fields: Field[]): Config => ({
  ...config,
  collections: (config.collections ?? []).map((collection): CollectionConfig =>
    collection.slug === slug
      ? { ...collection, fields: [...collection.fields, ...fields] }
      : collection,
  ),
})

/** Chains hooks onto collection `slug` after the ones it already has. */
export const addHooks = (config: Config, slug: string, hooks: Hooks): Config => ({
  ...config,
  collections: (config.collections ?? []).map((collection): CollectionConfig => {
    if (collection.slug !== slug) {
      return collection
    }
    const merged: Hooks = { ...collection.hooks }
    for (const [name, list] of Object.entries(hooks) as [keyof Hooks, unknown[]][]) {
      merged[name] = [...((collection.hooks?.[name] as unknown[]) ?? []), ...list] as never
    }
    return { ...collection, hooks: merged }
  }),
})
