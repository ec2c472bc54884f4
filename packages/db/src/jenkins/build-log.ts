import type { JsonValue } from '@fleet/core';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { jsonInput } from '../json-input.ts';

/** About this much text a chunk: a page reads a window of a long log as a few rows. */
const CHUNK_CHARS = 128 * 1024;

/**
 * A console is stored as it is read, chunk by chunk, then committed with the byte offset Jenkins
 * gave at the end of its answer: a long answer never sits whole in memory, and a crash in the
 * middle leaves chunks past the committed lines, which the next reader purges before it starts.
 */
export async function purgeUncommittedLog(prisma: PrismaClient, buildId: string, committedLines: number): Promise<number> {
  const { count } = await prisma.buildLogChunk.deleteMany({ where: { buildId, firstLine: { gte: committedLines } } });
  return count;
}

/** Where the next chunk of a build's console goes: its sequence number and its first line. */
export async function nextLogChunk(prisma: PrismaClient, buildId: string, committedLines: number): Promise<{ seq: number; firstLine: number }> {
  const last = await prisma.buildLogChunk.findFirst({ where: { buildId }, orderBy: { seq: 'desc' }, select: { seq: true } });
  return { seq: (last?.seq ?? -1) + 1, firstLine: committedLines };
}

/** Writes whole lines (without line ends) as the chunks at `position`; returns where the next ones go. */
export async function writeLogLines(prisma: PrismaClient, buildId: string, position: { seq: number; firstLine: number }, lines: readonly string[]) {
  let { seq, firstLine } = position;
  for (const chunk of chunksOf(lines)) {
    await prisma.buildLogChunk.create({ data: { buildId, seq, firstLine, lineCount: chunk.length, text: chunk.join('\n') } });
    seq += 1;
    firstLine += chunk.length;
  }
  return { seq, firstLine };
}

export interface LogCommit {
  /** Where Jenkins's console is read from next (X-Text-Size). */
  nextOffset: number;
  /** Every stored line, committed ones and those just written. */
  lines: number;
  /** The build ended and its last line is stored. */
  complete: boolean;
  /** The console's reading so far (a bake's progress, a run's recap). */
  summary: JsonValue;
}

/** Commits what was written since `expectedOffset`; false when another reader moved the offset first. */
export async function commitBuildLog(prisma: PrismaClient, buildId: string, expectedOffset: number, commit: LogCommit): Promise<boolean> {
  const { count } = await prisma.jenkinsBuild.updateMany({
    where: { id: buildId, logOffset: expectedOffset },
    data: { logOffset: commit.nextOffset, logLines: commit.lines, logComplete: commit.complete, summary: jsonInput(commit.summary) },
  });
  return count === 1;
}

function* chunksOf(lines: readonly string[]): Generator<string[]> {
  let chunk: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (chunk.length > 0 && size + line.length > CHUNK_CHARS) {
      yield chunk;
      chunk = [];
      size = 0;
    }
    chunk.push(line);
    size += line.length + 1;
  }
  if (chunk.length > 0) yield chunk;
}

/** Lines `from` (0-based) to `from + count` of a stored console, read from the few chunks they span. */
export async function readBuildLogLines(prisma: PrismaClient, buildId: string, from: number, count: number): Promise<string[]> {
  if (count <= 0) return [];
  const to = from + count;
  const [first, rest] = await Promise.all([
    prisma.buildLogChunk.findFirst({ where: { buildId, firstLine: { lte: from } }, orderBy: { firstLine: 'desc' } }),
    prisma.buildLogChunk.findMany({ where: { buildId, firstLine: { gt: from, lt: to } }, orderBy: { seq: 'asc' } }),
  ]);
  const chunks = first ? [first, ...rest] : rest;
  const lines: string[] = [];
  for (const chunk of chunks) {
    if (chunk.firstLine + chunk.lineCount <= from) continue;
    const text = chunk.text.split('\n');
    const start = Math.max(0, from - chunk.firstLine);
    const end = Math.min(chunk.lineCount, to - chunk.firstLine);
    lines.push(...text.slice(start, end));
  }
  return lines;
}

/** Every stored line in order, a chunk at a time: to read a long console again in bounded memory. */
export async function* streamBuildLog(prisma: PrismaClient, buildId: string): AsyncGenerator<string[]> {
  let seq = 0;
  for (;;) {
    const chunks = await prisma.buildLogChunk.findMany({ where: { buildId, seq: { gte: seq } }, orderBy: { seq: 'asc' }, take: 8 });
    if (chunks.length === 0) return;
    for (const chunk of chunks) yield chunk.text.split('\n');
    seq = chunks.at(-1)!.seq + 1;
  }
}

export interface LogMatch {
  line: number;
  text: string;
}

/**
 * The lines that contain `query` (case-insensitive), first to last, at most `limit`: Postgres
 * finds the chunks, and only those are split into lines here.
 */
export async function searchBuildLog(prisma: PrismaClient, buildId: string, query: string, limit: number): Promise<{ matches: LogMatch[]; more: boolean }> {
  const needle = query.toLowerCase();
  const matches: LogMatch[] = [];
  let seq = 0;
  for (;;) {
    const chunks = await prisma.buildLogChunk.findMany({
      where: { buildId, seq: { gte: seq }, text: { contains: query, mode: 'insensitive' } },
      orderBy: { seq: 'asc' },
      take: 4,
    });
    if (chunks.length === 0) return { matches, more: false };
    for (const chunk of chunks) {
      const lines = chunk.text.split('\n');
      for (let i = 0; i < lines.length; i += 1) {
        if (!lines[i]!.toLowerCase().includes(needle)) continue;
        if (matches.length === limit) return { matches, more: true };
        matches.push({ line: chunk.firstLine + i, text: lines[i]! });
      }
    }
    seq = chunks.at(-1)!.seq + 1;
  }
}
