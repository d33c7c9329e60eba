/**
 * Rules for production deploys and production changes.
 * @module
 */
import { NON_PROD, PROD_TARGET, gap } from '../lexicon.js';
import {
  ARGS,
  COMMAND_NOT_AFTER,
  DEPLOY_GAP_EXCLUDED,
  PROD_GAP_EXCLUDED,
  r,
} from '../patterns.js';
import type { CriticalRule } from '../types.js';

const DEPLOY_VERBS = String.raw`\b(?:deploy|deploys|deploying|redeploy|redeploys|redeploying|release|releases|releasing|ship|ships|shipping|push|pushes|pushing|promote|promotes|promoting|roll\s+out|rolls\s+out|rolling\s+out|rollout|launch|launches|launching|publish|publishes|go\s+live|cut\s+over|cuts\s+over|switch\s+over|hotfix|hotfixes|roll\s+back|rolls\s+back|rollback|revert|reverts)\b`;

const PROD_CHANGE_VERBS = String.raw`\b(?:update|updates|updating|modify|modifies|modifying|change|changes|changing|alter|alters|patch|patches|patching|restart|restarts|restarting|reboot|reboots|bounce|scale|scales|scaling|rotate|rotates|rotating|upgrade|upgrades|upgrading|downgrade|reconfigure|flush|flushes|clear|clears|wipe|wipes|reset|resets|restore|restores|reindex|rebuild|rebuilds|recreate|recreates|backfill|backfills|backfilling|seed|seeds|seeding|load|loads|import|imports|importing|insert|inserts|delete|deletes|deleting|remove|removes|removing|drop|drops|truncate|purge|purges|destroy|destroys|tear\s+down|shut\s+down|shutdown|stop|stops|kill|kills|decommission|terminate|terminates|disable|disables|toggle|flip|failover|fail\s+over|revoke|revokes|invalidate|invalidates|deactivate|deactivates|suspend|suspends|set|sets|edit|edits|write\s+to|migrate|migrates|migrating|apply|applies|applying|execute|executes|executing|run\s+(?:the\s+)?(?:\S+\s+)?(?:sql|scripts?|migrations?|backfills?|jobs?|commands?|patch|fix|cleanup|seeders?|statements?))\b`;

const DEPLOY_NOT_AFTER = String.raw`(?!\s*[-_]?\s*(?:scripts?|keys?|pipelines?|jobs?|workflows?|process|steps?|config\w*|docs?|documentation|guides?|checklists?|runbooks?|tests?|previews?|targets?|hooks?|tokens?|logs?|status|buttons?|commands?|tools?|tooling|stages?|actions?|strateg\w*|plans?|notes|templates?|user|bot|branch|frequency|time|window|freeze|permissions?|roles?|failures?|errors?|issues?|bugs?|flow|diagram|automation|setup|infrastructure|artifacts?|environments?\s+(?:docs|variables)|webhooks?|secrets?|credentials?|queue|history|dashboard|badge|notifications?|slack)\b)`;

