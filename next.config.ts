import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and logging modules load from node_modules at run time instead of being bundled.
  serverExternalPackages: ["better-sqlite3", "pg", "pino"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
