import type { Config, Plugin, SanitizedConfig } from 'payload'

import type { FeedsPluginOptions } from './plugins/feeds'
import type { IntrospectionPolicy } from './plugins/policy/graphqlRules'

import { EXPERIMENTAL_TableFeature, lexicalEditor } from '@payloadcms/richtext-lexical'
import { en } from '@payloadcms/translations/languages/en'
import { vi } from '@payloadcms/translations/languages/vi'
import path from 'node:path'
import { buildConfig } from 'payload'
import sharp from 'sharp'

// The composition root: the one file of src/ that imports collections/ (the content plugins).
import { apiClientsPlugin } from '../collections/api-clients'
import { articlesPlugin } from '../collections/articles'
import { auditLogPlugin } from '../collections/audit-log'
import { mediaPlugin } from '../collections/media'
import { organizationsPlugin } from '../collections/organizations'
import { peoplePlugin } from '../collections/people'
import { plansPlugin } from '../collections/plans'
import { redirectsPlugin } from '../collections/redirects'
import { searchPlugin } from '../collections/search'
import { topicsPlugin } from '../collections/topics'
import { usersPlugin } from '../collections/users'
import { cdnPlugin, webhooksPlugin } from '../collections/webhooks'
import { resolveCompat } from './compat'
import { populationFindsPlugin } from './compat/populationFinds'
import { databaseAdapter } from './database'
import { extractEndpoint } from './endpoints/extract'
import { syncEndpoint } from './endpoints/sync'
import { errorLoggingPlugin } from './plugins/errorLogging'
import { feedsPlugin } from './plugins/feeds'
import { environment, readSettings, resolveSecret } from './lib/env'
import { cacheInvalidationPlugin } from './plugins/cacheInvalidation'
import { previewPlugin } from './plugins/preview'
import { twoFactorPlugin } from './plugins/twoFactor'
import { conflictsPlugin } from './plugins/conflicts'
import { graphqlShapesPlugin } from './plugins/graphqlShapes'
import { integrityPlugin } from './plugins/integrity'
import { jobsPlugin } from './plugins/jobs'
import { listingsPlugin } from './plugins/listings'
import { renderingsPlugin } from './plugins/renderings'
import { mailPlugin } from './plugins/mail'
import { openApiPlugin } from './plugins/openapi'
import { policyPlugin } from './plugins/policy'
import { populatePlugin } from './plugins/populate'
import { referencesPlugin } from './plugins/references'

export type PortalConfigOptions = {
  /** Overrides DATABASE_URI (tests use a throwaway file). */
  databaseUri?: string
  /** Replaces the default content plugins (tests prove each type can be removed). */
  plugins?: Plugin[]
  /** Schema push instead of the committed migrations, for such reduced test configs. */
  push?: boolean
  /** The feed and sitemap's options beyond SITE_URL (tests lower the sitemap's page size). */
  feeds?: Omit<FeedsPluginOptions, 'siteUrl'>
  /** Who may introspect GraphQL; by default signed-in users only when NODE_ENV=production. */
  introspection?: IntrospectionPolicy
}

/** The content types, in dependency order: each links only to what came before it. */
export const defaultPlugins = ({
  autosaveSeconds,
}: { autosaveSeconds?: number } = {}): Plugin[] => [
  usersPlugin(),
  mediaPlugin(),
  organizationsPlugin(),
  topicsPlugin(),
  peoplePlugin(),
  plansPlugin(),
  articlesPlugin(autosaveSeconds === undefined ? {} : { autosaveMs: autosaveSeconds * 1000 }),
  redirectsPlugin(),
  searchPlugin(),
  apiClientsPlugin(),
  auditLogPlugin(),
  webhooksPlugin(),
]

/** The origins the admin is served from: localhost on PORT, and SERVER_URL when set. */
const trustedOrigins = (port: number, serverURL: string | undefined): string[] => {
  const local = port ? [`http://localhost:${port}`, `http://127.0.0.1:${port}`] : []
  return [...local, ...(serverURL ? [serverURL.replace(/\/+$/, '')] : [])]
}

