// Web Worker entry: parses dropped files off the UI thread with the shared parser.
// Created by parse_client.ts via new Worker(new URL('./parse_worker.ts', import.meta.url), { type: 'module' }).
import { createParseHandler } from './parse_worker_core';
import type { ParseRequest } from './parse_protocol';

const scope = globalThis as unknown as {
  postMessage(msg: unknown): void;
  onmessage: ((ev: MessageEvent<ParseRequest>) => void) | null;
};

const handle = createParseHandler((msg) => scope.postMessage(msg));
scope.onmessage = (ev) => void handle(ev.data);
