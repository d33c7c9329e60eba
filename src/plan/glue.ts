/**
 * The glue pass and its catalogue, re-exported from the files that hold them:
 * glue-catalogue.ts (which files are glue, the `glueFiles` option), glue-inference.ts (glue files
 * named in a task's text) and glue-pass.ts (the pass that rewrites the tasks). See
 * docs/glue-files.md.
 * @module
 */
export {
  DEFAULT_GLUE_CATALOGUE,
  DEFAULT_GLUE_FILES,
  GLUE_LOCK_PATH,
  GLUE_PASS_LIMIT,
  GLUE_PHASE,
  glueCategory,
  isGlueFile,
  resolveGlueFiles,
} from './glue-catalogue.js';
export type { GlueCatalogueEntry, GlueCategory, GlueFilesOption } from './glue-catalogue.js';
export { inferGlueFiles } from './glue-inference.js';
export type { GlueInference } from './glue-inference.js';
export { applyGluePass } from './glue-pass.js';
export type { GluePassResult } from './glue-pass.js';
