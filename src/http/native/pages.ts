import { PageImageRenderer } from '../../core/page-image.ts';
import type { Services } from '../../services.ts';
import { intParam } from '../../plugin-api.ts';
import type { NativeApp } from './types.ts';

/** The page image route: a PNG of one page, for viewers that draw the OCR word boxes over it. */
export function pageImageRoutes(app: NativeApp, api: Services): void {
  const renderer = new PageImageRenderer(api.config.ocr.maxPixels, api.processing);
  app.get(
    '/documents/:id/pages/:page/image',
    async ({ caller, params, query, request }) => {
      const doc = await api.documents.get(caller.projectId, params.id);
      const page = intParam(params.page, 'page', 1, 1, 100_000);
      const width = intParam(query.width, 'width', 1200, 100, 3000);
      const etag = `"${doc.sha256.slice(0, 32)}-${page}-${width}"`;
      const cache = { etag, 'cache-control': 'private, max-age=86400' };
      if (request.headers.get('if-none-match') === etag)
        return new Response(null, { status: 304, headers: cache });
      const file = await api.documents.file(caller.projectId, doc.id);
      const img = await file.withFile((path) => renderer.render({ path, mime: file.mime }, page, width));
      return new Response(img.png as BodyInit, {
        headers: { 'content-type': 'image/png', ...cache, 'x-image-size': `${img.width}x${img.height}` },
      });
    },
    {
      detail: {
        summary:
          'A page of a PDF or image document as PNG, at most `width` pixels wide (100-3000, default 1200). Its aspect is that of the page box coordinates in /pages, so word boxes scale onto it',
      },
    },
  );
}
