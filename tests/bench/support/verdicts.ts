/**
 * The benchmarks' verdicts. A behaviour (every person shown, requests answered before the first
 * draw, rows in the page) is judged in every run. A time or a heap figure is judged only in a full
 * run: in CI (CI set) it is printed with its target and no verdict, since a machine busy with other
 * work makes tasks long and heaps noisy without the app being any slower.
 */
export const FIGURE_VERDICTS = !process.env.CI;

export class Verdicts {
  private readonly misses: string[] = [];

  /** A behaviour: a miss fails the run, in CI too. Returns the mark printed beside it. */
  behaviour(met: boolean, what: string): string {
    if (!met) this.misses.push(what);
    return met ? 'met' : 'MISSED';
  }

  /** A time or memory figure: a miss fails a full run; in CI it is only marked. */
  figure(met: boolean, what: string): string {
    if (met) return 'met';
    if (!FIGURE_VERDICTS) return 'over (no verdict in CI)';
    this.misses.push(what);
    return 'MISSED';
  }

  /** Prints the misses and exits 1 if there are any. */
  finish(allMet = 'Every target met.'): void {
    if (this.misses.length > 0) {
      console.log(`\nFAIL: ${this.misses.length} target${this.misses.length === 1 ? '' : 's'} missed:\n  ${this.misses.join('\n  ')}`);
      process.exit(1);
    }
    console.log(
      FIGURE_VERDICTS ? `\n${allMet}` : '\nCI: behaviour checked; times and memory printed without verdicts (npm run bench:… gives them).',
    );
  }
}
