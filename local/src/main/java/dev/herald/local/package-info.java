/** The embedded runtime behind herald up. */
package dev.herald.local;
