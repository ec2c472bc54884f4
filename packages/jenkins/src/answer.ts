import { type z } from 'zod';
import { type Asked, failureForNetwork, JenkinsFailure } from './failure.ts';

/**
 * A timer that aborts a request after `ms` without progress: while headers are awaited, and again
 * between body chunks, so a long log that keeps arriving is not cut off but a stalled one is.
 */
export class IdleDeadline {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  readonly signal: AbortSignal;

  constructor(
    readonly ms: number,
    outer?: AbortSignal,
  ) {
    this.signal = outer ? AbortSignal.any([this.controller.signal, outer]) : this.controller.signal;
    this.touch();
  }

  touch(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.controller.abort(new DOMException(`no progress within ${this.ms} ms`, 'TimeoutError')), this.ms);
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

/** Jenkins's answer with its body not yet read; reading it keeps the request's idle deadline alive. */
export class Answer {
  constructor(
    readonly response: Response,
    private readonly asked: Asked,
    private readonly deadline: IdleDeadline,
    private readonly outer: AbortSignal | undefined,
  ) {}

  get status(): number {
    return this.response.status;
  }

  get headers(): Headers {
    return this.response.headers;
  }

  /** The body as it arrives, chunk by chunk; nothing is kept here. */
  async *bytes(): AsyncGenerator<Uint8Array> {
    const body = this.response.body;
    if (!body) {
      this.deadline.clear();
      return;
    }
    const reader = body.getReader();
    try {
      for (;;) {
        let step: ReadableStreamReadResult<Uint8Array>;
        try {
          step = await reader.read();
        } catch (error) {
          if (this.outer?.aborted) throw this.outer.reason;
          throw failureForNetwork(this.asked, error, this.deadline.ms);
        }
        if (step.done) return;
        this.deadline.touch();
        yield step.value;
      }
    } finally {
      this.deadline.clear();
      // Stops the download when the consumer leaves early; harmless once the body is done.
      await reader.cancel().catch(() => undefined);
    }
  }

  /** The body as UTF-8 text, at most `limit` bytes of it (the rest is not downloaded). */
  async text(limit = Number.POSITIVE_INFINITY): Promise<string> {
    const decoder = new TextDecoder();
    let text = '';
    let read = 0;
    for await (const chunk of this.bytes()) {
      const room = limit - read;
      const part = chunk.byteLength > room ? chunk.subarray(0, room) : chunk;
      read += part.byteLength;
      text += decoder.decode(part, { stream: true });
      if (read >= limit) break;
    }
    return text + decoder.decode();
  }

  async json<T>(shape: z.ZodType<T>): Promise<T> {
    const text = await this.text();
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new JenkinsFailure('bad-response', `Jenkins at ${this.asked.base} answered ${this.asked.subject} with something that is not JSON`, this.status, { cause: error });
    }
    return parseShape(this.asked, this.status, shape, raw);
  }

  async discard(): Promise<void> {
    this.deadline.clear();
    await this.response.body?.cancel().catch(() => undefined);
  }
}

export function parseShape<T>(asked: Asked, status: number | null, shape: z.ZodType<T>, raw: unknown): T {
  const parsed = shape.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.join('.') || '(top)';
  throw new JenkinsFailure('bad-response', `Jenkins at ${asked.base} answered ${asked.subject} in an unexpected shape: ${where} ${issue?.message ?? ''}`.trim(), status);
}
