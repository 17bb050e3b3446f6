// Small shared state: the signed-in account, the instance limits, the compose dialog, and events
// that several screens care about (a post was made, deleted or changed). Each piece is a value
// with subscribers; components read it through useStore().

import { useEffect, useRef, useState } from 'preact/hooks';
import type { Account, Status } from './api/types';

export class Store<T> {
  private listeners = new Set<(v: T) => void>();
  constructor(private value: T) {}
  get(): T {
    return this.value;
  }
  set(v: T): void {
    this.value = v;
    for (const l of this.listeners) l(v);
  }
  subscribe(l: (v: T) => void): () => void {
    this.listeners.add(l);
    return () => {
      this.listeners.delete(l);
    };
  }
}

export function useStore<T>(store: Store<T>): T {
  const [v, setV] = useState(store.get());
  useEffect(() => {
    setV(store.get());
    return store.subscribe(setV);
  }, [store]);
  return v;
}

export const me = new Store<Account | null>(null);

export interface Limits {
  maxChars: number;
  urlLength: number;
}
export const limits = new Store<Limits>({ maxChars: 2000, urlLength: 23 });

export interface ComposeRequest {
  replyTo?: Status;
  quote?: Status;
  edit?: Status; // one of the reader's own posts, to be changed in place
}
export const composeDialog = new Store<ComposeRequest | null>(null);

export type StatusEvent =
  | { type: 'posted'; status: Status }
  | { type: 'deleted'; id: string }
  | { type: 'updated'; status: Status };

const statusListeners = new Set<(e: StatusEvent) => void>();

export function emitStatus(e: StatusEvent): void {
  for (const l of statusListeners) l(e);
}

export function useStatusEvents(fn: (e: StatusEvent) => void): void {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    const l = (e: StatusEvent) => ref.current(e);
    statusListeners.add(l);
    return () => {
      statusListeners.delete(l);
    };
  }, []);
}
