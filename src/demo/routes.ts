import type { Clock } from '../clock.js';
import { loginRoute, TokenSigner } from './auth.js';
import { addMiscRoutes } from './misc-routes.js';
import { Prng } from './prng.js';
import { Router } from './router.js';
import { addTaskRoutes } from './tasks.js';
import { TokenBucket } from './token-bucket.js';
import { UserStore } from './user-store.js';
import { addUserRoutes } from './users.js';

export interface DemoRoutesOptions {
  clock: Clock;
  seed: number;
  rateLimitPerSecond: number;
}

/** The whole demo API as one route table, with its state (users, jobs, rate limiter). */
export function demoRouter(opts: DemoRoutesOptions): Router {
  const prng = new Prng(opts.seed);
  const signer = new TokenSigner();
  const router = new Router();
  router.add('POST', '/api/auth/login', loginRoute(signer, prng));
  addUserRoutes(router, { store: new UserStore(), signer, prng, clock: opts.clock });
  addTaskRoutes(router, { prng, clock: opts.clock });
  addMiscRoutes(router, { prng, bucket: new TokenBucket(opts.rateLimitPerSecond, opts.clock) });
  return router;
}
