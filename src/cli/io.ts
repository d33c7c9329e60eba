/** What a CLI command reads and writes; injectable for tests. */
export interface CliIo {
  /** Working directory. */
  readonly cwd: string;
  /** Write to standard output. */
  stdout(text: string): void;
  /** Write to standard error. */
  stderr(text: string): void;
  /** True when stdin and stdout are terminals (questions may be asked). */
  readonly interactive: boolean;
  /** Ask a question on the terminal; resolves with the answer line. */
  ask(question: string): Promise<string>;
  /** Environment. */
  readonly env: NodeJS.ProcessEnv;
}
