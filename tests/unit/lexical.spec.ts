import type { ArticleBlock } from '@/lib/import/parseArticleFile'
import {
  ITALIC,
  blocksToLexical,
  lexicalToPlainText,
  paragraphLexical,
} from '@/lib/richtext/lexical'
import { lexicalShapeProblem } from '@/lib/richtext/shape'

const text = (value: string, format = 0) => ({
  type: 'text',
  text: value,
  format,
  style: '',
  mode: 'normal',
  detail: 0,
  version: 1,
})
const element = (type: string, children: unknown[], extra: Record<string, unknown> = {}) => ({
  type,
  format: '',
  indent: 0,
  version: 1,
  direction: 'ltr',
  children,
  ...extra,
})
const state = (children: unknown[]) => ({ root: element('root', children) })

describe('Lexical rich text helpers', () => {
  const blocks: ArticleBlock[] = [
    {
      type: 'paragraph',
      text: 'Ngày 08/7, Đoàn kiểm tra làm việc tại Ban Quản lý Khu kinh tế tỉnh.',
    },
    { type: 'caption', text: 'Đồng chí Vũ Mạnh Hải - Phó trưởng Ban quản lý Khu kinh tế' },
    { type: 'paragraph', text: 'Kế hoạch số 82/KH-BQLKKT ngày 14/2/2020…' },
  ]

  it('should turn paragraphs into paragraph nodes and captions into quote nodes of italic text', () => {
    expect(blocksToLexical(blocks)).toEqual({
      root: {
        type: 'root',
        format: '',
        indent: 0,
        version: 1,
        direction: 'ltr',
        children: [
          {
            ...element('paragraph', [text(blocks[0].text)]),
            textFormat: 0,
            textStyle: '',
          },
          element('quote', [text(blocks[1].text, ITALIC)]),
          {
            ...element('paragraph', [text(blocks[2].text)]),
            textFormat: 0,
            textStyle: '',
          },
        ],
      },
    })
    expect(ITALIC).toBe(2)
  })

  it('should round-trip blocks through Lexical back to the same plain text', () => {
    expect(lexicalToPlainText(blocksToLexical(blocks))).toBe(
      [
        'Ngày 08/7, Đoàn kiểm tra làm việc tại Ban Quản lý Khu kinh tế tỉnh.',
        'Đồng chí Vũ Mạnh Hải - Phó trưởng Ban quản lý Khu kinh tế',
        'Kế hoạch số 82/KH-BQLKKT ngày 14/2/2020…',
      ].join('\n\n'),
    )
  })

  it('should survive a JSON round trip, as the database stores it', () => {
    const stored = JSON.stringify(blocksToLexical(blocks))
    expect(lexicalToPlainText(JSON.parse(stored))).toBe(lexicalToPlainText(blocksToLexical(blocks)))
    expect(lexicalToPlainText(stored)).toBe(lexicalToPlainText(blocksToLexical(blocks)))
  })

  it('should build paragraphs and line breaks from plain text', () => {
    const built = paragraphLexical('Dòng một\nDòng hai\n\n\nĐoạn hai')
    expect(built.root.children).toEqual([
      {
        ...element('paragraph', [
          text('Dòng một'),
          { type: 'linebreak', version: 1 },
          text('Dòng hai'),
        ]),
        textFormat: 0,
        textStyle: '',
      },
      { ...element('paragraph', [text('Đoạn hai')]), textFormat: 0, textStyle: '' },
    ])
    expect(lexicalToPlainText(built)).toBe('Dòng một\nDòng hai\n\nĐoạn hai')
    expect(paragraphLexical('  \n\n ').root.children).toEqual([])
  })

  it('should read headings, lists, links, quotes and line breaks in reading order', () => {
    const doc = state([
      element('heading', [text('Kết quả kiểm tra')], { tag: 'h2' }),
      element('paragraph', [
        text('Xem '),
        element('link', [text('Cổng thông tin')], {
          fields: { url: 'https://example.gov.vn', newTab: true, linkType: 'custom' },
        }),
        text(' của tỉnh.'),
        { type: 'linebreak', version: 1 },
        text('Dòng sau.'),
      ]),
      element(
        'list',
        [
          element('listitem', [text('Mục một')], { value: 1 }),
          element(
            'listitem',
            [
              element('list', [element('listitem', [text('Mục con')], { value: 1 })], {
                listType: 'bullet',
                tag: 'ul',
              }),
            ],
            { value: 2 },
          ),
          element('listitem', [text('Mục '), text('hai', 1)], { value: 3 }),
        ],
        { listType: 'number', tag: 'ol', start: 1 },
      ),
      element('quote', [text('Trích dẫn')]),
    ])
    expect(lexicalToPlainText(doc)).toBe(
      [
        'Kết quả kiểm tra',
        'Xem Cổng thông tin của tỉnh.\nDòng sau.',
        'Mục một\nMục con\nMục hai',
        'Trích dẫn',
      ].join('\n\n'),
    )
  })

  it('should read tables row by row with tab-separated cells', () => {
    const cell = (value: string) =>
      element('tablecell', [element('paragraph', [text(value)])], { headerState: 0 })
    const doc = state([
      element('table', [
        element('tablerow', [cell('Số'), cell('Ngày')]),
        element('tablerow', [cell('82/KH-BQLKKT'), cell('14/2/2020')]),
      ]),
      element('paragraph', [text('Sau bảng.')]),
    ])
    expect(lexicalToPlainText(doc)).toBe('Số\tNgày\n82/KH-BQLKKT\t14/2/2020\n\nSau bảng.')
  })

  it('should include upload captions given as strings or as rich text', () => {
    const doc = state([
      element('paragraph', [text('Trước ảnh.')]),
      { type: 'upload', version: 3, relationTo: 'media', value: 7, fields: { caption: 'Ảnh một' } },
      {
        type: 'upload',
        version: 3,
        relationTo: 'media',
        value: { id: 8, alt: 'ảnh' },
        fields: { caption: state([element('paragraph', [text('Ảnh hai')])]) },
      },
      { type: 'upload', version: 3, relationTo: 'media', value: 9 },
      element('paragraph', [text('Sau ảnh.')]),
    ])
    expect(lexicalToPlainText(doc)).toBe('Trước ảnh.\n\nẢnh một\n\nẢnh hai\n\nSau ảnh.')
  })

  it('should skip empty paragraphs and unknown leaf nodes without adding blank lines', () => {
    const doc = state([
      element('paragraph', [text('Một')]),
      element('paragraph', []),
      { type: 'horizontalrule', version: 1 },
      { type: 'block', version: 2, fields: { blockType: 'banner' } },
      element('paragraph', [text('Hai')]),
    ])
    expect(lexicalToPlainText(doc)).toBe('Một\n\nHai')
  })

  it('should return an empty string for malformed input and never throw', () => {
    const cyclic: Record<string, unknown> = { type: 'paragraph' }
    cyclic.children = [cyclic, text('x')]
    const hostile = {
      get root(): unknown {
        throw new Error('boom')
      },
    }
    for (const input of [
      null,
      undefined,
      '',
      'not json',
      42,
      [],
      {},
      { root: null },
      { root: 'x' },
      { root: { children: 'nope' } },
      { root: { children: [null, 3, 'x', { type: 'text' }] } },
      hostile,
    ]) {
      expect(lexicalToPlainText(input)).toBe('')
    }
    const fromCycle = lexicalToPlainText({ root: { type: 'root', children: [cyclic] } })
    expect(fromCycle.startsWith('x\n\nx')).toBe(true)
    expect(fromCycle.split('x').length).toBeLessThan(100)
  })
})

