// Builds the master's web UI (src/ui) into dist/ui/public: app.js and app.css bundled by esbuild
// with uPlot inside, plus index.html and favicon.svg. Run by `npm run build` after tsc, so the UI
// ships in the package and needs no network at run time. The per-module files tsc emits for
// src/ui (browser code that Node never loads) are removed from dist/ui.
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const uiOut = `${root}dist/ui/`;
const out = `${uiOut}public/`;

await mkdir(uiOut, { recursive: true });
for (const entry of await readdir(uiOut)) {
  if (entry !== 'public') await rm(`${uiOut}${entry}`, { recursive: true, force: true });
}
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });

const result = await build({
  entryPoints: { app: `${root}src/ui/main.ts` },
  outdir: out,
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome100', 'firefox100', 'safari15.4'],
  legalComments: 'eof',
  logLevel: 'warning',
  metafile: true,
});
await copyFile(`${root}src/ui/index.html`, `${out}index.html`);
await copyFile(`${root}src/ui/favicon.svg`, `${out}favicon.svg`);

const sizes = Object.entries(result.metafile.outputs).map(([file, o]) => `${file} ${(o.bytes / 1024).toFixed(1)} KiB`);
process.stdout.write(`web UI built: ${sizes.join(', ')}\n`);
