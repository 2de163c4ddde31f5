/**
 * The dependency rules of the code base, checked in CI (`npm run depcheck`, ARCHITECTURE.md).
 * Every rule's `comment` is printed when it breaks: it says which rule it is and why it exists.
 */

/**
 * The layers of gateway/, lowest first. A folder (or top-level file) imports only its own layer and
 * the layers below it. `adapters` stands for the repository's adapters/ folder, whose entry points
 * (adapters/sdk.ts, adapters/host.ts, adapters/registry.ts) the delivery, pull and HTTP layers use.
 */
const LAYERS = [
  ['core'],
  ['crypto'],
  ['audit', 'config', 'standard'],
  ['store'],
  ['log'],
  ['registry'],
  ['merge'],
  ['adapters'],
  ['telemetry'],
  ['ingest', 'delivery'],
  ['monitor', 'pull', 'publication'],
  ['services'],
  ['http'],
  ['compose'],
  ['cli'],
];

/** The path pattern of a layer member: a gateway/ folder, a gateway/ top-level file, or adapters/. */
function member(name) {
  if (name === 'adapters') return '^adapters/';
  if (name === 'services' || name === 'compose') return `^gateway/${name}\\.ts$`;
  return `^gateway/${name}/`;
}

const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.join('-')}`,
  comment:
    `Layer order (ARCHITECTURE.md): ${layer.join(', ')} may only import ${LAYERS.slice(0, i + 1).flat().join(', ')}. ` +
    'A lower layer that imports a higher one drags the whole upper layer into its tests and starts cycles; ' +
    'move the shared type into a small file of the lowest layer that needs it.',
  severity: 'error',
  from: { path: layer.map(member) },
  to: { path: LAYERS.slice(i + 1).flat().map(member) },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-circular',
      comment:
        'No import cycles (ARCHITECTURE.md): a cycle, even through types only, makes load order matter and ' +
        'ties modules that should change on their own; move the shared type into a file both import.',
      severity: 'error',
      from: { path: '^(gateway|adapters|contracts)/' },
      to: { circular: true },
    },
    {
      name: 'adapters-see-only-the-sdk',
      comment:
        'Adapters see only the SDK (ARCHITECTURE.md, adapters/README.md): an adapter imports adapters/sdk.ts, ' +
        'its own folder and the shared adapters/native-codecs/, never gateway internals, so the gateway can ' +
        'change behind the SDK without touching every adapter. Add what an adapter needs to the SDK. ' +
        "An adapter's own tests (*.test.ts) are free, like every test.",
      severity: 'error',
      from: { path: '^adapters/([^/]+)/', pathNot: ['^adapters/native-codecs/', '\\.test\\.ts$'] },
      to: {
        path: '^(gateway|adapters)/',
        pathNot: ['^adapters/$1/', '^adapters/sdk\\.ts$', '^adapters/native-codecs/'],
      },
    },
    {
      name: 'native-codecs-see-only-the-sdk',
      comment:
        'The shared native codecs (adapters/native-codecs/) are part of every adapter: like adapters, they import ' +
        'only adapters/sdk.ts and each other, never gateway internals or one adapter.',
      severity: 'error',
      from: { path: '^adapters/native-codecs/' },
      to: { path: '^(gateway|adapters)/', pathNot: ['^adapters/native-codecs/', '^adapters/sdk\\.ts$'] },
    },
    {
      name: 'gateway-sees-adapters-through-host-and-sdk',
      comment:
        'The gateway reaches adapters only through adapters/host.ts, adapters/registry.ts and adapters/sdk.ts: ' +
        'adapters are registered in one list (adapters/registry.ts) and the gateway never depends on one of them.',
      severity: 'error',
      from: { path: '^gateway/' },
      to: { path: '^adapters/', pathNot: '^adapters/(host|registry|sdk)\\.ts$' },
    },
    {
      name: 'folders-import-faces',
      comment:
        'Every folder of gateway/ has one public face, its index.ts, which only re-exports (ARCHITECTURE.md): ' +
        'another folder imports that face, never a file inside, so a folder can rearrange its files without ' +
        'touching its users. Export the name from the index.ts of the folder you import from.',
      severity: 'error',
      from: { path: '^gateway/([^/]+)/' },
      to: { path: '^gateway/[^/]+/', pathNot: ['^gateway/$1/', '^gateway/[^/]+/index\\.ts$'] },
    },
    {
      name: 'top-level-files-import-faces',
      comment:
        'compose.ts, services.ts, the adapter SDK, host and registry, and the contract suite import gateway/ ' +
        'folders through their index.ts like any other folder (ARCHITECTURE.md), for the same reason.',
      severity: 'error',
      from: { path: ['^gateway/[^/]+\\.ts$', '^adapters/[^/]+\\.ts$', '^contracts/'], pathNot: '\\.test\\.ts$' },
      to: { path: '^gateway/[^/]+/', pathNot: '^gateway/[^/]+/index\\.ts$' },
    },
    {
      name: 'routes-never-import-routes',
      comment:
        'A route file never imports another route file (ARCHITECTURE.md): handlers only translate HTTP, so what two ' +
        'routes share is a request helper (gateway/http/params.ts, gateway/http/middleware/) or a service, not a route.',
      severity: 'error',
      from: { path: '^gateway/http/routes/' },
      to: { path: '^gateway/http/routes/' },
    },
    {
      name: 'production-code-never-imports-tests',
      comment:
        'gateway/ and adapters/ never import test/ (or a *.test.ts file): test helpers would ship in the ' +
        'service and a test-only shortcut could reach production.',
      severity: 'error',
      from: { path: '^(gateway|adapters)/', pathNot: '\\.test\\.ts$' },
      to: { path: ['^test/', '\\.test\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^node_modules', '/fixtures/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
