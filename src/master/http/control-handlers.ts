/** The write side of the API: start or retarget a run, stop it, reset the statistics. */
import { apiTarget } from './api-views.js';
import type { ApiRunResult } from './api-types.js';
import { parseJsonBody } from './body.js';
import type { ApiContext } from './context.js';
import { json, type Reply } from './reply.js';
import type { RequestContext } from './router.js';
import { parseRunBody } from './run-body.js';

/** POST /api/run: 201 when a new run started, 200 when the running one was retargeted. */
export async function run(ctx: ApiContext, rc: RequestContext): Promise<Reply> {
  const body = parseJsonBody(await rc.body(), rc.req.headers['content-type']);
  const request = parseRunBody(body, ctx.config.classes.length > 0 ? ctx.config.classes : undefined);
  const outcome = ctx.control.run(request);
  if (outcome.started) ctx.onFreshRun();
  const m = ctx.master;
  const result: ApiRunResult = {
    started: outcome.started,
    state: m.state,
    target: apiTarget(outcome.target, ctx.master.now(), m.runStartedAt)!,
    stopsAt: outcome.stopsAt,
  };
  return json(outcome.started ? 201 : 200, result);
}

/** POST /api/stop: answers once the workers have stopped and sent their final reports. */
export async function stop(ctx: ApiContext, rc: RequestContext): Promise<Reply> {
  await rc.body();
  await ctx.control.stop();
  return json(200, { state: ctx.master.state });
}

/** POST /api/reset: forgets the statistics (the run goes on). */
export async function reset(ctx: ApiContext, rc: RequestContext): Promise<Reply> {
  await rc.body();
  ctx.control.reset();
  return json(200, { state: ctx.master.state, statsStartedAt: ctx.master.aggregator.startedAt });
}
