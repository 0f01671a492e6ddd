import { acceptedAnswerType, isJsonPost, plainQueryParams } from '../../src/lib/graphql/request'

describe('GraphQL over HTTP as graphql-http reads it', () => {
  it.each<[null | string, null | string]>([
    [null, 'application/json'],
    ['*/*', 'application/json'],
    ['application/json', 'application/json'],
    ['application/*', 'application/json'],
    [
      'application/graphql-response+json, application/json;q=0.9',
      'application/graphql-response+json',
    ],
    ['application/json, application/graphql-response+json', 'application/json'],
    ['text/html, */*', 'application/json'],
    ['application/json; charset=latin1', null],
    ['text/html', null],
  ])('should answer Accept %p with %p', (accept, type) => {
    expect(acceptedAnswerType(accept)).toBe(type)
  })

  it.each<[null | string, boolean]>([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['Application/JSON; Charset=UTF-8', true],
    ['application/json; charset=latin1', false],
    ['application/graphql', false],
    [null, false],
  ])('should read a POST of Content-Type %p as JSON: %p', (type, json) => {
    expect(isJsonPost(type)).toBe(json)
  })

  it('should take a body of query, variables and operation name as sent', () => {
    expect(plainQueryParams('{"query":"{ a }"}')).toEqual({ query: '{ a }' })
    expect(plainQueryParams('{"query":"{ a }","variables":null,"operationName":null}')).toEqual({
      operationName: null,
      query: '{ a }',
      variables: null,
    })
    expect(plainQueryParams('{"query":"q","variables":{"x":1},"operationName":"A"}')).toEqual({
      operationName: 'A',
      query: 'q',
      variables: { x: 1 },
    })
  })

  it.each([
    ['not JSON', '{"query":'],
    ['a list', '[{"query":"{ a }"}]'],
    ['no query', '{"variables":{}}'],
    ['a query that is not text', '{"query":1}'],
    ['variables that are a list', '{"query":"{ a }","variables":[1]}'],
    ['an operation name that is not text', '{"query":"{ a }","operationName":1}'],
    ['extensions', '{"query":"{ a }","extensions":{}}'],
    ['a locale', '{"query":"{ a }","locale":"vi"}'],
  ])('should leave a body with %s to graphql-http', (_name, text) => {
    expect(plainQueryParams(text)).toBeNull()
  })
})
