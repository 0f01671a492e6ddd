import type { AfterErrorHook, Config, Plugin } from 'payload'

import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../lib/database/unavailable'
import { errorShape } from '../lib/errorShape'

/**
 * Payload logs every failed request as an error, stack included, unless the error's name is
 * listed here: a portal probed for sport filled its error log with refused queries. Refusals of
 * the caller's input are logged as info; faults stay errors. GraphQL errors all carry the name
 * GraphQLError, so they are logged by logGraphqlErrors instead, by their final status.
 */
// Payload types the names it throws; it reads any error's name, ours included.
export const quietLogging: Record<string, 'info' | false> = {
  AuthenticationError: 'info',
  BadRequest: 'info',
  Conflict: 'info',
  GraphQLError: false,
  LockedAuth: 'info',
  PreconditionFailed: 'info',
  QueryError: 'info',
  // A refused second step (src/plugins/twoFactor): the client's doing, like a wrong password.
  TwoFactorError: 'info',
  UnauthorizedError: 'info',
  UnverifiedEmail: 'info',
}

/**
 * Logs a GraphQL error once its status is settled (after the hooks that turn the caller's bad
 * input into a 4xx): 5xx as an error with its stack, anything else as info. Runs last.
 */
export const logGraphqlErrors: AfterErrorHook = ({ error, graphqlResult, req }) => {
  if (!graphqlResult) {
    return
  }
  const status = Number(graphqlResult.extensions?.statusCode ?? 500)
  if (status >= 500) {
    req.payload.logger.error({ err: error })
  } else {
    req.payload.logger.info({ msg: graphqlResult.message, status })
  }
}

/**
 * A database that cannot be reached (stopped, restarting) is a 503 with the API's error shape,
 * not a 500: in REST (Payload's routeError) and in GraphQL (graphqlHandler.ts turns an answer
 * whose errors are all 503s into an HTTP 503). Before logGraphqlErrors, which logs by status.
 */
export const databaseUnavailable: AfterErrorHook = ({ error, graphqlResult }) => {
  if (!isDatabaseUnavailable(error)) {
    return
  }
  if (graphqlResult) {
    return {
      graphqlResult: {
        ...graphqlResult,
        extensions: { ...graphqlResult.extensions, statusCode: 503 },
        message: DATABASE_UNAVAILABLE_MESSAGE,
      },
    }
  }
  return { response: errorShape(DATABASE_UNAVAILABLE_MESSAGE), status: 503 }
}

/** Error logging as above; last among the plugins, so GraphQL errors are logged as answered. */
export const errorLoggingPlugin: Plugin = (config) => ({
  ...config,
  hooks: {
    ...config.hooks,
    afterError: [...(config.hooks?.afterError ?? []), databaseUnavailable, logGraphqlErrors],
  },
  loggingLevels: { ...quietLogging, ...config.loggingLevels } as Config['loggingLevels'],
})
