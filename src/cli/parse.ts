import yargs from 'yargs';
import { StampedeError } from '../errors.js';
import { OPTION_DEFS, envOf, keyOf } from './schema.js';
import { validateOptions, type Options } from './options.js';

export type ParseResult =
  | { kind: 'run'; options: Options }
  | { kind: 'output'; text: string };

export const USAGE = `stampede [options] [UserClass ...]

  stampede -f loadfile.ts -H http://127.0.0.1:8000 -u 50 -r 10 -t 1m --headless
  stampede -f loadfile.ts --master --expect-workers 3 --headless -u 300 -r 50 -t 2m -H http://target
  stampede --worker --master-host 10.0.0.5
  stampede demo-target --port 8000

Every flag can also be set as an env var: --spawn-rate as STAMPEDE_SPAWN_RATE, and so on.`;

/**
 * Parses argv and env into validated Options. yargs reads the flags; the schema
 * (src/cli/schema.ts) types, checks and defaults them. Throws StampedeError(STAMPEDE_ERR_USAGE).
 */
export async function parseArgs(argv: readonly string[], env: Record<string, string | undefined>, version: string): Promise<ParseResult> {
  let output = '';
  const y = yargs([...argv])
    .scriptName('stampede')
    .usage(USAGE)
    .version(version)
    .help('help')
    .alias('help', 'h')
    .strictOptions()
    .exitProcess(false)
    .parserConfiguration({ 'camel-case-expansion': true, 'strip-aliased': true, 'strip-dashed': true })
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      throw new StampedeError('STAMPEDE_ERR_USAGE', `${msg ?? err?.message ?? 'invalid arguments'}\nRun 'stampede --help' for the list of options.`);
    });
  for (const def of OPTION_DEFS) {
    const isBool = def.type === 'boolean';
    y.option(def.flag, {
      ...('alias' in def ? { alias: def.alias } : {}),
      type: isBool ? 'boolean' : def.type === 'list' ? 'array' : 'string',
      describe: `${def.describe} [env ${envOf(def.flag)}]${'default' in def && !isBool && def.default !== undefined && String(def.default) !== '' ? ` [default: ${String(def.default)}]` : ''}`,
      group: `${def.group}:`,
      ...(def.type === 'choice' && 'choices' in def ? { choices: def.choices } : {}),
      ...(isBool ? { default: undefined } : {}),
      // One value each, so that a lone `-` is taken as the value (`--json -`), not as a positional.
      ...(!isBool && def.type !== 'list' ? { nargs: 1 } : {}),
    });
  }
  const parsed = await y.parse([...argv], {}, (_err, _argv, out) => {
    output = out;
  });
  if (output !== '' && (argv.includes('--help') || argv.includes('-h') || argv.includes('--version'))) {
    return { kind: 'output', text: output };
  }
  const raw: Record<string, unknown> = {};
  for (const def of OPTION_DEFS) {
    const key = keyOf(def.flag);
    let fromArgv = (parsed as Record<string, unknown>)[key];
    // A repeated single-value flag (`-t 1m … -t 5m`): the last one wins, as in Locust.
    // Repeatable flags (lists, and texts such as --threshold) keep every value.
    if (Array.isArray(fromArgv) && def.type !== 'list' && def.type !== 'texts') fromArgv = fromArgv.at(-1);
    const fromEnv = serviceLink(env[envOf(def.flag)]);
    const value = fromArgv !== undefined ? fromArgv : fromEnv;
    if (value !== undefined) raw[key] = value;
  }
  const positional = (parsed._ ?? []).map(String);
  return { kind: 'run', options: validateOptions(raw, positional) };
}

/**
 * Kubernetes injects `<SERVICE>_PORT=tcp://10.0.0.7:5557` for every Service in the namespace, so a
 * Service named `stampede-master` sets STAMPEDE_MASTER_PORT to a URL. Such a value is never one of
 * ours: it is ignored, as if the variable were not set.
 */
function serviceLink(value: string | undefined): string | undefined {
  return value !== undefined && /^(tcp|udp|sctp):\/\/[^\s/]+:\d+$/.test(value) ? undefined : value;
}
