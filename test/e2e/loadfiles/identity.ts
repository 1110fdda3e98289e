/**
 * Tags every request of a virtual user with `x-e2e-user: <worker pid>/<n>`, so the test server can
 * count users per worker process and time each user's requests. Bundled into the loadfiles that
 * import it; the counter is per worker process.
 */
export const USER_HEADER = 'x-e2e-user';

let users = 0;

/** Gives the user whose default headers these are the next id of this process. */
export function identify(headers: Record<string, string>): void {
  users += 1;
  headers[USER_HEADER] = `${process.pid}/${users}`;
}
