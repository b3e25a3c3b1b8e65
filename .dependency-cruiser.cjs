/**
 * What may import what in src/ (docs/architecture.md, "Dependency rules"), checked by `npm test`
 * (depcruise src --config .dependency-cruiser.cjs). Each rule says why; a violation fails the run.
 *
 * The layers, lowest first; each may import the ones below it:
 *   lib, engine                pure: lib imports nothing of src, engine only itself (and xstate, zod)
 *   config.ts, log.ts, http    the settings, the logger, the HTTP server and its route type
 *   channels contract          src/channels/*.ts: the types, SendError, the registry
 *   core                       i18n, store, queue, runtime, flows
 *   channel adapters           src/channels/<name>/: reach the core through ChannelContext
 *                              (src/channels/twilio/: the kit of the channels Twilio carries, SMS
 *                              and WhatsApp; an adapter-level folder with no registry entry)
 *   domain                     contacts, elections, knowledge: data several features build on
 *   features                   campaigns, shifts, handoff, feedback, privacy, metrics: never each other
 *   admin, console             the organizers' surfaces over the features (HTTP API, web pages)
 *   app                        the composition root
 *   cli                        the command line
 */
const CORE = '^src/(i18n|store|queue|runtime|flows)/';
const CONTRACT = '^src/channels/[^/]+\\.ts$';
const ADAPTERS = '^src/channels/[^/]+/';
/** Provider kits: code several adapters of one provider share (webhook signatures, the SDK client, its error codes). */
const KITS = '^src/channels/twilio/';
const DOMAIN = '^src/(contacts|elections|knowledge)/';
const SURFACES = '^src/(admin|console)/';
const FEATURES = '^src/(campaigns|shifts|handoff|feedback|privacy|metrics)/';
const ABOVE_CORE = `${ADAPTERS}|${DOMAIN}|${FEATURES}|${SURFACES}|^src/(app|cli)/`;
/** Every file of src/ is in one of the layers above (a new top-level folder must be placed in one). */
const KNOWN = `^src/(lib|engine|http|channels|i18n|store|queue|runtime|flows|contacts|elections|knowledge|campaigns|shifts|handoff|feedback|privacy|metrics|admin|console|app|cli)/|^src/(config|log)\\.ts$`;

module.exports = {
  forbidden: [
    {
      name: 'every-folder-in-a-layer',
      severity: 'error',
      comment: 'Each top-level folder of src/ belongs to a layer, so the rules below check it: place a new folder in one (here and in docs/architecture.md).',
      from: { path: '^src/', pathNot: KNOWN },
      to: {},
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No module reaches itself through imports that run: every folder is above or below another, never both. ' +
        'Types may name each other (Runtime and AppModule do); a type-only import loads nothing.',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-folder-cycles',
      severity: 'error',
      comment: 'No folder reaches itself through another, counting type imports too: the layers above hold.',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'src-not-to-test-or-bench',
      severity: 'error',
      comment: 'Production code never loads test helpers or benchmarks (they need devDependencies: a production install has none).',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'engine-is-pure',
      severity: 'error',
      comment: 'The engine is pure (no I/O, no clock): it imports only its own files, xstate and zod.',
      from: { path: '^src/engine/' },
      to: { pathNot: '^(src/engine/|node_modules/(xstate|zod)/)', dependencyTypesNot: ['core'] },
    },
    {
      name: 'engine-no-node-io',
      severity: 'error',
      comment: 'Of Node itself the engine uses only crypto (a flow version is the hash of its definition).',
      from: { path: '^src/engine/' },
      to: { dependencyTypes: ['core'], pathNot: '^(node:)?crypto$' },
    },
    {
      name: 'lib-is-a-leaf',
      severity: 'error',
      comment: 'src/lib holds small pure helpers everyone shares; they depend on nothing else of src.',
      from: { path: '^src/lib/' },
      to: { path: '^src/', pathNot: '^src/lib/' },
    },
    {
      name: 'leaf-files',
      severity: 'error',
      comment: 'config.ts, log.ts and src/http are below everything that uses them.',
      from: { path: '^src/(config\\.ts|log\\.ts|http/)' },
      to: { path: '^src/', pathNot: '^src/(config\\.ts|log\\.ts|http/|lib/)' },
    },
    {
      name: 'contract-below-core',
      severity: 'error',
      comment: 'The channel contract names what channels use of the core without importing it; only the registry loads adapters (lazily).',
      from: { path: CONTRACT, pathNot: '^src/channels/registry\\.ts$' },
      to: { path: `${CORE}|${ABOVE_CORE}` },
    },
    {
      name: 'registry-loads-only-adapters',
      severity: 'error',
      comment: 'The registry is dependency-free: its only imports are the contract and the adapters it loads when the system starts.',
      from: { path: '^src/channels/registry\\.ts$' },
      to: { path: `${CORE}|${DOMAIN}|${FEATURES}|${SURFACES}|^src/(app|cli)/` },
    },
    {
      name: 'core-not-above',
      severity: 'error',
      comment: 'The core never imports a channel adapter, a feature, a surface or the composition root: features plug in through AppModule hooks.',
      from: { path: CORE },
      to: { path: ABOVE_CORE },
    },
    {
      name: 'adapters-through-the-contract',
      severity: 'error',
      comment: 'A channel adapter reaches the core through ChannelContext only (its texts included), and knows no feature.',
      from: { path: ADAPTERS },
      to: { path: `${CORE}|${DOMAIN}|${FEATURES}|${SURFACES}|^src/(app|cli)/` },
    },
    {
      name: 'adapters-independent',
      severity: 'error',
      comment: 'A channel adapter never imports another one; what the channels of one provider share is a kit (src/channels/twilio/), which imports no adapter.',
      from: { path: '^src/channels/([^/]+)/' },
      to: { path: ADAPTERS, pathNot: `^src/channels/$1/|${KITS}` },
    },
    {
      name: 'domain-independent',
      severity: 'error',
      comment: 'contacts and elections do not import each other.',
      from: { path: DOMAIN },
      to: { path: DOMAIN, pathNot: '^src/$1/' },
    },
    {
      name: 'domain-not-above',
      severity: 'error',
      comment: 'contacts and elections are data features build on; they import no feature.',
      from: { path: DOMAIN },
      to: { path: `${FEATURES}|${SURFACES}|^src/(app|cli)/` },
    },
    {
      name: 'features-independent',
      severity: 'error',
      comment: 'A feature never imports another feature: what one must let others do is a hook (AppModule) or lives in a lower layer.',
      from: { path: FEATURES },
      to: { path: FEATURES, pathNot: '^src/$1/' },
    },
    {
      name: 'features-not-to-surfaces',
      severity: 'error',
      comment: 'Features know nothing of the surfaces over them (the admin API, the CLI) or of the composition root.',
      from: { path: FEATURES },
      to: { path: `${SURFACES}|^src/(app|cli)/` },
    },
    {
      name: 'app-only-from-cli',
      severity: 'error',
      comment: 'The composition root is imported by the command line only (and lists everything else).',
      from: { path: '^src/', pathNot: '^src/(app|cli)/' },
      to: { path: '^src/app/' },
    },
    {
      name: 'cli-is-the-top',
      severity: 'error',
      comment: 'Nothing imports the command line.',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
  ],
  options: {
    // Reported when src imports them (src-not-to-test-or-bench), never cruised.
    doNotFollow: { path: ['node_modules', '^(test|bench)/'] },
    // Type-only imports count too: a layer does not name a higher one even in a type.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
