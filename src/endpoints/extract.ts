import type { Endpoint } from 'payload'

import { addDataAndFileToRequest } from 'payload'

import { extract } from '../lib/extract'
import { knownOrganizations } from '../linking/knownOrganizations'
import { errorResponse } from '../lib/errorShape'
import { blockedForEnrolment, enrolmentRefusal } from '../plugins/twoFactor/gate'

const MAX_BYTES = 200 * 1024

const error = errorResponse

/**
 * `POST /api/extract` `{ "text": "…" }`: the documents, people and organizations a text mentions,
 * with issuers resolved against the organization directory. Any logged-in user.
 */
export const extractEndpoint: Endpoint = {
  handler: async (req) => {
    if (!req.user) {
      return error(401, 'Log in to use /api/extract.')
    }
    if (blockedForEnrolment(req)) {
      return enrolmentRefusal()
    }
    await addDataAndFileToRequest(req)
    const text = (req.data as { text?: unknown } | undefined)?.text
    if (typeof text !== 'string' || !text.trim()) {
      return error(400, '"text" must be a non-empty string.')
    }
    if (Buffer.byteLength(text, 'utf8') > MAX_BYTES) {
      return error(400, `"text" is over ${MAX_BYTES / 1024} KB.`)
    }
    const organizations = await knownOrganizations(req)
    return Response.json(extract(text, { organizations }))
  },
  method: 'post',
  path: '/extract',
}
