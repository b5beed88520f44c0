/** A task for the pool's own tests: each mode exercises one way a task can end. */
export function selfTest(input: { mode: 'echo' | 'throw' | 'spin' | 'allocate' | 'reject-later'; value?: string }) {
  switch (input.mode) {
    case 'echo':
      return { value: input.value ?? '' };
    case 'throw':
      throw new Error(`self-test throws: ${input.value ?? ''}`);
    case 'spin':
      for (;;); // past any time budget
    case 'allocate': {
      // Past any heap limit: live JS objects, not Buffers (those live outside V8's heap).
      const keep: number[][] = [];
      for (;;) keep.push(Array.from({ length: 100_000 }, (_, i) => i * 1.5));
    }
    case 'reject-later':
      // What pdfkit's PNG decoder did: a throw inside an async callback, after the task returned.
      setTimeout(() => {
        throw new Error('thrown from a callback');
      }, 10);
      return new Promise(() => {});
  }
}
