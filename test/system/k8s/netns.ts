/**
 * A small network of "nodes" for the cluster rehearsal: one network namespace per pod, each with
 * a veth link to a bridge in a hub namespace, on 10.213.7.0/24. Nothing touches the host's own
 * network namespace. Names carry this process's pid, so a later run can sweep what a killed run
 * left behind.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sh } from './proc.js';

const PREFIX = 'stampede-k8s-';
const SUBNET = '10.213.7';

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function deleteNs(name: string): Promise<void> {
  await sh('ip', ['netns', 'delete', name]).catch(() => undefined);
  await rm(join('/etc/netns', name), { recursive: true, force: true });
}

/** Deletes namespaces (and their /etc/netns folders) left by rehearsal runs whose process is gone. */
export async function sweepLeftovers(): Promise<string[]> {
  const names = (await sh('ip', ['netns', 'list'])).split('\n').map((l) => l.split(' ')[0] ?? '').filter((n) => n.startsWith(PREFIX));
  const stale = names.filter((n) => !pidAlive(Number(n.slice(PREFIX.length).split('-')[0])));
  for (const n of stale) await deleteNs(n);
  return stale;
}

/** A command this machine must have: [command, arguments that only print its version, Debian package]. */
export type Tool = readonly [string, readonly string[], string];

/**
 * Why namespace tests cannot run here, or null when they can: Linux, root (`rootFor` says what
 * for), each of `tools`, and a namespace that can really be created and deleted.
 */
export async function whyNoNamespaces(rootFor: string, tools: readonly Tool[]): Promise<string | null> {
  if (process.platform !== 'linux') return 'it needs Linux network namespaces';
  if (process.getuid?.() !== 0) return `it needs root (${rootFor})`;
  for (const [cmd, args, pkg] of tools) {
    try {
      await sh(cmd, args);
    } catch {
      return `\`${cmd}\` is missing (apt-get install ${pkg})`;
    }
  }
  const name = `${PREFIX}${process.pid}-probe`;
  try {
    await sh('ip', ['netns', 'add', name]);
    await sh('ip', ['netns', 'delete', name]);
  } catch (err) {
    return `network namespaces cannot be created here: ${(err as Error).message}`;
  }
  return null;
}

export interface Host {
  /** The role given to add(), e.g. `master` or `worker-0`. */
  role: string;
  ns: string;
  ip: string;
}

export class Network {
  readonly id = `${PREFIX}${process.pid}-${randomBytes(2).toString('hex')}`;
  readonly #hub = `${this.id}-hub`;
  readonly #hosts: Host[] = [];
  #created: string[] = [];

  async create(): Promise<void> {
    await this.#addNs(this.#hub);
    await sh('ip', ['-n', this.#hub, 'link', 'add', 'br0', 'type', 'bridge']);
    await sh('ip', ['-n', this.#hub, 'link', 'set', 'br0', 'up']);
  }

  async #addNs(name: string): Promise<void> {
    await sh('ip', ['netns', 'add', name]);
    this.#created.push(name);
    await sh('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
  }

  /** A new namespace linked to the hub, with the next address of the subnet. */
  async add(role: string): Promise<Host> {
    const host: Host = { role, ns: `${this.id}-${role}`, ip: `${SUBNET}.${this.#hosts.length + 1}` };
    const veth = `v${this.#hosts.length}`;
    await this.#addNs(host.ns);
    await sh('ip', ['-n', this.#hub, 'link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', host.ns]);
    await sh('ip', ['-n', this.#hub, 'link', 'set', veth, 'master', 'br0', 'up']);
    await sh('ip', ['-n', host.ns, 'addr', 'add', `${host.ip}/24`, 'dev', 'eth0']);
    await sh('ip', ['-n', host.ns, 'link', 'set', 'eth0', 'up']);
    this.#hosts.push(host);
    return host;
  }

  /** Writes /etc/netns/<ns>/hosts, which `ip netns exec` shows the namespace as /etc/hosts. */
  async setHosts(host: Host, names: Readonly<Record<string, string>>): Promise<void> {
    const dir = join('/etc/netns', host.ns);
    await mkdir(dir, { recursive: true });
    const lines = ['127.0.0.1 localhost', ...Object.entries(names).map(([name, ip]) => `${ip} ${name}`)];
    await writeFile(join(dir, 'hosts'), `${lines.join('\n')}\n`);
  }

  /** Deletes every namespace this network created, and their /etc/netns folders. */
  async destroy(): Promise<void> {
    const names = this.#created.reverse();
    this.#created = [];
    for (const n of names) await deleteNs(n);
  }
}
