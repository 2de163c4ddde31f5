/**
 * What the rest of the gateway sees of the telemetry SDK: the Prometheus exposition of its
 * metrics (served by GET /metrics) and a shut-down. Built by `startTelemetry()` in the entry
 * point (gateway/telemetry/sdk.ts); without it, the gateway runs with OpenTelemetry's no-op API.
 */

/** Renders the current metrics in the Prometheus text exposition format (version 0.0.4). */
export interface MetricsExposition {
  render(): Promise<string>;
}

/** A started telemetry SDK. */
export interface Telemetry {
  metrics: MetricsExposition;
  /** Flushes and stops the providers, and unregisters them from the global API. */
  shutdown(): Promise<void>;
}

/** Telemetry when no SDK was started: no metrics exposed, nothing exported. */
export const disabledTelemetry: Telemetry = {
  metrics: { render: async () => '' },
  shutdown: async () => {},
};
