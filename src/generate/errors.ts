import { CorsairError, type CorsairErrorOptions } from '../errors.js';

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * The policy cannot be generated for this target without becoming less safe (or the target name is
 * unknown). Message and fix are made whole sentences, as every corsair error prints them.
 *
 * @example
 * try { generateConfig('netlify', { origins: ['https://a.example', 'https://b.example'] }); }
 * catch (e) { if (e instanceof GenerateError) console.error(e.code, e.message, e.fix); }
 */
export class GenerateError extends CorsairError {
  override readonly name = 'GenerateError';
  constructor(code: string, message: string, fix: string, options?: CorsairErrorOptions) {
    super(code, sentence(message), sentence(fix), options);
  }
}
