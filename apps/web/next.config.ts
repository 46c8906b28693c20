import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // The API's shapes and enums (type imports and @pioneira/contracts/enums), compiled with the app.
  transpilePackages: ['@pioneira/contracts', '@pioneira/core'],
  // `npm start` and the tests build after `tsc -p apps/web` has checked the types (npm test, CI):
  // their builds skip checking them a second time. A plain `next build` still checks.
  typescript: { ignoreBuildErrors: process.env.PIONEIRA_WEB_BUILD_SKIP_TYPECHECK === '1' },
};

export default nextConfig;