describe('lexicalShapeProblem', () => {
  it("should accept what the importer builds, an empty body and a quote's inline nodes", () => {
    const blocks: ArticleBlock[] = [
      { type: 'paragraph', text: 'Đoạn một.\nDòng hai.' },
      { type: 'caption', text: 'Ảnh: Trích dẫn.' },
    ]
    expect(lexicalShapeProblem(blocksToLexical(blocks))).toBeNull()
    expect(lexicalShapeProblem(paragraphLexical('Một.\n\nHai.'))).toBeNull()
    expect(lexicalShapeProblem(null)).toBeNull()
    expect(lexicalShapeProblem(undefined)).toBeNull()
  })

  it('should name what is wrong in a malformed body', () => {
    expect(lexicalShapeProblem({ root: { type: 'root', children: {} } })).toMatch(/root/)
    expect(lexicalShapeProblem({ root: { type: 'root', children: [null] } })).toMatch(
      'root.children[0]',
    )
    expect(
      lexicalShapeProblem({
        root: { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text' }] }] },
      }),
    ).toMatch('root.children[0].children[0]: a text node without text')
    expect(lexicalShapeProblem('văn bản')).toMatch('not a Lexical document')
    let deep: Record<string, unknown> = { type: 'text', text: 'x' }
    for (let level = 0; level < 100; level += 1) {
      deep = { type: 'paragraph', children: [deep] }
    }
    expect(lexicalShapeProblem({ root: { type: 'root', children: [deep] } })).toMatch('deeper')
  })
})
