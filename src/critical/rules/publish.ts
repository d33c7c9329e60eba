/**
 * Rules for publishing packages, images and releases.
 * @module
 */
import { gap } from '../lexicon.js';
import {
  ARGS,
  COMMAND_NOT_AFTER,
  r,
} from '../patterns.js';
import type { CriticalRule } from '../types.js';

const PUBLISH_GAP_EXCLUDED = String.raw`docs?|documentation|notes|readme|tests?|specs?|changelog|blog|posts?|articles?|branch|branches|locks?|memory|resources?|connections?|handles?|events?|messages?|buttons?|candidates?|plans?|checklists?|pr|prs|workflows?|pipelines?|process|tag`;

const PUBLISH_TARGETS = String.raw`(?:npm(?:js)?(?:\s+registry)?|pypi|test\.?pypi|crates\.io|crates|rubygems(?:\.org)?|maven\s+central|maven|nuget|docker\s*hub|dockerhub|ghcr(?:\.io)?|gcr|ecr|acr|quay(?:\.io)?|artifact\s+registry|container\s+registry|(?:package|npm|docker|image|artifact|private|public|internal|company)\s+registry|registry|jsr|hex(?:\.pm)?|cocoapods|packagist|(?:vs\s*code\s+|visual\s+studio\s+)?marketplace|open\s+vsx|chrome\s+web\s+store|app\s+store|play\s+store|google\s+play|testflight|homebrew|github\s+packages|artifactory|nexus)\b`;

