import zlib from 'node:zlib'

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k += 1) {
    c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  }
  return c >>> 0
})

const crc32 = (bytes: Buffer): number => {
  let crc = 0xffffffff
  for (const byte of bytes) {
    crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8)
  }
  return (crc ^ 0xffffffff) >>> 0
}

const chunk = (type: string, data: Buffer): Buffer => {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** A small PNG made on the fly: two colour bands, so a broken image is easy to tell apart. */
export const makePng = (width: number, height: number): Buffer => {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8)
  const rows = Array.from({ length: height }, (_, y) => {
    const colour = y < height / 2 ? [200, 30, 30] : [250, 200, 40]
    return Buffer.from([0, ...Array.from({ length: width }, () => colour).flat()])
  })
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/**
 * An 8-bit RGB PNG of the given pixels, every row with one filter (0 none, 1 sub, 2 up), so tests
 * can hand the screenshot compressor the filtered rows Chromium writes.
 */
export const encodeRgb = (width: number, height: number, rgb: Buffer, filter: 0 | 1 | 2 = 0) => {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8)
  const stride = width * 3
  const rows = Buffer.alloc(height * (stride + 1))
  for (let y = 0; y < height; y += 1) {
    rows[y * (stride + 1)] = filter
    for (let x = 0; x < stride; x += 1) {
      const value = rgb[y * stride + x]!
      const before =
        filter === 1 && x >= 3
          ? rgb[y * stride + x - 3]!
          : filter === 2 && y > 0
            ? rgb[(y - 1) * stride + x]!
            : 0
      rows[y * (stride + 1) + 1 + x] = (value - before) & 0xff
    }
  }
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const paeth = (a: number, b: number, c: number): number => {
  const p = a + b - c
  const pa = Math.abs(p - a)
  const pb = Math.abs(p - b)
  const pc = Math.abs(p - c)
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
}

/** The pixels of an 8-bit RGB, RGBA or indexed PNG, unfiltered: `channels` bytes a pixel, row after row. */
const decode = (png: Buffer) => {
  if (!png.subarray(0, 8).equals(SIGNATURE)) {
    throw new Error('compressScreenshot: not a PNG')
  }
  let header: Buffer | undefined
  let palette: Buffer | undefined
  const data: Buffer[] = []
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at)
    const type = png.toString('ascii', at + 4, at + 8)
    if (type === 'IHDR') {
      header = png.subarray(at + 8, at + 8 + length)
    } else if (type === 'PLTE') {
      palette = png.subarray(at + 8, at + 8 + length)
    } else if (type === 'IDAT') {
      data.push(png.subarray(at + 8, at + 8 + length))
    }
    at += 12 + length
  }
  if (!header || data.length === 0) {
    throw new Error('compressScreenshot: no IHDR or IDAT chunk')
  }
  const width = header.readUInt32BE(0)
  const height = header.readUInt32BE(4)
  const [depth, colourType, , , interlace] = header.subarray(8)
  const channels = ({ 2: 3, 3: 1, 6: 4 } as Record<number, number>)[colourType!]
  if (depth !== 8 || !channels || (colourType === 3 && !palette) || interlace !== 0) {
    throw new Error('compressScreenshot: only 8-bit RGB(A) or indexed PNGs are expected')
  }
  const stride = width * channels
  const filtered = zlib.inflateSync(Buffer.concat(data))
  const pixels = Buffer.alloc(height * stride)
  for (let y = 0; y < height; y += 1) {
    const filter = filtered[y * (stride + 1)]!
    const line = y * (stride + 1) + 1
    const row = y * stride
    for (let x = 0; x < stride; x += 1) {
      const a = x >= channels ? pixels[row + x - channels]! : 0
      const b = y > 0 ? pixels[row - stride + x]! : 0
      const c = x >= channels && y > 0 ? pixels[row - stride + x - channels]! : 0
      const predicted = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter]
      if (predicted === undefined) {
        throw new Error(`compressScreenshot: unknown filter ${filter}`)
      }
      pixels[row + x] = (filtered[line + x]! + predicted) & 0xff
    }
  }
  if (colourType === 3) {
    // Indexed: look every pixel up, so callers always get RGB.
    const rgb = Buffer.alloc(width * height * 3)
    pixels.forEach((index, i) => palette!.copy(rgb, i * 3, index * 3, index * 3 + 3))
    return { channels: 3, height, pixels: rgb, width }
  }
  return { channels, height, pixels, width }
}

