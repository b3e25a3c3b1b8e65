import { heapGrowthFlag } from '../../src/cli/run';

describe('heapGrowthFlag (WORKER_HEAP_GROWTH, issue #18)', () => {
  it.each([
    [{ web: false, workers: true }, 100, '--heap-growing-percent=100'],
    [{ web: false, workers: true }, 150, '--heap-growing-percent=150'],
    // 0 leaves V8's own growing factor.
    [{ web: false, workers: true }, 0, undefined],
    // `start` and `web` keep V8's defaults.
    [{ web: true, workers: true }, 100, undefined],
    [{ web: true, workers: false }, 100, undefined],
  ])('%o at %i %%: %s', (parts, percent, flag) => {
    expect(heapGrowthFlag(parts, percent)).toBe(flag);
  });
});
