import * as migration_20261202_071127_initial from './20261202_071127_initial'
import * as migration_20261202_080000_indexes from './20261202_080000_indexes'
import * as migration_20261202_090000_search from './20261202_090000_search'
import * as migration_20261202_100000_jobs_media from './20261202_100000_jobs_media'

export const migrations = [
  {
    up: migration_20261202_071127_initial.up,
    down: migration_20261202_071127_initial.down,
    name: '20261202_071127_initial',
  },
  {
    up: migration_20261202_080000_indexes.up,
    down: migration_20261202_080000_indexes.down,
    name: '20261202_080000_indexes',
  },
  {
    up: migration_20261202_090000_search.up,
    down: migration_20261202_090000_search.down,
    name: '20261202_090000_search',
  },
  {
    up: migration_20261202_100000_jobs_media.up,
    down: migration_20261202_100000_jobs_media.down,
    name: '20261202_100000_jobs_media',
  },
]
