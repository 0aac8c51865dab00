import { AppError, listParam } from '../../src/plugin-api.ts';

/**
 * The upload's `tags` as DOC.IN.TH types them (`string[]`): each value of `tags` / `tags[]` may be a
 * JSON array of strings (`["ลูกค้า","vip"]`, elements kept whole, commas included), or a tag or comma
 * list; repeated fields add up. A value that starts like a JSON array but is not an array of strings
 * is a `bad_request`.
 */
export function uploadTags(values: string[]): string[] {
  return values.flatMap((value) => {
    const text = value.trim();
    if (!text.startsWith('[')) return listParam(text);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed) || !parsed.every((t) => typeof t === 'string'))
      throw new AppError(
        'bad_request',
        'tags must be a JSON array of strings (["a","b"]), a comma list or repeated fields',
      );
    return parsed.map((t: string) => t.trim()).filter(Boolean);
  });
}
