/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev` talks to Django on 127.0.0.1:8000 through this proxy, so the browser sees one origin.
const django = process.env.DJANGO_URL ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/api": { target: django, changeOrigin: true },
      "/media": { target: django, changeOrigin: true },
    },
  },
  build: {
    outDir: "dist",
    sourcemap: "hidden",
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    // The machine is shared; form tests that type a whole address need more than the default 5 s.
    testTimeout: 20_000,
  },
});
