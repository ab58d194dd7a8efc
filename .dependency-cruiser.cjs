/**
 * The dependency rule between folders (ARCHITECTURE.md). test/architecture/dependency-rule.test.ts
 * runs it; `npx depcruise workflows activities workers api shared` shows the same report.
 * Paths are regular expressions on paths relative to the repository root.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'platform-knows-no-domain',
      comment: 'Mechanisms (shared/platform) are reusable: they depend on nothing of the business or of the application.',
      severity: 'error',
      from: { path: '^shared/platform/' },
      to: { path: '^(shared/(domain|adapters|app)|workflows|activities|api|workers)/' },
    },
    {
      name: 'event-store-stands-alone',
      comment: 'The event store depends on no other mechanism; only on the Mongo helpers and generic helpers.',
      severity: 'error',
      from: { path: '^shared/platform/event-store/' },
      to: { path: '^shared/platform/', pathNot: '^shared/platform/(event-store|mongo|lib)/' },
    },
    {
      name: 'domain-is-the-business-only',
      comment: 'Bounded contexts hold aggregates, value objects, ports and pure view folds: no adapters, no composition, no runtime.',
      severity: 'error',
      from: { path: '^shared/domain/' },
      to: { path: '^(shared/(adapters|app)|workflows|activities|api|workers)/' },
    },
    {
      name: 'views-read-other-contexts-through-contracts',
      comment: "A context's views fold another context's facts from its published messages (its messages/ folder), never from its stored events or aggregates.",
      severity: 'error',
      from: { path: '^shared/domain/([^/]+)/views/' },
      to: { path: '^shared/domain/[^/]+/', pathNot: ['^shared/domain/$1/', '^shared/domain/kernel/', '^shared/domain/[^/]+/messages/'] },
    },
    {
      name: 'adapters-implement-ports',
      comment: 'Adapters implement domain ports with platform mechanisms; nothing above them.',
      severity: 'error',
      from: { path: '^shared/adapters/' },
      to: { path: '^(shared/app|workflows|activities|api|workers)/' },
    },
    {
      name: 'nothing-imports-a-worker',
      comment: 'workers/ holds only the entry files of runnable processes.',
      severity: 'error',
      from: { pathNot: '^workers/' },
      to: { path: '^workers/' },
    },
    {
      name: 'api-sees-workflow-contracts-only',
      comment: 'The API starts, signals, updates and queries workflows through their contract module, never their internals.',
      severity: 'error',
      from: { path: '^api/' },
      to: { path: '^workflows/', pathNot: '-contract\\.ts$' },
    },
    {
      name: 'api-runs-no-activities',
      severity: 'error',
      from: { path: '^api/' },
      to: { path: '^activities/' },
    },
    {
      name: 'workflows-stay-deterministic',
      comment: 'Workflow code is bundled into the sandbox: it may use the pure domain and its own folder, and activity interfaces as types only.',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: '^(shared/(platform|adapters|app)|api|workers)/' },
    },
    {
      name: 'workflows-see-activity-types-only',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: '^activities/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'activities-below-the-api',
      severity: 'error',
      from: { path: '^activities/' },
      to: { path: '^(api|workers)/' },
    },
    {
      name: 'console-front-end-stands-alone',
      comment: "The console's browser code is bundled by Vite: it imports its own files and its packages, nothing of the product (it reads the API over HTTP).",
      severity: 'error',
      from: { path: '^api/console/web/' },
      to: { path: '^(shared|workflows|activities|workers|api)/', pathNot: '^api/console/web/' },
    },
    {
      name: 'nothing-imports-the-console-front-end',
      severity: 'error',
      from: { pathNot: '^api/console/web/' },
      to: { path: '^api/console/web/' },
    },
    {
      name: 'no-folder-cycles',
      comment: 'Two folders never import each other, directly or through others.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(shared|workflows|activities|api|workers)/' },
      to: { circular: true },
    },
    {
      name: 'no-module-cycles',
      severity: 'error',
      from: { path: '^(shared|workflows|activities|api|workers)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['^node_modules', '^\\.tools'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
