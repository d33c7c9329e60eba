/**
 * Word lists that give the detector its negative context, and regex fragments shared by the rules.
 * @module
 */

/**
 * Words that make what follows them in a clause an artefact being authored, reviewed, tested,
 * documented or guarded against rather than an action being taken ("Review the DROP TABLE
 * migration", "Write tests for deleting users", "Prevent force pushes to main").
 */
export const SAFE_WORDS: ReadonlySet<string> = new Set(
  [
    // authoring
    'write writes writing author authoring draft drafts drafting compose create creates creating',
    'generate generates generating scaffold scaffolds scaffolding stub stubs implement implements',
    'implementing add adds adding build builds building code coding define defines defining declare',
    'design designs designing prototype prototyping refactor refactors refactoring fix fixes fixing',
    'update updates updating configure configures configuring configuration set setup wire wires',
    'integrate integrates integrating automate automates automating schedule schedules scheduling',
    // planning and analysis
    'plan plans planning outline outlines outlining sketch spec specs specify propose proposes',
    'proposing prepare prepares preparing review reviews reviewing audit audits auditing inspect',
    'inspects inspecting examine examines examining analyse analyses analysing analyze analyzes',
    'analyzing analysis investigate investigates investigating research researching study explore',
    'evaluate evaluates evaluating assess assesses assessing estimate estimates estimating compare',
    'compares comparing identify identifies identifying find finds finding list lists listing',
    'count counts measure measures monitor monitors monitoring trace traces read reads reading show',
    'shows showing display displays displaying visualise visualize diagram diagrams discuss discusses',
    // documentation
    'document documents documenting documentation describe describes describing explain explains',
    'explaining annotate annotates summarise summarize summarises summarizes doc docs readme',
    'changelog guide guides runbook runbooks checklist checklists rfc adr proposal tutorial example',
    'examples',
    // testing and verification
    'test tests testing unittest e2e mock mocks mocking fake fakes simulate simulates simulating',
    'simulation emulate rehearse rehearsing dry lint lints linting validate validates validating',
    'validation verify verifies verifying verification check checks checking ensure ensures ensuring',
    'confirm confirms confirming assert asserts detect detects detecting detection fixture fixtures',
    // feature wording: the task builds a capability, it does not use it
    'support supports supporting handle handles handling allow allows allowing let lets permit',
    'permits enable enables can could may might able',
    // prevention and negation
    'guard guards protect protects protecting prevent prevents preventing prevention block blocks',
    'blocking avoid avoids avoiding forbid forbids disallow disallows warn warns warning reject',
    'alert alerts alerting notify notifies notifying track tracks tracking flag flags flagging mark marks marking',
    'wrap wraps wrapping cache caches caching mention mentions mentioning',
    'rejects deny denies restrict restricts limit limits never not no dont doesnt cannot cant wont',
    'without instead rather',
    // backups are safe
    'backup backups snapshot snapshots export exports exporting',
  ]
    .join(' ')
    .split(' '),
);

/** Two-word safe phrases, joined by one space ("back up", "make sure"). */
export const SAFE_PHRASES: ReadonlySet<string> = new Set([
  'back up',
  'backs up',
  'backing up',
  'make sure',
  'makes sure',
  'set up',
  'sets up',
  'look at',
  'look into',
  'think about',
  'talk about',
  'do not',
  'does not',
  'must not',
  'should not',
  'will not',
  'would not',
  'can not',
]);

/** Words that open a subordinate clause: a later "and <verb>" still belongs to the authored artefact. */
export const SUBORDINATORS: ReadonlySet<string> = new Set(
  'to that which who whom how when where whether if so because while until unless whenever'.split(' '),
);

/** Imperative verbs that open a new, executed action in a later clause of a task description. */
export const EXEC_VERBS: ReadonlySet<string> = new Set(
  [
    'run rerun re-run execute apply re-apply reapply perform deploy redeploy release ship publish',
    'push force-push promote roll rollout revert migrate upgrade downgrade drop delete remove purge',
    'wipe erase destroy truncate alter restore reset rebase rewrite tear teardown decommission',
    'terminate flush clear clean nuke rename modify change update set scale restart rotate trigger',
    'kick launch cut switch go hard-delete',
  ]
    .join(' ')
    .split(' '),
);

/** Tokens skipped when looking for a clause's leading verb (bullets, numbering, labels). */
export const FILLER_WORDS: ReadonlySet<string> = new Set(
  'step task subtask todo then and also finally next now please first second third last wave phase critical title description the'.split(
    ' ',
  ),
);

/** A token of a rule's word window: any run of non-space characters, bounded for linear time. */
export const WORD = String.raw`[^\s]{1,60}`;

/**
 * A lazy window of at most `max` extra words; words that start with an `excluded` alternative end
 * the window (they name code, UI or documents, not data).
 */
export function gap(max: number, excluded?: string): string {
  const guard = excluded === undefined ? '' : String.raw`(?!(?:${excluded})(?![\w-]))`;
  return String.raw`(?:\s+${guard}${WORD}){0,${max}}?`;
}

