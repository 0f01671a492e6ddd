import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { getPayload } from 'payload'

import { buildPortalConfig } from '../../src/config'
import { runMigrations } from '../../src/database'
import { importArticle } from '../../src/import/importArticle'
import type { IntContext } from '../helpers/initPayloadInt'
import { initPayloadInt } from '../helpers/initPayloadInt'
import { login, request } from '../helpers/http'
import { startServer } from '../helpers/startServer'
import { PASSWORD } from '../helpers/world'

const FIXTURES = path.resolve(process.cwd(), 'tests/fixtures/articles')
const SEED = fs.readFileSync(
  path.resolve(
    process.cwd(),
    'content/articles/kiem-tra-cong-tac-cai-cach-hanh-chinh-tai-ban-quan-ly-khu-kinh-te.txt',
  ),
  'utf8',
)
const PLANS = {
  '11/KH-BQLKKT': '2021-01-25',
  '24/KH-BQLKKT': '2021-03-03',
  '40/KH-BQLKKT': '2021-05-13',
  '82/KH-BQLKKT': '2020-02-14',
  '83/KH-BQLKKT': '2020-12-28',
}

/** Counts every content type, to prove a re-import or a failure wrote nothing. */
const census = async (ctx: IntContext) => {
  const out: Record<string, number> = {}
  for (const collection of ['articles', 'people', 'plans', 'organizations'] as const) {
    out[collection] = (await ctx.payload.count({ collection, overrideAccess: true })).totalDocs
  }
  return out
}

