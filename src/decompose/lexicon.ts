/**
 * Word lists and cue patterns of the pattern decomposer. All patterns run on lower-cased text whose
 * quoted spans are masked, so a label like "Delete Account" never triggers a keyword.
 * @module
 */

/** Imperative verbs that start a clause ("add", "fix", ...). */
export const VERBS: ReadonlySet<string> = new Set([
  'add', 'create', 'build', 'implement', 'introduce', 'make', 'set', 'support', 'enable', 'allow', 'provide',
  'expose', 'integrate', 'wire', 'connect', 'update', 'change', 'modify', 'extend', 'improve', 'enhance',
  'optimize', 'optimise', 'fix', 'resolve', 'repair', 'debug', 'investigate', 'diagnose', 'patch', 'handle',
  'write', 'test', 'retest', 'verify', 'validate', 'check', 'ensure', 'cover', 'document', 'refactor',
  'restructure', 'reorganize', 'reorganise', 'rename', 'clean', 'cleanup', 'simplify', 'extract', 'split',
  'convert', 'rewrite', 'move', 'consolidate', 'modernize', 'modernise', 'decouple', 'deduplicate', 'migrate',
  'remove', 'delete', 'drop', 'deprecate', 'replace', 'upgrade', 'bump', 'install', 'uninstall', 'downgrade',
  'deploy', 'release', 'publish', 'ship', 'roll', 'run', 'execute', 'apply', 'generate', 'design', 'persist',
  'store', 'save', 'cache', 'log', 'track', 'monitor', 'paginate', 'translate', 'localize', 'localise',
  'configure', 'audit', 'review', 'lint', 'backfill', 'send', 'notify', 'schedule', 'secure', 'protect',
  'harden', 'purge', 'truncate', 'wipe', 'archive', 'automate', 'containerize', 'containerise', 'dockerize',
  'scaffold', 'adjust', 'adapt', 'tweak', 'revert', 'restore', 'increase', 'reduce', 'limit', 'throttle',
  'display', 'show', 'hide', 'render', 'redesign', 'define', 'use', 'port', 'encrypt', 'sync', 'prevent',
  'disable', 'correct', 'clarify', 'reproduce', 'profile', 'benchmark', 'speed', 'expand',
]);

/** Two-word verbs folded to one lemma. */
export const PHRASAL_VERBS: Readonly<Record<string, string>> = {
  'set up': 'set', 'clean up': 'clean', 'roll out': 'deploy', 'speed up': 'optimize', 'hook up': 'connect',
  'get rid of': 'remove', 'look into': 'investigate', 'write up': 'document', 'tidy up': 'clean',
};

/** Leading words that are not part of the instruction. */
export const POLITE_PREFIX =
  /^(?:(?:please|kindly|also|then|and|now|finally|first|next|lastly|additionally|afterwards)\s*,?\s+|(?:we|i)\s+(?:also\s+)?(?:need|want|would like|have)\s+to\s+|(?:can|could|would)\s+you\s+(?:please\s+)?|let'?s\s+|make sure (?:to|that we)\s+)/i;

/** Articles and determiners dropped from noun phrases. */
export const DETERMINERS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'this', 'that', 'these', 'those', 'our', 'my', 'your', 'its', 'their', 'some', 'any',
]);

/** Quantifiers that mean "every one of them". */
export const QUANTIFIERS: ReadonlySet<string> = new Set(['all', 'each', 'every', 'both']);

/** Adjectives that add nothing to a task title. */
export const FILLER_ADJECTIVES: ReadonlySet<string> = new Set([
  'proper', 'comprehensive', 'robust', 'better', 'full', 'thorough', 'complete', 'appropriate', 'necessary',
  'extensive', 'additional', 'more', 'good', 'solid', 'relevant', 'required', 'needed', 'missing', 'entire', 'whole',
]);

/** Nouns naming a UI element that becomes a component. */
export const UI_ELEMENTS: ReadonlySet<string> = new Set([
  'button', 'toggle', 'switch', 'link', 'checkbox', 'dropdown', 'menu', 'field', 'input', 'icon', 'badge',
  'banner', 'tooltip', 'modal', 'dialog', 'tab', 'form', 'bar', 'widget', 'card', 'panel', 'sidebar', 'navbar',
  'picker', 'slider', 'spinner', 'toast', 'popover', 'avatar', 'selector', 'select', 'carousel', 'breadcrumb',
  'breadcrumbs', 'stepper', 'wizard', 'chip', 'filter', 'filters', 'section', 'page', 'screen', 'view',
]);