/** Joins alternatives into a non-capturing group. */
export function alt(...parts: readonly string[]): string {
  return `(?:${parts.join('|')})`;
}

/** Words that name code, UI, tests or documents: a deletion of one is not a deletion of data. */
export const UI_CODE_WORDS = alt(
  String.raw`buttons?|dialogs?|modals?|confirmations?|prompts?|menus?|options?|links?|icons?|pages?|screens?|views?|forms?|flows?`,
  String.raw`features?|ui|ux|labels?|copy|tooltips?|toasts?|banners?|components?|widgets?|endpoints?|apis?|routes?|handlers?`,
  String.raw`controllers?|services?|methods?|functions?|hooks?|actions?|logic|functionality|permissions?|mutations?|resolvers?`,
  String.raw`models?|class|classes|types?|interfaces?|files?|code|flags?|checkbox(?:es)?|toggles?|tabs?|panels?|sections?|wizard`,
  String.raw`callbacks?|requests?|webhooks?|notifications?|validation|validators?|middleware|utils?|utility|utilities|helpers?`,
  String.raw`modules?|library|libraries|tests?|specs?|stor(?:y|ies)|fixtures?|mocks?|stubs?|docs?|documentation|readme`,
  String.raw`guides?|examples?|scripts?|jobs?|cron|workers?|tasks?|quer(?:y|ies)|statements?|commands?|cli|tools?|tooling`,
  String.raw`support|syntax|parser|config|configuration|settings|templates?|layer|client|driver|connections?|pool|adapter`,
  String.raw`wrapper|factory|builder|generator|naming|conventions?|pipelines?|workflows?|process|procedure|strategy`,
  String.raw`mechanism|polic(?:y|ies)|checklists?|runbooks?|plans?|proposal|rfc|diagrams?|notes|bugs?|issues?|errors?`,
  String.raw`cases?|scenarios?|paths?|props?|state|store|reducer|slice|selectors?|imports?|exports?|dependenc(?:y|ies)`,
  String.raw`packages?|variables?|constants?|comments?|todos?|console|debug|warnings?|lint|linter|styles?|css|html|markup|classnames?`,
  String.raw`access|fetching|loaders?|structures?|binding|layer|classes|dummy|sample|demo`,
  String.raw`placeholder|stale-while-revalidate|branch|branches|commits?|tags?|artifacts?|builds?|images?|containers?|node_modules|dist`,
);

/** {@link UI_CODE_WORDS} plus test, temporary and cache words: a deletion of one is not a deletion of data. */
export const CODE_WORDS = alt(
  UI_CODE_WORDS,
  String.raw`test|testing|mock|fake|seed|seeds|temp|tmp|temporary|cache|cached|caches|caching|localstorage|local|cookies?|drafts?|logs?`,
);

/** Non-production environments: a plain deploy there is not critical. */
export const NON_PROD = String.raw`\b(?:staging|stage|stg|dev|development|test|testing|qa|uat|sandbox|local|locally|localhost|storybook|preview|review[- ]app|ephemeral|demo|minikube|kind|k3d|docker[- ]desktop|feature[- ]environment|canary[- ]?test)\b`;

/** Dry runs and previews: nothing is changed. */
export const DRY_RUN = String.raw`(?:\bdry[- ]?runs?\b|--dry-run\b|--noop\b|\bno-?op\b|\bwhat-?if\b|--check\b|--plan\b|\bsimulat\w*|--sql\b|\bpreviews?\s+(?:of|deploy\w*|env\w*|build|mode|only|run)\b|\b(?:deploy\w*|migrations?|changes)\s+previews?\b|\bin\s+preview\b|\bplan[- ]only\b)`;

/** Words after "production" that do not make it a target ("production build", "production-ready"). */
const PROD_NOT_TARGET = String.raw`(?![-_](?:ready|like|grade|quality|build))(?!\s+(?:build|builds|bundle|mode|dependencies|deps|code|codebase|readiness|ready|grade|quality|logs?|metrics|monitoring|alerts?|dashboards?|incidents?|issues?|bugs?|errors?|tests?|reload|checklist|runbook|docs?|documentation|guide|plan|notes|banners?|buttons?|pages?|components?|headers?|footers?|styles?|css|layout|theme|logo|copy|text|labels?|badges?|icons?|colou?rs?|urls?\s+in\s+the\s+docs|config(?:uration)? (?:docs?|template|example)|parity|settings? (?:docs?|template)|like|grade)\b)`;

/** Production as a target ("to production", "prod database", "the live site", `--context prod`). */
export const PROD_TARGET = alt(
  String.raw`\b(?:prod|production|prd)\b${PROD_NOT_TARGET}`,
  String.raw`(?:to|on|in|into|against|onto)\s+(?:the\s+)?live\b(?![-_ ]reload)`,
  String.raw`\blive\s+(?:site|database|db|environment|env|server|servers|system|cluster|app|data|traffic|users)\b`,
);
