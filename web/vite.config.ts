import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { defineConfig, type Plugin } from "vite";

/**
 * Writes a brotli (.br) and a gzip (.gz) copy beside every text file of the build, at the highest levels (done once, at build
 * time), so both hosts send the smallest bytes without compressing anything on the fly (src/Reporting/Web/PageEndpoints.cs).
 * Node's own zlib: no plugin package needed.
 */
function precompress(): Plugin {
  let outDir = "dist";
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
  return {
    name: "precompress",
    apply: "build",
    configResolved(config) { outDir = config.build.outDir; },
    closeBundle() {
      for (const file of walk(outDir).filter((f) => /\.(html|js|css|svg|json|txt)$/.test(f))) {
        const bytes = readFileSync(file);
        writeFileSync(file + ".br", brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
        writeFileSync(file + ".gz", gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

// Relative asset URLs: the pages are served under /api/web/ by both hosts. Two pages: the app, and the report viewer
// (a generated report in a tab of its own, with the inline styles the report needs).
export default defineConfig({
  base: "./",
  plugins: [precompress()],
  build: {
    outDir: "dist", target: "es2022", sourcemap: false, modulePreload: { polyfill: false },
    rollupOptions: { input: { index: "index.html", report: "report-view.html" } },
  },
});
