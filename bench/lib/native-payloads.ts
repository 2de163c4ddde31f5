/**
 * Inbound payloads of any size in every format the gateway reads: each adapter's native format
 * (its realistic fixture's items repeated) and the batch route's JSON array and NDJSON, plus the
 * hostile shape of the outside review (a page of empty e-marketplace events). Shared by the
 * linear-work benchmark and the test that proves linearity by counting work.
 */
import { readFileSync } from 'node:fs';
import type { AdapterHost } from '../../adapters/host.ts';
import { adapters } from '../../adapters/registry.ts';
import { type BatchLimits, splitBatch } from '../../gateway/ingest/batch.ts';
import type { Standard } from '../../gateway/standard/port.ts';
import { tenderNotice } from '../../test/support/records.ts';

/** One inbound format: the adapter that reads it (none for the batch route) and how to make a payload of n items. */
export interface InboundFormat {
  name: string;
  /** The adapter id; undefined for POST /v1/records/batch. */
  adapter?: string;
  contentType: string;
  /** The adapter configuration the payload is read with. */
  config: Record<string, unknown>;
  payload(n: number): Uint8Array;
}

const fixture = (adapter: string, file: string) =>
  readFileSync(new URL(`../../adapters/${adapter}/fixtures/native/${file}`, import.meta.url));
const configOf = (id: string) => adapters.find((a) => a.manifest.id === id)?.manifest.configExamples[0] ?? {};
const utf8 = (text: string) => new TextEncoder().encode(text);
/** `items` repeated to `n` entries, each given `unique(item, i)` so that no two are the same. */
const repeat = <T>(items: readonly T[], n: number, unique: (item: T, i: number) => T): T[] =>
  Array.from({ length: n }, (_, i) => unique(items[i % items.length]!, i));

/** Every inbound format, each adapter's native one first. */
export function inboundFormats(): InboundFormat[] {
  const emallPage = JSON.parse(fixture('emall', 'pushed-order.json').toString('utf8')) as { events: { eventId: string }[] };
  const ocdsPackage = JSON.parse(fixture('ocds', 'gulou-school-computers.json').toString('utf8')) as { releases: { id: string }[] };
  const [csvHeader, ...csvRows] = fixture('provincial-fujian', 'award-utf8.csv')
    .toString('utf8')
    .split(/\r?\n/)
    .filter((l) => l !== '');
  const xml = fixture('national-trading-platform', 'gljy-2026-015-series.xml').toString('utf8');
  const xmlRecords = xml.match(/<RECORD>[\s\S]*?<\/RECORD>/g) ?? [];
  const xmlHead = xml.slice(0, xml.indexOf('<RECORD>'));
  const xmlTail = xml.slice(xml.lastIndexOf('</RECORD>') + '</RECORD>'.length);
  const notice = JSON.stringify(tenderNotice());
  const notices = (n: number) => repeat([notice], n, (text, i) => text.replaceAll('"version":1', `"version":${i + 1}`));
  return [
    {
      name: 'e-marketplace order events (JSON)',
      adapter: 'emall',
      contentType: 'application/json',
      config: configOf('emall'),
      payload: (n) => utf8(JSON.stringify({ events: repeat(emallPage.events, n, (e, i) => ({ ...e, eventId: `${e.eventId}-${i}` })) })),
    },
    {
      name: 'e-marketplace page of empty events (hostile)',
      adapter: 'emall',
      contentType: 'application/json',
      config: configOf('emall'),
      payload: (n) => utf8(JSON.stringify({ events: Array.from({ length: n }, () => ({})) })),
    },
    {
      name: 'OCDS release package (JSON)',
      adapter: 'ocds',
      contentType: 'application/json',
      config: configOf('ocds'),
      payload: (n) =>
        utf8(JSON.stringify({ ...ocdsPackage, releases: repeat(ocdsPackage.releases, n, (r, i) => ({ ...r, id: `${r.id}-${i}` })) })),
    },
    {
      name: 'provincial legacy export (CSV)',
      adapter: 'provincial-fujian',
      contentType: 'text/csv; charset=utf-8',
      config: configOf('provincial-fujian'),
      payload: (n) => utf8(`${[csvHeader, ...repeat(csvRows, n, (row) => row)].join('\r\n')}\r\n`),
    },
    {
      name: 'trading-platform data package (XML)',
      adapter: 'national-trading-platform',
      contentType: 'application/xml',
      config: configOf('national-trading-platform'),
      payload: (n) => utf8(`${xmlHead}${repeat(xmlRecords, n, (r) => r).join('\n  ')}${xmlTail}`),
    },
    {
      name: 'batch route, JSON array',
      contentType: 'application/json',
      config: {},
      payload: (n) => utf8(`[${notices(n).join(',')}]`),
    },
    {
      name: 'batch route, NDJSON',
      contentType: 'application/x-ndjson',
      config: {},
      payload: (n) => utf8(`${notices(n).join('\n')}\n`),
    },
  ];
}

/** What reading a request costs besides the store: the adapter's translation (or the batch split) and each record's validation. */
export interface RequestWork {
  host: AdapterHost;
  standard: Standard;
  limits: BatchLimits;
}

/** Does a request's in-process work on `body`; returns the records validated, or the code of a refusal. */
export function readRequest(work: RequestWork, format: InboundFormat, body: Uint8Array): { records: number } | { refused: string } {
  let inputs: unknown[];
  if (format.adapter) {
    const translated = work.host.inbound(format.adapter, {
      systemId: 'bench',
      config: format.config,
      contentType: format.contentType,
      body,
      maxRecords: work.limits.maxBatchRecords,
    });
    if (!translated.ok) return { refused: translated.error.code };
    inputs = translated.records;
  } else {
    const split = splitBatch(body, format.contentType, work.limits);
    if (!split.ok) return { refused: split.code };
    inputs = split.entries.flatMap((e) => (e.ok ? [e.value] : []));
  }
  for (const input of inputs) work.standard.validate(input);
  return { records: inputs.length };
}
