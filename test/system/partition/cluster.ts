/**
 * A small stampede cluster on the rehearsal's network namespaces (test/system/k8s/netns.ts): each
 * host is a namespace linked to a hub bridge by a veth pair, so a host's link can be cut (hub side
 * down: its packets vanish, nothing is refused) and restored. Every process runs in its host's
 * namespace with a clean environment; targets are counting servers next to their worker.
 */
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Network, sweepLeftovers, whyNoNamespaces, type Host } from '../k8s/netns.js';
import { execFileP, Proc, sh } from '../k8s/proc.js';

export const REQUIRED = process.env.STAMPEDE_REQUIRE_SYSTEM_TESTS === '1';
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const CLI = join(REPO, 'dist/cli/main.js');
const TARGET_MAIN = fileURLToPath(new URL('./target-main.ts', import.meta.url));
/** Every target listens on this port in its own namespace. */
export const TARGET_PORT = 18080;

/** Why these tests cannot run here (null: they can). */
export async function whyItCannotRun(): Promise<string | null> {
  const why = await whyNoNamespaces('network namespaces', [['ip', ['-V'], 'iproute2']]);
  if (why !== null) return why;
  try {
    await access(CLI);
  } catch {
    return 'dist/cli/main.js is missing: run `npm run build` first (npm test does)';
  }
  return null;
}

export interface Target {
  proc: Proc;
  /** Requests received so far per path ('*': all), exact. */
  counts(): Promise<Record<string, number>>;
  /** Stops it and returns its final counts. */
  stop(): Promise<Record<string, number>>;
}

function lastCounts(p: Proc): { n: number; counts: Record<string, number> | null } {
  const lines = p.stdout.split('\n').filter((l) => l.startsWith('counts '));
  const last = lines.at(-1);
  return { n: lines.length, counts: last === undefined ? null : (JSON.parse(last.slice(7)) as Record<string, number>) };
}

async function askCounts(p: Proc, signal: NodeJS.Signals): Promise<Record<string, number>> {
  const before = lastCounts(p).n;
  p.child.kill(signal);
  for (let i = 0; i < 250; i++) {
    const now = lastCounts(p);
    if (now.n > before && now.counts !== null) return now.counts;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no counts from ${p.name} within 5 s\n${p.tail()}`);
}

export class Cluster {
  readonly net = new Network();
  readonly procs: Proc[] = [];
  readonly #veth = new Map<Host, string>();
  dir = '';

  async create(roles: readonly string[]): Promise<Host[]> {
    await sweepLeftovers();
    this.dir = await mkdtemp(join(tmpdir(), 'stampede-partition-'));
    await this.net.create();
    const hosts: Host[] = [];
    for (const [i, role] of roles.entries()) {
      const h = await this.net.add(role);
      this.#veth.set(h, `v${i}`);
      hosts.push(h);
    }
    return hosts;
  }

  /** Starts `node ARGS…` in `host`'s namespace with only PATH and `env` set. */
  node(host: Host, name: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): Proc {
    const vars = [`PATH=${process.env.PATH ?? '/usr/bin:/bin'}`, ...Object.entries(env).map(([k, v]) => `${k}=${v}`)];
    const p = new Proc(name, 'ip', ['netns', 'exec', host.ns, 'env', '-i', ...vars, process.execPath, ...args]);
    this.procs.push(p);
    return p;
  }

  /** `stampede ARGS…` in `host`'s namespace. */
  stampede(host: Host, name: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): Proc {
    return this.node(host, name, [CLI, ...args], env);
  }

  async target(host: Host, paths: readonly string[]): Promise<Target> {
    const proc = this.node(host, `target@${host.role}`, ['--import', 'tsx', TARGET_MAIN, String(TARGET_PORT), ...paths]);
    await proc.waitFor(/target listening port=\d+/, 20_000);
    return {
      proc,
      counts: () => askCounts(proc, 'SIGUSR2'),
      stop: async () => {
        const counts = await askCounts(proc, 'SIGTERM');
        await proc.exit(10_000);
        return counts;
      },
    };
  }

  /** Cuts (`down`) or restores (`up`) `host`'s link at the hub: its packets are dropped silently. */
  async link(host: Host, state: 'up' | 'down'): Promise<void> {
    const veth = this.#veth.get(host);
    if (veth === undefined) throw new Error(`${host.role} is not a host of this cluster`);
    await sh('ip', ['-n', `${this.net.id}-hub`, 'link', 'set', veth, state]);
  }

  /** GET http://127.0.0.1:PORT/PATH from inside `host`'s namespace; the parsed JSON body. */
  async get(host: Host, port: number, path: string): Promise<unknown> {
    const script = `fetch(process.argv[1], { signal: AbortSignal.timeout(5000) }).then((r) => r.text()).then((t) => process.stdout.write(t))`;
    const { stdout } = await execFileP('ip', ['netns', 'exec', host.ns, process.execPath, '-e', script, `http://127.0.0.1:${port}${path}`], { timeout: 10_000 });
    return JSON.parse(stdout) as unknown;
  }

  async destroy(): Promise<void> {
    for (const p of this.procs) p.kill('SIGKILL');
    await Promise.all(this.procs.map((p) => p.exited));
    await this.net.destroy();
    if (this.dir !== '') await rm(this.dir, { recursive: true, force: true });
  }
}
