import { BadRequest, Conflict } from '../../src/errors'
import { logGraphqlErrors } from '../../src/plugins/errorLogging'

describe('error logging', () => {
  const logged: [string, unknown][] = []
  const req = {
    payload: {
      logger: {
        error: (entry: unknown) => logged.push(['error', entry]),
        info: (entry: unknown) => logged.push(['info', entry]),
      },
    },
  }
  const log = (statusCode: number | undefined) =>
    logGraphqlErrors({
      error: new Error('boom'),
      graphqlResult: { extensions: { statusCode }, message: 'boom' },
      req,
    } as never)

  beforeEach(() => {
    logged.length = 0
  })

  it('should log a GraphQL fault as an error and a refusal as info', () => {
    log(500)
    log(undefined)
    log(400)
    expect(logged.map(([level]) => level)).toEqual(['error', 'error', 'info'])
  })

  it('should leave REST errors to Payload', () => {
    logGraphqlErrors({ error: new Error('x'), req } as never)
    expect(logged).toEqual([])
  })

  it('should name its errors whatever a build does to class names', () => {
    expect([new BadRequest('x').name, new BadRequest('x').status]).toEqual(['BadRequest', 400])
    expect([new Conflict('x').name, new Conflict('x').status]).toEqual(['Conflict', 409])
  })
})
