/**
 * EventBridge on this machine: {@link dev.herald.local.bus.LocalEventBus} matches the Topology's rules with
 * event-ruler and delivers to their SQS queues; {@link dev.herald.local.bus.EventsApi} is the
 * {@code AWSEvents.*} JSON API on the edge port ({@code PutEvents}, read-only rule and bus views).
 */
package dev.herald.local.bus;
