import { heapFlags } from '../../scripts/nodeFlags.mjs'

/** scripts/nodeFlags.mjs: the heap cap every entry point runs with. */
describe('heap cap of entry points', () => {
  it('should cap servers, imports and the bench at 256 MB by default', () => {
    expect(heapFlags({})).toEqual(['--max-old-space-size=256'])
    expect(heapFlags({ NODE_ENV: 'production' })).toEqual(['--max-old-space-size=256'])
  })

  it("should leave npm run dev to V8's own limit: Next compiles the admin in that process", () => {
    expect(heapFlags({ NODE_ENV: 'development' })).toEqual([])
  })

  it('should take MAX_HEAP_MB, and leave a cap in NODE_OPTIONS alone', () => {
    expect(heapFlags({ MAX_HEAP_MB: '1024' })).toEqual(['--max-old-space-size=1024'])
    expect(heapFlags({ MAX_HEAP_MB: '512', NODE_ENV: 'development' })).toEqual([
      '--max-old-space-size=512',
    ])
    expect(heapFlags({ NODE_OPTIONS: '--max-old-space-size=900' })).toEqual([])
  })
})
