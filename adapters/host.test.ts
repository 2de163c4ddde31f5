import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAdapterHost, parseContentType } from './host.ts';
import { ocdsAdapter } from './ocds/index.ts';
import type { Adapter } from './sdk.ts';

const config = ocdsAdapter.manifest.configExamples[0]!;
const native = readFileSync(new URL('./ocds/fixtures/native/intention-archive-cabinets.json', import.meta.url));
const expected = JSON.parse(readFileSync(new URL('./ocds/fixtures/standard/intention-archive-cabinets.json', import.meta.url), 'utf8'));

describe('adapter host', () => {
  const host = createAdapterHost([ocdsAdapter]);

  it('runs an adapter inbound for a system with its configuration and declared media type', () => {
    const result = host.inbound('ocds', { systemId: 'ocds-hub', config, contentType: 'application/json; charset=utf-8', body: native });
    expect(result).toEqual({ ok: true, records: expected });
  });

  it('answers adapter.unsupported-media-type for a media type the manifest does not declare', () => {
    const result = host.inbound('ocds', { systemId: 'ocds-hub', config, contentType: 'application/xml', body: native });
    expect(result).toMatchObject({ ok: false, error: { code: 'adapter.unsupported-media-type' } });
  });

  it('answers adapter.encoding for a charset the manifest does not declare', () => {
    const result = host.inbound('ocds', { systemId: 'ocds-hub', config, contentType: 'application/json; charset=gb18030', body: native });
    expect(result).toMatchObject({ ok: false, error: { code: 'adapter.encoding' } });
  });

  it('answers adapter.config for an unknown adapter or a configuration its schema refuses', () => {
    expect(host.inbound('nope', { systemId: 's', config, contentType: 'application/json', body: native })).toMatchObject({
      ok: false,
      error: { code: 'adapter.config' },
    });
    const bad = host.inbound('ocds', { systemId: 's', config: { uriBase: 'ftp://x' }, contentType: 'application/json', body: native });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'adapter.config', issues: expect.arrayContaining([expect.objectContaining({ keyword: 'required' })]) },
    });
    expect(host.checkConfig('ocds', config)).toEqual([]);
  });

  it('turns an adapter that throws into an adapter.unexpected value', () => {
    const broken: Adapter = {
      ...ocdsAdapter,
      manifest: { ...ocdsAdapter.manifest, id: 'broken' },
      inbound: () => {
        throw new Error('boom');
      },
    };
    const result = createAdapterHost([broken]).inbound('broken', { systemId: 's', config, contentType: 'application/json', body: '{}' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'adapter.unexpected', detail: { en: 'the adapter failed unexpectedly: boom' } },
    });
  });

  it('runs outbound and hands the publication time to the adapter', () => {
    const result = host.outbound('ocds', { systemId: 'ocds-hub', config, input: expected, publishedAt: '2026-01-16T00:00:00+08:00' });
    if (!result.ok) throw new Error(result.error.code);
    expect(JSON.parse(String(result.body)).publishedDate).toBe('2026-01-16T00:00:00+08:00');
  });

  it('splits a Content-Type header into media type and charset', () => {
    expect(parseContentType('Application/XML; Charset="GB18030"')).toEqual({ mediaType: 'application/xml', charset: 'gb18030' });
    expect(parseContentType(undefined)).toEqual({ mediaType: '' });
  });
});
