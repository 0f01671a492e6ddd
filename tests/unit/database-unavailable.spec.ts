import { isDatabaseUnavailable } from '../../src/lib/database/unavailable'

describe('isDatabaseUnavailable', () => {
  const coded = (code: string, message = 'failed') => Object.assign(new Error(message), { code })

  it('should recognise a database that is stopped, restarting or cut off', () => {
    const refused = coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')
    const cases = [
      refused,
      coded('57P01', 'terminating connection due to administrator command'),
      coded('57P02'),
      coded('57P03', 'the database system is starting up'),
      coded('08006'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      // drizzle wraps the driver's error; GraphQL wraps the operation's; a host with two addresses
      // refuses twice.
      new Error('Failed query: select 1', { cause: refused }),
      Object.assign(new Error('wrapped'), { originalError: new Error('x', { cause: refused }) }),
      new AggregateError([refused, refused], ''),
    ]
    expect(cases.map(isDatabaseUnavailable)).toEqual(cases.map(() => true))
  })

  it('should leave faults and bad input alone', () => {
    const cases = [
      new Error('boom'),
      coded('23505', 'duplicate key value violates unique constraint "x"'),
      coded('42P01', 'relation "x" does not exist'),
      coded('57014', 'canceling statement due to statement timeout'),
      new Error('Failed query: select 1', { cause: coded('22P02') }),
      // A value in the quoted query is not the driver speaking.
      new Error('Failed query: select … params: Connection terminated', { cause: coded('22P02') }),
      null,
      undefined,
      'Connection terminated',
    ]
    expect(cases.map(isDatabaseUnavailable)).toEqual(cases.map(() => false))
  })
})
