import type { Page } from '@mcpgw/core';
import type { CommandContext } from '../command.js';
import { type Column, formatTable } from '../output/table.js';

/** Prints one page (with where the next one starts) or a whole collection, as a table or JSON. */
export function printPage<T>(ctx: CommandContext, page: Page<T>, columns: readonly Column<T>[], noun: string): void {
  if (ctx.json) {
    ctx.printJson({ items: page.items, total: page.total, nextOffset: page.nextOffset });
    return;
  }
  if (page.items.length > 0) ctx.print(formatTable(page.items, columns));
  const of = page.total === undefined ? '' : ` of ${page.total}`;
  const next = page.nextOffset === undefined ? '' : `; next page: --offset ${page.nextOffset} (or --all)`;
  ctx.print(`${page.items.length}${of} ${noun}${next}\n`);
}

/** Collects every item of an iteration, showing the count on stderr as pages arrive. */
export async function collectWithProgress<T>(ctx: CommandContext, items: AsyncIterable<T>, noun: string): Promise<T[]> {
  const all: T[] = [];
  try {
    for await (const item of items) {
      all.push(item);
      ctx.progress.update(`fetched ${all.length} ${noun}…`);
    }
  } finally {
    ctx.progress.done();
  }
  return all;
}

export function printAll<T>(
  ctx: CommandContext,
  items: readonly T[],
  columns: readonly Column<T>[],
  noun: string,
): void {
  if (ctx.json) {
    ctx.printJson({ items, total: items.length });
    return;
  }
  if (items.length > 0) ctx.print(formatTable(items, columns));
  ctx.print(`${items.length} ${noun}\n`);
}
