/** IPC between the ingest benchmark and its simulator process. */
export type SimCommand =
  | { t: 'start'; port: number; workers: number; endpoints: number; samplesPerEndpoint: number }
  | { t: 'stats'; id: number; reset: boolean }
  | { t: 'end' };

export interface SimStats {
  t: 'stats';
  id: number;
  /** Connections opened so far. */
  connected: number;
  /** Workers that answered the bundle with ready. */
  ready: number;
  /** Workers that got a plan and started reporting. */
  started: number;
  /** Reports sent and acked so far. */
  sent: number;
  acked: number;
  closed: number;
  /** Connections the master closed with an error code. */
  refused: number;
  /** Ack round trips since the last reset. */
  ackP50Ms: number;
  ackP99Ms: number;
  ackMaxMs: number;
}
