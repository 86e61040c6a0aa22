// Build the widget into one self-contained script (JS + CSS, no CDN, no fonts), the same CSS
// as a file of its own, and the demo pages. Output: ../build/web/ (or argv[2]):
//   vidensassistent-<version>.js / .css  versioned names (web/package.json), cacheable for ever
//   vidensassistent.js                   the same script under a fixed name (cache briefly)
//   index.html, inline.html, embed.html  demo intranet pages; chat.html: the full-page chat
//   manifest.json                        version and file names of this build
import { build } from "esbuild";
import { copyFile, mkdir, readFile, readdir, stat, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, process.argv[2] || "../build/web");
// Retention days and what is removed before storing, written by vidensassistent/cli/about.py from
// data/about.yml and integration/ (`make web` runs it first).
const settingsFile = resolve(here, process.argv[3] || "../build/about/widget.json");
const privacy = JSON.parse(await readFile(settingsFile, "utf8"));
if (!Number.isInteger(privacy.retentionDays) || !privacy.removed) {
  throw new Error(`${settingsFile}: retentionDays and removed are required (run "make web")`);
}
// Bump "version" in web/package.json for every release: browsers and proxies may keep a
// versioned file for ever, so a new build must have a new name.
const { version } = JSON.parse(await readFile(resolve(here, "package.json"), "utf8"));
const bundle = `vidensassistent-${version}.js`;
const stylesheet = `vidensassistent-${version}.css`;

await mkdir(out, { recursive: true });
await build({
  entryPoints: [resolve(here, "src/widget.js")],
  outfile: resolve(out, bundle),
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020", "chrome100", "firefox100", "safari15"],
  loader: { ".css": "text" },
  define: { __VA_PRIVACY__: JSON.stringify(privacy), __VA_CSS_FILE__: JSON.stringify(stylesheet) },
  legalComments: "eof",
  logLevel: "warning",
});
await copyFile(resolve(out, bundle), resolve(out, "vidensassistent.js"));
await copyFile(resolve(here, "src/widget.css"), resolve(out, stylesheet));

// Demo pages and the full-page chat refer to this build's versioned script.
for (const name of await readdir(resolve(here, "demo"))) {
  const source = await readFile(resolve(here, "demo", name), "utf8");
  const page = name.endsWith(".html") ? source.replaceAll("{{BUNDLE}}", bundle) : source;
  await writeFile(resolve(out, name), page);
}
const script = await readFile(resolve(out, bundle));
const sha256 = createHash("sha256").update(script).digest("hex");
await writeFile(
  resolve(out, "manifest.json"),
  JSON.stringify({ version, script: bundle, stylesheet, sha256 }, null, 2) + "\n",
);
const { size } = await stat(resolve(out, bundle));
console.log(`web: ${out}/${bundle} (${(size / 1024).toFixed(1)} KiB), ${stylesheet}, demo pages`);
