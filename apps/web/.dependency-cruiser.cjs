// The web app's import graph, checked by `npm test` (run from this folder): no cycles, and of the
// platform's packages only the API contract (and @pioneira/core/time), its schemas as types only, so no server code (nor
// TypeBox) ever reaches the browser bundle.
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'web-imports-server-code',
      comment:
        'the web app may use @pioneira/contracts and the time helpers of @pioneira/core/time, nothing else of the platform',
      severity: 'error',
      from: { path: '^src/' },
      to: {
        path: '^\\.\\./\\.\\./(packages|apps)/',
        pathNot: ['^\\.\\./\\.\\./packages/contracts/src/', '^\\.\\./\\.\\./packages/core/src/time\\.ts$'],
      },
    },
    {
      name: 'web-runs-schemas',
      comment: 'only @pioneira/contracts/enums may be imported for its values; the schemas are types only',
      severity: 'error',
      from: { path: '^src/' },
      to: {
        path: '^\\.\\./\\.\\./packages/contracts/src/',
        pathNot: '^\\.\\./\\.\\./packages/contracts/src/enums\\.ts$',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'unresolvable',
      comment: 'geojson is a types-only module (@types/geojson), resolved by tsc',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: '^geojson$' },
    },
    {
      name: 'undeclared-dependency',
      severity: 'error',
      from: { path: '^src/' },
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
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json', '.css'],
    },
  },
};
