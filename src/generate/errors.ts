/**
 * The policy cannot be generated for this target without becoming less safe (or the target name is
 * unknown). Carries a stable code, a plain sentence and a fix, like every user-facing corsair error.
 *
 * @example
 * try { generateConfig('netlify', { origins: ['https://a.example', 'https://b.example'] }); }
 * catch (e) { if (e instanceof GenerateError) console.error(e.code, e.message, e.fix); }
 */
export class GenerateError extends Error {
  override readonly name = 'GenerateError';
  readonly code: string;
  readonly fix: string;
  constructor(code: string, message: string, fix: string) {
    // One sentence each, as every corsair error prints them: "message. Fix: fix."
    super(/[.!?]$/.test(message) ? message : `${message}.`);
    this.code = code;
    this.fix = /[.!?]$/.test(fix) ? fix : `${fix}.`;
  }
}
