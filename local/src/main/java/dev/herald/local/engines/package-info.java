/**
 * The real engines, in-process, with their state in the data directory: DynamoDB Local
 * ({@link dev.herald.local.engines.EmbeddedDynamoDb}) and ElasticMQ with its H2 message store
 * ({@link dev.herald.local.engines.EmbeddedSqs}). Both listen on loopback ports behind the edge server.
 */
package dev.herald.local.engines;
