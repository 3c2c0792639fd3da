/** The document's title, with how many watches fired since the viewer last looked: "(2) Who's Online". */
export function titleWithCount(base: string, count: number): string {
  return count > 0 ? `(${count}) ${base}` : base;
}

/** What the title count needs of the page (injectable for tests). */
export interface TitleHost {
  title: string;
  /** The viewer is looking: the page is visible and has focus. */
  looking(): boolean;
  /** Calls back when the viewer may have come to look (focus, visible again, a click or key). */
  onLook(listener: () => void): () => void;
}

export function documentTitleHost(): TitleHost {
  return {
    get title() {
      return document.title;
    },
    set title(value: string) {
      document.title = value;
    },
    looking: () => document.visibilityState === 'visible' && document.hasFocus(),
    onLook: (listener) => {
      const events = ['focus', 'pointerdown', 'keydown'] as const;
      for (const type of events) window.addEventListener(type, listener, true);
      document.addEventListener('visibilitychange', listener);
      return () => {
        for (const type of events) window.removeEventListener(type, listener, true);
        document.removeEventListener('visibilitychange', listener);
      };
    },
  };
}

/**
 * Counts watches that fired in the title until the viewer looks (focuses the page, brings it back,
 * clicks or types in it). One that fires while the viewer is looking is still counted until their
 * next click or key, so a glance away does not lose it.
 */
export class TitleCount {
  private count = 0;
  private readonly base: string;
  private readonly stop: () => void;

  constructor(private readonly host: TitleHost) {
    this.base = host.title;
    this.stop = host.onLook(() => {
      if (this.count > 0 && host.looking()) this.set(0);
    });
  }

  get value(): number {
    return this.count;
  }

  add(): void {
    this.set(this.count + 1);
  }

  clear(): void {
    this.set(0);
  }

  dispose(): void {
    this.stop();
    this.set(0);
  }

  private set(count: number): void {
    this.count = count;
    this.host.title = titleWithCount(this.base, count);
  }
}
