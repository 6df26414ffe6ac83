/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev` proxies /api to a gateway (VITE_API_PROXY, default the local deploy's :8080);
// production is served by server.ts, which does the same.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    sourcemap: false,
    // lightweight-charts is only needed on the asset page: its own chunk, loaded on demand.
    chunkSizeWarningLimit: 350,
  },
  server: {
    proxy: { "/api": process.env.VITE_API_PROXY ?? "http://127.0.0.1:8080" },
  },
  test: {
    environment: "jsdom",
    globals: false,
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
    // Upper bounds for a loaded shared 2-core machine; tests wait on the DOM, never on time.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