describe('importer and linking on save', () => {
  let ctx: IntContext
  let bql: number | string

  beforeAll(async () => {
    ctx = await initPayloadInt()
    // The province's directory, as the demo seed creates it (system setup).
    const ubnd = await ctx.payload.create({
      collection: 'organizations',
      data: {
        _status: 'published',
        documentCode: 'UBND',
        name: 'Ủy ban nhân dân tỉnh',
        shortName: 'UBND',
      },
    })
    await ctx.payload.create({
      collection: 'organizations',
      data: {
        _status: 'published',
        documentCode: 'SNV',
        name: 'Sở Nội vụ',
        parent: ubnd.id,
        shortName: 'SNV',
      },
    })
    bql = (
      await ctx.payload.create({
        collection: 'organizations',
        data: {
          _status: 'published',
          documentCode: 'BQLKKT',
          name: 'Ban Quản lý Khu kinh tế tỉnh',
          parent: ubnd.id,
          shortName: 'BQLKKT',
        },
      })
    ).id
  })

  afterAll(async () => {
    await ctx?.cleanup()
  })

  it('should import the seed article into the contract graph', async () => {
    const outcome = await importArticle({ department: bql, payload: ctx.payload, text: SEED })
    expect(outcome.status).toBe('created')
    const article = await ctx.payload.findByID({
      collection: 'articles',
      depth: 2,
      id: outcome.id!,
      overrideAccess: true,
    })
    expect(article.slug).toBe('kiem-tra-cong-tac-cai-cach-hanh-chinh-tai-ban-quan-ly-khu-kinh-te')
    expect(article._status).toBe('published')
    expect(article.byline).toBe('BBT')
    expect(article.placements).toEqual(['top-page', 'desktop'])
    expect(typeof article.department === 'object' && article.department?.shortName).toBe('BQLKKT')
    const people = (article.people ?? []).map((person) =>
      typeof person === 'object' ? person : null,
    )
    expect(people.map((person) => person?.name).sort()).toEqual(['Vũ Mạnh Hải', 'Đoàn Văn Minh'])
    const minh = people.find((person) => person?.name === 'Đoàn Văn Minh')!
    expect(minh.honorific).toBe('ong')
    expect(minh._status).toBe('published')
    expect(
      minh.positions?.map((p) => [
        p.title,
        typeof p.organization === 'object' && p.organization?.shortName,
      ]),
    ).toEqual([['Phó Giám đốc', 'SNV']])
    const plans = (article.plans ?? []).map((plan) => (typeof plan === 'object' ? plan : null))
    expect(
      Object.fromEntries(plans.map((plan) => [plan!.number, plan!.issuedOn.slice(0, 10)])),
    ).toEqual(PLANS)
    const p82 = plans.find((plan) => plan!.number === '82/KH-BQLKKT')!
    expect(p82.title).toBe('thực hiện công tác CCHC nhà nước tại BQLKKT tỉnh năm 2021')
    expect(p82.periodYear).toBe(2021)
    expect(typeof p82.issuer === 'object' && p82.issuer?.shortName).toBe('BQLKKT')
    const orgs = (article.organizations ?? []).map((org) =>
      typeof org === 'object' ? org?.shortName : org,
    )
    expect(orgs).toEqual(expect.arrayContaining(['BQLKKT', 'SNV', 'UBND']))
    expect(
      article.citations?.map(({ issuedOn, kind, number }) => [
        kind,
        number,
        issuedOn?.slice(0, 10),
      ]),
    ).toEqual([['văn bản', '2158/UBND-KTTH', '2021-06-28']])
    expect(article.eventDate?.slice(0, 10)).toBe('2021-07-08')
    expect(article.eventDateInferred).toBe(true)
  })

  it('should change nothing when the same file is imported again', async () => {
    const before = await census(ctx)
    const outcome = await importArticle({ department: bql, payload: ctx.payload, text: SEED })
    expect(outcome.status).toBe('skipped')
    expect(await census(ctx)).toEqual(before)
  })

  it('should update the article when the file changed, without duplicating what it links', async () => {
    const before = await census(ctx)
    const changed = SEED.replace('Top page Desktop', 'Top page Desktop Mobile')
    const outcome = await importArticle({ department: bql, payload: ctx.payload, text: changed })
    expect(outcome.status).toBe('updated')
    expect(await census(ctx)).toEqual(before)
  })

  it('should infer the department from the title when none is given', async () => {
    const text = fs.readFileSync(
      path.join(FIXTURES, 'so-tu-phap-trien-khai-ke-hoach-pho-bien-giao-duc-phap-luat.txt'),
      'utf8',
    )
    const outcome = await importArticle({ payload: ctx.payload, text })
    expect(outcome.status).toBe('created')
    const article = await ctx.payload.findByID({
      collection: 'articles',
      depth: 1,
      id: outcome.id!,
      overrideAccess: true,
    })
    expect(typeof article.department === 'object' && article.department?.name).toBe('Sở Tư pháp')
    expect(article.byline).toBe('Thu Hà')
    const names = (article.people ?? []).map((person) => typeof person === 'object' && person?.name)
    expect(names.sort()).toEqual(['Lê Quang Huy', 'Trần Thị Lan'])
    expect(article.citations?.map((citation) => citation.number)).toEqual(['120/QĐ-UBND'])
    expect((article.plans ?? []).map((plan) => typeof plan === 'object' && plan?.number)).toEqual([
      '15/KH-STP',
    ])
  })

  it('should fail a broken file with its reason and write nothing', async () => {
    const before = await census(ctx)
    const outcome = await importArticle({
      payload: ctx.payload,
      text: 'Not A Slug!\n\nTitle\n\nBody.',
    })
    expect(outcome.status).toBe('failed')
    expect(outcome.reason).toMatch(/slug/)
    expect(await census(ctx)).toEqual(before)
  })
})

