/** A loadfile whose top level throws while it is imported (a missing setting, say). */
import { HttpUser, task } from 'stampede';

function requiredSetting(name: string): string {
  throw new Error(`E2E setting ${name} is missing`);
}

const apiKey = requiredSetting('API_KEY');

export class NeverRuns extends HttpUser {
  @task
  async home(): Promise<void> {
    await this.client.get('/', { headers: { 'x-api-key': apiKey } });
  }
}
