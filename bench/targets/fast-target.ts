/** The fast target of the CPU benchmark: nginx when installed, else the Node target. */
import type { BenchContext } from '../lib/context.js';
import { nginxBinary, startNginx } from './nginx.js';
import { startNodeTarget } from './node-target.js';
import type { Target } from './target.js';

export async function openFastTarget(ctx: BenchContext): Promise<Target> {
  const nginx = nginxBinary();
  if (nginx !== undefined) return startNginx(ctx, nginx);
  ctx.log('nginx is not installed (apt-get install -y nginx): using a Node http server as the target');
  return startNodeTarget(ctx);
}
