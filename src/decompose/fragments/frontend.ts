/**
 * Frontend templates (seed pattern 1 frontend half and the dark-mode workflow): context providers,
 * UI elements placed somewhere (with the endpoint an action label implies), UI capabilities,
 * component updates, persistence, and plain UI edits.
 * @module
 */
import { GENERIC_PLACES, STORAGE_CUE, THEME_CUE } from '../lexicon.js';
import type { Phrase } from '../nouns.js';
import { actionNoun, componentName, destination, requirementOf, uiElement, words } from '../nouns.js';
import { pascal } from '../words.js';
import type { BuildContext, Draft, Fragment, Group } from './types.js';
import { draft } from './types.js';
import { objectText, restate, short } from './titles.js';

const CONTEXT_WORDS = /\b(?:context|provider|store)\b/;
const CONTEXT_NOISE = /\b(?:context|provider|store|global|state|react|app|application|new)\b/gi;
const GENERIC_SETTING = /^(?:preferences?|settings?|state|choice|selection|value|mode|option|options|config|configuration)$/i;
const COMPONENT_BATCHES = ['layout', 'form', 'navigation and data'] as const;

/** "theme context provider" → "theme"; used to qualify "the preference". */
export function contextNameOf(phrase: Phrase): string | undefined {
  if (!CONTEXT_WORDS.test(phrase.headKey)) return undefined;
  const name = phrase.head.replace(CONTEXT_NOISE, ' ').replace(/\s+/g, ' ').trim();
  return name === '' ? undefined : name;
}

/** Globs for a place in the UI: "user settings page" → ["**\/settings*"], "header" → ["**\/header*"], "app" → []. */
function placeGlobs(place: string): string[] {
  const named = words(place)
    .map((word) => word.toLowerCase().replace(/[^a-z0-9_-]/g, ''))
    .filter((word) => word !== '' && !GENERIC_PLACES.has(word));
  const key = named.at(-1);
  return key === undefined ? [] : [`**/${key}*`];
}

function contextFragment(group: Group, context: BuildContext): Fragment {
  const name = contextNameOf(group.primary.phrase) ?? context.topic ?? 'app';
  const type = pascal(name) || 'App';
  return {
    layer: 1,
    area: 'frontend',
    subject: `${type}Context provider`,
    docSubject: context.topic ?? `${name} context`,
    analysis: [],
    work: [
      draft('types', `Define ${name} types`, 'backend-engineer', 'frontend-foundation', 'Frontend Foundation'),
      draft('context', `Create ${type}Context provider`, 'backend-engineer', 'frontend-foundation', 'Frontend Foundation', {
        touches: [`src/**/${type}Context*`],
        description: group.primary.clause.text,
      }),
      draft('hook', `Create use${type} hook`, 'backend-engineer', 'frontend-foundation', 'Frontend Foundation', {
        after: ['types', 'context'],
        touches: [`src/**/use${type}*`],
      }),
      draft('layout', `Wrap app layout with ${type}Provider`, 'backend-engineer', 'frontend-wiring', 'Frontend Integration', {
        after: ['hook'],
        touches: ['src/**/layout*'],
      }),
    ],
    tests: [draft('test', `Write unit tests for ${type}Context provider and use${type} hook`, 'test-engineer', 'write-tests', 'Testing', { after: ['hook'] })],
    runsTests: false,
  };
}

function elementFragment(group: Group, context: BuildContext): Fragment {
  const { phrase } = group.primary;
  const label = phrase.quotes[0];
  const component = componentName(phrase.head, phrase.headKey, label, context.topic);
  const element = uiElement(phrase.headKey) ?? 'component';
  const place = destination(phrase);
  const requirement = requirementOf(phrase.relative);
  const action = label === undefined ? undefined : actionNoun(label);
  const work: Draft[] = [
    draft('create', `Create ${component} component`, 'backend-engineer', 'frontend', 'Frontend UI', {
      touches: [`src/**/${component}*`],
      description: group.primary.clause.text,
    }),
  ];
  if (place !== undefined) {
    work.push(draft('mount', `Add ${short(phrase.head)} to ${short(place.full)}`, 'backend-engineer', 'frontend', 'Frontend UI', {
      after: ['create'],
      touches: placeGlobs(place.np),
    }));
  }
  if (requirement !== undefined) {
    work.push(draft('requirement', `Add ${short(requirement)} to ${component}`, 'backend-engineer', 'frontend', 'Frontend UI', { after: ['create'] }));
  }
  const uiSinks = work.length > 1 ? work.slice(1).map((item) => item.key) : ['create'];
  const tests = [draft('component-tests', `Write component tests for ${component}`, 'test-engineer', 'write-tests', 'Testing', { after: uiSinks })];
  if (action !== undefined) {
    const endpoint = `${action} endpoint`;
    work.push(
      draft('endpoint', `Create ${endpoint}${requirement === undefined ? '' : ` with ${short(requirement)}`}`, 'backend-engineer', 'backend', 'Backend API'),
      draft('connect', `Connect ${component} to ${endpoint}`, 'backend-engineer', 'integration', 'Integration', {
        after: [...uiSinks, 'endpoint'],
      }),
    );
    tests.push(draft('endpoint-tests', `Write integration tests for ${endpoint}`, 'test-engineer', 'write-tests', 'Testing', { after: ['endpoint'] }));
  }
  return {
    layer: 2,
    area: 'frontend',
    subject: label === undefined ? component : `${label} ${element}`,
    analysis: [],
    work,
    tests,
    runsTests: false,
  };
}

