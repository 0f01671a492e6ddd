/** The part of s3rver 3.7 (no types of its own) the tests use. */
declare module 's3rver' {
  type S3rverOptions = {
    address?: string
    configureBuckets?: { name: string }[]
    directory?: string
    port?: number
    silent?: boolean
  }
  export default class S3rver {
    constructor(options: S3rverOptions)
    run(): Promise<{ address: string; port: number }>
    close(): Promise<void>
  }
}
