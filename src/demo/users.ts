import type { Clock } from '../clock.js';
import { requireAuth, type TokenSigner } from './auth.js';
import type { Prng } from './prng.js';
import { errorReply, parseJsonObject, stringField, type Reply, type RequestContext } from './reply.js';
import type { Router } from './router.js';
import type { UserStore } from './user-store.js';

export interface UsersDeps {
  store: UserStore;
  signer: TokenSigner;
  prng: Prng;
  clock: Clock;
}

const MAX_PAGE_SIZE = 100;

/**
 * `/api/users` routes. Reads are open; writes (POST, PUT, DELETE) need a token from
 * `POST /api/auth/login` (Bearer header or session cookie), else 401.
 */
export function addUserRoutes(router: Router, deps: UsersDeps): void {
  const { store, signer, prng, clock } = deps;

  router.add('GET', '/api/users', (ctx) => {
    const delayMs = prng.between(3, 6);
    const page = intParam(ctx.query.get('page'), 1);
    const limit = intParam(ctx.query.get('limit'), 20);
    if (page === undefined || limit === undefined || limit > MAX_PAGE_SIZE) {
      return errorReply(400, 'bad_request', `page and limit must be positive integers, limit at most ${MAX_PAGE_SIZE}`, delayMs);
    }
    return { status: 200, json: { page, limit, total: store.total, users: store.page(page, limit) }, delayMs };
  });

  router.add('GET', '/api/users/:id', (ctx) => {
    const delayMs = prng.between(2, 4);
    const id = userId(ctx);
    if (typeof id !== 'number') return { ...id, delayMs };
    const user = store.get(id);
    return user === undefined ? notFound(id, delayMs) : { status: 200, json: user, delayMs };
  });

  router.add('POST', '/api/users', (ctx) => {
    const delayMs = prng.between(4, 8);
    const denied = requireAuth(signer, ctx);
    if (denied !== undefined) return { ...denied, delayMs };
    const body = parseJsonObject(ctx.body);
    const name = body && stringField(body, 'name');
    const email = body && stringField(body, 'email');
    if (name === undefined || email === undefined) {
      return errorReply(400, 'bad_request', 'send a JSON body {"name": "…", "email": "…"} with non-empty strings', delayMs);
    }
    const user = store.create(name, email, clock.now());
    return { status: 201, json: user, headers: { location: `/api/users/${user.id}` }, delayMs };
  });

  router.add('PUT', '/api/users/:id', (ctx) => {
    const delayMs = prng.between(3, 6);
    const denied = requireAuth(signer, ctx);
    if (denied !== undefined) return { ...denied, delayMs };
    const id = userId(ctx);
    if (typeof id !== 'number') return { ...id, delayMs };
    const body = parseJsonObject(ctx.body);
    if (body === undefined) return errorReply(400, 'bad_request', 'send a JSON object body with "name" and/or "email"', delayMs);
    const patch: { name?: string; email?: string } = {};
    const name = stringField(body, 'name');
    const email = stringField(body, 'email');
    if (name !== undefined) patch.name = name;
    if (email !== undefined) patch.email = email;
    const user = store.update(id, patch);
    return user === undefined ? notFound(id, delayMs) : { status: 200, json: user, delayMs };
  });

  router.add('DELETE', '/api/users/:id', (ctx) => {
    const delayMs = prng.between(2, 4);
    const denied = requireAuth(signer, ctx);
    if (denied !== undefined) return { ...denied, delayMs };
    const id = userId(ctx);
    if (typeof id !== 'number') return { ...id, delayMs };
    return store.delete(id) ? { status: 204, delayMs } : notFound(id, delayMs);
  });
}

function notFound(id: number, delayMs: number): Reply {
  return errorReply(404, 'not_found', `no user with id ${id}`, delayMs);
}

/** The `:id` parameter as a positive integer, or a 400 reply. */
function userId(ctx: RequestContext): number | Reply {
  const raw = ctx.params.id ?? '';
  const id = /^[1-9][0-9]{0,14}$/.test(raw) ? Number(raw) : NaN;
  return Number.isSafeInteger(id) ? id : errorReply(400, 'bad_request', `user id must be a positive integer, got "${raw}"`, 0);
}

/** A positive integer query parameter, its default when absent, or undefined when malformed. */
function intParam(raw: string | null, fallback: number): number | undefined {
  if (raw === null) return fallback;
  return /^[1-9][0-9]{0,6}$/.test(raw) ? Number(raw) : undefined;
}
