/** One request of a scenario, as autocannon sends it. */
export type BenchRequest = {
  body?: string
  headers?: Record<string, string>
  method: 'GET' | 'POST'
  path: string
}

type CorpusSamples = { editorDepartment: number; sampleSlug: string; sampleTopic: number }

/**
 * The public read scenarios, the same for `npm run bench`, `bench:profile` and `bench:cpu`: a
 * topic's and a department's newest 20 at depth 1, page 50 of the topic, one article by slug over
 * REST and GraphQL, and ranked unaccented search.
 */
export const publicRequests = (corpus: CorpusSamples): Record<string, BenchRequest> => {
  const graphqlQuery = `query ($slug: String) { Articles(where: { slug: { equals: $slug } }, limit: 10) { docs {
    id title slug publishedAt summary
    department { id name shortName }
    people { id name slug positions { title organization { id name } } }
    plans { id number title issuedOn }
    organizations { id name shortName }
  } totalDocs } }`
  const topicList = `/api/articles?where[topics][equals]=${corpus.sampleTopic}&limit=20&depth=1`
  return {
    'list-topic': { method: 'GET', path: topicList },
    'list-department': {
      method: 'GET',
      path: `/api/articles?where[department][equals]=${corpus.editorDepartment}&limit=20&depth=1`,
    },
    'topic-page-50': { method: 'GET', path: `${topicList}&page=50` },
    'article-by-slug': {
      method: 'GET',
      path: `/api/articles?where[slug][equals]=${corpus.sampleSlug}&depth=1`,
    },
    'graphql-article': {
      body: JSON.stringify({ query: graphqlQuery, variables: { slug: corpus.sampleSlug } }),
      method: 'POST',
      path: '/api/graphql',
    },
    search: { method: 'GET', path: `/api/search?q=${encodeURIComponent('cai cach hanh chinh')}` },
  }
}
