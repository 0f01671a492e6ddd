import fs from 'node:fs'
import path from 'node:path'

import type { TestServer } from '../helpers/startServer'
import { login, request } from '../helpers/http'
import { startServer } from '../helpers/startServer'
import { PASSWORD } from '../helpers/world'

const SEED = fs.readFileSync(
  path.resolve(
    process.cwd(),
    'content/articles/kiem-tra-cong-tac-cai-cach-hanh-chinh-tai-ban-quan-ly-khu-kinh-te.txt',
  ),
  'utf8',
)

describe('POST /api/extract', () => {
  let server: TestServer
  let token: string

  beforeAll(async () => {
    server = await startServer()
    // System setup: a known organization and an editor account.
    const bql = await server.payload.create({
      collection: 'organizations',
      data: {
        _status: 'published',
        documentCode: 'BQLKKT',
        name: 'Ban Quản lý Khu kinh tế tỉnh',
        shortName: 'BQLKKT',
      },
      overrideAccess: true,
    })
    await server.payload.create({
      collection: 'users',
      data: { department: bql.id, email: 'ed@test.vn', password: PASSWORD, roles: ['editor'] },
      overrideAccess: true,
    })
    token = await login(server.url, 'ed@test.vn', PASSWORD)
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  const post = (json: unknown, withToken = true) =>
    request(`${server.url}/api/extract`, {
      json,
      method: 'POST',
      token: withToken ? token : undefined,
    })

  it('should refuse anonymous callers with a JSON 401', async () => {
    const res = await post({ text: 'Kế hoạch số 1/KH-X ngày 1/1/2024' }, false)
    expect(res.status).toBe(401)
    expect(res.body.errors[0].message).toEqual(expect.any(String))
  })

  it('should answer the contract shape for the seed article, resolving issuers by code', async () => {
    const res = await post({ text: SEED })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body).sort()).toEqual(['documents', 'organizations', 'people'])
    expect(res.body.documents[0]).toEqual({
      issuedOn: '2020-02-14',
      issuer: 'Ban Quản lý Khu kinh tế tỉnh',
      kind: 'Kế hoạch',
      number: '82/KH-BQLKKT',
    })
    expect(res.body.documents).toHaveLength(6)
    expect(res.body.documents[5]).toMatchObject({
      issuedOn: '2021-06-28',
      kind: 'văn bản',
      number: '2158/UBND-KTTH',
    })
    expect(res.body.people).toContainEqual({
      honorific: 'ông',
      name: 'Đoàn Văn Minh',
      positions: [
        { organization: 'Sở Nội vụ', title: 'Phó Giám đốc' },
        { organization: null, title: 'Trưởng đoàn' },
      ],
    })
    expect(res.body.organizations).toContainEqual({ name: 'Sở Nội vụ' })
  })

  it('should read decomposed (NFD) text the same as composed', async () => {
    const text =
      'Ngày 3/4/2021, UBND tỉnh ban hành Quyết định số 12a/QĐ-UBND về việc thành lập Tổ công tác.'
    const composed = await post({ text })
    const decomposed = await post({ text: text.normalize('NFD') })
    expect(decomposed.body).toEqual(composed.body)
    expect(composed.body.documents[0]).toMatchObject({ kind: 'Quyết định', number: '12a/QĐ-UBND' })
  })

  it("should read Đ's look-alike Ð and invisible characters as the text a reader sees", async () => {
    // Pasted from the web: Iceland's Ð for Đ, a zero-width space inside a name, a soft hyphen.
    const clean =
      'Ngày 20/5/2025, ông Đỗ Văn Đức, Phó Giám đốc Sở Nội vụ ký Kế hoạch số 82/KH-SNV ngày 19/5/2025. Bà Nguyễn Thị Mai, Trưởng phòng Đào tạo, Sở Giáo dục và Đào tạo cũng tham dự.'
    const pasted = clean
      .replace(/Đ/g, '\u00d0')
      .replace('Văn', 'V\u200băn')
      .replace('Kế hoạch', 'Kế\u00ad hoạch')
    const expected = await post({ text: clean })
    expect(expected.body.people.map((person: { name: string }) => person.name)).toEqual([
      'Đỗ Văn Đức',
      'Nguyễn Thị Mai',
    ])
    expect(expected.body.organizations).toContainEqual({ name: 'Sở Giáo dục và Đào tạo' })
    const found = await post({ text: pasted })
    expect(found.status).toBe(200)
    expect(found.body).toEqual(expected.body)
    // A number written with Ð is found, and given with the letter its code means (QĐ).
    const decision = await post({
      text: 'Căn cứ Quyết định số 12/Q\u00d0-UBND ngày 3/4/2021 của UBND tỉnh.',
    })
    expect(decision.body.documents).toEqual([
      { issuedOn: '2021-04-03', issuer: 'UBND tỉnh', kind: 'Quyết định', number: '12/QĐ-UBND' },
    ])
  })

  it('should answer the forms of issue #17 in the contract shape, NFD text included', async () => {
    const text =
      'Thực hiện Nghị quyết số 7 và các Quyết định số 412/QĐ.CT ngày 2/3/2022; số 530/qđ-ubnd, ' +
      'Kết luận số 45 -KL/TW, Thông tư liên tịch số 09/2016/TTLT-BYT-BTC và Luật Đất đai số ' +
      '31/2024/QH15, Chủ tịch UBND tỉnh Trần Châu, đồng chí Y Thanh Hà Niê Kđăm và ông Giàng A Tủa ' +
      '- Lò Thị Xuân dự lễ tại phường Trần Phú ngày 5/5/2024.'
    for (const sent of [text, text.normalize('NFD')]) {
      const res = await post({ text: sent })
      expect(res.status).toBe(200)
      expect(
        res.body.documents.map((d: { kind: string; number: string; issuedOn: null | string }) => [
          d.kind,
          d.number,
          d.issuedOn,
        ]),
      ).toEqual([
        ['Nghị quyết', '7', null],
        ['Quyết định', '412/QĐ.CT', '2022-03-02'],
        ['Quyết định', '530/qđ-ubnd', null],
        ['Kết luận', '45-KL/TW', null],
        ['Thông tư liên tịch', '09/2016/TTLT-BYT-BTC', null],
        ['Luật', '31/2024/QH15', null],
      ])
      expect(res.body.people.map((p: { name: string }) => p.name)).toEqual([
        'Trần Châu',
        'Y Thanh Hà Niê Kđăm',
        'Giàng A Tủa',
        'Lò Thị Xuân',
      ])
      for (const document of res.body.documents) {
        expect(Object.keys(document).sort()).toEqual(['issuedOn', 'issuer', 'kind', 'number'])
      }
    }
  })

  it('should answer empty, missing or non-string text with a 400 naming "text"', async () => {
    for (const body of [{ text: '' }, { text: '   ' }, {}, { text: 42 }]) {
      const res = await post(body)
      expect(res.status).toBe(400)
      expect(res.body.errors[0].message).toMatch(/text/)
    }
  })

  it('should answer text over 200 KB with a 400', async () => {
    const res = await post({ text: 'Kế hoạch số 1/KH-X. '.repeat(12_000) })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].message).toMatch(/200 KB/)
  })
})