/** Rules for production deploys and production changes. */
export const DEPLOY_RULES: readonly CriticalRule[] = [
  {
    id: 'deploy.to-production',
    category: 'production-deploy',
    description: 'Deploys, releases or promotes to production',
    pattern: r(DEPLOY_VERBS + gap(8, DEPLOY_GAP_EXCLUDED) + String.raw`\s+` + PROD_TARGET),
  },
  {
    id: 'deploy.change-production',
    category: 'production-deploy',
    description: 'Changes, restarts, scales or writes to production',
    pattern: r(PROD_CHANGE_VERBS + gap(8, PROD_GAP_EXCLUDED) + String.raw`\s+` + PROD_TARGET),
  },
  {
    id: 'deploy.production-objects',
    category: 'production-deploy',
    description: 'Creates database objects or toggles flags in production; switches production traffic',
    pattern: r(
      String.raw`\b(?:add|adds|adding|create|creates|creating|build|builds)\b` +
        gap(4, PROD_GAP_EXCLUDED) +
        String.raw`\s+(?:columns?|indexe?s?|indices|constraints?|tables?|triggers?|users?|roles?|records?|rows?|partitions?)\b` +
        gap(4, PROD_GAP_EXCLUDED) +
        String.raw`\s+` +
        PROD_TARGET +
        String.raw`|\b(?:enable|enables|enabling|disable|disables|disabling|turn\s+on|turn\s+off|flip|flips|toggle|toggles)\b` +
        gap(4, PROD_GAP_EXCLUDED) +
        String.raw`\s+(?:flags?|features?|toggles?|kill\s*switch(?:es)?)\b` +
        gap(4, PROD_GAP_EXCLUDED) +
        String.raw`\s+` +
        PROD_TARGET +
        String.raw`|\b(?:switch|switches|shift|shifts|route|routes|redirect|redirects|move|moves|send|sends|cut\s+over|fail\s+over|failover)\s+(?:all\s+)?(?:the\s+)?(?:\S+\s+)?traffic\s+(?:to|from|over|away|back)\b` +
        String.raw`|\b(?:shift|shifts|route|routes|send|sends|move|moves|promote|promotes|roll\s+out|rolls\s+out|ramp(?:\s+up)?|ramps(?:\s+up)?|expose|exposes|release|releases|increase|increases)\b` +
        gap(4, PROD_GAP_EXCLUDED) +
        String.raw`\s+\d{1,3}\s*%\s+(?:of\s+)?(?:the\s+|all\s+)?(?:production\s+|prod\s+|live\s+)?(?:traffic|users|requests|customers|fleet)\b` +
        String.raw`|\bpromot(?:e|es|ing)\s+(?:the\s+)?canary\b` +
        String.raw`|\b(?:database|db|traffic|dns|production|prod)\s+(?:cutover|cut-over|failover|switchover)\b(?!\s*[-_]?\s*(?:plans?|docs?|tests?|runbooks?|checklists?|drills?|rehearsals?)\b)`,
    ),
  },
  {
    id: 'deploy.production-nominal',
    category: 'production-deploy',
    description: 'A production deployment or release named as a noun',
    pattern: r(
      String.raw`\b(?:(?:prod|production|live)\s+(?:deploy|deployment|deploys|release|rollout|roll-out|push|cutover|cut-over|launch|migration|database\s+migration|db\s+migration|schema\s+(?:change|migration)|hotfix|go-live)` +
        String.raw`|(?:deployment|deploy|release|rollout|migration|hotfix|cutover)s?\s+(?:to|on|in|into|against)\s+(?:the\s+)?(?:prod|production|live))\b` +
        String.raw`(?!\s*[-_]?\s*(?:checklists?|runbooks?|docs?|documentation|guides?|plans?|pipelines?|scripts?|config\w*|workflows?|templates?|notes|process|steps|tests?|strateg\w*|diagrams?|job\s+definitions?|automation|tooling|permissions?|credentials?|keys?|logs?|status\s+page|dashboards?|window|schedule|calendar|freeze|readiness|review|environment\s+variables|settings|branch|process)\b)` +
        String.raw`|\bgo(?:es|ing)?[- ]live\b(?!\s*[-_]?\s*(?:checklists?|plans?|date|readiness|criteria|review|docs?)\b)`,
    ),
  },
  {
    id: 'deploy.lead',
    category: 'production-deploy',
    description: 'A task whose action is a deploy with no non-production target ("Deploy the API")',
    lead: true,
    unless: r(NON_PROD),
    pattern: r(String.raw`\b(?:deploy|deploys|deploying|redeploy|redeploys|redeploying|roll\s+out|rolling\s+out)\b` + DEPLOY_NOT_AFTER),
  },
  {
    id: 'deploy.platform-command',
    category: 'production-deploy',
    description: 'A hosting platform deploy command',
    unless: r(NON_PROD),
    pattern: r(
      `(?:${[
        String.raw`\b(?:fly|flyctl)\s+deploy\b`,
        String.raw`\bvercel\b${ARGS}\s--prod\b`,
        String.raw`\bnetlify\s+deploy\b${ARGS}\s--prod\b`,
        String.raw`\bfirebase\s+deploy\b`,
        String.raw`\bwrangler\s+(?:deploy|publish)\b`,
        String.raw`\bgit\s+push\s+(?:heroku|dokku|production|prod)\b`,
        String.raw`\bcap\s+production\s+deploy\b`,
        String.raw`\beb\s+deploy\b`,
        String.raw`\bcopilot\s+(?:svc\s+)?deploy\b`,
        String.raw`\brailway\s+up\b`,
        String.raw`\bsst\s+deploy\b`,
        String.raw`\bamplify\s+publish\b`,
        String.raw`\bkamal\s+deploy\b`,
        String.raw`\bgcloud\s+(?:app|run|functions)\s+deploy\b`,
        String.raw`\bargocd\s+app\s+(?:sync|rollback)\b`,
      ].join('|')})${COMMAND_NOT_AFTER}`,
    ),
  },
];
