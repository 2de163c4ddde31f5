/** The public face of gateway/telemetry/: other folders import from here. It only re-exports. */
export { traceLog, traceProjection, traceStandard } from './decorators.ts';
export { traceDelivery } from './delivery.ts';
export { envelopeTrace, traceRequests } from './http.ts';
export { instruments } from './instruments.ts';
export { disabledTelemetry, type Telemetry } from './port.ts';
export { startTelemetry } from './sdk.ts';
