/** Interned strings (projects, kinds, tags, folders, document types): code 0 stands for null. */
export class Interner {
  readonly values: string[];
  private readonly codes = new Map<string, number>();

  constructor(values: string[] = ['']) {
    this.values = values.length ? [...values] : [''];
    for (const [i, v] of this.values.entries()) if (i > 0) this.codes.set(v, i);
  }

  /** The code of a string, added when new; 0 for null/undefined. */
  code(value: string | null | undefined): number {
    if (value === null || value === undefined) return 0;
    let c = this.codes.get(value);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(value);
      this.codes.set(value, c);
    }
    return c;
  }

  /** The code of a known string, undefined when it was never interned. */
  find(value: string): number | undefined {
    return this.codes.get(value);
  }
}
