/**
 * How long a test waits for a condition before it gives up: a guard against a hang, never a
 * margin a passing test depends on. Tests wait on conditions (a message arrived, a job finished),
 * so on a quiet machine they go on as soon as the condition holds; on a machine busy with other
 * work the same wait simply lasts longer. Only a broken test ever reaches the guard.
 * TEST_HANG_GUARD_MS overrides it (a lower value makes a hanging test fail sooner while debugging).
 */
export const HANG_GUARD_MS = Number(process.env.TEST_HANG_GUARD_MS) || 180_000;
