/**
 * The edge port ({@link dev.herald.local.edge.EdgeServer}, 4566): every AWS-compatible API of {@code herald up},
 * dispatched by {@code X-Amz-Target} to {@link dev.herald.local.edge.AwsJsonService}s (own implementations, or
 * {@link dev.herald.local.edge.AwsServiceProxy} in front of DynamoDB Local and ElasticMQ), SQS query-protocol
 * calls by {@code Action=}, everything else by path to the {@link dev.herald.local.EdgeComponent}s.
 */
package dev.herald.local.edge;