function capabilityFragment(group: Group): Fragment {
  const { phrase } = group.primary;
  const capability = short(phrase.head);
  const component = pascal(words(phrase.head).join(' ')) || 'Feature';
  const place = destination(phrase);
  const work: Draft[] = [
    draft('create', `Create ${component} component`, 'backend-engineer', 'frontend', 'Frontend UI', {
      touches: [`src/**/${component}*`],
      description: group.primary.clause.text,
    }),
    place === undefined
      ? draft('state', `Add ${capability} state management`, 'backend-engineer', 'frontend', 'Frontend UI', { after: ['create'] })
      : draft('mount', `Add ${capability} to ${short(place.full)}`, 'backend-engineer', 'frontend', 'Frontend UI', {
          after: ['create'],
          touches: placeGlobs(place.np),
        }),
  ];
  return {
    layer: 2,
    area: 'frontend',
    subject: place === undefined ? capability : `${capability} for ${short(place.np)}`,
    analysis: [],
    work,
    tests: [draft('component-tests', `Write component tests for ${component}`, 'test-engineer', 'write-tests', 'Testing')],
    runsTests: false,
  };
}

/** A new frontend thing: a context provider, a UI element, or a UI capability such as pagination. */
export function frontendFeatureFragment(group: Group, context: BuildContext): Fragment {
  const { phrase } = group.primary;
  if (CONTEXT_WORDS.test(phrase.headKey)) return contextFragment(group, context);
  if (uiElement(phrase.headKey) !== undefined) return elementFragment(group, context);
  return capabilityFragment(group);
}

function componentsFragment(group: Group, context: BuildContext): Fragment {
  const { phrase } = group.primary;
  const purpose = phrase.purpose === undefined ? undefined : `to ${phrase.purpose}`;
  const theme = THEME_CUE.exec(phrase.purpose?.toLowerCase() ?? '')?.[0] ?? (context.topic !== undefined && THEME_CUE.test(context.topic.toLowerCase()) ? context.topic : undefined);
  const work: Draft[] = [];
  if (theme !== undefined) {
    work.push(draft('styles', `Define ${theme} CSS variables`, 'devops-engineer', 'styles', 'Styles', { touches: ['**/*.css'] }));
  }
  const after = theme === undefined ? undefined : ['styles'];
  const suffix = purpose === undefined ? '' : ` ${purpose}`;
  const named = words(phrase.head.replace(/\bcomponents?\b/gi, ' ')).filter((word) => /^[A-Z]/.test(word) && word !== 'All');
  if (named.length > 0) {
    named.forEach((name, index) => {
      work.push(draft(`update-${index}`, `Update ${name} component${suffix}`, 'backend-engineer', 'component-update', 'Component Updates', { after }));
    });
  } else {
    COMPONENT_BATCHES.forEach((batch, index) => {
      work.push(draft(`update-${index}`, `Update ${batch} components${suffix}`, 'backend-engineer', 'component-update', 'Component Updates', { after }));
    });
  }
  return {
    layer: 2,
    area: 'frontend',
    subject: theme === undefined ? 'UI components' : `${theme} support in components`,
    docSubject: context.topic ?? theme ?? 'UI components',
    analysis: [],
    work,
    tests: [],
    runsTests: false,
  };
}

function persistenceFragment(group: Group, context: BuildContext): Fragment {
  const { phrase } = group.primary;
  const qualifier = context.contextName ?? context.topic;
  const what = GENERIC_SETTING.test(phrase.head) && qualifier !== undefined ? `${qualifier} ${phrase.head}` : phrase.head;
  const place = destination(phrase);
  const contextType = context.contextName === undefined ? undefined : pascal(context.contextName);
  return {
    layer: 2,
    area: 'frontend',
    subject: `${short(what)} persistence`,
    analysis: [],
    work: [
      draft('persist', `Persist ${short(what)}${place === undefined ? '' : ` to ${short(place.full)}`}`, 'backend-engineer', 'persistence', 'Persistence', {
        ...(contextType === undefined ? {} : { touches: [`src/**/${contextType}Context*`] }),
        description: group.primary.clause.text,
      }),
    ],
    tests: [draft('test', `Write unit tests for ${short(what)} persistence`, 'test-engineer', 'write-tests', 'Testing')],
    runsTests: false,
  };
}

/** A change to existing UI: component updates, persistence, or a plain edit. */
export function frontendUpdateFragment(group: Group, context: BuildContext): Fragment {
  const { phrase, verb } = group.primary;
  if (/\bcomponents\b/.test(phrase.headKey) || (phrase.quantified && /\bcomponent\b/.test(phrase.headKey))) return componentsFragment(group, context);
  const storage = STORAGE_CUE.test(phrase.preps.map((prep) => prep.key).join(' '));
  if (['persist', 'store', 'save', 'cache', 'remember', 'sync'].includes(verb ?? '') || storage) return persistenceFragment(group, context);
  return {
    layer: 2,
    area: 'frontend',
    subject: short(objectText(phrase)),
    analysis: [],
    work: [draft('update', restate(group.primary), 'backend-engineer', 'frontend', 'Frontend UI', { description: group.primary.clause.text })],
    tests: [],
    runsTests: false,
    documented: false,
  };
}
