/**
 * API Gateway on this machine: the WebSocket API ({@link dev.herald.local.gateway.WebSocketGateway}, its own
 * port, plus the {@code @connections} management API as an edge component) and the HTTP API
 * ({@link dev.herald.local.gateway.HttpApiGateway}, an edge component, with the JWT authorizer).
 *
 * <p>Wiring in {@code LocalRuntime}:
 * <pre>{@code
 * LocalJwt jwt = LocalJwt.generate("http://localhost:4566/herald", "herald-api");   // or a JwtVerifier-backed JwtAuthorizer
 * WebSocketGateway ws = new WebSocketGateway(topology.webSocketApi(), invoker, "127.0.0.1", 4510).start();
 * HttpApiGateway http = new HttpApiGateway(topology.httpApi(), invoker, bus, topology.busName(), jwt);
 * edge components: ws.managementApi(), http
 * handler env: HERALD_WEBSOCKET_MANAGEMENT_ENDPOINT = http://localhost:4566/<stage> (or ws.managementEndpoint())
 * }</pre>
 */
package dev.herald.local.gateway;
