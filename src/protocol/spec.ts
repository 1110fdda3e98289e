/** Which way a message travels. */
export type Direction = 'worker-to-master' | 'master-to-worker';

/** One message type, declared once: its tag, its direction and its decoder from untrusted input. */
export interface MessageSpec<M extends { t: string }> {
  readonly tag: M['t'];
  readonly direction: Direction;
  readonly decode: (u: unknown) => M;
}
