/** WebSocket connect/disconnect/default handlers and the WebSocket delivery handler. */
package dev.herald.websocket;
