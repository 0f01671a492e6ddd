import { readSettings, SettingsError } from '@/lib/env'
import { pendingScheduleWhere, readPendingSchedule } from '@/lib/schedule/pending'

describe('pending scheduled publishes', () => {
  it('should read a job of the admin or the endpoint as the list shows it', () => {
    expect(
      readPendingSchedule({
        id: 7,
        input: {
          doc: { relationTo: 'articles', value: '12' },
          type: 'unpublish',
          user: { relationTo: 'users', value: 3 },
        },
        waitUntil: '2026-12-03T08:00:00.000Z',
      }),
    ).toEqual({
      at: '2026-12-03T08:00:00.000Z',
      docId: '12',
      jobId: 7,
      type: 'unpublish',
      userId: '3',
    })
  })

  it('should read a missing type as a publish, as Payload runs it, and a missing user as none', () => {
    expect(
      readPendingSchedule({
        id: 'a',
        input: { doc: { relationTo: 'articles', value: 5 } },
        waitUntil: new Date('2026-12-03T08:00:00+07:00'),
      }),
    ).toMatchObject({ at: '2026-12-03T01:00:00.000Z', docId: '5', type: 'publish', userId: null })
  })

  it('should skip jobs with no document or no time', () => {
    expect(readPendingSchedule({ id: 1, input: { global: 'x' }, waitUntil: '2026-12-03' })).toBe(
      null,
    )
    expect(readPendingSchedule({ id: 1, input: { doc: { value: '1' } } })).toBe(null)
    expect(
      readPendingSchedule({ id: 1, input: { doc: { value: '1' } }, waitUntil: 'tomorrow' }),
    ).toBe(null)
  })

  it('should ask for unfinished, unfailed jobs of the task for the one collection', () => {
    const where = pendingScheduleWhere('articles')
    expect(where.and).toContainEqual({ taskSlug: { equals: 'schedulePublish' } })
    expect(where.and).toContainEqual({ 'input.doc.relationTo': { equals: 'articles' } })
    expect(where.and).toContainEqual({ completedAt: { exists: false } })
  })
})

describe('AUTOSAVE_SECONDS', () => {
  it('should default to 10 s, take 0 to turn autosave off, and refuse anything else', () => {
    expect(readSettings({}).autosaveSeconds).toBe(10)
    expect(readSettings({ AUTOSAVE_SECONDS: '0' }).autosaveSeconds).toBe(0)
    expect(readSettings({ AUTOSAVE_SECONDS: ' 30 ' }).autosaveSeconds).toBe(30)
    for (const bad of ['-1', '2.5', 'ten']) {
      expect(() => readSettings({ AUTOSAVE_SECONDS: bad })).toThrow(SettingsError)
      expect(() => readSettings({ AUTOSAVE_SECONDS: bad })).toThrow(/AUTOSAVE_SECONDS/)
    }
  })
})
