/** A Master for tests that run it in their own process: the CLI's defaults unless a test says otherwise. */
import { systemClock } from '../../src/clock.js';
import { Master } from '../../src/master/master.js';
import type { MasterOptions } from '../../src/master/master-types.js';

export type TestMasterOptions = Partial<MasterOptions> & Pick<MasterOptions, 'logger' | 'bundle' | 'classes'>;

export function testMaster(o: TestMasterOptions): Master {
  return new Master({
    clock: systemClock,
    heartbeatTimeoutMs: 15_000,
    onWorkerLoss: 'rebalance',
    reportIntervalMs: 1000,
    stopTimeoutMs: 0,
    tags: [],
    excludeTags: [],
    ...o,
  });
}
