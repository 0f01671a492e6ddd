import type { CollectionConfig, Config, Field } from 'payload'

/** Whether another plugin has already added the collection `slug`. */
export const hasCollection = (config: Config, slug: string): boolean =>
  Boolean(config.collections?.some((collection) => collection.slug === slug))

/** Appends fields to collection `slug` when it exists; a plugin never replaces what another set. */
export const addFields = (config: Config, slug: string, fields: Field[]): Config => ({
  ...config,
  collections: (config.collections ?? []).map(
    (collection): CollectionConfig =>
      collection.slug === slug
        ? { ...collection, fields: [...collection.fields, ...fields] }
        : collection,
  ),
})
