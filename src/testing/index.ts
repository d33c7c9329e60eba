/**
 * Test helpers for wavefront users and adapter authors: a scripted adapter, request builders and
 * the `testAdapter()` conformance suite (which needs vitest).
 *
 * Published as `wavefront/testing`.
 * @module
 */
export { createScriptedAdapter, readLedger } from './scripted-adapter.js';
export type { LedgerEntry, Script, ScriptStep, ScriptedAdapter, ScriptedAdapterOptions, ScriptedCall } from './scripted-adapter.js';
export { createTestRequest } from './request.js';
export type { TestRequest, TestRequestOverrides } from './request.js';
export { CONFORMANCE_TASK_IDS, testAdapter } from './conformance.js';
export type { ConformanceSkips, TestAdapterOptions } from './conformance.js';
export { abortError } from '../adapters/abort.js';
