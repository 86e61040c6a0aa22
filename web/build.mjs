// Build the widget into one self-contained script (JS + CSS, no CDN, no fonts)
// and copy the demo intranet page next to it. Output: ../build/web/ (or argv[2]).
import { build } from "esbuild";
import { copyFile, mkdir, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, process.argv[2] || "../build/web");

await mkdir(out, { recursive: true });
await build({
  entryPoints: [resolve(here, "src/widget.js")],
  outfile: resolve(out, "vidensassistent.js"),
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020", "chrome100", "firefox100", "safari15"],
  loader: { ".css": "text" },
  legalComments: "eof",
  logLevel: "warning",
});
await copyFile(resolve(here, "demo/index.html"), resolve(out, "index.html"));
const { size } = await stat(resolve(out, "vidensassistent.js"));
console.log(`web: ${out}/vidensassistent.js (${(size / 1024).toFixed(1)} KiB) + index.html`);
