/**
 * The shared adapter contract suite: every adapter runs it from a one-line test,
 * `runAdapterContract(adapter, { fixtures: new URL('./fixtures/', import.meta.url) })`.
 *
 * Fixture layout (adapters/<id>/fixtures/):
 * - native/X.<ext>            a native payload; X.meta.json beside it may set
 *                             { mediaType, encoding, config (index into configExamples), publishedAt,
 *                               outbound: 'exact' | 'roundtrip' | 'none' }
 * - standard/X.json           the JSON array of standard records native/X translates to
 * - invalid/Y.<ext>           a payload the adapter must refuse; Y.expected.json beside it:
 *                             { code, mediaType?, encoding? }
 * Skips are data: `{ skip: [{ reason, tests: ['outbound'] }] }`; the reason is printed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Adapter, type AdapterErrorCode, adapterErrors, adapterProblem, type InboundContext } from '../adapters/sdk.ts';
import type { StandardRecord } from '../gateway/core/index.ts';
import { createStandard } from '../gateway/standard/index.ts';

/** The suite's tests, by the names skips refer to. */
export const CONTRACT_TESTS = [
  'manifest',
  'config',
  'fixtures-present',
  'inbound',
  'standard',
  'outbound',
  'invalid',
  'never-throws',
  'pull',
] as const;
/** One test of the suite. */
export type ContractTest = (typeof CONTRACT_TESTS)[number];

/** Options of the suite. */
export interface ContractOptions {
  /** The adapter's fixtures folder, e.g. `new URL('./fixtures/', import.meta.url)`. */
  fixtures: URL;
  /** Tests that do not apply, each with the reason (printed). */
  skip?: { reason: string; tests: ContractTest[] }[];
  /** Runs of the property-based test (default 200). */
  propertyRuns?: number;
}

interface NativeFixture {
  name: string;
  file: string;
  meta: { mediaType?: string; encoding?: string; config?: number; publishedAt?: string; outbound?: 'exact' | 'roundtrip' | 'none' };
}

let standard: ReturnType<typeof createStandard> | undefined;
/** The standard, compiled once for all adapters' suites in a test file. */
const theStandard = () => {
  standard ??= createStandard();
  return standard;
};

const manifestSchema = JSON.parse(readFileSync(new URL('./adapter-manifest.schema.json', import.meta.url), 'utf8'));
const MEDIA_TYPE_OF_EXTENSION: Record<string, string> = {
  json: 'application/json',
  xml: 'application/xml',
  csv: 'text/csv',
  txt: 'text/plain',
};