/** Rules for publishing packages, images and releases. */
export const PUBLISH_RULES: readonly CriticalRule[] = [
  {
    id: 'publish.command',
    category: 'publish',
    description: 'A package / image publishing command',
    pattern: r(
      `(?:${[
        String.raw`\b(?:npm|yarn|pnpm|bun)\s+(?:npm\s+)?publish\b`,
        String.raw`\b(?:changesets?|@changesets\/cli)\s+publish\b`,
        String.raw`\blerna\s+publish\b`,
        String.raw`\bnx\s+release\s+publish\b`,
        String.raw`\bcargo\s+publish\b`,
        String.raw`\btwine\s+upload\b`,
        String.raw`\b(?:poetry|flit|hatch|uv|pdm)\s+publish\b`,
        String.raw`\bgem\s+push\b`,
        String.raw`\bdocker\s+(?:image\s+)?push\b`,
        String.raw`\bdocker\s+buildx\s+build\b${ARGS}\s--push\b`,
        String.raw`\b(?:podman|buildah|crane|helm|oras)\s+push\b`,
        String.raw`\bmvn\s+(?:\S+\s+){0,5}?deploy\b`,
        String.raw`\b(?:\.\/)?gradlew?\s+(?:\S+\s+){0,5}?publish\w*`,
        String.raw`\b(?:dotnet\s+)?nuget\s+push\b`,
        String.raw`\bpod\s+trunk\s+push\b`,
        String.raw`\bgh\s+release\s+create\b`,
        String.raw`\bgoreleaser\s+release\b(?!${ARGS}--snapshot)`,
        String.raw`\b(?:vsce|ovsx|jsr|deno)\s+publish\b`,
        String.raw`\bsemantic-release\b(?!${ARGS}--dry-run)`,
        String.raw`\bfastlane\s+(?:\S+\s+)?(?:release|deliver|upload_to_app_store|supply|pilot)\b`,
        String.raw`\bxcrun\s+altool\b${ARGS}--upload`,
        String.raw`\b(?:npm|yarn|pnpm)\s+(?:unpublish|deprecate)\b`,
        String.raw`\b(?:cargo|gem)\s+yank\b`,
      ].join('|')})${COMMAND_NOT_AFTER}`,
    ),
  },
  {
    id: 'publish.to-registry',
    category: 'publish',
    description: 'Publishes, pushes or uploads to a package / image registry or store',
    pattern: r(
      String.raw`\b(?:publish|publishes|publishing|republish|release|releases|releasing|ship|ships|shipping|upload|uploads|uploading|push|pushes|pushing|deploy|deploys|deploying|submit|submits)\b` +
        gap(5, String.raw`docs?|documentation|readme|tests?|specs?|changes|commits?|branch|branches|fix|fixes|pr|notes|schema`) +
        String.raw`\s+(?:to|on|onto|into)\s+(?:the\s+)?(?:public\s+)?` +
        PUBLISH_TARGETS,
    ),
  },
  {
    id: 'publish.release',
    category: 'publish',
    description: 'Publishes or releases a package, version or image',
    pattern: r(
      String.raw`\b(?:publish|publishes|publishing|republish|release|releases|releasing|cut|cuts|ship|ships|push|pushes|pushing|upload|uploads|uploading)\b` +
        gap(3, PUBLISH_GAP_EXCLUDED) +
        String.raw`\s+(?:v\d+(?:\.\d+){0,3}(?:-[\w.]+)?\b|\d+(?:\.\d+){1,3}(?:-[\w.]+)?\b` +
        String.raw`|version\b(?!\s+(?:bump|number|string|check|field|history|notes|control|constraints?|range|of\s+the\s+docs))` +
        String.raw`|release\b(?!\s+(?:notes|branch|checklist|plan|pr|script|workflow|pipeline|process|candidate\s+branch|docs?|tag|please|drafter|config\w*|job|automation|tooling|flow|strategy|cadence|schedule|date|announcement|blog)\b)` +
        String.raw`|(?:npm\s+|python\s+|rust\s+|ruby\s+|java\s+|go\s+)?(?:package|packages|library|crate|crates|gem|gems|sdk|sdks|cli|wheel|wheels|helm\s+chart|chart|extension|plugin|container\s+image|docker\s+image|image|images|binaries)\b` +
        String.raw`(?!\s*[-_.]?\s*(?:json|lock|name|names|scope|metadata|docs?|documentation|readme|tests?|config\w*|scripts?|exports?|structure|layout|boundaries|manager|size|version\s+field|ci|settings?)\b))`,
    ),
  },
  {
    id: 'publish.lead',
    category: 'publish',
    description: 'A task whose action is to publish ("Bump the version and publish")',
    lead: true,
    unless: /\b(?:docs?|documentation|blog|posts?|articles?|events?|messages?|kafka|topics?|queues?|pub\/?sub|mqtt|channels?|coverage|reports?|results|metrics|pages|site|website|wiki|notes)\b/i,
    pattern: r(String.raw`\b(?:publish|publishes|publishing)\b(?!\s*[-_]?\s*(?:steps?|jobs?|workflows?|scripts?|config\w*|commands?|settings|buttons?|flows?|endpoints?|apis?|permissions?|tokens?|dates?|status)\b)`),
  },
  {
    id: 'publish.create-release',
    category: 'publish',
    description: 'Creates a GitHub / GitLab release',
    pattern: r(
      String.raw`\b(?:create|creates|creating|make|publish|cut)\s+(?:a\s+|the\s+|new\s+){0,2}(?:github|gitlab|gh)\s+release\b(?!\s*[-_]?\s*(?:notes|drafts?|workflow|action|job|pipeline|script|docs?|template|config\w*)\b)`,
    ),
  },
  {
    id: 'publish.trigger-workflow',
    category: 'publish',
    description: 'Triggers a release / publish pipeline',
    pattern: r(
      String.raw`\b(?:trigger|triggers|run|runs|kick\s+off|start|execute|dispatch)\b` +
        gap(2) +
        String.raw`\s+(?:release|publish|publishing|(?:production|prod|live)\s+(?:deploy|deployment|release|rollout))\s+(?:workflow|pipeline|job|action)\b`,
    ),
  },
  {
    id: 'publish.withdraw',
    category: 'publish',
    description: 'Unpublishes, yanks or deletes a published version or remote tag',
    pattern: r(
      String.raw`\b(?:unpublish|unpublishes|unpublishing|yank|yanks|yanking|retract|retracts)\b` +
        gap(3) +
        String.raw`\s+(?:v?\d+(?:\.\d+){0,3}\b|versions?|releases?|packages?|crates?|gems?|modules?)` +
        String.raw`|\b(?:delete|deletes|deleting|remove|removes|removing|deprecate|deprecates|unpublish)\b` +
        gap(3) +
        String.raw`\s+(?:published|released)\s+(?:\S+\s+){0,2}?(?:versions?|releases?|packages?|crates?|gems?|images?|tags?|v?\d+(?:\.\d+){1,3})\b` +
        String.raw`|\b(?:delete|deletes|deleting|remove|removes|removing)\b` +
        gap(3) +
        String.raw`\s+tags?\s+(?:from|on)\s+(?:the\s+)?(?:remote|origin|upstream|github|gitlab)\b`,
    ),
  },
];
