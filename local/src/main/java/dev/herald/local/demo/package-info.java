/**
 * The {@code --demo} data: {@code new DemoSeed(dynamo, apns.topic()).seed()}, then
 * {@code publishSamples(bus)} once the pipeline runs.
 */
package dev.herald.local.demo;
