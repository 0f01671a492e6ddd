import * as migration_20261126_091754_initial from './20261126_091754_initial'
import * as migration_20261127_000000_indexes from './20261127_000000_indexes'
import * as migration_20261128_000000_relation_indexes from './20261128_000000_relation_indexes'
import * as migration_20261202_071003_media_storage_fields from './20261202_071003_media_storage_fields'
import * as migration_20261202_071320_jobs_schedule from './20261202_071320_jobs_schedule'
import * as migration_20261202_105205_webhooks from './20261202_105205_webhooks'
import * as migration_20261202_111233_redirects from './20261202_111233_redirects'
import * as migration_20261202_120544_api_keys from './20261202_120544_api_keys'
import * as migration_20261202_140000_article_listings from './20261202_140000_article_listings'
import * as migration_20261202_153143_admin_search_key from './20261202_153143_admin_search_key'
import * as migration_20261202_153406_review_thread_media_department from './20261202_153406_review_thread_media_department'
import * as migration_20261203_074127_articles_autosave from './20261203_074127_articles_autosave'
import * as migration_20261203_074144_two_factor from './20261203_074144_two_factor'
import * as migration_20261203_175659_session_details from './20261203_175659_session_details'
import * as migration_20261204_160000_article_renderings from './20261204_160000_article_renderings'
import * as migration_20261206_010000_rendering_related from './20261206_010000_rendering_related'

export const migrations = [
  {
    up: migration_20261126_091754_initial.up,
    down: migration_20261126_091754_initial.down,
    name: '20261126_091754_initial',
  },
  {
    up: migration_20261127_000000_indexes.up,
    down: migration_20261127_000000_indexes.down,
    name: '20261127_000000_indexes',
  },
  {
    up: migration_20261128_000000_relation_indexes.up,
    down: migration_20261128_000000_relation_indexes.down,
    name: '20261128_000000_relation_indexes',
  },
  {
    up: migration_20261202_071003_media_storage_fields.up,
    down: migration_20261202_071003_media_storage_fields.down,
    name: '20261202_071003_media_storage_fields',
  },
  {
    up: migration_20261202_071320_jobs_schedule.up,
    down: migration_20261202_071320_jobs_schedule.down,
    name: '20261202_071320_jobs_schedule',
  },
  {
    up: migration_20261202_105205_webhooks.up,
    down: migration_20261202_105205_webhooks.down,
    name: '20261202_105205_webhooks',
  },
  {
    up: migration_20261202_111233_redirects.up,
    down: migration_20261202_111233_redirects.down,
    name: '20261202_111233_redirects',
  },
  {
    up: migration_20261202_120544_api_keys.up,
    down: migration_20261202_120544_api_keys.down,
    name: '20261202_120544_api_keys',
  },
  {
    up: migration_20261202_140000_article_listings.up,
    down: migration_20261202_140000_article_listings.down,
    name: '20261202_140000_article_listings',
  },
  {
    up: migration_20261202_153143_admin_search_key.up,
    down: migration_20261202_153143_admin_search_key.down,
    name: '20261202_153143_admin_search_key',
  },
  {
    up: migration_20261202_153406_review_thread_media_department.up,
    down: migration_20261202_153406_review_thread_media_department.down,
    name: '20261202_153406_review_thread_media_department',
  },
  {
    up: migration_20261203_074127_articles_autosave.up,
    down: migration_20261203_074127_articles_autosave.down,
    name: '20261203_074127_articles_autosave',
  },
  {
    up: migration_20261203_074144_two_factor.up,
    down: migration_20261203_074144_two_factor.down,
    name: '20261203_074144_two_factor',
  },
  {
    up: migration_20261203_175659_session_details.up,
    down: migration_20261203_175659_session_details.down,
    name: '20261203_175659_session_details',
  },
  {
    up: migration_20261204_160000_article_renderings.up,
    down: migration_20261204_160000_article_renderings.down,
    name: '20261204_160000_article_renderings',
  },
  {
    up: migration_20261206_010000_rendering_related.up,
    down: migration_20261206_010000_rendering_related.down,
    name: '20261206_010000_rendering_related',
  },
]
