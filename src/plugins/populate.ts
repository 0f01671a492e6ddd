import type { CollectionConfig, Field, Plugin } from 'payload'

/** Names of the join fields stored at a document's top level (also inside rows, collapsibles and unnamed tabs). */
const topLevelJoins = (fields: Field[]): string[] =>
  fields.flatMap((field): string[] => {
    if (field.type === 'join') {
      return [field.name]
    }
    if (field.type === 'row' || field.type === 'collapsible') {
      return topLevelJoins(field.fields)
    }
    if (field.type === 'tabs') {
      return field.tabs.flatMap((tab) =>
        'name' in tab && tab.name ? [] : topLevelJoins(tab.fields),
      )
    }
    return []
  })

/**
 * A document populated into another one (an article's people, its department) leaves out its
 * reverse joins: without this, every organization in an article would also list its people, plans
 * and latest articles, each a query over the whole archive, for every read. The document itself
 * still shows them (`GET /api/organizations/:id`), and a caller may ask for them with `populate`.
 */
export const populatePlugin: Plugin = (config) => ({
  ...config,
  collections: (config.collections ?? []).map((collection): CollectionConfig => {
    const joins = topLevelJoins(collection.fields)
    if (joins.length === 0 || collection.defaultPopulate) {
      return collection
    }
    return {
      ...collection,
      defaultPopulate: Object.fromEntries(joins.map((name) => [name, false])),
    }
  }),
})
