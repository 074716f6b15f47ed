/** The enrichment function: user profiles, templates per channel and locale, rendering. */
package dev.herald.enrichment;
