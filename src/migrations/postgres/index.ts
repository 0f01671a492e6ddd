import * as migration_20261202_071127_initial from './20261202_071127_initial'
import * as migration_20261202_071200_indexes from './20261202_071200_indexes'
import * as migration_20261202_071300_search from './20261202_071300_search'
import * as migration_20261202_081909_jobs_media from './20261202_081909_jobs_media'
import * as migration_20261202_105221_webhooks from './20261202_105221_webhooks'
import * as migration_20261202_111250_redirects from './20261202_111250_redirects'
import * as migration_20261202_120525_api_keys from './20261202_120525_api_keys'
import * as migration_20261202_140000_article_listings from './20261202_140000_article_listings'
import * as migration_20261202_143706_mail from './20261202_143706_mail'
import * as migration_20261202_153241_admin_search_key from './20261202_153241_admin_search_key'
import * as migration_20261202_153538_review_thread_media_department from './20261202_153538_review_thread_media_department'
import * as migration_20261203_074145_articles_autosave from './20261203_074145_articles_autosave'
import * as migration_20261203_074209_two_factor from './20261203_074209_two_factor'
import * as migration_20261203_175708_session_details from './20261203_175708_session_details'
import * as migration_20261204_160000_article_renderings from './20261204_160000_article_renderings'
import * as migration_20261206_010000_rendering_related from './20261206_010000_rendering_related'
import * as migration_20261206_050000_rendering_lz4 from './20261206_050000_rendering_lz4'
import * as migration_20261206_080000_search_title_lead from './20261206_080000_search_title_lead'

export const migrations = [
  {
    up: migration_20261202_071127_initial.up,
    down: migration_20261202_071127_initial.down,
    name: '20261202_071127_initial',
  },
  {
    up: migration_20261202_071200_indexes.up,
    down: migration_20261202_071200_indexes.down,
    name: '20261202_071200_indexes',
  },
  {
    up: migration_20261202_071300_search.up,
    down: migration_20261202_071300_search.down,
    name: '20261202_071300_search',
  },
  {
    up: migration_20261202_081909_jobs_media.up,
    down: migration_20261202_081909_jobs_media.down,
    name: '20261202_081909_jobs_media',
  },
  {
    up: migration_20261202_105221_webhooks.up,
    down: migration_20261202_105221_webhooks.down,
    name: '20261202_105221_webhooks',
  },
  {
    up: migration_20261202_111250_redirects.up,
    down: migration_20261202_111250_redirects.down,
    name: '20261202_111250_redirects',
  },
  {
    up: migration_20261202_120525_api_keys.up,
    down: migration_20261202_120525_api_keys.down,
    name: '20261202_120525_api_keys',
  },
  {
    up: migration_20261202_140000_article_listings.up,
    down: migration_20261202_140000_article_listings.down,
    name: '20261202_140000_article_listings',
  },
  {
    up: migration_20261202_143706_mail.up,
    down: migration_20261202_143706_mail.down,
    name: '20261202_143706_mail',
  },
  {
    up: migration_20261202_153241_admin_search_key.up,
    down: migration_20261202_153241_admin_search_key.down,
    name: '20261202_153241_admin_search_key',
  },
  {
    up: migration_20261202_153538_review_thread_media_department.up,
    down: migration_20261202_153538_review_thread_media_department.down,
    name: '20261202_153538_review_thread_media_department',
  },
  {
    up: migration_20261203_074145_articles_autosave.up,
    down: migration_20261203_074145_articles_autosave.down,
    name: '20261203_074145_articles_autosave',
  },
  {
    up: migration_20261203_074209_two_factor.up,
    down: migration_20261203_074209_two_factor.down,
    name: '20261203_074209_two_factor',
  },
  {
    up: migration_20261203_175708_session_details.up,
    down: migration_20261203_175708_session_details.down,
    name: '20261203_175708_session_details',
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
  {
    up: migration_20261206_050000_rendering_lz4.up,
    down: migration_20261206_050000_rendering_lz4.down,
    name: '20261206_050000_rendering_lz4',
  },
  {
    up: migration_20261206_080000_search_title_lead.up,
    down: migration_20261206_080000_search_title_lead.down,
    name: '20261206_080000_search_title_lead',
  },
]
