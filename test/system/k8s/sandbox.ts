/**
 * Runs one "pod" of the rehearsal the way the manifests and the image describe it, in its own
 * network namespace: a private mount namespace whose root is a tmpfs holding the host's system
 * folders read-only, /app with the repository's entries the image copies there, the pod's volumes at
 * their mountPaths (ConfigMap contents, a PVC folder with the fsGroup, a tmpfs per emptyDir), a
 * read-only root when the securityContext asks, the pod's uid and gid, the image's env plus the
 * container's, and the image's ENTRYPOINT with the container's args.
 */
import { chmod, chown, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mount } from '../../unit/k8s/pod.js';
import type { Host } from './netns.js';
import { Proc } from './proc.js';

/** What the image contributes (read from the Dockerfile by the test). */
export interface ImageFacts {
  /** The ENTRYPOINT as it runs here: the image's `stampede` is a link to /app/dist/cli/main.js. */
  entrypoint: string[];
  env: Record<string, string>;
  workdir: string;
  /** The entries of /app the runtime stage copies (package.json, node_modules, dist, …). */
  appEntries: readonly string[];
}

export interface PodSpecFacts {
  name: string;
  host: Host;
  args: string[];
  env: Readonly<Record<string, string>>;
  mounts: readonly Mount[];
  uid: number;
  gid: number;
  fsGroup: number | undefined;
  readOnlyRootFilesystem: boolean;
}

const SYSTEM_DIRS = ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32', 'usr', 'etc', 'sys'];
const IMAGE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Where the rehearsal keeps PVC contents, so the test can read the results afterwards. */
export function pvcDir(workDir: string, claim: string): string {
  return join(workDir, `pvc-${claim}`);
}

async function volumeScript(pod: PodSpecFacts, workDir: string, podDir: string): Promise<string[]> {
  const lines: string[] = [];
  for (const [i, m] of pod.mounts.entries()) {
    if (SYSTEM_DIRS.some((d) => m.mountPath === `/${d}` || m.mountPath.startsWith(`/${d}/`)) || m.mountPath === '/app') {
      throw new Error(`mountPath ${m.mountPath} lies in an image folder: the rehearsal cannot place it`);
    }
    const target = `"$R"${q(m.mountPath)}`;
    lines.push(`mkdir -p ${target}`);
    if (m.source.type === 'emptyDir') {
      lines.push(`mount -t tmpfs -o mode=1777,size=64m tmpfs ${target}`);
      continue;
    }
    let src: string;
    if (m.source.type === 'configMap') {
      src = join(podDir, `volume-${i}`);
      await mkdir(src, { recursive: true });
      for (const [key, value] of Object.entries(m.source.data)) await writeFile(join(src, key), value, { mode: 0o644 });
      await chmod(src, 0o755);
    } else {
      src = pvcDir(workDir, m.source.claimName);
      await mkdir(src, { recursive: true });
      // What the kubelet does for fsGroup: the volume belongs to the group, setgid, group-writable.
      if (pod.fsGroup !== undefined) await chown(src, 0, pod.fsGroup);
      await chmod(src, pod.fsGroup !== undefined ? 0o2775 : 0o777);
    }
    lines.push(`mount --bind ${q(src)} ${target}`);
    if (m.readOnly) lines.push(`mount -o remount,bind,ro ${target}`);
  }
  return lines;
}

/** Starts the pod's container; its process is the returned Proc (ip, unshare, chroot and env exec). */
export async function startPod(pod: PodSpecFacts, image: ImageFacts, repoDir: string, workDir: string): Promise<Proc> {
  if (!process.execPath.startsWith('/usr/')) throw new Error(`node is at ${process.execPath}: the rehearsal shares /usr with its pods and needs node there`);
  const podDir = join(workDir, `pod-${pod.name}`);
  const root = join(podDir, 'root');
  await mkdir(root, { recursive: true });
  const env = { PATH: IMAGE_PATH, HOSTNAME: pod.name, ...image.env, ...pod.env };
  const groups = pod.fsGroup === undefined ? '' : ` --groups=${pod.fsGroup}`;
  const script = [
    'set -eu',
    `R=${q(root)}`,
    'mount -t tmpfs -o mode=0755 tmpfs "$R"',
    `for d in ${SYSTEM_DIRS.join(' ')}; do`,
    '  if [ -L "/$d" ]; then ln -s "$(readlink "/$d")" "$R/$d";',
    '  elif [ -d "/$d" ]; then mkdir "$R/$d"; mount --rbind "/$d" "$R/$d"; mount -o remount,bind,ro "$R/$d"; fi',
    'done',
    'mkdir "$R/proc" "$R/dev" "$R/app"',
    'mount --rbind /proc "$R/proc"',
    'mount --rbind /dev "$R/dev"',
    // /app holds what the image's runtime stage copies, each bound read-only from the repository
    // (not the repository's own folder, whose mode, e.g. 0700 from mktemp, the pod's uid may not pass).
    ...image.appEntries.flatMap((e) => [
      `if [ -d ${q(join(repoDir, e))} ]; then mkdir "$R/app/"${q(e)}; else touch "$R/app/"${q(e)}; fi`,
      `mount --bind ${q(join(repoDir, e))} "$R/app/"${q(e)}`,
      `mount -o remount,bind,ro "$R/app/"${q(e)}`,
    ]),
    ...(await volumeScript(pod, workDir, podDir)),
    ...(pod.readOnlyRootFilesystem ? ['mount -o remount,ro "$R"'] : []),
    `hostname ${q(pod.name)}`,
    `exec chroot --userspec=${pod.uid}:${pod.gid}${groups} "$R" /usr/bin/env -i -C ${q(image.workdir)} ${Object.entries(env).map(([k, v]) => q(`${k}=${v}`)).join(' ')} ${[...image.entrypoint, ...pod.args].map(q).join(' ')}`,
  ].join('\n');
  const file = join(podDir, 'start.sh');
  await writeFile(file, `${script}\n`, { mode: 0o700 });
  return new Proc(pod.name, 'ip', ['netns', 'exec', pod.host.ns, 'unshare', '--mount', '--uts', '--propagation', 'private', 'sh', file]);
}
