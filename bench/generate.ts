import { benchSize, ensureCorpus } from './corpus'

/** Builds the bench corpus alone (npm run bench does this first when it is missing). */
ensureCorpus(benchSize()).then(
  (corpus) => {
    console.log(corpus)
    process.exit(0)
  },
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
