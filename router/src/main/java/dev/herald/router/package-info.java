/** The router function: parse, dedupe, match routes, apply preferences, call enrichment, fan out to channel queues. */
package dev.herald.router;
