/**
 * Shapes shared by the run executor (`Execution`) and the modules it delegates to.
 * @module
 */
import type { OrchestratorEvents } from './events.js';

/** Emits an orchestrator event; `runId` and `at` are added by the orchestrator. */
export type Emit = <K extends keyof OrchestratorEvents>(event: K, payload: Omit<OrchestratorEvents[K][0], 'runId' | 'at'>) => void;

/** A serialisable error, as events and the journal carry it. */
export type ErrorInfo = { readonly code?: string | undefined; readonly message: string };
