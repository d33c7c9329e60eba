/**
 * Backend templates (seed pattern 1, backend half): endpoints with business logic and validation,
 * backend capabilities (rate limiting, caching), updates of existing endpoints, and whole features.
 * @module
 */
import { destination, prepObject } from '../nouns.js';
import { pascal } from '../words.js';
import type { BuildContext, Draft, Fragment, Group } from './types.js';
import { draft } from './types.js';
import { restate, short, withoutWords } from './titles.js';

const ENDPOINT_WORDS = /\b(?:endpoints?|apis?|routes?|resolvers?|webhooks?|controllers?|handlers?)\b/i;
const ARTEFACT_WORDS = /\b(?:new|rest|restful|graphql|http|endpoints?|apis?|routes?|resolvers?|webhooks?|controllers?|handlers?)\b/gi;
const MIDDLEWARE_WORDS = /\b(?:rate[- ]limit\w*|throttl\w*|logging|caching|cors|compression|authentication|authorization|auth)\b/i;

function analysisDrafts(subject: string, context: BuildContext, dataDomain: string | undefined): Draft[] {
  const drafts = [draft('deps', `Check dependencies for ${subject}`, 'devops-engineer', 'dependency-check', 'Analysis')];
  if (!context.hasMigration && dataDomain !== undefined) {
    drafts.unshift(draft('data', `Analyse data requirements for ${dataDomain}`, 'database-analyst', 'analysis', 'Analysis'));
  }
  return drafts;
}

function endpointFragment(group: Group, context: BuildContext): Fragment {
  const { phrase } = group.primary;
  const forWhat = prepObject(phrase, 'for');
  const relative = phrase.relative === undefined ? '' : ` that ${phrase.relative}`;
  const subject = short(`${phrase.head}${forWhat === undefined ? '' : ` for ${forWhat}`}${relative}`);
  const domain = short(forWhat ?? (withoutWords(phrase.head, ARTEFACT_WORDS) || phrase.head));
  return {
    layer: 1,
    area: 'backend',
    subject,
    analysis: analysisDrafts(subject, context, domain),
    work: [
      draft('logic', `Implement business logic for ${domain}`, 'backend-engineer', 'backend', 'Backend API'),
      draft('endpoints', `Create ${subject}`, 'backend-engineer', 'backend', 'Backend API', { description: group.primary.clause.text }),
      draft('validation', `Add input validation to ${subject}`, 'backend-engineer', 'backend', 'Backend API', { after: ['endpoints'] }),
    ],
    tests: [
      draft('unit', `Write unit tests for ${subject}`, 'test-engineer', 'write-tests', 'Testing', { after: ['logic', 'validation'] }),
      draft('integration', `Write integration tests for ${subject}`, 'test-engineer', 'write-tests', 'Testing', { after: ['logic', 'validation'] }),
    ],
    runsTests: false,
  };
}

function capabilityFragment(group: Group, context: BuildContext): Fragment {
  const { phrase } = group.primary;
  const capability = short(phrase.head);
  const target = destination(phrase) ?? (prepObject(phrase, 'for') === undefined ? undefined : { np: prepObject(phrase, 'for') ?? '', full: prepObject(phrase, 'for') ?? '' });
  const middleware = MIDDLEWARE_WORDS.test(capability) && !/\bmiddleware\b/i.test(capability) ? ' middleware' : '';
  const scope = target === undefined ? '' : ` for ${short(target.np)}`;
  const subject = target === undefined ? capability : `${capability} on ${short(target.np)}`;
  const work: Draft[] = [
    draft('implement', `Implement ${capability}${middleware}${scope}${phrase.purpose === undefined ? '' : ` to ${short(phrase.purpose)}`}`, 'backend-engineer', 'backend', 'Backend API', { description: group.primary.clause.text }),
    draft('config', `Add ${capability} configuration`, 'devops-engineer', 'generic', 'Backend API'),
  ];
  if (target !== undefined) {
    work.push(draft('apply', `Apply ${capability} to ${short(target.full)}`, 'backend-engineer', 'integration', 'Integration', { after: ['implement', 'config'] }));
  }
  return {
    layer: 1,
    area: 'backend',
    subject,
    analysis: analysisDrafts(capability, context, undefined),
    work,
    tests: [
      draft('unit', `Write unit tests for ${capability}`, 'test-engineer', 'write-tests', 'Testing', { after: ['implement'] }),
      draft('integration', `Write integration tests for ${subject}`, 'test-engineer', 'write-tests', 'Testing'),
    ],
    runsTests: false,
  };
}

/** A new backend endpoint or capability ("add authentication endpoints", "add rate limiting to the API"). */
export function backendFeatureFragment(group: Group, context: BuildContext): Fragment {
  return ENDPOINT_WORDS.test(group.primary.phrase.headKey) ? endpointFragment(group, context) : capabilityFragment(group, context);
}

/** A change to existing backend code ("update the login endpoint to set it on each successful login"). */
export function backendUpdateFragment(group: Group): Fragment {
  const { phrase } = group.primary;
  const subject = short(phrase.head);
  return {
    layer: 1,
    area: 'backend',
    subject,
    analysis: [],
    work: [draft('update', restate(group.primary), 'backend-engineer', 'backend', 'Backend API', { description: group.primary.clause.text })],
    tests: [draft('test', `Write tests for ${subject}`, 'test-engineer', 'write-tests', 'Testing')],
    runsTests: false,
  };
}

/** A feature across backend and frontend (seed full-stack template). */
export function fullstackFeatureFragment(group: Group, context: BuildContext): Fragment {
  const { phrase } = group.primary;
  const name = short(withoutWords(phrase.head, /\b(?:new|features?|full[- ]stack|frontend|backend|front-end|back-end)\b/gi) || phrase.head);
  const component = pascal(name) || 'Feature';
  return {
    layer: 1,
    area: 'backend',
    subject: name,
    analysis: analysisDrafts(name, context, name),
    work: [
      draft('logic', `Implement ${name} business logic`, 'backend-engineer', 'backend', 'Backend API', { description: group.primary.clause.text }),
      draft('endpoints', `Create ${name} endpoints`, 'backend-engineer', 'backend', 'Backend API'),
      draft('validation', `Add input validation to ${name} endpoints`, 'backend-engineer', 'backend', 'Backend API', { after: ['endpoints'] }),
      draft('component', `Create ${component} component`, 'backend-engineer', 'frontend', 'Frontend UI', { after: ['endpoints'], touches: [`src/**/${component}*`] }),
      draft('state', `Add ${name} state management`, 'backend-engineer', 'frontend', 'Frontend UI', { after: ['endpoints'] }),
      draft('connect', `Connect ${component} component to ${name} endpoints`, 'backend-engineer', 'integration', 'Integration', {
        after: ['logic', 'validation', 'component', 'state'],
      }),
    ],
    tests: [
      draft('unit', `Write unit tests for ${name} endpoints`, 'test-engineer', 'write-tests', 'Testing', { after: ['logic', 'validation'] }),
      draft('component-tests', `Write component tests for ${component}`, 'test-engineer', 'write-tests', 'Testing', { after: ['component', 'state'] }),
      draft('integration', `Write integration tests for ${name}`, 'test-engineer', 'write-tests', 'Testing', { after: ['connect'] }),
    ],
    runsTests: false,
  };
}
