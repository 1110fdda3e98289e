import { createHash } from 'node:crypto';
import { basename, dirname, resolve } from 'node:path';
import { build, type BuildFailure, type Message, type Plugin } from 'esbuild';
import { StampedeError } from '../errors.js';
import { apiModuleSource } from './api.js';

export interface LoadfileBundle {
  /** One self-contained ES module (inline source map). */
  code: string;
  /** sha256 of `code`, hex. */
  hash: string;
  /** The loadfile's base name, for messages and stack traces. */
  filename: string;
}

/** Bundled CommonJS dependencies call `require` for builtins; this gives them one (ESM has none). */
const BANNER = 'import { createRequire as __stampedeCreateRequire } from "node:module";\n' +
  'const require = __stampedeCreateRequire("file:///");';

/** How many esbuild errors a message lists. */
const MAX_LISTED_ERRORS = 10;

/**
 * Bundles a loadfile (TypeScript or JavaScript) and everything it imports into one ES module.
 * `import … from 'stampede'` is not bundled: it becomes a tiny module reading the worker's API from
 * a global, so the bundle runs against the worker's own classes. Node builtins stay imports.
 * Paths in the output are relative to the loadfile's folder, so the bytes (and the hash) do not
 * depend on where the project sits on disk. Decorators are always lowered as standard decorators,
 * whatever the loadfile's tsconfig says.
 */
export async function bundleLoadfile(file: string): Promise<LoadfileBundle> {
  const path = resolve(file);
  const dir = dirname(path);
  let code: string;
  try {
    const result = await build({
      entryPoints: [path],
      absWorkingDir: dir,
      bundle: true,
      // Class names are user-facing (CLI arguments, reports): never let the bundler rename them.
      keepNames: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: 'inline',
      write: false,
      logLevel: 'silent',
      charset: 'utf8',
      banner: { js: BANNER },
      tsconfigRaw: { compilerOptions: { experimentalDecorators: false, useDefineForClassFields: true } },
      plugins: [stampedeApiPlugin()],
    });
    const out = result.outputFiles[0];
    if (out === undefined) throw new StampedeError('STAMPEDE_ERR_INTERNAL', `esbuild wrote no output for ${file} (src/scenario/bundle.ts)`);
    code = out.text;
  } catch (err) {
    if (isBuildFailure(err)) throw bundleError(file, dir, err.errors);
    throw err;
  }
  return { code, hash: createHash('sha256').update(code).digest('hex'), filename: basename(path) };
}

function stampedeApiPlugin(): Plugin {
  return {
    name: 'stampede-api',
    setup(b) {
      b.onResolve({ filter: /^stampede$/ }, () => ({ path: 'stampede', namespace: 'stampede-api' }));
      b.onLoad({ filter: /.*/, namespace: 'stampede-api' }, () => ({ contents: apiModuleSource(), loader: 'js' }));
    },
  };
}

function isBuildFailure(err: unknown): err is BuildFailure {
  return err instanceof Error && Array.isArray((err as Partial<BuildFailure>).errors);
}

function bundleError(file: string, dir: string, errors: readonly Message[]): StampedeError {
  const lines = errors.slice(0, MAX_LISTED_ERRORS).map((m) => {
    const loc = m.location;
    if (loc === null) return `  ${m.text}`;
    const where = loc.namespace === 'file' || loc.namespace === '' ? resolve(dir, loc.file) : `${loc.namespace}:${loc.file}`;
    return `  ${where}:${loc.line}:${loc.column + 1}: ${m.text}`;
  });
  if (errors.length > MAX_LISTED_ERRORS) lines.push(`  … and ${errors.length - MAX_LISTED_ERRORS} more`);
  return new StampedeError(
    'STAMPEDE_ERR_LOADFILE',
    `cannot bundle loadfile ${file}:\n${lines.join('\n')}\nfix the loadfile and run again`,
  );
}
