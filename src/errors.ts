/** The errors our Payload code throws, each a 4xx that logs as info (see plugins/errorLogging). */
import { APIError } from 'payload'

/**
 * The caller's input is refused (400). Named so logs can tell it from a fault: Payload logs an
 * error at the level its name is given in `loggingLevels` (see quietLogging), else as an error.
 */
export class BadRequest extends APIError {
  constructor(message: string) {
    super(message, 400, null, true)
    // Set by hand: a minified build would rename the class.
    this.name = 'BadRequest'
  }
}

/** The caller's update was based on an older version of the document (409). */
export class Conflict extends APIError {
  constructor(message: string) {
    super(message, 409, null, true)
    this.name = 'Conflict'
  }
}

/** The version named by the caller's `If-Match` is not the stored one (412). */
export class PreconditionFailed extends APIError {
  constructor(message: string) {
    super(message, 412, null, true)
    this.name = 'PreconditionFailed'
  }
}
