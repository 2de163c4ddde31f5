/**
 * Adapters' outbound formats as subscription formats (`adapter:<id>`): the adapter host renders
 * an event's record in the subscribing system's native form.
 */
import type { AdapterHost } from '../../adapters/host.ts';
import type { OutboundFormats } from './format.ts';

/** The outbound formats of the adapters in `host`; `configOf` gives a system's configuration of an adapter. */
export function adapterFormats(
  host: AdapterHost,
  configOf: (systemId: string, adapterId: string) => Record<string, unknown>,
): OutboundFormats {
  return {
    has: (id) => host.get(id)?.outbound !== undefined,
    recordTypes: (id) => host.get(id)?.recordTypes,
    render: (id, envelope, systemId) => {
      const result = host.outbound(id, { systemId, config: configOf(systemId, id), input: [envelope], publishedAt: envelope.time });
      if (!result.ok) throw new Error(`${result.error.code}${result.error.detail ? `: ${result.error.detail.en}` : ''}`);
      return { contentType: result.mediaType, body: result.body };
    },
  };
}
