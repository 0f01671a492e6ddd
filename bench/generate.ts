import { benchDatabases, benchSize, ensureCorpus, ensurePostgresCorpus } from './corpus'

/** Builds the bench corpora alone (npm run bench does this first when they are missing). */
const main = async () => {
  for (const database of benchDatabases()) {
    console.log(
      database === 'sqlite'
        ? await ensureCorpus(benchSize())
        : await ensurePostgresCorpus(benchSize(), process.env.POSTGRES_URI!),
    )
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
