import { defineConfig } from "vite";

// Relative asset URLs: the pages are served under /api/web/ by both hosts.
export default defineConfig({
  base: "./",
  build: { outDir: "dist", target: "es2022", sourcemap: false, modulePreload: { polyfill: false } },
});
