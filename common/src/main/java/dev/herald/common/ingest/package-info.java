/** HTTP event ingestion: validate a producer's body as a whole, then publish it to the bus (AWS and herald up alike). */
package dev.herald.common.ingest;