/** UI elements whose name is itself the component kind ("toggle button" is a Toggle). */
export const PRIMARY_ELEMENTS: ReadonlySet<string> = new Set([
  'toggle', 'switch', 'dropdown', 'menu', 'checkbox', 'slider', 'picker', 'tooltip', 'modal', 'dialog', 'badge',
]);

/** Nouns of a location in the UI that carry no name ("settings page" → settings). */
export const GENERIC_PLACES: ReadonlySet<string> = new Set([
  'page', 'screen', 'view', 'section', 'component', 'ui', 'area', 'panel', 'table', 'app', 'application',
]);

/** Frontend cues. */
export const FRONTEND_CUE =
  /\b(?:ui|frontend|front-end|client[- ]side|page|pages|screen|screens|view|views|components?|buttons?|toggles?|modal|modals|dialogs?|forms?|header|footer|navbar|sidebar|menus?|dropdowns?|css|styles?|stylesheets?|themes?|dark mode|light mode|layout|localstorage|sessionstorage|tooltips?|icons?|tabs?|checkbox(?:es)?|banners?|dashboard|context provider|hooks?|react|vue|svelte|angular|tailwind|responsive|animations?|ux|widgets?|admin panel)\b/;

/** Backend cues. */
export const BACKEND_CUE =
  /\b(?:api|apis|endpoints?|routes?|server|server-side|backend|back-end|services?|middleware|graphql|rest|webhooks?|controllers?|resolvers?|rate[- ]limit(?:ing|s|er)?|throttl\w*|authentication|authorization|auth|jwt|oauth|sso|cron|queues?|workers?|background jobs?|caching|redis|grpc|websockets?)\b/;

/** Database cues that hold even in a UI sentence. */
export const DATABASE_STRONG_CUE =
  /\b(?:database|databases|db|schema|schemas|migrations?|sql|postgres(?:ql)?|mysql|sqlite|mongo(?:db)?|alembic|prisma|knex|sequelize|foreign keys?|primary keys?|alter table|create table|drop table|indexes|indices)\b/;

/** Database cues that mean a UI table or column when the sentence is about the UI. */
export const DATABASE_WEAK_CUE = /\b(?:columns?|tables?|index)\b/;

/** "schema" that is not a database schema. */
export const NON_DATABASE_SCHEMA = /\b(?:graphql|json|zod|validation|openapi|api|yaml|avro|protobuf|form)\s+schemas?\b/g;