export const buildPortalConfig = (options: PortalConfigOptions = {}) => {
  const env = environment(options.databaseUri ? { DATABASE_URI: options.databaseUri } : {})
  const settings = readSettings(env)
  const compat = resolveCompat(settings.compat)
  // Loads only the adapter in use (src/database.ts).
  const db = databaseAdapter(settings.database, {
    compat,
    push: options.push,
    queryTemplates: settings.queryTemplates,
  })
  const config: Omit<Config, 'db'> = {
    admin: {
      // Payload's default is Gravatar: it would send a hash of each editor's email to a third party.
      avatar: 'default',
      components: {
        // The board's review queue, or an editor's department articles, above the collection cards.
        beforeDashboard: [
          '/components/dashboard/ReviewDashboard#ReviewDashboard',
          // "Đã lên lịch": the scheduled publishes and unpublishes still to happen.
          '/components/dashboard/ScheduledPanel#ScheduledPanel',
        ],
      },
      dateFormat: 'dd/MM/yyyy HH:mm',
      importMap: { baseDir: path.resolve(process.cwd(), 'src') },
      meta: { titleSuffix: ' – Cổng thông tin' },
    },
    collections: [],
    // Cookie-authenticated requests must come from the portal's own pages (CSRF); JWT and API-key
    // callers are unaffected. SERVER_URL adds the public address behind a proxy.
    csrf: trustedOrigins(settings.port, env.SERVER_URL),
    // Every patch of a dependency's internals (src/compat/): on unless COMPAT=0 or the installed
    // versions differ from the ones they were checked against. Kept in `custom` for the HTTP layer.
    custom: { compat },
    // Headings, lists, links, quotes and uploads come by default; official reports need tables too.
    editor: lexicalEditor({
      features: ({ defaultFeatures }) => [...defaultFeatures, EXPERIMENTAL_TableFeature()],
    }),
    endpoints: [extractEndpoint, syncEndpoint],
    graphQL: {
      // Introspection answers signed-in users in production too; src/plugins/policy refuses anonymous callers.
      disableIntrospectionInProduction: false,
      disablePlaygroundInProduction: true,
      maxComplexity: 1000,
      schemaOutputFile: path.resolve(process.cwd(), 'src/generated-schema.graphql'),
    },
    i18n: {
      fallbackLanguage: 'vi',
      supportedLanguages: { en, vi },
    },
    localization: {
      defaultLocale: 'vi',
      fallback: true,
      locales: [
        { code: 'vi', label: 'Tiếng Việt' },
        { code: 'en', label: 'English' },
      ],
    },
    plugins: [
      ...(options.plugins ?? defaultPlugins({ autosaveSeconds: settings.autosaveSeconds })),
      feedsPlugin({ ...options.feeds, siteUrl: settings.siteUrl }),
      previewPlugin,
      openApiPlugin,
      cdnPlugin,
      mailPlugin(),
      jobsPlugin({ atomicClaims: compat.atomicJobClaims }),
      integrityPlugin,
      graphqlShapesPlugin,
      referencesPlugin,
      conflictsPlugin,
      populatePlugin,
      listingsPlugin,
      renderingsPlugin,
      cacheInvalidationPlugin,
      // After every plugin that adds a collection: its enrolment gate covers them all.
      twoFactorPlugin,
      policyPlugin({
        introspection:
          options.introspection ?? (settings.production ? 'authenticated' : 'everyone'),
      }),
      errorLoggingPlugin,
      populationFindsPlugin(compat.populationFinds),
    ],
    secret: resolveSecret({ dataDir: settings.dataDir, env, target: settings.database }),
    sharp,
    telemetry: false,
    typescript: { outputFile: path.resolve(process.cwd(), 'src/payload-types.ts') },
  }
  return db
    .then((adapter) => buildConfig({ ...config, db: adapter }))
    .then(withoutJobStatsInGraphQL)
}

/**
 * Payload adds its job queue's statistics global (`payload-jobs-stats`, bookkeeping of scheduled
 * tasks) while sanitizing, after every plugin ran, with a GraphQL schema of its own whose
 * `docAccessPayloadJobsStat` query answered anonymous callers with a 500 (Payload 3.90.1). No
 * client reads it through GraphQL; the admin uses REST.
 */
const withoutJobStatsInGraphQL = (config: SanitizedConfig): SanitizedConfig => {
  for (const global of config.globals) {
    if (global.slug === 'payload-jobs-stats') {
      global.graphQL = false
    }
  }
  return config
}
