import { compressScreenshot, encodeRgb, makePng, rgbOf } from '../e2e/support/png'

/** The colour type byte of a PNG's header: 2 RGB, 3 indexed, 6 RGBA. */
const colourTypeOf = (png: Buffer) => png[25]

describe("the guide's screenshot compression (tests/e2e/support/png.ts)", () => {
  it('should keep every pixel of a picture with at most 256 colours, whatever the row filter', () => {
    const width = 37
    const height = 23
    // 200 colours in stripes: a screen's few hundred, with edges between them.
    const rgb = Buffer.alloc(width * height * 3)
    for (let i = 0; i < width * height; i += 1) {
      const shade = (i * 7) % 200
      rgb.set([shade, 255 - shade, (shade * 3) % 256], i * 3)
    }
    for (const filter of [0, 1, 2] as const) {
      const original = encodeRgb(width, height, rgb, filter)
      expect(rgbOf(original).rgb.equals(rgb)).toBe(true)
      const small = compressScreenshot(original)
      expect(colourTypeOf(small)).toBe(3)
      expect(rgbOf(small)).toEqual({ height, rgb, width })
    }
    const bands = makePng(160, 90)
    expect(rgbOf(compressScreenshot(bands)).rgb.equals(rgbOf(bands).rgb)).toBe(true)
  })

  it('should keep the common colours exact and move the rarest to a near one past 256', () => {
    const width = 64
    const height = 64
    const rgb = Buffer.alloc(width * height * 3, 255)
    // 400 rare greys (one pixel each, the edges of letters) on a white page.
    for (let i = 0; i < 400; i += 1) {
      const grey = 40 + Math.floor(i / 2)
      rgb.set([grey, grey, grey + (i % 2)], i * 3 * 7)
    }
    const small = compressScreenshot(encodeRgb(width, height, rgb))
    const back = rgbOf(small).rgb
    let worst = 0
    for (let i = 0; i < rgb.length; i += 1) {
      worst = Math.max(worst, Math.abs(back[i]! - rgb[i]!))
    }
    expect(worst).toBeGreaterThan(0)
    expect(worst).toBeLessThanOrEqual(2)
    for (let i = 0; i < rgb.length; i += 3) {
      if (rgb[i] === 255) {
        expect([...back.subarray(i, i + 3)]).toEqual([255, 255, 255])
      }
    }
    expect(small.length).toBeLessThan(encodeRgb(width, height, rgb).length)
  })

  it('should refuse what is not a PNG', () => {
    expect(() => compressScreenshot(Buffer.from('not a png at all'))).toThrow(/not a PNG/)
  })
})
