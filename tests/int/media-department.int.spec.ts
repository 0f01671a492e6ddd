import sharp from 'sharp'

import type { TestServer } from '../helpers/startServer'
import type { World } from '../helpers/world'
import { request } from '../helpers/http'
import { startServer } from '../helpers/startServer'
import { buildWorld } from '../helpers/world'
import type { Id } from '../../src/lib/types'

// Setup and read-backs pass overrideAccess: true as system work; the requests under test use the caller's own access.

describe("media by department: editors change only their department's files", () => {
  let server: TestServer
  let world: World
  let png: Buffer
  const created: Id[] = []

  const as = (actor: keyof World['actors']) => ({
    authorization: world.actors[actor].authorization!,
  })
  const upload = async (actor: keyof World['actors'], name: string, extra = {}) => {
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), name)
    form.append('_payload', JSON.stringify({ alt: `Ảnh ${name}`, ...extra }))
    const res = await request(`${server.url}/api/media?depth=0`, {
      body: form,
      headers: as(actor),
      method: 'POST',
    })
    expect(res.status).toBe(201)
    created.push(res.body.doc.id)
    return res.body.doc as { department: Id | null; id: Id }
  }
  const stored = async (id: Id) =>
    (await server.payload.findByID({
      collection: 'media',
      depth: 0,
      disableErrors: true,
      id,
      overrideAccess: true,
    })) as null | { alt: string; department: Id | null }
  const patch = (actor: keyof World['actors'], id: Id, data: Record<string, unknown>) =>
    request(`${server.url}/api/media/${id}?depth=0`, {
      headers: as(actor),
      json: data,
      method: 'PATCH',
    })
  const remove = (actor: keyof World['actors'], id: Id) =>
    request(`${server.url}/api/media/${id}`, { headers: as(actor), method: 'DELETE' })

  beforeAll(async () => {
    server = await startServer()
    world = await buildWorld(server.payload, server.url)
    png = await sharp({
      create: { background: { b: 40, g: 90, r: 200 }, channels: 3, height: 60, width: 80 },
    })
      .png()
      .toBuffer()
  })

  afterAll(async () => {
    // System cleanup: removes the files the uploads wrote under media/.
    for (const id of created) {
      await server.payload.delete({ collection: 'media', id, overrideAccess: true }).catch(() => {})
    }
    await server?.cleanup()
  })

  it("should stamp an editor's upload with their department, whatever they send", async () => {
    const own = await upload('editorBql', `bql-${Date.now()}.png`, { department: world.orgs.snv })
    expect(String(own.department)).toBe(String(world.orgs.bql))
    expect(String((await stored(own.id))?.department)).toBe(String(world.orgs.bql))
  })

  it("should refuse an editor changing or deleting another department's file", async () => {
    const theirs = await upload('editorSnv', `snv-${Date.now()}.png`)
    const updated = await patch('editorBql', theirs.id, { alt: 'Sửa trộm' })
    expect(updated.status).toBe(403)
    expect(updated.body.errors[0].message).toEqual(expect.any(String))
    const deleted = await remove('editorBql', theirs.id)
    expect(deleted.status).toBe(403)
    const after = await stored(theirs.id)
    expect(after?.alt).toMatch(/^Ảnh snv-/)
    expect(String(after?.department)).toBe(String(world.orgs.snv))
  })

  it('should refuse an editor changing or deleting a file of no department', async () => {
    const legacy = await server.payload.create({
      collection: 'media',
      data: { alt: 'Ảnh cũ, trước khi có đơn vị' },
      file: { data: png, mimetype: 'image/png', name: `cu-${Date.now()}.png`, size: png.length },
      overrideAccess: true,
    })
    created.push(legacy.id)
    expect((await patch('editorBql', legacy.id, { alt: 'x' })).status).toBe(403)
    expect((await remove('editorSnv', legacy.id)).status).toBe(403)
    expect((await stored(legacy.id))?.alt).toBe('Ảnh cũ, trước khi có đơn vị')
    // The board may.
    expect((await patch('bbt', legacy.id, { alt: 'Ảnh cũ đã rà soát' })).status).toBe(200)
    expect((await remove('admin', legacy.id)).status).toBe(200)
    expect(await stored(legacy.id)).toBeNull()
  })

  it('should let an editor change and delete their own department’s file', async () => {
    const own = await upload('editorBql', `bql-own-${Date.now()}.png`)
    const updated = await patch('editorBql', own.id, { alt: 'Ảnh hội nghị sơ kết' })
    expect(updated.status).toBe(200)
    expect((await stored(own.id))?.alt).toBe('Ảnh hội nghị sơ kết')
    expect((await remove('editorBql', own.id)).status).toBe(200)
    expect(await stored(own.id)).toBeNull()
  })

  it('should refuse an editor moving their file to another department', async () => {
    const own = await upload('editorBql', `bql-move-${Date.now()}.png`)
    const moved = await patch('editorBql', own.id, { department: world.orgs.snv })
    expect(moved.status).toBe(403)
    expect(String((await stored(own.id))?.department)).toBe(String(world.orgs.bql))
  })

  it("should limit an editor's bulk change to their department's files, in the database", async () => {
    const theirs = await upload('editorSnv', `snv-bulk-${Date.now()}.png`)
    const own = await upload('editorBql', `bql-bulk-${Date.now()}.png`)
    const res = await request(`${server.url}/api/media?depth=0&where[id][exists]=true`, {
      headers: as('editorBql'),
      json: { caption: 'Đã rà soát' },
      method: 'PATCH',
    })
    expect(res.status).toBeLessThan(500)
    expect((await stored(own.id)) as { caption?: string }).toMatchObject({ caption: 'Đã rà soát' })
    expect(((await stored(theirs.id)) as { caption?: null | string }).caption ?? null).toBeNull()
  })

  it('should let the board change and delete any department’s file', async () => {
    const theirs = await upload('editorSnv', `snv-board-${Date.now()}.png`)
    expect((await patch('bbt', theirs.id, { alt: 'Ban Biên tập sửa mô tả' })).status).toBe(200)
    expect((await stored(theirs.id))?.alt).toBe('Ban Biên tập sửa mô tả')
    expect((await remove('bbt', theirs.id)).status).toBe(200)
    expect(await stored(theirs.id)).toBeNull()
  })

  it('should keep media public to read', async () => {
    const own = await upload('editorBql', `bql-public-${Date.now()}.png`)
    const res = await request(`${server.url}/api/media/${own.id}?depth=0`)
    expect(res.status).toBe(200)
    expect(res.body.alt).toMatch(/^Ảnh bql-public-/)
  })
})