/** Symptoms of a bug in a statement ("X is crashing"). */
export const SYMPTOM_CUE =
  /\b(?:crash\w*|broken|break(?:s|ing)?|not working|(?:does not|doesn't|do not|don't|isn't|is not|won't|will not|can't|cannot) (?:work|load|save|render|open|respond|start|connect|log in|login)|fail(?:s|ing|ed|ures?)?|errors?|exceptions?|throws?|throwing|hangs?|hanging|freez\w*|stuck|leak\w*|regressions?|bugs?|glitch\w*|incorrect(?:ly)?|wrong|unable to|times? out|timing out|500s?)\b/;

/** A need statement ("The frontend needs a dark mode toggle"). */
export const NEED_CUE =
  /\b(?:needs?|requires?|should (?:have|support|allow|show|offer)|must (?:have|support|allow)|wants?|would like|is missing|are missing|lacks?)\b/;

/** A follow-up clause of the previous one ("Update all affected files and tests"). */
export const FOLLOW_UP_CUE = /\b(?:affected|references|callers|call sites|usages|imports|dependents|dependent code)\b/;

/** Heads that are documentation. */
export const DOCS_HEAD =
  /\b(?:documentation|docs|readme|changelog|typos?|guides?|docstrings?|jsdoc|tsdoc|user manual|wiki|contributing)\b/;

/** Heads that are tests. */
export const TESTS_HEAD = /\b(?:tests?|test suites?|test cases|test coverage|coverage|specs?)\b/;

/** Kinds of test named in a clause. */
export const TEST_KIND = /\b(unit|integration|e2e|end-to-end|component|regression|snapshot|smoke|load|performance|contract|api|visual regression|acceptance|rbac)\s+(?:tests?|test suites?|specs?|coverage)\b/;

/** Words of a cleanup ("remove the deprecated v1 endpoints"). */
export const CLEANUP_CUE = /\b(?:deprecated|unused|dead|legacy|obsolete|old|stale|outdated|redundant|duplicate[ds]?|temporary|temp)\b/;

/** Data that a delete/purge acts on. */
export const DATA_CUE = /\b(?:data|records?|rows?|entries|users?|accounts?|customers?|orders?|logs?|events|messages|files|uploads|sessions)\b/;

/** Version or dependency words of an upgrade. */
export const VERSION_CUE = /\b(?:v?\d+(?:\.\d+)+|v\d+|latest|dependenc(?:y|ies)|packages?|librar(?:y|ies)|sdk|framework)\b/;

/** Cross-cutting hardening of existing code. */
export const HARDENING_HEAD =
  /^(?:error handling|errors handling|error messages?|exception handling|input validation|validation|validations|logging|retries|retry(?: logic)?|timeouts?|fallbacks?|loading states?|guards?|sanity checks?|null checks?|checks)$/;

/** Storage targets of a persistence clause. */
export const STORAGE_CUE = /\b(?:localstorage|sessionstorage|cookies?|indexeddb|local storage|session storage|url|query string)\b/;

/** Theming words that need CSS variables. */
export const THEME_CUE = /\b(?:dark mode|light mode|dark theme|light theme|themes?|theming|colou?r scheme|colou?rs?|high contrast)\b/;

/** Production targets of a deploy. */
export const PRODUCTION_CUE = /\b(?:prod|production|live|npm|pypi|crates\.io|docker hub|registry|app store|play store)\b/;

/** Verbs of a fix. */
export const FIX_VERBS: ReadonlySet<string> = new Set(['fix', 'resolve', 'repair', 'debug', 'investigate', 'diagnose', 'patch', 'correct']);

/** Verbs that write tests when their object is tests. */
export const TEST_WRITING_VERBS: ReadonlySet<string> = new Set([
  'write', 'add', 'create', 'implement', 'build', 'improve', 'increase', 'expand', 'extend', 'update', 'run',
  'set', 'cover', 'generate', 'design', 'introduce', 'provide',
]);

/** Verbs that start a refactor regardless of the object. */
export const REFACTOR_VERBS: ReadonlySet<string> = new Set([
  'refactor', 'restructure', 'reorganize', 'reorganise', 'clean', 'cleanup', 'simplify', 'extract', 'split',
  'convert', 'rewrite', 'consolidate', 'modernize', 'modernise', 'decouple', 'deduplicate',
]);

/** Verbs that remove something. */
export const REMOVE_VERBS: ReadonlySet<string> = new Set(['remove', 'delete', 'drop', 'deprecate', 'purge', 'truncate', 'wipe', 'uninstall']);

/** Verbs that create something new (a feature rather than an update). */
export const CREATE_VERBS: ReadonlySet<string> = new Set([
  'add', 'create', 'build', 'implement', 'introduce', 'support', 'enable', 'allow', 'provide', 'expose',
  'design', 'scaffold', 'set', 'generate', 'define',
]);

/** Verbs of a deploy or publish. */
export const DEPLOY_VERBS: ReadonlySet<string> = new Set(['deploy', 'release', 'publish', 'ship']);

/** Verbs of a dependency change. */
export const UPGRADE_VERBS: ReadonlySet<string> = new Set(['upgrade', 'bump', 'downgrade']);

/** Verbs of documentation edits. */
export const DOC_VERBS: ReadonlySet<string> = new Set([
  'update', 'write', 'add', 'fix', 'improve', 'create', 'expand', 'clarify', 'correct', 'rewrite', 'extend', 'review',
]);

/** Verbs of a follow-up clause. */
export const FOLLOW_UP_VERBS: ReadonlySet<string> = new Set(['update', 'fix', 'adjust', 'adapt', 'change', 'modify', 'migrate', 'rewrite', 'convert']);

/** Nouns that name a problem rather than a thing ("this issue"). */
export const PROBLEM_NOUNS: ReadonlySet<string> = new Set([
  'bug', 'bugs', 'issue', 'issues', 'problem', 'problems', 'error', 'errors', 'crash', 'crashes', 'failure', 'failures', 'it',
  'this', 'that', 'regression', 'defect', 'glitch',
]);

/** Verb of a quoted action label → its noun ("Delete Account" → "account deletion"). */
export const ACTION_NOUNS: Readonly<Record<string, string>> = {
  delete: 'deletion', remove: 'removal', save: 'saving', submit: 'submission', export: 'export', import: 'import',
  upload: 'upload', download: 'download', reset: 'reset', cancel: 'cancellation', create: 'creation',
  update: 'update', archive: 'archiving', send: 'sending', invite: 'invitation', deactivate: 'deactivation',
  close: 'closing', transfer: 'transfer', pay: 'payment', checkout: 'checkout', subscribe: 'subscription',
  unsubscribe: 'unsubscription', register: 'registration', verify: 'verification', change: 'change',
};
