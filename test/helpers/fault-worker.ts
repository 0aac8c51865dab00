/**
 * A stand-in OCR worker for pool and engine fault tests. It speaks the page protocol and behaves by the
 * image it gets (a PGM): portrait images crash the worker, images 77 pixels wide hang it, images 78
 * pixels wide are rejected, and images 79 pixels wide crash only while the file named by the request's
 * `lang` does not exist (it creates it), so a retry succeeds. Everything else is "recognized" as `W x H`.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { PAGE_ACTION, type PageRequest } from '../../src/core/ocr/protocol.ts';

declare const self: Worker;

self.onmessage = (event: MessageEvent) => {
  const { workerId, jobId, action, payload } = event.data;
  const reply = (status: string, data: unknown) =>
    self.postMessage({ workerId, jobId, action, status, data });
  if (action !== PAGE_ACTION) return reply('resolve', {});
  const req = payload as PageRequest;
  const [, w, h] = new TextDecoder().decode(req.image.subarray(0, 32)).match(/P5\s+(\d+)\s+(\d+)/) ?? [];
  const width = Number(w);
  const height = Number(h);
  if (height > width) throw new Error('simulated crash');
  if (width === 77) for (;;) {}
  if (width === 78) return reply('reject', 'simulated tesseract failure');
  if (width === 79 && !existsSync(req.lang)) {
    writeFileSync(req.lang, 'crashed once');
    throw new Error('simulated crash once');
  }
  const text = `${width} x ${height}`;
  reply('resolve', {
    text,
    confidence: 90,
    blocks: [
      {
        text,
        bbox: [0, 0, width, height],
        confidence: 0.9,
        lines: [
          {
            text,
            bbox: [0, 0, width, height],
            confidence: 0.9,
            words: [{ text, bbox: [0, 0, width, height], confidence: 0.9 }],
          },
        ],
      },
    ],
    heapBytes: 1000,
    ms: { recognize: 1 },
  });
};