/** The RGB pixels of an 8-bit PNG (RGB, RGBA or indexed), row after row; for tests. */
export const rgbOf = (png: Buffer): { height: number; rgb: Buffer; width: number } => {
  const { channels, height, pixels, width } = decode(png)
  const rgb = Buffer.alloc(width * height * 3)
  for (let i = 0; i < width * height; i += 1) {
    pixels.copy(rgb, i * 3, i * channels, i * channels + 3)
  }
  return { height, rgb, width }
}

/**
 * A screenshot made small enough to commit: an indexed PNG of at most 256 colours, deflated at the
 * highest level. A screen of the admin holds a few hundred colours, most of them the edges of
 * letters; when there are more than 256, the 192 most used are kept and 64 more spread over the
 * rest, and every other colour takes the nearest of them, which the eye does not see.
 * Transparency is dropped (screenshots are opaque).
 */
export const compressScreenshot = (png: Buffer): Buffer => {
  const { channels, height, pixels, width } = decode(png)
  const colourAt = (i: number) => (pixels[i]! << 16) | (pixels[i + 1]! << 8) | pixels[i + 2]!
  const counts = new Map<number, number>()
  for (let i = 0; i < pixels.length; i += channels) {
    const colour = colourAt(i)
    counts.set(colour, (counts.get(colour) ?? 0) + 1)
  }
  const distance = (x: number, y: number) =>
    (((x >> 16) & 0xff) - ((y >> 16) & 0xff)) ** 2 +
    (((x >> 8) & 0xff) - ((y >> 8) & 0xff)) ** 2 +
    ((x & 0xff) - (y & 0xff)) ** 2
  const byUse = [...counts.entries()].sort((x, y) => y[1] - x[1]).map(([colour]) => colour)
  // The 192 most used colours exactly; the other 64 slots go, one by one, to the colour farthest
  // from every colour chosen so far, so no range of rare shades is left without a near one.
  const palette = byUse.slice(0, byUse.length <= 256 ? 256 : 192)
  const rest = byUse.slice(palette.length)
  const gap = rest.map((colour) => Math.min(...palette.map((chosen) => distance(colour, chosen))))
  while (palette.length < 256 && rest.length > 0) {
    const far = gap.indexOf(Math.max(...gap))
    const chosen = rest[far]!
    palette.push(chosen)
    rest.splice(far, 1)
    gap.splice(far, 1)
    rest.forEach((colour, i) => {
      gap[i] = Math.min(gap[i]!, distance(colour, chosen))
    })
  }
  const indexOf = new Map(palette.map((colour, index) => [colour, index]))
  for (const colour of counts.keys()) {
    if (!indexOf.has(colour)) {
      let best = 0
      palette.forEach((candidate, index) => {
        if (distance(colour, candidate) < distance(colour, palette[best]!)) {
          best = index
        }
      })
      indexOf.set(colour, best)
    }
  }
  // Each row starts with filter 0 (none): palette indices do not predict well from neighbours.
  const rows = Buffer.alloc(height * (width + 1))
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      rows[y * (width + 1) + 1 + x] = indexOf.get(colourAt((y * width + x) * channels))!
    }
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 3, 0, 0, 0], 8)
  const plte = Buffer.from(
    palette.flatMap((colour) => [colour >> 16, (colour >> 8) & 0xff, colour & 0xff]),
  )
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('PLTE', plte),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9, memLevel: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}
