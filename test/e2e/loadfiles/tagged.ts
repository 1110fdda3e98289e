/** Tasks with tags, for --tags and --exclude-tags: each task has its own path. */
import { HttpUser, constant, tag, task } from 'stampede';

export class TaggedUser extends HttpUser {
  waitTime = constant(0.01);

  @task
  @tag('read')
  async readItem(): Promise<void> {
    await this.client.get('/read');
  }

  @task
  @tag('write')
  async writeItem(): Promise<void> {
    await this.client.post('/write', { json: { n: 1 } });
  }

  @task
  @tag('read', 'slow')
  async slowRead(): Promise<void> {
    await this.client.get('/slow');
  }

  @task
  async plain(): Promise<void> {
    await this.client.get('/plain');
  }
}
