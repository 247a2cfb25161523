/**
 * The statistics a watched model's logged predictions are kept as, window by window: column sketches for drift,
 * selection statistics of the decisions, outcome statistics of the labelled ones and score sketches for performance
 * before labels. Computed here once, for the service's ingestion and for the same windows computed on Spark.
 */
package dev.probity.monitor.logged;
