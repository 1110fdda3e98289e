/** Errors of the bench harness, with stable codes like the product's (STYLE.md rule 3). */
export type BenchErrorCode =
  | 'STAMPEDE_ERR_BENCH_SPAWN'
  | 'STAMPEDE_ERR_BENCH_TIMEOUT'
  | 'STAMPEDE_ERR_BENCH_CHILD_EXIT'
  | 'STAMPEDE_ERR_BENCH_USAGE'
  | 'STAMPEDE_ERR_BENCH_TARGET';

export class BenchError extends Error {
  readonly code: BenchErrorCode;

  constructor(code: BenchErrorCode, message: string) {
    super(message);
    this.name = 'BenchError';
    this.code = code;
  }
}
