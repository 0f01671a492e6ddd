import { withPayload } from '@payloadcms/next/withPayload'

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Express (src/server.ts) sets security headers and compression; Next must not do it twice.
  compress: false,
  poweredByHeader: false,
  eslint: { ignoreDuringBuilds: true },
  // `npm run typecheck` checks types; the build on a newcomer's machine should not repeat it.
  typescript: { ignoreBuildErrors: true },
  webpack: (webpackConfig) => {
    webpackConfig.resolve.extensionAlias = {
      '.cjs': ['.cts', '.cjs'],
      '.js': ['.ts', '.tsx', '.js', '.jsx'],
      '.mjs': ['.mts', '.mjs'],
    }
    return webpackConfig
  },
}

export default withPayload(nextConfig, { devBundleServerPackages: false })
