/**
 * Rules for applying or destroying infrastructure.
 * @module
 */
import { CODE_WORDS, NON_PROD, gap } from '../lexicon.js';
import {
  ARGS,
  COMMAND_NOT_AFTER,
  r,
} from '../patterns.js';
import type { CriticalRule } from '../types.js';

const INFRA_NOUNS = String.raw`(?:(?:kubernetes|k8s|eks|gke|aks|ecs|rds|ec2|s3|gcs|aws|gcp|azure|cloud|vpc|kafka|redis|elasticsearch|opensearch|production|prod|staging)\s+)?(?:clusters?|infrastructure|infra|environments?|envs?|stacks?|vpcs?|instances?|servers?|vms?|virtual\s+machines?|nodes?|node\s+pools?|namespaces?|buckets?|load\s+balancers?|resource\s+groups?|droplets?|dns\s+(?:records?|zones?)|hosted\s+zones?|certificates?|volumes?|disks?|subnets?|security\s+groups?|iam\s+roles?|lambdas?|cloud\s+functions?|rds\s+instances?)\b`;

/** Rules for applying or destroying infrastructure. */
export const INFRA_RULES: readonly CriticalRule[] = [
  {
    id: 'infra.command',
    category: 'infrastructure',
    description: 'An infrastructure apply / destroy command',
    pattern: r(
      `(?:${[
        String.raw`\bterraform\s+(?:-chdir=\S+\s+)?(?:apply|destroy|import|taint|untaint|force-unlock|state\s+(?:rm|mv|push|replace-provider))\b`,
        String.raw`\btofu\s+(?:apply|destroy)\b`,
        String.raw`\bterragrunt\s+(?:run-all\s+)?(?:apply|destroy)\b`,
        String.raw`\bpulumi\s+(?:up|destroy|update|refresh|import|state\s+delete)\b`,
        String.raw`\bcdk(?:tf)?\s+(?:deploy|destroy)\b`,
        String.raw`\b(?:serverless|sls)\s+(?:deploy|remove)\b`,
        String.raw`\baws\s+cloudformation\s+(?:deploy|delete-stack|update-stack|create-stack|execute-change-set)\b`,
        String.raw`\baws\s+s3\s+(?:rm|rb)\b`,
        String.raw`\baws\s+s3\s+sync\b${ARGS}\s--delete\b`,
        String.raw`\baws\s+[\w-]+\s+(?:delete|terminate|remove|deregister)-[\w-]+`,
        String.raw`\bgcloud\s+(?:[\w-]+\s+){1,4}?delete\b`,
        String.raw`\baz\s+(?:[\w-]+\s+){1,4}?delete\b`,
        String.raw`\beksctl\s+(?:delete|upgrade)\b`,
        String.raw`\bdoctl\s+(?:[\w-]+\s+){1,3}?delete\b`,
        String.raw`\bkubectl\s+(?:-{1,2}[\w-]+(?:[ =][\w./:-]+)?\s+){0,4}(?:delete|drain|cordon)\b`,
        String.raw`\bhelm\s+(?:uninstall|delete|rollback)\b`,
        String.raw`\bansible-playbook\b`,
        String.raw`\bdocker(?:-compose|\s+compose)\s+down\b${ARGS}\s(?:-v|--volumes)\b`,
        String.raw`\bdocker\s+volume\s+(?:rm|prune)\b`,
        String.raw`\bdocker\s+system\s+prune\b${ARGS}--volumes\b`,
        String.raw`\bheroku\s+(?:pg:reset|apps:destroy|apps:delete|releases:rollback|pg:promote)\b`,
        String.raw`\bvault\s+(?:delete|kv\s+delete|kv\s+destroy|secrets\s+disable)\b`,
        String.raw`\bnomad\s+job\s+(?:run|stop)\b`,
      ].join('|')})${COMMAND_NOT_AFTER}`,
    ),
  },
  {
    id: 'infra.cluster-command',
    category: 'infrastructure',
    description: 'A Kubernetes / Helm command that changes a cluster (outside a dev / staging context)',
    unless: r(NON_PROD),
    pattern: r(
      `(?:${[
        String.raw`\bkubectl\s+(?:-{1,2}[\w-]+(?:[ =][\w./:-]+)?\s+){0,4}(?:apply|create|replace|patch|scale|rollout\s+(?:restart|undo)|set\s+image|edit|label|annotate|taint)\b`,
        String.raw`\bhelm\s+(?:-{1,2}[\w-]+(?:[ =][\w./:-]+)?\s+){0,4}(?:install|upgrade)\b`,
        String.raw`\bflux\s+reconcile\b`,
      ].join('|')})${COMMAND_NOT_AFTER}`,
    ),
  },
  {
    id: 'infra.apply-prose',
    category: 'infrastructure',
    description: 'Applies infrastructure-as-code changes',
    pattern: r(
      String.raw`\b(?:apply|applies|applying|push|pushes|deploy|deploys|roll\s+out|run\s+(?:a\s+|the\s+)?(?:terraform|tofu|pulumi)\s+(?:apply|destroy|up))\b` +
        gap(2, CODE_WORDS) +
        String.raw`\s+(?:terraform|tofu|opentofu|pulumi|cloudformation|cdk|infrastructure|infra|iac)(?:\s+(?:changes?|plan|stack|config(?:uration)?|code|modules?|updates?|resources?))?\b` +
        String.raw`(?!\s*[-_]?\s*(?:validate|fmt|format|init|lint|tflint|docs?|tests?|graph|output|show|console|providers|version|preview|synth|diff|checks?|security\s+scan|scan|docs?)\b)` +
        String.raw`|\b(?:apply|applies|applying)\b` +
        gap(2, CODE_WORDS) +
        String.raw`\s+(?:(?:kubernetes|k8s|kube|helm)\s+(?:manifests?|charts?|config\w*|resources?|changes|yaml)|manifests?\s+to\s+(?:the\s+)?(?:\S+\s+)?cluster)\b`,
    ),
  },
  {
    id: 'infra.destroy-prose',
    category: 'infrastructure',
    description: 'Destroys, tears down or decommissions infrastructure',
    unless: /\b(?:test|testing|tests|e2e|ephemeral|temporary|temp|local|preview|review\s+app|sandbox|dev\s+container|devcontainer|dev\s+server|docker\s+compose|testcontainers?|localstack|mock|inventory|manifests?|files?)\b/i,
    pattern: r(
      String.raw`\b(?:destroy|destroys|destroying|tear\s+down|tears\s+down|tearing\s+down|teardown|decommission|decommissions|decommissioning|deprovision|deprovisions|terminate|terminates|terminating|delete|deletes|deleting|remove|removes|removing|nuke|nukes|shut\s+down|shuts\s+down|shutdown|wipe|scale\s+down|scale\s+to\s+zero)\b` +
        gap(3, CODE_WORDS) +
        String.raw`\s+` +
        INFRA_NOUNS +
        String.raw`(?!\s*[-_]?\s*(?:docs?|documentation|config\w*|modules?|tests?|diagrams?|definitions?|types?|variables?|vars?|files?|setup|of|methods?|classes?|checks?|names?|entry|entries|blocks?|sections?|lines?|references?|mentions?|resources?\s+blocks?)\b)`,
    ),
  },
  {
    id: 'infra.helm-release',
    category: 'infrastructure',
    description: 'Uninstalls or rolls back a Helm release',
    unless: r(NON_PROD),
    pattern: r(
      String.raw`\b(?:uninstall|uninstalls|uninstalling|delete|deletes|remove|removes|roll\s+back|rolls\s+back|rollback)\b` +
        gap(3, CODE_WORDS) +
        String.raw`\s+helm\s+(?:releases?|deployments?|installs?)\b`,
    ),
  },
  {
    id: 'infra.dns',
    category: 'infrastructure',
    description: 'Changes DNS',
    pattern: r(
      String.raw`\b(?:update|updates|change|changes|switch|point|points|modify|flip|cut\s+over|repoint|delete|remove)\b` +
        gap(3, String.raw`docs?|documentation|tests?|readme|guides?`) +
        String.raw`\s+(?:(?:production|prod)\s+)?dns\b(?!\s*[-_]?\s*(?:docs?|documentation|guides?|lookups?|resolution|tests?|cache|resolver|library|helpers?|settings\s+docs)\b)`,
    ),
  },
];
