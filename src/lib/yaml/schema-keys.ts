import { z } from 'zod/v4';

/** What a zod schema allows where: the keys a slip finder and a did-you-mean compare a written key with. */

/** The keys an object of the schema allows at a path (through lists, optional and default values). */
export function keysAt(schema: z.ZodType, path: ReadonlyArray<string | number>): string[] | undefined {
  let current: unknown = schema;
  for (const key of [...path, undefined]) {
    current = unwrap(current);
    if (key === undefined) return current instanceof z.ZodObject ? Object.keys(current.shape) : undefined;
    if (typeof key === 'number') current = current instanceof z.ZodArray ? current.element : undefined;
    else current = current instanceof z.ZodObject ? current.shape[key] : undefined;
  }
  return undefined;
}

/** Every key any object of the schema allows, at any depth. */
export function schemaKeys(schema: z.ZodType): Set<string> {
  const keys = new Set<string>();
  const pending: unknown[] = [schema];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    const type = unwrap(current);
    if (type instanceof z.ZodObject) {
      for (const [key, value] of Object.entries(type.shape)) {
        keys.add(key);
        pending.push(value);
      }
    } else if (type instanceof z.ZodArray) {
      pending.push(type.element);
    }
  }
  return keys;
}

/** The schema inside optional, default and transformed values. */
function unwrap(type: unknown): unknown {
  let current = type;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault || current instanceof z.ZodPrefault) {
      current = current.unwrap();
    } else if (current instanceof z.ZodPipe) {
      current = current.in;
    } else {
      return current;
    }
  }
}
