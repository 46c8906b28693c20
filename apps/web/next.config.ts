import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // The API's shapes and enums (type imports and @pioneira/contracts/enums), compiled with the app.
  transpilePackages: ['@pioneira/contracts', '@pioneira/core'],
};

export default nextConfig;
