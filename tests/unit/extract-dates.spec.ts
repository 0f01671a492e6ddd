import { readFileSync } from 'node:fs'

import { inferDates, inferEventDate, parseVietnameseDate } from '@/lib/extract'

const FIXTURE = readFileSync(
  `${process.cwd()}/content/articles/kiem-tra-cong-tac-cai-cach-hanh-chinh-tai-ban-quan-ly-khu-kinh-te.txt`,
  'utf8',
)

describe('parseVietnameseDate', () => {
  it('should parse slash, dash and dot dates with or without "ngày"', () => {
    expect(parseVietnameseDate('ngày 14/2/2020')).toBe('2020-02-14')
    expect(parseVietnameseDate('14-02-2020')).toBe('2020-02-14')
    expect(parseVietnameseDate('ngày 14.02.2020')).toBe('2020-02-14')
    expect(parseVietnameseDate('Ngày 03 / 3 / 2021')).toBe('2021-03-03')
  })

  it('should parse written-out dates, also across lines', () => {
    expect(parseVietnameseDate('ngày 5 tháng 3 năm 2021')).toBe('2021-03-05')
    expect(parseVietnameseDate('ngày 05 tháng\n03   năm 2021')).toBe('2021-03-05')
  })

  it('should reject impossible or partial dates', () => {
    expect(parseVietnameseDate('31/2/2021')).toBeNull()
    expect(parseVietnameseDate('14/13/2020')).toBeNull()
    expect(parseVietnameseDate('14/2')).toBeNull()
    expect(parseVietnameseDate('14/2-2020')).toBeNull()
    expect(parseVietnameseDate('hôm qua')).toBeNull()
  })

  it('should parse decomposed (NFD) text', () => {
    expect(parseVietnameseDate('ngày 5 tháng 3 năm 2021'.normalize('NFD'))).toBe('2021-03-05')
  })
})

describe('inferEventDate', () => {
  it('should infer the fixture article date from its latest full date', () => {
    expect(inferEventDate(FIXTURE)).toEqual({ date: '2021-07-08', inferred: true })
  })

  it('should return a full opening date as written', () => {
    expect(
      inferEventDate('Sáng ngày 27/5/2021, đồng chí Chủ tịch UBND tỉnh đến thăm Sở Nội vụ.'),
    ).toEqual({
      date: '2021-05-27',
      inferred: false,
    })
  })

  it('should accept "Sáng", "Chiều" and written-out openings', () => {
    const tail = ' Theo Kế hoạch số 12/KH-UBND ngày 02/01/2024 của UBND tỉnh.'
    expect(inferEventDate(`Chiều 12-10, Đoàn giám sát làm việc tại huyện.${tail}`)).toEqual({
      date: '2024-10-12',
      inferred: true,
    })
    expect(inferEventDate(`Ngày 8 tháng 7, Đoàn kiểm tra làm việc.${tail}`)).toEqual({
      date: '2024-07-08',
      inferred: true,
    })
  })

  it('should use the year of the latest full date even when its day-month is later', () => {
    const text =
      'Ngày 15/3, Sở Nội vụ tổ chức hội nghị. Kế hoạch số 45/KH-SNV ngày 02/01/2023 và văn bản ngày 20/11/2023.'
    expect(inferEventDate(text)).toEqual({ date: '2023-03-15', inferred: true })
  })

  it("should skip a cited document's date when looking for the event date", () => {
    const text =
      'Thực hiện Kế hoạch số 45/KH-UBND ngày 3/4/2021 của UBND tỉnh, ngày 15/5, Sở Nội vụ đã kiểm tra.'
    expect(inferEventDate(text)).toEqual({ date: '2021-05-15', inferred: true })
  })

  it('should give null when there is no date or no year to infer from', () => {
    expect(inferEventDate('Đoàn kiểm tra làm việc tại Sở Nội vụ.')).toEqual({
      date: null,
      inferred: false,
    })
    expect(inferEventDate('Ngày 08/7, Đoàn kiểm tra làm việc.')).toEqual({
      date: null,
      inferred: false,
    })
  })

  it('should read decomposed (NFD) text, and inferDates should give the same answer', () => {
    expect(inferEventDate(FIXTURE.normalize('NFD'))).toEqual({ date: '2021-07-08', inferred: true })
    expect(inferDates(FIXTURE)).toEqual(inferEventDate(FIXTURE))
  })
})
