/**
 * Handlers packaged at test time into real function jars ({@code TestFunctionJars}) that the
 * {@code LambdaHost} loads in class loaders of their own. They depend on aws-lambda-java-core/events
 * and herald-common's {@code Environment} only, like a function module. Message bodies of the SQS
 * handlers are commands: see {@link dev.herald.local.lambda.testfunctions.SqsCommandHandler}.
 */
package dev.herald.local.lambda.testfunctions;
