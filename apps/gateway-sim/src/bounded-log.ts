/** An append-only ring: keeps the last `capacity` entries, oldest first when read. */
export class BoundedLog<T> {
  #items: T[] = [];
  #next = 0;

  constructor(readonly capacity: number) {}

  push(item: T): void {
    if (this.capacity <= 0) return;
    if (this.#items.length < this.capacity) {
      this.#items.push(item);
      return;
    }
    this.#items[this.#next] = item;
    this.#next = (this.#next + 1) % this.capacity;
  }

  toArray(): T[] {
    if (this.#next === 0) return this.#items.slice();
    return this.#items.slice(this.#next).concat(this.#items.slice(0, this.#next));
  }

  clear(): void {
    this.#items = [];
    this.#next = 0;
  }
}
