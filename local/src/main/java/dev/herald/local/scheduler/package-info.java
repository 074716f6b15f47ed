/**
 * EventBridge Scheduler on this machine: one-time {@code at(...)} schedules kept in the data directory
 * ({@link dev.herald.local.scheduler.LocalScheduler}), fired at their time into ElasticMQ, and the Scheduler API on the
 * edge port that the SDK's {@code SchedulerClient} talks to ({@link dev.herald.local.scheduler.SchedulerApi}).
 */
package dev.herald.local.scheduler;
