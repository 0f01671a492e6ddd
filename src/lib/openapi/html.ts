/**
 * The OpenAPI document as one plain HTML page, rendered on the server: no script and nothing from
 * another origin, so it reads the same under any CSP and without JavaScript.
 */

const escape = (value: unknown): string =>
  String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '"': '&quot;', '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;' })[c] as string,
  )

type Doc = {
  components?: { schemas?: Record<string, unknown> }
  info?: { description?: string; title?: string; version?: string }
  paths?: Record<string, Record<string, unknown>>
}

type Param = {
  description?: string
  in?: string
  name?: string
  required?: boolean
  schema?: unknown
}
type Op = {
  parameters?: Param[]
  requestBody?: { content?: Record<string, { schema?: unknown }> }
  responses?: Record<string, { $ref?: string; description?: string }>
  summary?: string
}

const METHODS = ['get', 'post', 'patch', 'put', 'delete']

const typeOf = (schema: unknown): string => {
  if (!schema || typeof schema !== 'object') {
    return ''
  }
  const s = schema as { $ref?: string; enum?: unknown[]; type?: unknown }
  if (s.$ref) {
    return s.$ref.split('/').pop() as string
  }
  if (s.enum) {
    return s.enum.map(String).join(' | ')
  }
  return Array.isArray(s.type) ? s.type.join(' | ') : String(s.type ?? '')
}

const operation = (path: string, method: string, op: Op, shared: Param[]): string => {
  const params = [...shared, ...(op.parameters ?? [])]
  const rows = params
    .map(
      (p) =>
        `<tr><td><code>${escape(p.name)}</code></td><td>${escape(p.in)}</td><td>${escape(typeOf(p.schema))}</td><td>${p.required ? 'yes' : ''}</td><td>${escape(p.description)}</td></tr>`,
    )
    .join('')
  const body = op.requestBody?.content
    ? `<p>Body: ${Object.entries(op.requestBody.content)
        .map(([type, c]) => `<code>${escape(type)}</code> ${escape(typeOf(c.schema))}`)
        .join(', ')}</p>`
    : ''
  const responses = Object.entries(op.responses ?? {})
    .map(
      ([code, r]) =>
        `<li><strong>${escape(code)}</strong> ${escape(r.description ?? (r.$ref ? 'error: { errors: [{ message }] }' : ''))}</li>`,
    )
    .join('')
  return `<section class="op"><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
<p>${escape(op.summary)}</p>${rows ? `<table><tr><th>name</th><th>in</th><th>type</th><th>required</th><th></th></tr>${rows}</table>` : ''}${body}<ul>${responses}</ul></section>`
}

export const renderDocsHtml = (doc: Doc, documentUrl: string): string => {
  const ops = Object.entries(doc.paths ?? {})
    .map(([path, item]) => {
      const shared = (item.parameters as Param[] | undefined) ?? []
      return METHODS.filter((m) => item[m])
        .map((m) => operation(path, m, item[m] as Op, shared))
        .join('\n')
    })
    .join('\n')
  const schemas = Object.entries(doc.components?.schemas ?? {})
    .map(
      ([name, schema]) =>
        `<details id="schema-${escape(name)}"><summary>${escape(name)}</summary><pre>${escape(JSON.stringify(schema, null, 2))}</pre></details>`,
    )
    .join('\n')
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(doc.info?.title)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}
code,pre{font-family:ui-monospace,monospace}pre{background:#f6f6f6;padding:.5em;overflow:auto;font-size:12px}
.op{border-top:1px solid #ddd;padding:.5em 0}.m{display:inline-block;min-width:4em;color:#fff;border-radius:3px;padding:0 .3em;font-size:13px;text-align:center}
.get{background:#2a7}.post{background:#27c}.patch{background:#c80}.put{background:#c80}.delete{background:#c33}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}
</style></head><body>
<h1>${escape(doc.info?.title)} <small>${escape(doc.info?.version)}</small></h1>
<p>${escape(doc.info?.description)}</p>
<p>Tài liệu máy đọc được (machine-readable): <a href="${escape(documentUrl)}">${escape(documentUrl)}</a>. Auth: <code>Authorization: JWT &lt;token&gt;</code> or <code>Authorization: api-clients API-Key &lt;key&gt;</code>.</p>
<h2>Endpoints</h2>
${ops}
<h2>Schemas</h2>
${schemas}
</body></html>
`
}
