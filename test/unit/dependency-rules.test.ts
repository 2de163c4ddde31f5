import { resolve } from 'node:path';
import { cruise, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const fixture = resolve(root, 'test/fixtures/dependency-rules');

/** The violations of the repository's dependency rules in the tree under `baseDir`. */
async function violations(baseDir: string, paths: string[]): Promise<IViolation[]> {
  const options = await extractDepcruiseOptions(resolve(root, '.dependency-cruiser.cjs'));
  const result = await cruise(
    paths,
    { ...options, baseDir },
    { extensions: ['.ts', '.js', '.json'] },
    {
      tsConfig: extractTSConfig(resolve(root, 'tsconfig.json')),
    },
  );
  if (typeof result.output === 'string') throw new Error('expected a cruise result, got a report');
  return result.output.summary.violations;
}

describe('the dependency rules (.dependency-cruiser.cjs)', () => {
  it('report each planted break under the name of the rule it breaks', async () => {
    const found = await violations(fixture, ['gateway', 'adapters']);
    const broken = found.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(broken).toContain('layer-core: gateway/core/clock.ts → gateway/http/route.ts');
    expect(broken).toContain('adapters-see-only-the-sdk: adapters/acme/inbound.ts → gateway/core/clock.ts');
    expect(found.some((v) => v.rule.name === 'no-circular' && v.from === 'gateway/store/a.ts')).toBe(true);
    expect(broken).toContain('folders-import-faces: gateway/http/reach-in.ts → gateway/store/a.ts');
  });

  it('print why a rule exists when it breaks', async () => {
    const options = await extractDepcruiseOptions(resolve(root, '.dependency-cruiser.cjs'));
    const rules = options.ruleSet?.forbidden ?? [];
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) expect(rule.comment, rule.name).toMatch(/\S{10,}.*\S/);
  });

  it('pass on the real tree', async () => {
    const found = await violations(root, ['gateway', 'adapters', 'contracts']);
    expect(found.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });
});
