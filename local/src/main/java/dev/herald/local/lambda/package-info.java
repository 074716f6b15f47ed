/**
 * Lambda on this machine: {@link dev.herald.local.lambda.LambdaHost} runs the Topology's functions from
 * their shaded jars (a class loader per artifact, Lambda's serializers, Context, timeout and
 * concurrency), {@link dev.herald.local.lambda.EventSourceMappings} feeds the queue consumers as SQS
 * event source mappings do, and {@link dev.herald.local.lambda.LambdaInvokeApi} serves the Invoke API
 * on the edge port.
 *
 * <p>Wiring in {@code LocalRuntime}:
 * <pre>{@code
 * Map<String, String> queueUrls = TopologyProvisioner.createQueues(sqs, topology.queues()); // with RedrivePolicy
 * Map<String, String> baseEnv = Map.of("AWS_REGION", "eu-west-1", "AWS_ENDPOINT_URL", "http://localhost:4566",
 *         "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local");
 * LambdaHost host = new LambdaHost(topology, repoRoot, baseEnv, resolver);   // resolver: EnvValue -> String
 * EventSourceMappings mappings = new EventSourceMappings(topology, host, sqs, queueUrls).start();
 * edge components: new LambdaInvokeApi(host)
 * shutdown: mappings.close(); host.close();
 * }</pre>
 * The resolver is called on a function artifact's first invocation, so it may answer with endpoints of
 * components started after the host (the WebSocket management endpoint).
 */
package dev.herald.local.lambda;
