// Build the widget into one self-contained script (JS + CSS, no CDN, no fonts)
// and copy the demo intranet page next to it. Output: ../build/web/ (or argv[2]).
import { build } from "esbuild";
import { copyFile, mkdir, readFile, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, process.argv[2] || "../build/web");
// Retention days and what is removed before storing, written by scripts/about.py from
// data/about.yml and integration/ (`make web` runs it first).
const settingsFile = resolve(here, process.argv[3] || "../build/about/widget.json");
const privacy = JSON.parse(await readFile(settingsFile, "utf8"));
if (!Number.isInteger(privacy.retentionDays) || !privacy.removed) {
  throw new Error(`${settingsFile}: retentionDays and removed are required (run scripts/about.py)`);
}

await mkdir(out, { recursive: true });
await build({
  entryPoints: [resolve(here, "src/widget.js")],
  outfile: resolve(out, "vidensassistent.js"),
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020", "chrome100", "firefox100", "safari15"],
  loader: { ".css": "text" },
  define: { __VA_PRIVACY__: JSON.stringify(privacy) },
  legalComments: "eof",
  logLevel: "warning",
});
await copyFile(resolve(here, "demo/index.html"), resolve(out, "index.html"));
const { size } = await stat(resolve(out, "vidensassistent.js"));
console.log(`web: ${out}/vidensassistent.js (${(size / 1024).toFixed(1)} KiB) + index.html`);
