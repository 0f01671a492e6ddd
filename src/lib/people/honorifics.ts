/** ASCII values: GraphQL enum names cannot hold Vietnamese letters; labels show the words. */
export const HONORIFICS = [
  { label: 'ông', value: 'ong' },
  { label: 'bà', value: 'ba' },
  { label: 'đồng chí', value: 'dong-chi' },
]
