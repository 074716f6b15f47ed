/**
 * The embedded runtime behind {@code herald up}: {@link dev.herald.local.HeraldUp} (the command line) starts a
 * {@link dev.herald.local.LocalRuntime} - engines, bus, secrets, Lambda host and event-source mappings, WebSocket
 * gateway, emulators, dashboard - with every AWS-compatible API on one edge port, so
 * {@code AWS_ENDPOINT_URL=http://localhost:4566} works for the SDKs and the CLI. Tests start it in-process with
 * {@link dev.herald.local.RuntimeOptions#ephemeral}.
 */
package dev.herald.local;
