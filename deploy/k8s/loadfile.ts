/**
 * The loadfile the Kubernetes Jobs run: kustomize turns it into the ConfigMap `stampede-loadfile`,
 * mounted at /loadfile in the master pod (the workers get it bundled from the master). Replace it
 * with your own, or point an overlay's configMapGenerator at another file (docs/kubernetes.md).
 *
 * As shipped it exercises the demo API (`kubectl apply -k deploy/k8s/demo-target`): every user
 * logs in once, then reads, with listing three times as frequent as fetching one user.
 */
import { HttpUser, between, task } from 'stampede';

/** The demo API's seeded users have ids 1..1000. */
const SEEDED_USERS = 1000;

function randomInt(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min + 1));
}

export class ApiUser extends HttpUser {
  waitTime = between(0.5, 1.5);

  async onStart(): Promise<void> {
    const res = await this.client.post('/api/auth/login', {
      json: { username: `k8s-${randomInt(1, 1_000_000)}`, password: 'load test' },
      check: (r) => typeof r.json<{ token?: unknown }>().token === 'string',
    });
    if (!res.ok) {
      this.stop();
      return;
    }
    this.client.headers.authorization = `Bearer ${res.json<{ token: string }>().token}`;
  }

  @task(3)
  async listUsers(): Promise<void> {
    await this.client.get('/api/users', { query: { page: randomInt(1, 50), limit: 20 } });
  }

  @task
  async getUser(): Promise<void> {
    await this.client.get(`/api/users/${randomInt(1, SEEDED_USERS)}`, { name: '/api/users/{id}' });
  }

  @task
  async health(): Promise<void> {
    await this.client.get('/health');
  }
}
