// Loopback HTTP servers (127.0.0.1, port 0) speaking the OpenAI chat-completions and Anthropic
// messages wire formats, for driving the real AI SDK provider packages in tests.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request the server received. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
}

/** What to answer. `hang: true` never answers (until the client aborts or the server closes). */
export interface Reply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly json?: unknown;
  readonly hang?: boolean;
}

/** A running loopback server. */
export interface Loopback {
  /** Base URL including `/v1`. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a server that answers each request with `respond(request, index)`. */
export async function startLoopback(respond: (request: RecordedRequest, index: number) => Reply | Promise<Reply>): Promise<Loopback> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
      };
      requests.push(recorded);
      void Promise.resolve(respond(recorded, requests.length - 1)).then((reply) => {
        if (reply.hang === true) return;
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(JSON.stringify(reply.json ?? {}));
      });
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** An OpenAI chat-completions answer with `content`. */
export function openAiReply(content: string, usage = { prompt_tokens: 120, completion_tokens: 45 }): Reply {
  return {
    json: {
      id: 'chatcmpl-loopback',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'loopback-model',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    },
  };
}

/** An OpenAI-style error answer. */
export function openAiError(status: number, message: string, headers: Record<string, string> = {}): Reply {
  return { status, headers, json: { error: { message, type: status === 429 ? 'rate_limit_exceeded' : 'invalid_request_error', code: null } } };
}

/**
 * An Anthropic messages answer with `content`. When the request forced the `json` tool (the AI
 * SDK's structured-output mode for models without native support) and `content` is a JSON object,
 * the answer is that tool call, as Claude would give it.
 */
export function anthropicReply(request: RecordedRequest, content: string, usage = { input_tokens: 200, output_tokens: 80 }): Reply {
  const tools = Array.isArray(request.body['tools']) ? (request.body['tools'] as { name?: string }[]) : [];
  let input: unknown;
  try {
    input = JSON.parse(content);
  } catch {
    input = undefined;
  }
  const useTool = tools.some((tool) => tool.name === 'json') && typeof input === 'object' && input !== null && !Array.isArray(input);
  return {
    json: {
      id: 'msg_loopback',
      type: 'message',
      role: 'assistant',
      model: String(request.body['model'] ?? 'claude-test'),
      content: useTool ? [{ type: 'tool_use', id: 'toolu_loopback', name: 'json', input }] : [{ type: 'text', text: content }],
      stop_reason: useTool ? 'tool_use' : 'end_turn',
      stop_sequence: null,
      usage,
    },
  };
}

/** An Anthropic-style error answer. */
export function anthropicError(status: number, message: string, headers: Record<string, string> = {}): Reply {
  return { status, headers, json: { type: 'error', error: { type: status === 429 ? 'rate_limit_error' : 'invalid_request_error', message } } };
}

/** The text of every message of an OpenAI or Anthropic request, joined. */
export function requestText(request: RecordedRequest): string {
  const parts: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') parts.push(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      if (typeof record['text'] === 'string') parts.push(record['text']);
      if (record['content'] !== undefined) visit(record['content']);
    }
  };
  visit(request.body['system']);
  visit(request.body['messages']);
  return parts.join('\n');
}
