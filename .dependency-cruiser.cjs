// The import graph, checked by `npm test` (scripts/check-imports.ts): packages point down, never up,
// never in a cycle; a workspace is entered only through its package name (its `exports`), never by a
// relative path into its folder; only the end-to-end tests in test/e2e/ may span workspaces.
const { readdirSync, readFileSync, existsSync } = require('node:fs');

/** Lower layers never import higher ones. A new package joins the layer of what it may use. */
const LAYERS = [
  ['core', 'config', 'protocols'],
  ['db', 'eventlog', 'testing', 'devstack'],
  ['pipeline', 'contracts'],
  ['domain', 'gps', 'mix', 'parcels', 'trips', 'rules', 'alerts', 'commands'],
];

const packages = readdirSync('packages').filter((p) => existsSync(`packages/${p}/package.json`));
const unlayered = packages.filter((p) => !LAYERS.flat().includes(p));
if (unlayered.length) throw new Error(`.dependency-cruiser.cjs: put ${unlayered.join(', ')} in a layer`);

const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${i}-imports-up`,
  comment: `packages/{${layer}} may only use packages of lower layers`,
  severity: 'error',
  from: { path: `^packages/(${layer.join('|')})/` },
  to: {
    path: `^packages/(${LAYERS.slice(i + 1)
      .flat()
      .join('|')})/`,
  },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'no cycles, except through type-only imports (erased at run time)',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'package-imports-app',
      comment: 'packages are libraries: they never import an app',
      severity: 'error',
      from: { path: '^packages/[^/]+/src/' },
      to: { path: '^apps/' },
    },
    ...layerRules,
    {
      name: 'relative-path-into-another-workspace',
      comment:
        'another workspace is used through its package name and exports, never by a relative path into its folder (tests included: shared test code belongs to the importing tree or to test/e2e)',
      severity: 'error',
      from: { path: '^(packages|apps)/([^/]+)/' },
      to: { dependencyTypes: ['local'], pathNot: ['^$1/$2/'] },
    },
    {
      name: 'deep-import-into-package-src',
      comment: 'a package is entered through an entry point its package.json exports',
      severity: 'error',
      from: { path: '^((packages|apps)/[^/]+|test|scripts|bench)/' },
      to: {
        path: '^packages/[^/]+/',
        pathNot: ['^$1/', '^packages/[^/]+/src/index\\.ts$', ...exportedEntries()],
      },
    },
    {
      name: 'unresolvable',
      comment: 'an import that does not resolve (e.g. a path a package does not export)',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'undeclared-dependency',
      comment: 'each workspace declares what it imports in its own package.json',
      severity: 'error',
      from: { path: '^(packages|apps)/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(\\.next|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    moduleSystems: ['es6', 'cjs'],
  },
};

/** Every file a package exports by name (`"./jobs": "./src/jobs/catalog.ts"`), allowed as an entry. */
function exportedEntries() {
  return packages.flatMap((p) => {
    const { exports } = JSON.parse(readFileSync(`packages/${p}/package.json`, 'utf8'));
    const targets = typeof exports === 'string' ? [exports] : Object.values(exports ?? {});
    return targets
      .filter((t) => typeof t === 'string')
      .map((t) => `^packages/${p}/${t.replace(/^\.\//, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  });
}
