/**
 * {@code herald up}'s adjustable clock, for tests of what happens after a delay: {@link dev.herald.local.clock.AdjustableClock}
 * moves the time of every hosted function, of the Scheduler and of the SQS message delays ({@link dev.herald.local.clock.DelayLine});
 * {@link dev.herald.local.clock.ClockApi} is its local-only endpoint {@code POST /_herald/clock}.
 */
package dev.herald.local.clock;