describe('linking when an editor saves', () => {
  let server: Awaited<ReturnType<typeof startServer>>
  let token: string
  let ownDepartment: number | string

  beforeAll(async () => {
    server = await startServer()
    ownDepartment = (
      await server.payload.create({
        collection: 'organizations',
        data: {
          _status: 'published',
          name: 'Sở Văn hóa, Thể thao và Du lịch',
          shortName: 'SVHTTDL',
        },
        overrideAccess: true,
      })
    ).id
    await server.payload.create({
      collection: 'users',
      data: {
        department: ownDepartment as number,
        email: 'ed@test.vn',
        password: PASSWORD,
        roles: ['editor'],
      },
      overrideAccess: true,
    })
    token = await login(server.url, 'ed@test.vn', PASSWORD)
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  const paragraph = (text: string) => ({
    root: {
      children: [
        {
          children: [
            { detail: 0, format: 0, mode: 'normal', style: '', text, type: 'text', version: 1 },
          ],
          direction: 'ltr',
          format: '',
          indent: 0,
          textFormat: 0,
          type: 'paragraph',
          version: 1,
        },
      ],
      direction: 'ltr',
      format: '',
      indent: 0,
      type: 'root',
      version: 1,
    },
  })

  it('should link mentions as drafts of the editor department and never re-add what the editor removed', async () => {
    const body = paragraph(
      'Chiều 5/6/2024, bà Nguyễn Thị Mai, Phó Giám đốc Sở Văn hóa, Thể thao và Du lịch, làm việc với Đoàn công tác theo Kế hoạch số 33/KH-SVHTTDL ngày 02/5/2024 về tổ chức Ngày hội văn hóa các dân tộc.',
    )
    const created = await request(`${server.url}/api/articles?depth=0&draft=true`, {
      json: { body, title: 'Làm việc với Đoàn công tác' },
      method: 'POST',
      token,
    })
    expect(created.status).toBe(201)
    const id = created.body.doc.id
    const draft = await server.payload.findByID({
      collection: 'articles',
      depth: 1,
      draft: true,
      id,
      overrideAccess: true,
    })
    const mai = (draft.people ?? [])[0]
    expect(typeof mai === 'object' && mai?.name).toBe('Nguyễn Thị Mai')
    expect(typeof mai === 'object' && mai?._status).toBe('draft')
    expect(
      typeof mai === 'object' &&
        String(typeof mai.department === 'object' ? mai.department?.id : mai.department),
    ).toBe(String(ownDepartment))
    expect((draft.plans ?? []).map((plan) => typeof plan === 'object' && plan?.number)).toEqual([
      '33/KH-SVHTTDL',
    ])

    const unlinked = await request(`${server.url}/api/articles/${id}?depth=0&draft=true`, {
      json: { people: [] },
      method: 'PATCH',
      token,
    })
    expect(unlinked.status).toBe(200)
    const edited = await request(`${server.url}/api/articles/${id}?depth=0&draft=true`, {
      json: {
        body: paragraph(
          `${body.root.children[0]!.children[0]!.text} Buổi làm việc kết thúc lúc 17 giờ.`,
        ),
      },
      method: 'PATCH',
      token,
    })
    expect(edited.status).toBe(200)
    const after = await server.payload.findByID({
      collection: 'articles',
      depth: 0,
      draft: true,
      id,
      overrideAccess: true,
    })
    expect(after.people).toEqual([])
    expect(
      (
        await server.payload.count({
          collection: 'people',
          overrideAccess: true,
          where: { name: { equals: 'Nguyễn Thị Mai' } },
        })
      ).totalDocs,
    ).toBe(1)
  })
})

describe('npm run import', () => {
  it('should import a folder, report a broken file in one line, and go on with the others', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-cli-'))
    for (const source of [FIXTURES, path.resolve(process.cwd(), 'content/articles')]) {
      for (const name of fs.readdirSync(source)) {
        fs.copyFileSync(path.join(source, name), path.join(dir, name))
      }
    }
    fs.writeFileSync(path.join(dir, 'a-broken.txt'), 'Not A Slug!\n\nTitle\n\nBody.\n')
    const databaseUri = `file:${path.join(dir, 'cms.db')}`
    const run = () =>
      new Promise<{ code: null | number; stderr: string; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, ['scripts/launch.mjs', 'src/bin/import.ts', dir], {
          env: { ...process.env, DATABASE_URI: databaseUri, NODE_OPTIONS: '' },
        })
        let stdout = ''
        let stderr = ''
        child.stdout.on('data', (chunk) => (stdout += chunk))
        child.stderr.on('data', (chunk) => (stderr += chunk))
        child.on('exit', (code) => resolve({ code, stderr, stdout }))
      })
    const first = await run()
    expect(first.code).toBe(1)
    expect(first.stderr).toMatch(/a-broken\.txt: line 1 must be a slug/)
    expect(first.stdout).toMatch(/3 files in [\d.]+ s: 2 created, 0 updated, 0 skipped, 1 failed/)
    const second = await run()
    expect(second.stdout).toMatch(/0 created, 0 updated, 2 skipped, 1 failed/)

    const payload = await getPayload({
      config: buildPortalConfig({ databaseUri }),
      key: 'cli-check',
    })
    await runMigrations(payload)
    expect((await payload.count({ collection: 'articles', overrideAccess: true })).totalDocs).toBe(
      2,
    )
    await payload.db.destroy?.()
    fs.rmSync(dir, { force: true, recursive: true })
  })
})
