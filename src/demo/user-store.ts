/** A user record as the demo API returns it. */
export interface User {
  id: number;
  name: string;
  email: string;
  created_at: string;
}

/** Users 1..SEED_USERS always exist. */
export const SEED_USERS = 1000;
/** At most this many created users are kept; the oldest is forgotten first. */
export const MAX_CREATED_USERS = 10_000;

const SEED_EPOCH = Date.UTC(2024, 0, 1);

/**
 * The users of the demo API.
 * - Seed users (ids 1..1000) are read-only fixtures: PUT and DELETE answer as if applied, but the seed
 *   stays, so many virtual users can share them without breaking each other.
 * - Created users (ids from 1001) are kept in memory, at most MAX_CREATED_USERS, and can be read,
 *   updated and deleted. Any other id is unknown (404).
 */
export class UserStore {
  readonly #created = new Map<number, User>();
  #nextId = SEED_USERS + 1;

  get total(): number {
    return SEED_USERS + this.#created.size;
  }

  get(id: number): User | undefined {
    if (id >= 1 && id <= SEED_USERS) return seedUser(id);
    return this.#created.get(id);
  }

  create(name: string, email: string, now: number): User {
    const user: User = { id: this.#nextId++, name, email, created_at: new Date(now).toISOString() };
    this.#created.set(user.id, user);
    if (this.#created.size > MAX_CREATED_USERS) {
      const oldest = this.#created.keys().next();
      if (oldest.done !== true) this.#created.delete(oldest.value);
    }
    return user;
  }

  /** The updated user, or undefined when the id is unknown. Seeds are answered but not changed. */
  update(id: number, patch: { name?: string; email?: string }): User | undefined {
    const current = this.get(id);
    if (current === undefined) return undefined;
    const next: User = { ...current, ...patch };
    if (this.#created.has(id)) this.#created.set(id, next);
    return next;
  }

  /** False when the id is unknown. Seeds are answered but not removed. */
  delete(id: number): boolean {
    if (id >= 1 && id <= SEED_USERS) return true;
    return this.#created.delete(id);
  }

  /** One page (1-based) of users in id order: the seeds, then the created users. */
  page(page: number, limit: number): User[] {
    const out: User[] = [];
    const from = (page - 1) * limit + 1;
    for (let id = from; id <= SEED_USERS && out.length < limit; id++) out.push(seedUser(id));
    if (out.length === limit) return out;
    let skip = Math.max(0, from - SEED_USERS - 1);
    for (const user of this.#created.values()) {
      if (out.length === limit) break;
      if (skip > 0) {
        skip--;
        continue;
      }
      out.push(user);
    }
    return out;
  }
}

function seedUser(id: number): User {
  return {
    id,
    name: `User ${id}`,
    email: `user${id}@example.test`,
    created_at: new Date(SEED_EPOCH + id * 3_600_000).toISOString(),
  };
}