/** Registers the contract tests of one adapter with vitest. */
export function runAdapterContract(adapter: Adapter, options: ContractOptions): void {
  const { manifest } = adapter;
  const dir = fileURLToPath(options.fixtures);
  const skipped = new Map<ContractTest, string>();
  for (const skip of options.skip ?? []) {
    for (const test of skip.tests) skipped.set(test, skip.reason);
    console.info(`[adapter ${manifest.id}] skipping ${skip.tests.join(', ')}: ${skip.reason}`);
  }
  const test = (id: ContractTest, name: string, body: () => void | Promise<void>) => {
    const reason = skipped.get(id);
    if (reason === undefined) return it(name, body);
    return it.skip(`${name} — skipped: ${reason}`, body);
  };

  const natives = nativeFixtures(dir);
  const invalids = files(`${dir}invalid`).filter((f) => !f.endsWith('.expected.json'));
  const config = (index = 0) => manifest.configExamples[index] ?? {};
  const inboundCtx = (meta: NativeFixture['meta'], file: string): InboundContext => ({
    systemId: `contract-${manifest.id}`,
    config: config(meta.config),
    mediaType: meta.mediaType ?? mediaTypeOf(file, manifest.native.mediaTypes),
    encoding: meta.encoding ?? manifest.native.encodings[0]!,
  });

  describe(`adapter contract: ${manifest.id}`, () => {
    test('manifest', 'has a manifest that validates against contracts/adapter-manifest.schema.json', () => {
      const ajv = new Ajv({ allErrors: true, strict: false });
      const validate = ajv.compile(manifestSchema);
      expect(validate(manifest) ? [] : validate.errors).toEqual([]);
      expect(basename(dirname(dir)), 'the adapter folder is named by the manifest id').toBe(manifest.id);
      expect(adapter.inbound !== undefined).toBe(manifest.direction !== 'outbound');
      expect(adapter.outbound !== undefined).toBe(manifest.direction !== 'inbound');
    });

    test('config', 'has configuration examples that validate against its configSchema', () => {
      const ajv = new Ajv({ allErrors: true, strict: false });
      addFormats.default(ajv);
      const validate = ajv.compile(manifest.configSchema);
      for (const example of manifest.configExamples) expect(validate(example) ? [] : validate.errors).toEqual([]);
    });

    test('fixtures-present', 'ships paired native and standard fixtures and at least one invalid fixture', () => {
      expect(natives.length).toBeGreaterThan(0);
      expect(invalids.length).toBeGreaterThan(0);
      for (const native of natives) expect(files(`${dir}standard`)).toContain(`${native.name}.json`);
    });

    for (const native of natives) {
      test('inbound', `translates native/${native.file} to exactly standard/${native.name}.json`, () => {
        const result = adapter.inbound!(readFileSync(`${dir}native/${native.file}`), inboundCtx(native.meta, native.file));
        expect(result.ok ? result.records : result.error).toEqual(standardFixture(dir, native.name));
      });

      test('standard', `has standard/${native.name}.json records that validate against the standard`, () => {
        const records = standardFixture(dir, native.name);
        for (const record of records) {
          const result = theStandard().validate(record, { records });
          expect(result.ok ? [] : result.issues, `record ${record.id}`).toEqual([]);
        }
      });

      const mode = native.meta.outbound ?? 'exact';
      if (adapter.outbound && mode !== 'none') {
        test(
          'outbound',
          `${mode === 'exact' ? 'reproduces native' : 'round-trips'} ${native.file} from standard/${native.name}.json`,
          () => {
            const records = standardFixture(dir, native.name);
            const ctx = {
              systemId: `contract-${manifest.id}`,
              config: config(native.meta.config),
              ...(native.meta.publishedAt ? { publishedAt: native.meta.publishedAt } : {}),
            };
            const result = adapter.outbound!(records, ctx);
            if (!result.ok) expect.fail(`outbound failed: ${JSON.stringify(result.error)}`);
            expect(manifest.native.mediaTypes).toContain(result.mediaType);
            if (mode === 'exact') {
              expect(sameNative(result.body, readFileSync(`${dir}native/${native.file}`), result.mediaType)).toBe(true);
            } else {
              const back = adapter.inbound!(result.body, inboundCtx(native.meta, native.file));
              expect(back.ok ? back.records : back.error).toEqual(records);
            }
          },
        );
      }
    }

    for (const file of invalids) {
      test('invalid', `refuses invalid/${file} with its declared error code, rendered as an RFC 9457 problem`, () => {
        const expected = JSON.parse(readFileSync(`${dir}invalid/${file.replace(/\.[^.]+$/, '')}.expected.json`, 'utf8')) as {
          code: AdapterErrorCode;
          mediaType?: string;
          encoding?: string;
        };
        expect(Object.keys(adapterErrors)).toContain(expected.code);
        const meta = {
          ...(expected.mediaType ? { mediaType: expected.mediaType } : {}),
          ...(expected.encoding ? { encoding: expected.encoding } : {}),
        };
        const result = adapter.inbound!(readFileSync(`${dir}invalid/${file}`), inboundCtx(meta, file));
        if (result.ok) expect.fail(`invalid/${file} was accepted`);
        expect(result.error.code).toBe(expected.code);
        for (const lang of ['zh', 'en'] as const) {
          const problem = adapterProblem(result.error, lang);
          expect(problem).toMatchObject({
            type: expect.stringMatching(/^https:\/\/.+\/problems\/adapter\./),
            code: expected.code,
            status: adapterErrors[expected.code].status,
          });
          expect(problem.title.length * problem.detail.length).toBeGreaterThan(0);
          for (const item of problem.errors)
            expect(item).toEqual({ pointer: expect.any(String), keyword: expect.any(String), message: expect.any(String) });
        }
      });
    }

    if (adapter.inbound) {
      test('never-throws', 'never throws on arbitrary input (property-based)', () => {
        const seeds = natives.map((n) => readFileSync(`${dir}native/${n.file}`));
        const mutated = fc
          .tuple(fc.constantFrom(...(seeds.length > 0 ? seeds : [Buffer.from('{}')])), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.nat())
          .map(([seed, at, byte, cut]) => {
            const copy = Uint8Array.from(seed);
            if (copy.length > 0) copy[at % copy.length] = byte;
            return copy.subarray(0, copy.length - (cut % Math.max(1, copy.length)));
          });
        const input = fc.oneof(fc.string(), fc.uint8Array({ maxLength: 512 }), fc.json().map(String), mutated);
        fc.assert(
          fc.property(input, (native) => {
            const result = adapter.inbound!(native, inboundCtx({}, natives[0]?.file ?? 'x.json'));
            return result.ok ? Array.isArray(result.records) : result.error.code in adapterErrors;
          }),
          { numRuns: options.propertyRuns ?? 200 },
        );
      });
    }

    test('pull', 'declares pull mode exactly when it implements it, with relative requests', () => {
      expect(adapter.pull !== undefined).toBe(manifest.pull !== undefined);
      if (adapter.pull) {
        const request = adapter.pull.request(undefined, { systemId: `contract-${manifest.id}`, config: config() });
        expect(request.path.startsWith('/')).toBe(true);
      }
    });
  });
}

function nativeFixtures(dir: string): NativeFixture[] {
  return files(`${dir}native`)
    .filter((f) => !f.endsWith('.meta.json'))
    .map((file) => {
      const name = file.replace(/\.[^.]+$/, '');
      const metaFile = `${dir}native/${name}.meta.json`;
      const meta = files(`${dir}native`).includes(`${name}.meta.json`) ? JSON.parse(readFileSync(metaFile, 'utf8')) : {};
      return { name, file, meta };
    });
}

function standardFixture(dir: string, name: string): StandardRecord[] {
  return JSON.parse(readFileSync(`${dir}standard/${name}.json`, 'utf8')) as StandardRecord[];
}

function files(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function mediaTypeOf(file: string, declared: readonly string[]): string {
  const byExtension = MEDIA_TYPE_OF_EXTENSION[file.split('.').pop() ?? ''];
  return byExtension && declared.includes(byExtension) ? byExtension : declared[0]!;
}

/** JSON payloads compare as data; anything else byte for byte. */
function sameNative(body: string | Uint8Array, fixture: Buffer, mediaType: string): boolean {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  if (/[/+]json$/.test(mediaType)) return isDeepStrictEqual(JSON.parse(bytes.toString('utf8')), JSON.parse(fixture.toString('utf8')));
  return bytes.equals(fixture);
}
